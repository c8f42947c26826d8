#!/bin/bash
# CSV rows as records (issue 12): a row that cannot be read — too few or too
# many cells, a stray quote or text after a closing one — is skipped and
# named with its file, line and what to fix; the other rows are rendered and
# the run exits 1. A file that cannot be read at all (not UTF-8, a quote
# never closed before the end) is rejected whole: exit 2, no file written.
# The good rows are looked for in the PDF itself (pdftotext, pdfinfo).
source "$(dirname "$0")/lib.sh"

text() { pdftotext "$1" - 2>/dev/null | tr -s ' \n' '  '; }
# rows NAME PDF WANT-PAGES GOOD... -- BAD...: the pages, the good rows'
# words in the text, the bad rows' words nowhere in it
rows() {
	local name=$1 pdf=$2 want=$3 t
	shift 3
	[ "$(pages "$pdf" 2>/dev/null)" = "$want" ] && ok "$name: $want pages" || fail "$name: pages" "$(pages "$pdf" 2>&1)"
	t=$(text "$pdf")
	while [ $# -gt 0 ] && [ "$1" != -- ]; do contains "$name: '$1' rendered" "$t" "$1"; shift; done
	[ $# -gt 0 ] && shift
	for w in "$@"; do
		case "$t" in *"$w"*) fail "$name: '$w'" "a skipped row is in the PDF" ;; *) ok "$name: '$w' not rendered" ;; esac
	done
}
# nothing_left NAME PDF: no output and no temporary file
nothing_left() {
	[ ! -e "$2" ] && ok "$1: no output file" || fail "$1: output" "$2 was written"
	[ -z "$(ls -a "$OUT" | grep '^\.placard-')" ] && ok "$1: no temporary file left" || fail "$1: temp" "$(ls -a "$OUT")"
}

H='title,venue,city,url'
# Too few cells: the row is named with the fields it lacks.
printf '%s\nAlphaRally,Oranienplatz,Berlin,https://example.org/1\nBetaVigil,Kotti\nGammaMarch,Syntagma,Athens,https://example.org/3\n' "$H" >"$OUT/few.csv"
expect_exit "too few cells" 1 $P render "$OUT/few.csv" -o "$OUT/few.pdf"
contains "too few cells: file and line" "$ERR" "few.csv:3: record 2: this row has 2 cells but the header (line 1) names 4 fields"
contains "too few cells: what is missing" "$ERR" "so city and url have no cell. Add the missing cells (an empty cell still needs its comma"
contains "too few cells: skipped" "$ERR" "(record skipped)"
contains "too few cells: summary" "$ERR" "wrote 2 pages (2 records, 1 skipped)"
rows "too few cells" "$OUT/few.pdf" 2 AlphaRally GammaMarch -- BetaVigil

# Too many cells: a comma inside a cell without quotes.
printf '%s\nAlphaRally,Oranienplatz,Berlin,https://example.org/1\nBetaVigil,Oranienplatz,Berlin, Kreuzberg,https://example.org/2\nGammaMarch,Syntagma,Athens,https://example.org/3\n' "$H" >"$OUT/many.csv"
expect_exit "too many cells" 1 $P render "$OUT/many.csv" -o "$OUT/many.pdf"
contains "too many cells: file and line" "$ERR" "many.csv:3: record 2: this row has 5 cells but the header (line 1) names 4 fields"
contains "too many cells: the fix" "$ERR" "A comma inside a cell needs double quotes around the cell (\"Berlin, Kreuzberg\")"
rows "too many cells" "$OUT/many.pdf" 2 AlphaRally GammaMarch -- BetaVigil
# ... and only trailing commas: said so.
printf '%s\nAlphaRally,Oranienplatz,Berlin,https://example.org/1,,\nGammaMarch,Syntagma,Athens,https://example.org/3\n' "$H" >"$OUT/commas.csv"
expect_exit "trailing commas" 1 $P render "$OUT/commas.csv" -o "$OUT/commas.pdf"
contains "trailing commas: message" "$ERR" "commas.csv:2: record 1: this row has 6 cells but the header (line 1) names 4 fields: it ends with 2 commas too many"
rows "trailing commas" "$OUT/commas.pdf" 1 GammaMarch -- AlphaRally

