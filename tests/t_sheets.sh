#!/bin/bash
# Issue 5 acceptance: sticker sheets with a CutContour spot colour (checked
# in the PDF objects with qpdf --qdf and by Ghostscript: -dPDFINFO and the
# tiffsep plates), every sticker's QR decoded from its own slot of a 150 dpi
# raster, four A6 flyers per A4 with crop marks, an A3 poster tiled on A4
# and taped back together by its marks (tests/tools/pngtool.c), and label
# presets that land on the product's published measurements.
source "$(dirname "$0")/lib.sh"

stk_urls=(https://example.org/s/berlin https://example.org/s/hamburg https://example.org/s/beirut
	https://example.org/s/paris https://example.org/s/madrid https://example.org/s/amsterdam)
camp_urls=(https://example.org/events/berlin https://example.org/events/beirut
	https://example.org/events/london https://example.org/events/athens)

T=$(pngtool_build) || fail "build tests/tools/pngtool.c" "cc failed"

# mm → pixels at a resolution
px() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%d", v * d / 25.4 + 0.5 }'; }
# QR of a rectangle (mm) of page N at 150 dpi: crop_qr PDF PAGE X Y W H
crop_qr() {
	local png="$OUT/crop-$RANDOM"
	pdftoppm -r 150 -gray -f "$2" -l "$2" -x "$(px "$3" 150)" -y "$(px "$4" 150)" \
		-W "$(px "$5" 150)" -H "$(px "$6" 150)" -singlefile -png "$1" "$png" 2>/dev/null
	zbarimg --quiet --raw "$png.png" 2>/dev/null
}
spots() { gs -q -dNODISPLAY -dNOSAFER -dPDFINFO "$1" 2>&1 | awk '/Spot colors/ {s = 1; next} s && /^ +'"'"'/ {print} /^$/ {s = 0}'; }

# ---- stickers on A4: the cut line on its own spot colour ----
pdf=$OUT/stickers-a4.pdf
expect_exit "sticker sheet: render" 0 $P render $EX/stickers.csv -l sticker-round-60 --sheet A4 -o "$pdf" --quiet
[ "$(pages "$pdf")" = 1 ] && ok "sticker sheet: 6 stickers on 1 sheet" || fail "sticker sheet: pages" "$(pages "$pdf")"
[ "$(page_mm "$pdf")" = 210x297 ] && ok "sticker sheet: A4" || fail "sticker sheet: size" "$(page_mm "$pdf")"
check "sticker sheet: qpdf --check" qpdf --check "$pdf"
qpdf --qdf --object-streams=disable "$pdf" "$OUT/stickers-qdf.pdf"
qdf=$(tr -d '\000' <"$OUT/stickers-qdf.pdf" | tr -s ' \n' ' ')
contains "sticker sheet: a Separation colour space named CutContour" "$qdf" "/Separation /CutContour /DeviceCMYK"
contains "sticker sheet: the cut line overprints" "$qdf" "/OP true /OPM 1 /Type /ExtGState /op true"
case "$qdf" in */Separation\ /All*) fail "sticker sheet: registration colour" "found /Separation /All" ;;
*) ok "sticker sheet: no registration-colour marks" ;; esac
contains "sticker sheet: Ghostscript lists the CutContour spot colour" "$(spots "$pdf")" "'CutContour'"
rm -rf "$OUT/sep" && mkdir -p "$OUT/sep"
gs -q -dBATCH -dNOPAUSE -sDEVICE=tiffsep -sCompression=none -r30 -o "$OUT/sep/p%d.tif" "$pdf" >/dev/null 2>&1
plate="$OUT/sep/p1(CutContour).tif"
if [ -f "$plate" ]; then
	ok "sticker sheet: tiffsep writes a CutContour plate"
	# 248 × 351 pixels at 30 dpi, uncompressed: the last bytes are the image; ink is dark.
	inked=$(tail -c $((248 * 351)) "$plate" | od -An -v -tu1 | awk '{for (i = 1; i <= NF; i++) if ($i < 128) n++} END {print n + 0}')
	[ "$inked" -gt 300 ] && ok "sticker sheet: the CutContour plate has the cut lines ($inked px)" ||
		fail "sticker sheet: CutContour plate" "only $inked inked pixels"
