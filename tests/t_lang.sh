#!/bin/bash
# Issue 3 acceptance: every language on the page. A multilingual corpus
# (tests/lang/corpus.yaml: Arabic, Hebrew, Persian, Urdu, Greek, Russian,
# Turkish, German, French, Spanish, Dutch, Chinese, emoji) renders with no
# unknown glyph and every letter of every title is text in the PDF
# (pdftotext); fonts come only from the pinned set (pdffonts); the bidi
# order of an Arabic line with a Latin hashtag and a date matches GNU
# FriBidi; dates show month names in their language; a character outside
# the set is an error naming its code point; output is byte-identical.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
L=tests/lang

# 1. No unknown glyph: Pango's count is reported as a finding, so a clean
# check (exit 0, no finding at all) means the count was zero everywhere.
for layout in flyer-a5 poster-a3 poster-bilingual-a3 flyer-bilingual-a5 sticker-bilingual-round-60; do
	expect_exit "corpus on $layout: check finds nothing" 0 $P check $L/corpus.yaml -l $layout --json
done
json=$($P check $L/corpus.yaml -l flyer-a5 --json 2>/dev/null)
[ "$json" = "[]" ] && ok "corpus: no finding at all (json)" || fail "corpus findings" "$json"

# 2. Every letter of every title is text on its page.
pdf=$OUT/corpus.pdf
expect_exit "corpus renders" 0 $P render $L/corpus.yaml -l flyer-a5 -o "$pdf" --quiet
n=$(grep -c '^    title: ' $L/corpus.yaml)
[ "$(pages "$pdf")" = "$n" ] && ok "corpus: $n pages" || fail "corpus pages" "$(pages "$pdf") for $n titles"
i=0
while IFS= read -r title; do
	i=$((i + 1))
	pdftotext -f $i -l $i "$pdf" "$OUT/page-$i.txt" 2>/dev/null
	miss=$(python3 - "$title" "$OUT/page-$i.txt" <<'PY'
import sys, unicodedata
title, text = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
# poppler may write Arabic as presentation forms: compare normalised
text = unicodedata.normalize("NFKC", text)
# emoji (U+2600-27BF, U+1F000 and up, skin tones) print as colour pictures,
# which carry no text
def picture(c):
    return 0x2600 <= ord(c) <= 0x27BF or ord(c) >= 0x1F000
print(" ".join(sorted({"%s(U+%04X)" % (c, ord(c)) for c in title
                       if not c.isspace() and not picture(c) and unicodedata.normalize("NFKC", c) not in text})))
PY
)
	[ -z "$miss" ] && ok "page $i: every letter of '$title' is text" || fail "page $i letters" "missing $miss in '$title'"
done < <(sed -n 's/^    title: //p' $L/corpus.yaml)

# 3. Only fonts of the pinned set (assets/fonts/fonts.conf), all embedded:
# whatever else the machine has installed cannot reach the PDF.
bad=$(pdffonts "$pdf" | awk 'NR > 2 {n = $1; sub(/^[A-Z]+\+/, "", n); print n, $(NF-4)}' |
	grep -Ev '^(NotoSans|NotoSansDisplay|NotoSerifDisplay|NotoKufiArabic|NotoNaskhArabic|NotoNastaliqUrdu|NotoSansHebrew|NotoSerifHebrew|NotoSansSymbols|NotoSansSymbols2|NotoSansCJK(sc|tc|jp|kr|hk)|NotoSerifCJK(sc|tc|jp|kr|hk)|DejaVuSans|DejaVuSerif)-(Regular|Bold|Italic|BoldItalic) yes$|^Symbola yes$' || true)
[ -z "$bad" ] && ok "only pinned fonts, all embedded" || fail "fonts outside the set" "$bad"
fonts=$(pdffonts "$pdf")
for f in NotoKufiArabic-Bold NotoNaskhArabic NotoNastaliqUrdu NotoSansHebrew NotoSansCJKsc NotoSansDisplay-Bold; do
	contains "the set's $f is used" "$fonts" "$f"
done
# Urdu is set in Nastaliq, never in Naskh (page 4 is the Urdu record).
ur=$(pdffonts -f 4 -l 4 "$pdf")
case "$ur" in *NotoNaskh*) fail "Urdu font" "Naskh used on the Urdu page: $ur" ;; *NotoNastaliqUrdu*) ok "Urdu in Nastaliq only" ;; *) fail "Urdu font" "$ur" ;; esac
# Emoji in colour: the emoji page holds colour pictures (Noto Color Emoji),
# one per emoji, and in the mono theme the same pictures in grey.
imgs=$(pdfimages -list -f 13 -l 13 "$pdf" | awk 'NR > 2 && $3 == "image" {print $6}' | sort | uniq -c | tr -s ' ')
[ "$imgs" = " 2 rgb" ] && ok "emoji page: two colour emoji pictures" || fail "emoji pictures" "$imgs"
$P render $L/corpus.yaml -l flyer-a5 --theme mono -o "$OUT/corpus-mono.pdf" --quiet
imgs=$(pdfimages -list -f 13 -l 13 "$OUT/corpus-mono.pdf" | awk 'NR > 2 && $3 == "image" {print $6}' | sort | uniq -c | tr -s ' ')
[ "$imgs" = " 2 gray" ] && ok "mono: the emoji pictures are grey" || fail "mono emoji pictures" "$imgs"

