#!/bin/bash
# The street-name plate sticker (issue 14): sticker-street-sign, 130 x 42 mm,
# the street name (title) in DejaVu Sans Condensed Bold inside a white border
# on the enamel blue, the line under it (subtitle); Arabic in Noto Kufi
# Arabic, right to left; on sheets with its CutContour; a white plate with
# --theme mono.
. "$(dirname "$0")/lib.sh"

cat >"$OUT/streets.yaml" <<'EOF2'
- title: Walid-Daqqa-Straße
  subtitle: Schriftsteller, 1961–2024, 38 Jahre in Haft
- lang: ar
  title: شارع الأسرى
  subtitle: تكريماً للأسرى الفلسطينيين
- title: Rue Georges Abdallah
EOF2
pdf=$OUT/streets.pdf
expect_exit "street signs: render" 0 $P render "$OUT/streets.yaml" -l sticker-street-sign -o "$pdf"
case $ERR in *error:* | *warning:* | *note:*) fail "street signs: nothing to report" "$ERR" ;; *) ok "street signs: nothing to report" ;; esac
[ "$(page_mm "$pdf")" = 130x42 ] && ok "130 x 42 mm" || fail "size" "$(page_mm "$pdf")"
f=$(pdffonts "$pdf")
contains "the name in DejaVu Sans Condensed Bold" "$f" "DejaVuSansCondensed-Bold"
contains "Arabic in Noto Kufi Arabic" "$f" "NotoKufiArabic-Bold"
t1=$(pdftotext -f 1 -l 1 "$pdf" - | tr -s ' \n' ' ')
contains "page 1: the street name" "$t1" "Walid-Daqqa-Straße"
contains "page 1: the line under it" "$t1" "38 Jahre in Haft"
contains "page 2: Arabic name as text" "$(pdftotext -f 2 -l 2 "$pdf" -)" "الأسرى"
[ -z "$(qr_of_page "$pdf" 1)" ] && ok "no QR code on the plate" || fail "no QR code" "one scans"
# the blue field and the white border, from a raster: the plate's middle row
pdftoppm -r 50 -f 3 -l 3 -singlefile -png "$pdf" "$OUT/p3"
t=$(pngtool_build)
if [ -n "$t" ]; then
	# inked (not near-white) pixels in the border band vs. the field inside
	border=$("$t" bbox "$OUT/p3.png" 4 38 2 6)
	field=$("$t" bbox "$OUT/p3.png" 10 38 10 6)
	[ "$border" = none ] && [ "$field" != none ] && ok "white border around a coloured field" ||
		fail "border and field" "border ink: $border, field ink: $field"
fi
# stickers on sheets: the rounded plate is the cut line
expect_exit "street signs on A4: render" 0 $P render "$OUT/streets.yaml" -l sticker-street-sign --sheet A4 -o "$OUT/sheet.pdf"
contains "street signs on A4: a CutContour" "$(qpdf --qdf --object-streams=disable "$OUT/sheet.pdf" - 2>/dev/null | tr -d '\000' | tr -s ' \r\n' '  ')" "/Separation /CutContour"
expect_exit "street signs, mono: render" 0 $P render "$OUT/streets.yaml" -l sticker-street-sign --theme mono -o "$OUT/mono.pdf"
echo done
