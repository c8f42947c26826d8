#!/bin/bash
# Schedule layouts (block type: events): a run's events on one poster,
# sorted and grouped by day, every per-event QR code decoding to its own
# event's URL, longer lists continued on a second page with a note, short
# ones printed larger, Arabic-primary lists right to left, CSV as YAML.
. "$(dirname "$0")/lib.sh"
C=tests/cases/schedule
WOS=$C/week-of-struggle.yaml   # a copy of ../shared/corpus/week-of-struggle.yaml

# ---- 1. the corpus campaign on schedule-poster-a3: one page ----
expect_exit "week of struggle: render" 0 $P render $WOS -l schedule-poster-a3 -o "$OUT/wos.pdf"
case $ERR in *error:* | *warning:*) fail "week of struggle: nothing but notes" "$ERR" ;; *) ok "week of struggle: nothing but notes" ;; esac
contains "week of struggle: the summary counts the events" "$ERR" "wrote 1 page (6 events)"
[ "$(pages "$OUT/wos.pdf")" = 1 ] && ok "week of struggle: one page for six events" || fail "pages" "$(pages "$OUT/wos.pdf")"

# Every event's city (its venue when it has none), its day and its time,
# under the heading of its day, the days in order: read in drawing order
# (pdftotext -raw), the expectations computed from the YAML itself.
pdftotext -raw "$OUT/wos.pdf" "$OUT/wos.txt" 2>/dev/null
python3 - "$WOS" "$OUT/wos.txt" <<'EOF' && ok "week of struggle: every event under its day, days and times in order" || fail "week of struggle: order" "see above"
import sys, re, datetime, unicodedata
src, txt = open(sys.argv[1]).read(), open(sys.argv[2]).read()
txt = unicodedata.normalize("NFKC", txt)
events, cur = [], None
for line in src.split("\n"):
    m = re.match(r"  - (\w+): (.*)", line) or re.match(r"    (\w+): (.*)", line)
    if line.startswith("  - "):
        cur = {}; events.append(cur)
    if m and cur is not None and m.group(1) not in cur:
        cur[m.group(1)] = m.group(2).strip('"')
def heading(d):
    d = datetime.date.fromisoformat(d)
    return d.strftime("%A, %B ") + str(d.day) + d.strftime(", %Y")
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
def times(ev):
    h, m = map(int, ev["time"].split(":"))
    c = ["%d:%02d" % (h, m), "%02d:%02d" % (h, m), "%d:%02d" % ((h - 1) % 12 + 1, m)]
    return c + [t.translate(AR) for t in c]
bad = []
days = sorted({e["date"] for e in events})
pos = [txt.find(heading(d)) for d in days]
if -1 in pos or pos != sorted(pos):
    bad.append("day headings missing or out of order: %s" % list(zip(days, pos)))
for e in events:
    i = days.index(e["date"])
    lo, hi = pos[i], pos[i + 1] if i + 1 < len(pos) else len(txt)
    part = txt[lo:hi]
    where = unicodedata.normalize("NFKC", e.get("city", e["venue"]).split(",")[0])
    flat = re.sub("[\\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", part)
    if where not in part and where.replace(" ", "") not in flat:
        bad.append("%s not under %s" % (where, heading(e["date"])))
    if not any(t in part or t in flat for t in times(e)):
        bad.append("%s: time %s not under its day" % (where, e["time"]))
if bad:
    print("\n".join(bad)); sys.exit(1)
EOF

# Every code decodes, each to its own event's URL: the raster cut to each
# link area of the page (a code is its link), decoded alone; the event's
# first line (its time and city) stands beside its code; the campaign's
# URL is one of them.
qr_check() { # PDF NAME [rtl] [PAGE]: "url<TAB>words beside its code<TAB>count" per code
	python3 - "$1" "$OUT/$2" "${3:-}" "${4:-1}" <<'EOF'
import sys, json, subprocess, re, html
pdf, base, rtl, pn = sys.argv[1], sys.argv[2], sys.argv[3] == "rtl", int(sys.argv[4])
j = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, text=True).stdout)
objs = j["qpdf"][1]
def get(v):
    while isinstance(v, str) and v.endswith(" R"):
        v = objs["obj:" + v]["value"]
    return v
page = get(j["pages"][pn - 1]["object"])
links = []
for a in get(page.get("/Annots", [])):
    a = get(a)
    if a.get("/Subtype") == "/Link":
        uri = get(a["/A"])["/URI"]
        links.append(([float(x) for x in get(a["/Rect"])], uri[2:] if uri.startswith("u:") else uri))
