/* record.c — the data model (see record.h): a record is a flat list of text
 * fields, each primary or in a translation language. Parsers fill records;
 * pl_record_validate decides whether one can be rendered (SPEC "Invalid
 * input"), and pl_record_localize swaps in a translation for --lang. Dates
 * and times are parsed here so the validator and the date formatter agree. */
#include "data/record.h"
#include "base/config.h"
#include "base/util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pl_record *pl_record_new(const char *source, int index, int line)
{
	pl_record *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	if (source && !(r->source = pl_strdup(source))) {
		free(r);
		return NULL;
	}
	r->index = index;
	r->line = line;
	return r;
}

static void field_clear(pl_field *f)
{
	free(f->name);
	free(f->lang);
	free(f->value);
}

void pl_record_drop(pl_record *r, bool (*match)(const pl_field *f, const void *ctx), const void *ctx)
{
	for (size_t i = 0; i < r->n;) {
		pl_field *f = &r->fields[i];
		if (match(f, ctx)) {
			field_clear(f);
			memmove(f, f + 1, (r->n - i - 1) * sizeof *f);
			r->n--;
		} else {
			i++;
		}
	}
}

void pl_record_free(pl_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		field_clear(&r->fields[i]);
	free(r->fields);
	free(r->source);
	free(r->fault);
	free(r);
}

int pl_record_set_fault(pl_record *r, const pl_error *e)
{
	if (!r->fault && !(r->fault = malloc(sizeof *r->fault)))
		return -1;
	*r->fault = *e;
	return 0;
}

pl_record *pl_record_dup(const pl_record *r)
{
	pl_record *c;

	if (!r)
		return NULL;
	if (!(c = pl_record_new(r->source, r->index, r->line)))
		return NULL;
	if (r->fault && pl_record_set_fault(c, r->fault)) {
		pl_record_free(c);
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++) {
		const pl_field *f = &r->fields[i];
		if (pl_record_set(c, f->name, f->lang, f->value, f->line, f->col)) {
			pl_record_free(c);
			return NULL;
		}
	}
	return c;
}

static pl_field *find(const pl_record *r, const char *name, const char *lang)
{
	if (!r || !name)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->fields[i].name, name) && pl_streq(r->fields[i].lang, lang))
			return &r->fields[i];
	return NULL;
}

int pl_record_set(pl_record *r, const char *name, const char *lang, const char *value, int line, int col)
{
	pl_field *f = find(r, name, lang);
	char *v;

	if (!r || !name)
		return -1;
	if (!(v = pl_strdup(value ? value : "")))
		return -1;
	if (f) {
		free(f->value);
		f->value = v;
		f->line = line;
		f->col = col;
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		pl_field *p = realloc(r->fields, cap * sizeof *p);
		if (!p) {
			free(v);
			return -1;
		}
		r->fields = p;
		r->cap = cap;
	}
	f = &r->fields[r->n];
	memset(f, 0, sizeof *f);
	f->value = v;
	f->name = pl_strdup(name);
	f->lang = lang ? pl_strdup(lang) : NULL;
	if (!f->name || (lang && !f->lang)) {
		field_clear(f);
		return -1;
	}
	f->line = line;
	f->col = col;
	r->n++;
	return 0;
}

const pl_field *pl_record_find(const pl_record *r, const char *name, const char *lang)
{
	return find(r, name, lang);
}

const char *pl_record_get(const pl_record *r, const char *name)
{
	const pl_field *f = find(r, name, NULL);

	return f ? f->value : NULL;
}

const char *pl_record_get_lang(const pl_record *r, const char *name, const char *lang)
{
	const pl_field *f = find(r, name, lang);

	/* The record's own language is its primary text. */
	if (!f && lang && pl_streq(lang, pl_record_lang(r)))
		f = find(r, name, NULL);
	return f ? f->value : NULL;
}

const char *pl_record_lang(const pl_record *r)
{
	const char *l = pl_record_get(r, "lang");

	return pl_str_empty(l) ? "en" : l;
}

/* Remove field i, keeping the order of the others. */
static void remove_at(pl_record *r, size_t i)
{
	field_clear(&r->fields[i]);
	memmove(&r->fields[i], &r->fields[i + 1], (r->n - i - 1) * sizeof *r->fields);
	r->n--;
}

