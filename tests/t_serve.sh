#!/bin/bash
# t_serve.sh — `placard serve`, the web studio (issue 8). Starts the server
# on a free loopback port with its temporary folder under $OUT, then checks
# what an organiser and an attacker on the same machine would see:
#   - it listens on 127.0.0.1 only (read from the socket table with ss);
#   - bad requests get error answers, never a crash: oversized bodies,
#     broken multipart, a file that is not a picture, paths, foreign hosts;
#   - 200 requests from 16 concurrent clients all answer 200;
#   - in headless Chromium (Debian's chromium + playwright-core from npm):
#     fill an Arabic–English event, watch the preview change, download the
#     PDF, and check it with pdfinfo, pdffonts and zbarimg;
#   - SIGTERM stops it and removes its temporary folder.
# Every loop is bounded (counts and curl/timeout limits).
. "$(dirname "$0")/lib.sh"
export PLACARD_DATADIR=${PLACARD_DATADIR:-$PWD}
STMP="$OUT/tmp"
mkdir -p "$STMP"
C="curl -s --max-time 60"

TMPDIR="$STMP" "$P" serve --port 0 >"$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
U=
for _ in $(seq 1 600); do # the address is printed once it listens (up to 60 s on a busy machine)
	U=$(grep -o 'http://[^ ]*/' "$OUT/serve.log" 2>/dev/null)
	[ -n "$U" ] && break
	sleep 0.1
done
if [ -z "$U" ]; then
	fail "serve starts" "no address printed: $(cat "$OUT/serve.log")"
	echo done
	exit 0
fi
ok "serve starts and prints its address ($U)"
PORT=${U##*:}
PORT=${PORT%/}

# Loopback only, by default: the kernel's socket table, not our own word.
socks=$(ss -ltnpH 2>/dev/null | grep "pid=$PID,")
addr=$(echo "$socks" | awk '{print $4}')
if [ "$addr" = "127.0.0.1:$PORT" ] && [ "$(echo "$socks" | wc -l)" = 1 ]; then
	ok "listens on 127.0.0.1:$PORT only"
else
	fail "listens on loopback only" "listening sockets of pid $PID: ${socks:-none}"
fi
expect_exit "a second server on the same port is refused" 3 "$P" serve --port "$PORT"
contains "... saying why" "$ERR" "Choose another port"
expect_exit "--listen takes an IP address" 2 "$P" serve --listen example.org --port 0
expect_exit "--port takes a number" 2 "$P" serve --port 70000

# code URL [curl args...]: the HTTP status of one request
code() { local u=$1; shift; $C -o "$OUT/body" -w '%{http_code}' "$@" "$u"; }
json() { code "${U}api/render" -X POST -H 'Content-Type: application/json' --data-binary "$1"; }
is() { if [ "$2" = "$3" ]; then ok "$1 ($3)"; else fail "$1" "got $2, wanted $3: $(head -c 300 "$OUT/body")"; fi; }

is "the page" "$(code "$U")" 200
hdr=$($C -D - -o /dev/null "$U")
contains "the page forbids anything from elsewhere (CSP)" "$hdr" "default-src 'self'"
is "layouts and themes" "$(code "${U}api/meta")" 200
contains "... with sizes" "$(cat "$OUT/body")" '"name": "flyer-a5", "kind": "flyer"'

# A campaign with several events (the form's events list): a schedule layout
# lists them all on one page, in order of date and time; another layout
# previews the first and puts every event in the PDF; the YAML keeps them.
camp='"record": {"campaign": {"title": "Week of Struggle", "url": "https://example.org/week"}, "events": [{"title": "One", "date": "2021-05-02", "time": "10:00", "city": "Berlin", "url": "https://example.org/e/1"}, {"title": "Two", "date": "2021-05-01", "time": "12:00", "city": "Paris", "url": "https://example.org/e/2"}, {"title": "Three", "date": "2021-05-01", "time": "09:00", "city": "Madrid"}]}'
is "campaign: schedule preview" "$(json "{\"format\": \"preview\", \"layout\": \"schedule-poster-a3\", $camp}")" 200
contains "... a picture" "$(head -c 40 "$OUT/body")" '"png": "data:image/png;base64,'
is "campaign: schedule PDF" "$(json "{\"format\": \"pdf\", \"layout\": \"schedule-poster-a3\", $camp}")" 200
cp "$OUT/body" "$OUT/camp.pdf"
[ "$(pages "$OUT/camp.pdf")" = 1 ] && ok "... one page for three events" || fail "campaign schedule pages" "$(pages "$OUT/camp.pdf")"
t=$(pdftotext "$OUT/camp.pdf" - 2>/dev/null | tr '\n' ' ')
case $t in *"May 1, 2021"*Madrid*Paris*"May 2, 2021"*Berlin*) ok "... by day, then time" ;; *) fail "campaign schedule order" "$t" ;; esac
is "campaign: flyer PDF" "$(json "{\"format\": \"pdf\", \"layout\": \"flyer-a5\", $camp}")" 200
cp "$OUT/body" "$OUT/camp-flyer.pdf"
[ "$(pages "$OUT/camp-flyer.pdf")" = 3 ] && ok "... a page per event on another layout" || fail "campaign flyer pages" "$(pages "$OUT/camp-flyer.pdf")"
is "campaign: YAML" "$(json "{\"format\": \"yaml\", \"layout\": \"schedule-poster-a3\", $camp}")" 200
cp "$OUT/body" "$OUT/camp.yaml"
expect_exit "... renders again from the command line" 0 "$P" render "$OUT/camp.yaml" -l schedule-poster-a3 -o "$OUT/camp2.pdf"
[ "$(pdftotext "$OUT/camp2.pdf" - 2>/dev/null)" = "$(pdftotext "$OUT/camp.pdf" - 2>/dev/null)" ] && ok "... the same poster" || fail "campaign YAML round trip" "text differs"
is "a list of records without a campaign: refused" "$(json '{"record": [{"title": "a"}, {"title": "b"}]}')" 400
is "no other files" "$(code "${U}../../etc/passwd" --path-as-is)" 404
is "no other files (encoded)" "$(code "${U}%2e%2e/%2e%2e/etc/passwd" --path-as-is)" 404
is "a foreign Host is refused (DNS rebinding)" "$(code "$U" -H 'Host: evil.example')" 403
is "a post from another site is refused" "$(code "${U}api/render" -X POST -H 'Origin: http://evil.example' -H 'Content-Type: application/json' --data '{}')" 403
is "GET on the render API" "$(code "${U}api/render")" 405

