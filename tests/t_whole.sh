#!/bin/bash
# Whole or absent (SPEC "Promises", issue 7): a render killed with SIGKILL
# half-way through a large batch leaves the earlier file byte for byte, or
# no file at all — and no temporary file either, since placard writes into
# an anonymous O_TMPFILE that the kernel frees when the process dies.
# "Half-way" is measured, not guessed: we watch the open temporary file in
# /proc/PID/fd and kill once it holds a few megabytes of the ~6 MB PDF.
source "$(dirname "$0")/lib.sh"

N=3000
csv="$OUT/batch.csv"
{
	echo "title,date,time,venue,city,url"
	for i in $(seq 1 $N); do echo "Event number $i,2021-05-15,15:00,Oranienplatz,Berlin,https://example.org/e/$i"; done
} >"$csv"

# kill_halfway OUTFILE: start a render of $csv into OUTFILE, SIGKILL it once
# its temporary file holds over 2 MB; sets KILLED_AT (bytes) and KILL_RC.
kill_halfway() {
	local out=$1 dir pid fd size=0 t=0
	dir=$(cd "$(dirname "$out")" && pwd)
	$P render "$csv" -o "$out" --quiet 2>/dev/null &
	pid=$!
	KILLED_AT=0
	while kill -0 $pid 2>/dev/null && [ $t -lt 1200 ]; do
		for fd in /proc/$pid/fd/*; do
			case "$(readlink "$fd" 2>/dev/null)" in
			"$dir"/*"(deleted)" | "$dir"/.placard-*)
				size=$(stat -L -c %s "$fd" 2>/dev/null || echo 0)
				if [ "${size:-0}" -gt 2000000 ]; then
					KILLED_AT=$size
					kill -KILL $pid
				fi
				;;
			esac
		done
		[ "$KILLED_AT" -gt 0 ] && break
		sleep 0.1
		t=$((t + 1))
	done
	wait $pid 2>/dev/null
	KILL_RC=$?
}

# 1. An earlier good file under the target name stays as it was.
$P render assets/examples/week-of-action.yaml -o "$OUT/poster.pdf" --quiet
cp "$OUT/poster.pdf" "$OUT/before.pdf"
kill_halfway "$OUT/poster.pdf"
[ "$KILL_RC" = 137 ] && [ "$KILLED_AT" -gt 0 ] && ok "render killed half-way (at $KILLED_AT bytes)" ||
	fail "kill" "the render was not killed in the middle (status $KILL_RC, at $KILLED_AT bytes)"
cmp -s "$OUT/poster.pdf" "$OUT/before.pdf" && ok "earlier file untouched" || fail "earlier file" "changed by a killed render"
check "earlier file still a valid PDF" qpdf --check "$OUT/poster.pdf"

# 2. No earlier file: none appears.
kill_halfway "$OUT/fresh.pdf"
[ "$KILL_RC" = 137 ] && [ "$KILLED_AT" -gt 0 ] && ok "second render killed half-way" || fail "kill 2" "status $KILL_RC"
[ ! -e "$OUT/fresh.pdf" ] && ok "no file after a killed render" || fail "fresh" "$OUT/fresh.pdf exists"

# 3. Nothing else left in the folder: no .placard-* temporary files.
left=$(ls -A "$OUT" | grep -v -x -e batch.csv -e poster.pdf -e before.pdf || true)
[ -z "$left" ] && ok "no temporary files left behind" || fail "leftovers" "$left"

# 4. The output path is never destroyed (issue 17): only a regular file or a
# missing name is replaced. Everything is made inside a temporary folder.
D=$(mktemp -d "$OUT/special.XXXXXX")
EXD=assets/examples/week-of-action.yaml
$P render $EXD -o - --quiet >"$D/stdout.pdf"
[ "$(head -c 5 "$D/stdout.pdf")" = "%PDF-" ] && [ "$(pages "$D/stdout.pdf")" = 4 ] &&
	ok "-o - writes the PDF to standard output" || fail "-o -" "$(head -c 20 "$D/stdout.pdf")"
# a link to standard output (what /dev/stdout is), made in the temporary folder
ln -s /proc/self/fd/1 "$D/to-stdout.pdf"
$P render $EXD -o "$D/to-stdout.pdf" --quiet >"$D/via-link.pdf"
[ "$(pages "$D/via-link.pdf")" = 4 ] && [ -L "$D/to-stdout.pdf" ] &&
	ok "a link to standard output is written through, and stays a link" || fail "-o link to stdout" "$(stat -c %F "$D/to-stdout.pdf")"
echo old >"$D/real.pdf"
ln -s real.pdf "$D/link.pdf"
expect_exit "-o a symbolic link to a file" 0 $P render $EXD -o "$D/link.pdf" --quiet
[ -L "$D/link.pdf" ] && [ "$(pages "$D/real.pdf")" = 4 ] && ok "... the link stays, its file gets the PDF" ||
	fail "symbolic link replaced" "$(stat -c %F "$D/link.pdf")"
mkfifo "$D/fifo.pdf"
timeout 60 cat "$D/fifo.pdf" >"$D/from-fifo.pdf" &
reader=$!
expect_exit "-o FIFO: written to" 0 $P render $EXD -o "$D/fifo.pdf" --quiet
wait $reader
[ -p "$D/fifo.pdf" ] && ok "... the FIFO is still a FIFO" || fail "the FIFO is still a FIFO" "$(stat -c %F "$D/fifo.pdf")"
[ "$(pages "$D/from-fifo.pdf")" = 4 ] && ok "... and its reader got the PDF" || fail "FIFO reader" "no PDF"
mkfifo "$D/noreader.pdf"
expect_exit "-o FIFO with no reader: an error, no hang" 3 timeout 30 $P render $EXD -o "$D/noreader.pdf" --quiet
contains "... saying so" "$ERR" "no reader"
if [ "$(id -u)" = 0 ] && mknod "$D/null" c 1 3 2>/dev/null; then
	expect_exit "-o a character device: written to" 0 $P render $EXD -o "$D/null" --quiet
	[ -c "$D/null" ] && ok "... the device node is still a device" || fail "device node replaced" "$(stat -c %F "$D/null")"
else
	ok "character device: skipped (needs root to make one in a temporary folder)"
fi
mkdir "$D/folder.pdf"
expect_exit "-o a folder: refused" 3 $P render $EXD -o "$D/folder.pdf" --quiet
contains "... saying it is a folder" "$ERR" "is a folder"
[ -d "$D/folder.pdf" ] && ok "... and the folder is untouched" || fail "folder replaced" "$(stat -c %F "$D/folder.pdf")"
mkdir "$D/pages"; mkdir "$D/pages/Berlin.png"
expect_exit "a PNG page whose name is a folder: refused" 3 $P render $EXD -o "$D/pages/{city}.png" --quiet
[ -d "$D/pages/Berlin.png" ] && ok "... and that folder is untouched" || fail "pattern folder replaced" "$(ls -la "$D/pages")"

# 5. Data that is not a regular file: a FIFO is refused at once (no hang);
# "-" reads standard input with the same limits.
mkfifo "$D/data.yaml"
expect_exit "a FIFO as data: refused at once" 2 timeout 30 $P render "$D/data.yaml" -o "$D/x.pdf"
contains "... saying what to do" "$ERR" "not a regular file"
printf -- '- title: Standard input\n  url: https://example.org/stdin\n' |
	$P render - -l flyer-a6 -o "$D/stdin.pdf" --quiet
contains "- reads the data from standard input" "$(pdftotext "$D/stdin.pdf" - 2>/dev/null)" "Standard input"
{ echo "- title: big"; echo "  body: >"; head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'a' | fold -w 70 | sed 's/^/    /'; } >"$D/big.txt"
expect_exit "standard input over the size limit: refused" 2 sh -c "$P render - -o '$D/big.pdf' <'$D/big.txt'"
contains "... saying why" "$ERR" "limit"
rm -f "$D/data.yaml" "$D/fifo.pdf" "$D/noreader.pdf"

echo done
