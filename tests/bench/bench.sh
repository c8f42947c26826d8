#!/bin/bash
# bench.sh — `make bench`: two tables.
#
# 1. The product: built-in layouts (BENCH_LAYOUTS) on records shaped like
#    ../shared/corpus/ (gen.sh N corpus: event-platform URLs of 40–90
#    characters with query strings, so the labels under the codes print
#    shortened; organiser, three hashtags, an Arabic subtitle, a ~60-word
#    body), BENCH_RECORDS of them, through placard and through baseline.c
#    doing the same layout's work (`baseline -k LAYOUT`), in turns. Each
#    layout's placard run must exit 0: a QR code that the preflight cannot
#    decode makes it exit 1 and the bench stop. Then one placard run of
#    each layout at BENCH_RSS records, for its peak memory (is it flat?).
# 2. The same-work comparison: the reference job (one A5 flyer per record,
#    gen.sh and flyer-bench.yaml, a layout written to match baseline.c's
#    plain job) at BENCH_SIZES, through placard, baseline.c and Typst
#    (flyer.typ) when it is installed.
#
# Each row: median wall time (bash's clock) and CPU time (user + system)
# and the peak RSS of the process (/usr/bin/time), bytes per page, and
# placard / baseline ratios. Runs alternate (placard, baseline, typst,
# placard …) so all see the same machine load.
#
#   tests/bench/bench.sh [SIZE...]        SIZE...: table 2's sizes
# Environment: PLACARD (the binary), BASELINE (the baseline binary),
# BENCH_OUT (work folder, default /tmp/placard-bench), REPS (pairs per row,
# default 5; sizes of 10,000 and more run REPS_BIG pairs, default 1),
# BENCH_LAYOUTS (table 1, default "flyer-a5 poster-a3 sticker-round-60:A4";
# LAYOUT:PAPER means --sheet PAPER; "" leaves table 1 out), BENCH_RECORDS
# (default 1000), BENCH_RSS (default 10000; "" leaves the column out),
# BENCH_SIZES (table 2, default "1 1000"; "" leaves table 2 out),
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
LAYOUTS=${BENCH_LAYOUTS-flyer-a5 poster-a3 sticker-round-60:A4}
RECORDS=${BENCH_RECORDS:-1000}
RSS_AT=${BENCH_RSS-10000}
export PLACARD_DATADIR=${PLACARD_DATADIR:-$PWD}
QRMATRIX=${QRMATRIX:-build/bench-qrmatrix}
if [ $# -gt 0 ]; then sizes=("$@"); else read -r -a sizes <<<"${BENCH_SIZES-1 1000}"; fi
mkdir -p "$OUT"
tags=(placard baseline)
if [ -n "${TYPST:-}" ] && [ ! -x "$TYPST" ]; then
	echo "bench: TYPST=$TYPST is not an executable file; unset TYPST to leave Typst out, or run make bench-typst." >&2
	exit 1
fi
TYPST=${TYPST:-.bench/bin/typst}
if [ -x "$TYPST" ] && [ ${#sizes[@]} -gt 0 ]; then
	[ -x "$QRMATRIX" ] || { echo "bench: $QRMATRIX is missing; make bench builds it (or set QRMATRIX)." >&2; exit 1; }
	tags+=(typst)
fi

# run TAG KEY PAGES COMMAND...: one timed run of COMMAND ... OUT.pdf; appends
# "wall cpu rss_kb bytes pages" to $OUT/KEY.runs. PAGES: the pages it must
# write, or "-" for any number.
run() {
	local tag=$1 key=$2 want=$3 pdf="$OUT/$2.pdf"
	shift 3
	rm -f "$pdf"
	local t0=$EPOCHREALTIME
	/usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" "$pdf" >/dev/null 2>"$OUT/$tag.err" ||
		{ echo "bench: $tag failed ($key):" >&2; cat "$OUT/$tag.err" >&2; exit 1; }
	local t1=$EPOCHREALTIME got
	got=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
	[ "$want" = - ] || [ "$got" = "$want" ] || { echo "bench: $tag wrote $got pages, not $want ($key)" >&2; exit 1; }
	awk -v b="$(stat -c %s "$pdf")" -v p="$got" -v t0="${t0/,/.}" -v t1="${t1/,/.}" \
		'{printf "%.4f %.3f %d %d %d\n", t1 - t0, $2 + $3, $4, b, p}' "$OUT/time" >>"$OUT/$key.runs"
}

# median COLUMN FILE
median() { awk -v c="$1" '{print $c}' "$2" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

printf '%s, %s cores, %s, load average before the run: %s\n' "$(date -u +%Y-%m-%d)" "$(nproc)" "$(uname -m)" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- table 1: built-in layouts on corpus-shaped records ----
if [ -n "$LAYOUTS" ]; then
	n=$RECORDS
	csv="$OUT/corpus-$n.csv"
	tests/bench/gen.sh "$n" corpus >"$csv"
	if [ -n "$RSS_AT" ]; then
		big="$OUT/corpus-$RSS_AT.csv"
		tests/bench/gen.sh "$RSS_AT" corpus >"$big"
	fi
	printf '\nBuilt-in layouts, %s records shaped like ../shared/corpus/ (gen.sh %s corpus), %s runs each, medians:\n\n' "$n" "$n" "$REPS"
	printf '| layout | placard wall s | baseline wall s | wall × baseline | placard CPU s | CPU × baseline | placard peak RSS MiB | RSS at %s records MiB | baseline RSS MiB | pages | bytes/page × baseline |\n' "${RSS_AT:-–}"
	printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
	for spec in $LAYOUTS; do
		layout=${spec%%:*} paper= key=${spec/:/-}
		[ "$layout" != "$spec" ] && paper=${spec#*:}
		opts=(-l "$layout")
		[ -n "$paper" ] && opts+=(--sheet "$paper")
		rm -f "$OUT/p-$key.runs" "$OUT/b-$key.runs" "$OUT/big-$key.runs"
		for ((i = 0; i < REPS; i++)); do
			run baseline "b-$key" - "$BASELINE" -k "$layout" "$csv"
			# a sheet holds several designs: as many sheets as the baseline's
			want=$n
			[ -n "$paper" ] && want=$(awk '{print $5}' "$OUT/b-$key.runs" | tail -1)
			run placard "p-$key" "$want" "$PLACARD" render "$csv" "${opts[@]}" --quiet -o
		done
		rss_big=-
		if [ -n "$RSS_AT" ]; then
			run placard "big-$key" - "$PLACARD" render "$big" "${opts[@]}" --quiet -o
			rss_big=$(median 3 "$OUT/big-$key.runs")
		fi
		pw=$(median 1 "$OUT/p-$key.runs") pc=$(median 2 "$OUT/p-$key.runs") pr=$(median 3 "$OUT/p-$key.runs")
		pb=$(median 4 "$OUT/p-$key.runs") pages=$(median 5 "$OUT/p-$key.runs")
		bw=$(median 1 "$OUT/b-$key.runs") bc=$(median 2 "$OUT/b-$key.runs") br=$(median 3 "$OUT/b-$key.runs")
		bb=$(median 4 "$OUT/b-$key.runs")
		awk -v l="$layout${paper:+ --sheet $paper}" -v pw="$pw" -v pc="$pc" -v pr="$pr" -v pb="$pb" -v pages="$pages" \
			-v bw="$bw" -v bc="$bc" -v br="$br" -v bb="$bb" -v big="$rss_big" 'BEGIN {
			printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %s | %.1f | %d | %.2f |\n", l, pw, bw, pw / bw,
				pc, pc / bc, pr / 1024, big == "-" ? "–" : sprintf("%.1f", big / 1024), br / 1024, pages, pb / bb
		}'
	done
fi

# ---- table 2: the same-work comparison (flyer-bench.yaml) ----
[ ${#sizes[@]} -gt 0 ] || exit 0
printf '\nSame-work comparison: tests/bench/flyer-bench.yaml, a layout written to do what baseline.c does (gen.sh N), medians of %s runs (%s for 10,000 and more):\n\n' "$REPS" "$REPS_BIG"
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
		run placard "placard-$n" "$n" "$PLACARD" render "$csv" -l tests/bench/flyer-bench.yaml --quiet -o
		run baseline "baseline-$n" "$n" "$BASELINE" "$csv"
		if [ -x "$TYPST" ]; then run typst "typst-$n" "$n" "$TYPST" compile "$tdir/flyer.typ"; fi
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