# A cell that cannot be read: a quote opened in the middle of a cell that
# closes later in it, text after a closing quote. The skipped row's own
# quoted cells (a comma, a line break) do not spill into the next row.
{
	echo "$H"
	echo 'AlphaRally,Oranienplatz,Berlin,https://example.org/1'
	echo 'BetaVigil at "Kotti" today,Kottbusser Tor,Berlin,https://example.org/2'
	echo '"DeltaFilm" night,"Cinema, upstairs",Leeds,https://example.org/4'
	echo 'EpsilonTeach"in,"Student Union'
	echo 'Hall",Leeds,https://example.org/5'
	echo 'GammaMarch,Syntagma,Athens,https://example.org/3'
} >"$OUT/cell.csv"
expect_exit "bad cell" 1 $P render "$OUT/cell.csv" -o "$OUT/cell.pdf"
contains "stray quote: file, line and column" "$ERR" "cell.csv:3:14: record 2: a double quote (\") is inside a cell that does not start with one"
contains "stray quote: the fix" "$ERR" "Put the whole cell in double quotes and double the quote inside, like \"5\"\" screen\""
contains "text after a closing quote" "$ERR" "cell.csv:4:13: record 3: there is text right after the closing quote of a cell. Put a comma after the closing quote"
contains "quoted line break skipped whole" "$ERR" "cell.csv:5:13: record 4: a double quote"
[ "$(grep -c 'record skipped' <<<"$ERR")" = 3 ] && ok "bad cell: three rows named, no more" || fail "bad cell: named" "$ERR"
rows "bad cell" "$OUT/cell.pdf" 2 AlphaRally GammaMarch -- BetaVigil DeltaFilm EpsilonTeach
PLACARD_THREADS=1 $P render "$OUT/cell.csv" -o "$OUT/cell-one.pdf" 2>/dev/null
cmp -s "$OUT/cell.pdf" "$OUT/cell-one.pdf" && ok "bad cell: one thread and two, same bytes" || fail "bad cell threads" "PDFs differ"

# The corpus' spreadsheet with mistakes: rows 1, 2 and 6 rendered; rows 3, 4
# and 5 named with their line (4, 5, 6) and what to fix.
S=tests/cases/spreadsheet-with-mistakes.csv
expect_exit "spreadsheet with mistakes" 1 $P render $S -o "$OUT/mistakes.pdf"
contains "row 3: impossible date" "$ERR" "spreadsheet-with-mistakes.csv:4:24: record 3, field 'date': 2021-02-30 is not a real date"
contains "row 4: too few cells" "$ERR" "spreadsheet-with-mistakes.csv:5: record 4: this row has 2 cells but the header (line 1) names 7 fields, so date, time, venue, city and url have no cell"
contains "row 5: too many cells" "$ERR" "spreadsheet-with-mistakes.csv:6: record 5: this row has 8 cells but the header (line 1) names 7 fields, so 'extra cell' (column 8) has no field"
contains "spreadsheet: summary" "$ERR" "wrote 3 pages (3 records, 3 skipped)"
rows "spreadsheet" "$OUT/mistakes.pdf" 3 "Rally for Return" "Vigil for the" "Συγκέντρωση" -- "March for" "Film night" "Teach-in"
expect_exit "spreadsheet: check" 1 $P check $S
contains "check names line 5" "$ERR" "spreadsheet-with-mistakes.csv:5: record 4: this row has 2 cells"
contains "check counts the readable rows" "$ERR" "checked 3 records: 3 findings"
json=$($P check --json $S 2>/dev/null)
contains "check --json: line and record" "$json" '"line": 6, "column": 0, "record": 5, "field": ""'
# One file per record (the held path): the good rows only.
mkdir -p "$OUT/each"
expect_exit "spreadsheet: one file per record" 1 $P render $S -o "$OUT/each/{city}.pdf"
[ "$(ls "$OUT/each" | wc -l)" = 3 ] && [ -f "$OUT/each/Paterson.pdf" ] && [ -f "$OUT/each/New-York.pdf" ] &&
	[ -f "$OUT/each/Αθήνα.pdf" ] && ok "one file per good row" || fail "files" "$(ls "$OUT/each")"
