/* shop.c — print-shop presets; see shop.h. */
#include "render/shop.h"
#include "base/util.h"
#include "data/yaml.h"
#include "pdf/pdfx.h"
#include "print/impose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The tables in the order they are read: the user's, then placard's. */
static int shop_files(const char *datadir, char paths[2][4096])
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n = 0;

	if (xdg && *xdg == '/')
		snprintf(paths[n++], 4096, "%s/placard/print-shops.yaml", xdg);
	else if (home && *home == '/')
		snprintf(paths[n++], 4096, "%s/.config/placard/print-shops.yaml", home);
	snprintf(paths[n++], 4096, "%s/assets/print-shops.yaml", datadir);
	return n;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int bad(pl_error *err, const char *file, const pl_node *n, const char *fmt, const char *a, const char *b)
{
	pl_error_set(err, PL_EINPUT, fmt, a, b);
	pl_error_at(err, file, n->line, n->col);
	return -1;
}

static int read_entry(const char *file, const pl_node *e, pl_shop *s, pl_error *err)
{
	const char *nm = pl_node_str(e, "name"), *v;

	memset(s, 0, sizeof *s);
	s->bleed_pt = -1;
	s->marks = -1;
	snprintf(s->name, sizeof s->name, "%s", nm);
	snprintf(s->description, sizeof s->description, "%s", (v = pl_node_str(e, "description")) ? v : nm);
	if ((v = pl_node_str(e, "bleed")) && (pl_parse_length(v, 0, &s->bleed_pt) || s->bleed_pt < 0 || s->bleed_pt > 25 * 72 / 25.4))
		return bad(err, file, e, "print shop '%s': bleed '%s' is not a length between 0 and 25 mm, e.g. 3mm or 0.125in.", nm, v);
	if ((v = pl_node_str(e, "marks"))) {
		if (!strcmp(v, "true") || !strcmp(v, "yes"))
			s->marks = 1;
		else if (!strcmp(v, "false") || !strcmp(v, "no"))
			s->marks = 0;
		else
			return bad(err, file, e, "print shop '%s': marks '%s' must be true or false.", nm, v);
	}
	if ((v = pl_node_str(e, "pdfx")) && (s->pdfx = pl_pdfx_parse(v)) < 0)
		return bad(err, file, e, "print shop '%s': pdfx '%s' must be x4, x3 or x1a.", nm, v);
	if ((v = pl_node_str(e, "intent")) && (s->intent = pl_intent_parse(v)) < 0)
		return bad(err, file, e, "print shop '%s': intent '%s' must be fogra39, fogra51, gracol or swop.", nm, v);
	if ((v = pl_node_str(e, "ink_limit"))) {
		char *end;
		s->ink_limit = strtod(v, &end);
		if (*end == '%')
			end++;
		if (*end || s->ink_limit < 100 || s->ink_limit > 400)
			return bad(err, file, e, "print shop '%s': ink_limit '%s' must be a percentage between 100 and 400.", nm, v);
	}
	if ((v = pl_node_str(e, "cut_name"))) {
		if (!pl_impose_cut_name_ok(v))
			return bad(err, file, e, "print shop '%s': cut_name '%s' must be 1 to 63 letters, digits, '-', '_' or '.'.", nm, v);
		snprintf(s->cut_name, sizeof s->cut_name, "%s", v);
	}
	if ((v = pl_node_str(e, "output")))
		snprintf(s->output, sizeof s->output, "%s", v);
	return 0;
}

int pl_shop_find(const char *datadir, const char *name, pl_shop *out, pl_error *err)
{
	char paths[2][4096], names[512];
	int np = shop_files(datadir, paths);

	for (int f = 0; f < np; f++) {
		pl_node *root;
		const pl_node *list;
		int rc = 1;
		if (f < np - 1 && !exists(paths[f]))
			continue; /* the user's own table is optional */
		root = pl_yaml_load(paths[f], err);
		if (!root)
			return -1;
		list = pl_node_get(root, "shops");
		for (size_t i = 0; list && list->kind == PL_NODE_SEQ && i < list->n && rc == 1; i++) {
			const char *nm = pl_node_str(list->kids[i], "name");
			if (nm && !strcasecmp(nm, name))
				rc = read_entry(paths[f], list->kids[i], out, err);
		}
		pl_node_free(root);
		if (rc != 1)
			return rc;
	}
	pl_shop_names(datadir, names, sizeof names);
	pl_error_set(err, PL_EUSAGE, "--shop '%s' is not a print-shop preset. Use one of: %s (assets/print-shops.yaml; add your own there or in ~/.config/placard/print-shops.yaml).",
		     name, names);
	return -1;
}

void pl_shop_names(const char *datadir, char *buf, size_t n)
{
	char paths[2][4096];
	int np = shop_files(datadir, paths);
	size_t used = 0;

	buf[0] = '\0';
	for (int f = 0; f < np; f++) {
		pl_error e = {0};
		pl_node *root = exists(paths[f]) ? pl_yaml_load(paths[f], &e) : NULL;
		const pl_node *list = root ? pl_node_get(root, "shops") : NULL;
		for (size_t i = 0; list && list->kind == PL_NODE_SEQ && i < list->n; i++) {
			const char *nm = pl_node_str(list->kids[i], "name");
			if (nm && used + strlen(nm) + 3 < n && !strstr(buf, nm)) {
				used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? ", " : "", nm);
			}
		}
		pl_node_free(root);
	}
}

static void put_stem(pl_buf *b, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	pl_buf_add(b, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

char *pl_shop_output(const pl_shop *s, const char *data, const char *layout)
{
	pl_buf b = {0};

	for (const char *p = s->output; *p; p++) {
		if (!strncmp(p, "{data}", 6)) {
			put_stem(&b, data);
			p += 5;
		} else if (!strncmp(p, "{layout}", 8)) {
			put_stem(&b, layout);
			p += 7;
		} else {
			pl_buf_add(&b, p, 1);
		}
	}
	return pl_buf_take(&b);
}
