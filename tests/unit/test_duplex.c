/* test_duplex.c — double-sided designs: a layout's back: is read with the
 * front's size, bleed and theme and blocks of its own (and refused where it
 * makes no sense, with a message); a QR block's url: list; and the duplex
 * geometry of duplex.h checked point by point: a point of the back design
 * lands, after the printer's flip, behind the point of the front it
 * belongs to (a book-page turn of the design), with --back-offset added. */
#include "check.h"
#include "base/config.h"
#include "layout/layout.h"
#include "print/duplex.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>

static pl_layout *parse(const char *text, pl_error *err)
{
	memset(err, 0, sizeof *err);
	return pl_layout_parse("t.yaml", text, strlen(text), err);
}

/* where the back design's point (u, v) is printed on the back (points) */
static void back_point(double page_w, double paper_w, double paper_h, const pl_impose_opts *o, double u, double v,
		       double *x, double *y)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(s);

	pl_duplex_sheet(cr, paper_w, paper_h, o);
	pl_duplex_design(cr, page_w);
	*x = u;
	*y = v;
	cairo_user_to_device(cr, x, y);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

int main(void)
{
	pl_error err;
	pl_layout *l;
	const double W = 105 * PL_MM_TO_PT, H = 148 * PL_MM_TO_PT;

	l = parse("size: A6\nbleed: 2mm\ntheme: mono\nblocks:\n  - {type: text, text: \"{title}\", box: [1mm, 1mm, 50mm, 9mm]}\n"
		  "back:\n  background: '#ffffff'\n  blocks:\n"
		  "    - {type: text, text: \"{body}\", box: [1mm, 1mm, 50mm, 9mm]}\n"
		  "    - {type: qr, url: [\"{campaign.url}\", \"{qr_url}\"], box: [60mm, 60mm, 30mm, 30mm]}\n", &err);
	CHECK(l && l->back);
	if (l && l->back) {
		CHECK(!l->is_back && l->back->is_back);
		CHECK(fabs(l->back->trim_w - l->trim_w) < 1e-9 && fabs(l->back->trim_h - l->trim_h) < 1e-9);
		CHECK(fabs(l->back->bleed - 2 * PL_MM_TO_PT) < 1e-9);
		CHECK_STR(l->back->theme, "mono");
		CHECK_STR(l->back->background, "#ffffff");
		CHECK(l->back->n_blocks == 2);
		CHECK_STR(l->back->blocks[0].text, "{body}");
		CHECK_STR(l->back->blocks[1].url, "{campaign.url}\n{qr_url}");
		CHECK(!l->back->back);
	}
	pl_layout_free(l);
	/* a one-sided layout has none */
	l = parse("size: A6\nblocks: []\n", &err);
	CHECK(l && !l->back);
	pl_layout_free(l);
	/* refused, with the key and what to do */
	l = parse("size: A6\nblocks: []\nback:\n  size: A5\n  blocks: []\n", &err);
	CHECK(!l && strstr(err.msg, "under back:") && err.line == 4);
	l = parse("size: A6\nblocks: []\nback: yes\n", &err);
	CHECK(!l && strstr(err.msg, "must hold the back's blocks"));
	l = parse("size: 60mm x 60mm\nshape: circle\nblocks: []\nback:\n  blocks: []\n", &err);
	CHECK(!l && strstr(err.msg, "has no back"));
	l = parse("size: A6\nblocks:\n  - {type: text, text: x, url: y, box: [0, 0, 1, 1]}\n", &err);
	CHECK(!l && strstr(err.msg, "unknown key 'url'"));

	/* The geometry, on one A6 page per side: a long-edge flip mirrors x
	 * (the back is upright: the design's turn undoes it), a short-edge flip
	 * mirrors y and so turns the design 180°. */
	{
		pl_impose_opts lo = {0}, so = {.duplex_short = true}, off = {.back_x = 1.5 * PL_MM_TO_PT, .back_y = -1 * PL_MM_TO_PT};
		double pts[3][2] = {{0, 0}, {10, 20}, {W, H}};
		for (int i = 0; i < 3; i++) {
			double u = pts[i][0], v = pts[i][1], x, y;
			/* the back point (u, v) belongs behind the front's (W - u, v) */
			double fx = W - u, fy = v;
			back_point(W, W, H, &lo, u, v, &x, &y);
			/* on the back as printed, a long flip sees front (fx, fy) at (W - fx, fy) */
			CHECK(fabs(x - (W - fx)) < 1e-6 && fabs(y - fy) < 1e-6);
			back_point(W, W, H, &so, u, v, &x, &y);
			CHECK(fabs(x - fx) < 1e-6 && fabs(y - (H - fy)) < 1e-6);
			back_point(W, W, H, &off, u, v, &x, &y);
			CHECK(fabs(x - (W - fx) - 1.5 * PL_MM_TO_PT) < 1e-6 && fabs(y - fy + 1 * PL_MM_TO_PT) < 1e-6);
		}
	}
	return CHECK_DONE();
}
