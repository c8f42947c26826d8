#!/bin/bash
# Progress bar and summary (issue 6). The bar goes to stderr only when it is
# a terminal: util-linux `script` runs placard on a real pseudo-terminal and
# keeps what it showed. The summary's size is checked against stat(1) as
# rounded by coreutils' numfmt, and the page count against pdfinfo.
source "$(dirname "$0")/lib.sh"
L=tests/bench/flyer-bench.yaml

# on_tty COMMAND: runs it under a pseudo-terminal of 80 columns (stdin,
# stdout and stderr are the terminal); its exit status in $RC, everything
# the terminal showed in $TTY.
on_tty() {
	TTY=$(script -qec "stty cols ${COLS:-80}; $1" /dev/null </dev/null)
	RC=$?
}
# size_of FILE...: their total size the way numfmt --to=si writes it,
# in placard's words: "2.9 MB", "180 kB", "999 bytes"
size_of() {
	local n
	n=$(stat -c %s "$@" | awk '{ s += $1 } END { print s }')
	numfmt --to=si --round=nearest "$n" | sed -E 's/K$/ kB/; s/M$/ MB/; s/G$/ GB/; s/^([0-9]+)$/\1 bytes/'
}
BAR='\[[#.]+\] [0-9]+/50  [0-9]+ pages/s  [0-9]+ s left'

# 50 records, the 4th with a date that does not exist: skipped.
tests/bench/gen.sh 50 | sed '5s/,2026-[0-9][0-9]-[0-9][0-9],/,2026-02-30,/' >"$OUT/b50.csv"
grep -q '2026-02-30' "$OUT/b50.csv" && ok "one bad date in the data" || fail "bad date" "sed did not change record 4"

on_tty "$P render $OUT/b50.csv -l $L -o $OUT/tty.pdf"
[ "$RC" = 1 ] && ok "a record skipped: exit 1" || fail "exit" "$RC, wanted 1"
[[ "$TTY" =~ $BAR ]] && ok "a terminal shows the bar: done/total, pages/s, time left (${BASH_REMATCH[0]})" ||
	fail "bar on a terminal" "$(cat -v <<<"$TTY" | head -c 600)"
# Every redraw returns to the start of the line; the last one is erased
# before the messages, which then start at the left edge.
contains "the bar is erased before the messages" "$TTY" $'\r\e[Kplacard: error: '
last=$(tr '\r' '\n' <<<"$TTY" | grep -a '^placard: wrote')
pdf_pages=$(pages "$OUT/tty.pdf")
want="placard: wrote 49 pages (49 records, 1 skipped) to $OUT/tty.pdf ($(size_of "$OUT/tty.pdf"))."
[ "$last" = "$want" ] && ok "summary: $want" || fail "summary" "got '$last', wanted '$want'"
[ "$pdf_pages" = 49 ] && ok "the PDF has the 49 pages the summary says" || fail "pages" "pdfinfo: $pdf_pages"
contains "the skipped record is still named" "$TTY" "record 4, field 'date': 2026-02-30 is not a real date"

# A narrow terminal: every redraw fits in its 30 columns (29 drawn, so the
# cursor never wraps to the next line).
COLS=30 on_tty "$P render $OUT/b50.csv -l $L -o $OUT/narrow.pdf"
long=$(tr '\r' '\n' <<<"$TTY" | grep -a '/50' | sed 's/\x1b\[K//g' | awk 'length > 29' | head -n 3)
n=$(tr '\r' '\n' <<<"$TTY" | grep -ac '/50')
[ "$n" -gt 0 ] && [ -z "$long" ] && ok "narrow terminal: $n redraws, none wider than 29 columns" ||
	fail "narrow terminal" "$n redraws; too wide: $long"

# stderr a file, stdout still a terminal: no bar, but the summary.
on_tty "$P render $OUT/b50.csv -l $L -o $OUT/file.pdf 2>$OUT/stderr.txt"
err=$(cat "$OUT/stderr.txt")
[ -z "$(tr -d '\n' <"$OUT/stderr.txt" | tr -dc '\r\033')" ] && ok "stderr a file: no bar, no control characters" ||
	fail "stderr a file" "$(cat -v "$OUT/stderr.txt" | head -c 600)"
