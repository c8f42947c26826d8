#!/bin/bash
# Print-shop output and preflight (issue 4), checked with tools nobody here
# wrote: pdfinfo -box (TrimBox, BleedBox), pdftoppm rasters read pixel by
# pixel (crop marks, blank paper beyond the bleed), qpdf, Ghostscript's
# inkcov device and the colour operators in the content streams (CMYK, black
# ink only), zbarimg, pdftotext, pdffonts, pdfimages; then `placard check`
# on one bad fixture per preflight finding and on the clean samples.
source "$(dirname "$0")/lib.sh"

# Box of page 1 in mm: "x0 y0 x1 y1" (KEY is TrimBox, BleedBox, MediaBox).
box_mm() {
	pdfinfo -box -f 1 -l 1 "$1" | awk -v k="$2:" '$3 == k {printf "%.2f %.2f %.2f %.2f\n", $4/72*25.4, $5/72*25.4, $6/72*25.4, $7/72*25.4}'
}
# Grey levels "min max" of an area of page 1 (mm from the top-left corner of
# the media) in a 600 dpi raster.
area() {
	local pdf=$1 r=600 x y w h
	x=$(awk -v v="$2" -v r=$r 'BEGIN {printf "%d", v / 25.4 * r}')
	y=$(awk -v v="$3" -v r=$r 'BEGIN {printf "%d", v / 25.4 * r}')
	w=$(awk -v v="$4" -v r=$r 'BEGIN {printf "%d", v / 25.4 * r}')
	h=$(awk -v v="$5" -v r=$r 'BEGIN {printf "%d", v / 25.4 * r}')
	pdftoppm -gray -r $r -f 1 -l 1 -x "$x" -y "$y" -W "$w" -H "$h" -singlefile "$pdf" "$OUT/area" 2>/dev/null
	tail -c $((w * h)) "$OUT/area.pgm" | od -An -tu1 -v |
		awk '{for (i = 1; i <= NF; i++) {if (min == "" || $i < min) min = $i; if ($i > max) max = $i}} END {print min, max}'
}
# near A B: two numbers within 0.05
near() { awk -v a="$1" -v b="$2" 'BEGIN {d = a - b; exit !(d < 0.05 && d > -0.05)}'; }
# How many content-stream operators set an RGB colour ("r g b rg" or "RG").
rgb_ops() {
	qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | tr -d '\0' |
		grep -a -o -E '(^|[[:space:]])[-0-9.]+ [-0-9.]+ [-0-9.]+ (rg|RG)([[:space:]]|$)' | wc -l
}

# ---- --print: boxes, bleed, crop marks ----
F=$EX/week-of-action.yaml
expect_exit "print flyer" 0 $P render $F -l flyer-a5 --print -o "$OUT/print.pdf" --quiet
read -r tx0 ty0 tx1 ty1 <<<"$(box_mm "$OUT/print.pdf" TrimBox)"
read -r bx0 by0 bx1 by1 <<<"$(box_mm "$OUT/print.pdf" BleedBox)"
near "$(awk -v a="$tx0" -v b="$tx1" 'BEGIN {print b - a}')" 148 && near "$(awk -v a="$ty0" -v b="$ty1" 'BEGIN {print b - a}')" 210 &&
	ok "TrimBox is 148 x 210 mm" || fail "TrimBox" "$tx0 $ty0 $tx1 $ty1"
near "$(awk -v a="$tx0" -v b="$bx0" 'BEGIN {print a - b}')" 3 && near "$(awk -v a="$ty0" -v b="$by0" 'BEGIN {print a - b}')" 3 &&
	near "$(awk -v a="$bx1" -v b="$tx1" 'BEGIN {print a - b}')" 3 && near "$(awk -v a="$by1" -v b="$ty1" 'BEGIN {print a - b}')" 3 &&
	ok "BleedBox 3 mm larger on each side" || fail "BleedBox" "trim $tx0 $ty0 $tx1 $ty1, bleed $bx0 $by0 $bx1 $by1"