else
	fail "sticker sheet: tiffsep plate" "no CutContour plate among: $(ls "$OUT/sep")"
fi
# Slots: 60 mm with a 3 mm gap and 8 mm margins → 3 × 4 centred on A4,
# the first at (12, 24) mm, then every 63 mm (README "Sheets").
for i in 0 1 2 3 4 5; do
	x=$((12 + 63 * (i % 3))) y=$((24 + 63 * (i / 3)))
	got=$(crop_qr "$pdf" 1 $x $y 60 60)
	[ "$got" = "${stk_urls[i]}" ] && ok "sticker sheet: slot $((i + 1)) QR decodes to its own URL" ||
		fail "sticker sheet: slot $((i + 1)) QR" "decoded '$got', want '${stk_urls[i]}'"
done
if pdffonts "$pdf" | awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}'; then
	ok "sticker sheet: all fonts embedded"
else
	fail "sticker sheet: fonts" "$(pdffonts "$pdf")"
fi

$P render $EX/stickers.csv -l sticker-round-60 --sheet A4 -o "$OUT/stickers-again.pdf" --quiet
check "sticker sheet: the same input gives the same bytes" cmp "$OUT/stickers-a4.pdf" "$OUT/stickers-again.pdf"

# --fill: a sheet per record; another cut name for shops that want one.
pdf=$OUT/stickers-fill.pdf
expect_exit "--fill: render" 0 $P render $EX/stickers.csv -l sticker-round-60 --sheet A4 --fill \
	--cut-name PerfCutContour -o "$pdf" --quiet
[ "$(pages "$pdf")" = 6 ] && ok "--fill: one sheet per record" || fail "--fill: pages" "$(pages "$pdf")"
got=$(crop_qr "$pdf" 2 138 213 60 60)
[ "$got" = "${stk_urls[1]}" ] && ok "--fill: the last slot of sheet 2 repeats record 2" || fail "--fill: slot 12" "'$got'"
s=$(spots "$pdf")
contains "--cut-name: the spot colour is PerfCutContour" "$s" "'PerfCutContour'"
case "$s" in *"'CutContour'"*) fail "--cut-name" "CutContour is still there" ;; *) ok "--cut-name: no CutContour left" ;; esac
expect_exit "--cut-name with a space" 2 $P render $EX/stickers.csv -l sticker-round-60 --sheet A4 --cut-name "Cut Contour" -o "$OUT/x.pdf"
contains "--cut-name error says what to use" "$ERR" "letters, digits"

# A single sticker for the print shop carries its cut line too.
pdf=$OUT/sticker-print.pdf
expect_exit "single sticker --print: render" 0 $P render $EX/stickers.csv -l sticker-square-50 --print -o "$pdf" --quiet
contains "single sticker --print: CutContour" "$(spots "$pdf")" "'CutContour'"
contains "single sticker --print: TrimBox kept" "$(pdfinfo -box "$pdf")" "TrimBox"
got=$(qr_of_page "$pdf" 3)
[ "$got" = "${stk_urls[2]}" ] && ok "single sticker --print: QR still decodes" || fail "single sticker --print: QR" "'$got'"
pdf=$OUT/flyer-print.pdf
$P render $EX/week-of-action.yaml -l flyer-a6 --print -o "$pdf" --quiet
[ -s "$pdf" ] && [ -z "$(spots "$pdf")" ] && ok "flyers get no cut line" || fail "flyer --print" "spot colours: $(spots "$pdf")"