# Malformed and oversized requests: an answer, not a crash.
head -c 2000000 /dev/zero | tr '\0' a >"$OUT/big.txt"
is "an oversized form (Content-Length)" "$(json @"$OUT/big.txt")" 413
is "an oversized form (chunked)" "$(code "${U}api/render" -X POST -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$OUT/big.txt")" 413
is "not JSON" "$(json '{"record": {"title": ')" 400
contains "... said in words" "$(cat "$OUT/body")" "not valid JSON"
is "a form that is not application/json" "$(code "${U}api/render" -X POST -d 'a=b')" 415
is "a layout path instead of a name" "$(json '{"layout": "/etc/passwd", "record": {"title": "x"}}')" 422
is "an unknown theme" "$(json '{"theme": "../../x", "record": {"title": "x"}}')" 422
is "an impossible date" "$(json '{"record": {"title": "x", "date": "2021-02-30"}}')" 422
contains "... names the field" "$(cat "$OUT/body")" '"field": "date"'
is "a record logo path is ignored, not read" "$(json '{"format": "pdf", "record": {"title": "x", "logo": "/etc/passwd"}}')" 200
is "multipart without a boundary" "$(code "${U}api/upload" -X POST -H 'Content-Type: multipart/form-data' --data-binary 'junk')" 400
is "multipart that is garbage" "$(code "${U}api/upload" -X POST -H 'Content-Type: multipart/form-data; boundary=XYZ' --data-binary 'junk --XYZ junk')" 400
printf -- '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\nab' >"$OUT/cut.bin"
is "multipart cut short" "$(code "${U}api/upload" -X POST -H 'Content-Type: multipart/form-data; boundary=XYZ' --data-binary @"$OUT/cut.bin")" 400
echo "not a picture" >"$OUT/notes.txt"
is "an upload that is not a picture" "$(code "${U}api/upload" -F file=@"$OUT/notes.txt")" 415
printf '\x89PNG\r\n\x1a\nnot really a png' >"$OUT/fake.png"
is "a picture that does not decode" "$(code "${U}api/upload" -F file=@"$OUT/fake.png")" 415
if grep -q "$STMP" "$OUT/body"; then fail "errors do not show the server's folders" "$(cat "$OUT/body")"; else ok "errors do not show the server's folders"; fi
head -c 34000000 /dev/zero >"$OUT/huge.png"
is "an upload over the picture limit" "$(code "${U}api/upload" -F file=@"$OUT/huge.png")" 413
is "a data file that is not data" "$(code "${U}api/open" -F file=@"$OUT/notes.txt")" 415
printf 'title: [never closed\n' >"$OUT/broken.yaml"
is "a data file that does not parse" "$(code "${U}api/open" -F file=@"$OUT/broken.yaml")" 422
contains "... with file and line" "$(cat "$OUT/body")" "broken.yaml:2"

