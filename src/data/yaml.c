/* yaml.c — YAML and JSON in, through libfyaml (the only file that includes
 * it). We read libfyaml's event stream and build our own pl_node tree, so we
 * decide everything that matters for safety ourselves: nesting depth,
 * duplicate keys, and alias expansion, which is counted before any copy is
 * made (a "billion laughs" file fails in microseconds instead of eating the
 * machine). libfyaml's diagnostics are collected, not printed, and turned
 * into sentences for people who do not know what a "flow mapping" is.
 * data.c (event data) and layout.c (layouts, themes) walk the tree. */
#include "data/yaml.h"
#include "base/config.h"
#include "base/util.h"

#include <libfyaml.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Where a map's key was written, and whether it was a plain << merge key. */
typedef struct keyinfo {
	int line, col;
	bool merge;
} keyinfo;

typedef struct frame {
	pl_node *node;     /* the map or sequence being filled */
	char *anchor;      /* its &anchor, registered when it is complete */
	char *key;         /* map: the key waiting for its value */
	int key_line, key_col;
	bool key_merge;    /* the pending key is a plain << (merge key) */
	keyinfo *ki;       /* per kid of a map */
	size_t ki_cap;
} frame;

typedef struct anchor {
	char *name;
	pl_node *node;     /* borrowed: lives in the tree being built */
} anchor;

typedef struct builder {
	const char *name;  /* file name for messages */
	const char *buf;
	size_t len;
	const char *src;   /* what libfyaml reads: buf without a BOM */
	size_t src_len;
	pl_error *err;
	frame st[PL_MAX_DEPTH + 1];
	int depth;
	pl_node *root;
	anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t alias_nodes, alias_bytes;
	pl_node *grave;    /* << values already merged, kept for their anchors */
	int docs;
} builder;

/* ---- tree helpers ---- */

void pl_node_free(pl_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		pl_node_free(n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->value);
	free(n);
}

const pl_node *pl_node_get(const pl_node *map, const char *key)
{
	if (!map || map->kind != PL_NODE_MAP || !key)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->kids[i]->key && !strcmp(map->kids[i]->key, key))
			return map->kids[i];
	return NULL;
}

const char *pl_node_str(const pl_node *map, const char *key)
{
	const pl_node *n = pl_node_get(map, key);

	return n && n->kind == PL_NODE_SCALAR ? n->value : NULL;
}

static int add_kid(pl_node *parent, pl_node *kid)
{
	pl_node **p = realloc(parent->kids, (parent->n + 1) * sizeof *p);

	if (!p)
		return -1;
	parent->kids = p;
	parent->kids[parent->n++] = kid;
	return 0;
}

/* ---- errors ---- */

static int fail_at(builder *b, pl_code code, int line, int col, const char *fmt, const char *arg)
{
	pl_error_set(b->err, code, fmt, arg ? arg : "");
	pl_error_at(b->err, b->name, line, col);
	return -1;
}

static int oom(builder *b)
{
	pl_error_set(b->err, PL_ENOMEM, "out of memory while reading the file.");
	pl_error_at(b->err, b->name, 0, 0);
	return -1;
}

static void mark_of(struct fy_event *e, int *line, int *col)
{
	const struct fy_mark *m = fy_event_start_mark(e);

	*line = m ? m->line + 1 : 0;
	*col = m ? m->column + 1 : 0;
}

/* The last line at or before `upto` whose indentation contains a tab, and
 * the tab's column; 0 if none. libfyaml's own message for a tab is often
 * about something else ("invalid multiline plain key"). */
static int find_tab_indent(const char *s, size_t len, int upto, int *col)
{
	int line = 1, found = 0;
	size_t i = 0;

	while (i < len && line <= upto) {
		size_t j = i;
		int c = 1, tab_col = 0;
		while (j < len && (s[j] == ' ' || s[j] == '\t')) {
			if (s[j] == '\t' && !tab_col)
				tab_col = c;
			j++;
			c++;
		}
		if (tab_col && j < len && s[j] != '\n' && s[j] != '\r' && s[j] != '#') {
			*col = tab_col;
			found = line;
		}
		while (j < len && s[j] != '\n')
			j++;
		i = j + 1;
		line++;
	}
	return found;
}

/* Whether 1-based line `line` of a JSON text has a // or slash-star comment
 * outside the strings (an "https://" in a string is not one). */
