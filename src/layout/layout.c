/* layout.c — reads layout and theme files into pl_layout / pl_theme (see
 * layout.h). Every mistake in a layout is reported with the file, line and
 * key, since organisers copy and edit these files by hand. */
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

/* Named trim sizes in mm (ISO 216 and US sizes). */
static const struct { const char *name; double w, h; } page_sizes[] = {
	{"A0", 841, 1189}, {"A1", 594, 841}, {"A2", 420, 594}, {"A3", 297, 420},
	{"A4", 210, 297}, {"A5", 148, 210}, {"A6", 105, 148}, {"A7", 74, 105},
	{"letter", 215.9, 279.4}, {"legal", 215.9, 355.6}, {"tabloid", 279.4, 431.8},
	{"half-letter", 139.7, 215.9},
};

int pl_page_size(const char *name, double *w_pt, double *h_pt)
{
	for (size_t i = 0; i < sizeof page_sizes / sizeof page_sizes[0]; i++)
		if (!strcasecmp(name, page_sizes[i].name)) {
			*w_pt = page_sizes[i].w * PL_MM_TO_PT;
			*h_pt = page_sizes[i].h * PL_MM_TO_PT;
			return 0;
		}
	return -1;
}

typedef struct ctx {
	const char *file;
	pl_error *err;
	double W, H; /* trim size, for percentages */
} ctx;

static int fail(ctx *c, const pl_node *n, const char *key, const char *fmt, const char *arg)
{
	char msg[600];

	snprintf(msg, sizeof msg, fmt, arg ? arg : "");
	pl_error_set(c->err, PL_EINPUT, "%s", msg);
	pl_error_at(c->err, c->file, n ? n->line : 0, n ? n->col : 0);
	if (key)
		pl_error_field(c->err, 0, key);
	return -1;
}

/* Lengths and numbers beyond these are typing mistakes ("1e308mm", "nan"),
 * and would overflow the drawing code: refused with the layout's line. */
#define MAX_LEN_PT (2 * PL_MAX_PAGE_MM * PL_MM_TO_PT)
#define MAX_NUMBER 100000.0

static int len_of(ctx *c, const pl_node *n, const char *key, double ref, double *out)
{
	if (!n || n->kind != PL_NODE_SCALAR || pl_parse_length(n->value, ref, out) != 0)
		return fail(c, n, key, "'%s' is not a length. Write a number with a unit: 12mm, 1.5in, 30pt or 40%%.",
			    n && n->value ? n->value : "");
	if (!isfinite(*out) || fabs(*out) > MAX_LEN_PT)
		return fail(c, n, key, "'%s' is not a length placard can use: lengths in a layout are at most "
			    "10 metres. Check the number and its unit (mm, in, pt, %%).", n->value);
	return 0;
}

static int num_of(ctx *c, const pl_node *n, const char *key, double *out)
{
	char *end;

	if (!n || n->kind != PL_NODE_SCALAR || !n->value[0])
		return fail(c, n, key, "a number is expected here.", NULL);
	*out = strtod(n->value, &end);
	if (*end && strcmp(end, "pt"))
		return fail(c, n, key, "'%s' is not a number.", n->value);
	if (!isfinite(*out) || fabs(*out) > MAX_NUMBER)
		return fail(c, n, key, "'%s' is not a number placard can use here. Check it.", n->value);
	return 0;
}