out = subprocess.run(["pdfinfo", "-f", str(pn), "-l", str(pn), pdf], capture_output=True, text=True).stdout
W, H = map(float, re.search(r"Page +%d size:\s+([0-9.]+) x ([0-9.]+)" % pn, out).groups())
dpi, bad = 200, []
words = re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>',
                   subprocess.run(["pdftotext", "-f", str(pn), "-l", str(pn), "-bbox", pdf, "-"], capture_output=True, text=True).stdout)
for n, (r, uri) in enumerate(links):
    x0, y0, x1, y1 = r[0], H - r[3], r[2], H - r[1]
    s = dpi / 72
    png = "%s-p%d-qr%d" % (base, pn, n)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(pn), "-l", str(pn),
                    "-x", str(int(x0 * s) - 4), "-y", str(int(y0 * s) - 4), "-W", str(int((x1 - x0) * s) + 8),
                    "-H", str(int((y1 - y0) * s) + 8), pdf, png], check=True)
    got = subprocess.run(["zbarimg", "--quiet", "--raw", png + ".png"], capture_output=True, text=True).stdout.strip()
    if got != uri:
        bad.append("code %d decodes to %r, its link is %r" % (n, got, uri))
    # the words of the entry's first line: level with the code's top, beside it
    near = [w for w in words if y0 - 2 <= float(w[1]) <= y0 + 0.3 * (y1 - y0) and
            (0 <= float(w[0]) - x1 < 40 if not rtl else 0 <= x0 - float(w[2]) < 40)]
    beside = [w[4] for w in words if near and abs(float(w[1]) - float(near[0][1])) < 1 and
              (0 <= float(w[0]) - x1 < 0.4 * W if not rtl else 0 <= x0 - float(w[2]) < 0.4 * W)]
    print("%s\t%s\t%d" % (uri, html.unescape(" ".join(beside)), len(beside)))
if bad:
    print("\n".join(bad), file=sys.stderr); sys.exit(1)
EOF
}
codes=$(qr_check "$OUT/wos.pdf" wos) && ok "week of struggle: every code decodes to the URL of its link" || fail "codes" "$codes"
want=$(awk '/^  url:|^    url:/ {print $2}' $WOS | sort)
got=$(printf '%s\n' "$codes" | cut -f1 | sort)
[ "$got" = "$want" ] && ok "week of struggle: a code per event and the campaign's, no other" || fail "code set" "$got"
bad=
for city in Berlin Toulouse Madrid Brooklyn; do
	u=$(awk -v c="$city" '/^    url:/ {u=$2} /^    city:/ && index($0, c) {print u; exit}' $WOS)
	u=$(awk -v c="$city" '/^  - / {u=""; k=0} /^    url:/ {u=$2} /^    city:/ && index($0, c) {k=1} k && u {print u; exit}' $WOS)
	printf '%s\n' "$codes" | awk -F'\t' -v u="$u" -v c="$city" '$1 == u && index($2, c) {f=1} END {exit !f}' || bad+=" $city ($u)"
done
[ -z "$bad" ] && ok "week of struggle: each code stands beside its own event (time and city)" || fail "code beside its event" "$bad"
camp=$(awk '/^  url:/ {print $2; exit}' $WOS)
printf '%s\n' "$codes" | cut -f1 | grep -qxF "$camp" && ok "week of struggle: the page's main code opens the campaign URL" || fail "campaign code" "$codes"

# ---- 2. a CSV of the same events gives the same poster ----
expect_exit "CSV: render" 0 $P render $C/week-of-struggle.csv -l schedule-poster-a3 -o "$OUT/csv.pdf"
[ "$(pdftotext "$OUT/csv.pdf" - 2>/dev/null)" = "$(pdftotext "$OUT/wos.pdf" - 2>/dev/null)" ] &&
	ok "CSV: the same poster's text as the YAML" || fail "CSV" "text differs"
[ "$(qr_check "$OUT/csv.pdf" csv | cut -f1 | sort)" = "$want" ] && ok "CSV: the same codes" || fail "CSV codes" "differ"

