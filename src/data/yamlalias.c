/* yamlalias.c — aliases (*name) expanded only after what they would copy is
 * measured against the file's budget of nodes, bytes and depth, so a
 * "billion laughs" file fails in microseconds instead of eating the
 * machine. */
#include "data/yaml_int.h"

/* ---- aliases: measured before they are copied ---- */

/* Count the nodes and text bytes under n, with its depth; stop early (return
 * -1) once the counts exceed what is left of the budget. */
int yp_measure(const pl_node *n, size_t *nodes, size_t *bytes, int depth, int *max_depth,
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
		if (yp_measure(n->kids[i], nodes, bytes, depth + 1, max_depth, node_left, byte_left))
			return -1;
	return 0;
}

pl_node *yp_copy_node(const pl_node *n)
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
		if (!(c->kids[i] = yp_copy_node(n->kids[i]))) {
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

pl_node *yp_expand_alias(builder *b, struct fy_event *e)
{
	size_t len, nodes = 0, bytes = 0;
	const char *name = fy_token_get_text(e->alias.anchor, &len);
	const pl_node *target = NULL;
	int line, col, depth = 0;
	char shown[64];
	pl_node *c;

	yp_mark_of(e, &line, &col);
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
		yp_fail_at(b, PL_EINPUT, line, col,
			"*%s refers to no anchor: write &name on the value to repeat, above this line "
			"(an alias cannot refer to the group it is inside).", shown);
		return NULL;
	}
	if (yp_measure(target, &nodes, &bytes, 1, &depth, PL_MAX_ALIAS_NODES - b->alias_nodes,
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
	if (!(c = yp_copy_node(target))) {
		yp_oom(b);
		return NULL;
	}
	c->line = line;
	c->col = col;
	return c;
}

/* Register an anchor (takes ownership of name). */
int yp_push_anchor(builder *b, char *name, pl_node *n)
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
			return yp_oom(b);
		}
		b->anchors = p;
		b->cap_anchors = cap;
	}
	b->anchors[b->n_anchors].name = name;
	b->anchors[b->n_anchors++].node = n;
	return 0;
}

char *yp_token_text(struct fy_token *t)
{
	size_t len;
	const char *s = t ? fy_token_get_text(t, &len) : NULL;

	return s ? pl_strndup(s, len) : NULL;
}
