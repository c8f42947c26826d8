/* page.c — the layout engine's entry points (see page.h). Pipeline per
 * record: localize (--lang) → derive fields (data/derive.h) → theme
 * (layout's, --theme, record's own colours) → background into the bleed →
 * blocks in file order (engine.c measures and places, paint.c draws).
 * Coordinates are points with the origin at the trim's top-left corner. */
#include "layout/page_int.h"
#include "base/config.h"
#include "data/derive.h"
#include "data/lang.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pl_page_ctx *pl_page_ctx_new(const pl_layout *layout, pl_fonts *fonts, const pl_page_opts *opts,
			     pl_error *err)
{
	pl_page_ctx *pc = calloc(1, sizeof *pc);

	if (!pc) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	pc->layout = layout;
	pc->fonts = fonts;
	pc->opts = *opts;
	pc->theme = pl_theme_load(opts->datadir, opts->theme ? opts->theme : layout->theme, err);
	if (!pc->theme) {
		free(pc);
		return NULL;
	}
	return pc;
}

void pl_page_collect(pl_page_ctx *pc, pl_page_items *items)
{
	pc->items = items;
}

/* While a region (x, y, w, h in trim points) is set, draws skip the blocks
 * that cannot touch it: how a QR code's view is drawn (qr_view). */
static void set_region(pl_page_ctx *pc, const double region[4])
{
	pc->has_region = region != NULL;
	pc->region_fonts = false;
	if (region)
		memcpy(pc->region, region, sizeof pc->region);
}

/* After a draw in region mode: whether only paths and fills (shapes, the
 * code itself) were drawn there, no text and no picture. */
static bool region_plain(const pl_page_ctx *pc)
{
	return !pc->region_fonts;
}

void pl_page_use(pl_page_ctx *pc, const pl_page_ready *r)
{
	pc->ready = r;
}

void pl_page_ctx_free(pl_page_ctx *pc)
{
	if (!pc)
		return;
	for (size_t i = 0; i < pc->n_images; i++) {
		free(pc->images[i].path);
		pl_image_free(pc->images[i].img);
	}
	free(pc->images);
	pl_theme_free(pc->theme);
	pl_qr_free(pc->qr);
	free(pc->qr_url);
	free(pc);
}

const char *pl_page_title(const pl_record *rec)
{
	return pl_record_get(rec, "title");
}


/* The derived copy of `in`: the one made ready ahead (pl_page_use), or a
 * new one. Give it back with derived_done. */
static pl_record *derived_for(pl_page_ctx *pc, const pl_record *in)
{
	if (pc->ready && pc->ready->in == in)
		return pc->ready->rec;
	return pl_derive(in, pc->opts.lang, pc->opts.latin_digits, pc->layout->kind);
}

static void derived_done(pl_page_ctx *pc, pl_record *rec)
{
	if (!pc->ready || pc->ready->rec != rec)
		pl_record_free(rec);
}

/* ---- findings ---- */

void page_finding(page *p, pl_code code, const char *field, const char *fmt, ...)
{
	pl_error e = {0};
	va_list ap;
	const pl_field *f = NULL;
	char name[64];
	int n;

	if (!p->findings)
		return;
	e.code = code;
	/* a double-sided design's back says so */
	n = snprintf(e.msg, sizeof e.msg, "%s", p->pc->layout->is_back ? "on the back: " : "");
	va_start(ap, fmt);
	vsnprintf(e.msg + n, sizeof e.msg - (size_t)n, fmt, ap);
	va_end(ap);
	if (field) {
		snprintf(name, sizeof name, "%s", field);
		name[strcspn(name, "@")] = '\0';
		f = pl_record_find(p->rec, name, NULL);
		/* A field placard derived points at what it was made from. */
		if (f && !f->line && !strcmp(name, "url_label"))
			f = pl_record_find(p->rec, "url", NULL);
		if (f && !f->line)
			f = NULL;
		pl_error_field(&e, p->rec->index, field);
	} else {
		pl_error_field(&e, p->rec->index, NULL);
	}
	pl_error_at(&e, p->rec->source, f ? f->line : p->rec->line, f ? f->col : 0);
	pl_diag_add(p->findings, &e);
}