static bool json_comment_on_line(const char *s, size_t len, int line)
{
	const char *p = s, *end = s + len;
	bool in_str = false;

	for (int l = 1; l < line && p < end; l++) {
		if (!(p = memchr(p, '\n', (size_t)(end - p))))
			return false;
		p++;
	}
	for (; p < end && *p != '\n'; p++) {
		if (in_str && *p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"')
			in_str = !in_str;
		else if (!in_str && *p == '/' && p + 1 < end && (p[1] == '/' || p[1] == '*'))
			return true;
	}
	return false;
}

static bool has_suffix(const char *s, const char *suf);

/* libfyaml's diagnostic turned into plain words. */
static void parse_error(builder *b, const char *msg, int line, int col)
{
	const char *m = msg ? msg : "";
	int tcol = 0, tline = find_tab_indent(b->buf, b->len, line + 1, &tcol);

	if (has_suffix(b->name, ".json") && line > 0 && json_comment_on_line(b->buf, b->len, line)) {
		fail_at(b, PL_EINPUT, line, col,
			"JSON does not allow comments (// or /* */). Remove the comment, or write the file as "
			"YAML (.yaml), where a comment starts with #.", NULL);
		return;
	}
	/* A tab next to the failing line is almost always the cause (libfyaml
	 * may blame the line above, still reading a multi-line text). */
	if (tline > 0 && (strstr(m, "tab") || tline >= line - 1)) {
		fail_at(b, PL_EINPUT, tline, tcol,
			"a tab is used to indent this line; YAML needs spaces. Replace the tab with spaces.", NULL);
	} else if (strstr(m, "tab")) {
		fail_at(b, PL_EINPUT, line, col,
			"a tab is used where YAML needs spaces. Replace the tab with spaces.", NULL);
	} else if (strstr(m, "trailing comma")) {
		fail_at(b, PL_EINPUT, line, col,
			"there is a comma just before a closing bracket or brace; JSON does not allow that. "
			"Remove the last comma.", NULL);
	} else if (strstr(m, "escape")) {
		fail_at(b, PL_EINPUT, line, col,
			"a backslash escape (\\...) in this quoted text is not valid (%s). Write the character itself, "
			"or write \\\\ for a plain backslash.", m);
	} else if (strstr(m, "without closing quote") || strstr(m, "quoted scalar")) {
		fail_at(b, PL_EINPUT, line, col,
			"a quoted text that starts here is never closed. Add the missing closing quote "
			"(\" or ') at the end of the text.", NULL);
	} else if (strstr(m, "closing bracket")) {
		fail_at(b, PL_EINPUT, line, col,
			"a list opened with [ is never closed. Add the missing ] at its end.", NULL);
	} else if (strstr(m, "closing brace")) {
		fail_at(b, PL_EINPUT, line, col,
			"a group opened with { is never closed. Add the missing } at its end.", NULL);
	} else if (strstr(m, "same line")) {
		fail_at(b, PL_EINPUT, line, col,
			"there is a second 'name: value' on this line. Put each field on its own line, or put "
			"the text in quotes if it contains ': '.", NULL);
	} else if (strstr(m, "missing comma")) {
		fail_at(b, PL_EINPUT, line, col,
			"a comma is missing here, between two values of a list [ ] or a group { }. Add the comma.", NULL);
	} else if (strstr(m, "JSON") || has_suffix(b->name, ".json")) {
		fail_at(b, PL_EINPUT, line, col,
			"this is not valid JSON here (%s). Check the commas, quotes and brackets around this place.", m);
	} else if (strstr(m, "indent") || strstr(m, "indend") || strstr(m, "multiline") || strstr(m, "expected key")) {
		fail_at(b, PL_EINPUT, line, col,
			"the indentation does not line up here (%s). Fields of the same group must start in the "
			"same column, with spaces; a text that contains ': ' must be in quotes.", m);
	} else {
		fail_at(b, PL_EINPUT, line, col,
			"the file cannot be read as YAML here (%s). Check the indentation, the colons after "
			"field names and the quotes on this line and the one above.", m);
	}
}

/* ---- aliases: measured before they are copied ---- */

/* Count the nodes and text bytes under n, with its depth; stop early (return
 * -1) once the counts exceed what is left of the budget. */
static int measure(const pl_node *n, size_t *nodes, size_t *bytes, int depth, int *max_depth,
		   size_t node_left, size_t byte_left)
{
	(*nodes)++;
	if (n->value)
		*bytes += strlen(n->value);
	if (n->key)
		*bytes += strlen(n->key);
	if (n->kind != PL_NODE_SCALAR && depth > *max_depth)
		*max_depth = depth;
	if (*nodes > node_left || *bytes > byte_left)
		return -1;
	for (size_t i = 0; i < n->n; i++)
		if (measure(n->kids[i], nodes, bytes, depth + 1, max_depth, node_left, byte_left))
			return -1;
	return 0;
}

static pl_node *copy_node(const pl_node *n)
{
	pl_node *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->kind = n->kind;
	c->quoted = n->quoted;
	c->line = n->line;
	c->col = n->col;
	if ((n->value && !(c->value = pl_strdup(n->value))) ||
	    (n->n && !(c->kids = calloc(n->n, sizeof *c->kids)))) {
		pl_node_free(c);
		return NULL;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (!(c->kids[i] = copy_node(n->kids[i]))) {
			pl_node_free(c);
			return NULL;
		}
		c->n++;
		if (n->kids[i]->key && !(c->kids[i]->key = pl_strdup(n->kids[i]->key))) {
			pl_node_free(c);
			return NULL;
		}
	}
	return c;
}

static pl_node *expand_alias(builder *b, struct fy_event *e)
{
	size_t len, nodes = 0, bytes = 0;
	const char *name = fy_token_get_text(e->alias.anchor, &len);
	const pl_node *target = NULL;
	int line, col, depth = 0;
	char shown[64];
	pl_node *c;

	mark_of(e, &line, &col);
	if (col > 1)
		col--; /* libfyaml marks the name; point at the '*' */
	{
		size_t k = name ? (len < 40 ? len : 40) : 0;
		while (k > 0 && k < len && ((unsigned char)name[k] & 0xC0) == 0x80)
			k--; /* cut on a character */
		snprintf(shown, sizeof shown, "%.*s", (int)k, name ? name : "");
	}
	for (size_t i = b->n_anchors; i-- > 0;) {
		if (name && strlen(b->anchors[i].name) == len && !memcmp(b->anchors[i].name, name, len)) {
			target = b->anchors[i].node;
			break;
		}
	}
	if (!target) {
		fail_at(b, PL_EINPUT, line, col,
			"*%s refers to no anchor: write &name on the value to repeat, above this line "
			"(an alias cannot refer to the group it is inside).", shown);
		return NULL;
	}
	if (measure(target, &nodes, &bytes, 1, &depth, PL_MAX_ALIAS_NODES - b->alias_nodes,
		    PL_MAX_ALIAS_BYTES - b->alias_bytes)) {
		pl_error_set(b->err, PL_ELIMIT,
			     "the aliases (*%s and the like) in this file repeat too much: they would copy more than "
			     "%d values or %ld MB of text. Write the values out, or repeat them fewer times.",
			     shown, PL_MAX_ALIAS_NODES, (long)PL_MAX_ALIAS_BYTES / (1024 * 1024));
		pl_error_at(b->err, b->name, line, col);
		return NULL;
	}
	if (b->depth + depth > PL_MAX_DEPTH) {
		pl_error_set(b->err, PL_ELIMIT,
			     "*%s nests the data more than %d levels deep. Use fewer levels of indentation.",
			     shown, PL_MAX_DEPTH);
		pl_error_at(b->err, b->name, line, col);
		return NULL;
	}
	b->alias_nodes += nodes;
	b->alias_bytes += bytes;
	if (!(c = copy_node(target))) {
		oom(b);
		return NULL;
	}
	c->line = line;
	c->col = col;
	return c;
}

/* Register an anchor (takes ownership of name). */
static int push_anchor(builder *b, char *name, pl_node *n)
{
	if (b->n_anchors >= PL_MAX_ANCHORS) {
		free(name);
		pl_error_set(b->err, PL_ELIMIT, "this file defines more than %d anchors (&name), over placard's "
			     "limit. Write the values out, or split the file.", PL_MAX_ANCHORS);
		pl_error_at(b->err, b->name, n->line, n->col);
		return -1;
	}
	if (b->n_anchors == b->cap_anchors) {
		size_t cap = b->cap_anchors ? b->cap_anchors * 2 : 16;
		anchor *p = realloc(b->anchors, cap * sizeof *p);
		if (!p) {
			free(name);
			return oom(b);
		}
		b->anchors = p;
		b->cap_anchors = cap;
	}
	b->anchors[b->n_anchors].name = name;
	b->anchors[b->n_anchors++].node = n;
	return 0;
}

static char *token_text(struct fy_token *t)
{
	size_t len;
	const char *s = t ? fy_token_get_text(t, &len) : NULL;

	return s ? pl_strndup(s, len) : NULL;
}

/* ---- building the tree from events ---- */

typedef struct keyref {
	const char *key;
	size_t idx;
} keyref;

static int keyref_cmp(const void *a, const void *b)
{
	const keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* Duplicate keys, by sorting (a hostile file may hold one huge map). The
 * report names the earliest repeat in file order and its first occurrence. */
static int check_dups(builder *b, const frame *f)
{
	const pl_node *m = f->node;
	keyref *v;
	size_t n = 0, dup = (size_t)-1, first = 0;

	if (m->n < 2)
		return 0;
	if (!(v = malloc(m->n * sizeof *v)))
		return oom(b);
	for (size_t i = 0; i < m->n; i++)
		if (!f->ki[i].merge)
			v[n++] = (keyref){ m->kids[i]->key, i };
	qsort(v, n, sizeof *v, keyref_cmp);
	for (size_t i = 1, run = 0; i < n; i++) {
		if (strcmp(v[i].key, v[run].key)) {
			run = i;
			continue;
		}
		if (v[i].idx < dup) {
			dup = v[i].idx;
			first = v[run].idx;
		}
	}
	free(v);
	if (dup == (size_t)-1)
		return 0;
	pl_error_set(b->err, PL_EINPUT, "'%s' is given twice in the same group (first on line %d). Keep one of them.",
		     m->kids[dup]->key, f->ki[first].line);
	pl_error_at(b->err, b->name, f->ki[dup].line, f->ki[dup].col);
	return -1;
}

/* Copy the fields of merged map src into kids[] unless already there. The
 * copies count against the alias budget like any other repetition. */
static int merge_from(builder *b, const pl_node *src, pl_node **kids, size_t *n)
{
	for (size_t k = 0; k < src->n; k++) {
		const pl_node *kv = src->kids[k];
		bool have = false;
		size_t nodes = 0, bytes = 0;
		int depth = 0;
		for (size_t j = 0; j < *n && !have; j++)
			have = !strcmp(kids[j]->key, kv->key);
		if (have)
			continue;
		if (measure(kv, &nodes, &bytes, 1, &depth, PL_MAX_ALIAS_NODES - b->alias_nodes,
			    PL_MAX_ALIAS_BYTES - b->alias_bytes)) {
			pl_error_set(b->err, PL_ELIMIT,
				     "the '<<' merges in this file repeat too much: they would copy more than %d "
				     "values or %ld MB of text. Write the values out, or repeat them fewer times.",
				     PL_MAX_ALIAS_NODES, (long)PL_MAX_ALIAS_BYTES / (1024 * 1024));
			pl_error_at(b->err, b->name, kv->line, kv->col);
			return -1;
		}
		b->alias_nodes += nodes;
		b->alias_bytes += bytes;
		if (!(kids[*n] = copy_node(kv)) || !(kids[*n]->key = pl_strdup(kv->key))) {
			pl_node_free(kids[*n]);
			return oom(b);
		}
		(*n)++;
	}
	return 0;
}

/* Free the merged copies in kids[0..n) (those not owned by m). */
static void free_copies(const pl_node *m, pl_node **kids, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		bool own = false;
		for (size_t k = 0; k < m->n && !own; k++)
			own = m->kids[k] == kids[j];
		if (!own)
			pl_node_free(kids[j]);
	}
	free(kids);
}

/* A map is complete: reject duplicate keys, then apply << merge keys
 * (YAML 1.1 merge, which libfyaml and most users know): explicit keys win
 * over merged ones, earlier merged maps over later ones. The << values go
 * to the graveyard, not free(): an anchor may point inside them. */
static int finish_map(builder *b, frame *f)
{
	pl_node *m = f->node;
	pl_node **kids;
	size_t n = 0, cap = 0;
	bool any = false;

	if (check_dups(b, f))
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		pl_node *v = m->kids[i];
		if (!f->ki[i].merge) {
			cap++;
			continue;
		}
		any = true;
		if (v->kind == PL_NODE_MAP) {
			cap += v->n;
			continue;
		}
		for (size_t s = 0; v->kind == PL_NODE_SEQ && s < v->n; s++) {
			if (v->kids[s]->kind != PL_NODE_MAP)
				return fail_at(b, PL_EINPUT, v->kids[s]->line, v->kids[s]->col,
					       "'<<' can only copy groups of fields (like <<: *defaults).", NULL);
			cap += v->kids[s]->n;
		}
		if (v->kind == PL_NODE_SCALAR)
			return fail_at(b, PL_EINPUT, v->line, v->col,
				       "'<<' must be followed by a group of fields to copy (like <<: *defaults).", NULL);
	}
	if (!any)
		return 0;
	if (!(kids = calloc(cap ? cap : 1, sizeof *kids)))
		return oom(b);
	for (size_t i = 0; i < m->n; i++)
		if (!f->ki[i].merge)
			kids[n++] = m->kids[i];
	for (size_t i = 0; i < m->n; i++) {
		pl_node *v = m->kids[i];
		int r = 0;
		if (!f->ki[i].merge)
			continue;
		if (v->kind == PL_NODE_MAP)
			r = merge_from(b, v, kids, &n);
		for (size_t s = 0; !r && v->kind == PL_NODE_SEQ && s < v->n; s++)
			r = merge_from(b, v->kids[s], kids, &n);
		if (r) {
			free_copies(m, kids, n);
			return -1;
		}
	}
	{
		/* Reserve first so that moving the << values cannot fail half-way. */
		size_t k = 0;
		pl_node **g = realloc(b->grave->kids, (b->grave->n + m->n) * sizeof *g);
		if (!g) {
			free_copies(m, kids, n);
			return oom(b);
		}
		b->grave->kids = g;
		for (size_t i = 0; i < m->n; i++)
			if (f->ki[i].merge)
				b->grave->kids[b->grave->n + k++] = m->kids[i];
		b->grave->n += k;
	}
	free(m->kids);
	m->kids = kids;
	m->n = n;
	return 0;
}