[ "$(page_mm "$OUT/print.pdf")" = "168x230" ] && ok "media holds bleed and marks" || fail "media" "$(page_mm "$OUT/print.pdf")"
check "print: qpdf --check" qpdf --check "$OUT/print.pdf"
for b in 5 0.125in; do
	expect_exit "--bleed $b" 0 $P render $F -l flyer-a5 --print --bleed $b -o "$OUT/bleed.pdf" --quiet
	read -r tx0 ty0 tx1 ty1 <<<"$(box_mm "$OUT/bleed.pdf" TrimBox)"
	read -r bx0 by0 bx1 by1 <<<"$(box_mm "$OUT/bleed.pdf" BleedBox)"
	want=$([ $b = 5 ] && echo 5 || echo 3.175)
	near "$(awk -v a="$tx0" -v b="$bx0" 'BEGIN {print a - b}')" $want && near "$(awk -v a="$by1" -v b="$ty1" 'BEGIN {print a - b}')" $want &&
		near "$(awk -v a="$tx0" -v b="$tx1" 'BEGIN {print b - a}')" 148 &&
		ok "--bleed $b: BleedBox $want mm larger, trim unchanged" || fail "--bleed $b" "trim $tx0 $ty0 $tx1 $ty1, bleed $bx0 $by0 $bx1 $by1"
done
# Raster of the media (3 mm bleed: trim at 10 mm, BleedBox at 7 mm from the
# edge; marks run from the edge to 5 mm, on the trim lines).
read -r lo hi <<<"$(area "$OUT/print.pdf" 0.3 9.7 4.4 0.6)"
[ "$lo" -lt 128 ] && ok "horizontal crop mark is visible" || fail "crop mark" "grey $lo..$hi"
read -r lo hi <<<"$(area "$OUT/print.pdf" 9.7 0.3 0.6 4.4)"
[ "$lo" -lt 128 ] && ok "vertical crop mark is visible" || fail "crop mark v" "grey $lo..$hi"
read -r lo hi <<<"$(area "$OUT/print.pdf" 5.4 9.5 1.4 1)"
[ "$lo" = 255 ] && ok "gap between mark and BleedBox is blank" || fail "mark gap" "grey $lo..$hi"
read -r lo hi <<<"$(area "$OUT/print.pdf" 20 0.5 120 6)"
[ "$lo" = 255 ] && ok "nothing printed beyond the BleedBox" || fail "beyond bleed" "grey $lo..$hi"
read -r lo hi <<<"$(area "$OUT/print.pdf" 7.3 20 2.4 40)"
[ "$hi" -lt 200 ] && ok "colour field runs into the bleed" || fail "bleed fill" "grey $lo..$hi"
read -r lo hi <<<"$(area "$OUT/print.pdf" 161.3 20 6 40)"
[ "$lo" = 255 ] && ok "right edge beyond the BleedBox is blank" || fail "beyond bleed right" "grey $lo..$hi"

