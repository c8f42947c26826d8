/* form.c — the form ↔ record mapping of the studio: JSON text and the
 * form's fields, file fields replaced by uploads, the data as YAML for the
 * download, and a data file opened into the form (POST /api/open). */
#include "studio/serve_int.h"

/* ---- small helpers ---- */

void st_json_str(pl_buf *b, const char *s)
{
	pl_buf_puts(b, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			pl_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			pl_buf_puts(b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			pl_buf_printf(b, "\\u%04x", c);
		else
			pl_buf_add(b, (const char *)&c, 1);
	}
	pl_buf_puts(b, "\"");
}

void st_base64(pl_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char q[4];

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? tab[v & 63] : '=';
		pl_buf_add(b, q, 4);
	}
}

/* A name from the outside (an upload's file name) made safe to show and to
 * write into YAML: no folders, no control characters, valid UTF-8. */
void st_clean_name(char *dst, size_t cap, const char *src)
{
	const char *slash = strrchr(src, '/'), *bslash = strrchr(src, '\\');
	size_t n = 0, len;

	if (slash)
		src = slash + 1;
	if (bslash && bslash + 1 > src)
		src = bslash + 1;
	len = strlen(src);
	if (pl_utf8_invalid(src, len) >= 0) {
		for (; *src && n + 1 < cap; src++)
			dst[n++] = (unsigned char)*src >= 0x20 && (unsigned char)*src < 0x7f ? *src : '_';
	} else {
		for (; *src && n + 1 < cap; src++)
			dst[n++] = (unsigned char)*src < 0x20 || *src == 0x7f ? '_' : *src;
		/* never cut inside a UTF-8 character */
		while (n > 0 && *src && ((unsigned char)dst[n] & 0xC0) == 0x80)
			n--;
	}
	dst[n] = '\0';
	if (!n || dst[0] == '.')
		snprintf(dst, cap, "upload");
}

/* ASCII slug of a title for download names: "Defend-Jerusalem". */
void st_slug(char *dst, size_t cap, const char *title)
{
	size_t n = 0;
	bool dash = false;

	for (; title && *title && n + 2 < cap && n < 48; title++) {
		unsigned char c = (unsigned char)*title;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (dash && n)
				dst[n++] = '-';
			dst[n++] = (char)c;
			dash = false;
		} else {
			dash = true;
		}
	}
	dst[n] = '\0';
	if (!n)
		snprintf(dst, cap, "placard");
}

/* Record fields whose value is a file path: never taken from a request. */
static bool file_field(const char *name)
{
	size_t n = strlen(name);

	return !strcmp(name, "logo") || !strcmp(name, "image") ||
	       (n > 5 && !strcmp(name + n - 5, ".logo")) || (n > 6 && !strcmp(name + n - 6, ".image"));
}

static bool is_file_field(const pl_field *f, const void *ctx)
{
	(void)ctx;
	return file_field(f->name);
}

void st_drop_file_fields(pl_record *r)
{
	pl_record_drop(r, is_file_field, NULL);
}

bool st_name_in(char **names, const char *s)
{
	for (size_t i = 0; names && names[i]; i++)
		if (!strcmp(names[i], s))
			return true;
	return false;
}

void st_free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* Language codes as BCP 47 writes them: letters, digits, hyphens. */
bool st_lang_ok(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_'))
			return false;
	return n > 0 && n <= 35;
}

const char *st_opt_str(const pl_node *m, const char *key)
{
	const char *v = pl_node_str(m, key);

	return v && *v ? v : NULL;
}

bool st_opt_bool(const pl_node *m, const char *key)
{
	const char *v = pl_node_str(m, key);

	return v && (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"));
}

/* ---- the data as YAML ---- */

static bool plain_key(const char *k)
{
	static const char *const special[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"};

	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("_.@-", *p)))
			return false;
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
		if (!strcasecmp(k, special[i]))
			return false;
	return true;
}

