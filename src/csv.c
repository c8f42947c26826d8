/* csv.c — CSV event lists in, through libcsv (the only file that includes
 * it). The first row names the fields ("title", "date", "title@ar" for a
 * translation); every other row is one record, numbered from 1, whose line
 * is where the row starts in the file (a quoted cell may span lines). Empty
 * cells are absent fields. A malformed file — not UTF-8, a ragged row, a
 * stray or unclosed quote — is rejected whole with its line. Declared in
 * data.h; pl_data_load calls it for .csv files. */
#include "data.h"
#include "config.h"
#include "util.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void record(ctx *c)
{
	pl_record *r;
	int index = c->records + 1;

	if (c->n != c->ncols) {
		fail(c, PL_EINPUT, c->row_line, 0, index, NULL,
		     "this row has %zu cell%s but the header (line %d) names %zu field%s. Check for a missing or "
		     "extra comma; a cell that contains a comma must be in double quotes.",
		     c->n, c->n == 1 ? "" : "s", c->header_line, c->ncols, c->ncols == 1 ? "" : "s");
		return;
	}
	if (c->out->n >= PL_MAX_RECORDS) {
		fail(c, PL_ELIMIT, c->row_line, 0, index, NULL,
		     "there are more than %d records, over placard's limit for one run. Split the file.",
		     PL_MAX_RECORDS);
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
	if (pl_records_push(c->out, r)) {
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

int pl_csv_parse(const char *source, const char *buf, size_t len, pl_records *out, pl_error *err)
{
	struct csv_parser p;
	ctx c = {0};
	size_t start = 0, before = out->n;
	long bad;
	const char *nul;

	c.source = source ? source : "";
	c.err = err;
	c.out = out;
	c.line = c.col = 1;
	c.need_row = c.need_cell = true;
	/* Binary before encoding: an .xlsx or a PDF given as CSV is "not a text
	 * file", not "not UTF-8"; Excel's "Unicode text" is UTF-16. */
	if (len >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE) &&
	    (unsigned char)buf[1] == ((unsigned char)buf[0] ^ 0x01)) {
		fail(&c, PL_EINPUT, 1, 1, 0, NULL, "this file is saved as UTF-16 (\"Unicode text\"); placard reads "
		     "UTF-8. Save the sheet as \"CSV UTF-8\".");
		return -1;
	}
	if ((nul = memchr(buf, '\0', len))) {
		int line, col;
		pl_offset_linecol(buf, (size_t)(nul - buf), &line, &col);
		fail(&c, PL_EINPUT, line, col, 0, NULL,
		     "this is not a text file: it holds binary data (a NUL byte here). If it is a spreadsheet "
		     "(.xlsx, .ods), export it as \"CSV UTF-8\" first.");
		return -1;
	}
	if ((bad = pl_utf8_invalid(buf, len)) >= 0) {
		int line, col;
		pl_offset_linecol(buf, (size_t)bad, &line, &col);
		fail(&c, PL_EINPUT, line, col, 0, NULL,
		     "this is not UTF-8 text (byte 0x%02X). Save the file as \"CSV UTF-8\" in your spreadsheet, "
		     "or as UTF-8 in your editor.", (unsigned char)buf[bad]);
		return -1;
	}
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		start = 3; /* spreadsheets write a BOM; it is not part of the first name */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		fail(&c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		return -1;
	}
	/* Fed one byte at a time so that every callback knows its line. */
	for (size_t i = start; i < len && !c.failed; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (c.need_row && ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
			c.row_line = c.line;
			c.need_row = false;
		}
		if (c.need_cell && !c.need_row && ch != ' ' && ch != '\t') {
			c.cell_line = c.line;
			c.cell_col = c.col;
			c.need_cell = false;
		}
		if (csv_parse(&p, &buf[i], 1, on_cell, on_row, &c) != 1) {
			if (csv_error(&p) == CSV_EPARSE && ch == '"')
				fail(&c, PL_EINPUT, c.line, c.col, c.records + (c.cols ? 1 : 0), NULL,
				     "a double quote (\") is inside a cell that does not start with one. Put the whole "
				     "cell in double quotes and double the quote inside, like \"5\"\" screen\".");
			else if (csv_error(&p) == CSV_EPARSE)
				fail(&c, PL_EINPUT, c.line, c.col, c.records + (c.cols ? 1 : 0), NULL,
				     "there is text right after the closing quote of a cell. Put a comma after the "
				     "closing quote, or put the whole cell in quotes and double the quotes inside it.");
			else
				fail(&c, PL_ENOMEM, 0, 0, 0, NULL, "out of memory while reading the file.");
		}
		if (ch == '\n') {
			c.line++;
			c.col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c.col++;
		}
	}
	if (!c.failed && csv_fini(&p, on_cell, on_row, &c) != 0)
		fail(&c, PL_EINPUT, c.cell_line, c.cell_col, c.records + (c.cols ? 1 : 0), NULL,
		     "a quoted cell that starts here is never closed. Add the closing double quote (\").");
	csv_free(&p);
	if (!c.failed && !c.cols)
		fail(&c, PL_EINPUT, 0, 0, 0, NULL,
		     "the file is empty: it holds no records. The first row names the fields (title,date,...); "
		     "each row below it is one record.");
	else if (!c.failed && !c.records)
		fail(&c, PL_EINPUT, c.header_line, 0, 0, NULL,
		     "the file holds no records, only the header row. Add one row per event below it.");
	clear_cells(&c);
	free(c.cells);
	for (size_t i = 0; i < c.ncols; i++) {
		free(c.cols[i].name);
		free(c.cols[i].lang);
	}
	free(c.cols);
	if (c.failed) {
		while (out->n > before)
			pl_record_free(out->v[--out->n]);
		return -1;
	}
	return 0;
}
