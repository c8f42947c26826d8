#!/bin/bash
# QR labels that always print (issue 12): the default label is the link as a
# person would type it; a label too wide for its code shrinks, takes two
# lines, then is cut at a path boundary with "…" (a note), the host whole; a
# url_label the record gives is printed as written, or cut with a warning.
# Notes change no exit status. Real-shaped data (tests/cases/real, copied
# from the organisers' corpus) renders in every built-in layout.
. "$(dirname "$0")/lib.sh"
REAL=tests/cases/real

# text of page N, line breaks kept as they are printed
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }

cat >"$OUT/labels.yaml" <<'EOF'
- title: Query and www
  url: https://www.eventbrite.de/e/rally-123?aff=ebdssbdestsearch#tickets
- title: Escapes
  url: https://example.org/acci%C3%B3n-madrid?x=1
- title: IDN
  url: https://xn--bcher-kva.example/termine/
- title: Own label
  url: https://example.org/very/long/path/that/nobody/types?ref=x
  url_label: "Route & meeting point"
EOF
pdf=$OUT/labels-a3.pdf
expect_exit "label rules: render" 0 $P render "$OUT/labels.yaml" -l poster-a3 -o "$pdf"
case $ERR in *note:* | *warning:*) fail "label rules: nothing to note" "$ERR" ;; *) ok "label rules: nothing to note" ;; esac
t=$(page_text "$pdf" 1)
contains "query, fragment, scheme and www stripped" "$t" "eventbrite.de/e/rally-123"
case $t in *https* | *www.* | *aff=* | *tickets*) fail "nothing of the query printed" "$t" ;; *) ok "nothing of the query printed" ;; esac
contains "%-escapes decoded" "$(page_text "$pdf" 2)" "example.org/acción-madrid"
contains "IDN host in Unicode" "$(page_text "$pdf" 3)" "bücher.example/termine"
contains "a url_label of the record's own is printed as written" "$(page_text "$pdf" 4)" "Route & meeting point"
for i in 1 2 3 4; do
	want=$(awk -v n=$i '/url:/ {if (++k == n) print $2}' "$OUT/labels.yaml")
	got=$(qr_of_page "$pdf" $i)
	[ "$got" = "$want" ] && ok "label page $i: the code still opens the full URL" || fail "label page $i: QR" "'$got' != '$want'"
done

# Two lines: too long for one line under an A5 flyer's code, but whole on two.
cat >"$OUT/two.yaml" <<'EOF'
title: Iftar and speak-out
url: https://actionnetwork.org/events/iftar-and-speak-out-for-jerusalem?source=direct_link&
EOF
expect_exit "two-line label: render" 0 $P render "$OUT/two.yaml" -l flyer-a5 -o "$OUT/two.pdf"
case $ERR in *note:*) fail "two-line label: not shortened" "$ERR" ;; *) ok "two-line label: not shortened" ;; esac
t=$(page_text "$OUT/two.pdf" 1)
l1=$(echo "$t" | grep -n "actionnetwork.org/" | head -n1 | cut -d: -f1)
l2=$(echo "$t" | grep -n "jerusalem" | tail -n1 | cut -d: -f1)
[ -n "$l1" ] && [ -n "$l2" ] && [ "$l2" = $((l1 + 1)) ] && ok "two-line label: host on the first line, the rest on the next" ||
	fail "two-line label: lines" "$t"
case $(echo "$t" | tr -d ' \n') in *actionnetwork.org/events/iftar-and-speak-out-for-jerusalem*) ok "two-line label: whole" ;;
*) fail "two-line label: whole" "$t" ;; esac