pl_record *pl_record_localize(const pl_record *r, const char *lang)
{
	pl_record *c = pl_record_dup(r);
	char *old = NULL;
	bool has = false;

	if (!c || pl_str_empty(lang) || pl_streq(lang, pl_record_lang(r)))
		return c;
	for (size_t i = 0; i < c->n && !has; i++)
		has = pl_streq(c->fields[i].lang, lang);
	if (!has)
		return c;
	if (!(old = pl_strdup(pl_record_lang(r))))
		goto fail;
	for (size_t i = 0; i < c->n;) {
		pl_field *t = &c->fields[i];
		pl_field *p;
		if (!pl_streq(t->lang, lang)) {
			i++;
			continue;
		}
		/* The primary text moves under the old language, unless that
		 * language already has its own translation of the field. */
		p = find(c, t->name, NULL);
		if (p && !find(c, t->name, old)) {
			if (pl_record_set(c, p->name, old, p->value, p->line, p->col))
				goto fail;
			t = &c->fields[i]; /* set may have moved the array */
		}
		if (pl_record_set(c, t->name, NULL, t->value, t->line, t->col))
			goto fail;
		remove_at(c, i);
	}
	{
		const pl_field *lf = find(c, "lang", NULL);
		const pl_field *sf = find(c, "second_lang", NULL);
		int line = lf ? lf->line : 0, col = lf ? lf->col : 0;
		/* A bilingual layout keeps both: the old language becomes the second. */
		if (sf && pl_streq(sf->value, lang) &&
		    pl_record_set(c, "second_lang", NULL, old, sf->line, sf->col))
			goto fail;
		if (pl_record_set(c, "lang", NULL, lang, line, col))
			goto fail;
	}
	free(old);
	return c;
fail:
	free(old);
	pl_record_free(c);
	return NULL;
}

int pl_records_push(pl_records *l, pl_record *r)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		pl_record **p = realloc(l->v, cap * sizeof *p);
		if (!p)
			return -1;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = r;
	return 0;
}

void pl_records_free(pl_records *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		pl_record_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- dates and times ---- */

/* n digits (between min and max) at *s; advances *s. */
static int digits(const char **s, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)(*s)[n])) {
		v = v * 10 + ((*s)[n] - '0');
		n++;
	}
	if (n < min || isdigit((unsigned char)(*s)[n]))
		return -1;
	*s += n;
	*out = v;
	return 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD (a one-digit month or day is accepted), a real calendar day. */
int pl_parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int yy, mm, dd;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (digits(&s, 4, 4, &yy) || *s++ != '-' || digits(&s, 1, 2, &mm) || *s++ != '-' ||
	    digits(&s, 1, 2, &dd))
		return -1;
	while (*s == ' ')
		s++;
	if (*s || yy < 1 || mm < 1 || mm > 12 || dd < 1)
		return -1;
	if (dd > mdays[mm - 1] + (mm == 2 && leap(yy)))
		return -1;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 0;
}

/* HH:MM or H:MM, 00:00 to 23:59. */
int pl_parse_time(const char *s, int *h, int *min)
{
	int hh, mi;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (digits(&s, 1, 2, &hh) || *s++ != ':' || digits(&s, 2, 2, &mi))
		return -1;
	while (*s == ' ')
		s++;
	if (*s || hh > 23 || mi > 59)
		return -1;
	if (h)
		*h = hh;
	if (min)
		*min = mi;
	return 0;
}

/* ---- validation ---- */