/* Put a finished node where it belongs: the root, a sequence item, or the
 * value of the pending key in a map. Takes ownership of n. */
static int attach(builder *b, pl_node *n)
{
	frame *f;

	if (b->depth == 0) {
		if (b->root) {
			pl_node_free(n);
			return fail_at(b, PL_EINPUT, 0, 0, "unexpected content after the document.", NULL);
		}
		b->root = n;
		return 0;
	}
	f = &b->st[b->depth - 1];
	if (f->node->kind == PL_NODE_MAP) {
		n->key = f->key;
		f->key = NULL;
		if (f->node->n + 1 > f->ki_cap) {
			size_t cap = f->ki_cap ? f->ki_cap * 2 : 8;
			keyinfo *p = realloc(f->ki, cap * sizeof *p);
			if (!p) {
				pl_node_free(n);
				return oom(b);
			}
			f->ki = p;
			f->ki_cap = cap;
		}
		f->ki[f->node->n] = (keyinfo){ f->key_line, f->key_col, f->key_merge };
		f->key_merge = false;
	}
	if (add_kid(f->node, n)) {
		pl_node_free(n);
		return oom(b);
	}
	return 0;
}

static bool expecting_key(const builder *b)
{
	const frame *f = b->depth ? &b->st[b->depth - 1] : NULL;

	return f && f->node->kind == PL_NODE_MAP && !f->key;
}

