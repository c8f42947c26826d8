#!/bin/bash
# t_paths.sh — what placard does with the paths it is given.
# Output: only a regular file or a missing name is ever replaced; "-" is
# standard output; an existing device, FIFO or socket is written to and left
# where it was; a folder, a disk device, a loop of links and a terminal are
# refused. Input: a FIFO, device or socket given as data, layout, theme or
# picture is refused at once (never waited on); "-" reads the data from
# standard input, under the same limits. Everything happens in $OUT: no test
# writes under /dev or /etc (device nodes are made here with mknod, as root).
. "$(dirname "$0")/lib.sh"
E=$EX/week-of-action.yaml
T=$OUT/t
mkdir -p "$T"
# pdf_ok NAME FILE: qpdf finds FILE a sound PDF
pdf_ok() { if [ -s "$2" ] && qpdf --check "$2" >/dev/null 2>&1; then ok "$1"; else fail "$1" "$2 is not a sound PDF ($(head -c 60 "$2" 2>/dev/null | tr -cd '[:print:]'))"; fi; }

# ---- output: standard output ----
expect_exit "-o - writes standard output" 0 sh -c "'$P' render '$E' -o - >'$T/stdout.pdf'"
pdf_ok "... a whole PDF" "$T/stdout.pdf"
contains "... and says so" "$ERR" "to standard output"
[ ! -e ./- ] && [ ! -e "$T/-" ] && ok "... and no file named '-'" || fail "-o -" "a file named '-' was made"
"$P" render "$E" -o - --quiet | cat >"$T/piped.pdf"
cmp -s "$T/piped.pdf" "$T/stdout.pdf" && ok "-o - into a pipe: the same bytes" || fail "-o - pipe" "bytes differ"
expect_exit "--sheet A4 -o -" 0 sh -c "'$P' render $EX/stickers.csv -l sticker-round-60 --sheet A4 -o - --quiet >'$T/sheet.pdf'"
pdf_ok "... a whole sheet PDF" "$T/sheet.pdf"
expect_exit "qr -o -" 0 sh -c "'$P' qr https://example.org/q -o - >'$T/qr.pdf'"
pdf_ok "... a whole QR PDF" "$T/qr.pdf"
# --strict with a finding: nothing at all reaches standard output.
expect_exit "--strict -o -: a finding" 1 sh -c "'$P' render tests/cases/too-long.yaml -l flyer-a6 --strict -o - >'$T/strict.pdf'"
[ -f "$T/strict.pdf" ] && [ ! -s "$T/strict.pdf" ] && ok "... nothing written" || fail "--strict -o -" "$(wc -c <"$T/strict.pdf") bytes written"
# A terminal (a pseudo-terminal from script(1)): refused, exit 2.
if command -v script >/dev/null; then
	script -qec "'$P' render '$E' -o -; echo \"rc=\$?\"" "$T/typescript" >"$T/tty.txt" 2>&1 </dev/null
	contains "-o - on a terminal: refused" "$(cat "$T/tty.txt")" "rc=2"
	contains "... saying why" "$(cat "$T/tty.txt")" "which is a terminal"
	if grep -aq '%PDF' "$T/tty.txt"; then fail "-o - on a terminal" "PDF bytes on the terminal"; else ok "... no PDF bytes on the terminal"; fi
fi

