#!/bin/bash
# Banners (issue 14): banner-200x100 (2 m x 1 m) and banner-300x90. Checked
# from the PDF and rasters: the boxes (the 40 mm hem allowance is the bleed
# with --print), the grommet marks at the corners and evenly between them at
# most 50 cm apart, 25 mm in from the trim, on the spot colour Grommets (both
# when the PDF is streamed and when it goes through the qpdf pass), the QR
# code read from a 10 dpi raster, the title's capitals at least 100 mm tall,
# image resolution judged for the viewing distance, --tile still working.
. "$(dirname "$0")/lib.sh"
D=$EX/week-of-action.yaml
pt2mm() { awk -v p="$1" 'BEGIN { printf "%.1f", p * 25.4 / 72 }'; }
# box NAME PDF: "x0 y0 x1 y1" of page 1's box in points
box() { pdfinfo -box "$2" | awk -v b="$1Box:" '$1 == b {print $2, $3, $4, $5; exit}'; }
boxmm() { box "$1" "$2" | awk '{ printf "%.0fx%.0f", ($3 - $1) * 25.4 / 72, ($4 - $2) * 25.4 / 72 }'; }
spots() { gs -q -dNODISPLAY -dNOSAFER -dPDFINFO "$1" 2>&1 | awk '/Spot colors/ {s = 1; next} s && /^ +'"'"'/ {print} /^$/ {s = 0}'; }
# grommet centres of page 1 in mm from the trim's top-left: the vertical
# stroke of each mark's cross is "x y0 m x y1 l" in the marks' y-down space
grommets() {
	local x0
	x0=$(box Trim "$1" | cut -d' ' -f1)
	qpdf --qdf --object-streams=disable --pages "$1" 1 -- "$1" - 2>/dev/null | tr -d '\000' |
		awk -v o="$x0" '/PlGrommet CS/ {g = 1} g && NF == 6 && $3 == "m" && $6 == "l" && $1 == $4 {
			printf "%.1f %.1f\n", ($1 - o) * 25.4 / 72, (($2 + $5) / 2 - o) * 25.4 / 72 } /^Q$/ {g = 0}' | sort -n -k1,1 -k2,2
}
# where they belong: corners 25 mm in, evenly between, at most 500 mm apart
expected() { # W H (mm)
	awk -v W="$1" -v H="$2" 'function n(l) { s = l - 50; k = int(s / 500); if (k * 500 < s - 1e-6) k++; return k }
	BEGIN { nx = n(W); ny = n(H)
		for (i = 0; i <= nx; i++) { x = 25 + (W - 50) * i / nx; printf "%.1f %.1f\n%.1f %.1f\n", x, 25, x, H - 25 }
		for (j = 1; j < ny; j++) { y = 25 + (H - 50) * j / ny; printf "%.1f %.1f\n%.1f %.1f\n", 25, y, W - 25, y } }' | sort -n -k1,1 -k2,2
}

