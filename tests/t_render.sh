#!/bin/bash
# The core acceptance of issue 2, for every built-in layout: page count and
# trim size (pdfinfo), fonts embedded (pdffonts), structure (qpdf --check),
# each page's QR decodes to that record's URL (zbarimg on a 150 dpi raster),
# and the title and subtitle words are text in the PDF (pdftotext).
source "$(dirname "$0")/lib.sh"

camp_urls=(https://example.org/events/berlin https://example.org/events/beirut
	https://example.org/events/london https://example.org/events/athens)
camp_titles=("Mieten runter, Löhne rauf!" "السكن حق للجميع" "Cancel the Rent Hike" "Στέγη για όλους")
camp_subs=("Demonstration für bezahlbares Wohnen" "وقفة تضامنية مع المستأجرين المهددين بالإخلاء"
	"Town hall meeting with tenants, unions and councillors" "Συγκέντρωση ενάντια στις εξώσεις")
stk_urls=(https://example.org/s/berlin https://example.org/s/hamburg https://example.org/s/beirut
	https://example.org/s/paris https://example.org/s/madrid https://example.org/s/amsterdam)
stk_titles=("Homes for All" "Wohnen ist Menschenrecht" "السكن حق للجميع" "Un toit pour tous"
	"Vivienda digna ya" "Wonen is een recht")

declare -A size=([poster-a3]=297x420 [poster-a2]=420x594 [poster-tabloid]=279x432
	[flyer-a5]=148x210 [flyer-a6]=105x148 [flyer-letter-half]=140x216
	[sticker-round-60]=60x60 [sticker-square-50]=50x50 [sticker-rect-90x50]=90x50)

# every word of $2 appears in the text $3
words_in() {
	local name=$1 want=$2 text=$3 w missing=""
	# poppler also splits some Arabic words where cursive glyphs are
	# positioned apart: compare without spaces too.
	text="$text ${text//[[:space:]]/}"
	for w in $want; do
		w=${w//[,!.]/}
		# poppler writes a right-to-left ligature's letters reversed
		# (lam-alef comes out as alef-lam): accept that spelling too.
		local alt=${w//لا/ال} alt2=${w//لإ/إل} alt3=${w//لأ/أل}
		case "$text" in *"$w"* | *"$alt"* | *"$alt2"* | *"$alt3"*) ;; *) missing="$missing $w" ;; esac
	done
	if [ -z "$missing" ]; then ok "$name"; else fail "$name" "missing words:$missing"; fi
}

render_and_check() {
	local layout=$1 data=$2 n=$3
	local -n urls=$4 titles=$5
	local subs_name=${6:-}
	local pdf="$OUT/$layout.pdf"
	expect_exit "$layout: render" 0 $P render "$data" -l "$layout" -o "$pdf" --quiet
	[ -f "$pdf" ] || return
	[ "$(pages "$pdf")" = "$n" ] && ok "$layout: $n pages" || fail "$layout: pages" "got $(pages "$pdf"), want $n"
	local want=${size[$layout]} i bad=""
	for ((i = 1; i <= n; i++)); do
		[ "$(page_mm "$pdf" $i)" = "$want" ] || bad="$bad p$i=$(page_mm "$pdf" $i)"
	done
	[ -z "$bad" ] && ok "$layout: every page $want mm" || fail "$layout: page size" "$bad, want $want"
	if pdffonts "$pdf" | awk 'NR>2 && $(NF-4) != "yes" {bad=1} END {exit bad}'; then
		ok "$layout: all fonts embedded"
	else
		fail "$layout: fonts" "$(pdffonts "$pdf")"
	fi
	check "$layout: qpdf --check" qpdf --check "$pdf"
	for ((i = 1; i <= n; i++)); do
		local got
		got=$(qr_of_page "$pdf" $i)
		[ "$got" = "${urls[i - 1]}" ] && ok "$layout: page $i QR decodes to its URL" ||
			fail "$layout: page $i QR" "decoded '$got', want '${urls[i - 1]}'"
		words_in "$layout: page $i title is text" "${titles[i - 1]}" "$(pdftotext -f $i -l $i "$pdf" - 2>/dev/null)"
		if [ -n "$subs_name" ]; then
			local -n subs=$subs_name
			words_in "$layout: page $i subtitle is text" "${subs[i - 1]}" "$(pdftotext -f $i -l $i "$pdf" - 2>/dev/null)"
		fi
	done
}

for l in poster-a3 poster-a2 poster-tabloid flyer-a5 flyer-a6 flyer-letter-half; do
	render_and_check $l $EX/week-of-action.yaml 4 camp_urls camp_titles camp_subs
done
for l in sticker-round-60 sticker-square-50 sticker-rect-90x50; do
	render_and_check $l $EX/stickers.csv 6 stk_urls stk_titles
done

# The campaign's events inherit its fields: the London page shows the
# campaign's organizer and hashtags, and its own url_label.
t=$(pdftotext -f 3 -l 3 "$OUT/flyer-a5.pdf" - 2>/dev/null)
contains "inherited organizer" "$t" "TENANTS TOGETHER NETWORK"
contains "inherited hashtags" "$t" "#HomesForAll"
contains "own url_label" "$t" "example.org/london"
t=$(pdftotext -f 1 -l 1 "$OUT/flyer-a5.pdf" - 2>/dev/null)
contains "German date line" "$t" "Samstag, 16. Mai 2026"
contains "default url_label (no scheme)" "$t" "example.org/events/berlin"
contains "QR is a link" "$(qpdf --qdf --object-streams=disable "$OUT/flyer-a5.pdf" - | tr -d '\r')" "/URI (https://example.org/events/berlin)"

# One file per record from a pattern; unsafe characters never make folders.
expect_exit "missing output folder" 3 $P render $EX/week-of-action.yaml -l flyer-a6 -o "$OUT/per/{city}-{lang}.pdf" --quiet
contains "missing folder message" "$ERR" "per' does not exist. Create it first"
mkdir -p "$OUT/per"
expect_exit "pattern output" 0 $P render $EX/week-of-action.yaml -l flyer-a6 -o "$OUT/per/{city}-{lang}.pdf" --quiet
for f in Berlin-de London-en بيروت-ar Αθήνα-el; do
	[ -f "$OUT/per/$f.pdf" ] && [ "$(pages "$OUT/per/$f.pdf")" = 1 ] && ok "pattern file $f.pdf" || fail "pattern file $f.pdf" "$(ls "$OUT/per")"
done

# PNG output at --dpi: an A6 page at 100 dpi is 413×583 px.
expect_exit "png output" 0 $P render $EX/week-of-action.yaml -l flyer-a6 -o "$OUT/a6.png" --dpi 100 --quiet
dims=$(od -An -tu1 -j16 -N8 "$OUT/a6-1.png" 2>/dev/null | awk '{print $3*256+$4 "x" $7*256+$8}')
[ "$dims" = "414x583" ] || [ "$dims" = "413x583" ] && ok "png size at 100 dpi" || fail "png size" "$dims"
[ "$(zbarimg --quiet --raw "$OUT/a6-2.png" 2>/dev/null)" = "https://example.org/events/beirut" ] && ok "png QR decodes" || fail "png QR" "no decode"
expect_exit "svg output" 0 $P render $EX/stickers.csv -l sticker-round-60 -o "$OUT/s.svg" --quiet
grep -q '<svg' "$OUT/s-1.svg" && ok "svg file written" || fail "svg" "no svg"

# placard qr: a lone code that decodes, and a clear error for a bad URL.
expect_exit "qr command" 0 $P qr "https://example.org/a?b=c&d=(e)" -o "$OUT/qr.png" --quiet
[ "$(zbarimg --quiet --raw "$OUT/qr.png")" = "https://example.org/a?b=c&d=(e)" ] && ok "lone QR decodes" || fail "lone QR" "$(zbarimg --raw "$OUT/qr.png" 2>&1)"
expect_exit "qr pdf" 0 $P qr https://example.org -o "$OUT/qr.pdf" --size 30mm
[ "$(page_mm "$OUT/qr.pdf")" = "30x30" ] && ok "qr --size 30mm" || fail "qr size" "$(page_mm "$OUT/qr.pdf")"
expect_exit "qr javascript: refused" 2 $P qr "javascript:alert(1)" -o "$OUT/bad.pdf"
[ ! -e "$OUT/bad.pdf" ] && ok "no file for a refused QR" || fail "refused QR" "file written"

# placard layouts lists every built-in layout with its size and kind.
lay=$($P layouts)
for l in "${!size[@]}"; do contains "layouts lists $l" "$lay" "$l"; done
contains "layouts shows size" "$lay" "148x210 mm"

# --help and --version
contains "--help lists options" "$($P --help)" "--strict"
contains "--version" "$($P --version)" "placard "
echo done
