#!/bin/bash
# --shop NAME: print-shop presets from assets/print-shops.yaml (issue 15).
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1621036800
printf 'title: Rent strike now\nsubtitle: Every Saturday\nvenue: Town hall\ncity: Leeds\ndate: 2026-05-16\nurl: https://example.org/rent\n' >"$OUT/ev.yaml"
# box NAME FILE: "x0 y0 x1 y1" of page 1 in mm (two decimals)
box() { pdfinfo -box -f 1 -l 1 "$2" | awk -v k="$1:" '$3 == k {printf "%.2f %.2f %.2f %.2f\n", $4/72*25.4, $5/72*25.4, $6/72*25.4, $7/72*25.4}'; }
intent_id() { qpdf --json "$1" 2>/dev/null | python3 tests/tools/pdfx_intent.py | cut -d'|' -f2; }
# bleed in mm: TrimBox x0 - BleedBox x0
bleed_of() { awk -v t="$(box TrimBox "$1" | cut -d' ' -f1)" -v b="$(box BleedBox "$1" | cut -d' ' -f1)" 'BEGIN {printf "%.2f\n", t - b}'; }

# ---- eu-online: 3 mm, no marks, X-4, FOGRA39; its own file name ----
(cd "$OUT" && $OLDPWD/$P render ev.yaml -l poster-a3 --shop eu-online --quiet)
f="$OUT/ev-poster-a3-PDFX4.pdf"
[ -f "$f" ] && ok "eu-online: the preset's file name" || fail "eu-online name" "$(ls "$OUT")"
contains "eu-online: PDF/X-4" "$(pdfinfo "$f" 2>/dev/null)" "PDF subtype:    PDF/X-4"
[ "$(intent_id "$f")" = FOGRA39 ] && ok "eu-online: FOGRA39" || fail "eu-online intent" "$(intent_id "$f")"
[ "$(bleed_of "$f")" = 3.00 ] && ok "eu-online: 3 mm bleed" || fail "eu-online bleed" "$(bleed_of "$f")"
[ "$(box MediaBox "$f")" = "$(box BleedBox "$f")" ] && ok "eu-online: no marks (the page ends at the bleed)" || fail "eu-online marks" "$(box MediaBox "$f") / $(box BleedBox "$f")"
check "eu-online: qpdf --check" qpdf --check "$f"

# ---- us-online: 0.125 in, no marks, X-3, GRACoL ----
expect_exit "us-online" 0 $P render "$OUT/ev.yaml" -l poster-tabloid --shop us-online -o "$OUT/us.pdf" --quiet
contains "us-online: PDF/X-3" "$(pdfinfo "$OUT/us.pdf")" "PDF/X-3:2002"
[ "$(intent_id "$OUT/us.pdf")" = "CGATS TR 006" ] && ok "us-online: GRACoL" || fail "us intent" "$(intent_id "$OUT/us.pdf")"
[ "$(bleed_of "$OUT/us.pdf")" = 3.17 ] && ok "us-online: 1/8 in bleed" || fail "us bleed" "$(bleed_of "$OUT/us.pdf")"
[ "$(box MediaBox "$OUT/us.pdf")" = "$(box BleedBox "$OUT/us.pdf")" ] && ok "us-online: no marks" || fail "us marks" "with marks"

# ---- copy-shop: 3 mm, crop marks, X-3, FOGRA39 ----
expect_exit "copy-shop" 0 $P render "$OUT/ev.yaml" -l poster-a3 --shop copy-shop -o "$OUT/copy.pdf" --quiet
contains "copy-shop: PDF/X-3" "$(pdfinfo "$OUT/copy.pdf")" "PDF/X-3:2002"
[ "$(intent_id "$OUT/copy.pdf")" = FOGRA39 ] && ok "copy-shop: FOGRA39" || fail "copy intent" "$(intent_id "$OUT/copy.pdf")"
[ "$(box MediaBox "$OUT/copy.pdf")" != "$(box BleedBox "$OUT/copy.pdf")" ] && ok "copy-shop: room for crop marks outside the bleed" || fail "copy marks" "no room"
# the marks are there: ink in the top-left corner outside the bleed (grey < 255)
# (a 600 dpi raster of the corner, 12.7 mm square: dark pixels are the marks)
pdftoppm -r 600 -f 1 -l 1 -x 0 -y 0 -W 300 -H 300 -png -singlefile "$OUT/copy.pdf" "$OUT/corner"
pngt=$(pngtool_build)
d=$("$pngt" dark "$OUT/corner.png" 0 0 300 300 2>/dev/null)
[ -n "$d" ] && [ "$d" -gt 20 ] && ok "copy-shop: crop marks drawn ($d dark pixels)" || fail "copy marks drawn" "'$d'"