[[ ! "$TTY" =~ pages/s ]] && ok "stderr a file: nothing of the bar on the terminal either" || fail "bar elsewhere" "$(cat -v <<<"$TTY" | head -c 300)"
contains "stderr a file: the summary is there" "$err" "placard: wrote 49 pages (49 records, 1 skipped) to $OUT/file.pdf ($(size_of "$OUT/file.pdf"))."

# --quiet on a terminal: no bar, no summary; the error stays.
on_tty "$P render $OUT/b50.csv -l $L -o $OUT/quiet.pdf --quiet"
[[ ! "$TTY" =~ pages/s|/50 ]] && ok "--quiet: no bar" || fail "--quiet bar" "$(cat -v <<<"$TTY" | head -c 300)"
[[ ! "$TTY" =~ wrote ]] && ok "--quiet: no summary" || fail "--quiet summary" "$(cat -v <<<"$TTY")"
contains "--quiet: errors still printed" "$TTY" "(record skipped)"
[ "$(pages "$OUT/quiet.pdf")" = 49 ] && ok "--quiet: written all the same" || fail "--quiet output" "$(pages "$OUT/quiet.pdf")"

# check --json on a terminal: nothing but the JSON and the error lines.
on_tty "$P check $OUT/b50.csv -l $L --json"
[[ ! "$TTY" =~ pages/s|\[[#.]+\] ]] && ok "check --json: no bar" || fail "check --json bar" "$(cat -v <<<"$TTY" | head -c 300)"
# plain check: the bar, then its own summary line
on_tty "$P check $OUT/b50.csv -l $L"
[[ "$TTY" =~ $BAR ]] && ok "check on a terminal: the bar" || fail "check bar" "$(cat -v <<<"$TTY" | head -c 300)"
contains "check: its summary" "$TTY" "placard: checked 49 records: 1 finding."

# One record is not a batch: no bar.
tests/bench/gen.sh 1 >"$OUT/b1.csv"
on_tty "$P render $OUT/b1.csv -l $L -o $OUT/one.pdf"
[[ ! "$TTY" =~ /1|pages/s ]] && ok "one record: no bar" || fail "one record bar" "$(cat -v <<<"$TTY")"
last=$(tr '\r' '\n' <<<"$TTY" | grep -a '^placard: wrote')
want="placard: wrote 1 page (1 record) to $OUT/one.pdf ($(size_of "$OUT/one.pdf"))."
[ "$last" = "$want" ] && ok "one record: $want" || fail "one record summary" "got '$last', wanted '$want'"

# One file per record: how many files, their total size.
tests/bench/gen.sh 3 >"$OUT/b3.csv"
mkdir -p "$OUT/per"
touch -d '2020-01-01' "$OUT/per/old.pdf" # an older file the pattern matches: not counted
err=$($P render "$OUT/b3.csv" -l $L -o "$OUT/per/{city}.pdf" 2>&1)
files=$(ls "$OUT/per" | grep -vc '^old.pdf$')
want="placard: wrote 3 pages (3 records) to $OUT/per/{city}.pdf (one file per record, 3 files, $(size_of $(ls -d "$OUT"/per/*.pdf | grep -v '/old.pdf$')))."
[ "$files" = 3 ] && ok "3 files written" || fail "files" "$(ls "$OUT/per")"
[ "$err" = "$want" ] && ok "pattern summary: $want" || fail "pattern summary" "got '$err', wanted '$want'"

# Numbers over a thousand are grouped.
tests/bench/gen.sh 1001 >"$OUT/b1001.csv"
err=$($P render "$OUT/b1001.csv" -l $L -o "$OUT/b1001.pdf" 2>&1)
contains "1,001 pages" "$err" "placard: wrote 1,001 pages (1,001 records) to $OUT/b1001.pdf ($(size_of "$OUT/b1001.pdf"))."
echo done