/* Fill err for field f (or the record's start when f is NULL). */
static int invalid(const pl_record *r, const pl_field *f, const char *field, pl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int invalid(const pl_record *r, const pl_field *f, const char *field, pl_error *err, const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pl_error_set(err, PL_EINPUT, "%s", msg);
	pl_error_at(err, r->source, f ? f->line : r->line, f ? f->col : 0);
	pl_error_field(err, r->index, field);
	return -1;
}

/* Show at most 60 bytes of a user value in a message (cut on a character). */
static const char *shorten(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);

	if (n < len && n <= 60)
		return s;
	n = 60 < len - 4 ? 60 : len - 4;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

static int check_date(const pl_record *r, const char *name, pl_error *err)
{
	const pl_field *f = find(r, name, NULL);
	int y, m, d;
	char sb[80];

	if (!f || pl_str_empty(f->value) || pl_parse_date(f->value, &y, &m, &d) == 0)
		return 0;
	/* A well-formed but impossible day deserves its own sentence. */
	{
		const char *s = f->value;
		bool shape = digits(&s, 4, 4, &y) == 0 && *s++ == '-' && digits(&s, 1, 2, &m) == 0 &&
			     *s++ == '-' && digits(&s, 1, 2, &d) == 0 && !*s;
		if (shape)
			return invalid(r, f, name, err,
				       "%s is not a real date%s. Write the date as YYYY-MM-DD, e.g. 2021-05-15.",
				       f->value, m < 1 || m > 12 ? " (there is no such month)" : "");
	}
	return invalid(r, f, name, err, "'%s' is not a date placard can read. Write the date as YYYY-MM-DD, "
		       "e.g. 2021-05-15.", shorten(f->value, sb, sizeof sb));
}

static int check_time(const pl_record *r, const char *name, pl_error *err)
{
	const pl_field *f = find(r, name, NULL);
	char sb[80];

	if (!f || pl_str_empty(f->value) || pl_parse_time(f->value, NULL, NULL) == 0)
		return 0;
	return invalid(r, f, name, err, "'%s' is not a time of day. Write the time as HH:MM on the 24-hour "
		       "clock, from 00:00 to 23:59 (e.g. 15:00; in YAML put it in quotes: \"15:00\").",
		       shorten(f->value, sb, sizeof sb));
}

static int check_url(const pl_record *r, pl_error *err)
{
	static const char *const ok[] = { "http", "https", "mailto", "tel", "geo", "sms" };
	const pl_field *f = find(r, "url", NULL);
	const char *u, *colon;
	char scheme[32], sb[80];
	size_t n, sl;
	bool known = false;

	if (!f || pl_str_empty(f->value))
		return 0;
	u = f->value;
	n = strlen(u);
	if (n > PL_MAX_URL_BYTES) {
		return invalid(r, f, "url", err, "the link is too long (%zu bytes, over the limit of %d) to fit in "
			       "a QR code that scans. Use a shorter address (a link shortener, or a page on your own "
			       "site).", n, PL_MAX_URL_BYTES);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c <= 0x20 || c == 0x7F)
			return invalid(r, f, "url", err, "the link '%s' contains a space or an invisible character, "
				       "so it would not open. Remove it, or write a space as %%20.",
				       shorten(u, sb, sizeof sb));
	}
	colon = strchr(u, ':');
	sl = colon ? (size_t)(colon - u) : 0;
	if (!colon || !sl || sl >= sizeof scheme || !isalpha((unsigned char)u[0]))
		return invalid(r, f, "url", err, "the link '%s' has no scheme, so phones would not know how to open "
			       "it. Start it with https:// (or mailto:, tel:, geo:, sms:).",
			       shorten(u, sb, sizeof sb));
	for (size_t i = 0; i < sl; i++) {
		unsigned char c = (unsigned char)u[i];
		if (!isalnum(c) && c != '+' && c != '-' && c != '.')
			return invalid(r, f, "url", err, "the link '%s' has no scheme, so phones would not know how "
				       "to open it. Start it with https:// (or mailto:, tel:, geo:, sms:).",
				       shorten(u, sb, sizeof sb));
		scheme[i] = (char)tolower(c);
	}
	scheme[sl] = '\0';
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		known |= !strcmp(scheme, ok[i]);
	if (!known)
		return invalid(r, f, "url", err, "'%s:' links are not allowed: the QR code must open a web page. "
			       "Use an http:// or https:// address (or mailto:, tel:, geo:, sms:).", scheme);
	if ((!strcmp(scheme, "http") || !strcmp(scheme, "https")) &&
	    (strncmp(colon, "://", 3) || !colon[3] || colon[3] == '/'))
		return invalid(r, f, "url", err, "the link '%s' has no site name. Write it as %s://example.org/page.",
			       shorten(u, sb, sizeof sb), scheme);
	if (!colon[1])
		return invalid(r, f, "url", err, "the link '%s' is empty after the colon. Write what it opens, "
			       "e.g. mailto:info@example.org or tel:+4930123456.", shorten(u, sb, sizeof sb));
	return 0;
}