static int apply_record_theme(page *p)
{
	const pl_record *r = p->rec;
	const char *name = pl_record_get(r, "theme");
	bool own = false;

	for (size_t i = 0; i < r->n; i++)
		if (!r->fields[i].lang && !strncmp(r->fields[i].name, "theme.", 6))
			own = true;
	if (!own && (!name || p->pc->opts.theme))
		return 0;
	p->theme = pl_theme_load(p->pc->opts.datadir,
				 name && !p->pc->opts.theme ? name : p->pc->theme->name, p->err);
	if (!p->theme) {
		const pl_field *f = pl_record_find(r, "theme", NULL);
		pl_error_at(p->err, r->source, f ? f->line : 0, f ? f->col : 0);
		pl_error_field(p->err, r->index, "theme");
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		const pl_field *f = &r->fields[i];
		if (f->lang || strncmp(f->name, "theme.", 6))
			continue;
		if (pl_theme_set(p->theme, f->name + 6, f->value, p->err)) {
			pl_error_at(p->err, r->source, f->line, f->col);
			pl_error_field(p->err, r->index, f->name);
			return -1;
		}
	}
	return 0;
}

/* The area around QR item `it` drawn again, alone, at the resolution a
 * phone camera sees it from (draw/qr.h), into it->view: what preflight
 * decodes. The square already holds the 4-module quiet zone: a hair more
 * is enough, and keeps the re-draw to the blocks that touch the code.
 * -1 only when out of memory; a view that cannot be drawn stays NULL. */
static int qr_view(pl_page_ctx *pc, const pl_record *in, pl_page_item *it, pl_error *err)
{
	double side = it->box[2], pad = side * 0.02;
	double region[4] = {it->box[0] - pad, it->box[1] - pad, side + 2 * pad, side + 2 * pad};
	double s = pl_phone_px_per_mm(side / PL_MM_TO_PT) / PL_MM_TO_PT; /* pixels per point */
	int px = (int)ceil(region[2] * s);
	pl_page_items *items = pc->items;
	cairo_rectangle_t ext;
	cairo_surface_t *rec;
	cairo_t *cr;
	pl_error e = {0};
	bool drawn;

	px = px < 8 ? 8 : px > 8000 ? 8000 : px;
	ext = (cairo_rectangle_t){0, 0, px, px};
	rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cr = cairo_create(rec);
	cairo_scale(cr, s, s);
	cairo_translate(cr, -region[0], -region[1]);
	pc->items = NULL;
	set_region(pc, region);
	drawn = pl_page_draw(pc, cr, in, NULL, NULL, &e) == 0 && cairo_status(cr) == CAIRO_STATUS_SUCCESS;
	it->view_plain = region_plain(pc);
	set_region(pc, NULL);
	pc->items = items;
	cairo_destroy(cr);
	if (!drawn) {
		cairo_surface_destroy(rec);
		if (e.code == PL_ENOMEM) {
			*err = e;
			return -1;
		}
		return 0;
	}
	it->view = rec;
	it->view_px = px;
	return 0;
}

/* Whether the rectangle b (x, y, w, h) lies inside the rounded rectangle
 * (x, y, w, h, radius r): its four corners do, the shape being convex. */
static bool inside_rounded(const double b[4], double x, double y, double w, double h, double r)
{
	r = fmin(r, fmin(w, h) / 2);
	for (int i = 0; i < 4; i++) {
		double px = b[0] + (i & 1 ? b[2] : 0), py = b[1] + (i & 2 ? b[3] : 0);
		double cx = fmin(fmax(px, x + r), x + w - r), cy = fmin(fmax(py, y + r), y + h - r);
		if (px < x || py < y || px > x + w || py > y + h || hypot(px - cx, py - cy) > r)
			return false;
	}
	return true;
}

