#!/bin/bash
# Reference images (issue 16): every built-in layout rendered from fixed data
# (tests/ref/data: Latin, Arabic-primary, bilingual) and looked at through
# poppler at about 40 dpi must match its picture in tests/ref/. A pixel
# counts as different when a channel is off by more than 48 (of 255); a
# render passes with at most 0.2 % of its pixels different (anti-aliasing
# and a font hinting change stay under that; a block that moves, a colour
# that changes or a line that drops out does not). On a failure the diff
# picture (the reference faded, the differing pixels red) is written next to
# the render. After a deliberate change: make refs, look, commit.
. "$(dirname "$0")/lib.sh"
T=$(pngtool_build) || fail "build tests/tools/pngtool.c" "cc failed"
TOL=48 SHARE=0.2%

PLACARD=$P tools/refs.sh "$OUT/new" || fail "render the reference pages" "tools/refs.sh failed"
n=0
for new in "$OUT"/new/*.png; do
	name=$(basename "$new" .png)
	ref=tests/ref/$name.png
	n=$((n + 1))
	if [ ! -f "$ref" ]; then
		fail "$name: has a reference image" "no $ref: run make refs, look at it and commit it"
		continue
	fi
	if msg=$("$T" refdiff "$ref" "$new" $TOL $SHARE "$OUT/$name-diff.png"); then
		ok "$name matches its reference ($msg)"
	else
		fail "$name matches its reference" "$msg; see $OUT/$name-diff.png and $new"
	fi
done
for ref in tests/ref/*.png; do
	[ -f "$OUT/new/$(basename "$ref")" ] || fail "$(basename "$ref" .png): still a built-in layout" "remove $ref (make refs)"
done
[ $n -ge 36 ] && ok "every layout × the three reference records ($n pages)" || fail "reference pages" "only $n"

# The comparison itself: a page with one block moved does not pass.
first=$(ls tests/ref/*.png | head -n1)
if [ -n "$first" ]; then
	"$T" refdiff "$first" "$first" $TOL $SHARE "$OUT/self.png" >/dev/null && ok "a reference matches itself" ||
		fail "a reference matches itself" "refdiff"
	other=$(ls tests/ref/*.png | grep -- "--arabic" | head -n1)
	same=$(ls tests/ref/*.png | grep -- "--latin" | head -n1)
	if "$T" refdiff "$same" "${same%--latin.png}--arabic.png" $TOL $SHARE "$OUT/other.png" >/dev/null; then
		fail "another record's page does not match" "$same passed as ${other}"
	else
		ok "another record's page does not match"
	fi
fi
echo done
