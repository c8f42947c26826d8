/* sheet.c — imposition geometry; see sheet.h. Plain arithmetic on points,
 * plus the label-sheet table (assets/label-sheets.yaml, read through yaml.c). */
#include "print/sheet.h"
#include "base/config.h"
#include "layout/layout.h"
#include "base/util.h"
#include "data/yaml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EPS 0.01 /* points: rounding slack when a design "just fits" */

static double mm(double v) { return v * PL_MM_TO_PT; }

/* ---- label sheets ---- */

static int sheet_len(const pl_node *e, const char *key, const char *file, double *out, pl_error *err)
{
	const pl_node *n = pl_node_get(e, key);

	if (!n || n->kind != PL_NODE_SCALAR || pl_parse_length(n->value, 0, out) != 0 || *out <= 0) {
		pl_error_set(err, PL_EINPUT, "'%s' needs a length such as 63.5mm or 2.625in.", key);
		pl_error_at(err, file, n ? n->line : e->line, n ? n->col : e->col);
		return -1;
	}
	return 0;
}

static int sheet_int(const pl_node *e, const char *key, const char *file, int *out, pl_error *err)
{
	const char *v = pl_node_str(e, key);
	char *end = NULL;
	long x = v ? strtol(v, &end, 10) : 0;

	if (!v || *end || x < 1 || x > 100) {
		pl_error_set(err, PL_EINPUT, "'%s' needs a whole number between 1 and 100.", key);
		pl_error_at(err, file, e->line, e->col);
		return -1;
	}
	*out = (int)x;
	return 0;
}

int pl_label_sheet_find(const char *datadir, const char *name, pl_label_sheet *out, pl_error *err)
{
	pl_buf b = {0};
	char *path;
	pl_node *root;
	const pl_node *list;
	int rc = 0;

	pl_buf_printf(&b, "%s/assets/label-sheets.yaml", datadir);
	path = pl_buf_take(&b);
	if (!path) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	root = pl_yaml_load(path, err);
	if (!root) {
		free(path);
		return -1;
	}
	list = pl_node_get(root, "sheets");
	for (size_t i = 0; list && list->kind == PL_NODE_SEQ && i < list->n && rc == 0; i++) {
		const pl_node *e = list->kids[i];
		const char *nm = pl_node_str(e, "name"), *paper = pl_node_str(e, "paper");
		const char *shape = pl_node_str(e, "shape"), *product = pl_node_str(e, "product");
		if (!nm || strcasecmp(nm, name))
			continue;
		memset(out, 0, sizeof *out);
		snprintf(out->name, sizeof out->name, "%s", nm);
		snprintf(out->product, sizeof out->product, "%s", product ? product : nm);
		if (!paper || pl_page_size(paper, &out->paper_w, &out->paper_h) != 0) {
			pl_error_set(err, PL_EINPUT, "label sheet '%s' needs a paper size such as A4 or letter.", nm);
			pl_error_at(err, path, e->line, e->col);
			rc = -1;
			break;
		}
		out->round = shape && !strcasecmp(shape, "round");
		if (sheet_len(e, "width", path, &out->w, err) || sheet_len(e, "height", path, &out->h, err) ||
		    sheet_len(e, "left", path, &out->left, err) || sheet_len(e, "top", path, &out->top, err) ||
		    sheet_len(e, "pitch_x", path, &out->pitch_x, err) ||
		    sheet_len(e, "pitch_y", path, &out->pitch_y, err) ||
		    sheet_int(e, "columns", path, &out->cols, err) || sheet_int(e, "rows", path, &out->rows, err)) {
			rc = -1;
			break;
		}
		rc = 1;
	}
	pl_node_free(root);
	free(path);
	return rc;
}

/* ---- N-up on plain paper ---- */

/* How many footprints of fw × fh fit in a length with gaps. */
/* Room for cols × rows slots. */
static int alloc_slots(pl_sheet_plan *p, pl_error *err)
{
	p->n = (size_t)p->cols * (size_t)p->rows;
	p->slots = calloc(p->n, sizeof *p->slots);
	if (!p->slots) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	return 0;
}

static int fit_count(double avail, double f, double gap)
{
	if (f <= 0 || avail + EPS < f)
		return 0;
	return (int)floor((avail + gap + EPS) / (f + gap));
}