# ---- --cmyk ----
expect_exit "cmyk render" 0 $P render $F -l flyer-a5 --print --cmyk -o "$OUT/cmyk.pdf" --quiet
check "cmyk: qpdf --check" qpdf --check "$OUT/cmyk.pdf"
[ "$(rgb_ops "$OUT/print.pdf")" -gt 0 ] && ok "RGB file has RGB colour operators" || fail "rgb ops" "none in the RGB file"
[ "$(rgb_ops "$OUT/cmyk.pdf")" = 0 ] && ok "no RGB colour operator left" || fail "cmyk rgb ops" "$(rgb_ops "$OUT/cmyk.pdf")"
qdf=$(qpdf --qdf --object-streams=disable "$OUT/cmyk.pdf" - 2>/dev/null | tr -d '\0\r')
case "$qdf" in *DeviceRGB* | *CalRGB*) fail "no RGB colour space" "found one" ;; *) ok "no RGB colour space" ;; esac
contains "output intent" "$qdf" "/S /GTS_PDFX"
contains "output intent profile" "$qdf" "/DestOutputProfile"
inks=$(gs -q -o - -sDEVICE=inkcov "$OUT/cmyk.pdf" 2>/dev/null)
[ "$(echo "$inks" | grep -c 'CMYK OK')" = 4 ] && ok "Ghostscript separates 4 pages into CMYK" || fail "inkcov" "$inks"
read -r tx0 ty0 tx1 ty1 <<<"$(box_mm "$OUT/cmyk.pdf" TrimBox)"
near "$(awk -v a="$tx0" -v b="$tx1" 'BEGIN {print b - a}')" 148 && ok "cmyk keeps the TrimBox" || fail "cmyk TrimBox" "$tx0 $tx1"
box_mm "$OUT/cmyk.pdf" BleedBox | grep -q . && ok "cmyk keeps the BleedBox" || fail "cmyk BleedBox" "none"
urls=(https://example.org/events/berlin https://example.org/events/beirut https://example.org/events/london https://example.org/events/athens)
for i in 1 2 3 4; do
	got=$(qr_of_page "$OUT/cmyk.pdf" $i)
	[ "$got" = "${urls[i - 1]}" ] && ok "cmyk page $i QR decodes" || fail "cmyk QR $i" "'$got'"
done
contains "cmyk text is text" "$(pdftotext "$OUT/cmyk.pdf" - 2>/dev/null)" "Demonstration für bezahlbares Wohnen"
if pdffonts "$OUT/cmyk.pdf" | awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}'; then ok "cmyk fonts embedded"; else fail "cmyk fonts" "$(pdffonts "$OUT/cmyk.pdf")"; fi
contains "cmyk title" "$(pdfinfo "$OUT/cmyk.pdf")" "Mieten runter"
contains "cmyk producer is placard" "$(pdfinfo "$OUT/cmyk.pdf" | grep Producer)" "placard"
# Pure black text and QR on white: black ink only (C = M = Y = 0).
printf 'title: Black ink only\nsubtitle: Every word and the QR code in pure black\nbody: Text drawn in black prints with the black plate alone.\nurl: https://example.org/black\n' >"$OUT/black.yaml"
expect_exit "black cmyk" 0 $P render "$OUT/black.yaml" --theme mono --cmyk -o "$OUT/black.pdf" --quiet
read -r c m y k _ <<<"$(gs -q -o - -sDEVICE=inkcov "$OUT/black.pdf" 2>/dev/null)"
[ "$c $m $y" = "0.00000 0.00000 0.00000" ] && awk -v k="$k" 'BEGIN {exit !(k > 0.01)}' &&
	ok "black text and QR use the K channel only" || fail "black ink" "C=$c M=$m Y=$y K=$k"
