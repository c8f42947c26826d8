/* yaml_int.h — what the parts of the YAML reader share, and no one else:
 * yaml.c (the tree built from libfyaml's events, the parse entry points),
 * yamlerr.c (libfyaml's diagnostics in plain words, with line and column)
 * and yamlalias.c (aliases measured against the budget before they are
 * copied). */
#ifndef PL_YAML_INT_H
#define PL_YAML_INT_H

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


pl_node *yp_copy_node(const pl_node *n);
pl_node *yp_expand_alias(builder *b, struct fy_event *e);
int yp_fail_at(builder *b, pl_code code, int line, int col, const char *fmt, const char *arg);
bool yp_has_suffix(const char *s, const char *suf);
void yp_mark_of(struct fy_event *e, int *line, int *col);
int yp_measure(const pl_node *n, size_t *nodes, size_t *bytes, int depth, int *max_depth,
		   size_t node_left, size_t byte_left);
int yp_oom(builder *b);
void yp_parse_error(builder *b, const char *msg, int line, int col);
int yp_push_anchor(builder *b, char *name, pl_node *n);
char *yp_token_text(struct fy_token *t);

#endif