# Uploads and files that work.
is "a logo upload" "$(code "${U}api/upload" -F file=@"$EX/logo.svg")" 200
logo=$(grep -o '"id": "[0-9a-f]*"' "$OUT/body" | cut -d'"' -f4)
is "a PDF with the uploaded logo" "$(json "{\"format\": \"pdf\", \"logo\": \"$logo\", \"record\": {\"title\": \"Logo\"}}")" 200
is "an unknown upload id" "$(json '{"format": "pdf", "logo": "00000000000000000000000000000000", "record": {"title": "x"}}')" 422
# The logo in the QR code (issue 14): the uploaded logo, level H, decoded;
# a qr.logo path in the record itself is never read from the server's disk.
qrl="{\"format\": \"pdf\", \"layout\": \"poster-a3\", \"logo\": \"$logo\", \"qr_logo\": true, \"record\": {\"title\": \"Logo in the code\", \"url\": \"https://example.org/events/berlin\", \"qr\": {\"logo\": \"logo.svg\", \"style\": \"dots\"}}}"
is "a PDF with the logo in the QR code" "$(json "$qrl")" 200
cp "$OUT/body" "$OUT/qrlogo.pdf"
[ "$(qr_of_page "$OUT/qrlogo.pdf" 1)" = https://example.org/events/berlin ] && ok "... the code decodes" || fail "... the code decodes" "no"
pdftoppm -r 150 -gray -f 1 -l 1 -singlefile -x 1140 -y 1565 -W 490 -H 490 "$OUT/qrlogo.pdf" "$OUT/qrlogo"
contains "... at level H (its format bits)" "$(python3 tests/tools/qrformat.py level "$OUT/qrlogo.pgm" 2>&1)" " H "
is "... its YAML names the logo in the code" "$(json "${qrl/\"pdf\"/\"yaml\"}")" 200
contains "... as qr: { logo: logo.svg }" "$(cat "$OUT/body")" '  logo: "logo.svg"'
is "a qr.logo path alone reads nothing from the server" "$(json '{"format": "pdf", "record": {"title": "x", "url": "https://example.org/", "qr": {"logo": "/etc/hostname"}}}')" 200
contains "the layouts list the social images in pixels" "$($C "${U}api/meta")" '"width_px": 1080'
is "a YAML file fills the form" "$(code "${U}api/open" -F file=@"$EX/week-of-action.yaml")" 200
contains "... with its fields" "$(cat "$OUT/body")" '"records": 4'
contains "... a campaign: its own fields for the form" "$(cat "$OUT/body")" '"campaign": {"title": "Homes for All"'
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["events"]))' "$OUT/body" 2>/dev/null)
[ "$n" = 4 ] && ok "... and its 4 events for the events list" || fail "open a campaign: events" "$n"
is "a CSV file fills the form" "$(code "${U}api/open" -F file=@"$EX/stickers.csv")" 200
contains "... with translations" "$(cat "$OUT/body")" '"translations": {"ar": {"title": '
printf 'title,city\nFirst row,too,many\nSecond row,Leeds\n' >"$OUT/first-bad.csv"
is "a CSV whose first row cannot be read" "$(code "${U}api/open" -F file=@"$OUT/first-bad.csv")" 200
contains "... fills the form from the next row" "$(cat "$OUT/body")" '"title": "Second row"'
printf 'title,city\nOnly row,too,many\n' >"$OUT/all-bad.csv"
is "a CSV with no readable row" "$(code "${U}api/open" -F file=@"$OUT/all-bad.csv")" 422
contains "... says which row and why" "$(cat "$OUT/body")" 'all-bad.csv:2: record 1: this row has 3 cells'
printf '{"title": "JSON event", "translations": {"ar": {"title": "حدث"}}}' >"$OUT/event.json"
is "a JSON file fills the form" "$(code "${U}api/open" -F file=@"$OUT/event.json")" 200
contains "... with its fields" "$(cat "$OUT/body")" '"title": "JSON event"'
is "the data as YAML" "$(json '{"format": "yaml", "record": {"title": "Verteidigt Jerusalem", "lang": "de", "date": "2021-05-15", "body": "One.\n\nTwo.", "url": "https://example.org/y", "translations": {"ar": {"title": "دافعوا عن القدس"}}}}')" 200
cp "$OUT/body" "$OUT/saved.yaml"
check "... renders with the CLI" "$P" render "$OUT/saved.yaml" -o "$OUT/saved.pdf"
is "... decodes to the same URL" "$(qr_of_page "$OUT/saved.pdf" 1)" "https://example.org/y"
contains "... keeps the paragraphs" "$(pdftotext "$OUT/saved.pdf" - 2>/dev/null)" "Two."

