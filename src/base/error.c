/* error.c — see error.h. */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_error_set(pl_error *err, pl_code code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != PL_OK)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void pl_error_at(pl_error *err, const char *file, int line, int col)
{
	if (!err)
		return;
	if (file && !err->file[0])
		snprintf(err->file, sizeof err->file, "%s", file);
	if (line > 0 && !err->line) {
		err->line = line;
		err->col = col;
	}
}

void pl_error_field(pl_error *err, int record, const char *field)
{
	if (!err)
		return;
	if (record > 0 && !err->record)
		err->record = record;
	if (field && !err->field[0])
		snprintf(err->field, sizeof err->field, "%s", field);
}

void pl_error_clear(pl_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

void pl_error_format(const pl_error *e, char *buf, size_t len)
{
	size_t n = 0;

#define PUT(...) do { \
		int k_ = snprintf(buf + n, len > n ? len - n : 0, __VA_ARGS__); \
		if (k_ > 0) n += (size_t)k_; \
	} while (0)
	if (!len)
		return;
	buf[0] = '\0';
	if (e->file[0]) {
		PUT("%s", e->file);
		if (e->line > 0)
			PUT(":%d", e->line);
		if (e->line > 0 && e->col > 0)
			PUT(":%d", e->col);
		PUT(": ");
	}
	if (e->record > 0)
		PUT("record %d%s", e->record, e->field[0] ? ", " : ": ");
	if (e->field[0])
		PUT("field '%s': ", e->field);
	PUT("%s", e->msg);
#undef PUT
}

int pl_diag_insert(pl_diag *d, size_t at, const pl_error *e)
{
	size_t lf = strlen(e->file) + 1, ld = strlen(e->field) + 1, lm = strlen(e->msg) + 1;
	char *text = malloc(lf + ld + lm);
	pl_finding *f;

	if (!text)
		return -1;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		pl_finding *p = realloc(d->items, cap * sizeof *p);
		if (!p) {
			free(text);
			return -1;
		}
		d->items = p;
		d->cap = cap;
	}
	if (at > d->n)
		at = d->n;
	memmove(&d->items[at + 1], &d->items[at], (d->n - at) * sizeof *d->items);
	d->n++;
	f = &d->items[at];
	memcpy(text, e->file, lf);
	memcpy(text + lf, e->field, ld);
	memcpy(text + lf + ld, e->msg, lm);
	*f = (pl_finding){.code = e->code, .line = e->line, .col = e->col, .record = e->record,
			  .file = text, .field = text + lf, .msg = text + lf + ld};
	return 0;
}

int pl_diag_add(pl_diag *d, const pl_error *e)
{
	return pl_diag_insert(d, d->n, e);
}

void pl_finding_error(const pl_finding *f, pl_error *out)
{
	memset(out, 0, sizeof *out);
	out->code = f->code;
	out->line = f->line;
	out->col = f->col;
	out->record = f->record;
	snprintf(out->file, sizeof out->file, "%s", f->file);
	snprintf(out->field, sizeof out->field, "%s", f->field);
	snprintf(out->msg, sizeof out->msg, "%s", f->msg);
}

void pl_diag_free(pl_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free((char *)d->items[i].file);
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}

const char *pl_severity(pl_code code)
{
	return code == PL_ENOTE ? "note" : code == PL_EWARN ? "warning" : "error";
}

size_t pl_diag_failing(const pl_diag *d, int warnings)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->items[i].code != PL_ENOTE && (warnings || d->items[i].code != PL_EWARN);
	return n;
}
