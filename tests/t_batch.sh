#!/bin/bash
# Batches (issue 6): a PDF batch is streamed through pdfstream.c into a
# temporary file and renamed at the end. Checked with qpdf, pdffonts,
# pdfinfo and zbarimg: a valid file, fonts embedded once however many pages,
# every sampled page's QR code decodes to its own record's URL, the same
# bytes twice, and --strict still leaves nothing behind.
source "$(dirname "$0")/lib.sh"
L=tests/bench/flyer-bench.yaml

tests/bench/gen.sh 1000 >"$OUT/b1000.csv"
head -201 "$OUT/b1000.csv" >"$OUT/b200.csv"
tests/bench/gen.sh 3 >"$OUT/b3.csv"
expect_exit "200-record batch" 0 $P render "$OUT/b200.csv" -l $L -o "$OUT/b200.pdf" --quiet
[ "$(pages "$OUT/b200.pdf")" = 200 ] && ok "200 pages" || fail "pages" "$(pages "$OUT/b200.pdf")"
check "qpdf --check" qpdf --check "$OUT/b200.pdf"
$P render "$OUT/b3.csv" -l $L -o "$OUT/b3.pdf" --quiet
f200=$(pdffonts "$OUT/b200.pdf" | tail -n +3 | wc -l)
f3=$(pdffonts "$OUT/b3.pdf" | tail -n +3 | wc -l)
[ "$f200" -gt 0 ] && [ "$f200" -le "$f3" ] && ok "fonts embedded once ($f200 font objects for 200 pages, $f3 for 3)" ||
	fail "fonts once" "$f200 font objects for 200 pages, $f3 for 3"
[ -z "$(pdffonts "$OUT/b200.pdf" | tail -n +3 | awk '$(NF-4) != "yes"')" ] && ok "every font embedded" || fail "embedded" "$(pdffonts "$OUT/b200.pdf")"
# A thousand records on two cores: a sample of pages' QR codes, decoded
# by zbarimg from a raster of the page, is each its own record's URL, and
# the same batch on one thread is the same file.
expect_exit "1,000-record batch" 0 $P render "$OUT/b1000.csv" -l $L -o "$OUT/b1000.pdf" --quiet
[ "$(pages "$OUT/b1000.pdf")" = 1000 ] && ok "1,000 pages" || fail "pages" "$(pages "$OUT/b1000.pdf")"
for n in 1 2 77 199 200 333 500 777 999 1000; do
	want=$(sed -n "$((n + 1))p" "$OUT/b1000.csv" | awk -F, '{print $NF}')
	got=$(qr_of_page "$OUT/b1000.pdf" $n)
	[ "$got" = "$want" ] && ok "page $n of 1,000: QR decodes to its URL" || fail "page $n QR" "got '$got', wanted '$want'"
done
PLACARD_THREADS=1 $P render "$OUT/b1000.csv" -l $L -o "$OUT/b1000-one.pdf" --quiet
cmp -s "$OUT/b1000-one.pdf" "$OUT/b1000.pdf" && ok "1,000 records: one thread and two, same bytes" || fail "threads 1,000" "PDFs differ"
# Each page's code is a link to its own URL (annotations written by the
# stream writer, one per page, numbered with what the page's resources free).
urls=$(pdfinfo -url "$OUT/b200.pdf" | tail -n +2)
[ "$(wc -l <<<"$urls")" = 200 ] && ok "200 link annotations" || fail "links" "$(wc -l <<<"$urls") links"
[ "$(awk '{print $1, $3}' <<<"$urls")" = "$(tail -n +2 "$OUT/b200.csv" | awk -F, '{print NR, $NF}')" ] &&
	ok "every page links to its own record's URL" || fail "link URLs" "$(diff <(awk '{print $1, $3}' <<<"$urls") <(tail -n +2 "$OUT/b200.csv" | awk -F, '{print NR, $NF}') | head -5)"
# Two codes on a page: links through cairo's tags; each page still has two
# links to its URL, and a valid file.
$P render "$OUT/b3.csv" -l tests/cases/batch-two-codes.layout.yaml -o "$OUT/two.pdf" --quiet
check "two codes a page: qpdf --check" qpdf --check "$OUT/two.pdf"
[ "$(pdfinfo -url "$OUT/two.pdf" | tail -n +2 | awk '{print $1, $3}')" = "$(tail -n +2 "$OUT/b3.csv" | awk -F, '{print NR, $NF; print NR, $NF}')" ] &&
	ok "two codes a page: two links each, to its URL" || fail "two links" "$(pdfinfo -url "$OUT/two.pdf")"