/* A plausible BCP 47 tag: a 2–3 letter language, then subtags of 1–8
 * letters or digits separated by hyphens (RFC 5646 §2.1, loosely). */
static bool lang_ok(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 3 || (s[n] && s[n] != '-'))
		return false;
	s += n;
	while (*s == '-') {
		s++;
		n = 0;
		while (isalnum((unsigned char)s[n]))
			n++;
		if (n < 1 || n > 8)
			return false;
		s += n;
	}
	return *s == '\0';
}

static int check_lang(const pl_record *r, const pl_field *f, const char *field, const char *tag, pl_error *err)
{
	char sb[80], hint[80] = "";

	if (lang_ok(tag))
		return 0;
	if (strchr(tag, '_') && strlen(tag) < 40) {
		char fixed[48];
		snprintf(fixed, sizeof fixed, "%s", tag);
		for (char *p = fixed; *p; p++)
			if (*p == '_')
				*p = '-';
		if (lang_ok(fixed))
			snprintf(hint, sizeof hint, " (here: %s)", fixed);
	}
	return invalid(r, f, field, err, "'%s' is not a language code. Write a code like en, ar, de or pt-BR%s.",
		       shorten(tag, sb, sizeof sb), hint);
}

int pl_record_validate(const pl_record *r, pl_error *err)
{
	const pl_field *f;

	if (!r)
		return -1;
	if (r->fault) {
		/* its file held it, but it could not be read (csv.c) */
		if (err && err->code == PL_OK)
			*err = *r->fault;
		return -1;
	}
	if (pl_str_empty(pl_record_get(r, "title"))) {
		f = find(r, "title", NULL);
		return invalid(r, f, "title", err, "this record has no title, and every poster needs one. "
			       "Add a line like 'title: Rally for Climate Justice'.");
	}
	if ((f = find(r, "lang", NULL)) && !pl_str_empty(f->value) && check_lang(r, f, "lang", f->value, err))
		return -1;
	if ((f = find(r, "second_lang", NULL)) && !pl_str_empty(f->value) &&
	    check_lang(r, f, "second_lang", f->value, err))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		char name[64];
		f = &r->fields[i];
		if (!f->lang)
			continue;
		snprintf(name, sizeof name, "translations.%s", f->lang);
		if (check_lang(r, f, name, f->lang, err))
			return -1;
	}
	if (check_date(r, "date", err) || check_date(r, "end_date", err) || check_time(r, "time", err) ||
	    check_time(r, "end_time", err))
		return -1;
	{
		int y1, m1, d1, y2, m2, d2;
		const char *d = pl_record_get(r, "date"), *e = pl_record_get(r, "end_date");
		if (d && e && pl_parse_date(d, &y1, &m1, &d1) == 0 && pl_parse_date(e, &y2, &m2, &d2) == 0 &&
		    (y2 * 10000 + m2 * 100 + d2) < (y1 * 10000 + m1 * 100 + d1))
			return invalid(r, find(r, "end_date", NULL), "end_date", err,
				       "the event ends (%s) before it starts (%s). Check end_date and date.", e, d);
	}
	if (check_url(r, err))
		return -1;
	if ((f = find(r, "qr.ec", NULL)) && !pl_str_empty(f->value)) {
		const char *v = f->value;
		if (strlen(v) != 1 || !strchr("LMQHlmqh", v[0])) {
			char sb[80];
			return invalid(r, f, "qr.ec", err, "'%s' is not a QR error-correction level. Use L, M, Q or H "
				       "(H survives the most damage; M is a good default).",
				       shorten(v, sb, sizeof sb));
		}
	}
	if ((f = find(r, "qr.style", NULL)) && !pl_str_empty(f->value) && strcmp(f->value, "square") &&
	    strcmp(f->value, "rounded") && strcmp(f->value, "dots")) {
		char sb[80];
		return invalid(r, f, "qr.style", err, "'%s' is not a QR module style. Use square, rounded or dots.",
			       shorten(f->value, sb, sizeof sb));
	}
	return 0;
}