# ---- flyers: four A6 on A4, edge to edge, crop marks on the cut lines ----
pdf=$OUT/flyers-a6.pdf
expect_exit "flyer sheet: render" 0 $P render $EX/week-of-action.yaml -l flyer-a6 --sheet A4 -o "$pdf" --quiet
[ "$(pages "$pdf")" = 1 ] && ok "flyer sheet: four flyers on one A4 page" || fail "flyer sheet: pages" "$(pages "$pdf")"
[ "$(page_mm "$pdf")" = 210x297 ] && ok "flyer sheet: A4" || fail "flyer sheet: size" "$(page_mm "$pdf")"
for i in 0 1 2 3; do
	x=$((105 * (i % 2))) y=$(awk -v r=$((i / 2)) 'BEGIN {print 0.5 + 148 * r}')
	got=$(crop_qr "$pdf" 1 $x "$y" 105 148)
	[ "$got" = "${camp_urls[i]}" ] && ok "flyer sheet: quarter $((i + 1)) is flyer $((i + 1))" ||
		fail "flyer sheet: quarter $((i + 1))" "decoded '$got', want '${camp_urls[i]}'"
done
r=$OUT/flyers-300
pdftoppm -r 300 -singlefile -png "$pdf" "$r"
# The cut between the columns (x = 105 mm) is marked from the top and bottom
# edges; the one between the rows (y = 148.5 mm) from the sides. Control:
# the same strips 5 mm away carry no mark.
col=$(px 105 300) row=$(px 148.5 300) e1=$(px 1 300) e3=$(px 3 300) bot=$(px 293 300) right=$(px 206 300)
for spec in "top:$((col - 2)) $e1 5 $e3" "bottom:$((col - 2)) $bot 5 $e3" "left:$e1 $((row - 2)) $e3 5" "right:$right $((row - 2)) $e3 5"; do
	name=${spec%%:*} rect=${spec#*:}
	n=$("$T" dark "$r.png" $rect)
	[ "${n:-0}" -ge 20 ] && ok "flyer sheet: crop mark on the $name edge" || fail "flyer sheet: $name crop mark" "$n dark pixels"
done
n=$("$T" dark "$r.png" $((col - 2 - $(px 5 300))) "$e1" 5 "$e3")
[ "${n:-1}" = 0 ] && ok "flyer sheet: no mark off the cut line" || fail "flyer sheet: control strip" "$n dark pixels"

# Two A5 on A4, turned.
pdf=$OUT/flyers-a5.pdf
expect_exit "A5 flyer sheet: render" 0 $P render $EX/week-of-action.yaml -l flyer-a5 --sheet A4 -o "$pdf" --quiet
[ "$(pages "$pdf")" = 2 ] && ok "A5 flyer sheet: two flyers per A4" || fail "A5 flyer sheet: pages" "$(pages "$pdf")"
got=$(crop_qr "$pdf" 2 0 148.5 210 148.5)
[ "$got" = "${camp_urls[3]}" ] && ok "A5 flyer sheet: the lower half of sheet 2 is flyer 4" || fail "A5 lower half" "'$got'"
expect_exit "a poster does not fit on A4" 2 $P render $EX/week-of-action.yaml -l poster-a3 --sheet A4 -o "$OUT/x.pdf"
contains "the message points to --tile" "$ERR" "split the poster into tiles with --tile"
[ ! -e "$OUT/x.pdf" ] && ok "nothing written on bad usage" || fail "bad usage wrote" "$OUT/x.pdf"
expect_exit "--sheet with a PNG" 2 $P render $EX/stickers.csv -l sticker-round-60 --sheet A4 -o "$OUT/x.png"
contains "the message asks for a PDF" "$ERR" "make PDF files"

# ---- tiles: an A3 poster on A4, taped back together by its marks ----
pdf=$OUT/poster-tiles.pdf
expect_exit "tiles: render" 0 $P render $EX/week-of-action.yaml -l poster-a3 --tile A4 -o "$pdf" --quiet
[ "$(pages "$pdf")" = 16 ] && ok "tiles: 4 posters × 4 tiles" || fail "tiles: pages" "$(pages "$pdf")"
[ "$(page_mm "$pdf" 7)" = 210x297 ] && ok "tiles: A4" || fail "tiles: size" "$(page_mm "$pdf" 7)"
check "tiles: qpdf --check" qpdf --check "$pdf"
contains "tiles: each tile says where it goes" "$(pdftotext -f 2 -l 2 "$pdf" - 2>/dev/null | tr '\n' ' ')" "row 1, column 2"
$P render $EX/week-of-action.yaml -l poster-a3 -o "$OUT/poster.pdf" --quiet
# 127 dpi = 5 pixels a millimetre: the marks (15 mm margin) and the windows
# (every 117 and 153 mm) fall on pixel edges, so the rebuilt poster can be
# compared with the poster's own raster pixel for pixel.
for k in 1 2 3 4; do pdftoppm -r 127 -f $k -l $k -singlefile -png "$pdf" "$OUT/tile-$k"; done
pdftoppm -r 127 -f 1 -l 1 -singlefile -png "$OUT/poster.pdf" "$OUT/poster"
if "$T" assemble 127 15 2 2 "$OUT/rebuilt.png" "$OUT"/tile-{1,2,3,4}.png >"$OUT/assemble.log" 2>&1; then
	ok "tiles: every tile's marks found"
	if "$T" compare "$OUT/rebuilt.png" "$OUT/poster.png" 1.0 0.002 "$OUT/rebuilt-diff.png" >"$OUT/compare.log"; then
		ok "tiles: placed by their marks they rebuild the poster ($(cat "$OUT/compare.log"))"
	else
		fail "tiles: rebuilt poster" "$(cat "$OUT/compare.log"); see $OUT/rebuilt-diff.png"
	fi
	got=$(zbarimg --quiet --raw "$OUT/rebuilt.png" 2>/dev/null)
	[ "$got" = "${camp_urls[0]}" ] && ok "tiles: the rebuilt poster's QR decodes" || fail "tiles: rebuilt QR" "'$got'"
else
	fail "tiles: marks" "$(cat "$OUT/assemble.log")"
fi
# A control: a poster one millimetre off does not pass the same comparison.
pdftoppm -r 127 -f 1 -l 1 -x 5 -W 1485 -H 2100 -singlefile -png "$OUT/poster.pdf" "$OUT/poster-off"
"$T" compare "$OUT/poster-off.png" "$OUT/poster.png" 1.0 0.002 >/dev/null
if [ $? != 1 ]; then
	fail "tiles: comparison" "a 1 mm shift was not caught"
else
	ok "tiles: the comparison catches a 1 mm shift"
fi

# ---- label presets: the published measurements ----
# Avery L7650: 63.5 mm circles, 3 × 4; left 5.25 mm, top 14.75 mm, pitch
# 68 mm (assets/label-sheets.yaml). A 60 mm sticker with 2 mm of bleed is a
# 64 mm disc centred on each label.
pdf=$OUT/labels-l7650.pdf
expect_exit "label sheet L7650: render" 0 $P render $EX/stickers.csv -l sticker-round-60 --sheet avery-l7650 -o "$pdf" --quiet
[ -s "$pdf" ] && [ -z "$(spots "$pdf")" ] && ok "label sheet: pre-cut, so no cut line" || fail "label sheet: spots" "$(spots "$pdf")"
r=$OUT/labels-150
pdftoppm -r 150 -singlefile -png "$pdf" "$r"
for i in 0 1 2 3 4 5; do
	lx=$(awk -v c=$((i % 3)) 'BEGIN {print 5.25 + 68 * c}') ly=$(awk -v r=$((i / 3)) 'BEGIN {print 14.75 + 68 * r}')
	got=$(crop_qr "$pdf" 1 "$lx" "$ly" 63.5 63.5)
	[ "$got" = "${stk_urls[i]}" ] && ok "label $((i + 1)): QR decodes to its URL" || fail "label $((i + 1)): QR" "'$got'"
	# The ink within the label's cell and half the 4.5 mm gap around it.
	read -r x0 y0 x1 y1 < <("$T" bbox "$r.png" $(px "$(awk -v v="$lx" 'BEGIN {print v - 2.25}')" 150) \
		$(px "$(awk -v v="$ly" 'BEGIN {print v - 2.25}')" 150) $(px 68 150) $(px 68 150))
	verdict=$(awk -v x0="$x0" -v y0="$y0" -v x1="$x1" -v y1="$y1" -v lx="$lx" -v ly="$ly" 'BEGIN {
		k = 25.4 / 150; cx = (x0 + x1 + 1) / 2 * k; cy = (y0 + y1 + 1) / 2 * k; w = (x1 - x0 + 1) * k
		dx = cx - (lx + 31.75); dy = cy - (ly + 31.75)
		printf "%s centre off by %.2f, %.2f mm, %.1f mm across", (dx * dx + dy * dy < 0.3 * 0.3 && w > 63.3 && w < 64.6) ? "ok" : "bad", dx, dy, w }')
	case $verdict in ok*) ok "label $((i + 1)): on the published circle (${verdict#ok })" ;;
	*) fail "label $((i + 1)): position" "$verdict" ;; esac