int pl_page_draw(pl_page_ctx *pc, cairo_t *cr, const pl_record *in, pl_diag *findings, pl_buf *dmp,
		 pl_error *err)
{
	size_t first_item = pc->items ? pc->items->n : 0;
	const pl_layout *l = pc->layout;
	page p = {.pc = pc, .cr = cr, .findings = findings, .dump = dmp, .err = err};
	double bl = pc->opts.bleed;
	int rc = 0;

	p.rec = derived_for(pc, in);
	if (!p.rec) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	p.theme = pc->theme;
	if (apply_record_theme(&p)) {
		derived_done(pc, p.rec);
		return -1;
	}
	p.rtl = pl_lang_is_rtl(pl_record_lang(p.rec));
	cairo_save(cr);
	if (l->shape) {
		/* Sticker: artwork clipped to its shape grown by the bleed (not
		 * in a preflight region wholly inside it: nothing to cut there,
		 * and a clip costs every fill a mask). */
		double r = !strcmp(l->shape, "circle") ? fmin(l->trim_w, l->trim_h) / 2 + bl
			   : !strcmp(l->shape, "rounded") ? l->shape_radius + bl : 0;
		if (!pc->has_region || !inside_rounded(pc->region, -bl, -bl, l->trim_w + 2 * bl, l->trim_h + 2 * bl, r)) {
			page_rounded_rect(cr, -bl, -bl, l->trim_w + 2 * bl, l->trim_h + 2 * bl, r);
			cairo_clip(cr);
		}
	}
	/* Background: the whole page, bleed included (within
	 * a sticker's shape). */
	page_set_color(&p, l->background);
	cairo_rectangle(cr, -bl - 50, -bl - 50, l->trim_w + 2 * bl + 100, l->trim_h + 2 * bl + 100);
	cairo_fill(cr);
	page_note(&p, PL_ITEM_FILL, NULL, NULL, -bl, -bl, l->trim_w + 2 * bl, l->trim_h + 2 * bl, l->background, NULL, NULL);
	for (size_t i = 0; i < l->n_blocks && rc == 0; i++) {
		const pl_block *b = &l->blocks[i];
		double x, y, w, h;
		measured m;

		page_block_box(&p, b, &x, &y, &w, &h);
		if (!page_in_region(&p, b, x, y, w, h) || !page_block_wanted(&p, b))
			continue;
		if (b->type == PL_BLOCK_COLUMN) {
			rc = page_draw_column(&p, b);
			continue;
		}
		if (b->type == PL_BLOCK_EVENTS) {
			rc = page_draw_events(&p, b);
			continue;
		}
		rc = page_measure(&p, b, w, h, &m);
		if (rc == 0)
			page_report_measured(&p, b, &m, NULL);
		if (rc == 0 && m.present)
			rc = page_draw_block(&p, b, &m, x, y, w, h);
		page_measured_free(&m);
	}
	cairo_restore(cr);
	free(p.list_buf);
	if (p.theme != pc->theme)
		pl_theme_free(p.theme);
	derived_done(pc, p.rec);
	/* What preflight will decode: each code as a phone would see it. */
	for (size_t i = first_item; rc == 0 && pc->items && !pc->has_region && i < pc->items->n; i++)
		if (pc->items->v[i].kind == PL_ITEM_QR && pc->items->v[i].url)
			rc = qr_view(pc, in, &pc->items->v[i], err);
	return rc;
}

/* A QR code that cannot be made is the record's url's fault: say where. */
static void url_error_at(const pl_record *rec, pl_error *err)
{
	const pl_field *f = pl_record_find(rec, "url", NULL);

	pl_error_at(err, rec->source, f ? f->line : 0, f ? f->col : 0);
	pl_error_field(err, rec->index, "url");
}

