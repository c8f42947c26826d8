/* serve.c — the web studio's server; see serve.h. One access handler
 * (libmicrohttpd, a thread per connection) routes a handful of URLs:
 *
 *   GET  /, /studio.css, /studio.js   the page (read once at start)
 *   GET  /api/meta                    built-in layouts (with sizes) and themes
 *   POST /api/render   (JSON)         preview PNG + findings, or a download:
 *                                     PDF, print-shop PDF, PNG, data as YAML
 *   POST /api/upload   (multipart)    a logo or picture into the temp folder
 *   POST /api/open     (multipart)    a YAML/JSON/CSV file → the form's fields
 *
 * Safety: bodies are limited before they are read (Content-Length) and while
 * they are read (chunked); uploads are typed by their content and decoded
 * once before use; layouts and themes are picked by built-in name only;
 * record fields that name files are replaced by uploads, so a request can
 * never make placard read a path it chose. Requests whose Host is not the
 * loopback address the server listens on are refused (DNS rebinding), and so
 * are cross-site POSTs (an Origin that is not this server).
 *
 * Rendering is serialised by one mutex: pl_render builds its own fontconfig
 * configuration and Pango font map per call, but fontconfig, Pango and
 * librsvg keep process-wide caches whose thread safety differs across
 * versions, and a preview takes tens of milliseconds (README, "Studio"). */
#include "studio/serve.h"
#include "base/config.h"
#include "data/data.h"
#include "draw/image.h"
#include "layout/layout.h"
#include "base/lazy.h"
#include "render/render.h"
#include "base/util.h"
#include "data/yaml.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct upload {
	char id[33];          /* 32 hex digits; what the page sends back */
	char *path;           /* inside the temp folder */
	char name[128];       /* the file's own name, cleaned, for the YAML download */
} upload;

typedef struct asset {
	const char *url, *file, *type;
	char *data;
	size_t len;
} asset;

struct pl_serve {
	struct MHD_Daemon *d;
	char *datadir;
	char tmp[PATH_MAX];
	char url[160];
	char hosts[4][96];     /* Host values accepted when listening on loopback */
	int n_hosts;           /* 0: any Host (the user chose a non-loopback address) */
	asset assets[3];
	pthread_mutex_t render_lock; /* pl_render and image decoding */
	pthread_mutex_t lock;        /* uploads, counter, last log line */
	upload uploads[PL_SERVE_MAX_UPLOADS];
	size_t next_upload;
	unsigned long counter;
	char last_log[256];
};

enum route { R_NONE, R_ASSET, R_META, R_RENDER, R_UPLOAD, R_OPEN };

/* One request in progress (MHD's per-connection "con_cls"). */
typedef struct req {
	enum route route;
	const asset *asset;
	bool post;
	size_t limit;          /* body bytes accepted */
	uint64_t received;
	bool too_big;
	pl_buf body;           /* JSON requests */
	struct MHD_PostProcessor *pp;
	bool bad_multipart;
	bool have_file;
	char filename[256];
	pl_buf file;           /* the "file" part of a multipart upload */
	bool file_too_big;
} req;

/* ---- small helpers ---- */

static void json_str(pl_buf *b, const char *s)
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

static void base64(pl_buf *b, const unsigned char *p, size_t n)
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
static void clean_name(char *dst, size_t cap, const char *src)
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
static void slug(char *dst, size_t cap, const char *title)
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

static void drop_file_fields(pl_record *r)
{
	pl_record_drop(r, is_file_field, NULL);
}

static bool name_in(char **names, const char *s)
{
	for (size_t i = 0; names && names[i]; i++)
		if (!strcmp(names[i], s))
			return true;
	return false;
}

static void free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* Language codes as BCP 47 writes them: letters, digits, hyphens. */
static bool lang_ok(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_'))
			return false;
	return n > 0 && n <= 35;
}

static const char *opt_str(const pl_node *m, const char *key)
{
	const char *v = pl_node_str(m, key);

	return v && *v ? v : NULL;
}