[ "$(qr_of_page "$OUT/black.pdf" 1)" = https://example.org/black ] && ok "black cmyk QR decodes" || fail "black QR" "no decode"
# An RGB picture is converted too.
pdftoppm -png -scale-to-x 198 -scale-to-y 62 -singlefile "$OUT/print.pdf" "$OUT/logo72"
printf 'title: A poster with a small logo\nurl: https://example.org/poster\nlogo: logo72.png\n' >"$OUT/logo.yaml"
# (exit 1: written, with the low-resolution finding checked below)
expect_exit "cmyk poster with a PNG" 1 $P render "$OUT/logo.yaml" -l poster-a3 --cmyk -o "$OUT/logo-cmyk.pdf" --quiet
imgs=$(pdfimages -list "$OUT/logo-cmyk.pdf" 2>/dev/null | awk 'NR > 2 {print $6}' | sort -u | tr '\n' ' ')
[ -n "$imgs" ] && [ "$imgs" = "cmyk " ] && ok "images converted to CMYK" || fail "cmyk images" "colour spaces: '$imgs'"
# Reproducible and private.
$P render $F -l flyer-a5 --print --cmyk -o "$OUT/cmyk2.pdf" --quiet
cmp -s "$OUT/cmyk.pdf" "$OUT/cmyk2.pdf" && ok "two --print --cmyk renders are byte-identical" || fail "cmyk reproducible" "bytes differ"
$P render $F -l flyer-a5 --print -o "$OUT/print2.pdf" --quiet
cmp -s "$OUT/print.pdf" "$OUT/print2.pdf" && ok "two --print renders are byte-identical" || fail "print reproducible" "bytes differ"
# Names are looked for in every object and string (qpdf --json: streams'
# binary data left out, where two letters of a host name can occur by
# chance); paths and the converter's name in the content streams too.
leak=""
objs=$(qpdf --json "$OUT/cmyk.pdf" 2>/dev/null)
for s in "$(id -un)" "$(hostname)" "$PWD" "${TMPDIR:-/tmp}/placard-" "Ghostscript" "GPL"; do
	echo "$objs" | grep -q -- "$s" && leak="$leak $s"
done
for s in "$PWD" "${TMPDIR:-/tmp}/placard-" "Ghostscript"; do
	echo "$qdf" | grep -aq -- "$s" && leak="$leak $s"
done
[ -z "$leak" ] && ok "no user, host, path or converter in the CMYK PDF" || fail "cmyk privacy" "found:$leak"
ls "${TMPDIR:-/tmp}" | grep -q '^placard-[A-Za-z0-9]\{6\}$' && fail "temporary folder" "left behind" || ok "no temporary folder left"
# Errors: no Ghostscript, or a format CMYK does not apply to.
expect_exit "cmyk without Ghostscript" 3 env PATH=/nonexistent $P render $F --cmyk -o "$OUT/nogs.pdf"
contains "names the package" "$ERR" "ghostscript"
[ ! -e "$OUT/nogs.pdf" ] && ok "no file without Ghostscript" || fail "nogs" "file written"
expect_exit "cmyk png refused" 2 $P render $F --cmyk -o "$OUT/c.png"
contains "cmyk png message" "$ERR" "PDF files only"

# ---- preflight: one fixture per finding, each exit 1 in check ----
C=tests/cases
expect_exit "tiny QR" 1 $P check $C/preflight-qr-small.yaml -l $C/preflight-qr-tiny.layout.yaml
contains "tiny QR: module size" "$ERR" "field 'url': the QR code's modules are 0.1"
contains "tiny QR: names the file and line" "$ERR" "preflight-qr-small.yaml:4"
expect_exit "covered QR" 1 $P check $C/preflight-clean.yaml -l $C/preflight-covered.layout.yaml
contains "covered QR does not scan" "$ERR" "the QR code does not scan"
expect_exit "low dpi logo" 1 $P check "$OUT/logo.yaml" -l poster-a3
contains "low dpi logo: dpi" "$ERR" "field 'logo': the image 'logo72.png' prints at only 72 dpi"
contains "low dpi logo: what to do" "$ERR" "pixels wide"
expect_exit "grey on dark" 1 $P check $C/preflight-contrast.yaml
contains "grey on dark: contrast" "$ERR" "field 'venue': the text \"Town hall, Leeds\" (#6e6e6e on #2b2b2b) has a contrast of only 2.8:1"
expect_exit "text in the safe margin" 1 $P check $C/preflight-clean.yaml -l $C/preflight-margin.layout.yaml
contains "safe margin" "$ERR" "field 'title': the text \"Open assembly\" comes within"
contains "safe margin: layout line" "$ERR" "preflight-margin.layout.yaml (line"
expect_exit "bad URL scheme" 1 $P check $C/preflight-url.yaml
contains "bad URL scheme: record and field" "$ERR" "record 2, field 'url'"
# The same findings as JSON, with their severity.
json=$($P check $C/preflight-contrast.yaml --json 2>/dev/null)
contains "json finding" "$json" '"severity": "warning", "file": "tests/cases/preflight-contrast.yaml", "line": 4'
contains "json field" "$json" '"field": "venue"'
# During render: warnings (exit 0, file written) unless --strict.
expect_exit "render with a warning" 0 $P render $C/preflight-clean.yaml -l $C/preflight-margin.layout.yaml -o "$OUT/warn.pdf"
contains "render prints the warning" "$ERR" "warning:"
[ -f "$OUT/warn.pdf" ] && ok "file written despite a warning" || fail "warn file" "missing"
expect_exit "--strict fails on a warning" 1 $P render $C/preflight-clean.yaml -l $C/preflight-margin.layout.yaml --strict -o "$OUT/strict.pdf"
[ ! -e "$OUT/strict.pdf" ] && ok "--strict writes nothing" || fail "strict" "file written"
expect_exit "render with a QR error" 1 $P render $C/preflight-qr-small.yaml -l $C/preflight-qr-tiny.layout.yaml -o "$OUT/tiny.pdf"
# Clean samples: no finding on any built-in layout.
for l in flyer-a5 flyer-a6 flyer-letter-half poster-a3 poster-a2 poster-tabloid; do
	expect_exit "clean $l" 0 $P check $F -l $l
	contains "clean $l: no finding" "$ERR" "0 findings"
done
for l in sticker-round-60 sticker-square-50 sticker-rect-90x50; do
	expect_exit "clean $l" 0 $P check $EX/stickers.csv -l $l
done
echo done