static int bool_of(ctx *c, const pl_node *n, const char *key, bool *out)
{
	const char *v = n && n->kind == PL_NODE_SCALAR ? n->value : "";

	if (!strcmp(v, "true") || !strcmp(v, "yes"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no"))
		*out = false;
	else
		return fail(c, n, key, "'%s' is not true or false.", v);
	return 0;
}

static int str_of(ctx *c, const pl_node *n, const char *key, char **out)
{
	if (!n || n->kind != PL_NODE_SCALAR)
		return fail(c, n, key, "a text value is expected here.", NULL);
	free(*out);
	*out = pl_strdup(n->value);
	return *out ? 0 : fail(c, n, key, "out of memory.", NULL);
}

/* A QR block's url: one template, or a list of them tried in order (the
 * first with data wins), kept one per line. */
static int url_of(ctx *c, const pl_node *n, char **out)
{
	pl_buf b = {0};

	if (n->kind != PL_NODE_SEQ || !n->n)
		return str_of(c, n, "url", out);
	for (size_t i = 0; i < n->n; i++) {
		if (n->kids[i]->kind != PL_NODE_SCALAR || strchr(n->kids[i]->value, '\n')) {
			pl_buf_free(&b);
			return fail(c, n->kids[i], "url", "url: is a template such as \"{campaign.url}\", or a list of them.", NULL);
		}
		pl_buf_printf(&b, "%s%s", i ? "\n" : "", n->kids[i]->value);
	}
	free(*out);
	*out = pl_buf_take(&b);
	return *out ? 0 : fail(c, n, "url", "out of memory.", NULL);
}

static int weight_of(ctx *c, const pl_node *n, int *out)
{
	static const struct { const char *k; int v; } w[] = {
		{"thin", 100}, {"light", 300}, {"regular", 400}, {"normal", 400}, {"medium", 500},
		{"semibold", 600}, {"bold", 700}, {"extrabold", 800}, {"black", 900},
	};
	if (n && n->kind == PL_NODE_SCALAR) {
		for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
			if (!strcmp(n->value, w[i].k)) {
				*out = w[i].v;
				return 0;
			}
		if (atoi(n->value) >= 100 && atoi(n->value) <= 1000) {
			*out = atoi(n->value);
			return 0;
		}
	}
	return fail(c, n, "weight", "'%s' is not a font weight. Use regular, bold, black or a number 100–1000.",
		    n && n->value ? n->value : "");
}

static int box_of(ctx *c, const pl_node *n, pl_block *b)
{
	double *v[4] = {&b->x, &b->y, &b->w, &b->h};
	double ref[4] = {c->W, c->H, c->W, c->H};

	if (n->kind != PL_NODE_SEQ || n->n != 4)
		return fail(c, n, "box", "box needs four lengths: [x, y, width, height], e.g. [10mm, 20mm, 50%%, 30mm].", NULL);
	for (int i = 0; i < 4; i++)
		if (len_of(c, n->kids[i], "box", ref[i], v[i]))
			return -1;
	return 0;
}

static int parse_block(ctx *c, const pl_node *n, pl_block *b, bool in_column);

static int parse_blocks(ctx *c, const pl_node *seq, pl_block **out, size_t *n_out, bool in_column)
{
	if (seq->kind != PL_NODE_SEQ)
		return fail(c, seq, "blocks", "blocks must be a list (each item starting with '- ').", NULL);
	if (seq->n > PL_MAX_BLOCKS)
		return fail(c, seq, "blocks", "too many blocks; a layout may have at most 128.", NULL);
	*out = calloc(seq->n ? seq->n : 1, sizeof **out);
	if (!*out)
		return fail(c, seq, NULL, "out of memory.", NULL);
	*n_out = seq->n;
	for (size_t i = 0; i < seq->n; i++)
		if (parse_block(c, seq->kids[i], &(*out)[i], in_column))
			return -1;
	return 0;
}

/* The keys only an events block (or a line of its entry) takes: 0 when
 * read, -1 on a mistake, 1 when k is not one of them. */
static int events_key(ctx *c, const pl_node *v, pl_block *b)
{
	const char *k = v->key, *val = v->kind == PL_NODE_SCALAR ? v->value : "";
	double d;

	if (!strcmp(k, "scale")) {
		if (num_of(c, v, k, &b->scale))
			return -1;
		if (b->scale <= 0 || b->scale > 10)
			return fail(c, v, k, "scale is a multiple of the list's size, above 0 and at most 10.", NULL);
		return 0;
	}
	if (b->type != PL_BLOCK_EVENTS)
		return 1;
	if (!strcmp(k, "columns")) {
		if (!strcmp(val, "grid"))
			b->columns = 0;
		else if (!strcmp(val, "1") || !strcmp(val, "2"))
			b->columns = atoi(val);
		else
			return fail(c, v, k, "columns '%s' is not known. Use 1, 2 or grid.", val);
		return 0;
	}
	if (!strcmp(k, "cells")) {
		if (num_of(c, v, k, &d))
			return -1;
		if (d < 1 || d > 8)
			return fail(c, v, k, "cells (a grid's entries across) is from 1 to 8.", NULL);
		b->cells = (int)d;
		return 0;
	}
	if (!strcmp(k, "qr")) {
		if (v->kind == PL_NODE_SEQ && v->n == 2) {
			if (len_of(c, v->kids[0], k, c->W, &b->qr_max) || len_of(c, v->kids[1], k, c->W, &b->qr_min))
				return -1;
		} else if (len_of(c, v, k, c->W, &b->qr_max)) {
			return -1;
		} else {
			b->qr_min = b->qr_max;
		}
		if (b->qr_min > b->qr_max || b->qr_min < 0)
			return fail(c, v, k, "qr is [largest, smallest] side of each event's code, e.g. [24mm, 18mm].", NULL);
		return 0;
	}
	if (!strcmp(k, "heading_color"))
		return str_of(c, v, k, &b->heading_color);
	return 1;
}

static int parse_block(ctx *c, const pl_node *n, pl_block *b, bool in_column)
{
	static const char *types[] = {"text", "qr", "image", "rect", "line", "circle", "column", "events"};
	const char *type;
	bool have_box = false;

	if (n->kind != PL_NODE_MAP)
		return fail(c, n, NULL, "each block must be a map with a 'type', e.g. '- type: text'.", NULL);
	b->line = n->line;
	type = pl_node_str(n, "type");
	if (!type)
		return fail(c, n, "type", "this block has no 'type'. Use one of text, qr, image, rect, line, circle, column, events.", NULL);
	for (size_t i = 0; i <= sizeof types / sizeof types[0]; i++) {
		if (i == sizeof types / sizeof types[0])
			return fail(c, pl_node_get(n, "type"), "type",
				    "unknown block type '%s'. Use one of text, qr, image, rect, line, circle, column, events.", type);
		if (!strcmp(type, types[i])) {
			b->type = (pl_block_type)i;
			break;
		}
	}
	/* Defaults. */
	b->weight = 400;
	b->max_pt = b->min_pt = 12;
	b->valign = -1;
	b->label = true;
	b->stroke_w = 1;
	b->opacity = 1;
	b->w = c->W;
	b->h = c->H;
	b->columns = 1;
	b->cells = 3;
	b->scale = 1;
	for (size_t i = 0; i < n->n; i++) {
		const pl_node *v = n->kids[i];
		const char *k = v->key;
		int r = 0;

		if (!strcmp(k, "type"))
			continue;
		else if (!strcmp(k, "box")) {
			r = box_of(c, v, b);
			have_box = true;
		} else if (!strcmp(k, "height"))
			r = len_of(c, v, k, c->H, &b->h);
		else if (!strcmp(k, "text") || !strcmp(k, "src"))
			r = str_of(c, v, k, &b->text);
		else if (!strcmp(k, "fill"))
			r = str_of(c, v, k, &b->fill);
		else if (!strcmp(k, "color"))
			r = str_of(c, v, k, &b->fill);
		else if (!strcmp(k, "background"))
			r = str_of(c, v, k, &b->bg);
		else if (!strcmp(k, "stroke"))
			r = str_of(c, v, k, &b->stroke);
		else if (!strcmp(k, "stroke_width"))
			r = len_of(c, v, k, c->W, &b->stroke_w);
		else if (!strcmp(k, "radius"))
			r = len_of(c, v, k, c->W, &b->radius);
		else if (!strcmp(k, "font"))
			r = str_of(c, v, k, &b->font);
		else if (!strcmp(k, "weight"))
			r = weight_of(c, v, &b->weight);
		else if (!strcmp(k, "italic"))
			r = bool_of(c, v, k, &b->italic);
		else if (!strcmp(k, "upper"))
			r = bool_of(c, v, k, &b->upper);
		else if (!strcmp(k, "size")) {
			if (v->kind == PL_NODE_SEQ && v->n == 2) {
				r = num_of(c, v->kids[0], k, &b->max_pt) || num_of(c, v->kids[1], k, &b->min_pt);
				if (!r && b->min_pt > b->max_pt)
					r = fail(c, v, k, "size is [max, min]: the first number must be the larger.", NULL);
			} else {
				r = num_of(c, v, k, &b->max_pt);
				b->min_pt = b->max_pt;
			}
			if (!r && b->min_pt <= 0)
				r = fail(c, v, k, "font sizes must be above zero.", NULL);
			if (!r && b->max_pt > PL_MAX_FONT_PT)
				r = fail(c, v, k, "font sizes are at most 2000 pt (about 70 cm tall letters).", NULL);
		} else if (!strcmp(k, "line_height"))
			r = num_of(c, v, k, &b->line_height);
		else if (!strcmp(k, "tracking"))
			r = num_of(c, v, k, &b->tracking);
		else if (!strcmp(k, "align")) {
			const char *a = v->value ? v->value : "";
			if (!strcmp(a, "start"))
				b->align = PL_ALIGN_START;
			else if (!strcmp(a, "center") || !strcmp(a, "centre"))
				b->align = PL_ALIGN_CENTER;
			else if (!strcmp(a, "end"))
				b->align = PL_ALIGN_END;
			else
				r = fail(c, v, k, "align '%s' is not known. Use start, center or end (they follow the text's direction).", a);
		} else if (!strcmp(k, "valign")) {
			const char *a = v->value ? v->value : "";
			if (!strcmp(a, "top"))
				b->valign = -1;
			else if (!strcmp(a, "middle") || !strcmp(a, "center"))
				b->valign = 0;
			else if (!strcmp(a, "bottom"))
				b->valign = 1;
			else
				r = fail(c, v, k, "valign '%s' is not known. Use top, middle or bottom.", a);
		} else if (!strcmp(k, "lines")) {
			double d;
			r = num_of(c, v, k, &d);
			b->max_lines = (int)d;
		} else if (!strcmp(k, "lang")) {
			r = str_of(c, v, k, &b->lang);
			if (!r && !strcmp(b->lang, "primary")) {
				free(b->lang);
				b->lang = NULL;
			}
		} else if (!strcmp(k, "mirror"))
			r = bool_of(c, v, k, &b->mirror);
		else if (!strcmp(k, "bleed"))
			r = bool_of(c, v, k, &b->bleed);
		else if (!strcmp(k, "optional"))
			r = bool_of(c, v, k, &b->optional);
		else if (!strcmp(k, "grow"))
			r = bool_of(c, v, k, &b->grow);
		else if (!strcmp(k, "if"))
			r = str_of(c, v, k, &b->only_if);
		else if (!strcmp(k, "unless"))
			r = str_of(c, v, k, &b->unless);
		else if (!strcmp(k, "opacity")) {
			r = num_of(c, v, k, &b->opacity);
			if (!r && (b->opacity < 0 || b->opacity > 1))
				r = fail(c, v, k, "opacity must be between 0 (invisible) and 1 (opaque), not %s.", v->value);
		}
		else if (!strcmp(k, "ec")) {
			const char *e = v->value ? v->value : "";
			if (strlen(e) != 1 || !strchr("LMQH", e[0]))
				r = fail(c, v, k, "ec '%s' is not a QR error-correction level. Use L, M, Q or H.", e);
			else
				b->ec = e[0];
		} else if (!strcmp(k, "label"))
			r = bool_of(c, v, k, &b->label);
		else if (!strcmp(k, "logo"))
			r = str_of(c, v, k, &b->logo);
		else if (!strcmp(k, "style")) {
			pl_qr_style st;
			r = str_of(c, v, k, &b->qr_style);
			if (!r && pl_qr_style_of(b->qr_style, &st))
				r = fail(c, v, k, "style '%s' is not a QR module style. Use square, rounded or dots.",
					 b->qr_style);
		} else if (!strcmp(k, "logo_size")) {
			const char *pv = v->kind == PL_NODE_SCALAR && v->value ? v->value : "";
			size_t pn = strlen(pv);
			r = pn < 2 || pv[pn - 1] != '%' ? -1 : len_of(c, v, k, 1.0, &b->logo_size);
			if (r || b->logo_size <= 0 || b->logo_size > 1)
				r = fail(c, v, k, "logo_size is a share of the code's width, e.g. 30%%.", NULL);
		}
		else if (!strcmp(k, "label_color"))
			r = str_of(c, v, k, &b->label_color);
		else if (!strcmp(k, "url") && b->type == PL_BLOCK_QR)
			r = url_of(c, v, &b->url);
		else if (!strcmp(k, "cover"))
			r = bool_of(c, v, k, &b->cover);
		else if (!strcmp(k, "gap"))
			r = len_of(c, v, k, c->H, &b->gap);
		else if (!strcmp(k, "blocks") || (!strcmp(k, "entry") && b->type == PL_BLOCK_EVENTS)) {
			if (b->type != PL_BLOCK_COLUMN && b->type != PL_BLOCK_EVENTS)
				r = fail(c, v, k, "only a column block holds other blocks.", NULL);
			else
				r = parse_blocks(c, v, &b->kids, &b->n_kids, true);
		} else if ((r = events_key(c, v, b)) <= 0)
			;
		else
			r = fail(c, v, k, "unknown key '%s' in a block. See the README's layout section for the keys a block takes.", k);
		if (r)
			return -1;
	}
	if (!have_box && !in_column && b->type != PL_BLOCK_COLUMN)
		return fail(c, n, "box", "this block has no 'box'. Give [x, y, width, height], e.g. box: [10mm, 20mm, 50%%, 30mm].", NULL);
	if (in_column && (b->type == PL_BLOCK_COLUMN || b->type == PL_BLOCK_EVENTS))
		return fail(c, n, "type", "a column cannot hold another column or an events list.", NULL);
	if (b->type == PL_BLOCK_EVENTS && !b->n_kids)
		return fail(c, n, "entry", "an events block needs 'entry:', the lines of one event, e.g. "
			    "entry: [{type: text, text: \"{time_text} {city}\"}].", NULL);
	if (in_column && (b->type != PL_BLOCK_TEXT && b->type != PL_BLOCK_IMAGE && b->type != PL_BLOCK_RECT && b->type != PL_BLOCK_LINE))
		return fail(c, n, "type", "a column can hold text, image, rect and line blocks.", NULL);
	if ((b->type == PL_BLOCK_TEXT || b->type == PL_BLOCK_IMAGE) && !b->text)
		return fail(c, n, b->type == PL_BLOCK_TEXT ? "text" : "src",
			    "this block needs %s, e.g. \"{title}\".", b->type == PL_BLOCK_TEXT ? "'text'" : "'src'");
	if (b->type == PL_BLOCK_TEXT && !b->fill)
		b->fill = pl_strdup("ink");
	if (b->type == PL_BLOCK_QR && !b->fill)
		b->fill = pl_strdup("ink");
	return 0;
}

static void free_blocks(pl_block *b, size_t n)
{
	for (size_t i = 0; b && i < n; i++) {
		free(b[i].text);
		free(b[i].fill);
		free(b[i].stroke);
		free(b[i].bg);
		free(b[i].logo);
		free(b[i].qr_style);
		free(b[i].font);
		free(b[i].lang);
		free(b[i].label_color);
		free(b[i].heading_color);
		free(b[i].url);
		free(b[i].only_if);
		free(b[i].unless);
		free_blocks(b[i].kids, b[i].n_kids);
	}
	free(b);
}

void pl_layout_free(pl_layout *l)
{
	if (!l)
		return;
	free(l->name);
	free(l->kind);
	free(l->description);
	free(l->path);
	free(l->theme);
	free(l->background);
	free(l->shape);
	free_blocks(l->blocks, l->n_blocks);
	pl_layout_free(l->back);
	free(l);
}

static int parse_size(ctx *c, const pl_node *n, pl_layout *l)
{
	char a[64], b[64];
	const char *v = n->kind == PL_NODE_SCALAR ? n->value : "";

	if (pl_page_size(v, &l->trim_w, &l->trim_h) == 0)
		return 0;
	l->px = strstr(v, "px") != NULL;
	/* "148mm x 210mm" or "5.5in x 8.5in" or "90 x 50" (mm) */
	const char *sep = strstr(v, " x ");
	int split = sep && (size_t)(sep - v) < sizeof a && strlen(sep + 3) < sizeof b;
	if (split) {
		/* "1080px x 1080px": the unit px holds an x of its own */
		memcpy(a, v, (size_t)(sep - v));
		a[sep - v] = '\0';
		snprintf(b, sizeof b, "%s", sep + 3);
	}
	if ((split || sscanf(v, "%63[^x ] x %63s", a, b) == 2) && pl_parse_length(a, 0, &l->trim_w) == 0 &&
	    pl_parse_length(b, 0, &l->trim_h) == 0 && l->trim_w > 0 && l->trim_h > 0) {
		if (!(l->trim_w <= PL_MAX_PAGE_MM * PL_MM_TO_PT && l->trim_h <= PL_MAX_PAGE_MM * PL_MM_TO_PT &&
		      l->trim_w >= PL_MIN_PAGE_MM * PL_MM_TO_PT && l->trim_h >= PL_MIN_PAGE_MM * PL_MM_TO_PT))
			return fail(c, n, "size", "size '%s' is outside what placard prints: each side from 5 mm to "
				    "5 m (a PDF page cannot be larger). For a bigger banner, use --tile.", v);
		return 0;
	}
	return fail(c, n, "size", "size '%s' is not known. Use a name (A3, A5, letter, tabloid, half-letter …) or WIDTH x HEIGHT, e.g. 90mm x 50mm.", v);
}

/* `back:` — the back of a double-sided design: a map with blocks (the same
 * keys as the front's) and optionally its own background colour. It shares
 * the front's size, bleed, safe margin, kind, theme and name. */
static int parse_back(ctx *c, const pl_node *n, pl_layout *front)
{
	pl_layout *b;
	const pl_node *blocks = n->kind == PL_NODE_MAP ? pl_node_get(n, "blocks") : NULL;
	pl_buf name = {0};

	if (!blocks)
		return fail(c, n, "back", "back: must hold the back's blocks, e.g. 'back:' then 'blocks:' indented "
			    "below it, with the same keys as the front's blocks.", NULL);
	if (front->shape)
		return fail(c, n, "back", "a sticker (a layout with a shape) has no back: stickers are printed on one "
			    "side. Remove back: or shape:.", NULL);
	for (size_t i = 0; i < n->n; i++)
		if (strcmp(n->kids[i]->key, "blocks") && strcmp(n->kids[i]->key, "background"))
			return fail(c, n->kids[i], n->kids[i]->key,
				    "unknown key '%s' under back:. The back takes blocks and background; its size, "
				    "bleed, safe margin and theme are the front's.", n->kids[i]->key);
	if (!(b = calloc(1, sizeof *b)))
		return fail(c, n, NULL, "out of memory.", NULL);
	front->back = b;
	b->is_back = true;
	pl_buf_printf(&name, "%s (back)", front->name);
	b->name = pl_buf_take(&name);
	b->kind = pl_strdup(front->kind);
	b->theme = pl_strdup(front->theme);
	b->description = front->description ? pl_strdup(front->description) : NULL;
	b->path = pl_strdup(front->path);
	b->background = pl_strdup(pl_node_str(n, "background") ? pl_node_str(n, "background") : front->background);
	if (!b->name || !b->kind || !b->theme || !b->path || !b->background)
		return fail(c, n, NULL, "out of memory.", NULL);
	b->trim_w = front->trim_w;
	b->trim_h = front->trim_h;
	b->bleed = front->bleed;
	b->safe = front->safe;
	return parse_blocks(c, blocks, &b->blocks, &b->n_blocks, false);
}

static char *find_file(const char *datadir, const char *sub, const char *name)
{
	pl_buf b = {0};

	pl_buf_printf(&b, "%s/%s/%s.yaml", datadir, sub, name);
	return pl_buf_take(&b);
}

static pl_layout *layout_from_tree(char *path, pl_node *root, pl_error *err);

pl_layout *pl_layout_load(const char *datadir, const char *name_or_path, pl_error *err)
{
	bool is_path = strchr(name_or_path, '/') || strstr(name_or_path, ".yaml") || strstr(name_or_path, ".yml");
	char *path = is_path ? pl_strdup(name_or_path) : find_file(datadir, "layouts", name_or_path);
	pl_node *root;

	if (!path) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	if (!is_path && access(path, R_OK) != 0) {
		char **names = pl_layout_list(datadir);
		pl_buf list = {0};
		for (size_t i = 0; names && names[i]; i++) {
			pl_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
			free(names[i]);
		}
		free(names);
		pl_error_set(err, PL_EUSAGE, "there is no built-in layout called '%s'. Built-in layouts: %s (or give the path of a layout file).",
			     name_or_path, list.s ? list.s : "none found");
		pl_buf_free(&list);
		free(path);
		return NULL;
	}
	root = pl_yaml_load(path, err);
	if (!root) {
		free(path);
		return NULL;
	}
	return layout_from_tree(path, root, err);
}

pl_layout *pl_layout_parse(const char *name, const char *buf, size_t len, pl_error *err)
{
	char *path = pl_strdup(name ? name : "layout");
	pl_node *root;

	if (!path) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	if (!(root = pl_yaml_parse(path, buf, len, err))) {
		free(path);
		return NULL;
	}
	return layout_from_tree(path, root, err);
}

/* The layout in a parsed tree; takes ownership of path and root. */
static pl_layout *layout_from_tree(char *path, pl_node *root, pl_error *err)
{
	pl_layout *l;
	ctx c = {0};
	const pl_node *n, *back = NULL;

	l = calloc(1, sizeof *l);
	c.file = path;
	c.err = err;
	if (!l)
		goto oom;
	l->path = path;
	if (root->kind != PL_NODE_MAP) {
		fail(&c, root, NULL, "a layout file must be a map with size and blocks.", NULL);
		goto bad;
	}
	n = pl_node_get(root, "size");
	if (!n) {
		fail(&c, root, "size", "the layout has no 'size'. Add e.g. 'size: A5' or 'size: 90mm x 50mm'.", NULL);
		goto bad;
	}
	if (parse_size(&c, n, l))
		goto bad;
	c.W = l->trim_w;
	c.H = l->trim_h;
	l->bleed = PL_DEFAULT_BLEED_MM * PL_MM_TO_PT;
	l->safe = 5 * PL_MM_TO_PT;
	for (size_t i = 0; i < root->n; i++) {
		const pl_node *v = root->kids[i];
		const char *k = v->key;
		int r = 0;

		if (!strcmp(k, "size"))
			continue;
		else if (!strcmp(k, "name"))
			r = str_of(&c, v, k, &l->name);
		else if (!strcmp(k, "kind"))
			r = str_of(&c, v, k, &l->kind);
		else if (!strcmp(k, "description"))
			r = str_of(&c, v, k, &l->description);
		else if (!strcmp(k, "theme"))
			r = str_of(&c, v, k, &l->theme);
		else if (!strcmp(k, "background"))
			r = str_of(&c, v, k, &l->background);
		else if (!strcmp(k, "shape")) {
			r = str_of(&c, v, k, &l->shape);
			if (!r && strcmp(l->shape, "circle") && strcmp(l->shape, "rect") &&
			    strcmp(l->shape, "square") && strcmp(l->shape, "rounded"))
				r = fail(&c, v, k, "shape '%s' is not known. Use circle, square, rounded or rect.", l->shape);
		} else if (!strcmp(k, "radius"))
			r = len_of(&c, v, k, c.W, &l->shape_radius);
		else if (!strcmp(k, "bleed"))
			r = len_of(&c, v, k, c.W, &l->bleed);
		else if (!strcmp(k, "safe"))
			r = len_of(&c, v, k, c.W, &l->safe);
		else if (!strcmp(k, "distance")) {
			r = len_of(&c, v, k, c.W, &l->distance);
			if (!r && l->distance < 0)
				r = fail(&c, v, k, "distance is how far away the page is read, e.g. 3m.", NULL);
		}
		else if (!strcmp(k, "blocks"))
			r = parse_blocks(&c, v, &l->blocks, &l->n_blocks, false);
		else if (!strcmp(k, "back"))
			back = v; /* read once the front is known */
		else
			r = fail(&c, v, k, "unknown key '%s' in the layout. Known keys: name, kind, description, size, bleed, safe, distance, theme, background, shape, radius, blocks, back.", k);
		if (r)
			goto bad;
	}
	if (!l->name) {
		const char *base = strrchr(path, '/');
		char *dot;
		l->name = pl_strdup(base ? base + 1 : path);
		if (l->name && (dot = strrchr(l->name, '.')))
			*dot = '\0';
	}
	if (!l->kind)
		l->kind = pl_strdup("poster");
	if (!l->theme)
		l->theme = pl_strdup("ember");
	if (!l->background)
		l->background = pl_strdup("paper");
	if (!l->name || !l->kind || !l->theme || !l->background)
		goto oom;
	if (back && parse_back(&c, back, l))
		goto bad;
	pl_node_free(root);
	return l;
oom:
	pl_error_set(err, PL_ENOMEM, "out of memory.");
bad:
	if (!l)
		free(path);
	pl_layout_free(l);
	pl_node_free(root);
	return NULL;
}

/* The YAML files' names in datadir/sub. */
static char **list_in(const char *datadir, const char *sub)
{
	pl_buf p = {0};
	char **v;

	pl_buf_printf(&p, "%s/%s", datadir, sub);
	v = p.s ? pl_list_yaml(p.s) : NULL;
	pl_buf_free(&p);
	return v;
}

char **pl_layout_list(const char *datadir)
{
	return list_in(datadir, "layouts");
}

char **pl_theme_list(const char *datadir)
{
	return list_in(datadir, "assets/themes");
}

/* ---- themes ---- */