/* A YAML double-quoted scalar (YAML 1.2 §7.3.1): JSON's escapes, plus the
 * Unicode line breaks that a YAML reader would otherwise fold. */
void st_yaml_quoted(pl_buf *b, const char *s)
{
	pl_buf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			pl_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			pl_buf_puts(b, "\\n");
		else if (c == '\t')
			pl_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			pl_buf_printf(b, "\\x%02x", c);
		else if (c == 0xC2 && (unsigned char)s[1] == 0x85)
			pl_buf_puts(b, "\\N"), s++;
		else if (c == 0xE2 && (unsigned char)s[1] == 0x80 && ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9))
			pl_buf_puts(b, (unsigned char)s[2] == 0xA8 ? "\\L" : "\\P"), s += 2;
		else
			pl_buf_add(b, (const char *)&c, 1);
	}
	pl_buf_puts(b, "\"");
}

/* Multi-line text as a literal block (`body: |`), the way a person writes
 * it, when that keeps it exactly; else quoted. */
static void yaml_scalar(pl_buf *b, const pl_node *n, int indent)
{
	const char *v = n->value;
	size_t len = strlen(v), trail = 0;
	bool block = strchr(v, '\n') != NULL && v[0] != ' ' && v[0] != '\n';

	for (const char *p = v; *p && block; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n') || (unsigned char)*p == 0x7f ||
		    ((unsigned char)*p == 0xE2 && (unsigned char)p[1] == 0x80 &&
		     ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9)) ||
		    ((unsigned char)*p == 0xC2 && (unsigned char)p[1] == 0x85))
			block = false;
	if (!block) {
		if (!n->quoted && (!strcmp(v, "true") || !strcmp(v, "false")))
			pl_buf_puts(b, v);
		else
			st_yaml_quoted(b, v);
		return;
	}
	while (trail < len && v[len - 1 - trail] == '\n')
		trail++;
	pl_buf_puts(b, trail == 0 ? "|-" : trail == 1 ? "|" : "|+");
	for (const char *p = v; *p;) {
		const char *nl = strchr(p, '\n');
		size_t k = nl ? (size_t)(nl - p) : strlen(p);
		pl_buf_puts(b, "\n");
		if (k)
			pl_buf_printf(b, "%*s%.*s", indent + 2, "", (int)k, p);
		p += k + (nl ? 1 : 0);
	}
}

static void yaml_key(pl_buf *b, const char *k, int indent)
{
	pl_buf_printf(b, "%*s", indent, "");
	if (plain_key(k))
		pl_buf_puts(b, k);
	else
		st_yaml_quoted(b, k);
	pl_buf_puts(b, ":");
}

static bool node_empty(const pl_node *n)
{
	if (n->kind == PL_NODE_SCALAR)
		return !n->value || !n->value[0];
	for (size_t i = 0; i < n->n; i++)
		if (!node_empty(n->kids[i]) && !(n->kind == PL_NODE_MAP && file_field(n->kids[i]->key)))
			return false;
	return true;
}

/* The form's record (a map) as YAML. Empty fields are left out; fields that
 * name files are left out too (the caller writes the upload's own name). */
/* qr_logo (top level only, may be NULL): the name of the picture the QR
 * code carries, written as qr: { logo: NAME } (file fields from the form
 * itself are never written). */
