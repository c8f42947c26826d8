#!/bin/bash
# Issue 18 acceptance: design that holds up on real content.
# 1. A title with a flag and a fist with a skin tone prints them (poppler
#    and mupdf rasters show the flag's green and the skin tone), with no
#    finding; in the mono theme they are grey pictures, the page has no
#    colour at all.
# 2. A record with nothing optional (tests/design/iftar.yaml) leaves no
#    horizontal band of empty page taller than 25 % on any poster or flyer.
# 3. Over every built-in layout and fourteen languages, no date line breaks
#    inside the date, the time or the time range: each, as printed alone on
#    a wide line, is found whole on one line of the page's text.
source "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
D=tests/design
R="python3 tests/tools/raster.py"

# 1. Flags and colour emoji.
expect_exit "emoji title: check finds nothing" 0 $P check $D/emoji.yaml -l poster-a3
json=$($P check $D/emoji.yaml -l poster-a3 --json 2>/dev/null)
[ "$json" = "[]" ] && ok "emoji title: no finding at all (json)" || fail "emoji findings" "$json"
expect_exit "emoji title renders" 0 $P render $D/emoji.yaml -l poster-a3 -o "$OUT/emoji.pdf"
pdftoppm -r 40 -singlefile "$OUT/emoji.pdf" "$OUT/emoji-poppler"
mutool draw -q -r 40 -o "$OUT/emoji-mupdf.ppm" "$OUT/emoji.pdf" 1 2>/dev/null ||
	mutool draw -r 40 -o "$OUT/emoji-mupdf.ppm" "$OUT/emoji.pdf" 1 >/dev/null 2>&1
for who in poppler mupdf; do
	# the title is on the red field (top half): green there is the flag's
	g=$($R count "$OUT/emoji-$who.ppm" green 0 0.45)
	s=$($R count "$OUT/emoji-$who.ppm" skin 0 0.45)
	[ "${g:-0}" -gt 40 ] && ok "$who shows the flag (green: $g px)" || fail "$who flag" "green pixels in the title: ${g:-none}"
	[ "${s:-0}" -gt 40 ] && ok "$who shows the fist's skin tone ($s px)" || fail "$who fist" "skin-tone pixels in the title: ${s:-none}"
done
g=$($R count "$OUT/emoji-poppler.ppm" green 0.45 1)
expect_exit "mono: renders" 0 $P render $D/emoji.yaml -l poster-a3 --theme mono -o "$OUT/emoji-mono.pdf"
pdftoppm -r 40 -singlefile "$OUT/emoji-mono.pdf" "$OUT/emoji-mono"
c=$($R count "$OUT/emoji-mono.ppm" colour)
[ "$c" = 0 ] && ok "mono: no colour pixel on the page" || fail "mono colour" "$c coloured pixels"
imgs=$(pdfimages -list "$OUT/emoji-mono.pdf" | awk 'NR > 2 && $3 == "image" {print $6}' | sort | uniq -c | tr -s ' ')
[ "$imgs" = " 2 gray" ] && ok "mono: flag and fist are grey pictures" || fail "mono pictures" "$imgs"
# the grey pictures are really there: mid-grey pixels where the title is
grey=$($R count "$OUT/emoji-mono.ppm" grey 0 0.45)
[ "$grey" -gt 40 ] && ok "mono: the emoji print in grey ($grey px)" || fail "mono grey" "$grey grey pixels"

# mono through --cmyk: black ink only (Ghostscript's ink coverage)
expect_exit "mono --cmyk: renders" 0 $P render $D/emoji.yaml -l poster-a3 --theme mono --cmyk -o "$OUT/emoji-mono-cmyk.pdf"
ink=$(gs -q -dSAFER -o - -sDEVICE=inkcov "$OUT/emoji-mono-cmyk.pdf" 2>/dev/null | head -1)
echo "$ink" | awk '{exit !($1 == 0 && $2 == 0 && $3 == 0 && $4 > 0)}' && ok "mono --cmyk: K only ($ink)" || fail "mono cmyk ink" "$ink"

# 1b. Text on a photo: preflight measures it against the photo's pixels,
# seen through the scrim. White on the bright horizon under a dark scrim
# passes; without the scrim, or with a faint one, it is an error that names
# the photo.
expect_exit "white on a photo under a scrim: check" 0 $P check $D/photo.yaml -l $D/photo-contrast.layout.yaml
cp $D/photo.yaml "$OUT/photo.yaml"
sed -i 's#\.\./\.\./assets#'"$PWD"'/assets#' "$OUT/photo.yaml"
for scrim in 0 0.15; do
	sed "s/opacity: 0.62/opacity: $scrim/" $D/photo-contrast.layout.yaml >"$OUT/scrim-$scrim.layout.yaml"
	expect_exit "scrim $scrim: check" 1 $P check "$OUT/photo.yaml" -l "$OUT/scrim-$scrim.layout.yaml"
	contains "scrim $scrim: the finding names the photo" "$ERR" "field 'title': the text \"On the bright horizon\" (#ffffff on the photo"
done
# The photo poster on its sample data: no finding, in every theme, and the
# photo really fills the page (to the bleed with --print).
for theme in ember night mono; do
	expect_exit "poster-photo-a3 ($theme): check" 0 $P check $EX/photo-poster.yaml -l poster-photo-a3 --theme $theme
	expect_exit "poster-type-a3 ($theme): check" 0 $P check $EX/week-of-action.yaml -l poster-type-a3 --theme $theme
