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

echo done
