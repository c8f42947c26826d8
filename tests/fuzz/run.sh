#!/bin/bash
# make fuzz: run each libFuzzer harness (tests/fuzz/fuzz_*.c, built into
# $FUZZ_B by the Makefile) for $FUZZ_SECONDS on a corpus seeded from the real
# samples: assets/examples, layouts, themes, tests/cases and the regression
# inputs. New corpus entries stay in $FUZZ_B/corpus (not committed). A crash
# is written to $FUZZ_B/crash-<harness>-*: minimise it, copy it into
# tests/fuzz/regress/<harness>/, fix the bug, and test_fuzz_regress replays it
# in `make test` from then on. Prints the executions of each harness.
set -u
cd "$(dirname "$0")/../.."
B=${FUZZ_B:-build-fuzz}
SECS=${FUZZ_SECONDS:-150}
status=0
summary=""
for h in "$@"; do
	corpus=$B/corpus/$h
	mkdir -p "$corpus"
	case $h in
	data) seeds="assets/examples/*.yaml tests/cases/*.yaml tests/cases/*.json" ;;
	csv) seeds="assets/examples/*.csv tests/cases/*.csv" ;;
	layout) seeds="layouts/*.yaml tests/unit/data/*.yaml assets/themes/*.yaml" ;;
	template) seeds="" ;;
	esac
	# shellcheck disable=SC2086
	for f in $seeds tests/fuzz/regress/$h/*; do
		[ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"
	done
	if [ "$h" = template ]; then
		# every text: and src: template of the built-in layouts, with fields
		i=0
		grep -h -E '^\s*(text|src):' layouts/*.yaml | sed -E 's/^\s*(text|src): *"?//; s/"$//' | sort -u |
			while IFS= read -r t; do
				i=$((i + 1))
				printf '%s\0venue=Oranienplatz\ncity=Berlin\ntitle=Hi\n' "$t" >"$corpus/seed-layout-$i"
			done
	fi
	dict=tests/fuzz/$h.dict
	[ -f "$dict" ] && dict="-dict=$dict" || dict=""
	log=$B/fuzz-$h.log
	echo "fuzz $h: ${SECS}s on $(ls "$corpus" | wc -l) inputs (log: $log)"
	# shellcheck disable=SC2086
	"$B/fuzz_$h" "$corpus" $dict -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$B/crash-$h-" >"$log" 2>&1
	rc=$?
	runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n1)
	line="fuzz $h: ${runs:-?} executions in ${SECS}s, $cov, corpus $(ls "$corpus" | wc -l)"
	if [ $rc -ne 0 ]; then
		line="$line — FINDING (exit $rc): $(ls "$B"/crash-"$h"-* 2>/dev/null | tr '\n' ' ')"
		grep -E 'ERROR|SUMMARY' "$log" | head -n 5
		status=1
	fi
	echo "$line"
	summary="$summary$line"$'\n'
done
echo "---"
printf '%s' "$summary"
exit $status
