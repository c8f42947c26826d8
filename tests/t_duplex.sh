#!/bin/bash
# Double-sided designs (issue 13, part 2): a layout's back: makes each record
# two pages; on --sheet A4 every back lands behind its own front for a duplex
# printer, long-edge (mirrored) or short-edge (turned) flip, within 0.1 mm,
# measured from the word positions poppler reads in the PDFs (pdftotext
# -bbox): each record's design on its own pages gives where a word sits in
# the design; on the sheets the front's words give where the design lies,
# and the back's words must lie where turning the paper over puts them.
# --back-offset moves the back sheet's content by exactly what it says;
# duplex-test prints two pages; the options are in --help and the README.
source "$(dirname "$0")/lib.sh"

mkdir -p "$OUT/png"
D=$OUT/four.yaml
cat >"$D" <<'EOF'
- title: Alpha
  body: bodyalpha is the reason why
  date: 2026-05-16
  time: "14:00"
  venue: Oranienplatz
  city: Berlin
  organizer: Tenants Together
  contact: info@example.org
  url: https://example.org/a
- title: Bravo
  body: bodybravo is the reason why
  city: Paris
  url: https://example.org/b
- title: Charlie
  body: bodycharlie is the reason why
  city: Rome
  url: https://example.org/c
- title: Delta
  body: bodydelta is the reason why
  city: Oslo
  url: https://example.org/d
EOF
fronts=(Alpha Bravo Charlie Delta)
backs=(bodyalpha bodybravo bodycharlie bodydelta)
urls=(https://example.org/a https://example.org/b https://example.org/c https://example.org/d)

# 1. Each record makes two pages, front then back.
for l in flyer-a5-2sided flyer-a6-2sided; do
	expect_exit "$l: render" 0 $P render "$D" -l $l -o "$OUT/$l.pdf"
	contains "$l: says 8 pages" "$ERR" "wrote 8 pages (4 records)"
	[ "$(pages "$OUT/$l.pdf")" = 8 ] && ok "$l: two pages a record" || fail "$l: pages" "$(pages "$OUT/$l.pdf")"
	t1=$(pdftotext -f 1 -l 1 "$OUT/$l.pdf" - | tr '\n' ' ')
	t2=$(pdftotext -f 2 -l 2 "$OUT/$l.pdf" - | tr '\n' ' ')
	case "$t1" in *bodyalpha*) fail "$l: the body is on the back only" "$t1" ;; *Alpha*) ok "$l: front first" ;; *) fail "$l: front" "$t1" ;; esac
	for w in bodyalpha Oranienplatz "Tenants Together" info@example.org; do
		case "$t2" in *"$w"*) ok "$l: the back shows $w" ;; *) fail "$l: back shows $w" "$t2" ;; esac
	done
	# both sides' codes open the event (no campaign: the back's falls back)
	[ "$(qr_of_page "$OUT/$l.pdf" 1)" = "${urls[0]}" ] && [ "$(qr_of_page "$OUT/$l.pdf" 2)" = "${urls[0]}" ] &&
		ok "$l: both sides' QR codes decode" || fail "$l: QR codes" "$(qr_of_page "$OUT/$l.pdf" 2)"
	check "$l: qpdf --check" qpdf --check "$OUT/$l.pdf"
done
# PNG: one page a file, the back in NAME-back.png beside the front
expect_exit "PNG of a double-sided record" 0 $P render "$D" -l flyer-a6-2sided -o "$OUT/png/{city}.png" --dpi 100
contains "PNG: says so" "$ERR" "wrote 8 pages (4 records)"
[ -f "$OUT/png/Berlin.png" ] && [ -f "$OUT/png/Berlin-back.png" ] && [ "$(ls "$OUT/png" | wc -l)" = 8 ] &&
	ok "PNG: Berlin.png and Berlin-back.png, 8 files" || fail "PNG files" "$(ls "$OUT/png" | tr '\n' ' ')"
cmp -s "$OUT/png/Berlin.png" "$OUT/png/Berlin-back.png" && fail "PNG: the back is another picture" "the same" ||
	ok "PNG: the back is another picture"
