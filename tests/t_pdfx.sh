#!/bin/bash
# --pdfx x3|x4|x1a and --intent (issue 15): PDF/X for print shops, checked
# by structure with real tools (no free PDF/X validator is packaged).
source "$(dirname "$0")/lib.sh"
C=/work/shared/corpus/week-of-struggle.yaml
[ -r "$C" ] || C=$EX/week-of-action.yaml
export SOURCE_DATE_EPOCH=1621036800
qdf() { qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | tr -d '\0\r'; }
# content-stream operators that set RGB, and RGB colour spaces or images
rgb_left() { qdf "$1" | grep -a -cE '(^| )(rg|RG)$|/DeviceRGB|/CalRGB|/N 3$'; }
intent() { qpdf --json "$1" 2>/dev/null | python3 tests/tools/pdfx_intent.py; }
icc_space() { qpdf --show-object="$2" --filtered-stream-data "$1" 2>/dev/null | head -c 20 | tail -c 4; }
boxes_every_page() {
	local n
	n=$(pages "$1")
	[ "$(pdfinfo -box -f 1 -l "$n" "$1" | grep -c 'TrimBox:')" = "$n" ] &&
		[ "$(pdfinfo -box -f 1 -l "$n" "$1" | grep -c 'BleedBox:')" = "$n" ]
}
# the XMP packet parses as XML and holds pdfxid:GTS_PDFXVersion
xmp_version() {
	pdfinfo -meta "$1" | python3 -c '
import sys, xml.etree.ElementTree as E
t = E.fromstring(sys.stdin.read().split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
print(" ".join(e.text for e in t.iter() if e.tag == "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"))'
}

# ---- X-3, FOGRA39: the issue's acceptance list ----
expect_exit "x3 render" 0 $P render "$C" -l poster-a3 --pdfx x3 --intent fogra39 -o "$OUT/x3.pdf" --quiet
info=$(pdfinfo -box "$OUT/x3.pdf")
contains "pdfinfo: PDF/X-3 subtype" "$info" "PDF subtype:    PDF/X-3:2002"
contains "pdfinfo: TrimBox" "$info" "TrimBox:"
contains "pdfinfo: BleedBox" "$info" "BleedBox:"
boxes_every_page "$OUT/x3.pdf" && ok "x3: TrimBox and BleedBox on every page" || fail "x3 boxes" "$info"
check "x3: qpdf --check" qpdf --check "$OUT/x3.pdf"
IFS="|" read -r obj id s reg <<<"$(intent "$OUT/x3.pdf")"
[ "$id $s $reg" = "FOGRA39 /GTS_PDFX http://www.color.org" ] && ok "x3: OutputIntent FOGRA39, GTS_PDFX, registry" ||
	fail "x3 intent" "$obj $id $s $reg"
[ "$(icc_space "$OUT/x3.pdf" "$obj")" = CMYK ] && ok "x3: the output profile is CMYK" || fail "x3 profile" "$(icc_space "$OUT/x3.pdf" "$obj")"
[ "$(rgb_left "$OUT/x3.pdf")" = 0 ] && ok "x3: no RGB operator, colour space or image left" || fail "x3 rgb" "$(rgb_left "$OUT/x3.pdf")"
if pdffonts "$OUT/x3.pdf" | awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}'; then ok "x3: fonts embedded"; else fail "x3 fonts" "$(pdffonts "$OUT/x3.pdf")"; fi
contains "x3: Trapped False" "$(qdf "$OUT/x3.pdf")" "/Trapped /False"
contains "x3: no XMP (PDF 1.3 has none)" "$(pdfinfo "$OUT/x3.pdf")" "Metadata Stream: no"
contains "x3: text stays text" "$(pdftotext "$OUT/x3.pdf" - 2>/dev/null)" "Oranienplatz"
[ "$(pdfinfo "$OUT/x3.pdf" | awk '/^PDF version/ {print $3}')" = 1.3 ] && ok "x3: PDF 1.3 (transparency flattened)" || fail "x3 version" "$(pdfinfo "$OUT/x3.pdf" | grep version)"
$P render "$C" -l poster-a3 --pdfx x3 --intent fogra39 -o "$OUT/x3b.pdf" --quiet
cmp -s "$OUT/x3.pdf" "$OUT/x3b.pdf" && ok "x3: the same bytes twice (SOURCE_DATE_EPOCH)" || fail "x3 reproducible" "bytes differ"
contains "x3: the date is SOURCE_DATE_EPOCH" "$(pdfinfo "$OUT/x3.pdf")" "Sat May 15 00:00:00 2021"
qdf "$OUT/x3.pdf" | grep -aq '/Annots' && fail "x3 annotations" "left in" || ok "x3: no annotations (PDF/X)"
# ink: every page converted to CMYK, under the default limit of 300 %
inks=$(gs -q -o - -sDEVICE=inkcov "$OUT/x3.pdf" 2>/dev/null)
[ "$(echo "$inks" | grep -c 'CMYK OK')" = "$(pages "$OUT/x3.pdf")" ] && ok "x3: inkcov reads every page" || fail "x3 inkcov" "$inks"
# black text in black ink only
printf 'title: Black ink only\nsubtitle: Every word and the QR code in pure black\nbody: Small text too.\nurl: https://example.org/black\n' >"$OUT/black.yaml"
expect_exit "x3 black" 0 $P render "$OUT/black.yaml" -l poster-a3 --theme mono --pdfx x3 --intent fogra39 -o "$OUT/black.pdf" --quiet
read -r c m y k _ <<<"$(gs -q -o - -sDEVICE=inkcov "$OUT/black.pdf" 2>/dev/null)"
[ "$c $m $y" = "0.00000 0.00000 0.00000" ] && awk -v k="$k" 'BEGIN {exit !(k > 0.005)}' &&
	ok "x3: black text and QR in K only (inkcov)" || fail "x3 black ink" "C=$c M=$m Y=$y K=$k"
