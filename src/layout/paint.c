/* paint.c — each kind of block drawn where the engine placed it: text,
 * pictures, QR codes with their label, shapes; colours from the theme; and
 * what each puts on the page noted (items.h) for preflight, with the
 * geometry dump the tests read. */
#include "layout/page_int.h"
#include "base/config.h"
#include "data/derive.h"
#include "draw/qrlabel.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ---- drawing helpers ---- */

static bool color(page *p, const char *spec, double rgb[3])
{
	if (pl_theme_color(p->theme, spec, rgb))
		return true;
	if (spec) {
		char msg[160];
		snprintf(msg, sizeof msg, "colour '%s' is neither a theme colour, #rrggbb nor cmyk(C, M, Y, K); black is used", spec);
		page_finding(p, PL_EFINDING, NULL, "%s. Fix the layout or the theme.", msg);
	}
	rgb[0] = rgb[1] = rgb[2] = 0;
	return false;
}

/* A cmyk(…) colour's placeholder (page.h): its likeness cut to 1/100,
 * plus its number (1 …) in steps of 2/100000 of red — more than cairo's
 * 16-bit colours tell apart (1/65535), which it uses to skip a colour it
 * thinks is already set. */
static void placeholder(pl_page_ctx *pc, const double ink[4], double rgb[3])
{
	size_t i;

	for (i = 0; i < pc->n_cmyk; i++)
		if (!memcmp(pc->cmyk_map + 7 * i + 3, ink, 4 * sizeof(double))) {
			memcpy(rgb, pc->cmyk_map + 7 * i, 3 * sizeof(double));
			return;
		}
	if (i == PL_PAGE_MAX_CMYK)
		return; /* more than that: the rest print as their likeness */
	for (int k = 0; k < 3; k++)
		rgb[k] = fmin(floor(rgb[k] * 100), 98) / 100;
	rgb[0] += (double)(i + 1) * 2e-5;
	memcpy(pc->cmyk_map + 7 * i, rgb, 3 * sizeof(double));
	memcpy(pc->cmyk_map + 7 * i + 3, ink, 4 * sizeof(double));
	pc->n_cmyk++;
}

/* The RGB to give cairo for spec: its colour, or its placeholder. */
static void draw_color(page *p, const char *spec, double rgb[3])
{
	double ink[4];

	color(p, spec, rgb);
	if (p->pc->opts.cmyk_colors && pl_theme_cmyk(p->theme, spec, ink))
		placeholder(p->pc, ink, rgb);
}

void page_set_color(page *p, const char *spec)
{
	double rgb[3];

	draw_color(p, spec, rgb);
	cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
}

const double *pl_page_cmyk_map(const pl_page_ctx *pc, size_t *n)
{
	*n = pc->n_cmyk;
	return pc->cmyk_map;
}

const char *page_family(page *p, const pl_block *b)
{
	if (!b->font || !strcmp(b->font, "text"))
		return p->theme->font_text;
	if (!strcmp(b->font, "display"))
		return p->theme->font_display;
	return b->font; /* a fontconfig family or role named directly */
}

void page_dump(page *p, const char *what, const pl_block *b, double x, double y, double w, double h,
		 const char *extra)
{
	if (!p->dump)
		return;
	pl_buf_printf(p->dump, "%s line %d: x=%.1f y=%.1f w=%.1f h=%.1f mm%s%s\n", what, b->line,
		      x / PL_MM_TO_PT, y / PL_MM_TO_PT, w / PL_MM_TO_PT, h / PL_MM_TO_PT,
		      extra ? " " : "", extra ? extra : "");
}

/* Preflight: note what was drawn (preflight.h); a no-op unless collecting. */
void page_note(page *p, pl_item_kind kind, const pl_block *b, const char *field, double x, double y,
		 double w, double h, const char *color_spec, pl_page_item *it, const char *url)
{
	pl_page_item tmp;

	if (!p->pc->items)
		return;
	if (!it) {
		memset(&tmp, 0, sizeof tmp);
		it = &tmp;
	}
	it->kind = kind;
	it->line = b ? b->line : 0;
	snprintf(it->field, sizeof it->field, "%s", field ? field : "");
	it->box[0] = x;
	it->box[1] = y;
	it->box[2] = w;
	it->box[3] = h;
	/* No colour named: keep it->rgb (black for tmp and for text without
	 * a colour, as color() draws it). */
	if (color_spec && !pl_theme_color(p->theme, color_spec, it->rgb))
		it->rgb[0] = it->rgb[1] = it->rgb[2] = 0; /* what color() draws */
	pl_page_items_add(p->pc->items, it, url);
}