for spec in banner-200x100:2000:1000 banner-300x90:3000:900; do
	IFS=: read -r l W H <<<"$spec"
	expect_exit "$l: render" 0 $P render $D -l $l -o "$OUT/$l.pdf"
	case $ERR in *error:* | *warning:*) fail "$l: no findings" "$ERR" ;; *) ok "$l: no findings" ;; esac
	[ "$(page_mm "$OUT/$l.pdf")" = "${W}x$H" ] && ok "$l: ${W} x $H mm" || fail "$l: size" "$(page_mm "$OUT/$l.pdf")"
	[ -z "$(spots "$OUT/$l.pdf")" ] && ok "$l: no grommet marks without --print" || fail "$l: marks" "$(spots "$OUT/$l.pdf")"
	# --print, streamed (one PDF) and through the qpdf pass (a pattern)
	expect_exit "$l --print: render" 0 $P render $D -l $l --print -o "$OUT/$l-print.pdf"
	mkdir -p "$OUT/$l-each"
	expect_exit "$l --print, one file per event: render" 0 $P render $D -l $l --print -o "$OUT/$l-each/{city}.pdf"
	for pdf in "$OUT/$l-print.pdf" "$OUT/$l-each/Berlin.pdf"; do
		w=$(basename "$pdf")
		[ "$(boxmm Trim "$pdf")" = "${W}x$H" ] && ok "$l $w: TrimBox ${W} x $H mm" || fail "$l $w: TrimBox" "$(boxmm Trim "$pdf")"
		[ "$(boxmm Bleed "$pdf")" = "$((W + 80))x$((H + 80))" ] && ok "$l $w: BleedBox with the 40 mm hem allowance" ||
			fail "$l $w: BleedBox" "$(boxmm Bleed "$pdf")"
		contains "$l $w: a Grommets spot colour" "$(spots "$pdf")" "'Grommets'"
		got=$(grommets "$pdf")
		want=$(expected "$W" "$H")
		[ -n "$got" ] && [ "$got" = "$want" ] && ok "$l $w: $(echo "$got" | wc -l) grommet marks where they belong" ||
			fail "$l $w: grommet positions" "got: $(echo $got) wanted: $(echo $want)"
		qpdf --check "$pdf" >/dev/null 2>&1 && ok "$l $w: qpdf --check" || fail "$l $w: qpdf --check" "$(qpdf --check "$pdf" 2>&1 | tail -2)"
	done
	# the code as seen from across the street: a 10 dpi raster
	pdftoppm -r 10 -gray -f 1 -l 1 -singlefile -png "$OUT/$l.pdf" "$OUT/$l-10dpi"
	q=$(zbarimg --quiet --raw "$OUT/$l-10dpi.png" 2>/dev/null)
	[ "$q" = https://example.org/events/berlin ] && ok "$l: the QR code decodes from 10 dpi" || fail "$l: QR at 10 dpi" "'$q'"
	# the title's capitals: the ink of the 'M' of "Mieten", black on white (mono)
	$P render $D -l $l --theme mono -o "$OUT/$l-mono.pdf" --quiet
	pdftoppm -r 20 -f 1 -l 1 -singlefile -png "$OUT/$l-mono.pdf" "$OUT/$l-mono"
	read -r x0 y0 x1 y1 < <(pdftotext -bbox -f 1 -l 1 "$OUT/$l-mono.pdf" - |
		sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">Mieten<.*/\1 \2 \3 \4/p' | head -n1)
	t=$(pngtool_build)
	if [ -n "${y1:-}" ] && [ -n "$t" ]; then
		ink=$("$t" bbox "$OUT/$l-mono.png" $(awk -v a="$x0" -v b="$y0" -v c="$x1" -v d="$y1" 'BEGIN {
			s = 20 / 72; printf "%d %d %d %d", a * s, b * s, (c - a) * s * 0.12, (d - b) * s }'))
		cap=$(echo "$ink" | awk '{ printf "%.0f", ($4 - $2 + 1) * 25.4 / 20 }')
		[ "${cap:-0}" -ge 100 ] && ok "$l: the title's capitals are $cap mm tall (at least 100)" ||
			fail "$l: cap height" "${cap:-?} mm (ink $ink)"
	else
		fail "$l: cap height" "no word 'Mieten' on the page"
	fi
done

# --cmyk keeps the Grommets plate (the marks are added after the conversion)
expect_exit "banner --print --cmyk" 0 $P render tests/ref/data/latin.yaml -l banner-200x100 --print --cmyk -o "$OUT/cmyk.pdf"
contains "--cmyk: the Grommets spot colour" "$(spots "$OUT/cmyk.pdf")" "'Grommets'"
[ "$(grommets "$OUT/cmyk.pdf" | wc -l)" = 12 ] && ok "--cmyk: 12 marks, once" || fail "--cmyk: marks" "$(grommets "$OUT/cmyk.pdf" | wc -l)"

# Image resolution for the viewing distance: a 150 dpi picture is fine on a
# layout read from 2 m, a warning on one read at arm's length.
python3 tests/tools/qrformat.py png "$OUT/pic.png" 300 300
printf 'title: Bild\nimage: pic.png\n' >"$OUT/pic.yaml"
for d in 2m 0; do
	cat >"$OUT/pic-$d.layout.yaml" <<EOF2
name: pic
kind: banner
size: 1000mm x 500mm
bleed: 0
safe: 10mm
distance: $d
background: paper
blocks:
  - { type: image, src: "{image}", box: [100mm, 100mm, 50.8mm, 50.8mm] }
EOF2
done
expect_exit "a 150 dpi picture read from 2 m: fine" 0 $P check "$OUT/pic.yaml" -l "$OUT/pic-2m.layout.yaml"
case $ERR in *dpi*) fail "150 dpi from 2 m: no warning" "$ERR" ;; *) ok "150 dpi from 2 m: no warning" ;; esac
expect_exit "a 150 dpi picture at arm's length: a warning" 1 $P check "$OUT/pic.yaml" -l "$OUT/pic-0.layout.yaml"
contains "at arm's length: needs 300 dpi" "$ERR" "needs 300 dpi"

# --tile still splits a banner over A3 sheets
expect_exit "banner-200x100 --tile A3" 0 $P render $D -l banner-200x100 --tile A3 -o "$OUT/tiles.pdf"
n=$(pages "$OUT/tiles.pdf")
[ "${n:-0}" -ge 32 ] && ok "--tile A3: $n tiles" || fail "--tile A3" "$n pages"
echo done