# ---- output: a FIFO, devices, a socket: written to, never replaced ----
mkfifo "$T/fifo.pdf"
cat "$T/fifo.pdf" >"$T/from-fifo.pdf" &
reader=$!
expect_exit "-o onto a FIFO" 0 timeout 60 "$P" render "$E" -o "$T/fifo.pdf" --quiet
wait $reader
cmp -s "$T/from-fifo.pdf" "$T/stdout.pdf" && ok "... the reader got the whole PDF" || fail "FIFO" "the reader got $(wc -c <"$T/from-fifo.pdf") bytes"
[ -p "$T/fifo.pdf" ] && ok "... and the FIFO is still a FIFO" || fail "FIFO" "replaced: $(stat -c %F "$T/fifo.pdf")"
# PNG pages onto a FIFO (one record: one page, one file)
mkfifo "$T/fifo.png"
cat "$T/fifo.png" >"$T/from-fifo.png" &
reader=$!
printf 'title: One page\nurl: https://example.org/one\n' >"$T/one.yaml"
expect_exit "a PNG page onto a FIFO" 0 timeout 60 "$P" render "$T/one.yaml" -o "$T/fifo.png" --quiet
wait $reader
[ "$(head -c 4 "$T/from-fifo.png" | tail -c 3)" = PNG ] && ok "... the reader got a PNG" || fail "PNG FIFO" "not a PNG"
[ -p "$T/fifo.png" ] && ok "... and the FIFO is still a FIFO" || fail "PNG FIFO" "replaced"
# Character devices made here: null (1,3) and full (1,7); a disk device
# number nobody uses (240 is for local/experimental use), never opened.
if mknod "$T/null" c 1 3 2>/dev/null && mknod "$T/full" c 1 7 && mknod "$T/disk" b 240 0; then
	expect_exit "-o onto a device (a null device made here)" 0 "$P" render "$E" -o "$T/null" --quiet
	[ -c "$T/null" ] && [ "$(stat -c %t,%T "$T/null")" = 1,3 ] && ok "... still that device" || fail "device" "replaced: $(stat -c %F "$T/null")"
	expect_exit "-o onto a full device" 3 "$P" render "$E" -o "$T/full"
	contains "... says the disk is full" "$ERR" "the disk is full"
	[ -c "$T/full" ] && ok "... still a device" || fail "full device" "replaced: $(stat -c %F "$T/full")"
	expect_exit "-o onto a disk device: refused" 3 "$P" render "$E" -o "$T/disk"
	contains "... saying why" "$ERR" "is a block device or another kind of special file, which placard never replaces"
	[ -b "$T/disk" ] && ok "... still a disk device" || fail "disk device" "replaced: $(stat -c %F "$T/disk")"
	# a pattern whose file for one record is a device: written to, kept
	mkdir -p "$T/pat"
	mknod "$T/pat/Berlin.pdf" c 1 3
	expect_exit "a pattern onto a device" 0 "$P" render "$E" -o "$T/pat/{city}.pdf" --quiet
	[ -c "$T/pat/Berlin.pdf" ] && ok "... the device stays" || fail "pattern device" "replaced"
	pdf_ok "... the other files are written" "$T/pat/London.pdf"
else
	echo "skipped device nodes: no permission to mknod here"
fi
# A Unix socket: a listener made here with Python, when there is one.
if command -v python3 >/dev/null; then
	exec {ready}< <(python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)
print("ready", flush=True)
s.settimeout(60); c, _ = s.accept(); c.settimeout(60)
with open(sys.argv[2], "wb") as f:
    while True:
        b = c.recv(65536)
        if not b: break
        f.write(b)
print("got", flush=True)
' "$T/sock" "$T/from-sock.pdf")
	read -rt 30 -u $ready line # the listener is listening
	expect_exit "-o onto a socket" 0 timeout 60 "$P" render "$E" -o "$T/sock" --quiet
	read -rt 60 -u $ready line # the listener has all of it
	exec {ready}<&-
	cmp -s "$T/from-sock.pdf" "$T/stdout.pdf" && ok "... the listener got the whole PDF" || fail "socket" "got $(wc -c <"$T/from-sock.pdf") bytes"
	[ -S "$T/sock" ] && ok "... still a socket" || fail "socket" "replaced"
fi

# ---- output: what is refused, and links ----
mkdir -p "$T/folder.pdf"
expect_exit "-o onto a folder: refused" 3 "$P" render "$E" -o "$T/folder.pdf"
contains "... saying why" "$ERR" "is a folder"
[ -d "$T/folder.pdf" ] && [ -z "$(ls -A "$T/folder.pdf")" ] && ok "... the folder untouched" || fail "folder" "changed"
mkdir -p "$T/pat2/Berlin.pdf"
expect_exit "a pattern onto a folder: refused" 3 "$P" render "$E" -o "$T/pat2/{city}.pdf"
[ -d "$T/pat2/Berlin.pdf" ] && ok "... the folder stays" || fail "pattern folder" "replaced"
ln -s "$PWD/$T/nothing-there.pdf" "$T/dangling.pdf"
expect_exit "-o onto a link to nothing yet: the file it names is made" 0 "$P" render "$E" -o "$T/dangling.pdf" --quiet
[ -L "$T/dangling.pdf" ] && [ -f "$T/nothing-there.pdf" ] && ok "... the link stays a link" || fail "dangling" "link replaced or target missing"
pdf_ok "... a sound PDF through it" "$T/nothing-there.pdf"
ln -s loop-b.pdf "$T/loop-a.pdf"
ln -s loop-a.pdf "$T/loop-b.pdf"
expect_exit "-o onto a loop of links: refused" 3 "$P" render "$E" -o "$T/loop-a.pdf"
contains "... saying why" "$ERR" "a symbolic link that leads nowhere"
[ -L "$T/loop-a.pdf" ] && [ -L "$T/loop-b.pdf" ] && ok "... both links untouched" || fail "loop" "changed"
echo old >"$T/target.pdf"
ln -s target.pdf "$T/link.pdf"
expect_exit "-o onto a link to a file" 0 "$P" render "$E" -o "$T/link.pdf" --quiet
[ -L "$T/link.pdf" ] && ok "... the link stays a link" || fail "link" "replaced by a file"
pdf_ok "... the file it names is the new PDF" "$T/target.pdf"
left=$(ls -A "$T" | grep '^\.placard-' || true)
[ -z "$left" ] && ok "no temporary file left" || fail "temporary files" "$left"

