/* data.c — event data in: a parsed YAML/JSON tree (yaml.c) becomes
 * pl_records, in the SPEC's three shapes — one record, a list of records,
 * or a campaign whose fields every event inherits and may override. Nested
 * maps are flattened with dots ("qr.ec"), lists of words are joined with
 * spaces (hashtags), `translations: {ar: {...}}` gives fields in language
 * "ar". Files are rejected whole here (bad shape, over a limit); whether a
 * record can be rendered is pl_record_validate's call, later. CSV lives in
 * csv.c; pl_data_load picks the reader by extension. */
#include "data/data.h"
#include "base/config.h"
#include "base/util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct loader {
	const char *source;
	pl_error *err;
} loader;

static int fail(loader *l, pl_code code, const pl_node *n, int record, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int fail(loader *l, pl_code code, const pl_node *n, int record, const char *field, const char *fmt, ...)
{
	char msg[sizeof l->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pl_error_set(l->err, code, "%s", msg);
	pl_error_at(l->err, l->source, n ? n->line : 0, n ? n->col : 0);
	pl_error_field(l->err, record, field);
	return -1;
}

static int oom(loader *l)
{
	pl_error_set(l->err, PL_ENOMEM, "out of memory while reading the data.");
	pl_error_at(l->err, l->source, 0, 0);
	return -1;
}

/* A plain null (`key:`, `~`, `null`) or an empty text means "no value": it
 * also removes a value inherited from the campaign. */
static bool is_null(const pl_node *n)
{
	const char *v = n->value;

	if (n->kind != PL_NODE_SCALAR)
		return false;
	if (!v[0])
		return true; /* "" too, as an empty CSV cell */
	return !n->quoted && ( !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL"));
}

/* Fields of r that are not campaign copies (those count once, in the
 * campaign's own fields). */
static size_t own_fields(const pl_record *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += strncmp(r->fields[i].name, "campaign.", 9) != 0;
	return n;
}

/* Remove `name` and everything under `name.` in language lang. */
typedef struct field_key {
	const char *name, *lang;
} field_key;

/* The field `name` in `lang` and everything under it ("qr" and "qr.ec"). */
static bool is_under(const pl_field *f, const void *ctx)
{
	const field_key *k = ctx;
	size_t n = strlen(k->name);

	return pl_streq(f->lang, k->lang) && !strncmp(f->name, k->name, n) && (!f->name[n] || f->name[n] == '.');
}

static void unset(pl_record *r, const char *name, const char *lang)
{
	field_key k = {name, lang};

	pl_record_drop(r, is_under, &k);
}

static int set_value(loader *l, pl_record *r, const char *name, const char *lang, const char *value,
		     const pl_node *at)
{
	size_t len = strlen(value);

	if (len > PL_MAX_FIELD_BYTES)
		return fail(l, PL_ELIMIT, at, r->index, name,
			    "this text is too long for a poster (%zu KB; placard's limit is %d KB, about 30 pages). "
			    "Shorten it.", (len + 1023) / 1024, PL_MAX_FIELD_BYTES / 1024);
	if (r->n >= PL_MAX_FIELDS && !pl_record_find(r, name, lang) && own_fields(r) >= PL_MAX_FIELDS)
		return fail(l, PL_ELIMIT, at, r->index, name,
			    "this record has more than %d fields, over placard's limit. Remove the ones no layout uses.",
			    PL_MAX_FIELDS);
	if (pl_record_set(r, name, lang, value, at->line, at->col))
		return oom(l);
	return 0;
}

/* A language suffix as in "title@ar": letters, digits, hyphens. */
static bool lang_like(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static int add_value(loader *l, pl_record *r, const char *name, const char *lang, const pl_node *n, int depth);

/* Join a list of words (hashtags) with spaces, as written. */
static int add_list(loader *l, pl_record *r, const char *name, const char *lang, const pl_node *n, int depth)
{
	pl_buf b = {0};
	bool words = true;
	int rc;

	for (size_t i = 0; i < n->n; i++)
		words &= n->kids[i]->kind == PL_NODE_SCALAR;
	if (!words) {
		/* A list of groups keeps every value, numbered: links.1.url, links.2.url. */
		for (size_t i = 0; i < n->n; i++) {
			pl_buf nb = {0};
			char *sub;
			pl_buf_printf(&nb, "%s.%zu", name, i + 1);
			if (!(sub = pl_buf_take(&nb)))
				return oom(l);
			rc = add_value(l, r, sub, lang, n->kids[i], depth + 1);
			free(sub);
			if (rc)
				return -1;
		}
		return 0;
	}
	for (size_t i = 0; i < n->n; i++) {
		const pl_node *k = n->kids[i];
		if (is_null(k))
			continue;
		if (b.len)
			pl_buf_add(&b, " ", 1);
		pl_buf_puts(&b, k->value);
		if (b.len > PL_MAX_FIELD_BYTES)
			break; /* set_value reports it */
	}
	if (b.oom) {
		pl_buf_free(&b);
		return oom(l);
	}
	if (!b.len) {
		unset(r, name, lang);
		pl_buf_free(&b);
		return 0;
	}
	rc = set_value(l, r, name, lang, b.s, n);
	pl_buf_free(&b);
	return rc;
}

static int add_translations(loader *l, pl_record *r, const pl_node *n)
{
	if (is_null(n))
		return 0;
	if (n->kind != PL_NODE_MAP)
		return fail(l, PL_EINPUT, n, r->index, "translations",
			    "translations must list languages, each with its fields, like:\n"
			    "  translations:\n    ar: { title: ... }");
	for (size_t i = 0; i < n->n; i++) {
		const pl_node *t = n->kids[i];
		if (is_null(t))
			continue;
		if (t->kind != PL_NODE_MAP || !lang_like(t->key))
			return fail(l, PL_EINPUT, t, r->index, "translations",
				    "under translations, '%s' must be a language code with its fields, like "
				    "ar: { title: ... }.", t->key);
		for (size_t j = 0; j < t->n; j++)
			if (add_value(l, r, t->kids[j]->key, t->key, t->kids[j], 2))
				return -1;
	}
	return 0;
}

/* The SPEC's fields that hold one text (hashtags may be a list; qr, theme
 * and translations are groups), with an example value for messages. A list
 * or a group given for one of them is a mistake in the file's structure
 * (`title: [a, b]`, `date:` with day/month below it): the file is rejected,
 * rather than printing a poster without its date or with a joined title. */
static const char *text_field_example(const char *name)
{
	static const char *const ex[][2] = {
		{"title", "\"Rally, for Climate Justice\""}, {"subtitle", "\"For return and liberation\""},
		{"body", "\"First paragraph.\""}, {"call_to_action", "\"Come along!\""},
		{"date", "2021-05-15"}, {"end_date", "2021-05-16"}, {"time", "\"15:00\""},
		{"end_time", "\"18:00\""}, {"timezone", "Europe/Berlin"}, {"venue", "Oranienplatz"},
		{"address", "\"Oranienstraße 1\""}, {"city", "Berlin"}, {"country", "Germany"},
		{"url", "https://example.org/event"}, {"url_label", "example.org/event"},
		{"organizer", "\"Example Network\""}, {"contact", "info@example.org"}, {"logo", "logo.svg"},
		{"image", "photo.jpg"}, {"lang", "en"}, {"second_lang", "ar"},
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
		if (!strcmp(name, ex[i][0]))
			return ex[i][1];
	return NULL;
}

/* One value under its full (dotted) name: a scalar is a field, a map is
 * flattened, a list is joined. */
static int add_value(loader *l, pl_record *r, const char *name, const char *lang, const pl_node *n, int depth)
{
	const char *example;

	if (!name[0])
		return fail(l, PL_EINPUT, n, r->index, NULL,
			    "a field has no name. Write it as 'name: value'.");
	if (n->kind != PL_NODE_SCALAR && (example = text_field_example(name)))
		return fail(l, PL_EINPUT, n, r->index, name,
			    "'%s' holds one text, but here it is %s. Write the value on the same line, after "
			    "'%s:' (in quotes if it contains a comma, a colon or brackets), e.g. %s: %s",
			    name, n->kind == PL_NODE_SEQ ? "a list" : "a group of fields", name, name, example);
	if (depth > PL_MAX_DEPTH)
		return fail(l, PL_ELIMIT, n, r->index, name, "the data is nested too deeply here.");
	if (n->kind == PL_NODE_SCALAR) {
		if (is_null(n)) {
			unset(r, name, lang);
			return 0;
		}
		return set_value(l, r, name, lang, n->value, n);
	}
	if (n->kind == PL_NODE_SEQ)
		return add_list(l, r, name, lang, n, depth);
	for (size_t i = 0; i < n->n; i++) {
		pl_buf nb = {0};
		char *sub;
		int rc;
		pl_buf_printf(&nb, "%s.%s", name, n->kids[i]->key);
		if (!(sub = pl_buf_take(&nb)))
			return oom(l);
		rc = add_value(l, r, sub, lang, n->kids[i], depth + 1);
		free(sub);
		if (rc)
			return -1;
	}
	return 0;
}

/* Apply the fields of map m to r (on top of whatever r inherited). */
static int add_map(loader *l, pl_record *r, const pl_node *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const pl_node *v = m->kids[i];
		const char *key = v->key, *at = strrchr(key, '@');
		int rc;
		if (!strcmp(key, "translations")) {
			rc = add_translations(l, r, v);
		} else if (at && at != key && lang_like(at + 1)) {
			/* title@ar: the CSV spelling of a translation, accepted here too. */
			char *name = pl_strndup(key, (size_t)(at - key));
			if (!name)
				return oom(l);
			rc = add_value(l, r, name, at + 1, v, 1);
			free(name);
		} else {
			rc = add_value(l, r, key, NULL, v, 1);
		}
		if (rc)
			return -1;
	}
	return 0;
}

static int push(loader *l, pl_records *out, pl_record *r, const pl_node *at)
{
	if (out->n >= PL_MAX_RECORDS) {
		pl_record_free(r);
		return fail(l, PL_ELIMIT, at, 0, NULL,
			    "there are more than %d records, over placard's limit for one run. Split the data.",
			    PL_MAX_RECORDS);
	}
	if (pl_records_push(out, r)) {
		pl_record_free(r);
		return oom(l);
	}
	return 0;
}

/* A record from map m, inheriting base's fields when base is given. */
static int one_record(loader *l, const pl_record *base, const pl_node *m, int index, pl_records *out)
{
	pl_record *r = base ? pl_record_dup(base) : pl_record_new(l->source, index, m->line);

	if (!r)
		return oom(l);
	r->index = index;
	r->line = m->line;
	if (add_map(l, r, m)) {
		pl_record_free(r);
		return -1;
	}
	return push(l, out, r, m);
}

/* The campaign's own fields, plus a "campaign.<name>" copy of each one so
 * layouts (and the utm_campaign slug) can name the campaign even where an
 * event overrides its title. */
static pl_record *campaign_base(loader *l, const pl_node *c)
{
	pl_record *r = pl_record_new(l->source, 0, c ? c->line : 0);
	size_t n;

	if (!r) {
		oom(l);
		return NULL;
	}
	if (c && add_map(l, r, c)) {
		pl_record_free(r);
		return NULL;
	}
	n = r->n;
	for (size_t i = 0; i < n; i++) {
		pl_buf b = {0};
		char *name;
		const pl_field *f = &r->fields[i];
		if (strchr(f->name, '.'))
			continue;
		/* (translations too: a schedule's page shows the campaign in them) */
		pl_buf_printf(&b, "campaign.%s", f->name);
		name = pl_buf_take(&b);
		if (!name || pl_record_set(r, name, f->lang, f->value, f->line, f->col)) {
			free(name);
			pl_record_free(r);
			oom(l);
			return NULL;
		}
		free(name);
	}
	return r;
}

static int from_campaign(loader *l, const pl_node *root, pl_records *out)
{
	const pl_node *c = pl_node_get(root, "campaign"), *ev = pl_node_get(root, "events");
	pl_record *base;
	int rc = 0;

	for (size_t i = 0; i < root->n; i++) {
		const pl_node *k = root->kids[i];
		if (strcmp(k->key, "campaign") && strcmp(k->key, "events"))
			return fail(l, PL_EINPUT, k, 0, k->key,
				    "'%s' stands beside campaign: and events:. Move it under campaign: (shared by "
				    "every event) or into an event.", k->key);
	}
	if (c && is_null(c))
		c = NULL;
	if (c && c->kind != PL_NODE_MAP)
		return fail(l, PL_EINPUT, c, 0, "campaign",
			    "campaign: must hold fields (title:, url:, ...), indented below it.");
	if (ev && is_null(ev))
		ev = NULL;
	if (ev && ev->kind != PL_NODE_SEQ)
		return fail(l, PL_EINPUT, ev, 0, "events",
			    "events: must be a list: start each event with '- ' on its own line.");
	if (!(base = campaign_base(l, c)))
		return -1;
	if (!ev || !ev->n) {
		/* A campaign without events is one poster for the campaign itself. */
		if (!c) {
			pl_record_free(base);
			return fail(l, PL_EINPUT, root, 0, NULL,
				    "the file holds no records: events: is empty. Add events below it, each starting "
				    "with '- '.");
		}
		base->index = 1;
		rc = push(l, out, base, c);
		return rc;
	}
	for (size_t i = 0; i < ev->n && !rc; i++) {
		const pl_node *e = ev->kids[i];
		if (e->kind != PL_NODE_MAP) {
			rc = fail(l, PL_EINPUT, e, (int)i + 1, NULL,
				  "event %zu is not a group of fields. Write each event as '- title: ...' with its "
				  "other fields indented below.", i + 1);
			break;
		}
		rc = one_record(l, base, e, (int)i + 1, out);
	}
	pl_record_free(base);
	return rc;
}

int pl_data_from_tree(const char *source, const pl_node *root, pl_records *out, pl_error *err)
{
	loader l = { source ? source : "", err };
	size_t before = out->n;
	int rc = 0;

	if (!root)
		return fail(&l, PL_EINPUT, NULL, 0, NULL, "the file is empty.");
	switch (root->kind) {
	case PL_NODE_SCALAR:
		return fail(&l, PL_EINPUT, root, 0, NULL,
			    "the file holds a single text, not fields. Write each field on its own line as "
			    "'name: value' (title: ..., date: ...).");
	case PL_NODE_SEQ:
		if (!root->n)
			return fail(&l, PL_EINPUT, root, 0, NULL,
				    "the file holds no records: the list is empty.");
		for (size_t i = 0; i < root->n && !rc; i++) {
			const pl_node *m = root->kids[i];
			if (m->kind != PL_NODE_MAP) {
				rc = fail(&l, PL_EINPUT, m, (int)i + 1, NULL,
					  "item %zu of the list is not a record. Write each record as '- title: ...' "
					  "with its other fields indented below.", i + 1);
				break;
			}
			rc = one_record(&l, NULL, m, (int)i + 1, out);
		}
		break;
	case PL_NODE_MAP: {
		const pl_node *c = pl_node_get(root, "campaign");
		if (pl_node_get(root, "events") || (c && c->kind == PL_NODE_MAP && root->n == 1))
			rc = from_campaign(&l, root, out);
		else if (!root->n)
			rc = fail(&l, PL_EINPUT, root, 0, NULL, "the file holds no fields. Write the event's fields "
				  "in it (title: ...).");
		else
			rc = one_record(&l, NULL, root, 1, out);
		break;
	}
	}
	if (rc) {
		/* Rejected whole: take back what this file added. */
		while (out->n > before)
			pl_record_free(out->v[--out->n]);
	}
	return rc;
}

/* Standard input has no extension: CSV when its first line that is not
 * blank reads as a header row, that is, it does not start as YAML or JSON
 * does ({ [ - # % ---) and holds no ':' (a YAML key or JSON member). */
static bool looks_like_csv(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i == n || strchr("{[-#%\"'", s[i]))
		return false;
	for (; i < n && s[i] != '\n'; i++)
		if (s[i] == ':')
			return false;
	return true;
}

int pl_data_load(const char *path, pl_records *out, pl_error *err)
{
	bool in = !strcmp(path, "-");
	const char *name = in ? "standard input" : path;
	char *buf = NULL;
	size_t len;
	int rc;

	/* Standard input is read once, whole, under the same limit. */
	if ((in || !strcasecmp(pl_path_ext(path), ".csv")) && pl_read_file(path, PL_MAX_FILE_BYTES, &buf, &len, err)) {
		if (in && !strcmp(err->file, "-"))
			snprintf(err->file, sizeof err->file, "%s", name);
		return -1;
	}
	if (buf && (!in || looks_like_csv(buf, len))) {
		rc = pl_csv_parse(name, buf, len, out, err);
	} else {
		pl_node *root = buf ? pl_yaml_parse(name, buf, len, err) : pl_yaml_load(path, err);
		if (!root) {
			free(buf);
			return -1;
		}
		rc = pl_data_from_tree(name, root, out, err);
		pl_node_free(root);
	}
	free(buf);
	return rc;
}

/* ---- a run's records, one at a time (data.h) ---- */

typedef struct source_part {
	char *csv;               /* a CSV file read again record by record, or */
	pl_records held;         /* records loaded whole (owned), or */
	const pl_records *lent;  /* records in the caller's memory */
	size_t n;
} source_part;

struct pl_source {
	source_part *parts;
	size_t n_parts, count;
	size_t at, next;         /* the part being read, and its next record */
	pl_csv_file *reading;    /* that part's file, when a CSV file */
};

pl_source *pl_source_new(void)
{
	return calloc(1, sizeof(pl_source));
}

void pl_source_free(pl_source *s)
{
	if (!s)
		return;
	pl_csv_close(s->reading);
	for (size_t i = 0; i < s->n_parts; i++) {
		free(s->parts[i].csv);
		pl_records_free(&s->parts[i].held);
	}
	free(s->parts);
	free(s);
}

static source_part *new_part(pl_source *s, pl_error *err)
{
	source_part *p = realloc(s->parts, (s->n_parts + 1) * sizeof *p);

	if (!p) {
		pl_error_set(err, PL_ENOMEM, "out of memory while reading the data.");
		return NULL;
	}
	s->parts = p;
	p = &s->parts[s->n_parts];
	memset(p, 0, sizeof *p);
	return p;
}

int pl_source_add(pl_source *s, const char *path, pl_error *err)
{
	source_part *p = new_part(s, err);
	struct stat st;

	if (!p)
		return -1;
	if (!strcasecmp(pl_path_ext(path), ".csv") && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (pl_csv_check(path, s->count, &p->n, err))
			return -1;
		if (!(p->csv = pl_strdup(path))) {
			pl_error_set(err, PL_ENOMEM, "out of memory while reading the data.");
			return -1;
		}
	} else {
		if (pl_data_load(path, &p->held, err)) {
			pl_records_free(&p->held);
			return -1;
		}
		p->n = p->held.n;
		if (s->count + p->n > PL_MAX_RECORDS) {
			pl_records_free(&p->held);
			pl_error_set(err, PL_ELIMIT, "there are more than %d records, over placard's limit for one run. Split the data.",
				     PL_MAX_RECORDS);
			pl_error_at(err, path, 0, 0);
			return -1;
		}
	}
	s->count += p->n;
	s->n_parts++;
	return 0;
}

int pl_source_add_records(pl_source *s, const pl_records *recs, pl_error *err)
{
	source_part *p = new_part(s, err);

	if (!p)
		return -1;
	p->lent = recs;
	p->n = recs->n;
	s->count += p->n;
	s->n_parts++;
	return 0;
}

size_t pl_source_count(const pl_source *s)
{
	return s->count;
}

pl_record *pl_source_next(pl_source *s, pl_error *err)
{
	while (s->at < s->n_parts) {
		source_part *p = &s->parts[s->at];
		pl_record *r = NULL;

		if (p->csv) {
			pl_error e = {0};
			if (!s->reading && !(s->reading = pl_csv_open(p->csv, err)))
				return NULL;
			if ((r = pl_csv_next(s->reading, &e)))
				return r;
			if (e.code != PL_OK) {
				/* It was read whole without a fault when added. */
				char was[sizeof e.msg];
				memcpy(was, e.msg, sizeof was);
				snprintf(e.msg, sizeof e.msg, "the file changed while placard was reading it, and now: %.600s "
					 "Run placard again once the file is saved.", was);
				*err = e;
				return NULL;
			}
			pl_csv_close(s->reading);
			s->reading = NULL;
		} else if (s->next < p->n) {
			if (p->lent) {
				if (!(r = pl_record_dup(p->lent->v[s->next])))
					pl_error_set(err, PL_ENOMEM, "out of memory while reading the data.");
			} else {
				r = p->held.v[s->next];
				p->held.v[s->next] = NULL; /* the caller's now */
			}
			s->next++;
			return r;
		}
		s->at++;
		s->next = 0;
	}
	return NULL;
}