[ "$(qr_of_page "$OUT/black.pdf" 1)" = https://example.org/black ] && ok "x3: QR decodes" || fail "x3 QR" "no decode"

# an RGB picture is converted too: no RGB image left
pdftoppm -png -r 40 -f 1 -l 1 -singlefile "$OUT/x3.pdf" "$OUT/photo"
printf 'title: A poster with a photo\nurl: https://example.org/photo\nlogo: photo.png\n' >"$OUT/photo.yaml"
$P render "$OUT/photo.yaml" -l poster-a3 --pdfx x3 -o "$OUT/photo.pdf" --quiet
imgs=$(pdfimages -list "$OUT/photo.pdf" 2>/dev/null | awk 'NR > 2 {print $6}' | sort -u | tr '\n' ' ')
[ -n "$imgs" ] && [ "$imgs" = "cmyk " ] && ok "x3: the RGB picture is CMYK now" || fail "x3 images" "colour spaces: '$imgs'"
[ "$(rgb_left "$OUT/photo.pdf")" = 0 ] && ok "x3 photo: no RGB left" || fail "x3 photo rgb" "$(rgb_left "$OUT/photo.pdf")"

# ---- X-4 ----
expect_exit "x4 render" 0 $P render "$C" -l poster-a3 --pdfx x4 -o "$OUT/x4.pdf" --quiet
info=$(pdfinfo -box "$OUT/x4.pdf")
contains "x4: pdfinfo subtype" "$info" "PDF subtype:    PDF/X-4"
[ "$(xmp_version "$OUT/x4.pdf")" = PDF/X-4 ] && ok "x4: XMP parses as XML, pdfxid:GTS_PDFXVersion PDF/X-4" ||
	fail "x4 xmp" "$(pdfinfo -meta "$OUT/x4.pdf" | head -c 300)"
xmp=$(pdfinfo -meta "$OUT/x4.pdf")
contains "x4: XMP title" "$xmp" "<dc:title>"
contains "x4: XMP creator" "$xmp" "<xmp:CreatorTool>placard"
contains "x4: XMP date from SOURCE_DATE_EPOCH" "$xmp" "<xmp:CreateDate>2021-05-15T00:00:00Z"
contains "x4: GTS_PDFXVersion in the info dictionary" "$(qdf "$OUT/x4.pdf")" "/GTS_PDFXVersion (PDF/X-4)"
boxes_every_page "$OUT/x4.pdf" && ok "x4: TrimBox and BleedBox on every page" || fail "x4 boxes" "$info"
check "x4: qpdf --check" qpdf --check "$OUT/x4.pdf"
IFS="|" read -r obj id s reg <<<"$(intent "$OUT/x4.pdf")"
[ "$id" = FOGRA39 ] && ok "x4: A3 defaults to FOGRA39" || fail "x4 default intent" "$id"
[ "$(icc_space "$OUT/x4.pdf" "$obj")" = CMYK ] && ok "x4: output profile CMYK" || fail "x4 profile" "$obj"
[ "$(rgb_left "$OUT/x4.pdf")" = 0 ] && ok "x4: no RGB left" || fail "x4 rgb" "$(rgb_left "$OUT/x4.pdf")"
[ "$(pdfinfo "$OUT/x4.pdf" | awk '/^PDF version/ {print $3}')" = 1.6 ] && ok "x4: PDF 1.6" || fail "x4 version" "$(pdfinfo "$OUT/x4.pdf" | grep version)"
qdf "$OUT/x4.pdf" | grep -aq '/ID \[' && ok "x4: document ID" || fail "x4 ID" "none"
$P render "$C" -l poster-a3 --pdfx x4 -o "$OUT/x4b.pdf" --quiet
cmp -s "$OUT/x4.pdf" "$OUT/x4b.pdf" && ok "x4: the same bytes twice" || fail "x4 reproducible" "bytes differ"
# US paper defaults to GRACoL; the other intents by name
expect_exit "x4 tabloid" 0 $P render "$OUT/black.yaml" -l poster-tabloid --pdfx x4 -o "$OUT/tabloid.pdf" --quiet
IFS="|" read -r obj id _ <<<"$(intent "$OUT/tabloid.pdf")"
[ "$id" = "CGATS TR 006" ] && ok "x4: tabloid defaults to GRACoL (CGATS TR 006)" || fail "us intent" "$id"
expect_exit "x4 swop" 0 $P render "$OUT/black.yaml" --pdfx x4 --intent swop -o "$OUT/swop.pdf" --quiet
IFS="|" read -r obj id _ <<<"$(intent "$OUT/swop.pdf")"
[ "$id" = "CGATS TR 001" ] && [ "$(icc_space "$OUT/swop.pdf" "$obj")" = CMYK ] && ok "swop: CGATS TR 001, CMYK" || fail "swop" "$id"
# the colours really go through the asked profile
c39=$(qdf "$OUT/x4.pdf" | grep -a -m1 -E ' k$')
expect_exit "x4 swop poster" 0 $P render "$C" -l poster-a3 --pdfx x4 --intent swop -o "$OUT/x4swop.pdf" --quiet
csw=$(qdf "$OUT/x4swop.pdf" | grep -a -m1 -E ' k$')
[ -n "$c39" ] && [ "$c39" != "$csw" ] && ok "FOGRA39 and SWOP give different CMYK ($c39 / $csw)" || fail "profiles" "'$c39' '$csw'"

# ---- X-1a ----
expect_exit "x1a render" 0 $P render "$C" -l poster-a3 --pdfx x1a -o "$OUT/x1a.pdf" --quiet
contains "x1a: subtype" "$(pdfinfo "$OUT/x1a.pdf")" "PDF/X-1:2001"
contains "x1a: conformance" "$(qdf "$OUT/x1a.pdf")" "/GTS_PDFXConformance (PDF/X-1a:2001)"
qdf "$OUT/x1a.pdf" | grep -aq '/ICCBased' && fail "x1a icc" "ICC-based colour left" || ok "x1a: no ICC-based colours"
check "x1a: qpdf --check" qpdf --check "$OUT/x1a.pdf"

# ---- errors ----
expect_exit "bad --pdfx" 2 $P render "$C" --pdfx x5 -o "$OUT/bad.pdf"
contains "bad --pdfx says the choices" "$ERR" "x4, x3 or x1a"
expect_exit "bad --intent" 2 $P render "$C" --pdfx x4 --intent iso -o "$OUT/bad.pdf"
expect_exit "--intent alone" 2 $P render "$C" --intent fogra39 -o "$OUT/bad.pdf"
expect_exit "pdfx png refused" 2 $P render "$C" --pdfx x4 -o "$OUT/bad.png"
# a data folder without the built profiles: exit 3 naming the packages
dd="$OUT/datadir"
mkdir -p "$dd/assets"
ln -s "$PWD/layouts" "$dd/layouts"
for a in assets/*; do [ "$a" = assets/profiles ] || ln -s "$PWD/$a" "$dd/$a"; done
expect_exit "missing FOGRA39 profile" 3 env PLACARD_DATADIR="$dd" HOME="$OUT" XDG_CONFIG_HOME= $P render "$C" -l poster-a3 --pdfx x4 -o "$OUT/noprof.pdf"
contains "names icc-profiles-free" "$ERR" "icc-profiles-free"
contains "names argyll" "$ERR" "argyll"
[ ! -e "$OUT/noprof.pdf" ] && ok "nothing written without the profile" || fail "noprof" "file written"
expect_exit "fogra51 not packaged" 3 env HOME="$OUT" XDG_CONFIG_HOME= $P render "$C" -l poster-a3 --pdfx x4 --intent fogra51 -o "$OUT/f51.pdf"
contains "fogra51 says where to put one" "$ERR" "FOGRA51.icc"
# the user's own profile is used
mkdir -p "$OUT/cfg/placard/profiles"
cp assets/profiles/FOGRA39.icc "$OUT/cfg/placard/profiles/FOGRA51.icc"
expect_exit "own FOGRA51 profile" 0 env XDG_CONFIG_HOME="$PWD/$OUT/cfg" $P render "$OUT/black.yaml" --pdfx x4 --intent fogra51 -o "$OUT/f51.pdf" --quiet
IFS="|" read -r obj id _ <<<"$(intent "$OUT/f51.pdf")"
[ "$id" = FOGRA51 ] && ok "fogra51 from the user's folder" || fail "fogra51" "$id"
expect_exit "without Ghostscript" 3 env PATH=/nonexistent $P render "$C" --pdfx x3 -o "$OUT/nogs.pdf"
contains "names ghostscript" "$ERR" "ghostscript"

# ---- the print shop's checks (ink, small text, thin lines) ----
# the corpus poster: the highest ink coverage, measured by Ghostscript's
# tiff32nc at 72 dpi, is under 300 % (and placard found nothing: exit 0 above)
tac_of() { gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=tiff32nc -r72 -dFirstPage=1 -dLastPage=1 -o "$OUT/tac.tif" "$1" 2>/dev/null && python3 tests/tools/tac.py "$OUT/tac.tif"; }
t=$(tac_of "$OUT/x3.pdf")
[ -n "$t" ] && [ "$t" -le 300 ] && ok "x3: highest ink coverage $t % is under 300 %" || fail "x3 tac" "'$t'"
# a rich-black field (#010101 goes to four inks, about 318 % through
# FOGRA39), a 0.1 pt line and 9 pt text in a near-black
cat >"$OUT/ink.yaml" <<'YAML'
name: ink-test
kind: flyer
size: 100mm x 100mm
bleed: 3mm
safe: 5mm
background: "#ffffff"
blocks:
  - type: rect
    box: [0, 0, 100%, 50%]
    fill: "#010101"
    bleed: true
  - type: line
    box: [10mm, 70mm, 80mm, 0]
    stroke: "#000000"
    stroke_width: 0.1pt
  - type: text
    text: "{title}"
    box: [10mm, 75mm, 80mm, 15mm]
    size: [9, 8]
    color: "#1a1a1a"
YAML
printf 'title: Ink test\nurl: https://example.org/ink\n' >"$OUT/ink-data.yaml"
expect_exit "rich black: written with findings" 1 $P render "$OUT/ink-data.yaml" -l "$OUT/ink.yaml" --pdfx x4 -o "$OUT/ink.pdf"
contains "ink over the limit found" "$ERR" "over the print shop's limit of 300 %"
contains "ink finding says what to do" "$ERR" "pure black #000000"
contains "thin line found" "$ERR" "0.1 pt thin"
contains "thin line finding says what to do" "$ERR" "stroke_width at least 0.25pt"
contains "near-black small text found" "$ERR" "9.0 pt in #1a1a1a"
t=$(tac_of "$OUT/ink.pdf")
[ -n "$t" ] && [ "$t" -gt 300 ] && ok "Ghostscript agrees: $t % > 300 %" || fail "rich black tac" "'$t'"
# a 400 % field: colours written as inks, cmyk(C, M, Y, K), reach the
# press unchanged (Ghostscript keeps DeviceCMYK), so a "registration black"
# of 100 % of every ink is found
sed 's/fill: "#010101"/fill: "cmyk(100, 100, 100, 100)"/' "$OUT/ink.yaml" >"$OUT/ink400.yaml"
expect_exit "400 % field: written with findings" 1 $P render "$OUT/ink-data.yaml" -l "$OUT/ink400.yaml" --pdfx x4 -o "$OUT/ink400.pdf"
contains "400 % found" "$ERR" "the inks add up to 400 %"
contains "0.1 pt line found next to it" "$ERR" "0.1 pt thin"
t=$(tac_of "$OUT/ink400.pdf")
[ "$t" = 400 ] && ok "Ghostscript agrees: 400 %" || fail "400 tac" "'$t'"
contains "the field is 100 % of every ink" "$(qdf "$OUT/ink400.pdf")" "1 1 1 1 k"
expect_exit "400 % --strict" 1 $P render "$OUT/ink-data.yaml" -l "$OUT/ink400.yaml" --pdfx x4 --strict -o "$OUT/ink400-strict.pdf"
[ ! -e "$OUT/ink400-strict.pdf" ] && ok "400 % --strict: nothing written" || fail "400 strict" "file written"
# cmyk() in a theme: exact inks with --cmyk and --pdfx, a likeness in RGB
sed -e 's/^name: mono/name: inks/' -e 's/  primary: "#ffffff"/  primary: "cmyk(0, 100, 100, 0)"/' -e 's/  on-primary: "#000000"/  on-primary: "#ffffff"/' assets/themes/mono.yaml >"$OUT/inks.yaml"
expect_exit "theme in inks, --cmyk" 0 $P render "$OUT/black.yaml" -l poster-a3 --theme "$OUT/inks.yaml" --cmyk -o "$OUT/inks-cmyk.pdf" --quiet
contains "theme cmyk(0,100,100,0) is 0 1 1 0 k" "$(qdf "$OUT/inks-cmyk.pdf")" "0 1 1 0 k"
expect_exit "theme in inks, RGB" 0 $P render "$OUT/black.yaml" -l poster-a3 --theme "$OUT/inks.yaml" -o "$OUT/inks-rgb.pdf" --quiet
contains "RGB likeness of cmyk(0,100,100,0): red" "$(qdf "$OUT/inks-rgb.pdf")" "1 0 0 rg"
sed 's/  ink: "#000000"/  ink: "cmyk(0, 100, 100)"/' assets/themes/mono.yaml >"$OUT/badinks.yaml"
expect_exit "bad cmyk() colour" 2 $P render "$OUT/black.yaml" --theme "$OUT/badinks.yaml" -o "$OUT/bad.pdf"
contains "bad cmyk(): how to write it" "$ERR" "cmyk(60, 40, 40, 100)"
expect_exit "rich black --strict" 1 $P render "$OUT/ink-data.yaml" -l "$OUT/ink.yaml" --pdfx x4 --strict -o "$OUT/ink-strict.pdf"
[ ! -e "$OUT/ink-strict.pdf" ] && ok "--strict: nothing written" || fail "strict" "file written"
expect_exit "check --pdfx finds them too" 1 $P check "$OUT/ink-data.yaml" -l "$OUT/ink.yaml" --pdfx x3
contains "check: ink" "$ERR" "inks add up to"
contains "check: line" "$ERR" "0.1 pt thin"
expect_exit "--ink-limit 350 (warnings only)" 0 $P render "$OUT/ink-data.yaml" -l "$OUT/ink.yaml" --pdfx x4 --ink-limit 350 -o "$OUT/ink350.pdf"
case "$ERR" in *"inks add up"*) fail "ink-limit 350" "still reported" ;; *) ok "--ink-limit 350: no ink finding" ;; esac
# transparency: X-4 keeps it (and the text), X-3 flattens it and says so
printf '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="#b5121b"/><circle cx="100" cy="30" r="25" fill="#0b6e3a" fill-opacity="0.5"/></svg>\n' >"$OUT/alpha.svg"
printf 'title: A see-through logo\nurl: https://example.org/alpha\nlogo: alpha.svg\n' >"$OUT/alpha.yaml"
expect_exit "x4 with transparency" 0 $P render "$OUT/alpha.yaml" -l poster-a3 --pdfx x4 -o "$OUT/alpha4.pdf" --quiet
qdf "$OUT/alpha4.pdf" | grep -aqE '/ca 0\.|/CA 0\.|/SMask [0-9]' && ok "x4: transparency kept" || fail "x4 transparency" "none left"
contains "x4: text stays text" "$(pdftotext "$OUT/alpha4.pdf" - 2>/dev/null)" "example.org/alpha"
expect_exit "x3 with transparency (a warning)" 0 $P render "$OUT/alpha.yaml" -l poster-a3 --pdfx x3 -o "$OUT/alpha3.pdf"
contains "x3: says the page was flattened" "$ERR" "flattened the page into a 720 dpi picture"
contains "x3: says what to do" "$ERR" "Use --pdfx x4"
qdf "$OUT/alpha3.pdf" | grep -aqE '/ca 0\.|/CA 0\.|/SMask [0-9]|/S /Transparency' && fail "x3 flattened" "transparency left" || ok "x3: no transparency left"
expect_exit "bad --ink-limit" 2 $P render "$OUT/ink-data.yaml" --pdfx x4 --ink-limit 20 -o "$OUT/bad.pdf"
expect_exit "--ink-limit without --pdfx" 2 $P render "$OUT/ink-data.yaml" --ink-limit 300 -o "$OUT/bad.pdf"
ls "${TMPDIR:-/tmp}" | grep -q '^placard-[A-Za-z0-9]\{6\}$' && fail "temporary folder" "left behind" || ok "no temporary folder left"
echo done