/* A text's ink box on the page, cut to its box when it did not fit. */
static void note_text(page *p, const pl_block *b, const char *field, PangoLayout *layout, double size_pt,
		      int weight, bool clipped, double x, double ty, const double box[4], const char *color_spec)
{
	pl_page_item it = {0};
	PangoRectangle ink;
	double x0, y0, x1, y1;
	const char *t;
	size_t n;

	if (!p->pc->items)
		return;
	pango_layout_get_extents(layout, &ink, NULL);
	if (ink.width <= 0 || ink.height <= 0)
		return;
	x0 = x + (double)ink.x / PANGO_SCALE;
	y0 = ty + (double)ink.y / PANGO_SCALE;
	x1 = x0 + (double)ink.width / PANGO_SCALE;
	y1 = y0 + (double)ink.height / PANGO_SCALE;
	if (clipped) {
		x0 = fmax(x0, box[0]);
		y0 = fmax(y0, box[1]);
		x1 = fmin(x1, box[0] + box[2]);
		y1 = fmin(y1, box[1] + box[3]);
	}
	it.size_pt = size_pt;
	it.weight = weight;
	it.clipped = clipped;
	t = pango_layout_get_text(layout);
	n = strlen(t);
	if (n >= sizeof it.excerpt) {
		n = sizeof it.excerpt - 4;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--; /* never cut inside a UTF-8 character */
		memcpy(it.excerpt, t, n);
		memcpy(it.excerpt + n, "…", sizeof "…");
	} else {
		memcpy(it.excerpt, t, n + 1);
	}
	page_note(p, PL_ITEM_TEXT, b, field, x0, y0, fmax(0, x1 - x0), fmax(0, y1 - y0), color_spec, &it, NULL);
}

/* Block box, mirrored for right-to-left primary languages when asked. */
void page_block_box(page *p, const pl_block *b, double *x, double *y, double *w, double *h)
{
	*x = b->x;
	*y = b->y;
	*w = b->w;
	*h = b->h;
	if (b->mirror && p->rtl)
		*x = p->pc->layout->trim_w - b->x - b->w;
}

/* A shape's box grown into the bleed on every side that touches the trim. */
static void bleed_box(page *p, const pl_block *b, double *x, double *y, double *w, double *h)
{
	const pl_layout *l = p->pc->layout;
	double bl = p->pc->opts.bleed + 0.5, eps = 0.01;

	if (!b->bleed)
		return;
	if (*x <= eps) {
		*w += *x + bl;
		*x = -bl;
	}
	if (*y <= eps) {
		*h += *y + bl;
		*y = -bl;
	}
	if (*x + *w >= l->trim_w - eps)
		*w = l->trim_w + bl - *x;
	if (*y + *h >= l->trim_h - eps)
		*h = l->trim_h + bl - *y;
}

void page_rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	if (r <= 0) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	r = fmin(r, fmin(w, h) / 2);
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
	cairo_close_path(cr);
}