/* Everything that can make a record unrenderable, checked before any page is
 * drawn: its theme, its images, and whether its URL fits in a QR code. */
static int prepare_blocks(page *p, const pl_block *blocks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const pl_block *b = &blocks[i];
		if (b->type == PL_BLOCK_COLUMN) {
			if (prepare_blocks(p, b->kids, b->n_kids))
				return -1;
		} else if (b->type == PL_BLOCK_IMAGE) {
			measured m;
			int rc = page_measure(p, b, b->w, b->h, &m);
			page_measured_free(&m);
			if (rc)
				return -1;
		} else if (b->type == PL_BLOCK_QR) {
			char *own;
			const char *url = page_qr_url(p, b, &own);
			/* Encoded now and kept for the drawing (qr_for). */
			measured m;
			int rc;
			if (url && !page_qr_for(p, url, page_block_ec(b, p->rec))) {
				url_error_at(p->rec, p->err);
				free(own);
				return -1;
			}
			/* its logo, which must load */
			rc = url ? page_measure(p, b, b->w, b->h, &m) : 0;
			if (url)
				page_measured_free(&m);
			free(own);
			if (rc)
				return -1;
		}
	}
	return 0;
}

int pl_page_prepare(pl_page_ctx *pc, const pl_record *in, pl_error *err)
{
	page p = {.pc = pc, .err = err};
	int rc;

	p.rec = derived_for(pc, in);
	if (!p.rec) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	p.theme = pc->theme;
	rc = apply_record_theme(&p);
	if (rc == 0)
		rc = prepare_blocks(&p, pc->layout->blocks, pc->layout->n_blocks);
	if (p.theme != pc->theme)
		pl_theme_free(p.theme);
	derived_done(pc, p.rec);
	return rc;
}

/* ---- records made ready ahead (page.h) ---- */

/* Encode the code of every QR block (columns included) into r. */
static int ready_codes(pl_page_ready *r, const pl_block *blocks, size_t n, pl_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const pl_block *b = &blocks[i];
		const char *url;
		char ec;
		bool have = false;

		if (b->type == PL_BLOCK_COLUMN) {
			if (ready_codes(r, b->kids, b->n_kids, err))
				return -1;
			continue;
		}
		if (b->type != PL_BLOCK_QR || b->url || !(url = pl_record_get(r->rec, "qr_url")))
			continue; /* a code of its own (url:) is encoded when drawn */
		ec = page_block_ec(b, r->rec);
		for (size_t k = 0; k < r->n_qr && !have; k++)
			have = r->qr[k].ec == ec && !strcmp(r->qr[k].url, url);
		if (have || r->n_qr == PL_READY_MAX_QR)
			continue; /* more levels than that: encoded when drawn */
		r->qr[r->n_qr].q = pl_qr_new(url, ec, err);
		if (!r->qr[r->n_qr].q) {
			url_error_at(r->rec, err);
			return -1;
		}
		r->qr[r->n_qr].ec = ec;
		if (r->opts_qr_ops)
			pl_qr_compress_ops(r->qr[r->n_qr].q); /* else written as text */
		if (!(r->qr[r->n_qr++].url = pl_strdup(url))) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
	}
	return 0;
}

pl_page_ready *pl_page_ready_new(const pl_layout *layout, const pl_page_opts *opts, const pl_record *in,
				 pl_error *err)
{
	pl_page_ready *r = calloc(1, sizeof *r);

	if (!r || !(r->rec = pl_derive(in, opts->lang, opts->latin_digits, layout->kind))) {
		free(r);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	r->in = in;
	r->opts_qr_ops = opts->qr_ops;
	if (ready_codes(r, layout->blocks, layout->n_blocks, err)) {
		pl_page_ready_free(r);
		return NULL;
	}
	return r;
}

void pl_page_ready_free(pl_page_ready *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_qr; i++) {
		free(r->qr[i].url);
		pl_qr_free(r->qr[i].q);
	}
	pl_record_free(r->rec);
	free(r);
}