# The QR code is vector: no image on any page.
[ "$(pdfimages -list "$OUT/b200.pdf" | tail -n +3 | wc -l)" = 0 ] && ok "no images (QR stays vector)" || fail "vector QR" "images found"
contains "document title" "$(pdfinfo "$OUT/b200.pdf")" "Homes for All"
$P render "$OUT/b200.csv" -l $L -o "$OUT/b200-again.pdf" --quiet
cmp -s "$OUT/b200.pdf" "$OUT/b200-again.pdf" && ok "same batch, same bytes" || fail "reproducible batch" "bytes differ"
# Print-shop boxes come through the streaming writer too.
$P render "$OUT/b3.csv" -l $L --print -o "$OUT/b3-print.pdf" --quiet
contains "TrimBox" "$(pdfinfo -box "$OUT/b3-print.pdf")" "TrimBox:"
check "print qpdf --check" qpdf --check "$OUT/b3-print.pdf"
# --strict with a finding: nothing written, no temporary file left.
cp "$OUT/b3.csv" "$OUT/long.csv"
printf 'en,%s,x,2026-05-01,10:00,Hall,City,Body,https://example.org/x\n' "$(printf 'Overlong%.0s ' $(seq 1 80))" >>"$OUT/long.csv"
expect_exit "--strict batch with a finding" 1 $P render "$OUT/long.csv" -l $L --strict -o "$OUT/strict.pdf"
[ ! -e "$OUT/strict.pdf" ] && ok "--strict: nothing written" || fail "--strict" "file written"
[ -z "$(ls -a "$OUT" | grep '^\.placard-' || true)" ] && ok "no temporary file left" || fail "temp" "$(ls -a "$OUT")"
# Identical pages share one QR decode verdict (scan.c), yet a page whose
# code is covered (record 2's stamp) is still found, and only that one.
printf 'title,url,stamp\nOne,https://example.org/same,\nTwo,https://example.org/same,WWW\nThree,https://example.org/same,\nFour,https://example.org/same,\n' >"$OUT/stamp.csv"
expect_exit "covered code on one page of four" 1 $P check "$OUT/stamp.csv" -l tests/cases/batch-stamp.layout.yaml
contains "the covered page is found" "$ERR" "record 2, field 'url': the QR code does not scan"
[ "$(grep -c 'does not scan' <<<"$ERR")" = 1 ] && ok "only the covered page" || fail "covered page" "$ERR"
# Two cores. The default: records are read, checked and made ready (dates,
# QR codes encoded) on a second thread a few records ahead (feed.c), and
# zbar decodes the QR rasters on another (scanq.c), while this thread draws;
# PLACARD_THREADS=1 keeps everything on one thread. Same bytes, same
# findings, same order, whichever.
PLACARD_THREADS=1 $P render "$OUT/b200.csv" -l $L -o "$OUT/b200-one.pdf" --quiet
[ -s "$OUT/b200-one.pdf" ] && cmp -s "$OUT/b200-one.pdf" "$OUT/b200.pdf" && ok "one thread and the default (reading and zbar on a second core): same bytes" ||
	fail "threads" "PDFs differ"
one=$(PLACARD_THREADS=1 $P check "$OUT/long.csv" -l tests/cases/preflight-covered.layout.yaml 2>&1)
two=$($P check "$OUT/long.csv" -l tests/cases/preflight-covered.layout.yaml 2>&1)
contains "findings on two threads" "$two" "the QR code does not scan"
[ "$one" = "$two" ] && ok "one thread and two: same findings, same order" || fail "thread findings" "$(diff <(echo "$one") <(echo "$two"))"
# Bad records among good ones: skipped and reported in record order, the
# same on one thread and two; the rest are drawn.
{ head -1 "$OUT/b200.csv"; for i in $(seq 1 40); do
	sed -n "$((i + 1))p" "$OUT/b200.csv" | if [ $((i % 9)) = 4 ]; then sed 's/2026-[0-9]*-[0-9]*/2026-02-31/'; else cat; fi
done; } >"$OUT/mixed.csv"
one=$(PLACARD_THREADS=1 $P render "$OUT/mixed.csv" -l $L -o "$OUT/mixed-one.pdf" 2>&1)
two=$($P render "$OUT/mixed.csv" -l $L -o "$OUT/mixed.pdf" 2>&1)
[ "$(grep -c 'record skipped' <<<"$two")" = 5 ] && ok "5 bad records skipped" || fail "skipped" "$two"
[ "$(grep -o 'record [0-9][0-9]*' <<<"$two" | tr '\n' ' ')" = "record 4 record 13 record 22 record 31 record 40 " ] &&
	ok "skipped records named in order" || fail "skipped order" "$two"
[ "$(pages "$OUT/mixed.pdf")" = 35 ] && ok "35 pages for 35 good records" || fail "mixed pages" "$(pages "$OUT/mixed.pdf")"
[ "${one//mixed-one/mixed}" = "$two" ] && cmp -s "$OUT/mixed-one.pdf" "$OUT/mixed.pdf" && ok "mixed batch: same messages and bytes on one thread and two" ||
	fail "mixed threads" "$(diff <(echo "$one") <(echo "$two"))"
# QR verdicts that come back late from the second core land between the
# page's other findings: every page has one before its code (title in the
# safe margin), some one after (a pale note), every 7th a covered code.
{ echo "title,url,stamp,note"; for i in $(seq 1 60); do
	s=; [ $((i % 7)) = 3 ] && s=WWW; n=; [ $((i % 5)) = 0 ] && n="pale note $i"
	echo "Title $i,https://example.org/e/$((i % 4)),$s,$n"; done; } >"$OUT/order.csv"
one=$(PLACARD_THREADS=1 $P check "$OUT/order.csv" -l tests/cases/batch-order.layout.yaml --json 2>/dev/null)
two=$($P check "$OUT/order.csv" -l tests/cases/batch-order.layout.yaml --json 2>/dev/null)
[ "$(grep -c 'does not scan' <<<"$two")" = 9 ] && ok "9 covered codes found on two threads" || fail "covered codes" "$two"
r10=$(grep -o '"record": 10, "field": "[a-z]*"' <<<"$two" | tr '\n' ' ')
[ "$r10" = '"record": 10, "field": "title" "record": 10, "field": "url" "record": 10, "field": "note" ' ] &&
	ok "record 10: title, QR code, note, in drawing order" || fail "record 10 order" "$r10"
[ -n "$one" ] && [ "$one" = "$two" ] && ok "interleaved findings: same JSON on one thread and two" || fail "interleaved findings" "$(diff <(echo "$one") <(echo "$two"))"
echo done
