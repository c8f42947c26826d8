/* duplex.c — backs in register with their fronts (see duplex.h). */
#include "print/duplex.h"
#include "base/config.h"
#include "layout/layout.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static double mm(double v) { return v * PL_MM_TO_PT; }

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	pl_buf *b = closure;

	pl_buf_add(b, (const char *)data, len);
	return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

void pl_duplex_sheet(cairo_t *cr, double paper_w, double paper_h, const pl_impose_opts *o)
{
	cairo_matrix_t m;

	cairo_translate(cr, o->back_x, o->back_y);
	if (o->duplex_short) /* turned over the top edge: y -> H - y */
		cairo_matrix_init(&m, 1, 0, 0, -1, 0, paper_h);
	else /* turned over the side: x -> W - x */
		cairo_matrix_init(&m, -1, 0, 0, 1, paper_w, 0);
	cairo_transform(cr, &m);
}

void pl_duplex_design(cairo_t *cr, double page_w)
{
	cairo_matrix_t m;

	cairo_matrix_init(&m, -1, 0, 0, 1, page_w, 0);
	cairo_transform(cr, &m);
}

void pl_duplex_slot(const pl_impose *im, const pl_impose_opts *o, cairo_t *cr, size_t k, double page_w)
{
	const pl_sheet_plan *p = pl_impose_stream_plan(im);

	pl_duplex_sheet(cr, p->paper_w, p->paper_h, o);
	pl_impose_slot(im, cr, k); /* the front's clip and placement, behind it */
	pl_duplex_design(cr, page_w);
}

void pl_duplex_marks(const pl_impose *im, const pl_impose_opts *o, cairo_t *cr)
{
	const pl_sheet_plan *p = pl_impose_stream_plan(im);

	cairo_save(cr);
	pl_duplex_sheet(cr, p->paper_w, p->paper_h, o);
	pl_impose_marks(im, cr);
	cairo_restore(cr);
}

/* ---- the calibration sheet ---- */

#define RULER_MM 40 /* each ruler reaches this far either side of the centre */

static void text_at(cairo_t *cr, pl_fonts *fonts, const char *s, double pt, double x, double y, double w,
		    pl_align align)
{
	pl_text_style st = {.family = "placard text", .weight = 400, .max_pt = pt, .min_pt = pt * 0.6,
			    .align = align, .lang = "en"};
	pl_text_fit fit = {0};
	pl_error e = {0};

	if (pl_text_fit_box(fonts, s, &st, w, pt * 6, &fit, &e) == 0) {
		pl_text_draw(cr, fit.layout, x, y);
		g_object_unref(fit.layout);
	}
}

/* A cross through (cx, cy) and two rulers along it, ticks every mm, labels
 * every 5 mm; `back`: labels signed, + to the right and downwards. */
static void draw_rulers(cairo_t *cr, pl_fonts *fonts, double cx, double cy, bool back)
{
	char lab[16];

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.3);
	cairo_move_to(cr, cx - mm(RULER_MM), cy);
	cairo_line_to(cr, cx + mm(RULER_MM), cy);
	cairo_move_to(cr, cx, cy - mm(RULER_MM));
	cairo_line_to(cr, cx, cy + mm(RULER_MM));
	for (int i = -RULER_MM; i <= RULER_MM; i++) {
		double t = mm(i % 10 == 0 ? 3 : i % 5 == 0 ? 2 : 1);
		if (!i)
			continue;
		cairo_move_to(cr, cx + mm(i), cy - t);
		cairo_line_to(cr, cx + mm(i), cy + t);
		cairo_move_to(cr, cx - t, cy + mm(i));
		cairo_line_to(cr, cx + t, cy + mm(i));
	}
	cairo_stroke(cr);
	/* the centre: a small circle to aim at */
	cairo_arc(cr, cx, cy, mm(1.5), 0, 2 * M_PI);
	cairo_stroke(cr);
	for (int i = -RULER_MM; i <= RULER_MM; i += 5) {
		if (!i)
			continue;
		snprintf(lab, sizeof lab, back && i > 0 ? "+%d" : "%d", back ? i : abs(i));
		text_at(cr, fonts, lab, 6, cx + mm(i) - mm(5), cy + mm(3.5), mm(10), PL_ALIGN_CENTER);
		if (abs(i) > 5) /* ±5 would touch the other ruler's numbers */
			text_at(cr, fonts, lab, 6, cx + mm(4), cy + mm(i) - mm(1.2), mm(10), PL_ALIGN_START);
	}
}

int pl_duplex_test(const pl_impose_opts *o, pl_fonts *fonts, pl_buf *out, pl_error *err)
{
	const char *paper = o->sheet ? o->sheet : "A4";
	double W, H;
	cairo_surface_t *s;
	cairo_t *cr;
	char msg[900];
	int rc = 0;

	if (pl_page_size(paper, &W, &H) != 0) {
		pl_error_set(err, PL_EUSAGE, "duplex-test prints on a paper size: '%s' is not one. Use --sheet A4, letter or A3.",
			     paper);
		return -1;
	}
	s = cairo_pdf_surface_create_for_stream(to_buf, out, W, H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "placard " PL_VERSION);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
	cr = cairo_create(s);
	for (int side = 0; side < 2; side++) {
		cairo_save(cr);
		if (side) /* the back: its content where the flip and the offset put it */
			cairo_translate(cr, o->back_x, o->back_y);
		draw_rulers(cr, fonts, W / 2, H / 2, side);
		if (!side)
			snprintf(msg, sizeof msg,
				 "placard duplex test, %s, front (page 1). Print both pages double-sided, flipped on the %s "
				 "edge (as you will print the designs), at 100 %% (no fit to page). Hold the sheet to the "
				 "light and look at the back.", paper, o->duplex_short ? "short" : "long");
		else
			snprintf(msg, sizeof msg,
				 "placard duplex test, %s, back (page 2, flipped on the %s edge, --back-offset %.2f,%.2f). "
				 "Hold the sheet to the light: where the front's centre shows through on these rulers "
				 "(mm, + right and down) is the shift to add: render with --back-offset X,Y where X is "
				 "%.2f plus the reading across and Y %.2f plus the reading down. The two crosses lying "
				 "on each other means the backs are in register.",
				 paper, o->duplex_short ? "short" : "long", o->back_x / PL_MM_TO_PT, o->back_y / PL_MM_TO_PT,
				 o->back_x / PL_MM_TO_PT, o->back_y / PL_MM_TO_PT);
		text_at(cr, fonts, msg, 9, mm(20), mm(20), W - mm(40), PL_ALIGN_START);
		cairo_restore(cr);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || out->oom) {
		pl_error_set(err, out->oom ? PL_ENOMEM : PL_EIO, "could not draw the duplex test: %s.",
			     cairo_status_to_string(cairo_surface_status(s)));
		rc = -1;
	}
	cairo_surface_destroy(s);
	return rc;
}
