#!/bin/bash
# bench.sh — `make bench`: the reference job (one A5 flyer per CSV record,
# see gen.sh and flyer-bench.yaml) at several sizes, through placard and
# through the minimal cairo+Pango+libqrencode program baseline.c, and
# through Typst (flyer.typ) when it is installed, run in turns (placard,
# baseline, typst, placard, baseline, typst …) so all see the same machine
# load. Prints one table row per size and tool: median wall time,
# CPU time (user + system), pages per second, peak RSS of the process
# (/usr/bin/time; wall time from bash's clock), bytes per page, and placard / baseline ratios.
#
#   tests/bench/bench.sh [SIZE...]        default sizes: 1 200 1000 10000
# Environment: PLACARD (the binary), BASELINE (the baseline binary),
# BENCH_OUT (work folder, default /tmp/placard-bench), REPS (pairs per size,
# default 5; sizes of 10,000 and more run REPS_BIG pairs, default 1),
# PLACARD_THREADS (passed through to placard), TYPST (the Typst binary,
# default .bench/bin/typst as `make bench-typst` installs it; left out when
# absent), QRMATRIX (qrmatrix.c's binary, which encodes the QR codes for
# Typst before its timed run: Typst has no QR encoder).
# Not part of `make test`: timings are not assertions.
set -eu
cd "$(dirname "$0")/../.."
PLACARD=${PLACARD:-./placard}
BASELINE=${BASELINE:-build/bench-baseline}
OUT=${BENCH_OUT:-/tmp/placard-bench}
REPS=${REPS:-5}
REPS_BIG=${REPS_BIG:-1}
export PLACARD_DATADIR=${PLACARD_DATADIR:-$PWD}
QRMATRIX=${QRMATRIX:-build/bench-qrmatrix}
[ $# -gt 0 ] && sizes=("$@") || sizes=(1 200 1000 10000)
mkdir -p "$OUT"
tags=(placard baseline)
if [ -n "${TYPST:-}" ] && [ ! -x "$TYPST" ]; then
	echo "bench: TYPST=$TYPST is not an executable file; unset TYPST to leave Typst out, or run make bench-typst." >&2
	exit 1
fi
TYPST=${TYPST:-.bench/bin/typst}
if [ -x "$TYPST" ]; then
	[ -x "$QRMATRIX" ] || { echo "bench: $QRMATRIX is missing; make bench builds it (or set QRMATRIX)." >&2; exit 1; }
	tags+=(typst)
fi

# run TAG N COMMAND...: one timed run; appends "wall cpu rss_kb bytes" to $OUT/TAG-N.runs
run() {
	local tag=$1 n=$2 pdf="$OUT/$1-$2.pdf"
	shift 2
	rm -f "$pdf"
	local t0=$EPOCHREALTIME
	/usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" "$pdf" >/dev/null 2>"$OUT/$tag.err" ||
		{ echo "bench: $tag failed on $n records:" >&2; cat "$OUT/$tag.err" >&2; exit 1; }
	local t1=$EPOCHREALTIME got
	got=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
	[ "$got" = "$n" ] || { echo "bench: $tag wrote $got pages for $n records" >&2; exit 1; }
	awk -v b="$(stat -c %s "$pdf")" -v t0="${t0/,/.}" -v t1="${t1/,/.}" \
		'{printf "%.4f %.3f %d %d\n", t1 - t0, $2 + $3, $4, b}' "$OUT/time" >>"$OUT/$tag-$n.runs"
}

# median COLUMN FILE
median() { awk -v c="$1" '{print $c}' "$2" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

printf '%s, %s cores, %s\n' "$(date -u +%Y-%m-%d)" "$(nproc)" "$(uname -m)"
printf '| records | program | wall s | CPU s | pages/s | peak RSS MiB | bytes/page | wall × baseline | RSS × baseline | bytes × baseline |\n'
printf '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
	csv="$OUT/data-$n.csv"
	tests/bench/gen.sh "$n" >"$csv"
	rm -f "$OUT"/*-"$n".runs
	if [ -x "$TYPST" ]; then
		# Typst 0.10 takes no parameters: its job folder holds flyer.typ, the
		# data and the QR modules, all made here, before the timing.
		tdir="$OUT/typst-job-$n"
		mkdir -p "$tdir"
		cp tests/bench/flyer.typ "$tdir/flyer.typ"
		cp "$csv" "$tdir/data.csv"
		"$QRMATRIX" "$csv" >"$tdir/qr.txt"
	fi
	reps=$REPS
	[ "$n" -ge 10000 ] && reps=$REPS_BIG
	for ((i = 0; i < reps; i++)); do
		run placard "$n" "$PLACARD" render "$csv" -l tests/bench/flyer-bench.yaml --quiet -o
		run baseline "$n" "$BASELINE" "$csv"
		if [ -x "$TYPST" ]; then run typst "$n" "$TYPST" compile "$tdir/flyer.typ"; fi
	done
	bw=$(median 1 "$OUT/baseline-$n.runs")
	br=$(median 3 "$OUT/baseline-$n.runs")
	bb=$(median 4 "$OUT/baseline-$n.runs")
	for tag in "${tags[@]}"; do
		f="$OUT/$tag-$n.runs"
		w=$(median 1 "$f") c=$(median 2 "$f") r=$(median 3 "$f") b=$(median 4 "$f")
		awk -v n="$n" -v t="$tag" -v w="$w" -v c="$c" -v r="$r" -v b="$b" -v bw="$bw" -v br="$br" -v bb="$bb" 'BEGIN {
			printf "| %d | %s | %.2f | %.2f | %.0f | %.1f | %.0f | %.2f | %.2f | %.2f |\n",
				n, t, w, c, (w > 0 ? n / w : 0), r / 1024, b / n, (bw > 0 ? w / bw : 0), r / br, b / bb
		}'
	done
done
if [ -x "$TYPST" ]; then
	printf '\ntypst: %s (%s); its QR codes are encoded by qrmatrix.c before the timed run, Typst only draws them.\n' \
		"$("$TYPST" --version)" "$TYPST"
else
	printf '\ntypst: not installed, left out (make bench-typst installs it into .bench/, from npm).\n'
fi
