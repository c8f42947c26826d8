#!/bin/bash
# Layouts that bend (issue 12): three hashtags, a long organiser line and a
# long call to action on the small built-in layouts drop what does not fit,
# with notes that change no exit status; a title that cannot fit is still
# an error.
. "$(dirname "$0")/lib.sh"

cat >"$OUT/bend.yaml" <<'EOF2'
- title: Boycott G4S
  subtitle: Profiting from prisons
  organizer: Palestine Solidarity Campaign — Local Groups of the North-West Region
  call_to_action: Bring your friends, your neighbours, your colleagues and your banners
  hashtags: ["#SaveSheikhJarrah", "#WeekOfStruggle", "#FreeThePrisoners"]
  url: https://bds.example.org/boycott/g4s
EOF2
for l in sticker-square-50 sticker-rect-90x50 flyer-a6; do
	pdf=$OUT/bend-$l.pdf
	expect_exit "$l: three hashtags render" 0 $P render "$OUT/bend.yaml" -l $l -o "$pdf"
	case $ERR in *error:* | *warning:*) fail "$l: no error or warning" "$ERR" ;; *) ok "$l: no error or warning" ;; esac
	t=$(pdftotext "$pdf" - 2>/dev/null | tr '\n' ' ')
	contains "$l: the title is printed" "$t" "Boycott G4S"
	contains "$l: the first hashtag is printed" "$t" "#SaveSheikhJarrah"
	[ "$(qr_of_page "$pdf" 1)" = "https://bds.example.org/boycott/g4s" ] && ok "$l: the code decodes" || fail "$l: the code decodes" "$(qr_of_page "$pdf" 1)"
	expect_exit "$l: check exits 0" 0 $P check "$OUT/bend.yaml" -l $l
done
# Where not every hashtag fits, the note names the ones left out, and the
# page really lacks them.
expect_exit "sticker-rect-90x50: render" 0 $P render "$OUT/bend.yaml" -l sticker-rect-90x50 -o "$OUT/bend-sq.pdf"
contains "a dropped hashtag is a note" "$ERR" "note:"
contains "the note says which are left out" "$ERR" "left out"
t=$(pdftotext "$OUT/bend-sq.pdf" - 2>/dev/null | tr '\n' ' ')
case $t in *"#FreeThePrisoners"*) fail "the dropped hashtag is not on the page" "$t" ;; *) ok "the dropped hashtag is not on the page" ;; esac
expect_exit "--strict: a note is not a finding" 0 $P render "$OUT/bend.yaml" -l sticker-rect-90x50 --strict -o "$OUT/bend-strict.pdf"
expect_exit "--quiet hides notes" 0 $P render "$OUT/bend.yaml" -l sticker-rect-90x50 --quiet -o "$OUT/bend-q.pdf"
[ -z "$ERR" ] && ok "--quiet: nothing printed" || fail "--quiet: nothing printed" "$ERR"
j=$($P check "$OUT/bend.yaml" -l sticker-rect-90x50 --json 2>/dev/null)
contains "check --json: a dropped hashtag as a note" "$j" '"severity": "note"'
contains "check --json: names the hashtags field" "$j" '"field": "hashtags"'

# The optional organiser line on flyer-a5 drops out when too long for its one line.
cat >"$OUT/org.yaml" <<'EOF2'
- title: Rally
  organizer: "The Coordinating Committee of the Popular Struggle Against the Wall and the Settlements in the Villages of the West Bank"
  url: https://example.org/rally
EOF2
expect_exit "flyer-a5: long organiser line" 0 $P render "$OUT/org.yaml" -l flyer-a5 -o "$OUT/org.pdf"
contains "the organiser line left out is a note" "$ERR" "optional line is left out"
t=$(pdftotext "$OUT/org.pdf" - 2>/dev/null | tr '\n' ' ')
case $t in *Coordinating*) fail "the organiser is not printed cut" "$t" ;; *) ok "the organiser is not printed cut" ;; esac

# A title that cannot fit stays an error: titles are never optional.
title=$(printf 'Verteidigt Jerusalem %.0s' $(seq 40))
printf -- '- title: "%s"\n  url: https://example.org/x\n' "$title" >"$OUT/long-title.yaml"
expect_exit "a title that cannot fit: exit 1" 1 $P render "$OUT/long-title.yaml" -l sticker-square-50 -o "$OUT/long-title.pdf"
contains "a title that cannot fit: an error" "$ERR" "does not fit"
echo done
