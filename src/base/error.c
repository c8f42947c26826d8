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

int pl_diag_add(pl_diag *d, const pl_error *e)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		pl_error *p = realloc(d->items, cap * sizeof *p);
		if (!p)
			return -1;
		d->items = p;
		d->cap = cap;
	}
	d->items[d->n++] = *e;
	return 0;
}

void pl_diag_free(pl_diag *d)
{
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
