/* csv.c — CSV event lists in, through libcsv (the only file that includes
 * it). The first row names the fields ("title", "date", "title@ar" for a
 * translation); every other row is one record, numbered from 1, whose line
 * is where the row starts in the file (a quoted cell may span lines). Empty
 * cells are absent fields. A row that cannot be read — too few or too many
 * cells, a stray quote or text after a closing one — is still a record, one
 * with a fault (record.h) saying which line and what to fix: it is skipped
 * and reported like any invalid record, and the rows after it are read as
 * usual. A file that cannot be read at all — not UTF-8, a bad header, a
 * quote never closed before the end, over a limit — is rejected whole with
 * its line. Declared in data.h; pl_data_load calls it for .csv files. */
#include "data/data.h"
#include "base/config.h"
#include "base/util.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

typedef struct cell {
	char *s;
	size_t len;
	int line, col;
} cell;

typedef struct column {
	char *name, *lang;
} column;

typedef struct ctx {
	const char *source;
	pl_error *err;
	pl_records *out;
	bool failed;
	/* where the byte being fed sits, and where the current row and cell began */
	int line, col;
	bool need_row, need_cell;
	int row_line, cell_line, cell_col;
	cell *cells;
	size_t n, cap;
	column *cols;      /* from the header row */
	size_t ncols;
	int header_line;
	int records;
	size_t before;     /* records read in this run before this file (the limit is per run) */
	struct csv_parser p;
	/* A row that cannot be read: why, and, from where libcsv stopped, a
	 * lenient scan of the rest of it to where it ends (skip != SK_OFF). */
	bool row_bad;
	pl_error fault;
	int skip;
	int quote_line, quote_col; /* where a quoted cell opened while skipping */
	bool started;      /* the first byte was fed: BOM and UTF-16 checks done */
	char tail[4];      /* an incomplete UTF-8 character at the end of a piece */
	size_t n_tail;
} ctx;

static void fail(ctx *c, pl_code code, int line, int col, int record, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void fail(ctx *c, pl_code code, int line, int col, int record, const char *field, const char *fmt, ...)
{
	char msg[sizeof c->err->msg];
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pl_error_set(c->err, code, "%s", msg);
	pl_error_at(c->err, c->source, line, col);
	pl_error_field(c->err, record, field);
}

enum { SK_OFF, SK_START, SK_BARE, SK_QUOTED, SK_QUOTE }; /* ctx.skip */

static void row_fault(ctx *c, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The current row cannot be read: why (the first reason found). */
static void row_fault(ctx *c, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (c->row_bad)
		return;
	c->row_bad = true;
	pl_error_clear(&c->fault);
	c->fault.code = PL_EINPUT;
	va_start(ap, fmt);
	vsnprintf(c->fault.msg, sizeof c->fault.msg, fmt, ap);
	va_end(ap);
	pl_error_at(&c->fault, c->source, line, col);
	pl_error_field(&c->fault, c->records + 1, NULL);
}

static void clear_cells(ctx *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->cells[i].s);
	c->n = 0;
}

/* libcsv: one cell is complete. CRLF inside quoted cells becomes LF. */
static void on_cell(void *s, size_t len, void *data)
{
	ctx *c = data;
	cell *e;
	char *v;
	size_t k = 0;

	c->need_cell = true;
	if (c->failed)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		cell *p = realloc(c->cells, cap * sizeof *p);
		if (!p) {
			fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
			return;
		}
		c->cells = p;
		c->cap = cap;
	}
	if (!(v = malloc(len + 1))) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return;
	}
	for (size_t i = 0; i < len; i++) {
		const char *b = s;
		if (b[i] == '\r' && i + 1 < len && b[i + 1] == '\n')
			continue;
		v[k++] = b[i];
	}
	v[k] = '\0';
	e = &c->cells[c->n++];
	e->s = v;
	e->len = k;
	e->line = c->cell_line;
	e->col = c->cell_col;
}

static char *trimmed(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return pl_strndup(s, len);
}