# ---- sticker-printer: 2 mm, CutContour through the conversion, X-4 ----
expect_exit "sticker-printer" 0 $P render $EX/stickers.csv -l sticker-round-60 --shop sticker-printer -o "$OUT/st.pdf" --quiet
contains "stickers: PDF/X-4" "$(pdfinfo "$OUT/st.pdf")" "PDF subtype:    PDF/X-4"
[ "$(bleed_of "$OUT/st.pdf")" = 2.00 ] && ok "stickers: 2 mm bleed" || fail "sticker bleed" "$(bleed_of "$OUT/st.pdf")"
check "stickers: qpdf --check" qpdf --check "$OUT/st.pdf"
rm -f "$OUT"/sep*.tif
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=tiffsep -sCompression=none -r72 -dFirstPage=1 -dLastPage=1 -o "$OUT/sep.tif" "$OUT/st.pdf" 2>/dev/null
cut="$OUT/sep(CutContour).tif"
n=$([ -f "$cut" ] && python3 tests/tools/tac.py "$cut" --inked)
[ -n "$n" ] && [ "$n" -gt 100 ] && ok "stickers: the CutContour plate carries the cut line ($n pixels)" || fail "CutContour plate" "'$n' ($(ls "$OUT" | grep sep | tr '\n' ' '))"
# ... and only the cut line: the plate is a thin ring, not the artwork
[ -n "$n" ] && [ "$n" -lt 2000 ] && ok "stickers: nothing but the line on the plate" || fail "CutContour only" "$n"
[ "$(box MediaBox "$OUT/st.pdf")" = "$(box BleedBox "$OUT/st.pdf")" ] && ok "stickers: no marks" || fail "sticker marks" "with marks"

# on an A4 sheet: still PDF/X-4, the cut lines still on their plate, and
# the sheet's own marks and labels in black ink (no RGB)
expect_exit "sticker-printer on A4 sheets" 0 $P render $EX/stickers.csv -l sticker-round-60 --shop sticker-printer --sheet A4 -o "$OUT/sheet.pdf" --quiet
contains "sheet: PDF/X-4" "$(pdfinfo "$OUT/sheet.pdf")" "PDF subtype:    PDF/X-4"
rm -f "$OUT"/sep*.tif
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=tiffsep -sCompression=none -r72 -dFirstPage=1 -dLastPage=1 -o "$OUT/sep.tif" "$OUT/sheet.pdf" 2>/dev/null
n=$([ -f "$cut" ] && python3 tests/tools/tac.py "$cut" --inked)
[ -n "$n" ] && [ "$n" -gt 1000 ] && ok "sheet: CutContour plate with every sticker's line ($n pixels)" || fail "sheet CutContour" "'$n'"
rgb=$(qpdf --qdf --object-streams=disable "$OUT/sheet.pdf" - 2>/dev/null | tr -d '\0' | grep -a -cE '(^| )(rg|RG)$|/DeviceRGB')
[ "$rgb" = 0 ] && ok "sheet: no RGB left" || fail "sheet rgb" "$rgb"

# --no-marks on its own: bleed and boxes, no room for marks
expect_exit "--print --no-marks" 0 $P render "$OUT/ev.yaml" -l flyer-a5 --print --no-marks -o "$OUT/nm.pdf" --quiet
[ "$(box MediaBox "$OUT/nm.pdf")" = "$(box BleedBox "$OUT/nm.pdf")" ] && [ "$(bleed_of "$OUT/nm.pdf")" = 3.00 ] &&
	ok "--no-marks: the page ends at the 3 mm bleed" || fail "--no-marks" "$(box MediaBox "$OUT/nm.pdf") / $(box BleedBox "$OUT/nm.pdf")"

