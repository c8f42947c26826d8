/* yaml.c — YAML and JSON in, through libfyaml (only the YAML reader,
 * yaml*.c, includes it). We read libfyaml's event stream and build our own pl_node tree, so we
 * decide everything that matters for safety ourselves: nesting depth,
 * duplicate keys, and alias expansion, which is counted before any copy is
 * made (a "billion laughs" file fails in microseconds instead of eating the
 * machine). libfyaml's diagnostics are collected, not printed, and turned
 * into sentences for people who do not know what a "flow mapping" is.
 * data.c (event data) and layout.c (layouts, themes) walk the tree. */
#include "data/yaml_int.h"

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
		return yp_oom(b);
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
		if (yp_measure(kv, &nodes, &bytes, 1, &depth, PL_MAX_ALIAS_NODES - b->alias_nodes,
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
		if (!(kids[*n] = yp_copy_node(kv)) || !(kids[*n]->key = pl_strdup(kv->key))) {
			pl_node_free(kids[*n]);
			return yp_oom(b);
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
				return yp_fail_at(b, PL_EINPUT, v->kids[s]->line, v->kids[s]->col,
					       "'<<' can only copy groups of fields (like <<: *defaults).", NULL);
			cap += v->kids[s]->n;
		}
		if (v->kind == PL_NODE_SCALAR)
			return yp_fail_at(b, PL_EINPUT, v->line, v->col,
				       "'<<' must be followed by a group of fields to copy (like <<: *defaults).", NULL);
	}
	if (!any)
		return 0;
	if (!(kids = calloc(cap ? cap : 1, sizeof *kids)))
		return yp_oom(b);
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
			return yp_oom(b);
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
			return yp_fail_at(b, PL_EINPUT, 0, 0, "unexpected content after the document.", NULL);
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
				return yp_oom(b);
			}
			f->ki = p;
			f->ki_cap = cap;
		}
		f->ki[f->node->n] = (keyinfo){ f->key_line, f->key_col, f->key_merge };
		f->key_merge = false;
	}
	if (add_kid(f->node, n)) {
		pl_node_free(n);
		return yp_oom(b);
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
		return yp_fail_at(b, PL_ELIMIT, line, col, "this field name is very long. Field names are short words, "
			       "like title or date; put long text after the colon.", NULL);
	if (!(f->key = pl_strndup(s, len)))
		return yp_oom(b);
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
			return yp_oom(b);
		s = own;
	} else {
		s = t ? fy_token_get_text(t, &len) : "";
	}
	yp_mark_of(e, &line, &col);
	if (!s)
		return yp_oom(b);
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
		return yp_fail_at(b, PL_EINPUT, line, col,
			       "this text contains a NUL character (\\0), which cannot be printed. Remove it.", NULL);
	if (pl_utf8_invalid(s, len) >= 0)
		return yp_fail_at(b, PL_EINPUT, line, col,
			       "this text contains an escape (like \\ud800) that is not a valid character. Remove it.",
			       NULL);
	if (expecting_key(b))
		return set_key(b, s, len, st == FYSS_PLAIN, line, col);
	if (!(n = calloc(1, sizeof *n)) || !(n->value = pl_strndup(s, len))) {
		free(n);
		return yp_oom(b);
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
		char *name = yp_token_text(e->scalar.anchor);
		if (!name)
			return yp_oom(b);
		return yp_push_anchor(b, name, n);
	}
	return 0;
}

static int on_alias(builder *b, struct fy_event *e)
{
	pl_node *n = yp_expand_alias(b, e);

	if (!n)
		return -1;
	if (expecting_key(b)) {
		int r;
		if (n->kind != PL_NODE_SCALAR)
			r = yp_fail_at(b, PL_EINPUT, n->line, n->col,
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

	yp_mark_of(e, &line, &col);
	if (expecting_key(b))
		return yp_fail_at(b, PL_EINPUT, line, col,
			       "a field name must be plain text, not a list or a group. Write 'name: value'.", NULL);
	if (b->depth >= PL_MAX_DEPTH) {
		pl_error_set(b->err, PL_ELIMIT,
			     "the data is nested more than %d levels deep here. Use fewer levels of indentation.",
			     PL_MAX_DEPTH);
		pl_error_at(b->err, b->name, line, col);
		return -1;
	}
	if (!(n = calloc(1, sizeof *n)))
		return yp_oom(b);
	n->kind = kind;
	n->line = line;
	n->col = col;
	f = &b->st[b->depth++];
	memset(f, 0, sizeof *f);
	f->node = n;
	if (anc && !(f->anchor = yp_token_text(anc)))
		return yp_oom(b);
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
	return anc ? yp_push_anchor(b, anc, n) : 0;
}

static int on_event(builder *b, struct fy_event *e)
{
	int line, col;

	switch (e->type) {
	case FYET_DOCUMENT_START:
		if (++b->docs > 1) {
			yp_mark_of(e, &line, &col);
			return yp_fail_at(b, PL_EINPUT, line, col,
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

bool yp_has_suffix(const char *s, const char *suf)
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
		yp_fail_at(&b, PL_EINPUT, 1, 1, "this file is saved as UTF-16 text; placard reads UTF-8. Save it again "
			"with the encoding UTF-8.", NULL);
		return NULL;
	}
	if (memchr(buf, '\0', len)) {
		pl_offset_linecol(buf, (size_t)((const char *)memchr(buf, '\0', len) - buf), &line, &col);
		yp_fail_at(&b, PL_EINPUT, line, col,
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
		yp_oom(&b);
		return NULL;
	}
	b.grave->kind = PL_NODE_SEQ;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = NULL;
	dc.colorize = false;
	if (!(diag = fy_diag_create(&dc))) {
		pl_node_free(b.grave);
		yp_oom(&b);
		return NULL;
	}
	fy_diag_set_collect_errors(diag, true);
	cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_DISABLE_MMAP_OPT |
		    (yp_has_suffix(name, ".json") ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE);
	cfg.diag = diag;
	if (!(p = fy_parser_create(&cfg)) || fy_parser_set_string(p, buf + start, len - start)) {
		yp_oom(&b);
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
		yp_parse_error(&b, msg, line, col);
		failed = 1;
	}
	if (!failed && !b.root) {
		yp_fail_at(&b, PL_EINPUT, 0, 0, "the file is empty. Write the event's fields in it (title: ...).", NULL);
		failed = 1;
	}
	if (!failed && b.root->kind == PL_NODE_SCALAR && !b.root->quoted &&
	    (!b.root->value[0] || !strcmp(b.root->value, "~") || !strcmp(b.root->value, "null"))) {
		yp_fail_at(&b, PL_EINPUT, 0, 0, "the file is empty. Write the event's fields in it (title: ...).", NULL);
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