static int set_key(builder *b, const char *s, size_t len, bool plain, int line, int col)
{
	frame *f = &b->st[b->depth - 1];

	if (len > 1024)
		return fail_at(b, PL_ELIMIT, line, col, "this field name is very long. Field names are short words, "
			       "like title or date; put long text after the colon.", NULL);
	if (!(f->key = pl_strndup(s, len)))
		return oom(b);
	f->key_line = line;
	f->key_col = col;
	f->key_merge = plain && !strcmp(f->key, "<<");
	return 0;
}

static int scalar_text(builder *b, struct fy_event *e, const char *s, size_t len, enum fy_scalar_style st,
		       int line, int col);

/* A single-quoted scalar's text from its source, 'It''s' → It's, with YAML
 * 1.2 flow line folding (§6.5, §7.3.2): white space around line breaks is
 * dropped, one break becomes a space, n empty lines become n newlines.
 * Done here because libfyaml 0.7.12's fy_token_get_text leaks its chunk
 * buffer (kilobytes) on each such scalar with a run of '' escapes — found by
 * the fuzzer; a file full of them grew placard to hundreds of megabytes.
 * src[0..n) is the text between the quotes. NULL when out of memory. */
static char *single_quoted(const char *src, size_t n, size_t *out_len)
{
	const char *s = src, *end = src + n;
	char *out = malloc(n + 1), *o = out;
	size_t empty = 0;
	bool first = true;

	if (!out)
		return NULL;
	while (s <= end) {
		const char *eol = s, *a = s, *z;
		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		z = eol;
		if (!first)
			while (a < z && (*a == ' ' || *a == '\t'))
				a++;
		if (eol < end) /* not the last line */
			while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
				z--;
		if (!first && eol < end && a == z) {
			empty++; /* an empty line inside the text */
		} else {
			if (!first) {
				if (!empty)
					*o++ = ' ';
				for (; empty; empty--)
					*o++ = '\n';
			}
			for (const char *p = a; p < z; p++) {
				*o++ = *p;
				if (*p == '\'' && p + 1 < z && p[1] == '\'')
					p++;
			}
		}
		first = false;
		if (eol >= end)
			break;
		s = eol + (*eol == '\r' && eol + 1 < end && eol[1] == '\n' ? 2 : 1);
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}

static int on_scalar(builder *b, struct fy_event *e)
{
	size_t len = 0;
	struct fy_token *t = e->scalar.value;
	enum fy_scalar_style st = fy_token_scalar_style(t);
	const struct fy_mark *m0 = t ? fy_token_start_mark(t) : NULL, *m1 = t ? fy_token_end_mark(t) : NULL;
	char *own = NULL;
	const char *s;
	int line, col, r;

	/* libfyaml's marks hold the text between the quotes */
	if (st == FYSS_SINGLE_QUOTED && m0 && m1 && m0->input_pos >= 1 && m1->input_pos >= m0->input_pos &&
	    m1->input_pos < b->src_len && b->src[m0->input_pos - 1] == '\'' && b->src[m1->input_pos] == '\'') {
		if (!(own = single_quoted(b->src + m0->input_pos, m1->input_pos - m0->input_pos, &len)))
			return oom(b);
		s = own;
	} else {
		s = t ? fy_token_get_text(t, &len) : "";
	}
	mark_of(e, &line, &col);
	if (!s)
		return oom(b);
	r = scalar_text(b, e, s, len, st, line, col);
	free(own);
	return r;
}

/* The rest of on_scalar, once the text is known. */
static int scalar_text(builder *b, struct fy_event *e, const char *s, size_t len, enum fy_scalar_style st,
		       int line, int col)
{
	pl_node *n;

	if (memchr(s, '\0', len))
		return fail_at(b, PL_EINPUT, line, col,
			       "this text contains a NUL character (\\0), which cannot be printed. Remove it.", NULL);
	if (pl_utf8_invalid(s, len) >= 0)
		return fail_at(b, PL_EINPUT, line, col,
			       "this text contains an escape (like \\ud800) that is not a valid character. Remove it.",
			       NULL);
	if (expecting_key(b))
		return set_key(b, s, len, st == FYSS_PLAIN, line, col);
	if (!(n = calloc(1, sizeof *n)) || !(n->value = pl_strndup(s, len))) {
		free(n);
		return oom(b);
	}
	n->kind = PL_NODE_SCALAR;
	/* Any non-plain style is text by construction; so is an explicit !!str. */
	n->quoted = st != FYSS_PLAIN && st != FYSS_ANY;
	if (e->scalar.tag) {
		size_t tl;
		const char *tag = fy_token_get_text(e->scalar.tag, &tl);
		if (tag && tl >= 3 && !memcmp(tag + tl - 3, "str", 3))
			n->quoted = 1;
	}
	n->line = line;
	n->col = col;
	if (attach(b, n))
		return -1;
	if (e->scalar.anchor) {
		char *name = token_text(e->scalar.anchor);
		if (!name)
			return oom(b);
		return push_anchor(b, name, n);
	}
	return 0;
}

static int on_alias(builder *b, struct fy_event *e)
{
	pl_node *n = expand_alias(b, e);

	if (!n)
		return -1;
	if (expecting_key(b)) {
		int r;
		if (n->kind != PL_NODE_SCALAR)
			r = fail_at(b, PL_EINPUT, n->line, n->col,
				    "a field name must be plain text, not a list or a group.", NULL);
		else
			r = set_key(b, n->value, strlen(n->value), false, n->line, n->col);
		pl_node_free(n);
		return r;
	}
	return attach(b, n);
}

static int on_start(builder *b, struct fy_event *e, pl_node_kind kind)
{
	int line, col;
	pl_node *n;
	frame *f;
	struct fy_token *anc = kind == PL_NODE_MAP ? e->mapping_start.anchor : e->sequence_start.anchor;

	mark_of(e, &line, &col);
	if (expecting_key(b))
		return fail_at(b, PL_EINPUT, line, col,
			       "a field name must be plain text, not a list or a group. Write 'name: value'.", NULL);
	if (b->depth >= PL_MAX_DEPTH) {
		pl_error_set(b->err, PL_ELIMIT,
			     "the data is nested more than %d levels deep here. Use fewer levels of indentation.",
			     PL_MAX_DEPTH);
		pl_error_at(b->err, b->name, line, col);
		return -1;
	}
	if (!(n = calloc(1, sizeof *n)))
		return oom(b);
	n->kind = kind;
	n->line = line;
	n->col = col;
	f = &b->st[b->depth++];
	memset(f, 0, sizeof *f);
	f->node = n;
	if (anc && !(f->anchor = token_text(anc)))
		return oom(b);
	return 0;
}

static void frame_clear(frame *f)
{
	free(f->anchor);
	free(f->key);
	free(f->ki);
	memset(f, 0, sizeof *f);
}

static int on_end(builder *b)
{
	frame *f = &b->st[b->depth - 1];
	pl_node *n = f->node;
	char *anc = f->anchor;
	int r = 0;

	if (n->kind == PL_NODE_MAP)
		r = finish_map(b, f);
	f->anchor = NULL;
	f->node = NULL;
	frame_clear(f);
	b->depth--;
	if (r) {
		pl_node_free(n);
		free(anc);
		return -1;
	}
	if (attach(b, n)) {
		free(anc);
		return -1;
	}
	/* Registered only now: an alias inside its own anchor is unknown, so the
	 * tree can never loop. */
	return anc ? push_anchor(b, anc, n) : 0;
}

static int on_event(builder *b, struct fy_event *e)
{
	int line, col;

	switch (e->type) {
	case FYET_DOCUMENT_START:
		if (++b->docs > 1) {
			mark_of(e, &line, &col);
			return fail_at(b, PL_EINPUT, line, col,
				       "a second document starts here (after ---). Put one document in each file, "
				       "or make the records a list.", NULL);
		}
		return 0;
	case FYET_SCALAR:
		return on_scalar(b, e);
	case FYET_ALIAS:
		return on_alias(b, e);
	case FYET_MAPPING_START:
		return on_start(b, e, PL_NODE_MAP);
	case FYET_SEQUENCE_START:
		return on_start(b, e, PL_NODE_SEQ);
	case FYET_MAPPING_END:
	case FYET_SEQUENCE_END:
		return b->depth ? on_end(b) : 0;
	default:
		return 0;
	}
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = s ? strlen(s) : 0, k = strlen(suf);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if ((s[n - k + i] | 0x20) != suf[i])
			return false;
	return true;
}

pl_node *pl_yaml_parse(const char *name, const char *buf, size_t len, pl_error *err)
{
	builder b = {0};
	struct fy_diag_cfg dc;
	struct fy_diag *diag = NULL;
	struct fy_parse_cfg cfg = {0};
	struct fy_parser *p = NULL;
	struct fy_event *e;
	long bad;
	int line, col, failed = 0;
	size_t start = 0;

	b.name = name ? name : "";
	b.buf = buf;
	b.len = len;
	b.err = err;
	if (len > (size_t)PL_MAX_FILE_BYTES) {
		pl_error_set(err, PL_ELIMIT, "the file is over placard's limit of %ld KB. Split it into smaller files.",
			     PL_MAX_FILE_BYTES / 1024);
		pl_error_at(err, b.name, 0, 0);
		return NULL;
	}
	/* Binary before encoding: a PDF, spreadsheet or picture given as data
	 * is "not a text file", not "not UTF-8". */
	if (len >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE) &&
	    (unsigned char)buf[1] == ((unsigned char)buf[0] ^ 0x01)) {
		fail_at(&b, PL_EINPUT, 1, 1, "this file is saved as UTF-16 text; placard reads UTF-8. Save it again "
			"with the encoding UTF-8.", NULL);
		return NULL;
	}
	if (memchr(buf, '\0', len)) {
		pl_offset_linecol(buf, (size_t)((const char *)memchr(buf, '\0', len) - buf), &line, &col);
		fail_at(&b, PL_EINPUT, line, col,
			"this is not a text file: it holds binary data (a NUL byte here). Give a YAML, JSON or CSV "
			"file; a spreadsheet must be exported as \"CSV UTF-8\" first.", NULL);
		return NULL;
	}
	if ((bad = pl_utf8_invalid(buf, len)) >= 0) {
		pl_offset_linecol(buf, (size_t)bad, &line, &col);
		pl_error_set(err, PL_EINPUT,
			     "this is not UTF-8 text (byte 0x%02X). Save the file as UTF-8 in your editor "
			     "(\"Save as\", encoding UTF-8).", (unsigned char)buf[bad]);
		pl_error_at(err, b.name, line, col);
		return NULL;
	}
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		start = 3; /* a BOM is not content */
	b.src = buf + start;
	b.src_len = len - start;

	if (!(b.grave = calloc(1, sizeof *b.grave))) {
		oom(&b);
		return NULL;
	}
	b.grave->kind = PL_NODE_SEQ;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = NULL;
	dc.colorize = false;
	if (!(diag = fy_diag_create(&dc))) {
		pl_node_free(b.grave);
		oom(&b);
		return NULL;
	}
	fy_diag_set_collect_errors(diag, true);
	cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_DISABLE_MMAP_OPT |
		    (has_suffix(name, ".json") ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE);
	cfg.diag = diag;
	if (!(p = fy_parser_create(&cfg)) || fy_parser_set_string(p, buf + start, len - start)) {
		oom(&b);
		failed = 1;
	}
	while (!failed && (e = fy_parser_parse(p))) {
		failed = on_event(&b, e) != 0;
		fy_parser_event_free(p, e);
	}
	if (!failed && p && fy_parser_get_stream_error(p)) {
		void *it = NULL;
		struct fy_diag_error *de;
		const char *msg = NULL;
		line = col = 0;
		while ((de = fy_diag_errors_iterate(diag, &it))) {
			if (de->type >= FYET_ERROR) {
				msg = de->msg;
				line = de->line;
				col = de->column;
				break;
			}
		}
		/* Offsets are in the BOM-less buffer; lines are the same. */
		parse_error(&b, msg, line, col);
		failed = 1;
	}
	if (!failed && !b.root) {
		fail_at(&b, PL_EINPUT, 0, 0, "the file is empty. Write the event's fields in it (title: ...).", NULL);
		failed = 1;
	}
	if (!failed && b.root->kind == PL_NODE_SCALAR && !b.root->quoted &&
	    (!b.root->value[0] || !strcmp(b.root->value, "~") || !strcmp(b.root->value, "null"))) {
		fail_at(&b, PL_EINPUT, 0, 0, "the file is empty. Write the event's fields in it (title: ...).", NULL);
		failed = 1;
	}
	while (b.depth > 0) {
		pl_node_free(b.st[b.depth - 1].node);
		frame_clear(&b.st[--b.depth]);
	}
	for (size_t i = 0; i < b.n_anchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	pl_node_free(b.grave);
	if (p)
		fy_parser_destroy(p);
	fy_diag_destroy(diag);
	if (failed) {
		pl_node_free(b.root);
		return NULL;
	}
	return b.root;
}

pl_node *pl_yaml_load(const char *path, pl_error *err)
{
	char *buf;
	size_t len;
	pl_node *n;

	if (pl_read_file(path, PL_MAX_FILE_BYTES, &buf, &len, err))
		return NULL;
	n = pl_yaml_parse(path, buf, len, err);
	free(buf);
	return n;
}