static void header(ctx *c)
{
	if (!(c->cols = calloc(c->n ? c->n : 1, sizeof *c->cols))) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return;
	}
	c->header_line = c->row_line;
	for (size_t i = 0; i < c->n; i++) {
		const cell *e = &c->cells[i];
		char *name = trimmed(e->s, e->len), *at;
		column *col = &c->cols[c->ncols];
		if (!name) {
			fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
			return;
		}
		col->name = name;
		c->ncols++;
		if ((at = strrchr(name, '@'))) {
			*at = '\0';
			if (!at[1] || !(col->lang = pl_strdup(at + 1))) {
				fail(c, at[1] ? PL_ENOMEM : PL_EINPUT, e->line, e->col, 0, NULL,
				     "column %zu of the header ends with '@' but names no language. Write it like "
				     "title@ar.", i + 1);
				return;
			}
		}
		if (!name[0]) {
			fail(c, PL_EINPUT, e->line, e->col, 0, NULL,
			     "column %zu of the header has no field name. Name it (title, date, city, ...) or "
			     "remove the column.", i + 1);
			return;
		}
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(c->cols[j].name, name) && pl_streq(c->cols[j].lang, col->lang)) {
				fail(c, PL_EINPUT, e->line, e->col, 0, NULL,
				     "the header names '%s%s%s' twice (columns %zu and %zu). Keep one of them.",
				     name, col->lang ? "@" : "", col->lang ? col->lang : "", j + 1, i + 1);
				return;
			}
		}
	}
}

/* s, at most about 40 bytes, whole characters, for a message. */
static void excerpt(char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n <= 40 && n < len) {
		memcpy(buf, s, n + 1);
		return;
	}
	n = 40 < len - 4 ? 40 : len - 4;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
}

/* A row with more or fewer cells than the header names fields: what is
 * missing or left over, and the likely fix. */
static void ragged(ctx *c)
{
	char what[400] = "", hint[200] = "";
	size_t k = 0, at = 0, extra = c->n > c->ncols ? c->n - c->ncols : 0;

	for (size_t i = 0; i < c->n && !hint[0]; i++)
		if (strchr(c->cells[i].s, '\n'))
			snprintf(hint, sizeof hint, " The cell that starts on line %d runs over several lines: check that "
				 "its closing quote is where you meant it.", c->cells[i].line);
	if (!extra) {
		/* name the fields left without a cell, the first few hundred bytes of them */
		for (size_t i = c->n; i < c->ncols; i++) {
			const column *col = &c->cols[i];
			size_t was = k;
			k += (size_t)snprintf(what + k, sizeof what - k, "%s%s%s%s",
					      i == c->n ? "" : i + 1 == c->ncols ? " and " : ", ", col->name,
					      col->lang ? "@" : "", col->lang ? col->lang : "");
			if (k >= 300) {
				k = was ? was : 300; /* before this name, unless it is the first */
				while (k > 0 && ((unsigned char)what[k] & 0xC0) == 0x80)
					k--;
				snprintf(what + k, sizeof what - k, ", ...");
				break;
			}
		}
		row_fault(c, c->row_line, 0,
			  "this row has %zu cell%s but the header (line %d) names %zu fields, so %s %s no cell. Add the "
			  "missing cells (an empty cell still needs its comma, like Berlin,,10:00).%s",
			  c->n, c->n == 1 ? "" : "s", c->header_line, c->ncols, what,
			  c->ncols - c->n == 1 ? "has" : "have", hint);
		return;
	}
	for (size_t i = c->ncols; i < c->n && !what[0]; i++) {
		if (!pl_str_empty(c->cells[i].s)) {
			excerpt(what, sizeof what, c->cells[i].s);
			at = i + 1; /* its column */
		}
	}
	if (!what[0])
		row_fault(c, c->row_line, 0,
			  "this row has %zu cells but the header (line %d) names %zu field%s: it ends with %zu comma%s "
			  "too many. Remove %s, or name the column in the header.", c->n, c->header_line, c->ncols,
			  c->ncols == 1 ? "" : "s", extra, extra == 1 ? "" : "s", extra == 1 ? "it" : "them");
	else
		row_fault(c, c->row_line, 0,
			  "this row has %zu cells but the header (line %d) names %zu field%s, so '%s' (column %zu) has "
			  "no field. A comma inside a cell needs double quotes around the cell (\"Berlin, Kreuzberg\"); "
			  "otherwise remove the extra comma.%s", c->n, c->header_line, c->ncols, c->ncols == 1 ? "" : "s",
			  what, at, hint);
}

