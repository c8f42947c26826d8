#!/bin/sh
# Adds up the stage summaries of `make test` (one "… N passed, N failed"
# line per stage in FILE) and prints the total as the run's last line.
# Fails when any check failed or fewer than EXPECTED stages finished (a
# stage that did not build or crashed writes no line).
file=$1 expected=$2
[ -f "$file" ] || : >"$file"
cat "$file"
awk -v want="$expected" '
	{ for (i = 1; i < NF; i++) { if ($(i+1) == "passed,") p += $i; if ($(i+1) == "failed") f += $i } n++ }
	END {
		if (n < want) { print "placard: " want - n " test stage(s) did not finish (see above)"; f += want - n }
		printf "%d passed, %d failed\n", p, f
		exit f ? 1 : 0
	}' "$file"
