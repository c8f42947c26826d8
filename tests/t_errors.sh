#!/bin/bash
# The bad-input table (tests/cases/errors.txt): exit status, a message that
# names the file (and line or record) and what is wrong, and no output file
# left behind when nothing could be rendered. Plus checks the table cannot
# express: invalid UTF-8, an unwritable output, whole-or-absent output.
source "$(dirname "$0")/lib.sh"

# Fixtures too big or too odd to keep in git, written here; the table names
# them @GEN@/... (generated with shell tools only: CI has no Python).
GEN=$OUT/gen
mkdir -p "$GEN"
{ printf 'title: Big\nurl: https://example.org\nbody: '; yes 'Lorem ipsum dolor sit amet' | head -c 3000000 | tr '\n' ' '; echo; } >"$GEN/big-field.yaml"
{ printf 'title: Huge\n'; } >"$GEN/huge.yaml" && truncate -s 17M "$GEN/huge.yaml"
{ echo title; seq 1 100001 | sed 's/^/Event /'; } >"$GEN/many.csv"
printf '\xff\xfet\x00i\x00t\x00l\x00e\x00\n\x00' >"$GEN/utf16.csv"
printf 'PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml' >"$GEN/sheet.csv"
{ printf 'title: Long link\nurl: https://example.org/'; head -c 3000 /dev/zero | tr '\0' 'a'; echo; } >"$GEN/long-url.yaml"

# Every case runs under a time limit and, except under AddressSanitizer
# (which reserves terabytes of address space), a memory limit: bad input must
# fail fast and small, never hang or eat the machine.
VMEM_KB=1048576
ldd "$P" 2>/dev/null | grep -q libasan && VMEM_KB=unlimited
bounded() { (ulimit -v $VMEM_KB && exec timeout 60 "$@"); }