static int plan_paper(const pl_sheet_opts *o, const pl_sheet_item *it, double pw, double ph,
		      pl_sheet_plan *p, pl_error *err)
{
	bool sticker = it->kind && !strcmp(it->kind, "sticker");
	double gap = o->gap >= 0 ? o->gap : sticker ? mm(PL_SHEET_STICKER_GAP_MM) : 0;
	double margin = o->margin >= 0 ? o->margin : sticker ? mm(PL_SHEET_STICKER_MARGIN_MM) : 0;
	double aw = pw - 2 * margin, ah = ph - 2 * margin;
	int c0 = fit_count(aw, it->trim_w, gap), r0 = fit_count(ah, it->trim_h, gap);
	int c1 = fit_count(aw, it->trim_h, gap), r1 = fit_count(ah, it->trim_w, gap);
	double gw, gh, x0, y0;

	/* Turn the designs when that fits more on a sheet (two A5 on A4). */
	p->rotate = c1 * r1 > c0 * r0;
	p->cols = p->rotate ? c1 : c0;
	p->rows = p->rotate ? r1 : r0;
	p->foot_w = p->rotate ? it->trim_h : it->trim_w;
	p->foot_h = p->rotate ? it->trim_w : it->trim_h;
	if (p->cols * p->rows == 0) {
		pl_error_set(err, PL_EUSAGE,
			     "a %.0f × %.0f mm design does not fit on %s with %.0f mm margins. Choose larger paper with --sheet or a smaller --margin%s.",
			     it->trim_w / PL_MM_TO_PT, it->trim_h / PL_MM_TO_PT, o->paper, margin / PL_MM_TO_PT,
			     it->kind && !strcmp(it->kind, "poster") ? ", or split the poster into tiles with --tile A4" : "");
		return -1;
	}
	p->gap_x = p->gap_y = gap;
	p->cut_contour = sticker;
	p->cut_marks = !sticker;
	/* The grid is centred on the paper. */
	gw = p->cols * p->foot_w + (p->cols - 1) * gap;
	gh = p->rows * p->foot_h + (p->rows - 1) * gap;
	x0 = (pw - gw) / 2;
	y0 = (ph - gh) / 2;
	if (alloc_slots(p, err))
		return -1;
	for (int r = 0; r < p->rows; r++)
		for (int c = 0; c < p->cols; c++) {
			pl_slot *s = &p->slots[(size_t)r * (size_t)p->cols + (size_t)c];
			/* The bleed may run half way into a gap, or into the
			 * paper's margin, never onto a neighbour. */
			double half = gap / 2, b = it->bleed;
			double l = fmin(b, c ? half : x0), t = fmin(b, r ? half : y0);
			double rr = fmin(b, c < p->cols - 1 ? half : x0), bb = fmin(b, r < p->rows - 1 ? half : y0);
			s->x = x0 + c * (p->foot_w + gap);
			s->y = y0 + r * (p->foot_h + gap);
			s->clip_x = s->x - l;
			s->clip_y = s->y - t;
			s->clip_w = p->foot_w + l + rr;
			s->clip_h = p->foot_h + t + bb;
			s->clip_r = 0;
		}
	return 0;
}

/* ---- pre-cut label sheets ---- */

static int plan_labels(const pl_label_sheet *ls, const pl_sheet_item *it, pl_sheet_plan *p, pl_error *err)
{
	bool round_design = it->shape && !strcmp(it->shape, "circle");
	double dw = it->trim_w, dh = it->trim_h;
	double gx = ls->pitch_x - ls->w, gy = ls->pitch_y - ls->h;
	bool fits;

	if (ls->round) /* a round design fits by its diameter, a rectangle by its diagonal */
		fits = round_design ? fmax(dw, dh) <= ls->w + EPS : hypot(dw, dh) <= ls->w + EPS;
	else
		fits = dw <= ls->w + EPS && dh <= ls->h + EPS;
	p->rotate = !fits && !ls->round && dh <= ls->w + EPS && dw <= ls->h + EPS;
	if (!fits && !p->rotate) {
		pl_error_set(err, PL_EUSAGE,
			     "a %.1f × %.1f mm design does not fit in the %s labels of %s (%.1f × %.1f mm). Choose a smaller layout or another label sheet.",
			     dw / PL_MM_TO_PT, dh / PL_MM_TO_PT, ls->round ? "round" : "rectangular", ls->product,
			     ls->w / PL_MM_TO_PT, ls->h / PL_MM_TO_PT);
		return -1;
	}
	p->label = true;
	snprintf(p->label_name, sizeof p->label_name, "%s", ls->name);
	p->label_w = ls->w;
	p->label_h = ls->h;
	p->label_round = ls->round;
	p->paper_w = ls->paper_w;
	p->paper_h = ls->paper_h;
	p->foot_w = p->rotate ? dh : dw;
	p->foot_h = p->rotate ? dw : dh;
	p->cols = ls->cols;
	p->rows = ls->rows;
	p->gap_x = gx;
	p->gap_y = gy;
	if (alloc_slots(p, err))
		return -1;
	for (int r = 0; r < p->rows; r++)
		for (int c = 0; c < p->cols; c++) {
			pl_slot *s = &p->slots[(size_t)r * (size_t)p->cols + (size_t)c];
			double lx = ls->left + c * ls->pitch_x, ly = ls->top + r * ls->pitch_y;
			/* Print a little past the label onto the backing sheet
			 * that is peeled away, so a printer a hair off leaves
			 * no white edge — half the gap at most. */
			double ex = fmin(it->bleed, fmax(gx, 0) / 2), ey = fmin(it->bleed, fmax(gy, 0) / 2);
			double e = fmin(ex, ey);
			s->x = lx + (ls->w - p->foot_w) / 2;
			s->y = ly + (ls->h - p->foot_h) / 2;
			if (ls->round) {
				s->clip_x = lx - e;
				s->clip_y = ly - e;
				s->clip_w = ls->w + 2 * e;
				s->clip_h = ls->h + 2 * e;
				s->clip_r = s->clip_w / 2;
			} else {
				s->clip_x = lx - ex;
				s->clip_y = ly - ey;
				s->clip_w = ls->w + 2 * ex;
				s->clip_h = ls->h + 2 * ey;
				s->clip_r = 0;
			}
		}
	return 0;
}