/* Keep a record the file holds but that cannot be read, with why. */
static void invalid_row(ctx *c)
{
	pl_record *r = pl_record_new(c->source, c->records + 1, c->row_line);

	if (!r || pl_record_set_fault(r, &c->fault) || (c->out && pl_records_push(c->out, r))) {
		pl_record_free(r);
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return;
	}
	if (!c->out)
		pl_record_free(r); /* checking and counting only */
	c->records++;
}

static void record(ctx *c)
{
	pl_record *r;
	int index = c->records + 1;

	if (c->before + (size_t)c->records >= PL_MAX_RECORDS) {
		fail(c, PL_ELIMIT, c->row_line, 0, index, NULL,
		     "there are more than %d records, over placard's limit for one run. Split the file.",
		     PL_MAX_RECORDS);
		return;
	}
	if (!c->row_bad && c->n != c->ncols)
		ragged(c);
	if (c->row_bad) {
		invalid_row(c);
		c->row_bad = false;
		return;
	}
	if (!(r = pl_record_new(c->source, index, c->row_line))) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		const cell *e = &c->cells[i];
		const column *col = &c->cols[i];
		if (pl_str_empty(e->s))
			continue; /* an empty cell is an absent field */
		if (e->len > PL_MAX_FIELD_BYTES) {
			fail(c, PL_ELIMIT, e->line, e->col, index, col->name,
			     "this text is too long for a poster (%zu KB; placard's limit is %d KB, about 30 pages). "
			     "Shorten it.", (e->len + 1023) / 1024, PL_MAX_FIELD_BYTES / 1024);
			pl_record_free(r);
			return;
		}
		if (r->n >= PL_MAX_FIELDS) {
			fail(c, PL_ELIMIT, e->line, e->col, index, col->name,
			     "this row has more than %d fields, over placard's limit. Remove the columns no layout uses.",
			     PL_MAX_FIELDS);
			pl_record_free(r);
			return;
		}
		if (pl_record_set(r, col->name, col->lang, e->s, e->line, e->col)) {
			fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
			pl_record_free(r);
			return;
		}
	}
	if (!c->out) {
		pl_record_free(r); /* checking and counting only */
	} else if (pl_records_push(c->out, r)) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		pl_record_free(r);
		return;
	}
	c->records++;
}

/* libcsv: a row is complete. */
static void on_row(int term, void *data)
{
	ctx *c = data;

	(void)term;
	c->need_row = c->need_cell = true;
	if (!c->failed) {
		if (!c->cols)
			header(c);
		else
			record(c);
	}
	clear_cells(c);
}

/* ---- reading in pieces ---- */

static int begin(ctx *c, const char *source, pl_records *out, size_t before, pl_error *err)
{
	*c = (ctx){.source = source ? source : "", .err = err, .out = out, .before = before,
		   .line = 1, .col = 1, .need_row = true, .need_cell = true};
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return -1;
	}
	return 0;
}

/* Where byte `off` of buf is, buf starting at the current position. */
static void position(const ctx *c, const char *buf, size_t off, int *line, int *col)
{
	int l, k;

	pl_offset_linecol(buf, off, &l, &k);
	*line = c->line + l - 1;
	*col = l == 1 ? c->col + k - 1 : k;
}