# ---- 3. 40 events: a second page, a note, nothing cut; 3 events: larger ----
python3 - "$OUT" <<'EOF'
import sys
out = sys.argv[1]
cities = ["Berlin", "Paris", "Madrid", "London", "Roma", "Wien", "Oslo", "Lisboa", "Dublin", "Praha"]
def camp(n, name, lang=None, ar=False):
    L = ["campaign:", "  title: Week of Struggle", "  url: https://example.org/week"]
    if lang:
        L.append("  lang: " + lang)
    L.append("events:")
    for i in range(n):
        L.append("  - title: " + ("Event number %d" % (i + 1) if not ar else "فعالية رقم %d" % (i + 1)))
        if ar:
            L.append("    lang: ar")
        L.append("    date: 2021-05-%02d" % (1 + i // 5))
        L.append('    time: "%02d:00"' % (9 + (i % 5) * 2))
        L.append("    city: " + (cities[i % 10] if not ar else ["القدس", "غزة", "رام الله"][i % 3]))
        L.append("    venue: " + ("Square %d" % (i + 1) if not ar else "ساحة الحرية"))
        L.append("    url: https://example.org/e/%d" % (i + 1))
    open("%s/%s" % (out, name), "w").write("\n".join(L) + "\n")
camp(40, "e40.yaml")
camp(3, "e3.yaml")
camp(5, "ar.yaml", lang="ar", ar=True)
camp(5, "ltr.yaml")
EOF
expect_exit "40 events: render" 0 $P render "$OUT/e40.yaml" -l schedule-poster-a3 -o "$OUT/e40.pdf"
contains "40 events: a note says the list continues" "$ERR" "note:"
contains "40 events: ... on 2 pages" "$ERR" "continues on 2 pages"
[ "$(pages "$OUT/e40.pdf")" = 2 ] && ok "40 events: two pages" || fail "40 events: pages" "$(pages "$OUT/e40.pdf")"
p2=$(pdftotext -f 2 -l 2 "$OUT/e40.pdf" - 2>/dev/null)
contains "40 events: page 2 has a 'Continued' heading" "$p2" "Continued"
contains "40 events: page 1 says it continues" "$(pdftotext -f 1 -l 1 "$OUT/e40.pdf" - 2>/dev/null)" "Continued on the next page"
all=$(pdftotext "$OUT/e40.pdf" - 2>/dev/null)
miss=
for i in $(seq 1 40); do printf '%s\n' "$all" | grep -qx "Event number $i" || miss+=" $i"; done
[ -z "$miss" ] && ok "40 events: every event printed (no silent cut)" || fail "40 events: missing" "$miss"
c40=$( (qr_check "$OUT/e40.pdf" e40 "" 1 && qr_check "$OUT/e40.pdf" e40 "" 2) | cut -f1 | sort -u)
[ "$(printf '%s\n' "$c40" | grep -c /e/)" = 40 ] && ok "40 events: all 40 codes decode, across the two pages" || fail "40 events: codes" "$c40"
expect_exit "3 events: render" 0 $P render "$OUT/e3.yaml" -l schedule-poster-a3 -o "$OUT/e3.pdf"
hword() { pdftotext -f 1 -l 1 -bbox "$1" - | grep -F ">$2<" | head -n1 | sed 's/.*yMin="\([0-9.]*\)" xMax="[0-9.]*" yMax="\([0-9.]*\)".*/\2 \1/' | awk '{print $1 - $2}'; }
h3=$(hword "$OUT/e3.pdf" Berlin) h40=$(hword "$OUT/e40.pdf" Berlin) h6=$(hword "$OUT/wos.pdf" Oranienplatz)
awk -v a="$h3" -v b="$h40" -v c="$h6" 'BEGIN {exit !(a > 1.5 * b && a > c)}' &&
	ok "3 events: printed larger (line height $h3 pt, 6 events $h6, 40 events $h40)" || fail "3 events: size" "$h3 vs $h40, $h6"
y3=$(pdftotext -f 1 -l 1 -bbox "$OUT/e3.pdf" - | grep -F '>Madrid<' | sed 's/.*yMax="\([0-9.]*\)".*/\1/')
awk -v y="$y3" 'BEGIN {exit !(y > 500)}' && ok "3 events: the list fills the page (last entry at y=$y3 pt)" || fail "3 events: fill" "$y3"

# ---- 4. Arabic-primary: the list reads right to left ----
expect_exit "Arabic campaign: render" 0 $P render "$OUT/ar.yaml" -l schedule-poster-a3 -o "$OUT/ar.pdf"
expect_exit "LTR twin: render" 0 $P render "$OUT/ltr.yaml" -l schedule-poster-a3 -o "$OUT/ltr.pdf"
bb() { pdftotext -f 1 -l 1 -bbox "$1" -; }
# The day heading in Arabic, in the right-hand column (the first); in the
# English twin, on the left.
xr=$(bb "$OUT/ar.pdf" | grep -F '>٢٠٢١<' | head -n1 | sed 's/.*yMin="\([0-9.]*\)".*/\1/')
xr=$(bb "$OUT/ar.pdf" | awk -v y="$xr" -F'"' '/<word/ && $4 == y {if ($6 > m) m = $6} END {print m}')
xl=$(bb "$OUT/ltr.pdf" | grep -F '>Saturday,<' | head -n1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
awk -v r="$xr" -v l="$xl" 'BEGIN {exit !(r > 700 && l < 100)}' && ok "Arabic campaign: day heading in Arabic, flush right (x=$xr; English x=$xl)" ||
	fail "Arabic heading" "ar xMax=$xr en xMin=$xl"
# Each code on the right of its entry (the list mirrored), decoding.
codes=$(qr_check "$OUT/ar.pdf" ar rtl) && ok "Arabic campaign: every code decodes" || fail "Arabic codes" "$codes"
n=$(printf '%s\n' "$codes" | awk -F'\t' '$3 > 0' | wc -l)
[ "$n" -ge 5 ] && ok "Arabic campaign: every event's text on the left of its code ($n)" || fail "Arabic mirror" "$codes"
norm='import sys, unicodedata
s = unicodedata.normalize("NFKC", sys.stdin.read())
print("".join(c for c in s if not c.isspace() and c not in "\u2066\u2067\u2068\u2069\u200e\u200f"))'
# An entry line of mixed direction in visual order, as GNU FriBidi orders
# the same text (the only text of its page: no date, no heading).
v="ساحة الحرية 12 Gate B"
printf 'campaign:\n  title: "-"\n  lang: ar\nevents:\n  - title: x\n    venue: "%s"\n' "$v" >"$OUT/bidi.yaml"
printf 'name: b\nsize: A5\nblocks:\n  - type: events\n    box: [10mm, 10mm, 128mm, 100mm]\n    size: 20\n    entry: [{type: text, text: "{venue}"}]\n' >"$OUT/bidi.layout.yaml"
expect_exit "bidi entry: render" 0 $P render "$OUT/bidi.yaml" -l "$OUT/bidi.layout.yaml" -o "$OUT/bidi.pdf"
line=$(bb "$OUT/bidi.pdf" | python3 -c '
import sys, re, html, unicodedata
w = re.findall(r"<word xMin=\"([0-9.]+)\"[^>]*>([^<]*)</word>", sys.stdin.read())
w = [x for x in w if x[1] != "-"]
w.sort(key=lambda x: float(x[0]))
print(unicodedata.normalize("NFKC", "".join(html.unescape(t) for _, t in w)))')
fb=$(printf '%s\n' "$v" | fribidi --nopad --nobreak --clean | python3 -c "$norm")
[ -n "$line" ] && [ "$line" = "$fb" ] && ok "Arabic campaign: entry text in visual order matches fribidi" || fail "bidi" "pdf '$line' fribidi '$fb'"
[ "$fb" != "$(printf '%s\n' "$v" | python3 -c "$norm")" ] && ok "bidi: fribidi's order differs from the logical one" || fail "bidi test" "cannot tell"
xm=$(bb "$OUT/bidi.pdf" | grep -F '>Gate<' | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
awk -v x="$xm" 'BEGIN {exit !(x > 140)}' && ok "Arabic campaign: the entry starts on the right" || fail "bidi entry side" "Gate at $xm"

# Bilingual: an entry's second-language line is the event's own; a campaign
# translation of a title the event replaced is not shown under it.
expect_exit "bilingual: render" 0 $P render $C/inherited.yaml -l schedule-poster-a3 -o "$OUT/inh.pdf"
t=$(pdftotext -raw "$OUT/inh.pdf" - 2>/dev/null | python3 -c 'import sys, re; print(re.sub("[\\s\u202a-\u202e]", "", sys.stdin.read()))')
case $t in *Madrid*March*Toulouse*DefendJerusalem*القدس*) ok "bilingual: the inherited title in both languages" ;; *) fail "bilingual" "$t" ;; esac
case $t in *March*القدس*Toulouse*) fail "bilingual: no stray translation" "$t" ;; *) ok "bilingual: no campaign translation under an event's own title" ;; esac

# ---- 5. preflight runs on the list ----
expect_exit "check: the corpus schedule is clean" 0 $P check $WOS -l schedule-poster-a3
python3 - "$OUT" <<'EOF'
import sys
open(sys.argv[1] + "/flag.yaml", "w").write("""campaign:
  title: Flags
  url: https://example.org/week
events:
  - title: Fine
    date: 2021-05-01
    city: Berlin
    url: https://example.org/e/1
  - title: "Solidarity ሰላም"
    date: 2021-05-02
    city: Paris
    url: https://example.org/e/2
""")
EOF
expect_exit "check: a missing glyph in an event's title is found" 1 $P check "$OUT/flag.yaml" -l schedule-poster-a3
contains "check: ... it names the event and its field" "$ERR" "record 2, field 'title'"
expect_exit "check --strict: nothing written" 1 $P render "$OUT/flag.yaml" -l schedule-poster-a3 --strict -o "$OUT/strict.pdf"
[ ! -e "$OUT/strict.pdf" ] && ok "check --strict: no file" || fail "strict" "written"

# Invalid events are left out and named, the others listed (exit 1).
expect_exit "a spreadsheet with mistakes: the valid rows listed" 1 $P render $C/spreadsheet-with-mistakes.csv -l schedule-poster-a3 -o "$OUT/mist.pdf"
for r in 3 4 5; do contains "... row record $r named" "$ERR" "record $r"; done
[ "$(pages "$OUT/mist.pdf")" = 1 ] && ok "... on one page" || fail "mistakes: pages" "$(pages "$OUT/mist.pdf")"

# ---- 6. every schedule layout, every theme, the corpus: one clean page ----
for l in schedule-poster-a3 schedule-poster-a2 schedule-flyer-a5; do
	for t in ember mono night; do
		expect_exit "$l $t: render" 0 $P render $WOS -l $l --theme $t -o "$OUT/$l-$t.pdf"
		case $ERR in *error:* | *warning:*) fail "$l $t: only notes" "$ERR" ;; *) ok "$l $t: only notes" ;; esac
		[ "$(pages "$OUT/$l-$t.pdf")" = 1 ] || fail "$l $t: one page" "$(pages "$OUT/$l-$t.pdf")"
	done
	expect_exit "$l: stickers CSV (no campaign, no dates)" 0 $P render $C/nodates.csv -l $l -o "$OUT/$l-nd.pdf"
	contains "$l: without a campaign the title says Events" "$(pdftotext "$OUT/$l-nd.pdf" - 2>/dev/null)" "Events"
	expect_exit "$l: --print" 0 $P render $WOS -l $l --print -o "$OUT/$l-print.pdf"