# 4. Same input, same bytes.
$P render $L/corpus.yaml -l flyer-a5 -o "$OUT/corpus2.pdf" --quiet
cmp -s "$pdf" "$OUT/corpus2.pdf" && ok "corpus: second run byte-identical" || fail "reproducible" "bytes differ"

# 5. Dates in the record's language (pages: 1 ar, 2 he, 3 fa, 5 el, 6 ru,
# 7 tr, 8 de, 9 fr, 10 es, 11 nl).
date_on() { contains "page $1 date in its language" "$(tr '\n' ' ' <"$OUT/page-$1.txt")" "$2"; }
date_on 8 "Samstag, 15. Mai 2021"
date_on 5 "Σάββατο 15 Μαΐου 2021"
date_on 6 "мая 2021"
date_on 7 "15 Mayıs 2021 Cumartesi"
date_on 9 "samedi 15 mai 2021"
date_on 10 "sábado, 15 de mayo de 2021"
date_on 11 "zaterdag 15 mei 2021"
# Arabic, Persian, Hebrew: weekday, month name and native digits, each on
# its own (poppler reorders the words of a right-to-left line and splits
# some Arabic words where cursive glyphs are positioned apart).
word_on() {
	local t
	t=$(python3 -c 'import sys; print("".join(c for c in open(sys.argv[1], encoding="utf-8").read()
		if not c.isspace() and not 0x202a <= ord(c) <= 0x202e))' "$OUT/page-$1.txt")
	contains "page $1 date in its language: $2" "$t" "$2"
}
for w in السبت مايو ١٥ ٢٠٢١; do word_on 1 "$w"; done
for w in شنبه ۱۵ ۲۰۲۱; do word_on 3 "$w"; done
word_on 2 "במאי"
# --latin-digits writes 0-9 instead.
$P render $L/corpus.yaml -l flyer-a5 -o "$OUT/latin.pdf" --latin-digits --quiet
t=$(pdftotext -f 1 -l 1 "$OUT/latin.pdf" - 2>/dev/null)
contains "--latin-digits: Arabic date with 2021" "$t" "2021"
case "$t" in *٢٠٢١*) fail "--latin-digits" "still Arabic-Indic digits" ;; *) ok "--latin-digits: no Arabic-Indic digits" ;; esac