/* Check a piece that starts at the current position, whole characters only. */
static bool text_ok(ctx *c, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	long bad = pl_utf8_invalid(buf, len);
	int line, col;

	/* Binary before encoding: an .xlsx or a PDF given as CSV is "not a
	 * text file", not "not UTF-8". */
	if (nul) {
		position(c, buf, (size_t)(nul - buf), &line, &col);
		fail(c, PL_EINPUT, line, col, 0, NULL,
		     "this is not a text file: it holds binary data (a NUL byte here). If it is a spreadsheet "
		     "(.xlsx, .ods), export it as \"CSV UTF-8\" first.");
		return false;
	}
	if (bad >= 0) {
		position(c, buf, (size_t)bad, &line, &col);
		fail(c, PL_EINPUT, line, col, 0, NULL,
		     "this is not UTF-8 text (byte 0x%02X). Save the file as \"CSV UTF-8\" in your spreadsheet, "
		     "or as UTF-8 in your editor.", (unsigned char)buf[bad]);
		return false;
	}
	return true;
}

/* The row being skipped ends: it is kept as an invalid record. */
static void end_skipped_row(ctx *c)
{
	c->skip = SK_OFF;
	c->need_row = c->need_cell = true;
	record(c);
	clear_cells(c);
}

/* The rest of a row that cannot be read, one byte at a time: find where
 * the row ends, read leniently (a stray quote is text, a quoted cell may
 * hold commas and line breaks), so the next row is read from its start. */
static void skip_byte(ctx *c, unsigned char ch)
{
	bool end_of_row = ch == '\n' || ch == '\r';

	switch (c->skip) {
	case SK_START:
		if (ch == '"') {
			c->skip = SK_QUOTED;
			c->quote_line = c->line;
			c->quote_col = c->col;
		} else if (end_of_row) {
			end_skipped_row(c);
		} else if (ch != ',' && ch != ' ' && ch != '\t') {
			c->skip = SK_BARE;
		}
		break;
	case SK_BARE:
		if (ch == ',')
			c->skip = SK_START;
		else if (end_of_row)
			end_skipped_row(c);
		break;
	case SK_QUOTED:
		if (ch == '"')
			c->skip = SK_QUOTE;
		break;
	case SK_QUOTE: /* a quote in a quoted cell: doubled, or the cell's end */
		c->skip = ch == '"' ? SK_QUOTED : ch == ',' ? SK_START : SK_BARE;
		if (end_of_row)
			end_skipped_row(c);
		break;
	}
}

/* libcsv stopped at byte ch of a row: a bad header rejects the file; a bad
 * row is skipped to its end, and the parser starts again after it. */
static void bad_byte(ctx *c, unsigned char ch)
{
	int index = c->records + (c->cols ? 1 : 0);
	const char *why = ch == '"'
		? "a double quote (\") is inside a cell that does not start with one. Put the whole cell in double "
		  "quotes and double the quote inside, like \"5\"\" screen\"."
		: "there is text right after the closing quote of a cell. Put a comma after the closing quote, or put "
		  "the whole cell in quotes and double the quotes inside it.";

	if (csv_error(&c->p) != CSV_EPARSE) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return;
	}
	if (!c->cols) {
		fail(c, PL_EINPUT, c->line, c->col, index, NULL, "%s", why);
		return;
	}
	row_fault(c, c->line, c->col, "%s", why);
	clear_cells(c);
	csv_free(&c->p);
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		fail(c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return;
	}
	c->skip = SK_BARE; /* the byte that stopped libcsv is text of the cell */
}

/* Parse text (whole UTF-8 characters), one byte at a time so that every
 * callback knows its line. */
static void parse(ctx *c, const char *buf, size_t len)
{
	for (size_t i = 0; i < len && !c->failed; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (c->skip) {
			skip_byte(c, ch);
		} else {
			if (c->need_row && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
				c->row_line = c->line;
				c->need_row = false;
			}
			if (c->need_cell && !c->need_row && ch != ' ' && ch != '\t') {
				c->cell_line = c->line;
				c->cell_col = c->col;
				c->need_cell = false;
			}
			if (csv_parse(&c->p, &buf[i], 1, on_cell, on_row, c) != 1)
				bad_byte(c, ch);
		}
		if (ch == '\n') {
			c->line++;
			c->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c->col++;
		}
	}
}