# ---- input: not regular files, refused at once ----
mkfifo "$T/data.yaml" "$T/layout.yaml" "$T/theme.yaml" "$T/logo.png"
expect_exit "a FIFO as data: refused at once" 2 timeout 10 "$P" render "$T/data.yaml" -o "$T/x.pdf"
contains "... saying what it is" "$ERR" "data.yaml: this is not a regular file but a pipe (FIFO)"
contains "... and what to do" "$ERR" "give - to read the data from standard input"
expect_exit "check: a FIFO as data" 2 timeout 10 "$P" check "$T/data.yaml"
expect_exit "a FIFO as layout: refused at once" 3 timeout 10 "$P" render "$E" -l "$T/layout.yaml" -o "$T/x.pdf"
contains "... saying what it is" "$ERR" "layout.yaml: this is not a regular file but a pipe (FIFO)"
expect_exit "a FIFO as theme: refused at once" 3 timeout 10 "$P" render "$E" --theme "$T/theme.yaml" -o "$T/x.pdf"
printf 'title: A logo that is a pipe\nlogo: logo.png\n' >"$T/fifo-logo.yaml"
expect_exit "a FIFO as logo: refused at once" 2 timeout 10 "$P" render "$T/fifo-logo.yaml" -o "$T/x.pdf"
contains "... saying what it is" "$ERR" "is not a picture file but a named pipe (FIFO)"
expect_exit "a device as data: refused" 2 timeout 10 "$P" render /dev/zero -o "$T/x.pdf"
contains "... saying what it is" "$ERR" "this is not a regular file but a device"
[ ! -e "$T/x.pdf" ] && ok "no output from refused inputs" || fail "refused inputs" "x.pdf written"

# ---- input: standard input ----
# (relative paths in it, such as the logo's, start from the current folder)
PA=$(cd "$(dirname "$P")" && pwd)/$(basename "$P")
TA=$(cd "$T" && pwd)
expect_exit "YAML from standard input" 0 sh -c "cd $EX && '$PA' render - -o '$TA/in-yaml.pdf' --quiet <week-of-action.yaml"
cmp -s "$T/in-yaml.pdf" "$T/stdout.pdf" && ok "... the same bytes as from the file" || fail "stdin yaml" "bytes differ"
expect_exit "JSON from a pipe" 0 sh -c "printf '{\"title\": \"From a pipe\"}' | '$P' render - -o '$T/in-json.pdf' --quiet"
contains "... its title" "$(pdftotext "$T/in-json.pdf" - 2>/dev/null)" "From a pipe"
expect_exit "CSV from a pipe (a header row)" 0 sh -c "cat $EX/stickers.csv | '$P' render - -l sticker-round-60 -o '$T/in-csv.pdf' --quiet"
[ "$(pages "$T/in-csv.pdf")" = "$(($(wc -l <$EX/stickers.csv) - 1))" ] && ok "... one page a row" || fail "stdin csv" "pages: $(pages "$T/in-csv.pdf")"
expect_exit "check from standard input" 0 sh -c "cd $EX && '$PA' check - --quiet <week-of-action.yaml"
expect_exit "a bad file from standard input" 2 sh -c "printf 'title: [never closed\n' | '$P' render - -o '$T/bad.pdf'"
contains "... named as standard input, with its line" "$ERR" "standard input:2:"
expect_exit "standard input over the size limit" 2 sh -c "head -c 17000000 /dev/zero | tr '\\0' a | '$P' render - -o '$T/big.pdf'"
contains "... the same limit as a file" "$ERR" "standard input: the file is over placard's limit of 16384 KB"
expect_exit "'-' twice: refused" 2 sh -c "'$P' render - - -o '$T/twice.pdf' <'$E'"
[ ! -e "$T/bad.pdf" ] && [ ! -e "$T/big.pdf" ] && [ ! -e "$T/twice.pdf" ] && ok "no output from bad standard input" || fail "stdin" "output written"
echo done