# --sheet goes to the renderer as the CLI passes it; its refusals come back.
is "stickers on an A4 sheet" "$(json '{"format": "pdf", "layout": "sticker-round-60", "sheet": "A4", "record": {"title": "Sheet", "url": "https://example.org/s"}}')" 200
cp "$OUT/body" "$OUT/sheet.pdf"
is "... on A4 paper" "$(page_mm "$OUT/sheet.pdf")" 210x297
is "a poster on a label sheet is refused" "$(json '{"format": "pdf", "layout": "poster-a2", "sheet": "avery-l7160", "record": {"title": "x"}}')" 422
contains "... saying why" "$(cat "$OUT/body")" "does not fit"
is "the preview shows one design whatever the sheet" "$(json '{"format": "preview", "layout": "sticker-round-60", "sheet": "A4", "record": {"title": "x"}}')" 200
# A double-sided layout: the preview shows both sides, the back with its own findings.
contains "meta says which layouts are double-sided" "$($C "${U}api/meta")" '"name": "flyer-a6-2sided", "kind": "flyer", "description": "A6 pocket flyer on two sides, the event on the front, the why and contacts on the back", "two_sided": true'
is "a double-sided preview" "$(json '{"format": "preview", "layout": "flyer-a6-2sided", "record": {"title": "Both sides", "body": "Backside reason", "url": "https://example.org/2"}}')" 200
for side in png png_back; do
	sed -n "s/.*\"$side\": \"data:image\/png;base64,\([^\"]*\)\".*/\1/p" "$OUT/body" | base64 -d >"$OUT/$side.png" 2>/dev/null
	[ "$(head -c 4 "$OUT/$side.png" | tail -c 3)" = PNG ] && ok "... $side is a picture" || fail "... $side" "$(head -c 200 "$OUT/body")"
done
cmp -s "$OUT/png.png" "$OUT/png_back.png" && fail "... the back differs from the front" "the same picture" || ok "... the back differs from the front"
is "... and the back's code decodes" "$(zbarimg --quiet --raw "$OUT/png_back.png" 2>/dev/null)" "https://example.org/2"
is "a one-sided preview has no back" "$(json '{"format": "preview", "layout": "flyer-a6", "record": {"title": "x"}}')" 200
case "$(cat "$OUT/body")" in *png_back*) fail "... no png_back" "$(head -c 100 "$OUT/body")" ;; *) ok "... no png_back" ;; esac
is "a sheet name that is a path" "$(json '{"format": "pdf", "sheet": "../x", "record": {"title": "x"}}')" 422

# 200 requests from 16 concurrent clients (one in four renders a preview).
cat >"$OUT/preview.json" <<'JSON'
{"format": "preview", "layout": "flyer-a5", "record": {"title": "Load test", "second_lang": "ar", "url": "https://example.org/load", "translations": {"ar": {"title": "اختبار"}}}}
JSON
t0=$(date +%s.%N)
seq 1 200 | timeout 300 xargs -P 16 -I{} sh -c '
	case $(({} % 4)) in
	0) curl -s --max-time 60 -o /dev/null -w "%{http_code} %{time_total}\n" -X POST -H "Content-Type: application/json" --data-binary @"$2" "$1api/render" ;;
	1) curl -s --max-time 60 -o /dev/null -w "%{http_code} %{time_total}\n" "$1api/meta" ;;
	*) curl -s --max-time 60 -o /dev/null -w "%{http_code} %{time_total}\n" "$1" ;;
	esac' _ "$U" "$OUT/preview.json" >"$OUT/load.txt"
t1=$(date +%s.%N)
n200=$(grep -c '^200 ' "$OUT/load.txt")
slowest=$(sort -k2 -n "$OUT/load.txt" | tail -n1 | awk '{print $2}')
echo "load: 200 requests (50 previews), 16 clients: $(echo "$t1 - $t0" | bc) s in all, slowest $slowest s"
is "200 concurrent requests all answered" "$n200" 200
check "... and the server is still up" kill -0 $PID