static void fill_stroke(page *p, const pl_block *b)
{
	cairo_t *cr = p->cr;

	if (b->fill) {
		double rgb[3];
		draw_color(p, b->fill, rgb);
		cairo_set_source_rgba(cr, rgb[0], rgb[1], rgb[2], b->opacity);
		if (b->stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (b->stroke) {
		double x0, y0, x1, y1;
		pl_page_item it = {.size_pt = b->stroke_w};
		page_set_color(p, b->stroke);
		cairo_set_line_width(cr, b->stroke_w);
		cairo_stroke_extents(cr, &x0, &y0, &x1, &y1);
		cairo_stroke(cr);
		page_note(p, PL_ITEM_LINE, b, NULL, x0, y0, x1 - x0, y1 - y0, b->stroke, &it, NULL);
	}
	cairo_new_path(cr);
}

static void draw_text(page *p, const pl_block *b, measured *m, double x, double y, double w, double h)
{
	double ty = y;
	char extra[96];

	if (b->valign == 0)
		ty = y + (h - m->fit.height) / 2;
	else if (b->valign == 1)
		ty = y + h - m->fit.height;
	cairo_save(p->cr);
	if (!m->fit.fits) {
		cairo_rectangle(p->cr, x, y, w, h);
		cairo_clip(p->cr);
	}
	page_set_color(p, b->fill);
	(p->theme->emoji_grey ? pl_text_draw_grey : pl_text_draw)(p->cr, m->fit.layout, x, ty);
	cairo_restore(p->cr);
	{
		double box[4] = {x, y, w, h};
		note_text(p, b, m->field, m->fit.layout, m->fit.size_pt, b->weight, !m->fit.fits, x, ty, box, b->fill);
	}
	snprintf(extra, sizeof extra, "size=%.2f%s%s used_h=%.1f", m->fit.size_pt, m->fit.fits ? "" : " OVERFLOW",
		 m->fit.rtl ? " rtl" : "", m->fit.height / PL_MM_TO_PT);
	page_dump(p, "text", b, x, y, w, h, extra);
}

/* An image's colours as printed over (x0, y0)–(x1, y1), averaged into a
 * grid of cells about 10 mm wide (at most 32 × 32), over white: what
 * preflight measures text contrast against. NULL when out of memory. */
#define GRID_SUB 4 /* samples per cell and side */
static unsigned char *image_grid(const pl_image *img, const double box[4], int ha, int valign, int cover,
				 const double area[4], int *gw, int *gh)
{
	int w = (int)fmin(32, fmax(1, ceil(area[2] / (10 * PL_MM_TO_PT))));
	int h = (int)fmin(32, fmax(1, ceil(area[3] / (10 * PL_MM_TO_PT))));
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w * GRID_SUB, h * GRID_SUB);
	unsigned char *grid = malloc((size_t)w * (size_t)h * 3), *px;
	cairo_t *cr = cairo_create(s);
	pl_error ignore = {0};
	int stride;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, w * GRID_SUB / area[2], h * GRID_SUB / area[3]);
	cairo_translate(cr, -area[0], -area[1]);
	pl_image_draw(img, cr, box[0], box[1], box[2], box[3], ha, valign, cover, NULL, &ignore);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (int gy = 0; grid && px && gy < h; gy++)
		for (int gx = 0; gx < w; gx++) {
			unsigned sum[3] = {0, 0, 0};
			for (int sy = 0; sy < GRID_SUB; sy++) {
				const uint32_t *row = (const uint32_t *)(px + (size_t)(gy * GRID_SUB + sy) * (size_t)stride);
				for (int sx = 0; sx < GRID_SUB; sx++) {
					uint32_t v = row[gx * GRID_SUB + sx];
					sum[0] += (v >> 16) & 0xff;
					sum[1] += (v >> 8) & 0xff;
					sum[2] += v & 0xff;
				}
			}
			for (int c = 0; c < 3; c++)
				grid[((size_t)gy * (size_t)w + (size_t)gx) * 3 + (size_t)c] =
					(unsigned char)(sum[c] / (GRID_SUB * GRID_SUB));
		}
	cairo_surface_destroy(s);
	*gw = w;
	*gh = h;
	return grid;
}

static void draw_image(page *p, const pl_block *b, measured *m, double x, double y, double w, double h)
{
	int ha = b->align == PL_ALIGN_CENTER ? 0 : b->align == PL_ALIGN_END ? 1 : -1;
	double out[4];
	pl_error ignore = {0};

	if (p->rtl)
		ha = -ha;
	bleed_box(p, b, &x, &y, &w, &h);
	pl_image_draw(m->img, p->cr, x, y, w, h, ha, b->valign, b->cover, out, &ignore);
	page_dump(p, "image", b, out[0], out[1], out[2], out[3], NULL);
	if (p->pc->items) {
		pl_page_item it = {.dpi = pl_image_dpi(m->img, out[2]), .bleeds = b->bleed};
		/* A covering image is cut to its box: only that part prints. */
		double x0 = b->cover ? fmax(out[0], x) : out[0], y0 = b->cover ? fmax(out[1], y) : out[1];
		double x1 = b->cover ? fmin(out[0] + out[2], x + w) : out[0] + out[2];
		double y1 = b->cover ? fmin(out[1] + out[3], y + h) : out[1] + out[3];
		double box[4] = {x, y, w, h}, area[4] = {x0, y0, x1 - x0, y1 - y0};
		if (area[2] > 0 && area[3] > 0)
			it.grid = image_grid(m->img, box, ha, b->valign, b->cover, area, &it.grid_w, &it.grid_h);
		page_note(p, PL_ITEM_IMAGE, b, m->field ? m->field : "image", x0, y0, x1 - x0, y1 - y0, NULL, &it, NULL);
	}
}