int pl_sheet_plan_make(const char *datadir, const pl_sheet_opts *o, const pl_sheet_item *it,
		       pl_sheet_plan *p, pl_error *err)
{
	double pw, ph;
	pl_label_sheet ls;
	int found;

	memset(p, 0, sizeof *p);
	if (!strcasecmp(o->paper, "A3") || !strcasecmp(o->paper, "A4") || !strcasecmp(o->paper, "letter")) {
		pl_page_size(o->paper, &pw, &ph);
		p->paper_w = pw;
		p->paper_h = ph;
		return plan_paper(o, it, pw, ph, p, err);
	}
	found = pl_label_sheet_find(datadir, o->paper, &ls, err);
	if (found < 0)
		return -1;
	if (!found) {
		pl_error_set(err, PL_EUSAGE,
			     "--sheet '%s' is not a paper placard imposes on. Use A4, letter or A3, or a label sheet from assets/label-sheets.yaml such as avery-l7650 or avery-5163.",
			     o->paper);
		return -1;
	}
	return plan_labels(&ls, it, p, err);
}

void pl_sheet_plan_free(pl_sheet_plan *p)
{
	if (p) {
		free(p->slots);
		p->slots = NULL;
		p->n = 0;
	}
}

/* ---- tiles ---- */

static void tile_grid(double pw, double ph, double W, double H, double margin, double overlap,
		      pl_tile_plan *t)
{
	double aw = pw - 2 * margin, ah = ph - 2 * margin;

	t->paper_w = pw;
	t->paper_h = ph;
	t->margin = margin;
	t->win_w = fmin(aw, W);
	t->win_h = fmin(ah, H);
	/* As few tiles as the overlap allows; then the windows are spread
	 * evenly, so the overlap is at least what was asked for and the last
	 * tile is not a thin strip. */
	t->cols = W <= aw + EPS ? 1 : 1 + (int)ceil((W - aw - EPS) / (aw - overlap));
	t->rows = H <= ah + EPS ? 1 : 1 + (int)ceil((H - ah - EPS) / (ah - overlap));
	t->step_x = t->cols > 1 ? (W - t->win_w) / (t->cols - 1) : 0;
	t->step_y = t->rows > 1 ? (H - t->win_h) / (t->rows - 1) : 0;
}

int pl_tile_plan_make(const char *paper, double W, double H, double margin, double overlap,
		      pl_tile_plan *t, pl_error *err)
{
	double pw, ph;
	pl_tile_plan a, b;

	memset(t, 0, sizeof *t);
	if ((strcasecmp(paper, "A4") && strcasecmp(paper, "letter") && strcasecmp(paper, "A3")) ||
	    pl_page_size(paper, &pw, &ph) != 0) {
		pl_error_set(err, PL_EUSAGE, "--tile '%s' is not a paper placard tiles on. Use A4, letter or A3.", paper);
		return -1;
	}
	if (margin < 0 || 2 * margin + mm(20) > fmin(pw, ph) || overlap < 0 || overlap > fmin(pw, ph) - 2 * margin - mm(20)) {
		pl_error_set(err, PL_EUSAGE,
			     "the tile margin (%.0f mm) and overlap (%.0f mm) leave no room on %s. Use smaller --margin and --overlap values.",
			     margin / PL_MM_TO_PT, overlap / PL_MM_TO_PT, paper);
		return -1;
	}
	tile_grid(pw, ph, W, H, margin, overlap, &a);
	tile_grid(ph, pw, W, H, margin, overlap, &b); /* the paper turned */
	*t = b.cols * b.rows < a.cols * a.rows ? b : a;
	return 0;
}
