/* record.h — the data model: one event (a record) is a list of text fields,
 * each with an optional translation language. Lists (hashtags) are stored
 * space-joined; nested maps (qr, theme) are flattened with dots
 * ("qr.ec", "theme.accent"). Parsers (data.c, csv.c) build records; the
 * layout engine reads them through pl_record_get*. */
#ifndef PL_RECORD_H
#define PL_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

typedef struct pl_field {
	char *name;  /* "title", "qr.ec", "theme.accent", any unknown name */
	char *lang;  /* NULL for the primary language, else "ar" from translations */
	char *value; /* UTF-8, never NULL */
	int line, col; /* where the value was written, 0 if unknown */
} pl_field;

typedef struct pl_record {
	pl_field *fields;
	size_t n, cap;
	char *source; /* file it came from (for messages and relative paths) */
	int index;    /* 1-based record number within its file */
	int line;     /* line where the record starts in its file, 0 if unknown */
	pl_error *fault; /* a record its file held but that could not be read (a
			    malformed CSV row): why, with file and line; NULL
			    for a readable one. pl_record_validate reports it. */
} pl_record;

typedef struct pl_records {
	pl_record **v;
	size_t n, cap;
} pl_records;

pl_record *pl_record_new(const char *source, int index, int line);
/* Mark r as unreadable, with a copy of why (e). -1 when out of memory. */
int pl_record_set_fault(pl_record *r, const pl_error *e);
pl_record *pl_record_dup(const pl_record *r);
void pl_record_free(pl_record *r);

/* Set (replace) a field; lang NULL = primary. Copies name, lang, value. */
int pl_record_set(pl_record *r, const char *name, const char *lang, const char *value,
		  int line, int col);
/* Remove every field for which match(field, ctx) is true. */
void pl_record_drop(pl_record *r, bool (*match)(const pl_field *f, const void *ctx), const void *ctx);
/* Borrowed value or NULL. */
const char *pl_record_get(const pl_record *r, const char *name);
const char *pl_record_get_lang(const pl_record *r, const char *name, const char *lang);
const pl_field *pl_record_find(const pl_record *r, const char *name, const char *lang);
/* The record's primary language ("en" when not given). */
const char *pl_record_lang(const pl_record *r);

/* A copy where translation `lang` is the primary text: its fields replace
 * the primary ones, the old primary text becomes a translation under the old
 * language, and `lang` is set. If the record has no translation in `lang`
 * and is not already in it, the copy is unchanged. */
pl_record *pl_record_localize(const pl_record *r, const char *lang);

/* Check what a record must satisfy to be rendered (SPEC "Invalid input"):
 * that it could be read at all (no fault), a title, real dates
 * (YYYY-MM-DD) and times (HH:MM), an allowed URL scheme, a known qr.ec.
 * Fills err with file, line, record and field. */
int pl_record_validate(const pl_record *r, pl_error *err);

int pl_records_push(pl_records *l, pl_record *r);
void pl_records_free(pl_records *l);

/* Helpers shared by the validators and the date formatter. */
int pl_parse_date(const char *s, int *y, int *m, int *d);
int pl_parse_time(const char *s, int *h, int *min);

#endif