done
expect_exit "poster-photo-a3 --print" 0 $P render $EX/photo-poster.yaml -l poster-photo-a3 --print -o "$OUT/photo-print.pdf"
pdfimages -list -f 1 -l 1 "$OUT/photo-print.pdf" | awk 'NR > 2 && $3 == "image" && $4 >= 3600 {found = 1} END {exit !found}' &&
	ok "the photo is embedded at full resolution" || fail "photo" "$(pdfimages -list -f 1 -l 1 "$OUT/photo-print.pdf")"
# An Arabic record: its lines end flush with the right margin (20 mm).
$P render $EX/photo-poster.yaml -l poster-photo-a3 -o "$OUT/photo.pdf" --quiet
pdftotext -f 2 -l 2 -bbox "$OUT/photo.pdf" - | python3 -c '
import re, sys
xs = [float(m) for m in re.findall(r"xMax=\"([0-9.]+)\"[^>]*>[^<]*[\u0600-\u06ff]", sys.stdin.read())]
sys.exit(0 if xs and 770 < max(xs) < 790 else 1)' && ok "Arabic photo poster: set flush right" || fail "rtl photo" "Arabic lines do not end at the right margin"

# 2. No dead space when the optional blocks are absent.
for layout in poster-a3 poster-a2 poster-tabloid poster-bilingual-a3 poster-photo-a3 poster-type-a3 \
	flyer-a5 flyer-a6 flyer-letter-half flyer-bilingual-a5 flyer-a5-2sided flyer-a6-2sided; do
	if ! $P render $D/iftar.yaml -l $layout -o "$OUT/iftar-$layout.pdf" --quiet 2>"$OUT/iftar-$layout.err"; then
		fail "iftar on $layout" "$(cat "$OUT/iftar-$layout.err")"
		continue
	fi
	pdftoppm -r 20 -singlefile "$OUT/iftar-$layout.pdf" "$OUT/iftar-$layout"
	b=$($R band "$OUT/iftar-$layout.ppm")
	awk -v b="$b" 'BEGIN {exit !(b <= 0.25)}' && ok "iftar on $layout: tallest empty band $b of the page" ||
		fail "iftar on $layout" "an empty band of $b of the page height"
	case $layout in *-2sided) # and its back (page 2)
		pdftoppm -r 20 -f 2 -l 2 -singlefile "$OUT/iftar-$layout.pdf" "$OUT/iftar-$layout-back"
		b=$($R band "$OUT/iftar-$layout-back.ppm")
		awk -v b="$b" 'BEGIN {exit !(b <= 0.25)}' && ok "iftar on $layout, back: tallest empty band $b of the page" ||
			fail "iftar on $layout, back" "an empty band of $b of the page height"
		;;
	esac
done

# 3. Unbreakable dates, times and time ranges.
expect_exit "dates alone on a wide line" 0 $P render $D/dates.yaml -l $D/when.layout.yaml -o "$OUT/when.pdf"
n=$(pages "$OUT/when.pdf")
for layout in $($P layouts | awk 'NR > 1 {print $1}'); do
	if ! $P render $D/dates.yaml -l $layout -o "$OUT/dates-$layout.pdf" --quiet 2>"$OUT/dates-$layout.err"; then
		fail "dates on $layout" "$(head -c 600 "$OUT/dates-$layout.err")"
		continue
	fi
	bad=$(python3 - "$OUT/when.pdf" "$OUT/dates-$layout.pdf" "$n" "$layout" <<'PY'
import re, subprocess, sys
ref, pdf, n, layout = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
# A unit is whole when one line holds all its words. Spaces are ignored in
# the comparison (poppler sometimes splits or joins Hebrew words), and so is
# the order of the words: in a right-to-left line a time range reads from
# the right, so its visual order is the reverse of the unit printed alone.
def squash(s):
    return "".join(s.split())
def lines(path, page):
    t = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), path, "-"],
                       capture_output=True, text=True).stdout
    t = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u2060]", "", t).replace("\u00a0", " ")
    return [" ".join(l.split()) for l in t.splitlines() if l.strip()]
bad, seen = [], 0
for page in range(1, n + 1):
    units = lines(ref, page)          # [date_text, time_range]
    got = lines(pdf, page)
    text = squash(" ".join(got))
    for u in units:
        first = u.split()[0]
        # the unit is on the page if its words all are; a sticker may not
        # print the date at all
        if not all(w in text for w in u.split()):
            continue
        seen += 1
        if not any(all(w in squash(l) for w in u.split()) for l in got):
            bad.append("page %d: '%s' broken: %s" % (page, u, " | ".join(l for l in got if first in l or u.split()[-1] in l)))
print("\n".join(bad) if bad else "ok %d" % seen)
PY
)
	case "$bad" in
	"ok 0") case $layout in sticker-*) ok "dates on $layout: the layout prints no date line" ;;
		*) fail "dates on $layout" "no date or time found on any page" ;; esac ;;
	ok*) ok "dates on $layout: ${bad#ok } dates and times, none broken" ;;
	*) fail "dates on $layout" "$bad" ;;
	esac
done
echo done
