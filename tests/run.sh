#!/bin/bash
# placard's test runner (make test). Runs the unit test programs given as
# arguments, then every tests/t_*.sh script. Each check prints "ok"/"FAIL";
# the last line is "N passed, N failed" and the exit status is non-zero on
# any failure. Scripts check PDFs with tools nobody here wrote: pdfinfo,
# pdffonts, pdftotext, qpdf, zbarimg, Ghostscript.
set -u
cd "$(dirname "$0")/.."
export PLACARD_TEST_OUT=${PLACARD_TEST_OUT:-tests/out}
export PLACARD=${PLACARD:-./placard}
# librsvg 2.54 leaks a little per internal <!ENTITY>; nothing of ours.
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
rm -rf "$PLACARD_TEST_OUT"
mkdir -p "$PLACARD_TEST_OUT"
passed=0
failed=0
for t in "$@"; do
	log="$PLACARD_TEST_OUT/$(basename "$t").log"
	"$t" >"$log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1)
	p=$(echo "$line" | awk '{print $1}')
	f=$(echo "$line" | awk '{print $3}')
	if [ -z "$line" ] || [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
		f=$(( ${f:-0} + 1 ))
		echo "FAIL $t crashed or exited $rc (see $log)"
		tail -n 20 "$log"
	fi
	[ "${f:-0}" -gt 0 ] && grep FAIL "$log" | head -n 20
	echo "unit $(basename "$t"): ${p:-0} passed, ${f:-0} failed"
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
done
for s in tests/t_*.sh; do
	out="$PLACARD_TEST_OUT/$(basename "$s" .sh).log"
	bash "$s" >"$out" 2>&1
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^FAIL ' "$out")
	if ! tail -n1 "$out" | grep -q '^done$'; then
		echo "FAIL $s stopped early (see $out)"
		tail -n 15 "$out"
		f=$((f + 1))
	fi
	grep '^FAIL ' "$out" | head -n 30
	echo "script $(basename "$s"): $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
# make test adds up the summaries of its stages (tests/total.sh).
[ -n "${PLACARD_SUMMARY:-}" ] && echo "suite ($PLACARD): $passed passed, $failed failed" >>"$PLACARD_SUMMARY"
[ "$failed" -eq 0 ]