static void yaml_map(pl_buf *b, const pl_node *m, int indent, const char *qr_logo)
{
	bool qr_done = false;

	for (size_t i = 0; i < m->n; i++) {
		const pl_node *k = m->kids[i];
		bool qr = qr_logo && !strcmp(k->key, "qr") && k->kind == PL_NODE_MAP;
		if (file_field(k->key) || (node_empty(k) && !qr))
			continue;
		yaml_key(b, k->key, indent);
		if (k->kind == PL_NODE_SCALAR) {
			pl_buf_puts(b, " ");
			yaml_scalar(b, k, indent);
			pl_buf_puts(b, "\n");
		} else if (k->kind == PL_NODE_MAP) {
			pl_buf_puts(b, "\n");
			yaml_map(b, k, indent + 2, NULL);
			if (qr) {
				pl_buf_puts(b, "  logo: ");
				st_yaml_quoted(b, qr_logo);
				pl_buf_puts(b, "\n");
				qr_done = true;
			}
		} else if (k->n && k->kids[0]->kind == PL_NODE_MAP) {
			/* a list of records (a campaign's events): a "-" line, then its fields */
			pl_buf_puts(b, "\n");
			for (size_t j = 0; j < k->n; j++) {
				if (k->kids[j]->kind != PL_NODE_MAP)
					continue;
				pl_buf_printf(b, "%*s-\n", indent + 2, "");
				yaml_map(b, k->kids[j], indent + 4, NULL);
			}
		} else {
			/* lists (hashtags) in flow style: ["#a", "#b"] */
			pl_buf_puts(b, " [");
			for (size_t j = 0, w = 0; j < k->n; j++) {
				if (k->kids[j]->kind != PL_NODE_SCALAR)
					continue;
				pl_buf_puts(b, w++ ? ", " : "");
				st_yaml_quoted(b, k->kids[j]->value);
			}
			pl_buf_puts(b, "]\n");
		}
	}
	if (qr_logo && !qr_done) {
		pl_buf_puts(b, "qr:\n  logo: ");
		st_yaml_quoted(b, qr_logo);
		pl_buf_puts(b, "\n");
	}
}

void st_yaml_map(pl_buf *b, const pl_node *m, int indent)
{
	yaml_map(b, m, indent, NULL);
}

void st_yaml_record(pl_buf *b, const pl_node *m, const char *qr_logo)
{
	yaml_map(b, m, 0, qr_logo);
}

/* ---- POST /api/open: a data file into the form ---- */

static void json_fields(pl_buf *b, const pl_record *r, const char *lang)
{
	bool first = true;

	pl_buf_puts(b, "{");
	for (size_t i = 0; i < r->n; i++) {
		const pl_field *f = &r->fields[i];
		if (!pl_streq(f->lang, lang) || file_field(f->name))
			continue;
		pl_buf_puts(b, first ? "" : ", ");
		first = false;
		st_json_str(b, f->name);
		pl_buf_puts(b, ": ");
		st_json_str(b, f->value);
	}
	pl_buf_puts(b, "}");
}

/* A campaign file: its own fields (in `lang`) as the form's, and each
 * event's fields of the events form, those it took from the campaign left
 * out. */
static const char *const event_keys[] = {"title", "date", "time", "city", "venue", "url", "lang"};

static void json_campaign(pl_buf *b, const pl_records *recs)
{
	const pl_record *rec = recs->v[0];
	bool first = true;

	pl_buf_puts(b, ", \"campaign\": {");
	for (size_t i = 0; i < rec->n; i++) {
		const pl_field *f = &rec->fields[i];
		if (f->lang || strncmp(f->name, "campaign.", 9) || file_field(f->name + 9))
			continue;
		pl_buf_puts(b, first ? "" : ", ");
		first = false;
		st_json_str(b, f->name + 9);
		pl_buf_puts(b, ": ");
		st_json_str(b, f->value);
	}
	pl_buf_puts(b, "}, \"events\": [");
	for (size_t k = 0, w = 0; k < recs->n; k++) {
		const pl_record *ev = recs->v[k];
		if (ev->fault)
			continue;
		pl_buf_puts(b, w++ ? ", {" : "{");
		first = true;
		for (size_t i = 0; i < sizeof event_keys / sizeof event_keys[0]; i++) {
			char cn[32];
			const char *v = pl_record_get(ev, event_keys[i]), *cv;
			snprintf(cn, sizeof cn, "campaign.%s", event_keys[i]);
			cv = pl_record_get(ev, cn);
			if (!v || (cv && !strcmp(v, cv)))
				continue;
			pl_buf_puts(b, first ? "" : ", ");
			first = false;
			st_json_str(b, event_keys[i]);
			pl_buf_puts(b, ": ");
			st_json_str(b, v);
		}
		pl_buf_puts(b, "}");
	}
	pl_buf_puts(b, "]");
}

