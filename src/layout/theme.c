/* theme.c — colour themes (assets/themes/NAME.yaml) and colour values:
 * #rrggbb, cmyk(C, M, Y, K), theme roles. See layout.h. */
#include "layout/layout.h"
#include "base/config.h"
#include "base/util.h"
#include "data/yaml.h"
#include "draw/qr.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

static char *themes_file(const char *datadir, const char *name)
{
	pl_buf b = {0};

	pl_buf_printf(&b, "%s/assets/themes/%s.yaml", datadir, name);
	return pl_buf_take(&b);
}

int pl_parse_cmyk(const char *s, double cmyk[4])
{
	double v[4];
	int used = 0;

	if (!s || strncmp(s, "cmyk(", 5) ||
	    sscanf(s + 5, " %lf , %lf , %lf , %lf )%n", &v[0], &v[1], &v[2], &v[3], &used) != 4 || !used ||
	    s[5 + used] != '\0')
		return -1;
	for (int i = 0; i < 4; i++) {
		if (!(v[i] >= 0 && v[i] <= 100))
			return -1;
		cmyk[i] = round(v[i]) / 100;
	}
	return 0;
}

int pl_parse_color(const char *s, double rgb[3])
{
	unsigned v[3];
	size_t len = s ? strlen(s) : 0;
	double ink[4];

	if (pl_parse_cmyk(s, ink) == 0) {
		/* a likeness for screens: each ink takes away its light */
		for (int i = 0; i < 3; i++)
			rgb[i] = (1 - ink[i]) * (1 - ink[3]);
		return 0;
	}
	if (len == 7 && s[0] == '#' && sscanf(s + 1, "%2x%2x%2x", &v[0], &v[1], &v[2]) == 3 &&
	    strspn(s + 1, "0123456789abcdefABCDEF") == 6) {
		for (int i = 0; i < 3; i++)
			rgb[i] = v[i] / 255.0;
		return 0;
	}
	if (len == 4 && s[0] == '#' && strspn(s + 1, "0123456789abcdefABCDEF") == 3) {
		for (int i = 0; i < 3; i++) {
			char h[2] = {s[1 + i], 0};
			rgb[i] = strtol(h, NULL, 16) * 17 / 255.0;
		}
		return 0;
	}
	return -1;
}

int pl_theme_set(pl_theme *t, const char *role, const char *value, pl_error *err)
{
	double rgb[3];
	pl_theme_entry *nc;

	if (pl_parse_color(value, rgb) != 0) {
		pl_error_set(err, PL_EINPUT, "'%s' is not a colour. Write it as #rrggbb, e.g. #c8102e, or as inks in percent, e.g. cmyk(60, 40, 40, 100).", value);
		return -1;
	}
	for (size_t i = 0; i < t->n_colors; i++)
		if (!strcmp(t->colors[i].name, role)) {
			memcpy(t->colors[i].rgb, rgb, sizeof rgb);
			t->colors[i].has_cmyk = pl_parse_cmyk(value, t->colors[i].cmyk) == 0;
			return 0;
		}
	nc = realloc(t->colors, (t->n_colors + 1) * sizeof *nc);
	if (!nc) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	t->colors = nc;
	t->colors[t->n_colors].name = pl_strdup(role);
	memcpy(t->colors[t->n_colors].rgb, rgb, sizeof rgb);
	t->colors[t->n_colors].has_cmyk = pl_parse_cmyk(value, t->colors[t->n_colors].cmyk) == 0;
	t->n_colors++;
	return 0;
}

bool pl_theme_cmyk(const pl_theme *t, const char *spec, double cmyk[4])
{
	if (!spec)
		return false;
	if (!strncmp(spec, "cmyk(", 5))
		return pl_parse_cmyk(spec, cmyk) == 0;
	for (size_t i = 0; t && i < t->n_colors; i++)
		if (!strcmp(t->colors[i].name, spec)) {
			if (t->colors[i].has_cmyk)
				memcpy(cmyk, t->colors[i].cmyk, 4 * sizeof(double));
			return t->colors[i].has_cmyk;
		}
	return false;
}

bool pl_theme_color(const pl_theme *t, const char *spec, double rgb[3])
{
	if (!spec)
		return false;
	if (spec[0] == '#' || !strncmp(spec, "cmyk(", 5))
		return pl_parse_color(spec, rgb) == 0;
	for (size_t i = 0; i < t->n_colors; i++)
		if (!strcmp(t->colors[i].name, spec)) {
			memcpy(rgb, t->colors[i].rgb, 3 * sizeof(double));
			return true;
		}
	return false;
}

void pl_theme_free(pl_theme *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_colors; i++)
		free(t->colors[i].name);
	free(t->colors);
	free(t->name);
	free(t->font_display);
	free(t->font_text);
	free(t);
}

pl_theme *pl_theme_load(const char *datadir, const char *name, pl_error *err)
{
	bool is_path = strchr(name, '/') != NULL;
	char *path = is_path ? pl_strdup(name) : themes_file(datadir, name);
	pl_node *root = NULL;
	pl_theme *t = NULL;
	const pl_node *colors, *fonts;
	/* access, not fopen: a FIFO is refused by the reader, not waited on */
	if (!path || access(path, R_OK) != 0) {
		pl_error_set(err, PL_EUSAGE, "there is no theme called '%s'. Built-in themes are in assets/themes (e.g. ember, mono).", name);
		free(path);
		return NULL;
	}
	root = pl_yaml_load(path, err);
	if (!root)
		goto out;
	t = calloc(1, sizeof *t);
	if (!t)
		goto out;
	t->name = pl_strdup(pl_node_str(root, "name") ? pl_node_str(root, "name") : name);
	colors = pl_node_get(root, "colors");
	if (!colors || colors->kind != PL_NODE_MAP) {
		pl_error_set(err, PL_EINPUT, "the theme has no 'colors' map.");
		pl_error_at(err, path, root->line, root->col);
		goto bad;
	}
	for (size_t i = 0; i < colors->n; i++) {
		const pl_node *c = colors->kids[i];
		if (c->kind != PL_NODE_SCALAR || pl_theme_set(t, c->key, c->value, err)) {
			pl_error_set(err, PL_EINPUT, "colour '%s' must be written as #rrggbb.", c->key);
			pl_error_at(err, path, c->line, c->col);
			pl_error_field(err, 0, c->key);
			goto bad;
		}
	}
	fonts = pl_node_get(root, "fonts");
	t->font_display = pl_strdup(fonts && pl_node_str(fonts, "display") ? pl_node_str(fonts, "display") : "placard display");
	t->font_text = pl_strdup(fonts && pl_node_str(fonts, "text") ? pl_node_str(fonts, "text") : "placard text");
	{
		const char *e = pl_node_str(root, "emoji");
		if (e && strcmp(e, "grey") && strcmp(e, "gray") && strcmp(e, "colour") && strcmp(e, "color")) {
			const pl_node *n = pl_node_get(root, "emoji");
			pl_error_set(err, PL_EINPUT, "'emoji' must be 'colour' or 'grey', not '%s'.", e);
			pl_error_at(err, path, n->line, n->col);
			goto bad;
		}
		t->emoji_grey = e && (!strcmp(e, "grey") || !strcmp(e, "gray"));
	}
	goto out;
bad:
	pl_theme_free(t);
	t = NULL;
out:
	pl_node_free(root);
	free(path);
	return t;
}