/* Length of buf without an incomplete UTF-8 character at its end. */
static size_t whole_chars(const char *buf, size_t len)
{
	size_t k = len, back = 0;

	while (k > 0 && back < 4 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
		k--, back++;
	if (k > 0) {
		unsigned char lead = (unsigned char)buf[k - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (need > back + 1 && need - back - 1 < 4)
			return k - 1; /* the lead byte and what follows wait for the next piece */
	}
	return len;
}

/* Feed the next piece of the file; `last` when it ends the file. */
static void feed(ctx *c, const char *buf, size_t len, bool last)
{
	char joined[8];
	size_t k;

	if (c->failed)
		return;
	if (!c->started && (len >= 2 || last)) {
		c->started = true;
		/* Excel's "Unicode text" is UTF-16. */
		if (len >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE) &&
		    (unsigned char)buf[1] == ((unsigned char)buf[0] ^ 0x01)) {
			fail(c, PL_EINPUT, 1, 1, 0, NULL, "this file is saved as UTF-16 (\"Unicode text\"); placard "
			     "reads UTF-8. Save the sheet as \"CSV UTF-8\".");
			return;
		}
		/* spreadsheets write a BOM; it is not part of the first name */
		if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			buf += 3, len -= 3;
	}
	/* A character split between two pieces is put back together first. */
	while (c->n_tail && len && c->n_tail < 4 && ((unsigned char)*buf & 0xC0) == 0x80) {
		c->tail[c->n_tail++] = *buf++;
		len--;
		if (whole_chars(c->tail, c->n_tail) == c->n_tail)
			break;
	}
	if (c->n_tail && (whole_chars(c->tail, c->n_tail) == c->n_tail || last || len)) {
		memcpy(joined, c->tail, c->n_tail);
		k = c->n_tail;
		c->n_tail = 0;
		if (text_ok(c, joined, k))
			parse(c, joined, k);
	}
	k = last ? len : whole_chars(buf, len);
	if (!c->failed && text_ok(c, buf, k))
		parse(c, buf, k);
	if (!c->failed && k < len) {
		memcpy(c->tail, buf + k, len - k);
		c->n_tail = len - k;
	}
}

/* The file is all fed: the last row, and whether there was anything. */
static void end(ctx *c)
{
	if (!c->failed && c->n_tail) {
		char rest[4];
		size_t k = c->n_tail;
		memcpy(rest, c->tail, k);
		c->n_tail = 0;
		if (text_ok(c, rest, k))
			parse(c, rest, k);
	}
	if (!c->failed && c->skip == SK_QUOTED)
		fail(c, PL_EINPUT, c->quote_line, c->quote_col, c->records + 1, NULL,
		     "a quoted cell that starts here is never closed. Add the closing double quote (\").");
	else if (!c->failed && c->skip)
		end_skipped_row(c);
	if (!c->failed && csv_fini(&c->p, on_cell, on_row, c) != 0)
		fail(c, PL_EINPUT, c->cell_line, c->cell_col, c->records + (c->cols ? 1 : 0), NULL,
		     "a quoted cell that starts here is never closed. Add the closing double quote (\").");
	if (!c->failed && !c->cols)
		fail(c, PL_EINPUT, 0, 0, 0, NULL,
		     "the file is empty: it holds no records. The first row names the fields (title,date,...); "
		     "each row below it is one record.");
	else if (!c->failed && !c->records)
		fail(c, PL_EINPUT, c->header_line, 0, 0, NULL,
		     "the file holds no records, only the header row. Add one row per event below it.");
}

static void clean(ctx *c)
{
	csv_free(&c->p);
	clear_cells(c);
	free(c->cells);
	for (size_t i = 0; i < c->ncols; i++) {
		free(c->cols[i].name);
		free(c->cols[i].lang);
	}
	free(c->cols);
	c->cells = NULL;
	c->cols = NULL;
	c->ncols = 0;
}

int pl_csv_parse(const char *source, const char *buf, size_t len, pl_records *out, pl_error *err)
{
	ctx c;
	size_t before = out->n;

	if (begin(&c, source, out, out->n, err) == 0) {
		feed(&c, buf, len, true);
		end(&c);
	}
	clean(&c);
	if (c.failed) {
		while (out->n > before)
			pl_record_free(out->v[--out->n]);
		return -1;
	}
	return 0;
}

/* ---- a file read twice: checked whole, then record by record ---- */

enum { PIECE = PL_CSV_PIECE };

struct pl_csv_file {
	FILE *f;
	char *path;
	ctx c;
	pl_records ready;     /* rows parsed and not yet taken */
	size_t taken;
	char *piece;
	long read;            /* bytes read so far */
	bool at_end;
	pl_error err;
};

static FILE *open_data(const char *path, pl_error *err)
{
	struct stat st;

	return pl_open_file(path, PL_MAX_FILE_BYTES, &st, err);
}

/* Feed the next piece; false at the end of the file or on a failure. */
static bool feed_piece(FILE *f, ctx *c, char *piece, long *total)
{
	size_t k = fread(piece, 1, PIECE, f);

	*total += (long)k;
	if (*total > PL_MAX_FILE_BYTES) {
		fail(c, PL_ELIMIT, 0, 0, 0, NULL, "the file is over placard's limit of %ld KB. Split it into smaller files.",
		     PL_MAX_FILE_BYTES / 1024);
		return false;
	}
	if (ferror(f)) {
		fail(c, PL_EIO, 0, 0, 0, NULL, "cannot read the file: %s.", strerror(errno));
		return false;
	}
	feed(c, piece, k, k < PIECE && feof(f));
	if (k < PIECE && feof(f)) {
		end(c);
		return false;
	}
	return !c->failed;
}

int pl_csv_check(const char *path, size_t before, size_t *records, pl_error *err)
{
	FILE *f = open_data(path, err);
	char *piece = f ? malloc(PIECE) : NULL;
	long total = 0;
	ctx c;

	if (!f)
		return -1;
	if (!piece) {
		fclose(f);
		pl_error_set(err, PL_ENOMEM, "out of memory while reading the file.");
		return -1;
	}
	if (begin(&c, path, NULL, before, err) == 0)
		while (feed_piece(f, &c, piece, &total))
			;
	clean(&c);
	free(piece);
	fclose(f);
	*records = (size_t)c.records;
	return c.failed ? -1 : 0;
}

pl_csv_file *pl_csv_open(const char *path, pl_error *err)
{
	pl_csv_file *r = calloc(1, sizeof *r);

	if (!r || !(r->path = pl_strdup(path)) || !(r->piece = malloc(PIECE))) {
		pl_csv_close(r);
		pl_error_set(err, PL_ENOMEM, "out of memory while reading the file.");
		return NULL;
	}
	if (!(r->f = open_data(path, err))) {
		pl_csv_close(r);
		return NULL;
	}
	if (begin(&r->c, r->path, &r->ready, 0, &r->err)) {
		*err = r->err;
		pl_csv_close(r);
		return NULL;
	}
	return r;
}

pl_record *pl_csv_next(pl_csv_file *r, pl_error *err)
{
	while (r->taken == r->ready.n && !r->at_end && !r->c.failed) {
		r->taken = r->ready.n = 0; /* the caller owns those taken */
		r->at_end = !feed_piece(r->f, &r->c, r->piece, &r->read);
	}
	if (r->c.failed) {
		/* It was checked whole: it changed since. */
		*err = r->err;
		return NULL;
	}
	if (r->taken == r->ready.n)
		return NULL;
	return r->ready.v[r->taken++];
}

void pl_csv_close(pl_csv_file *r)
{
	if (!r)
		return;
	for (size_t i = r->taken; i < r->ready.n; i++)
		pl_record_free(r->ready.v[i]);
	free(r->ready.v);
	if (r->f) {
		clean(&r->c);
		fclose(r->f);
	}
	free(r->piece);
	free(r->path);
	free(r);
}