while IFS='|' read -r name args status frag; do
	name=$(echo "$name" | xargs)
	[ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
	status=$(echo "$status" | xargs)
	frag=$(echo "$frag" | sed 's/^ *//; s/ *$//')
	args=${args//@GEN@/$GEN}
	frag=${frag//@GEN@/$GEN}
	o="$OUT/${name// /-}.pdf"
	# shellcheck disable=SC2086
	if [[ "$args" == *" -o "* ]]; then o=$(echo "$args" | sed 's/.* -o \([^ ]*\).*/\1/'); expect_exit "$name" "$status" bounded $P $args
	else expect_exit "$name" "$status" bounded $P $args -o "$o"; fi
	contains "$name: message" "$ERR" "$frag"
	if [ "$status" -ge 2 ] || [[ "$args" == *--strict* ]]; then
		[ ! -f "$o" ] && ok "$name: no output file" || fail "$name: output" "$o was written"
	fi
	leftovers=$(ls -a "$OUT" "$GEN" | grep '^\.placard-' || true)
	[ -z "$leftovers" ] && ok "$name: no temporary file left" || fail "$name: temp" "$leftovers"
done <tests/cases/errors.txt

# A read-only folder and a full disk, for real: tmpfs mounts in a private
# mount namespace (the tests run as root, and chmod does not stop root).
# Exit 3, a message that says what to do, the earlier file untouched and no
# temporary file left. Without the right to mount, these two are skipped.
# on_mount NAME MOUNT-OPTIONS AFTER DATA: renders DATA over a "precious"
# keep.pdf in a fresh tmpfs; results in $OUT/NAME.{err,rc,keep,ls}.
on_mount() {
	local m=$OUT/$1
	mkdir -p "$m"
	unshare -m sh -c "mount -t tmpfs -o $2 tmpfs '$m' && echo precious >'$m/keep.pdf' && $3 &&
		{ (ulimit -v $VMEM_KB; exec timeout 60 $P render $4 -o '$m/keep.pdf') 2>'$m.err'; echo \$? >'$m.rc';
		  cat '$m/keep.pdf' >'$m.keep'; ls -A '$m' >'$m.ls'; }" 2>/dev/null
}
if unshare -m sh -c "mount -t tmpfs tmpfs '$GEN'" 2>/dev/null; then
	for c in "read-only folder|size=1m|mount -o remount,ro '$OUT/ro'|tests/cases/bom.csv|ro|is on a read-only disk" \
		 "full disk|size=64k|true|$EX/week-of-action.yaml|full|the disk is full"; do
		IFS='|' read -r name opts after data dir frag <<<"$c"
		on_mount "$dir" "$opts" "$after" "$data"
		[ "$(cat "$OUT/$dir.rc" 2>/dev/null)" = 3 ] && ok "$name (exit 3)" || fail "$name" "exit $(cat "$OUT/$dir.rc" 2>/dev/null)"
		contains "$name: message" "$(cat "$OUT/$dir.err" 2>/dev/null)" "keep.pdf: "
		contains "$name: says why" "$(cat "$OUT/$dir.err" 2>/dev/null)" "$frag"
		[ "$(cat "$OUT/$dir.keep" 2>/dev/null)" = precious ] && ok "$name: earlier file untouched" || fail "$name: earlier file" "changed"
		[ "$(cat "$OUT/$dir.ls" 2>/dev/null)" = keep.pdf ] && ok "$name: no temporary file left" || fail "$name: temp" "$(cat "$OUT/$dir.ls")"
	done
else
	echo "skip read-only folder and full disk: no permission to mount a tmpfs here"
fi

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

# Same input, same bytes, whatever the clock says: the dates are fixed.
$P render $EX/week-of-action.yaml -o "$OUT/r1.pdf" --quiet
$P render $EX/week-of-action.yaml -o "$OUT/r2.pdf" --quiet
cmp -s "$OUT/r1.pdf" "$OUT/r2.pdf" && ok "two renders are byte-identical" || fail "reproducible" "bytes differ"
case $(pdfinfo -isodates "$OUT/r1.pdf" | awk '/^CreationDate:/ {print $2}') in
"$(date -u +%Y-%m-%d)"*) fail "the creation date is not the clock's" "today's date in the PDF" ;;
?*) ok "the creation date is not the clock's" ;;
*) fail "the creation date is not the clock's" "no CreationDate" ;;
esac
# Privacy: what would really leak, looked for as whole strings where a PDF
# holds text about itself — the information dictionary, the XMP metadata,
# link and outline strings: the absolute paths of the data file and of the
# output, the home folder, the user's full name and the host name. (Not the
# folder the suite runs in: a short name like "c" occurs in any PDF.)
meta() { pdfinfo "$1"; pdfinfo -meta "$1"; pdfinfo -url "$1"; qpdf --json --json-key=outlines "$1"; } 2>/dev/null
abs_out=$(realpath "$OUT/r1.pdf")
needles=("$(realpath $EX/week-of-action.yaml)" "$(dirname "$abs_out")" "$(realpath $EX)")
[ "${HOME:-/}" != / ] && needles+=("$HOME")
full=$(getent passwd "$(id -un)" | cut -d: -f5 | cut -d, -f1)
[ ${#full} -ge 3 ] && needles+=("$full")
host=$(hostname 2>/dev/null)
[ ${#host} -ge 4 ] && needles+=("$host")
leak=""
text=$(meta "$OUT/r1.pdf")
for s in "${needles[@]}"; do
	grep -qF -- "$s" <<<"$text" && leak="$leak '$s'"
done
[ -z "$leak" ] && ok "no path, home folder, user or host name in the PDF's metadata and links" || fail "privacy" "found:$leak"
# ... and the check can see a leak where there is one: a link that holds the
# data file's path is found.
printf -- '- title: Leak\n  url: "https://example.org/?f=%s"\n' "$(realpath $EX/week-of-action.yaml)" >"$OUT/leak.yaml"
$P render "$OUT/leak.yaml" -o "$OUT/leak.pdf" --quiet
grep -qF -- "$(realpath $EX/week-of-action.yaml)" <<<"$(meta "$OUT/leak.pdf")" && ok "the privacy check sees a path in a link" ||
	fail "the privacy check sees a path in a link" "not found"
SOURCE_DATE_EPOCH=1621036800 $P render $EX/week-of-action.yaml -o "$OUT/r3.pdf" --quiet
contains "SOURCE_DATE_EPOCH honoured" "$(pdfinfo -isodates "$OUT/r3.pdf")" "2021-05-15T00:00:00"
contains "creator is placard" "$(pdfinfo "$OUT/r1.pdf")" "placard"
contains "title is the record's" "$(pdfinfo "$OUT/r1.pdf")" "Mieten runter"
echo done