done
contains "layouts lists the schedule layouts" "$($P layouts)" "schedule-flyer-a5"

# ---- 7. layout mistakes are named ----
printf 'name: x\nsize: A5\nblocks:\n  - type: events\n    box: [0, 0, 100%%, 100%%]\n' >"$OUT/noentry.yaml"
expect_exit "an events block without entry: refused" 2 $P render $WOS -l "$OUT/noentry.yaml" -o "$OUT/x.pdf"
contains "... says to add entry:" "$ERR" "entry:"
printf 'name: x\nsize: A5\nblocks:\n  - type: events\n    box: [0, 0, 100%%, 100%%]\n    columns: 3\n    entry: [{type: text, text: "{city}"}]\n' >"$OUT/cols.yaml"
expect_exit "columns: 3 refused" 2 $P render $WOS -l "$OUT/cols.yaml" -o "$OUT/x.pdf"
contains "... names 1, 2 or grid" "$ERR" "1, 2 or grid"
# A grid, from a layout file.
printf 'name: g\nsize: A4\nblocks:\n  - type: events\n    box: [10mm, 10mm, 190mm, 277mm]\n    columns: grid\n    cells: 3\n    size: [14, 8]\n    qr: [22mm, 21mm]\n    entry: [{type: text, text: "{time_text} {city}"}]\n' >"$OUT/grid.yaml"
expect_exit "a grid: render" 0 $P render "$OUT/e40.yaml" -l "$OUT/grid.yaml" -o "$OUT/grid.pdf"
y1=$(bb "$OUT/grid.pdf" | grep -F '>Berlin<' | head -n1 | sed 's/.*yMin="\([0-9.]*\)".*/\1/')
y2=$(bb "$OUT/grid.pdf" | grep -F '>Paris<' | head -n1 | sed 's/.*yMin="\([0-9.]*\)".*/\1/')
x1=$(bb "$OUT/grid.pdf" | grep -F '>Berlin<' | head -n1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
x2=$(bb "$OUT/grid.pdf" | grep -F '>Paris<' | head -n1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
awk -v a="$y1" -v b="$y2" -v c="$x1" -v d="$x2" 'BEGIN {exit !(a == b && d > c + 100)}' &&
	ok "a grid: a day's events side by side" || fail "grid" "Berlin $x1,$y1 Paris $x2,$y2"
echo done