# ---- the command line wins; check; user presets; errors ----
expect_exit "preset with --pdfx x3" 0 $P render "$OUT/ev.yaml" -l poster-a3 --shop eu-online --pdfx x3 -o "$OUT/x3.pdf" --quiet
contains "--pdfx wins over the preset" "$(pdfinfo "$OUT/x3.pdf")" "PDF/X-3:2002"
expect_exit "preset with --bleed" 0 $P render "$OUT/ev.yaml" -l poster-a3 --shop eu-online --bleed 5mm -o "$OUT/b5.pdf" --quiet
[ "$(bleed_of "$OUT/b5.pdf")" = 5.00 ] && ok "--bleed wins over the preset" || fail "bleed override" "$(bleed_of "$OUT/b5.pdf")"
expect_exit "check --shop" 0 $P check "$OUT/ev.yaml" -l poster-a3 --shop eu-online --theme mono
mkdir -p "$OUT/cfg/placard"
printf 'shops:\n  - name: my-shop\n    bleed: 4mm\n    marks: false\n    pdfx: x4\n    intent: swop\n    ink_limit: 320\n' >"$OUT/cfg/placard/print-shops.yaml"
expect_exit "a user's own preset" 0 env XDG_CONFIG_HOME="$PWD/$OUT/cfg" $P render "$OUT/ev.yaml" -l poster-a3 --shop my-shop -o "$OUT/mine.pdf" --quiet
[ "$(intent_id "$OUT/mine.pdf")" = "CGATS TR 001" ] && [ "$(bleed_of "$OUT/mine.pdf")" = 4.00 ] && ok "user preset: swop, 4 mm" ||
	fail "user preset" "$(intent_id "$OUT/mine.pdf") $(bleed_of "$OUT/mine.pdf")"
expect_exit "unknown shop" 2 $P render "$OUT/ev.yaml" --shop nowhere -o "$OUT/no.pdf"
contains "unknown shop lists the presets" "$ERR" "eu-online, us-online, copy-shop, sticker-printer"
printf 'shops:\n  - name: broken\n    pdfx: x9\n' >"$OUT/cfg/placard/print-shops.yaml"
expect_exit "bad preset" 2 env XDG_CONFIG_HOME="$PWD/$OUT/cfg" $P render "$OUT/ev.yaml" --shop broken -o "$OUT/no.pdf"
contains "bad preset: file and what to write" "$ERR" "print-shops.yaml:2"
[ ! -e "$OUT/no.pdf" ] && ok "nothing written for a bad preset" || fail "bad preset" "file written"

# ---- the studio's print-shop download offers the presets ----
mkdir -p "$OUT/stmp"
TMPDIR="$OUT/stmp" PLACARD_DATADIR=$PWD HOME="$PWD/$OUT" XDG_CONFIG_HOME= $P serve --port 0 >"$OUT/serve.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null' EXIT
U=
for _ in $(seq 1 600); do # bounded: the address is printed once it listens
	U=$(grep -o 'http://[^ ]*/' "$OUT/serve.log" 2>/dev/null)
	[ -n "$U" ] && break
	sleep 0.1
done
if [ -n "$U" ]; then
	meta=$(curl -s --max-time 60 "${U}api/meta")
	contains "studio meta lists the presets" "$meta" '"shops": [{"name": "eu-online"'
	contains "studio meta: sticker-printer" "$meta" '"sticker-printer"'
	body='{"format": "print", "layout": "poster-a3", "shop": "eu-online", "record": {"title": "Rent strike", "url": "https://example.org/rent"}}'
	hdr=$(curl -s --max-time 120 -D - -o "$OUT/studio.pdf" -X POST -H 'Content-Type: application/json' --data-binary "$body" "${U}api/render")
	contains "studio: the preset's file name" "$hdr" "poster-a3-PDFX4.pdf"
	contains "studio: a PDF/X-4 download" "$(pdfinfo "$OUT/studio.pdf" 2>/dev/null)" "PDF subtype:    PDF/X-4"
	[ "$(box MediaBox "$OUT/studio.pdf")" = "$(box BleedBox "$OUT/studio.pdf")" ] && ok "studio: eu-online without marks" || fail "studio marks" "with marks"
	code=$(curl -s --max-time 60 -o "$OUT/code.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		--data-binary '{"format": "print", "shop": "../etc", "record": {"title": "x"}}' "${U}api/render")
	[ "$code" = 422 ] && ok "studio: an unknown preset is refused (422)" || fail "studio bad shop" "$code"
else
	fail "studio starts" "$(cat "$OUT/serve.log")"
fi
kill $SPID 2>/dev/null
wait $SPID 2>/dev/null
echo done
