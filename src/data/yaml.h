/* yaml.h — the one module that includes libfyaml. It parses YAML or JSON
 * into a small tree of pl_node with line and column on every node, enforcing
 * placard's limits (file size, nesting depth, alias expansion, duplicate
 * keys). data.c (event data) and layout.c (layouts, themes) walk the tree. */
#ifndef PL_YAML_H
#define PL_YAML_H

#include <stddef.h>

#include "base/error.h"

typedef enum pl_node_kind { PL_NODE_SCALAR, PL_NODE_MAP, PL_NODE_SEQ } pl_node_kind;

typedef struct pl_node pl_node;
struct pl_node {
	pl_node_kind kind;
	char *key;        /* key when this node is a map value, else NULL */
	char *value;      /* scalar text (UTF-8), NULL for maps and sequences */
	int quoted;       /* scalar was quoted ("15:00"), so never a number/bool */
	int line, col;    /* 1-based position of the node (of the value) */
	pl_node **kids;   /* map values (each with key) or sequence items */
	size_t n;
};

/* Parse a file; errors name the file, line and column. */
pl_node *pl_yaml_load(const char *path, pl_error *err);
/* Parse a buffer; `name` is used in messages. */
pl_node *pl_yaml_parse(const char *name, const char *buf, size_t len, pl_error *err);
void pl_node_free(pl_node *n);

/* Borrowed child of a map by key, or NULL. */
const pl_node *pl_node_get(const pl_node *map, const char *key);
/* Scalar value of a map child, or NULL when absent or not a scalar. */
const char *pl_node_str(const pl_node *map, const char *key);

#endif