# A campaign: the back's second code opens the campaign.
C=$OUT/camp.yaml
printf 'campaign:\n  title: Week of Action\n  url: https://example.org/week\nevents:\n  - title: Alpha\n    url: https://example.org/a\n' >"$C"
expect_exit "campaign: render" 0 $P render "$C" -l flyer-a6-2sided -o "$OUT/camp.pdf"
[ "$(qr_of_page "$OUT/camp.pdf" 1)" = https://example.org/a ] && [ "$(qr_of_page "$OUT/camp.pdf" 2)" = https://example.org/week ] &&
	ok "campaign: front opens the event, back the campaign" || fail "campaign codes" "$(qr_of_page "$OUT/camp.pdf" 2)"
# --print: both sides get bleed, boxes and marks
expect_exit "--print" 0 $P render "$D" -l flyer-a5-2sided --print -o "$OUT/print.pdf"
boxes=$(pdfinfo -box -f 1 -l 8 "$OUT/print.pdf" | grep -c 'TrimBox:')
[ "$boxes" = 8 ] && ok "--print: a TrimBox on all 8 pages" || fail "--print boxes" "$boxes"
[ "$(page_mm "$OUT/print.pdf" 2)" = "$(page_mm "$OUT/print.pdf" 1)" ] && ok "--print: the back as large as the front (bleed, marks)" ||
	fail "--print back size" "$(page_mm "$OUT/print.pdf" 2)"
# check runs preflight on the back too: a back text that cannot fit is found
cat >"$OUT/bad.yaml" <<'EOF'
size: A6
blocks:
  - type: text
    text: "{title}"
    box: [10mm, 10mm, 80mm, 20mm]
back:
  blocks:
    - type: text
      text: "{body}"
      box: [10mm, 10mm, 20mm, 5mm]
      size: 12
EOF
expect_exit "check: a back that does not fit" 1 $P check "$D" -l "$OUT/bad.yaml"
contains "check: the finding names the back" "$ERR" "on the back: the text \"bodyalpha"

# 2. Sheets: four designs a side, each back behind its own front.
# where WORD lies on page N of PDF: x0 y0 x1 y1 (points, from the top left)
bbox() { pdftotext -bbox -f "$3" -l "$3" "$1" - | awk -v w="$2" -F'"' '$0 ~ ">"w"</word>" {print $2, $4, $6, $8; exit}'; }
plain=$OUT/flyer-a6-2sided.pdf
register() { # MODE SHEET.pdf DX DY (mm): prints the largest miss in mm, or "missing"
	local mode=$1 sheet=$2 dx=$3 dy=$4 i args=()
	for i in 0 1 2 3; do
		args+=("$(bbox "$plain" "${fronts[i]}" $((2 * i + 1)))" "$(bbox "$sheet" "${fronts[i]}" 1)"
			"$(bbox "$plain" "${backs[i]}" $((2 * i + 2)))" "$(bbox "$sheet" "${backs[i]}" 2)")
	done
	python3 - "$mode" "$dx" "$dy" "${args[@]}" <<'PY'
import sys
mode, dx, dy = sys.argv[1], float(sys.argv[2]) * 72 / 25.4, float(sys.argv[3]) * 72 / 25.4
PW, PH, W = 595.276, 841.89, 105 * 72 / 25.4   # A4 sheet, A6 trim
a = sys.argv[4:]
worst = 0
for i in range(4):
    try:
        f, F, b, B = [list(map(float, s.split())) for s in a[4 * i:4 * i + 4]]
    except ValueError:
        print("missing"); sys.exit()
    ox, oy = F[0] - f[0], F[1] - f[1]           # the front design's trim on the sheet
    # the back's point (u, v) lies behind the front's (W - u, v) when the
    # design is turned over like a page; the sheet's flip then moves it
    if mode == "long":
        want = [PW - ox - W + b[0], oy + b[1], PW - ox - W + b[2], oy + b[3]]
    else:
        want = [ox + W - b[2], PH - oy - b[3], ox + W - b[0], PH - oy - b[1]]
    want = [want[0] + dx, want[1] + dy, want[2] + dx, want[3] + dy]
    worst = max([worst] + [abs(B[k] - want[k]) for k in range(4)])
print("%.4f" % (worst * 25.4 / 72))
PY
}
codes() { # the QR codes decoded on page N, sorted, one line
	pdftoppm -r 200 -gray -f "$2" -l "$2" -singlefile -png "$1" "$OUT/codes" 2>/dev/null
	zbarimg --quiet --raw "$OUT/codes.png" 2>/dev/null | sort | tr '\n' ' '
}
for mode in long short; do
	S=$OUT/sheet-$mode.pdf
	expect_exit "--sheet A4 --duplex $mode" 0 $P render "$D" -l flyer-a6-2sided --sheet A4 --duplex $mode -o "$S"
	[ "$(pages "$S")" = 2 ] && ok "$mode: a front sheet and a back sheet" || fail "$mode: sheets" "$(pages "$S")"
	want="${urls[*]} "
	[ "$(codes "$S" 1)" = "$want" ] && ok "$mode: four designs on the front sheet (4 codes)" || fail "$mode: front codes" "$(codes "$S" 1)"
	[ "$(codes "$S" 2)" = "$want" ] && ok "$mode: four designs on the back sheet (4 codes)" || fail "$mode: back codes" "$(codes "$S" 2)"
	# rasterised: the code in each quarter of the front sheet, and in the
	# quarter of the back sheet the flip puts behind it (long: the other
	# column, short: the other row) — the same record's
	bad=
	for q in 0 1 2 3; do
		c=$((q % 2)) r=$((q / 2))
		if [ $mode = long ]; then bc=$((1 - c)) br=$r; else bc=$c br=$((1 - r)); fi
		f=$(pdftoppm -r 100 -gray -f 1 -l 1 -x $((c * 413)) -y $((r * 584)) -W 413 -H 584 -singlefile -png "$S" "$OUT/q" 2>/dev/null &&
			zbarimg --quiet --raw "$OUT/q.png" 2>/dev/null)
		b=$(pdftoppm -r 100 -gray -f 2 -l 2 -x $((bc * 413)) -y $((br * 584)) -W 413 -H 584 -singlefile -png "$S" "$OUT/q" 2>/dev/null &&
			zbarimg --quiet --raw "$OUT/q.png" 2>/dev/null)
		[ -n "$f" ] && [ "$f" = "$b" ] || bad+=" quarter $q: front '$f', behind it '$b';"
	done
	[ -z "$bad" ] && ok "$mode: rasterised, each quarter's back is its front's record" || fail "$mode: backs behind fronts (raster)" "$bad"
	miss=$(register $mode "$S" 0 0)
	if [ "$miss" != missing ] && awk -v m="$miss" 'BEGIN {exit !(m <= 0.1)}'; then
		ok "$mode: each back lies behind its own front (largest miss $miss mm)"
	else
		fail "$mode: backs in register" "largest miss $miss mm"
	fi
	# the other flip's geometry does not pass: the check can fail
	other=$([ $mode = long ] && echo short || echo long)
	miss=$(register $other "$S" 0 0)
	awk -v m="$miss" 'BEGIN {exit !(m == "missing" || m > 1)}' && ok "$mode: not in register for a $other-edge flip" ||
		fail "$mode: the check tells the flips apart" "$miss"
	check "$mode: qpdf --check" qpdf --check "$S"
done

# A5 on A4: two designs turned a quarter; the back of the top one is in the
# top half after a long-edge flip, in the bottom half after a short-edge one.
for mode in long short; do
	S=$OUT/a5-$mode.pdf
	expect_exit "A5 on A4, --duplex $mode" 0 $P render "$D" -l flyer-a5-2sided --sheet A4 --duplex $mode -o "$S"
	bad=
	for h in 0 1; do
		bh=$h
		[ $mode = short ] && bh=$((1 - h))
		f=$(pdftoppm -r 100 -gray -f 1 -l 1 -x 0 -y $((h * 584)) -W 827 -H 584 -singlefile -png "$S" "$OUT/h" 2>/dev/null &&
			zbarimg --quiet --raw "$OUT/h.png" 2>/dev/null)
		b=$(pdftoppm -r 100 -gray -f 2 -l 2 -x 0 -y $((bh * 584)) -W 827 -H 584 -singlefile -png "$S" "$OUT/h" 2>/dev/null &&
			zbarimg --quiet --raw "$OUT/h.png" 2>/dev/null)
		[ -n "$f" ] && [ "$f" = "$b" ] || bad+=" half $h: front '$f', behind it '$b';"
	done
	[ -z "$bad" ] && ok "A5 $mode: each turned design's back behind its front (raster)" || fail "A5 $mode backs" "$bad"
done

# crop marks on both sides: the mark on the middle cut line at the top edge
# (5 mm long, from the paper's edge) is on the back sheet too, behind it
T=$(pngtool_build)
S=$OUT/sheet-long.pdf
for pg in 1 2; do
	pdftoppm -r 254 -gray -f $pg -l $pg -singlefile -png "$S" "$OUT/marks-$pg" 2>/dev/null
	# 10 px a mm: the cut at x = 105 mm, the mark in the top 5 mm (not in the artwork's white)
	n=$("$T" dark "$OUT/marks-$pg.png" 1045 0 10 45)
	[ "${n:-0}" -ge 20 ] && ok "page $pg: a crop mark on the middle cut ($n dark pixels)" || fail "page $pg: crop mark" "${n:-none} dark pixels"
done

# 3. --back-offset moves the back sheet's content by exactly that; the front stays.
S2=$OUT/offset.pdf
expect_exit "--back-offset 1.5,-1" 0 $P render "$D" -l flyer-a6-2sided --sheet A4 --back-offset 1.5,-1 -o "$S2"
# near "DX DY" "WX WY": within 0.005 mm (cairo writes text positions to 0.01 pt)
near() { echo "$1 $2" | awk '{exit !($1 - $3 < 0.005 && $3 - $1 < 0.005 && $2 - $4 < 0.005 && $4 - $2 < 0.005)}'; }
moved() { # PDF_A PDF_B WORD PAGE: dx dy in mm from A to B
	local a b
	a=$(bbox "$1" "$3" "$4")
	b=$(bbox "$2" "$3" "$4")
	echo "$a $b" | awk '{printf "%.3f %.3f\n", ($5 - $1) * 25.4 / 72, ($6 - $2) * 25.4 / 72}'
}
for w in bodyalpha bodydelta; do
	got=$(moved "$OUT/sheet-long.pdf" "$S2" $w 2)
	near "$got" "1.5 -1" && ok "--back-offset: $w on the back moved 1.5 mm right, 1 mm up ($got)" || fail "--back-offset $w" "moved $got"
done
got=$(moved "$OUT/sheet-long.pdf" "$S2" Alpha 1)
near "$got" "0 0" && ok "--back-offset: the front did not move" || fail "--back-offset front" "moved $got"
# and on plain pages (no sheet), the back page moves, the front does not
expect_exit "--back-offset on plain pages" 0 $P render "$D" -l flyer-a6-2sided --back-offset 1.5,-1 -o "$OUT/plain-off.pdf"
got=$(moved "$plain" "$OUT/plain-off.pdf" bodyalpha 2)
near "$got" "1.5 -1" && ok "--back-offset: a plain back page moved ($got)" || fail "--back-offset plain" "moved $got"
miss=$(register long "$S2" 1.5 -1)
awk -v m="$miss" 'BEGIN {exit !(m != "missing" && m <= 0.1)}' && ok "--back-offset: behind the front, shifted (miss $miss mm)" ||
	fail "--back-offset register" "$miss"
expect_exit "--back-offset without Y" 2 $P render "$D" -l flyer-a6-2sided --back-offset 1.5 -o "$OUT/x.pdf"
contains "--back-offset: says how" "$ERR" "X,Y in mm"
expect_exit "--duplex sideways" 2 $P render "$D" -l flyer-a6-2sided --duplex sideways -o "$OUT/x.pdf"
expect_exit "--sheet --cmyk double-sided: refused" 2 $P render "$D" -l flyer-a6-2sided --sheet A4 --cmyk -o "$OUT/x.pdf"
contains "refusal says what to leave out" "$ERR" "Leave out --fill, --cmyk"

# 4. duplex-test: two pages, a cross and rulers on both sides.
expect_exit "duplex-test" 0 $P duplex-test --sheet A4 -o "$OUT/dt.pdf"
[ "$(pages "$OUT/dt.pdf")" = 2 ] && ok "duplex-test: 2 pages" || fail "duplex-test pages" "$(pages "$OUT/dt.pdf")"
[ "$(page_mm "$OUT/dt.pdf" 1)" = 210x297 ] && ok "duplex-test: on A4" || fail "duplex-test size" "$(page_mm "$OUT/dt.pdf" 1)"
case "$(pdftotext -f 2 -l 2 "$OUT/dt.pdf" - | tr '\n' ' ')" in *back*+40*) ok "duplex-test: the back's rulers read as offsets" ;; *) fail "duplex-test back" "no labels" ;; esac
check "duplex-test: qpdf --check" qpdf --check "$OUT/dt.pdf"
expect_exit "duplex-test --back-offset" 0 $P duplex-test --sheet letter --back-offset 2,0 -o "$OUT/dt2.pdf"
got=$(moved "$OUT/dt.pdf" "$OUT/dt2.pdf" "+40" 2)
[ "${got%% *}" = 2.000 ] || [ "$(page_mm "$OUT/dt2.pdf" 1)" = 216x279 ] && ok "duplex-test: letter, offset" || fail "duplex-test offset" "$got"

# 5. Documented.
help=$($P --help)
for o in --duplex --back-offset duplex-test; do
	contains "--help names $o" "$help" "$o"
	grep -q -- "$o" README.md && ok "README documents $o" || fail "README $o" "not found"
done
for l in flyer-a5-2sided flyer-a6-2sided; do
	grep -q "$l" README.md && ok "README shows $l" || fail "README $l" "not found"
done
echo done