# 6. Bidi: an Arabic title with a Latin hashtag, a date's numbers and a
# domain, in visual order (glyph x positions from pdftotext -bbox) against
# GNU FriBidi's visual order of the same logical text. placard isolates
# hashtags (FSI U+2068 ... PDI U+2069, UAX #9 §2.4) so the "#" stays with
# its word; FriBidi is given the same isolates.
expect_exit "bidi line renders" 0 $P render $L/bidi.yaml -l $L/line.layout.yaml -o "$OUT/bidi.pdf" --quiet
title=$(sed -n 's/^title: "\(.*\)"$/\1/p' $L/bidi.yaml)
fsi=$'\u2068' pdi=$'\u2069'
marked=${title//#FreePalestine/$fsi#FreePalestine$pdi}
visual_pdf=$(pdftotext -bbox "$OUT/bidi.pdf" - | python3 -c '
import sys, re, html, unicodedata
w = re.findall(r"<word xMin=\"([0-9.]+)\"[^>]*>([^<]*)</word>", sys.stdin.read())
w.sort(key=lambda x: float(x[0]))
print(unicodedata.normalize("NFKC", "".join(html.unescape(t) for _, t in w)))')
norm='import sys, unicodedata
s = unicodedata.normalize("NFKC", sys.stdin.read())
print("".join(c for c in s if not c.isspace() and c not in "\u2066\u2067\u2068\u2069\u200e\u200f"))'
visual_fribidi=$(printf '%s\n' "$marked" | fribidi --nopad --nobreak --clean | python3 -c "$norm")
plain_fribidi=$(printf '%s\n' "$title" | fribidi --nopad --nobreak --clean | python3 -c "$norm")
if [ -n "$visual_pdf" ] && [ "$visual_pdf" = "$visual_fribidi" ]; then
	ok "bidi: visual order matches fribidi"
else
	fail "bidi order" "pdf '$visual_pdf' fribidi '$visual_fribidi'"
fi
contains "bidi: '#' stays on the left of the Latin hashtag" "$visual_pdf" "#FreePalestine"
# Without the isolates plain UAX #9 would put the "#" on the other side:
# the comparison above can tell the two apart.
[ "$plain_fribidi" != "$visual_fribidi" ] && ok "bidi: the isolation changes the order" || fail "bidi isolation" "no difference"
# The numbers keep their own order: 15 right of 2021 (read right to left).
x15=$(pdftotext -bbox "$OUT/bidi.pdf" - | sed -n 's/.*xMin="\([0-9.]*\)".*>15<.*/\1/p')
x2021=$(pdftotext -bbox "$OUT/bidi.pdf" - | sed -n 's/.*xMin="\([0-9.]*\)".*>2021<.*/\1/p')
awk -v a="$x15" -v b="$x2021" 'BEGIN {exit !(a > b && b > 0)}' && ok "bidi: day right of year" || fail "bidi numbers" "15 at $x15, 2021 at $x2021"

# 7. A character outside the set: check exits 1 naming record, field,
# character and code point; --strict writes nothing; render writes, exit 1.
expect_exit "missing glyph: check" 1 $P check $L/missing.yaml
contains "missing glyph names the code point" "$ERR" "U+1230"
contains "missing glyph names the character" "$ERR" "'ሰ'"
contains "missing glyph names record and field" "$ERR" "record 2, field 'title'"
contains "missing glyph in a template names its field" "$ERR" "field 'venue': the character 'ሰ' U+1230"
contains "missing glyph names the file and line" "$ERR" "missing.yaml:9"
expect_exit "missing glyph: --strict" 1 $P render $L/missing.yaml -o "$OUT/missing.pdf" --strict
[ ! -e "$OUT/missing.pdf" ] && ok "--strict: nothing written" || fail "--strict" "file written"
expect_exit "missing glyph: render" 1 $P render $L/missing.yaml -o "$OUT/missing.pdf"
[ -f "$OUT/missing.pdf" ] && ok "render writes, with the problem reported" || fail "render" "no file"

# 8. Bilingual layouts: both languages on the page, each title in full.
expect_exit "poster-bilingual-a3 renders" 0 $P render $EX/bilingual.yaml -l poster-bilingual-a3 -o "$OUT/pb.pdf" --quiet
t=$(pdftotext -f 1 -l 1 "$OUT/pb.pdf" - 2>/dev/null)
contains "bilingual poster: German title" "$t" "Menschenrecht"
contains "bilingual poster: Arabic title" "$(python3 -c 'import sys,unicodedata; print(unicodedata.normalize("NFKC", sys.stdin.read()))' <<<"$t")" "الإنسان"
contains "bilingual poster: German date" "$t" "Samstag, 16. Mai 2026"
contains "bilingual poster: Arabic month" "$t" "مايو"
expect_exit "flyer-bilingual-a5 renders" 0 $P render $EX/bilingual.yaml -l flyer-bilingual-a5 -o "$OUT/fb.pdf" --quiet
expect_exit "sticker-bilingual-round-60 renders" 0 $P render $EX/stickers-bilingual.csv -l sticker-bilingual-round-60 -o "$OUT/sb.pdf" --quiet
t=$(pdftotext -f 1 -l 1 "$OUT/sb.pdf" - 2>/dev/null)
contains "bilingual sticker: German slogan" "$t" "Menschenrecht"
contains "bilingual sticker: Arabic slogan" "$t" "حق"
# Trim size, structure, and a QR code that decodes on every page.
declare -A want=([pb]="297x420 3 https://example.org/events/berlin https://example.org/events/beirut https://example.org/events/athens"
	[fb]="148x210 3 https://example.org/events/berlin https://example.org/events/beirut https://example.org/events/athens"
	[sb]="60x60 6 https://example.org/s/berlin https://example.org/s/beirut https://example.org/s/paris https://example.org/s/athens https://example.org/s/haifa https://example.org/s/madrid")
for k in pb fb sb; do
	read -r mm np urls <<<"${want[$k]}"
	[ "$(pages "$OUT/$k.pdf")" = "$np" ] && ok "$k: $np pages" || fail "$k pages" "$(pages "$OUT/$k.pdf")"
	[ "$(page_mm "$OUT/$k.pdf")" = "$mm" ] && ok "$k: $mm mm" || fail "$k size" "$(page_mm "$OUT/$k.pdf")"
	check "$k: qpdf --check" qpdf --check "$OUT/$k.pdf"
	j=0
	for u in $urls; do
		j=$((j + 1))
		got=$(qr_of_page "$OUT/$k.pdf" $j)
		[ "$got" = "$u" ] && ok "$k: page $j QR decodes" || fail "$k: page $j QR" "'$got', want '$u'"
	done
done
# Mirrored for the Arabic-first record (page 2): the Arabic column and the
# logo stand on the right, the English column on the left.
x_of() { pdftotext -f 2 -l 2 -bbox "$OUT/pb.pdf" - | grep -F ">$1<" | head -n1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/'; }
xv=$(x_of vigil)
awk -v x="$xv" 'BEGIN {exit !(x > 0 && x < 421)}' && ok "RTL primary: the English column is on the left" || fail "mirror" "'vigil' at x=$xv"
xv=$(pdftotext -f 1 -l 1 -bbox "$OUT/pb.pdf" - | grep -F '>Demonstration<' | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
awk -v x="$xv" 'BEGIN {exit !(x > 0 && x < 421)}' && ok "LTR primary: the German column is on the left" || fail "no mirror" "'Demonstration' at x=$xv"
lay=$($P layouts)
for l in poster-bilingual-a3 flyer-bilingual-a5 sticker-bilingual-round-60; do contains "layouts lists $l" "$lay" "$l"; done
echo done