/* A QR block's error-correction level: H with a logo, else the layout's,
 * the record's qr.ec, or M. */
char page_block_ec(const pl_block *b, const pl_record *rec)
{
	const char *ec_s = pl_record_get(rec, "qr.ec");
	char *logo = page_qr_logo(b, rec, NULL);

	if (logo) {
		free(logo);
		return 'H'; /* a logo hides part of the code: the most error correction */
	}
	return b->ec ? b->ec : ec_s && *ec_s ? (char)toupper((unsigned char)*ec_s) : 'M';
}

/* The code for url at level ec, encoded once for consecutive uses; owned
 * by the context. NULL with p->err set when it cannot be encoded. */
pl_qr *page_qr_for(page *p, const char *url, char ec)
{
	pl_page_ctx *pc = p->pc;
	char *copy;
	pl_qr *q;

	for (size_t i = 0; pc->ready && i < pc->ready->n_qr; i++)
		if (pc->ready->qr[i].ec == ec && !strcmp(pc->ready->qr[i].url, url))
			return pc->ready->qr[i].q;
	if (pc->qr && pc->qr_ec == ec && !strcmp(pc->qr_url, url))
		return pc->qr;
	q = pl_qr_new(url, ec, p->err);
	if (!q)
		return NULL;
	if (!(copy = pl_strdup(url))) {
		pl_qr_free(q);
		pl_error_set(p->err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	pl_qr_free(pc->qr);
	free(pc->qr_url);
	pc->qr = q;
	pc->qr_url = copy;
	pc->qr_ec = ec;
	return q;
}

/* The label's smallest size: a 5 pt sans is still read from arm's length. */
#define LABEL_MIN_PT 5.0
/* A two-line label may take room from the code while the code keeps this
 * share of its size and modules of at least this many mm. */
#define LABEL_KEEP_SIDE 0.85
#define LABEL_KEEP_MODULE_MM 0.45

/* s without its line breaks, for a message. */
static void one_line(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; *s && j + 1 < n; s++)
		out[j++] = *s == '\n' ? ' ' : *s;
	out[j] = '\0';
	/* "host/\nrest" reads "host/ rest": the break after "/" takes no space */
	for (char *q = out; (q = strstr(q, "/ ")); )
		memmove(q + 1, q + 2, strlen(q + 2) + 1);
}

/* Fit the url_label under code q in the block's box w × h: its height and
 * the code's side come back in *label_h and *side. Shortening it is a note
 * for the label placard made, a warning for the one the record gives. */
static int qr_label(page *p, pl_qr *q, const char *label, double w, double h, double *side, double *label_h,
		    pl_label *lab)
{
	pl_text_style st = {.family = p->theme->font_text, .weight = 400, .align = PL_ALIGN_CENTER, .lang = "en"};
	double h1 = fmax(8, fmin(w, h) * 0.1), h2, side1, keep;
	char *mine = pl_label_for_url(pl_record_get(p->rec, "url"));
	bool own = !mine || !pl_streq(mine, label);
	char shown[256], asked[256];

	free(mine);
	if (h1 > h - 20)
		return 0; /* a box with no room under the code: no label */
	side1 = fmin(w, h - h1);
	/* 14 pt under a hand-held code; a banner's code (over about 10 cm)
	 * gets a label that grows with it, read from as far as the code. */
	st.max_pt = fmin(fmax(14, w * 0.04), h1 * 0.75);
	st.min_pt = fmin(LABEL_MIN_PT, st.max_pt);
	/* Room for two lines, taken from the code only as far as it can spare. */
	keep = fmax(side1 * LABEL_KEEP_SIDE,
		    LABEL_KEEP_MODULE_MM * PL_MM_TO_PT * side1 / pl_qr_module(q, side1));
	h2 = fmin(h - keep, 2.4 * st.max_pt);
	if (h2 < 2.3 * st.min_pt)
		h2 = 0;
	if (pl_label_fit(p->pc->fonts, label, &st, w, h1, h2, lab, p->err))
		return -1;
	*label_h = lab->lines == 2 ? fmax(h1, h2) : h1;
	if (!lab->fit.layout)
		*label_h = 0;
	*side = fmin(w, h - *label_h);
	one_line(lab->printed ? lab->printed : "", shown, sizeof shown);
	snprintf(asked, sizeof asked, "%s", label);
	if (lab->cut && lab->fit.layout && own)
		page_finding(p, PL_EWARN, "url_label",
			"the url_label \"%s\" is too long to print whole under the QR code, so it is printed as \"%s\". Shorten url_label, or choose a layout with a larger code.",
			asked, shown);
	else if (lab->cut && lab->fit.layout)
		page_finding(p, PL_ENOTE, "url_label",
			"the link under the QR code is printed shortened, as \"%s\", to fit; the code itself opens the whole link. Set url_label to print something else.",
			shown);
	else if (lab->cut && own)
		page_finding(p, PL_EWARN, "url_label",
			"the url_label \"%s\" does not fit under the QR code even cut short, so none is printed. Shorten url_label, or choose a layout with a larger code.",
			asked);
	else if (lab->cut)
		page_finding(p, PL_ENOTE, "url_label",
			"the link \"%s\" does not fit under the QR code even cut short, so none is printed; the code itself opens the whole link. Set a short url_label to print one.",
			asked);
	if (lab->fit.layout && lab->fit.unknown_glyphs)
		page_finding(p, PL_EFINDING, "url_label",
			"the QR label has %s, which no font in placard's set can print. Set a url_label without it.",
			lab->fit.missing_list);
	return 0;
}

/* A QR code's view (page.c, qr_view) is drawn in region mode: the label
 * under the code is drawn there only when its ink reaches the region, and
 * only then does the region need fonts; a label below the code's quiet
 * zone leaves the view plain paths, which the second core can paint. */
static bool label_in_region(page *p, PangoLayout *l, double x, double y)
{
	const double *r = p->pc->region;
	PangoRectangle ink;
	double ix, iy, slack = 0.5;

	if (!p->pc->has_region)
		return true;
	pango_layout_get_extents(l, &ink, NULL);
	ix = x + ink.x / (double)PANGO_SCALE;
	iy = y + ink.y / (double)PANGO_SCALE;
	if (!(ix - slack < r[0] + r[2] && ix + ink.width / (double)PANGO_SCALE + slack > r[0] &&
	      iy - slack < r[1] + r[3] && iy + ink.height / (double)PANGO_SCALE + slack > r[1]))
		return false;
	p->pc->region_fonts = true;
	return true;
}

/* The pad, in modules, of the logo in code q (0: none), shrunk to the cap
 * with a note, or left out with a warning when the code cannot hold one. */
static int logo_pad(page *p, const pl_block *b, const measured *m, pl_qr *q)
{
	int w = pl_qr_width(q), cap = pl_qr_logo_cap(q), want;
	const char *field = m->field ? m->field : "qr.logo";

	if (!m->img)
		return 0;
	if (!cap) {
		page_finding(p, PL_EWARN, field,
			"the QR code is too small (%d modules a side) to hold a logo, so it is printed without one. Use a longer link or drop the logo.",
			w);
		return 0;
	}
	want = b->logo_size > 0 ? (int)lround(b->logo_size * w) : cap;
	if ((want & 1) != (w & 1))
		want++;
	if (want < PL_QR_LOGO_MIN_PAD)
		want = PL_QR_LOGO_MIN_PAD;
	if (want > cap) {
		page_finding(p, PL_ENOTE, field,
			"the logo in the QR code is shrunk to %d of its %d modules (%.0f%% of the code's area with its light pad), the most a code can lose and still scan (layout line %d asks for %.0f%% of the width).",
			cap, w, 100.0 * cap * cap / ((double)w * w), b->line, b->logo_size * 100);
		want = cap;
	}
	return want;
}

static int draw_qr_of(page *p, const pl_block *b, const measured *m, const char *url, const char *label,
		      const char *style_s, char ec, double x, double y, double w, double h);

static bool same_str(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static int draw_qr(page *p, const pl_block *b, const measured *m, double x, double y, double w, double h)
{
	char *own_url, *own_label = NULL;
	const char *url = page_qr_url(p, b, &own_url);
	const char *label = pl_record_get(p->rec, "url_label");
	const char *style_s = pl_record_get(p->rec, "qr.style");
	char ec = page_block_ec(b, p->rec);
	int rc;

	if (!url)
		return 0; /* no url: the code drops out */
	if (own_url && !same_str(own_url, pl_record_get(p->rec, "qr_url"))) /* a code of its own: its own label */
		label = own_label = pl_label_for_url(own_url);
	rc = draw_qr_of(p, b, m, url, label, style_s, ec, x, y, w, h);
	free(own_url);
	free(own_label);
	return rc;
}

static int draw_qr_of(page *p, const pl_block *b, const measured *m, const char *url, const char *label,
		      const char *style_s, char ec, double x, double y, double w, double h)
{
	double side, label_h = 0, qx, qy, dark[3], light[3], module_mm;
	pl_qr_style style = PL_QR_SQUARE;
	pl_qr *q;
	pl_label lab = {0};
	char extra[160];
	int pad;

	q = page_qr_for(p, url, ec);
	if (!q) {
		pl_error_at(p->err, p->rec->source, 0, 0);
		pl_error_field(p->err, p->rec->index, "url");
		return -1;
	}
	if (pl_qr_style_of(!pl_str_empty(style_s) ? style_s : b->qr_style, &style))
		style = PL_QR_SQUARE; /* checked with the record and the layout */
	pad = logo_pad(p, b, m, q);
	side = fmin(w, h);
	if (b->label && !pl_str_empty(label) && qr_label(p, q, label, w, h, &side, &label_h, &lab))
		return -1;
	qx = x + (w - side) / 2;
	qy = y;
	color(p, b->fill, dark);
	if (!color(p, b->bg ? b->bg : "paper", light))
		light[0] = light[1] = light[2] = 1;
	pl_qr_draw_styled(q, p->cr, qx, qy, side, dark, light, style, pad);
	pl_link_area(p->cr, qx, qy, side, side, url);
	/* Its module size is checked by preflight.c, with the decoding. */
	module_mm = pl_qr_module(q, side) / PL_MM_TO_PT;
	if (p->pc->items) {
		pl_page_item it = {.module_mm = module_mm, .modules = pl_qr_width(q), .logo_pad = pad}, sq = {0};
		memcpy(sq.rgb, light, sizeof light);
		page_note(p, PL_ITEM_FILL, b, NULL, qx, qy, side, side, NULL, &sq, NULL);
		page_note(p, PL_ITEM_QR, b, "url", qx, qy, side, side, b->fill, &it, url);
	}
	if (pad > 0) {
		/* The logo inside its pad, a module of light paper around it. */
		double mod = pl_qr_module(q, side), out[4];
		double lx = qx + (PL_QR_QUIET_MODULES + (pl_qr_width(q) - pad) / 2 + 1) * mod;
		double ly = qy + (PL_QR_QUIET_MODULES + (pl_qr_width(q) - pad) / 2 + 1) * mod;
		pl_error ignore = {0};

		if (p->pc->has_region)
			p->pc->region_fonts = true; /* a picture: not plain paths */
		pl_image_draw(m->img, p->cr, lx, ly, (pad - 2) * mod, (pad - 2) * mod, 0, 0, 0, out, &ignore);
		if (p->pc->items) {
			pl_page_item it = {.dpi = pl_image_dpi(m->img, out[2])};
			page_note(p, PL_ITEM_IMAGE, b, m->field ? m->field : "qr.logo", out[0], out[1], out[2], out[3],
				  NULL, &it, NULL);
		}
	}
	if (lab.fit.layout && label_in_region(p, lab.fit.layout, x, qy + side + (label_h - lab.fit.height) / 2)) {
		double lrgb[3], box[4] = {x, qy + side, w, label_h};
		const char *spec = b->label_color ? b->label_color : b->fill;
		double ly = qy + side + (label_h - lab.fit.height) / 2;
		color(p, spec, lrgb);
		cairo_set_source_rgb(p->cr, lrgb[0], lrgb[1], lrgb[2]);
		pl_text_draw(p->cr, lab.fit.layout, x, ly);
		note_text(p, b, "url_label", lab.fit.layout, lab.fit.size_pt, 400, false, x, ly, box, spec);
	}
	snprintf(extra, sizeof extra,
		 "modules=%d module=%.2fmm ec=%c label_lines=%d label_size=%.2f style=%s logo=%d cap=%d",
		 pl_qr_width(q), module_mm, pl_qr_ec(q), lab.fit.layout ? lab.lines : 0,
		 lab.fit.layout ? lab.fit.size_pt : 0, pl_qr_style_name(style), pad, pl_qr_logo_cap(q));
	pl_label_free(&lab);
	page_dump(p, "qr", b, qx, qy, side, side, extra);
	return 0;
}

static void draw_shape(page *p, const pl_block *b, double x, double y, double w, double h)
{
	cairo_t *cr = p->cr;

	if (b->type == PL_BLOCK_LINE) {
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x + w, y + h);
		page_set_color(p, b->stroke ? b->stroke : b->fill);
		cairo_set_line_width(cr, b->stroke_w);
		cairo_stroke(cr);
		{
			pl_page_item it = {.size_pt = b->stroke_w};
			page_note(p, PL_ITEM_LINE, b, NULL, fmin(x, x + w), fmin(y, y + h), fabs(w), fabs(h),
				  b->stroke ? b->stroke : b->fill, &it, NULL);
		}
		page_dump(p, "line", b, x, y, w, h, NULL);
		return;
	}
	bleed_box(p, b, &x, &y, &w, &h);
	if (b->type == PL_BLOCK_CIRCLE) {
		cairo_save(cr);
		cairo_translate(cr, x + w / 2, y + h / 2);
		cairo_scale(cr, w / 2, h / 2);
		cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
		cairo_restore(cr);
	} else {
		page_rounded_rect(cr, x, y, w, h, b->radius);
	}
	fill_stroke(p, b);
	if (b->fill) {
		pl_page_item it = {.ellipse = b->type == PL_BLOCK_CIRCLE, .see_through = 1 - b->opacity};
		page_note(p, PL_ITEM_FILL, b, NULL, x, y, w, h, b->fill, &it, NULL);
	}
	page_dump(p, b->type == PL_BLOCK_CIRCLE ? "circle" : "rect", b, x, y, w, h, NULL);
}

int page_draw_block(page *p, const pl_block *b, measured *m, double x, double y, double w, double h)
{
	switch (b->type) {
	case PL_BLOCK_TEXT:
		draw_text(p, b, m, x, y, w, h);
		return 0;
	case PL_BLOCK_IMAGE:
		draw_image(p, b, m, x, y, w, h);
		return 0;
	case PL_BLOCK_QR:
		return draw_qr(p, b, m, x, y, w, h);
	default:
		draw_shape(p, b, x, y, w, h);
		return 0;
	}
}

/* Preflight's region mode: may block b, in box (x, y, w, h), paint there? */
bool page_in_region(page *p, const pl_block *b, double x, double y, double w, double h)
{
	const double *r = p->pc->region;
	double slack = 0.5 + b->stroke_w;

	if (!p->pc->has_region)
		return true;
	if (b->type == PL_BLOCK_LINE) {
		/* a line's box may have a negative width or height */
		x = fmin(x, x + w);
		y = fmin(y, y + h);
		w = fabs(w);
		h = fabs(h);
	}
	bleed_box(p, b, &x, &y, &w, &h);
	if (!(x - slack < r[0] + r[2] && x + w + slack > r[0] && y - slack < r[1] + r[3] &&
	      y + h + slack > r[1]))
		return false;
	/* Text, pictures and columns need fonts or decoders to paint: the
	 * region's drawing is then not plain paths (a QR code's label: see
	 * label_in_region). */
	if (b->type == PL_BLOCK_TEXT || b->type == PL_BLOCK_IMAGE || b->type == PL_BLOCK_COLUMN)
		p->pc->region_fonts = true;
	return true;
}