enum MHD_Result st_do_open(pl_serve *s, struct MHD_Connection *c, req *r)
{
	char name[128];
	const char *ext;
	pl_records recs = {0};
	pl_error e = {0};
	int rc;
	pl_buf b = {0};
	const pl_record *rec;
	bool first = true;

	(void)s;
	if (!r->have_file)
		return st_reply_error(c, 400, "the upload holds no file. Choose a .yaml, .json or .csv file.");
	st_clean_name(name, sizeof name, r->filename);
	if (r->file_too_big)
		return st_reply_error(c, 413, "%s is over placard's limit of %ld MB for a data file.", name,
				   (long)(PL_MAX_FILE_BYTES / (1024 * 1024)));
	ext = pl_path_ext(name);
	if (strcasecmp(ext, ".yaml") && strcasecmp(ext, ".yml") && strcasecmp(ext, ".json") && strcasecmp(ext, ".csv"))
		return st_reply_error(c, 415, "%s is not event data. Open a .yaml, .yml, .json or .csv file.", name);
	if (!strcasecmp(ext, ".csv")) {
		rc = pl_csv_parse(name, r->file.s ? r->file.s : "", r->file.len, &recs, &e);
	} else {
		pl_node *root = pl_yaml_parse(name, r->file.s ? r->file.s : "", r->file.len, &e);
		rc = root ? pl_data_from_tree(name, root, &recs, &e) : -1;
		pl_node_free(root);
	}
	/* The form takes the first record that could be read (a CSV row may
	 * not be: its fault says why). */
	rec = NULL;
	for (size_t i = 0; !rc && i < recs.n && !rec; i++)
		rec = recs.v[i]->fault ? NULL : recs.v[i];
	if (!rc && recs.n && !rec)
		e = *recs.v[0]->fault;
	if (rc || !rec) {
		char msg[1400];
		pl_records_free(&recs);
		if (!e.code)
			pl_error_set(&e, PL_EINPUT, "the file holds no event.");
		pl_error_format(&e, msg, sizeof msg);
		return st_reply_error(c, st_status_for(&e), "%s", msg);
	}
	pl_buf_printf(&b, "{\"records\": %zu, \"name\": ", recs.n);
	st_json_str(&b, name);
	pl_buf_puts(&b, ", \"fields\": ");
	json_fields(&b, rec, NULL);
	pl_buf_puts(&b, ", \"translations\": {");
	for (size_t i = 0; i < rec->n; i++) {
		const char *l = rec->fields[i].lang;
		bool seen = false;
		if (!l)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = pl_streq(rec->fields[j].lang, l);
		if (seen)
			continue;
		pl_buf_puts(&b, first ? "" : ", ");
		first = false;
		st_json_str(&b, l);
		pl_buf_puts(&b, ": ");
		json_fields(&b, rec, l);
	}
	/* Pictures the file names: the browser sent only the data file, so the
	 * organiser must add them with the logo button. */
	pl_buf_puts(&b, "}, \"files\": {");
	first = true;
	for (size_t i = 0; i < rec->n; i++) {
		if (rec->fields[i].lang || !file_field(rec->fields[i].name))
			continue;
		pl_buf_puts(&b, first ? "" : ", ");
		first = false;
		st_json_str(&b, rec->fields[i].name);
		pl_buf_puts(&b, ": ");
		st_json_str(&b, rec->fields[i].value);
	}
	pl_buf_puts(&b, "}");
	if (pl_record_get(rec, "campaign.title") || pl_record_get(rec, "campaign.url"))
		json_campaign(&b, &recs);
	pl_buf_puts(&b, "}\n");
	pl_records_free(&recs);
	return st_reply_json(c, 200, &b);
}