done
# Avery 5163: 4 × 2 in, 2 × 5; left 5/32 in, top 1/2 in, pitch 4 3/16 × 2 in.
# The labels touch top to bottom, so the 90 × 50 mm design's 2 mm bleed is
# cut at each label's top and bottom edge (the ink fills the label's height)
# and runs 2 mm past the sides into the 4.76 mm gaps: 94 mm across, centred.
pdf=$OUT/labels-5163.pdf
expect_exit "label sheet 5163: render" 0 $P render $EX/stickers.csv -l sticker-rect-90x50 --sheet avery-5163 -o "$pdf" --quiet
[ "$(page_mm "$pdf")" = 216x279 ] && ok "label sheet 5163: Letter" || fail "label sheet 5163: size" "$(page_mm "$pdf")"
pdftoppm -r 150 -singlefile -png "$pdf" "$OUT/l5163"
for i in 0 3 4; do
	lx=$(awk -v c=$((i % 2)) 'BEGIN {print (5 / 32 + 4.1875 * c) * 25.4}') ly=$(awk -v r=$((i / 2)) 'BEGIN {print (0.5 + 2 * r) * 25.4}')
	got=$(crop_qr "$pdf" 1 "$lx" "$ly" 101.6 50.8)
	[ "$got" = "${stk_urls[i]}" ] && ok "5163 label $((i + 1)): QR decodes" || fail "5163 label $((i + 1)): QR" "'$got'"
	read -r x0 y0 x1 y1 < <("$T" bbox "$OUT/l5163.png" $(px "$(awk -v v="$lx" 'BEGIN {print v - 2.38}')" 150) \
		$(px "$(awk -v v="$ly" 'BEGIN {print v + 0.2}')" 150) $(px 106.36 150) $(px 50.4 150))
	verdict=$(awk -v x0="$x0" -v y0="$y0" -v x1="$x1" -v y1="$y1" -v lx="$lx" -v ly="$ly" 'BEGIN {
		k = 25.4 / 150; top = y0 * k; bot = (y1 + 1) * k; cx = (x0 + x1 + 1) / 2 * k; w = (x1 - x0 + 1) * k
		good = top < ly + 0.5 && bot > ly + 50.3 && (cx - lx - 50.8) ^ 2 < 0.3 ^ 2 && w > 93.5 && w < 94.6
		printf "%s ink %.2f–%.2f mm down (label %.2f–%.2f), %.1f mm across centred at %.2f (label centre %.2f)",
			good ? "ok" : "bad", top, bot, ly, ly + 50.8, w, cx, lx + 50.8 }')
	case $verdict in ok*) ok "5163 label $((i + 1)): on the published label (${verdict#ok })" ;;
	*) fail "5163 label $((i + 1)): position" "$verdict" ;; esac
done
expect_exit "a design larger than the label" 2 $P render $EX/stickers.csv -l sticker-rect-90x50 --sheet avery-l7160 -o "$OUT/x.pdf"
contains "the message names the label sheet" "$ERR" "Avery L7160"
expect_exit "an unknown sheet" 2 $P render $EX/stickers.csv -l sticker-round-60 --sheet A5x -o "$OUT/x.pdf"
contains "the message lists the papers" "$ERR" "Use A4, letter or A3"

echo done