# Cut at a path boundary: a 60 mm sticker's code cannot carry this link's
# label; the host stays whole, a note says so, the exit status is 0.
cat >"$OUT/cut.yaml" <<'EOF'
title: Freedom
url: https://solidarity.example.net/ar/events/2021-05-17-frankfurt-freedom-for-the-prisoners
EOF
expect_exit "cut label: render" 0 $P render "$OUT/cut.yaml" -l sticker-round-60 -o "$OUT/cut.pdf"
contains "cut label: a note, not an error" "$ERR" "note:"
contains "cut label: the note names the field" "$ERR" "field 'url_label'"
contains "cut label: the note says the code opens the whole link" "$ERR" "the code itself opens the whole link"
t=$(page_text "$OUT/cut.pdf" 1 | tr -d ' \n')
case $t in *solidarity.example.net/*…*) ok "cut label: host whole, cut after a '/' with …" ;; *) fail "cut label: printed" "$t" ;; esac
case $t in *prisoners*) fail "cut label: the end is cut" "$t" ;; *) ok "cut label: the end is cut" ;; esac
got=$(qr_of_page "$OUT/cut.pdf" 1)
[ "$got" = "https://solidarity.example.net/ar/events/2021-05-17-frankfurt-freedom-for-the-prisoners" ] &&
	ok "cut label: the code opens the full URL" || fail "cut label: QR" "'$got'"
expect_exit "--quiet hides notes" 0 $P render "$OUT/cut.yaml" -l sticker-round-60 -o "$OUT/cut.pdf" --quiet
[ -z "$ERR" ] && ok "--quiet: nothing printed" || fail "--quiet: nothing printed" "$ERR"
rm -f "$OUT/strict.pdf"
expect_exit "--strict: a note fails nothing" 0 $P render "$OUT/cut.yaml" -l sticker-round-60 -o "$OUT/strict.pdf"
[ -s "$OUT/strict.pdf" ] && ok "--strict: written despite a note" || fail "--strict: written" "no file"
expect_exit "check: a note only gives exit 0" 0 $P check "$OUT/cut.yaml" -l sticker-round-60
contains "check: counts the note" "$ERR" "0 findings, 1 note"
j=$($P check "$OUT/cut.yaml" -l sticker-round-60 --json 2>/dev/null)
contains "check --json: severity note" "$j" '"severity": "note"'

# A url_label of the record's own that cannot fit is cut the same way, with
# a warning (exit 0).
cat >"$OUT/own.yaml" <<'EOF'
title: Boycott
url: https://bds.example.org/x
url_label: bds.example.org/campaigns/boycott-the-dates-of-the-occupation
EOF
expect_exit "own long label: render" 0 $P render "$OUT/own.yaml" -l sticker-round-60 -o "$OUT/own.pdf"
contains "own long label: a warning" "$ERR" "warning:"
contains "own long label: the warning quotes it" "$ERR" "the url_label \"bds.example.org/campaigns/boycott-the-dates-of-the-occupation\" is too long"
t=$(page_text "$OUT/own.pdf" 1 | tr -d ' \n')
case $t in *bds.example.org/*…*) ok "own long label: cut after a '/'" ;; *) fail "own long label: printed" "$t" ;; esac

# ---- the organisers' corpus through every built-in layout ----
# Each page's code decodes to its record's full URL, with a label under it
# (its host at least), and nothing is reported but notes.
urls() { # the URLs of a data file, in record order
	case $1 in
	*.csv) awk -F, 'NR > 1 {print $6}' "$1" ;;
	*) awk '/^    url:/ {print $2}' "$1" ;;
	esac
}
corpus_check() { # LAYOUT FILE [--sheet A4]
	local l=$1 f=$2 name=$1-$(basename "$2" | cut -d. -f1)${3:+-sheet} pdf
	shift 2
	pdf=$OUT/$name.pdf
	expect_exit "corpus $name: render" 0 $P render "$f" -l "$l" "$@" -o "$pdf"
	case $ERR in *error:* | *warning:*) fail "corpus $name: only notes" "$ERR" ;; *) ok "corpus $name: only notes" ;; esac
	mapfile -t want < <(urls "$f")
	# a double-sided layout (back:): two pages a record, the front first;
	# the back's code opens the campaign (week-of-struggle) or the event
	local sides=1 camp
	grep -q '^back:' "layouts/$l.yaml" 2>/dev/null && sides=2
	camp=$(awk '/^  url:/ {print $2; exit}' "$f")
	if [ $# -gt 0 ]; then # sheets: every code on the sheets, in any order
		local got all=("${want[@]}")
		[ $sides = 2 ] && all+=("${want[@]}") # the backs' codes: the event's (a CSV has no campaign)
		got=$(for i in $(seq 1 "$(pages "$pdf")"); do qr_of_page "$pdf" "$i"; done | sort)
		[ "$got" = "$(printf '%s\n' "${all[@]}" | sort)" ] && ok "corpus $name: every code decodes" ||
			fail "corpus $name: codes" "$got"
		return
	fi
	[ "$(pages "$pdf")" = $((sides * ${#want[@]})) ] && ok "corpus $name: $sides page(s) per record" || fail "corpus $name: pages" "$(pages "$pdf")"
	local bad=
	for i in "${!want[@]}"; do
		local u=${want[i]} host n=$((sides * i + 1))
		host=${u#*://}
		host=${host#www.}
		host=${host%%/*}
		[ "$(qr_of_page "$pdf" $n)" = "$u" ] || bad+=" page $n: QR;"
		page_text "$pdf" $n | grep -qF "$host" || bad+=" page $n: no label '$host';"
		if [ $sides = 2 ]; then
			[ "$(qr_of_page "$pdf" $((n + 1)))" = "${camp:-$u}" ] || bad+=" page $((n + 1)) (back): QR;"
		fi
	done
	[ -z "$bad" ] && ok "corpus $name: codes decode to full URLs, labels printed" || fail "corpus $name" "$bad"
}
# Images for sharing and the street-name plate have no QR code (the story
# has one) and are not checked on sheets here: each
# record renders with notes only, its link printed when it fits (a note
# says when it does not).
social_check() { # LAYOUT FILE
	local l=$1 f=$2 name=$1-$(basename "$2" | cut -d. -f1) pdf
	pdf=$OUT/$name.pdf
	expect_exit "corpus $name: render" 0 $P render "$f" -l "$l" -o "$pdf"
	case $ERR in *error:* | *warning:*) fail "corpus $name: only notes" "$ERR" ;; *) ok "corpus $name: only notes" ;; esac
	mapfile -t want < <(urls "$f")
	[ "$(pages "$pdf")" = ${#want[@]} ] && ok "corpus $name: a page per record" || fail "corpus $name: pages" "$(pages "$pdf")"
	[ -z "$(qr_of_page "$pdf" 1)" ] && ok "corpus $name: no QR code" || fail "corpus $name: no QR code" "one scans"
}
for l in $($P layouts | awk 'NR > 1 {print $1}'); do
	case $l in schedule-*) continue ;; esac # one page for a whole run: t_schedule.sh
	case $l in social-square | social-portrait | link-card | sticker-street-sign)
		social_check "$l" $REAL/week-of-struggle.yaml
		social_check "$l" $REAL/boycott-stickers.csv
		continue ;;
	esac
	case $l in
	sticker*) ;;
	banner*) QR_DPI=30 corpus_check "$l" $REAL/week-of-struggle.yaml ;;
	*) corpus_check "$l" $REAL/week-of-struggle.yaml ;;
	esac
	case $l in poster* | social-story | banner*) ;; *)
		corpus_check "$l" $REAL/boycott-stickers.csv
		corpus_check "$l" $REAL/boycott-stickers.csv --sheet A4
		;;
	esac
done
expect_exit "check on the corpus: notes only" 0 $P check $REAL/week-of-struggle.yaml -l flyer-a6
echo done