static bool opt_bool(const pl_node *m, const char *key)
{
	const char *v = pl_node_str(m, key);

	return v && (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"));
}

/* ---- responses ---- */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
			     char *data, size_t n, bool owned, const char *filename)
{
	struct MHD_Response *r = pl_mhd.MHD_create_response_from_buffer(
		n, data, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result rc;

	if (!r) {
		if (owned)
			free(data);
		return MHD_NO;
	}
	pl_mhd.MHD_add_response_header(r, "Content-Type", type);
	pl_mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	pl_mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	pl_mhd.MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	pl_mhd.MHD_add_response_header(r, "X-Frame-Options", "DENY");
	/* Nothing from elsewhere: the page, its script and style, and the
	 * previews it makes itself. */
	pl_mhd.MHD_add_response_header(r, "Content-Security-Policy",
				       "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
				       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	if (filename) {
		char cd[200];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
		pl_mhd.MHD_add_response_header(r, "Content-Disposition", cd);
	}
	rc = pl_mhd.MHD_queue_response(c, status, r);
	pl_mhd.MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result reply_json(struct MHD_Connection *c, unsigned status, pl_buf *b)
{
	char *s;
	size_t n;

	if (b->oom) {
		pl_buf_free(b);
		return reply(c, 500, "application/json", (char *)"{\"error\": \"out of memory\"}", 26, false, NULL);
	}
	n = b->len;
	s = pl_buf_take(b);
	return reply(c, status, "application/json; charset=utf-8", s, n, true, NULL);
}

static enum MHD_Result reply_error(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum MHD_Result reply_error(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
{
	char msg[1024];
	pl_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pl_buf_puts(&b, "{\"error\": ");
	json_str(&b, msg);
	pl_buf_puts(&b, "}\n");
	return reply_json(c, status, &b);
}

static unsigned status_for(const pl_error *e)
{
	switch (e->code) {
	case PL_ENOMEM:
	case PL_EIO:
	case PL_EDEP:
		return 500;
	case PL_ELIMIT:
		return 413;
	default:
		return 422;
	}
}

static void scrub(pl_serve *s, const char *in, char *out, size_t cap);

/* One finding as {"severity", "field", "message"}. */
static void json_finding(pl_serve *s, pl_buf *b, const pl_error *e)
{
	char msg[sizeof e->msg + 256];

	scrub(s, e->msg, msg, sizeof msg);
	pl_buf_printf(b, "{\"severity\": \"%s\", \"field\": ", pl_severity(e->code));
	json_str(b, e->field);
	pl_buf_puts(b, ", \"message\": ");
	json_str(b, msg);
	pl_buf_puts(b, "}");
}

static void json_findings(pl_serve *s, pl_buf *b, const pl_diag *d)
{
	pl_buf_puts(b, "[");
	for (size_t i = 0; i < d->n; i++) {
		if (i)
			pl_buf_puts(b, ", ");
		json_finding(s, b, &d->items[i]);
	}
	pl_buf_puts(b, "]");
}

/* ---- GET /api/meta ---- */

static enum MHD_Result do_meta(pl_serve *s, struct MHD_Connection *c)
{
	char **names = pl_layout_list(s->datadir), **themes = pl_theme_list(s->datadir);
	pl_buf b = {0};
	bool first = true;

	pl_buf_printf(&b, "{\"version\": \"%s\", \"limits\": {\"image_bytes\": %ld, \"file_bytes\": %ld, "
		      "\"form_bytes\": %ld}, \"layouts\": [", PL_VERSION, (long)PL_MAX_IMAGE_BYTES,
		      (long)PL_MAX_FILE_BYTES, (long)PL_SERVE_MAX_BODY_BYTES);
	for (size_t i = 0; names && names[i]; i++) {
		pl_error e = {0};
		pl_layout *l = pl_layout_load(s->datadir, names[i], &e);
		if (!l)
			continue; /* a broken layout file is the CLI's to report */
		pl_buf_puts(&b, first ? "\n  {\"name\": " : ",\n  {\"name\": ");
		first = false;
		json_str(&b, l->name ? l->name : names[i]);
		pl_buf_puts(&b, ", \"kind\": ");
		json_str(&b, l->kind ? l->kind : "");
		pl_buf_puts(&b, ", \"description\": ");
		json_str(&b, l->description ? l->description : "");
		pl_buf_printf(&b, ", \"width_mm\": %g, \"height_mm\": %g, \"theme\": ",
			      round(l->trim_w / PL_MM_TO_PT * 10) / 10, round(l->trim_h / PL_MM_TO_PT * 10) / 10);
		json_str(&b, l->theme ? l->theme : "");
		pl_buf_puts(&b, "}");
		pl_layout_free(l);
	}
	pl_buf_puts(&b, "],\n\"themes\": [");
	for (size_t i = 0; themes && themes[i]; i++) {
		if (i)
			pl_buf_puts(&b, ", ");
		json_str(&b, themes[i]);
	}
	/* Pre-cut label sheets for --sheet, by name (assets/label-sheets.yaml). */
	pl_buf_puts(&b, "],\n\"label_sheets\": [");
	{
		pl_buf p = {0};
		pl_error e = {0};
		pl_node *root;
		const pl_node *list;
		pl_buf_printf(&p, "%s/assets/label-sheets.yaml", s->datadir);
		root = p.s ? pl_yaml_load(p.s, &e) : NULL;
		list = root && root->kind == PL_NODE_MAP ? pl_node_get(root, "sheets") : NULL;
		for (size_t i = 0, w = 0; list && list->kind == PL_NODE_SEQ && i < list->n; i++) {
			const char *name = list->kids[i]->kind == PL_NODE_MAP ? pl_node_str(list->kids[i], "name") : NULL;
			const char *product = name ? pl_node_str(list->kids[i], "product") : NULL;
			if (!name || !lang_ok(name))
				continue;
			pl_buf_puts(&b, w++ ? ", {\"name\": " : "{\"name\": ");
			json_str(&b, name);
			pl_buf_puts(&b, ", \"product\": ");
			json_str(&b, product ? product : name);
			pl_buf_puts(&b, "}");
		}
		pl_node_free(root);
		pl_buf_free(&p);
	}
	pl_buf_puts(&b, "]}\n");
	free_names(names);
	free_names(themes);
	return reply_json(c, 200, &b);
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
static void yaml_quoted(pl_buf *b, const char *s)
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
			yaml_quoted(b, v);
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
		yaml_quoted(b, k);
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
static void yaml_map(pl_buf *b, const pl_node *m, int indent)
{
	for (size_t i = 0; i < m->n; i++) {
		const pl_node *k = m->kids[i];
		if (file_field(k->key) || node_empty(k))
			continue;
		yaml_key(b, k->key, indent);
		if (k->kind == PL_NODE_SCALAR) {
			pl_buf_puts(b, " ");
			yaml_scalar(b, k, indent);
			pl_buf_puts(b, "\n");
		} else if (k->kind == PL_NODE_MAP) {
			pl_buf_puts(b, "\n");
			yaml_map(b, k, indent + 2);
		} else {
			/* lists (hashtags) in flow style: ["#a", "#b"] */
			pl_buf_puts(b, " [");
			for (size_t j = 0, w = 0; j < k->n; j++) {
				if (k->kids[j]->kind != PL_NODE_SCALAR)
					continue;
				pl_buf_puts(b, w++ ? ", " : "");
				yaml_quoted(b, k->kids[j]->value);
			}
			pl_buf_puts(b, "]\n");
		}
	}
}

/* ---- uploads ---- */

static const upload *find_upload(pl_serve *s, const char *id)
{
	for (size_t i = 0; i < PL_SERVE_MAX_UPLOADS; i++)
		if (s->uploads[i].path && !strcmp(s->uploads[i].id, id))
			return &s->uploads[i];
	return NULL;
}

/* A message for the browser without the server's own paths: an upload's
 * path becomes the name it was uploaded under, and the temporary folder
 * is never shown. */
static void scrub(pl_serve *s, const char *in, char *out, size_t cap)
{
	size_t n = 0, tl = strlen(s->tmp);

	pthread_mutex_lock(&s->lock);
	while (*in && n + 1 < cap) {
		const char *name = NULL;
		size_t skip = 0;
		for (size_t i = 0; i < PL_SERVE_MAX_UPLOADS && !name; i++) {
			const upload *u = &s->uploads[i];
			if (u->path && !strncmp(in, u->path, strlen(u->path)))
				name = u->name, skip = strlen(u->path);
		}
		if (!name && tl && !strncmp(in, s->tmp, tl)) {
			/* a file of ours not (or no longer) in the table */
			name = "the uploaded file";
			skip = tl + strcspn(in + tl, " '\",;:");
		}
		if (name) {
			int k = snprintf(out + n, cap - n, "%s", name);
			n += k > 0 ? (size_t)k : 0;
			if (n >= cap)
				n = cap - 1;
			in += skip;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
	pthread_mutex_unlock(&s->lock);
}

/* What a picture is, from its first bytes: ".png", ".jpg", ".svg" or NULL. */
static const char *sniff_image(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return ".png";
	if (n >= 3 && !memcmp(p, "\xff\xd8\xff", 3))
		return ".jpg";
	/* SVG: text (after an optional BOM, blank space, XML prolog, comments
	 * or doctype) whose first element is <svg. */
	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && i < 8192) {
		while (i < n && strchr(" \t\r\n", p[i]))
			i++;
		if (i + 4 <= n && !memcmp(p + i, "<svg", 4))
			return pl_utf8_invalid(p, n) < 0 ? ".svg" : NULL;
		if (i + 2 <= n && p[i] == '<' && (p[i + 1] == '?' || p[i + 1] == '!')) {
			const char *end = memchr(p + i, '>', n - i);
			if (!end)
				return NULL;
			i = (size_t)(end - p) + 1;
			continue;
		}
		return NULL;
	}
	return NULL;
}

static enum MHD_Result do_upload(pl_serve *s, struct MHD_Connection *c, req *r)
{
	const char *ext;
	unsigned char rnd[16];
	char id[33], path[PATH_MAX + 64], name[128];
	int fd;
	size_t off = 0;
	pl_error e = {0};
	pl_image *img;
	double w = 0, h = 0;
	upload *u;
	pl_buf b = {0};

	if (!r->have_file)
		return reply_error(c, 400, "the upload holds no file. Choose a PNG, JPEG or SVG picture.");
	if (r->file_too_big)
		return reply_error(c, 413, "this picture is over placard's limit of %ld MB. Make it smaller and try again.",
				   (long)(PL_MAX_IMAGE_BYTES / (1024 * 1024)));
	ext = sniff_image(r->file.s ? r->file.s : "", r->file.len);
	if (!ext)
		return reply_error(c, 415, "this file is not a picture placard can print. Choose a PNG, JPEG or SVG file.");
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		return reply_error(c, 500, "could not make a name for the upload (%s).", strerror(errno));
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(id + 2 * i, 3, "%02x", rnd[i]);
	snprintf(path, sizeof path, "%s/u-%s%s", s->tmp, id, ext);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return reply_error(c, 500, "could not keep the upload (%s).", strerror(errno));
	while (off < r->file.len) {
		ssize_t k = write(fd, r->file.s + off, r->file.len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			unlink(path);
			return reply_error(c, 500, "could not keep the upload: the disk may be full.");
		}
		off += (size_t)k;
	}
	close(fd);
	/* Decode it once now, under the limits (pixels, bytes), so a broken
	 * picture is refused here and not on every preview. */
	pthread_mutex_lock(&s->render_lock);
	img = pl_image_load(path, &e);
	if (img)
		pl_image_size(img, &w, &h);
	pl_image_free(img);
	pthread_mutex_unlock(&s->render_lock);
	clean_name(name, sizeof name, r->filename);
	if (!img) {
		char msg[sizeof e.msg + 256];
		unlink(path);
		scrub(s, e.msg, msg, sizeof msg);
		return reply_error(c, e.code == PL_ELIMIT ? 413 : 415, "%s cannot be used: %s", name, msg);
	}
	pthread_mutex_lock(&s->lock);
	u = &s->uploads[s->next_upload];
	s->next_upload = (s->next_upload + 1) % PL_SERVE_MAX_UPLOADS;
	if (u->path) {
		/* the oldest upload makes room */
		unlink(u->path);
		free(u->path);
	}
	memcpy(u->id, id, sizeof id);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->path = pl_strdup(path);
	pthread_mutex_unlock(&s->lock);
	pl_buf_printf(&b, "{\"id\": \"%s\", \"kind\": \"%s\", \"width\": %.0f, \"height\": %.0f, \"name\": ",
		      id, ext + 1, w, h);
	json_str(&b, name);
	pl_buf_puts(&b, "}\n");
	return reply_json(c, 200, &b);
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
		json_str(b, f->name);
		pl_buf_puts(b, ": ");
		json_str(b, f->value);
	}
	pl_buf_puts(b, "}");
}

static enum MHD_Result do_open(pl_serve *s, struct MHD_Connection *c, req *r)
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
		return reply_error(c, 400, "the upload holds no file. Choose a .yaml, .json or .csv file.");
	clean_name(name, sizeof name, r->filename);
	if (r->file_too_big)
		return reply_error(c, 413, "%s is over placard's limit of %ld MB for a data file.", name,
				   (long)(PL_MAX_FILE_BYTES / (1024 * 1024)));
	ext = pl_path_ext(name);
	if (strcasecmp(ext, ".yaml") && strcasecmp(ext, ".yml") && strcasecmp(ext, ".json") && strcasecmp(ext, ".csv"))
		return reply_error(c, 415, "%s is not event data. Open a .yaml, .yml, .json or .csv file.", name);
	if (!strcasecmp(ext, ".csv")) {
		rc = pl_csv_parse(name, r->file.s ? r->file.s : "", r->file.len, &recs, &e);
	} else {
		pl_node *root = pl_yaml_parse(name, r->file.s ? r->file.s : "", r->file.len, &e);
		rc = root ? pl_data_from_tree(name, root, &recs, &e) : -1;
		pl_node_free(root);
	}
	if (rc || !recs.n) {
		char msg[1400];
		pl_records_free(&recs);
		if (!e.code)
			pl_error_set(&e, PL_EINPUT, "the file holds no event.");
		pl_error_format(&e, msg, sizeof msg);
		return reply_error(c, status_for(&e), "%s", msg);
	}
	rec = recs.v[0];
	pl_buf_printf(&b, "{\"records\": %zu, \"name\": ", recs.n);
	json_str(&b, name);
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
		json_str(&b, l);
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
		json_str(&b, rec->fields[i].name);
		pl_buf_puts(&b, ": ");
		json_str(&b, rec->fields[i].value);
	}
	pl_buf_puts(&b, "}}\n");
	pl_records_free(&recs);
	return reply_json(c, 200, &b);
}

/* ---- POST /api/render ---- */

typedef enum out_kind { OUT_PREVIEW, OUT_PDF, OUT_PRINT, OUT_PNG, OUT_YAML } out_kind;

static enum MHD_Result do_render(pl_serve *s, struct MHD_Connection *c, req *r)
{
	static const struct { const char *name; out_kind k; } kinds[] = {
		{"preview", OUT_PREVIEW}, {"pdf", OUT_PDF}, {"print", OUT_PRINT}, {"png", OUT_PNG}, {"yaml", OUT_YAML},
	};
	pl_error e = {0};
	pl_node *root;
	const pl_node *rec_node;
	const char *fmt, *layout, *theme, *lang, *sheet, *bleed, *logo_id, *image_id, *rtheme, *missing = NULL;
	out_kind kind = OUT_PREVIEW;
	bool found = false, print;
	char **names = NULL, **themes = NULL;
	pl_records recs = {0};
	pl_render_opts ro = {0};
	pl_render_result res = {0};
	double bleed_pt = -1, dpi = 150;
	char out[PATH_MAX + 64], fname[160], sl[64];
	enum MHD_Result ret;
	pl_buf b = {0};
	char *data = NULL;
	size_t len = 0;
	unsigned long n;
	int rc;

	root = pl_yaml_parse("form", r->body.s ? r->body.s : "", r->body.len, &e);
	if (!root)
		return reply_error(c, 400, "the request is not valid JSON: %s", e.msg);
	if (root->kind != PL_NODE_MAP) {
		ret = reply_error(c, 400, "the request must be a JSON object with \"record\" and options.");
		goto done;
	}
	fmt = opt_str(root, "format");
	for (size_t i = 0; fmt && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(fmt, kinds[i].name))
			kind = kinds[i].k, found = true;
	if (fmt && !found) {
		ret = reply_error(c, 400, "unknown format '%s': use preview, pdf, print, png or yaml.", fmt);
		goto done;
	}
	rec_node = pl_node_get(root, "record");
	if (!rec_node || rec_node->kind != PL_NODE_MAP) {
		ret = reply_error(c, 400, "the request holds no \"record\" object with the event's fields.");
		goto done;
	}
	/* Layout and theme by built-in name only: never a path from outside. */
	layout = opt_str(root, "layout");
	names = pl_layout_list(s->datadir);
	if (!layout)
		layout = "flyer-a5";
	if (!name_in(names, layout)) {
		ret = reply_error(c, 422, "there is no built-in layout called '%s'. Pick one from the list.", layout);
		goto done;
	}
	themes = pl_theme_list(s->datadir);
	theme = opt_str(root, "theme");
	rtheme = pl_node_str(rec_node, "theme");
	if ((theme && !name_in(themes, theme)) || (rtheme && *rtheme && !name_in(themes, rtheme))) {
		ret = reply_error(c, 422, "there is no built-in theme called '%s'. Pick one from the list.",
				  theme && !name_in(themes, theme) ? theme : rtheme);
		goto done;
	}
	lang = opt_str(root, "lang");
	if (lang && !lang_ok(lang)) {
		ret = reply_error(c, 422, "'%s' is not a language code. Write it like en, ar or pt-BR.", lang);
		goto done;
	}
	print = kind == OUT_PRINT || opt_bool(root, "print");
	bleed = opt_str(root, "bleed");
	if (print && bleed && (pl_parse_length(bleed, 0, &bleed_pt) || bleed_pt < 0 || bleed_pt > 25 * PL_MM_TO_PT)) {
		ret = reply_error(c, 422, "the bleed '%s' is not between 0 and 25 mm (e.g. 3, 5mm, 0.125in).", bleed);
		goto done;
	}
	sheet = opt_str(root, "sheet");
	if (sheet && !lang_ok(sheet)) {
		/* a paper or label-sheet name, never a path */
		ret = reply_error(c, 422, "'%s' is not a sheet name: use A4, letter or A3.", sheet);
		goto done;
	}

	/* The record: the same reader as a file, then file fields from uploads. */
	if (pl_data_from_tree("form", rec_node, &recs, &e) || recs.n != 1) {
		char msg[1400];
		if (!e.code)
			pl_error_set(&e, PL_EINPUT, "the studio shows one event at a time.");
		e.file[0] = '\0';
		e.line = e.col = 0;
		pl_error_format(&e, msg, sizeof msg);
		pl_buf_puts(&b, "{\"error\": ");
		json_str(&b, msg);
		pl_buf_puts(&b, ", \"field\": ");
		json_str(&b, e.field);
		pl_buf_puts(&b, "}\n");
		ret = reply_json(c, status_for(&e), &b);
		goto done;
	}
	drop_file_fields(recs.v[0]);
	logo_id = opt_str(root, "logo");
	image_id = opt_str(root, "image");
	pthread_mutex_lock(&s->lock);
	for (int i = 0; i < 2; i++) {
		const char *id = i ? image_id : logo_id, *field = i ? "image" : "logo";
		const upload *u = id ? find_upload(s, id) : NULL;
		if (!id)
			continue;
		if (!u) {
			missing = field;
			break;
		}
		if (pl_record_set(recs.v[0], field, NULL, u->path, 0, 0))
			b.oom = true;
		/* the YAML names the picture by its own name, beside the file */
		pl_buf_printf(&b, "%s: ", field);
		yaml_quoted(&b, u->name);
		pl_buf_puts(&b, "  # keep this picture next to this file\n");
	}
	n = ++s->counter;
	pthread_mutex_unlock(&s->lock);
	if (missing || b.oom) {
		ret = b.oom ? reply_error(c, 500, "out of memory.")
			: reply_error(c, 422, "the %s picture is no longer on the server (it keeps the last %d uploads). "
				      "Choose the file again.", missing, PL_SERVE_MAX_UPLOADS);
		goto done;
	}
	slug(sl, sizeof sl, pl_record_get(recs.v[0], "title"));

	if (kind == OUT_YAML) {
		pl_buf y = {0};
		pl_buf_printf(&y, "# Event data saved by placard %s's studio. Render it with:\n"
			      "#   placard render %s.yaml -l %s\n", PL_VERSION, sl, layout);
		yaml_map(&y, rec_node, 0);
		pl_buf_add(&y, b.s ? b.s : "", b.len);
		pl_buf_free(&b);
		snprintf(fname, sizeof fname, "%s.yaml", sl);
		len = y.len;
		if (y.oom) {
			pl_buf_free(&y);
			ret = reply_error(c, 500, "out of memory.");
			goto done;
		}
		ret = reply(c, 200, "application/yaml; charset=utf-8", pl_buf_take(&y), len, true, fname);
		goto done;
	}
	pl_buf_free(&b);

	if (kind == OUT_PREVIEW) {
		/* About 1000 pixels on the long side: sharp enough, quick to draw. */
		pl_layout *l = pl_layout_load(s->datadir, layout, &e);
		if (l) {
			double longest = fmax(l->trim_w, l->trim_h) / 72.0;
			dpi = fmin(150, fmax(20, 1000 / longest));
		}
		pl_layout_free(l);
		pl_error_clear(&e);
	}
	snprintf(out, sizeof out, "%s/r-%lu.%s", s->tmp, n, kind == OUT_PDF || kind == OUT_PRINT ? "pdf" : "png");
	ro = (pl_render_opts){
		.datadir = s->datadir, .layout = layout, .out = out, .lang = lang, .theme = theme,
		.print = print, .bleed_pt = bleed_pt, .latin_digits = opt_bool(root, "latin_digits"), .dpi = dpi,
		/* --sheet as the CLI passes it, for the PDF downloads: the preview
		 * and the PNG show one design. What the renderer cannot do with it
		 * comes back as its own message. */
		.impose = {.sheet = kind == OUT_PDF || kind == OUT_PRINT ? sheet : NULL,
			   .gap = -1, .margin = -1, .overlap = -1},
	};
	pthread_mutex_lock(&s->render_lock);
	rc = pl_render(&ro, &recs, &res, &e);
	pthread_mutex_unlock(&s->render_lock);
	if (rc == 0 && res.files == 1)
		rc = pl_read_file(out, LONG_MAX, &data, &len, &e);
	else if (rc == 0)
		pl_error_set(&e, PL_EIO, "nothing was drawn.");
	unlink(out);
	if (rc) {
		const pl_error *first = &e;
		char msg[1400];
		for (size_t i = 0; i < res.problems.n; i++)
			if (res.problems.items[i].code == PL_EINPUT) {
				first = &res.problems.items[i];
				break;
			}
		scrub(s, first->msg, msg, sizeof msg);
		pl_buf_puts(&b, "{\"error\": ");
		json_str(&b, msg);
		pl_buf_puts(&b, ", \"field\": ");
		json_str(&b, first->field);
		pl_buf_puts(&b, ", \"findings\": ");
		json_findings(s, &b, &res.problems);
		pl_buf_puts(&b, "}\n");
		ret = reply_json(c, first == &e ? status_for(&e) : 422, &b);
		goto done;
	}
	if (kind == OUT_PREVIEW) {
		pl_buf_puts(&b, "{\"png\": \"data:image/png;base64,");
		base64(&b, (const unsigned char *)data, len);
		pl_buf_printf(&b, "\", \"dpi\": %.1f, \"findings\": ", dpi);
		json_findings(s, &b, &res.problems);
		pl_buf_puts(&b, "}\n");
		free(data);
		ret = reply_json(c, 200, &b);
	} else {
		snprintf(fname, sizeof fname, "%s-%s%s.%s", sl, layout, kind == OUT_PRINT ? "-print" : "",
			 kind == OUT_PNG ? "png" : "pdf");
		ret = reply(c, 200, kind == OUT_PNG ? "image/png" : "application/pdf", data, len, true, fname);
	}
done:
	pl_buf_free(&b);
	pl_render_result_free(&res);
	pl_records_free(&recs);
	free_names(names);
	free_names(themes);
	pl_node_free(root);
	return ret;
}

/* ---- the request cycle ---- */

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *content_type, const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	req *r = cls;

	(void)kind, (void)content_type, (void)transfer_encoding, (void)off;
	if (!key || strcmp(key, "file") || !filename)
		return MHD_YES; /* other parts are ignored (and bounded by the body limit) */
	if (!r->have_file) {
		r->have_file = true;
		snprintf(r->filename, sizeof r->filename, "%s", filename);
	} else if (strcmp(r->filename, filename)) {
		return MHD_YES; /* one file per upload: the first */
	}
	if (r->file.len + size > (r->route == R_UPLOAD ? (size_t)PL_MAX_IMAGE_BYTES : (size_t)PL_MAX_FILE_BYTES)) {
		r->file_too_big = true;
		pl_buf_free(&r->file);
		return MHD_YES;
	}
	if (!r->file_too_big && size) {
		pl_buf_add(&r->file, data, size);
		if (r->file.oom)
			return MHD_NO;
	}
	return MHD_YES;
}

static bool host_ok(const pl_serve *s, struct MHD_Connection *c)
{
	const char *host = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *origin = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	bool ok = s->n_hosts == 0;

	for (int i = 0; i < s->n_hosts && host && !ok; i++)
		ok = !strcasecmp(host, s->hosts[i]);
	/* A page from another site may not post to the studio. */
	if (ok && origin && host) {
		char want[128];
		snprintf(want, sizeof want, "http://%s", host);
		ok = !strcasecmp(origin, want);
	}
	return ok;
}

static const asset *find_asset(const pl_serve *s, const char *url)
{
	for (size_t i = 0; i < sizeof s->assets / sizeof s->assets[0]; i++)
		if (!strcmp(url, s->assets[i].url) || (!strcmp(url, "/index.html") && !strcmp(s->assets[i].url, "/")))
			return &s->assets[i];
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	pl_serve *s = cls;
	req *r = *con_cls;

	(void)version;
	if (!r) {
		/* First call: the headers are in, the body (if any) is not. */
		const char *len_s = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		const char *type = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");

		if (!(r = calloc(1, sizeof *r)))
			return MHD_NO;
		*con_cls = r;
		r->post = !strcmp(method, "POST");
		if ((r->asset = find_asset(s, url)))
			r->route = R_ASSET;
		else if (!strcmp(url, "/api/meta"))
			r->route = R_META;
		else if (!strcmp(url, "/api/render"))
			r->route = R_RENDER;
		else if (!strcmp(url, "/api/upload"))
			r->route = R_UPLOAD;
		else if (!strcmp(url, "/api/open"))
			r->route = R_OPEN;
		if (!host_ok(s, c))
			return reply_error(c, 403, "this studio answers only to %s", s->url);
		if (r->route == R_NONE)
			return reply_error(c, 404, "there is nothing at %s. Open %s", url, s->url);
		if ((r->route == R_ASSET || r->route == R_META) != get || (!get && !r->post))
			return reply_error(c, 405, "%s is not allowed on %s.", method, url);
		if (get)
			return r->route == R_ASSET ? reply(c, 200, r->asset->type, r->asset->data, r->asset->len, false, NULL)
						   : do_meta(s, c);
		r->limit = r->route == R_RENDER ? (size_t)PL_SERVE_MAX_BODY_BYTES
			   : (r->route == R_UPLOAD ? (size_t)PL_MAX_IMAGE_BYTES : (size_t)PL_MAX_FILE_BYTES)
			     + PL_SERVE_MULTIPART_SLACK;
		if (len_s) {
			char *end;
			unsigned long long n = strtoull(len_s, &end, 10);
			if (*end || n > r->limit)
				return reply_error(c, 413, "the request is too large (over %zu bytes).", r->limit);
		}
		if (r->route == R_RENDER) {
			if (!type || strncasecmp(type, "application/json", 16))
				return reply_error(c, 415, "send the form as application/json.");
		} else {
			if (!type || strncasecmp(type, "multipart/form-data", 19))
				return reply_error(c, 415, "send the file as multipart/form-data.");
			r->pp = pl_mhd.MHD_create_post_processor(c, 64 * 1024, post_iter, r);
			if (!r->pp)
				return reply_error(c, 400, "the upload is not valid multipart/form-data (no boundary?).");
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		r->received += n;
		if (r->received > 4 * (uint64_t)r->limit)
			return MHD_NO; /* a chunked body that never ends: hang up */
		if (r->received > r->limit) {
			r->too_big = true;
			pl_buf_free(&r->body);
			return MHD_YES;
		}
		if (r->pp) {
			if (!r->bad_multipart && pl_mhd.MHD_post_process(r->pp, upload_data, n) != MHD_YES)
				r->bad_multipart = true;
		} else {
			pl_buf_add(&r->body, upload_data, n);
			if (r->body.oom)
				return MHD_NO;
		}
		return MHD_YES;
	}
	/* The whole body is in. */
	if (r->too_big)
		return reply_error(c, 413, "the request is too large (over %zu bytes).", r->limit);
	if (r->pp) {
		if (pl_mhd.MHD_destroy_post_processor(r->pp) != MHD_YES)
			r->bad_multipart = true;
		r->pp = NULL;
		if (r->bad_multipart && !r->file_too_big)
			return reply_error(c, 400, "the upload is not valid multipart/form-data.");
	}
	switch (r->route) {
	case R_RENDER: return do_render(s, c, r);
	case R_UPLOAD: return do_upload(s, c, r);
	case R_OPEN: return do_open(s, c, r);
	default: return reply_error(c, 500, "unexpected request.");
	}
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode tc)
{
	req *r = *con_cls;

	(void)cls, (void)c, (void)tc;
	if (!r)
		return;
	if (r->pp)
		pl_mhd.MHD_destroy_post_processor(r->pp);
	pl_buf_free(&r->body);
	pl_buf_free(&r->file);
	free(r);
	*con_cls = NULL;
}

/* libmicrohttpd's own messages: kept (the last one) for the start-up error,
 * never printed. */
static void on_log(void *cls, const char *fmt, va_list ap)
{
	pl_serve *s = cls;

	pthread_mutex_lock(&s->lock);
	vsnprintf(s->last_log, sizeof s->last_log, fmt, ap);
	s->last_log[strcspn(s->last_log, "\n")] = '\0';
	pthread_mutex_unlock(&s->lock);
}

/* ---- start and stop ---- */

static int load_assets(pl_serve *s, pl_error *err)
{
	static const struct { const char *url, *file, *type; } list[] = {
		{"/", "index.html", "text/html; charset=utf-8"},
		{"/studio.css", "studio.css", "text/css; charset=utf-8"},
		{"/studio.js", "studio.js", "text/javascript; charset=utf-8"},
	};

	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		pl_buf p = {0};
		int rc;
		pl_buf_printf(&p, "%s/assets/web/%s", s->datadir, list[i].file);
		if (!p.s) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
		rc = pl_read_file(p.s, PL_MAX_FILE_BYTES, &s->assets[i].data, &s->assets[i].len, err);
		pl_buf_free(&p);
		if (rc) {
			err->code = PL_EDEP;
			return -1;
		}
		s->assets[i].url = list[i].url;
		s->assets[i].file = list[i].file;
		s->assets[i].type = list[i].type;
	}
	return 0;
}

static void remove_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char p[PATH_MAX + 300];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

pl_serve *pl_serve_start(const pl_serve_opts *o, pl_error *err)
{
	pl_serve *s = calloc(1, sizeof *s);
	const char *listen = o->listen && *o->listen ? o->listen : "127.0.0.1";
	const char *tmpbase = getenv("TMPDIR");
	struct sockaddr_in a4 = {0};
	struct sockaddr_in6 a6 = {0};
	bool v6 = false, loop = false;
	const union MHD_DaemonInfo *info;
	unsigned port;
	char shown[INET6_ADDRSTRLEN + 2];

	if (!s) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	if (pl_mhd_load(err)) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->render_lock, NULL);
	if (!strcasecmp(listen, "localhost"))
		listen = "127.0.0.1";
	if (inet_pton(AF_INET, listen, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)o->port);
		loop = (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
		snprintf(shown, sizeof shown, "%s", listen);
	} else if (inet_pton(AF_INET6, listen, &a6.sin6_addr) == 1) {
		v6 = true;
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)o->port);
		loop = IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr);
		snprintf(shown, sizeof shown, "[%s]", listen);
	} else {
		pl_error_set(err, PL_EUSAGE, "--listen '%s' is not an IP address. Use 127.0.0.1 (this computer only, "
			     "the default), ::1, or 0.0.0.0 to let other computers on your network in.", listen);
		goto fail;
	}
	if (o->port < 0 || o->port > 65535) {
		pl_error_set(err, PL_EUSAGE, "--port %d is not a port number (1–65535, or 0 for any free port).", o->port);
		goto fail;
	}
	if (!(s->datadir = pl_strdup(o->datadir))) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		goto fail;
	}
	if (load_assets(s, err))
		goto fail;
	snprintf(s->tmp, sizeof s->tmp, "%s/placard-studio-XXXXXX", tmpbase && *tmpbase ? tmpbase : "/tmp");
	if (!mkdtemp(s->tmp)) {
		pl_error_set(err, PL_EIO, "cannot make a temporary folder in %s (%s). Set TMPDIR to a folder you may write to.",
			     tmpbase && *tmpbase ? tmpbase : "/tmp", strerror(errno));
		s->tmp[0] = '\0';
		goto fail;
	}
	s->d = pl_mhd.MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL | MHD_USE_ERROR_LOG |
			(v6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)PL_SERVE_MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PL_SERVE_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_log, s,
		MHD_OPTION_END);
	if (!s->d) {
		pl_error_set(err, PL_EIO, "cannot listen on %s port %d%s%s. Is another program using it? Choose another "
			     "port with --port.", shown, o->port, s->last_log[0] ? ": " : "", s->last_log);
		goto fail;
	}
	info = pl_mhd.MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : (unsigned)o->port;
	snprintf(s->url, sizeof s->url, "http://%s:%u/", shown, port);
	if (loop) {
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "%s:%u", shown, port);
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "localhost:%u", port);
		if (v6)
			snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "[::1]:%u", port);
		else
			snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "127.0.0.1:%u", port);
	}
	return s;
fail:
	pl_serve_stop(s);
	return NULL;
}

const char *pl_serve_url(const pl_serve *s)
{
	return s->url;
}

const char *pl_serve_tmpdir(const pl_serve *s)
{
	return s->tmp;
}

void pl_serve_stop(pl_serve *s)
{
	if (!s)
		return;
	if (s->d)
		pl_mhd.MHD_stop_daemon(s->d); /* waits for the requests in progress */
	for (size_t i = 0; i < PL_SERVE_MAX_UPLOADS; i++)
		free(s->uploads[i].path);
	if (s->tmp[0])
		remove_tmp(s->tmp);
	for (size_t i = 0; i < sizeof s->assets / sizeof s->assets[0]; i++)
		free(s->assets[i].data);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->render_lock);
	free(s->datadir);
	free(s);
}