[ ! -e "$OUT/each/Leeds.pdf" ] && [ ! -e "$OUT/each/San-Francisco.pdf" ] && ok "no file for a skipped row" || fail "skipped row file" "$(ls "$OUT/each")"
expect_exit "spreadsheet: on sheets" 1 $P render $S -l sticker-round-60 --sheet A4 -o "$OUT/sheet.pdf"
contains "sheets: skipped rows named" "$ERR" "spreadsheet-with-mistakes.csv:6: record 5"
# --strict: every finding fails the run, nothing written.
expect_exit "spreadsheet: --strict" 1 $P render $S --strict -o "$OUT/strict.pdf"
nothing_left "--strict" "$OUT/strict.pdf"

# No row can be read: exit 2, nothing written, every row still named.
printf '%s\nBetaVigil,Kotti\nA 5" screen,x,y,https://example.org/2\n' "$H" >"$OUT/none.csv"
expect_exit "no readable row" 2 $P render "$OUT/none.csv" -o "$OUT/none.pdf"
contains "no readable row: first named" "$ERR" "none.csv:2: record 1: this row has 2 cells"
contains "no readable row: second named" "$ERR" "none.csv:3:4: record 2: a double quote"
contains "no readable row: says nothing written" "$ERR" "no record could be rendered, so nothing was written"
nothing_left "no readable row" "$OUT/none.pdf"

# Rejected whole: not UTF-8 (even with good rows before it), a quote never
# closed before the end of the file (also one opened in a skipped row).
printf '%s\nAlphaRally,Oranienplatz,Berlin,https://example.org/1\nBetaVigil,Caf\xe9,Berlin,https://example.org/2\n' "$H" >"$OUT/latin1.csv"
expect_exit "not UTF-8" 2 $P render "$OUT/latin1.csv" -o "$OUT/latin1.pdf"
contains "not UTF-8: line and column" "$ERR" "latin1.csv:3:14: this is not UTF-8 text (byte 0xE9). Save the file as \"CSV UTF-8\""
nothing_left "not UTF-8" "$OUT/latin1.pdf"
printf '%s\nAlphaRally,Oranienplatz,Berlin,https://example.org/1\n"BetaVigil,Kotti,Berlin,https://example.org/2\nGammaMarch,Syntagma,Athens,https://example.org/3\n' "$H" >"$OUT/open.csv"
expect_exit "quote never closed" 2 $P render "$OUT/open.csv" -o "$OUT/open.pdf"
contains "quote never closed: where" "$ERR" "open.csv:3:1: record 2: a quoted cell that starts here is never closed. Add the closing double quote"
nothing_left "quote never closed" "$OUT/open.pdf"
printf '%s\nAlphaRally,Oranienplatz,Berlin,https://example.org/1\nBeta"Vigil,"Kotti,Berlin,https://example.org/2\nGammaMarch,Syntagma,Athens,https://example.org/3\n' "$H" >"$OUT/open2.csv"
expect_exit "quote never closed in a bad row" 2 $P render "$OUT/open2.csv" -o "$OUT/open2.pdf"
contains "quote never closed in a bad row: where" "$ERR" "open2.csv:3:12: record 2: a quoted cell that starts here is never closed"
nothing_left "quote never closed in a bad row" "$OUT/open2.pdf"
# A header that cannot be read: no field is known, so no row can be.
printf 'title,"venue"x,city\na,b,c\n' >"$OUT/header.csv"
expect_exit "bad header" 2 $P render "$OUT/header.csv" -o "$OUT/header.pdf"
contains "bad header: where" "$ERR" "header.csv:1:14: there is text right after the closing quote"
nothing_left "bad header" "$OUT/header.pdf"
echo done