# Half-open and slow connections (issue 17): 40 connections that send
# nothing and 5 that stop in the middle of their headers do not lock anyone
# out: a normal request is answered within 2 s while they are held, and the
# server closes a silent one itself (reading from it ends) within its
# timeout.
held=()
for i in $(seq 40); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" && held+=("$fd")
done
for i in $(seq 5); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" && held+=("$fd") && printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1' >&"$fd"
done
[ ${#held[@]} = 45 ] && ok "45 idle or half-sent connections held" || fail "45 idle connections held" "only ${#held[@]}"
is "a normal request is answered within 2 s while they are held" \
	"$(curl -s --max-time 2 -o "$OUT/body" -w '%{http_code}' "$U")" 200
if timeout 30 cat <&"${held[0]}" >/dev/null; then
	ok "the server closes a silent connection itself"
else
	fail "the server closes a silent connection itself" "still open after 30 s"
fi
for fd in "${held[@]}"; do exec {fd}>&-; done
check "... and the server is still up" kill -0 $PID

# The browser: an organiser fills in an Arabic–English event.
web=tests/web
if ! [ -x /usr/bin/chromium ]; then
	fail "browser test" "/usr/bin/chromium is missing: run 'make deps' (Debian package chromium)"
elif ! [ -f $web/node_modules/playwright-core/package.json ] &&
	! (cd $web && timeout 300 npm ci --no-audit --no-fund --loglevel=error) >"$OUT/npm.log" 2>&1; then
	if ! timeout 30 npm ping >/dev/null 2>&1; then
		echo "skipped browser test: the npm registry cannot be reached (offline), so playwright-core is not installed"
	else
		fail "browser test" "npm ci failed in $web: $(tail -n 5 "$OUT/npm.log")"
	fi
else
	mkdir -p "$OUT/web"
	timeout 300 node $web/studio.mjs "$U" "$OUT/web" ${STUDIO_SCREENSHOT:+"$STUDIO_SCREENSHOT"} 2>&1 | tee "$OUT/web.log"
	pdf="$OUT/web/studio.pdf"
	if [ -s "$pdf" ]; then
		read -r lname lsize <"$OUT/web/layout.txt"
		is "the downloaded PDF has the $lname size" "$(page_mm "$pdf")" "$lsize"
		fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
		if [ -n "$fonts" ] && ! echo "$fonts" | awk '{print $(NF-4)}' | grep -qv yes; then
			ok "every font is embedded ($(echo "$fonts" | wc -l) fonts)"
		else
			fail "every font is embedded" "$fonts"
		fi
		is "the QR code decodes to the URL typed in" "$(qr_of_page "$pdf" 1)" "https://example.org/events/berlin-2021?ref=studio"
		contains "the title is text in the PDF" "$(pdftotext "$pdf" - 2>/dev/null)" "Defend Jerusalem"
		check "qpdf finds the PDF sound" qpdf --check "$pdf"
		boxes=$(pdfinfo -box "$OUT/web/studio-print.pdf" 2>/dev/null)
		contains "the print-shop PDF has a TrimBox" "$boxes" "TrimBox:"
		if [ "$(page_mm "$OUT/web/studio-print.pdf")" != "$lsize" ]; then ok "... and room for bleed and marks"; else fail "print-shop PDF" "same size as the trim"; fi
	else
		fail "browser download" "no PDF (see $OUT/web.log)"
	fi
fi
if [ -f "$OUT/web/studio-schedule.pdf" ]; then
	t=$(pdftotext "$OUT/web/studio-schedule.pdf" - 2>/dev/null | tr '\n' ' ')
	[ "$(pages "$OUT/web/studio-schedule.pdf")" = 1 ] && ok "browser schedule: one page" || fail "browser schedule pages" "$(pages "$OUT/web/studio-schedule.pdf")"
	case $t in *Madrid*Toulouse*) case $t in *Nowhere*) fail "browser schedule" "the removed event is listed" ;; *) ok "browser schedule: both events by date, the removed one gone" ;; esac ;;
	*) fail "browser schedule: events" "$t" ;; esac
fi
check "the server is still up after the browser" kill -0 $PID

# SIGTERM: stop, clean up, exit 0.
kill -TERM $PID
rc=
# wait for the process to end (an event, not a time), at most 60 s
timeout 60 tail --pid=$PID -f /dev/null
if ! kill -0 $PID 2>/dev/null; then
	wait $PID
	rc=$?
fi
is "SIGTERM stops the server" "${rc:-still running}" 0
is "... and removes its temporary folder" "$(ls -A "$STMP" | wc -l)" 0
trap - EXIT
echo done
