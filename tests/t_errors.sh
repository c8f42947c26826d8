#!/bin/bash
# The bad-input table (tests/cases/errors.txt): exit status, a message that
# names the file (and line or record) and what is wrong, and no output file
# left behind when nothing could be rendered. Plus checks the table cannot
# express: invalid UTF-8, an unwritable output, whole-or-absent output.
source "$(dirname "$0")/lib.sh"

while IFS='|' read -r name args status frag; do
	name=$(echo "$name" | xargs)
	[ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
	status=$(echo "$status" | xargs)
	frag=$(echo "$frag" | sed 's/^ *//; s/ *$//')
	o="$OUT/${name// /-}.pdf"
	# shellcheck disable=SC2086
	if [[ "$args" == *" -o "* ]]; then o=x.docx; expect_exit "$name" "$status" $P $args
	else expect_exit "$name" "$status" $P $args -o "$o"; fi
	contains "$name: message" "$ERR" "$frag"
	if [ "$status" -ge 2 ] || [[ "$args" == *--strict* ]]; then
		[ ! -e "$o" ] && ok "$name: no output file" || fail "$name: output" "$o was written"
	fi
	leftovers=$(ls -a "$OUT" | grep '^\.placard-' || true)
	[ -z "$leftovers" ] && ok "$name: no temporary file left" || fail "$name: temp" "$leftovers"
done <tests/cases/errors.txt

# One bad record in a batch: the other two are rendered.
[ "$(pages "$OUT/one-bad-record.pdf")" = 2 ] && ok "batch renders the good records" || fail "batch" "pages: $(pages "$OUT/one-bad-record.pdf")"
# A CSV with a BOM renders, its first field named correctly.
expect_exit "csv with BOM" 0 $P render tests/cases/bom.csv -o "$OUT/bom.pdf" --quiet
contains "BOM csv title" "$(pdftotext "$OUT/bom.pdf" - 2>/dev/null)" "With a BOM"

# Invalid UTF-8 is rejected whole, with its line.
printf 'title: ok\nsubtitle: caf\xe9\n' >"$OUT/latin1.yaml"
expect_exit "invalid UTF-8" 2 $P render "$OUT/latin1.yaml" -o "$OUT/latin1.pdf"
contains "invalid UTF-8 message" "$ERR" "latin1.yaml:2"

# Cannot write: exit 3, and a good earlier file is never clobbered.
expect_exit "unwritable output" 3 $P render $EX/week-of-action.yaml -o /proc/placard-test.pdf
echo "precious" >"$OUT/keep.pdf"
expect_exit "failed render keeps old file" 2 $P render tests/cases/no-title.yaml -o "$OUT/keep.pdf"
[ "$(cat "$OUT/keep.pdf")" = precious ] && ok "old file untouched" || fail "old file" "clobbered"

# Same input, same bytes; no user, host or path in the PDF.
$P render $EX/week-of-action.yaml -o "$OUT/r1.pdf" --quiet
sleep 1
$P render $EX/week-of-action.yaml -o "$OUT/r2.pdf" --quiet
cmp -s "$OUT/r1.pdf" "$OUT/r2.pdf" && ok "two renders are byte-identical" || fail "reproducible" "bytes differ"
leak=""
for s in "$(id -un)" "$(hostname)" "$PWD" "$(basename "$PWD")/"; do
	qpdf --qdf --object-streams=disable "$OUT/r1.pdf" - | grep -aq -- "$s" && leak="$leak $s"
done
[ -z "$leak" ] && ok "no user, host or path in the PDF" || fail "privacy" "found:$leak"
SOURCE_DATE_EPOCH=1621036800 $P render $EX/week-of-action.yaml -o "$OUT/r3.pdf" --quiet
contains "SOURCE_DATE_EPOCH honoured" "$(pdfinfo -isodates "$OUT/r3.pdf")" "2021-05-15T00:00:00"
contains "creator is placard" "$(pdfinfo "$OUT/r1.pdf")" "placard"
contains "title is the record's" "$(pdfinfo "$OUT/r1.pdf")" "Mieten runter"
echo done
