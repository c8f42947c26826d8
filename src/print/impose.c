/* impose.c — sheets, tiles and cut lines as a libqpdf pass; see impose.h.
 *
 * How a sheet is built: every input page's content becomes a Form XObject
 * (PDF 32000-1 §8.10) — the page's one content stream is turned into the
 * form in place, so nothing is decoded or copied — and each sheet is a page
 * of a small cairo "overlay" document (crop marks, tile marks and labels)
 * copied in with qpdf_add_page, to which a content stream is prepended that
 * places the forms: `q <clip> W n <matrix> cm /PlDn Do Q` per slot. A cut
 * line is one more stream at the end. The input pages are then dropped.
 * Link annotations follow their design to the sheet with moved rectangles. */
#include "print/impose.h"
#include "pdf/pdfpost.h"
#include "base/config.h"
#include "base/lazy.h"
#include "base/util.h"

#include <cairo-pdf.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double mm(double v) { return v * PL_MM_TO_PT; }

typedef struct job {
	qpdf_data q;            /* the document being rewritten */
	qpdf_data ov;           /* the overlay (marks, labels) */
	size_t n_src;
	qpdf_oh *pages, *forms; /* input pages and their forms */
	double *pw, *ph;        /* input page sizes */
	qpdf_oh cut_cs, cut_gs; /* shared spot colour and overprint state */
	char cut_name[72];
	pl_buf overlay;         /* the overlay's bytes: qpdf reads them in place */
	pl_error *err;
} job;

static int qfail(qpdf_data q, pl_error *err, const char *what)
{
	if (q && pl_qpdf.qpdf_has_error(q)) {
		qpdf_error e = pl_qpdf.qpdf_get_error(q);
		pl_error_set(err, PL_EIO, "could not %s the PDF for the sheets (%s). This is a bug in placard; please report it with your input.",
			     what, pl_qpdf.qpdf_get_error_full_text(q, e));
		return -1;
	}
	return 0;
}

bool pl_impose_cut_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 1 || n > 63)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

static void page_size(qpdf_data q, qpdf_oh page, double *w, double *h)
{
	qpdf_oh mb = pl_qpdf.qpdf_oh_get_key(q, page, "/MediaBox");
	double v[4] = {0, 0, 0, 0};

	for (int i = 0; i < 4 && pl_qpdf.qpdf_oh_is_array(q, mb); i++)
		v[i] = pl_qpdf.qpdf_oh_get_numeric_value(q, pl_qpdf.qpdf_oh_get_array_item(q, mb, i));
	*w = v[2] - v[0];
	*h = v[3] - v[1];
}

/* A page's content as a Form XObject with the page's resources. */
static qpdf_oh page_to_form(job *j, qpdf_oh page, double w, double h)
{
	qpdf_data q = j->q;
	qpdf_oh c = pl_qpdf.qpdf_oh_get_key(q, page, "/Contents"), form, d, bbox;

	if (pl_qpdf.qpdf_oh_is_stream(q, c)) {
		form = c;
	} else {
		unsigned char *buf = NULL;
		size_t len = 0;
		if (pl_qpdf.qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS)
			return 0;
		form = pl_qpdf_stream(q, (const char *)buf, len);
		free(buf);
	}
	d = pl_qpdf.qpdf_oh_get_dict(q, form);
	bbox = pl_qpdf.qpdf_oh_new_array(q);
	pl_qpdf.qpdf_oh_append_item(q, bbox, pl_qpdf.qpdf_oh_new_integer(q, 0));
	pl_qpdf.qpdf_oh_append_item(q, bbox, pl_qpdf.qpdf_oh_new_integer(q, 0));
	pl_qpdf.qpdf_oh_append_item(q, bbox, pl_qpdf.qpdf_oh_new_real_from_double(q, w, 4));
	pl_qpdf.qpdf_oh_append_item(q, bbox, pl_qpdf.qpdf_oh_new_real_from_double(q, h, 4));
	pl_qpdf.qpdf_oh_replace_key(q, d, "/Type", pl_qpdf.qpdf_oh_new_name(q, "/XObject"));
	pl_qpdf.qpdf_oh_replace_key(q, d, "/Subtype", pl_qpdf.qpdf_oh_new_name(q, "/Form"));
	pl_qpdf.qpdf_oh_replace_key(q, d, "/BBox", bbox);
	pl_qpdf.qpdf_oh_replace_key(q, d, "/Resources", pl_qpdf.qpdf_oh_get_key(q, page, "/Resources"));
	return form;
}

static void job_free(job *j)
{
	if (j->ov)
		pl_qpdf.qpdf_cleanup(&j->ov);
	if (j->q)
		pl_qpdf.qpdf_cleanup(&j->q);
	free(j->pages);
	free(j->forms);
	free(j->pw);
	free(j->ph);
	pl_buf_free(&j->overlay);
}

static int job_open(job *j, const unsigned char *in, size_t n, bool forms, pl_error *err)
{
	int np;

	j->err = err;
	if (pl_qpdf_load(err))
		return -1;
	j->q = pl_qpdf.qpdf_init();
	pl_qpdf.qpdf_silence_errors(j->q);
	pl_qpdf.qpdf_set_suppress_warnings(j->q, QPDF_TRUE);
	if (pl_qpdf.qpdf_read_memory(j->q, "placard", (const char *)in, (unsigned long long)n, NULL) & QPDF_ERRORS)
		return qfail(j->q, err, "read");
	np = pl_qpdf.qpdf_get_num_pages(j->q);
	if (np < 1) {
		pl_error_set(err, PL_EIO, "there are no pages to put on sheets.");
		return -1;
	}
	j->n_src = (size_t)np;
	j->pages = calloc(j->n_src, sizeof *j->pages);
	j->forms = calloc(j->n_src, sizeof *j->forms);
	j->pw = calloc(j->n_src, sizeof *j->pw);
	j->ph = calloc(j->n_src, sizeof *j->ph);
	if (!j->pages || !j->forms || !j->pw || !j->ph) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	for (size_t i = 0; i < j->n_src; i++) {
		j->pages[i] = pl_qpdf.qpdf_get_page_n(j->q, i);
		page_size(j->q, j->pages[i], &j->pw[i], &j->ph[i]);
		if (forms && !(j->forms[i] = page_to_form(j, j->pages[i], j->pw[i], j->ph[i])))
			return qfail(j->q, err, "read the pages of");
	}
	return qfail(j->q, err, "read the pages of");
}

/* ---- the overlay: marks and labels drawn by cairo ---- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	pl_buf *b = closure;

	pl_buf_add(b, (const char *)data, len);
	return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

typedef void (*draw_fn)(cairo_t *cr, size_t page, const void *ctx);

static int overlay_open(job *j, double w, double h, size_t pages, draw_fn draw, const void *ctx)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &j->overlay, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
	for (size_t i = 0; i < pages; i++) {
		if (draw)
			draw(cr, i, ctx);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS || j->overlay.oom) {
		pl_error_set(j->err, j->overlay.oom ? PL_ENOMEM : PL_EIO, "could not draw the sheet marks: %s.",
			     cairo_status_to_string(st));
		return -1;
	}
	j->ov = pl_qpdf.qpdf_init();
	pl_qpdf.qpdf_silence_errors(j->ov);
	pl_qpdf.qpdf_set_suppress_warnings(j->ov, QPDF_TRUE);
	if (pl_qpdf.qpdf_read_memory(j->ov, "placard marks", j->overlay.s, (unsigned long long)j->overlay.len, NULL) &
	    QPDF_ERRORS)
		return qfail(j->ov, j->err, "read the marks of");
	return 0;
}

/* Copy overlay page i into the document as a new last page; returns it. */
static qpdf_oh add_sheet(job *j, size_t i, size_t *count)
{
	qpdf_oh op = pl_qpdf.qpdf_get_page_n(j->ov, i);

	if (pl_qpdf.qpdf_add_page(j->q, j->ov, op, QPDF_FALSE) & QPDF_ERRORS)
		return 0;
	return pl_qpdf.qpdf_get_page_n(j->q, j->n_src + (*count)++);
}

/* ---- content-stream helpers (PDF user space: origin bottom-left) ---- */

/* A rectangle with corners of radius r (a circle when r is half the side),
 * as a closed path of Bézier arcs. */
static void path_rrect(pl_buf *b, double x, double y, double w, double h, double r)
{
	const double k = 0.5522847498; /* control-point distance of a quarter circle */

	r = fmin(r, fmin(w, h) / 2);
	if (r <= 0.001) {
		pl_buf_printf(b, "%.3f %.3f %.3f %.3f re\n", x, y, w, h);
		return;
	}
	pl_buf_printf(b, "%.3f %.3f m\n%.3f %.3f l\n", x + r, y, x + w - r, y);
	pl_buf_printf(b, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", x + w - r + k * r, y, x + w, y + r - k * r, x + w, y + r);
	pl_buf_printf(b, "%.3f %.3f l\n", x + w, y + h - r);
	pl_buf_printf(b, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", x + w, y + h - r + k * r, x + w - r + k * r, y + h,
		      x + w - r, y + h);
	pl_buf_printf(b, "%.3f %.3f l\n", x + r, y + h);
	pl_buf_printf(b, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", x + r - k * r, y + h, x, y + h - r + k * r, x, y + h - r);
	pl_buf_printf(b, "%.3f %.3f l\n", x, y + r);
	pl_buf_printf(b, "%.3f %.3f %.3f %.3f %.3f %.3f c\nh\n", x, y + r - k * r, x + r - k * r, y, x + r, y);
}

/* The design's cut shape: its layout's shape at the trim. */
static double cut_radius(const pl_sheet_item *it, double w, double h)
{
	if (!it->shape)
		return 0;
	if (!strcmp(it->shape, "circle"))
		return fmin(w, h) / 2;
	if (!strcmp(it->shape, "rounded"))
		return it->radius;
	return 0;
}

/* Place form `src` with matrix m, clipped to a rounded rectangle given in
 * the sheet's top-left coordinates (sheet height H). */
static void place(job *j, pl_buf *c, qpdf_oh res_xobj, size_t src, const double m[6], double H,
		  double cx, double cy, double cw, double ch, double cr)
{
	char name[32];

	snprintf(name, sizeof name, "/PlD%zu", src);
	pl_qpdf.qpdf_oh_replace_key(j->q, res_xobj, name, j->forms[src]);
	pl_buf_puts(c, "q\n");
	path_rrect(c, cx, H - cy - ch, cw, ch, cr);
	pl_buf_printf(c, "W n\n%.5f %.5f %.5f %.5f %.4f %.4f cm\n%s Do\nQ\n", m[0], m[1], m[2], m[3], m[4], m[5], name);
}

/* Link annotations of input page src, moved by m onto page dst. */
static void copy_links(job *j, size_t src, qpdf_oh dst, const double m[6])
{
	qpdf_data q = j->q;
	qpdf_oh a = pl_qpdf.qpdf_oh_get_key(q, j->pages[src], "/Annots"), out;
	int n;

	if (!pl_qpdf.qpdf_oh_is_array(q, a) || (n = pl_qpdf.qpdf_oh_get_array_n_items(q, a)) == 0)
		return;
	out = pl_qpdf.qpdf_oh_get_key(q, dst, "/Annots");
	if (!pl_qpdf.qpdf_oh_is_array(q, out)) {
		pl_qpdf.qpdf_oh_replace_key(q, dst, "/Annots", pl_qpdf.qpdf_oh_new_array(q));
		out = pl_qpdf.qpdf_oh_get_key(q, dst, "/Annots");
	}
	for (int i = 0; i < n; i++) {
		qpdf_oh ann = pl_qpdf.qpdf_oh_parse(
			q, pl_qpdf.qpdf_oh_unparse_resolved(q, pl_qpdf.qpdf_oh_get_array_item(q, a, i)));
		qpdf_oh rect = pl_qpdf.qpdf_oh_get_key(q, ann, "/Rect"), nr;
		double v[4], x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
		if (!pl_qpdf.qpdf_oh_is_dictionary(q, ann) || !pl_qpdf.qpdf_oh_is_array(q, rect))
			continue;
		for (int k = 0; k < 4; k++)
			v[k] = pl_qpdf.qpdf_oh_get_numeric_value(q, pl_qpdf.qpdf_oh_get_array_item(q, rect, k));
		for (int k = 0; k < 4; k++) {
			double x = v[k & 1 ? 2 : 0], y = v[k & 2 ? 3 : 1];
			double tx = m[0] * x + m[2] * y + m[4], ty = m[1] * x + m[3] * y + m[5];
			x0 = fmin(x0, tx), x1 = fmax(x1, tx), y0 = fmin(y0, ty), y1 = fmax(y1, ty);
		}
		nr = pl_qpdf.qpdf_oh_new_array(q);
		pl_qpdf.qpdf_oh_append_item(q, nr, pl_qpdf.qpdf_oh_new_real_from_double(q, x0, 3));
		pl_qpdf.qpdf_oh_append_item(q, nr, pl_qpdf.qpdf_oh_new_real_from_double(q, y0, 3));
		pl_qpdf.qpdf_oh_append_item(q, nr, pl_qpdf.qpdf_oh_new_real_from_double(q, x1, 3));
		pl_qpdf.qpdf_oh_append_item(q, nr, pl_qpdf.qpdf_oh_new_real_from_double(q, y1, 3));
		pl_qpdf.qpdf_oh_replace_key(q, ann, "/Rect", nr);
		pl_qpdf.qpdf_oh_remove_key(q, ann, "/P");
		pl_qpdf.qpdf_oh_append_item(q, out, pl_qpdf.qpdf_make_indirect_object(q, ann));
	}
}

/* The spot colour and overprint state of cut lines, made once. */
static void cut_resources(job *j, qpdf_oh page)
{
	qpdf_data q = j->q;
	qpdf_oh res = pl_qpdf_subdict(q, page, "/Resources");

	if (!j->cut_cs) {
		char cs[256];
		/* Tint 1 → 100 % magenta, so a proof shows the line; RIPs
		 * recognise the name, not the colour. */
		snprintf(cs, sizeof cs,
			 "[/Separation /%s /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 1 0 0] /N 1 >>]",
			 j->cut_name);
		j->cut_cs = pl_qpdf.qpdf_make_indirect_object(q, pl_qpdf.qpdf_oh_parse(q, cs));
		/* Overprint (PDF 32000-1 §8.6.7): the line must not knock the
		 * artwork out of the process plates under it. */
		j->cut_gs = pl_qpdf.qpdf_make_indirect_object(
			q, pl_qpdf.qpdf_oh_parse(q, "<< /Type /ExtGState /OP true /op true /OPM 1 >>"));
	}
	pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf_subdict(q, res, "/ColorSpace"), "/PlCut", j->cut_cs);
	pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf_subdict(q, res, "/ExtGState"), "/PlCutGS", j->cut_gs);
}

static int job_write(job *j, bool drop_inputs, pl_impose_out *out)
{
	qpdf_data q = j->q;

	for (size_t i = 0; drop_inputs && i < j->n_src; i++)
		pl_qpdf.qpdf_remove_page(q, j->pages[i]);
	if (qfail(q, j->err, "build"))
		return -1;
	if (pl_qpdf.qpdf_init_write_memory(q) & QPDF_ERRORS)
		return qfail(q, j->err, "write");
	pl_qpdf.qpdf_set_object_stream_mode(q, qpdf_o_disable);
	pl_qpdf.qpdf_set_deterministic_ID(q, QPDF_TRUE);
	pl_qpdf.qpdf_set_linearization(q, QPDF_FALSE);
	pl_qpdf.qpdf_set_compress_streams(q, QPDF_TRUE);
	if (pl_qpdf.qpdf_write(q) & QPDF_ERRORS)
		return qfail(q, j->err, "write");
	out->n = pl_qpdf.qpdf_get_buffer_length(q);
	out->pdf = malloc(out->n ? out->n : 1);
	if (!out->pdf) {
		pl_error_set(j->err, PL_ENOMEM, "out of memory while writing the PDF.");
		return -1;
	}
	memcpy(out->pdf, pl_qpdf.qpdf_get_buffer(q), out->n);
	out->pages = (size_t)pl_qpdf.qpdf_get_num_pages(q);
	return 0;
}

/* ---- sheets ---- */

/* Crop marks on every cut line of a flyer sheet: in the margin when there is
 * room, else from the paper's edge inwards along the line between two
 * designs (the blade takes the mark away). */
static void draw_sheet_marks(cairo_t *cr, size_t page, const void *ctx)
{
	const pl_sheet_plan *p = ctx;
	const double gap = mm(PL_CROP_MARK_GAP_MM), len = mm(PL_CROP_MARK_LEN_MM), edge = mm(0.1);
	double x0 = p->slots[0].x, y0 = p->slots[0].y;
	double x1 = p->slots[p->n - 1].x + p->foot_w, y1 = p->slots[p->n - 1].y + p->foot_h;

	(void)page;
	if (!p->cut_marks)
		return;
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.25);
	for (int axis = 0; axis < 2; axis++) {
		int n = axis ? p->rows : p->cols;
		double extent = axis ? p->paper_w : p->paper_h;         /* along the marks */
		double lo = axis ? x0 : y0, hi = axis ? x1 : y1;         /* the grid's ends */
		for (int i = 0; i < n; i++)
			for (int side = 0; side < 2; side++) {
				const pl_slot *s = &p->slots[axis ? (size_t)i * (size_t)p->cols : (size_t)i];
				double v = (axis ? s->y : s->x) + side * (axis ? p->foot_h : p->foot_w);
				double across = axis ? p->paper_h : p->paper_w;
				if (v < edge || v > across - edge)
					continue; /* the paper's own edge: nothing to cut */
				for (int end = 0; end < 2; end++) {
					double room = end ? extent - hi : lo;
					double a, b;
					if (room - gap >= mm(2)) { /* in the margin */
						a = end ? hi + gap : fmax(0, lo - gap - len);
						b = end ? fmin(extent, hi + gap + len) : lo - gap;
					} else { /* along the cut, from the edge */
						a = end ? extent - len : 0;
						b = end ? extent : len;
					}
					if (axis) {
						cairo_move_to(cr, a, v);
						cairo_line_to(cr, b, v);
					} else {
						cairo_move_to(cr, v, a);
						cairo_line_to(cr, v, b);
					}
				}
			}
	}
	cairo_stroke(cr);
}

int pl_impose_sheets(const unsigned char *in, size_t n, const pl_impose_src *src, const pl_sheet_plan *p,
		     bool fill, const char *cut_name, pl_fonts *fonts, pl_impose_out *out, pl_error *err)
{
	job j = {0};
	size_t sheets, count = 0;
	int rc = -1;
	double H = p->paper_h, W = src->item.trim_w, o = src->offset;

	(void)fonts;
	memset(out, 0, sizeof *out);
	snprintf(j.cut_name, sizeof j.cut_name, "%s", cut_name ? cut_name : PL_CUT_NAME);
	if (job_open(&j, in, n, true, err))
		goto done;
	sheets = fill ? j.n_src : (j.n_src + p->n - 1) / p->n;
	if (overlay_open(&j, p->paper_w, p->paper_h, sheets, draw_sheet_marks, p))
		goto done;
	for (size_t s = 0; s < sheets; s++) {
		qpdf_oh page = add_sheet(&j, s, &count), xobj;
		pl_buf place_c = {0}, cut_c = {0};
		if (!page || qfail(j.q, err, "add a sheet to"))
			goto done;
		xobj = pl_qpdf_subdict(j.q, pl_qpdf_subdict(j.q, page, "/Resources"), "/XObject");
		for (size_t k = 0; k < p->n; k++) {
			size_t i = fill ? s : s * p->n + k;
			const pl_slot *sl = &p->slots[k];
			double m[6], ph;
			if (i >= j.n_src)
				break;
			ph = j.ph[i];
			if (!p->rotate) {
				double t[6] = {1, 0, 0, 1, sl->x - o, H - sl->y - ph + o};
				memcpy(m, t, sizeof t);
			} else {
				/* Turned a quarter anticlockwise: (x, y) → (−y, x). */
				double t[6] = {0, 1, -1, 0, sl->x + ph - o, H - sl->y - W - o};
				memcpy(m, t, sizeof t);
			}
			place(&j, &place_c, xobj, i, m, H, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h, sl->clip_r);
			copy_links(&j, i, page, m);
			if (p->cut_contour)
				path_rrect(&cut_c, sl->x, H - sl->y - p->foot_h, p->foot_w, p->foot_h,
					   cut_radius(&src->item, p->foot_w, p->foot_h));
		}
		if (cut_c.len) {
			pl_buf line = {0};
			cut_resources(&j, page);
			pl_buf_printf(&line, "q /PlCutGS gs /PlCut CS 1 SCN %.2f w\n%sS\nQ\n", PL_CUT_LINE_PT, cut_c.s);
			pl_buf_free(&cut_c);
			cut_c = line;
		}
		if (place_c.oom || cut_c.oom) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			pl_buf_free(&place_c);
			pl_buf_free(&cut_c);
			goto done;
		}
		pl_qpdf_wrap_contents(j.q, page, &place_c, &cut_c);
		pl_buf_free(&place_c);
		pl_buf_free(&cut_c);
	}
	rc = job_write(&j, true, out);
done:
	job_free(&j);
	return rc;
}

/* ---- tiles ---- */

typedef struct tile_ctx {
	const pl_tile_plan *t;
	const char *layout;
	pl_fonts *fonts;
} tile_ctx;

/* Marks of one tile (see README "Tiles"): short corner marks just outside
 * the window show where to cut; long marks show where the next tile's cut
 * edge goes. A label says which tile this is. */
static void draw_tile_marks(cairo_t *cr, size_t page, const void *ctx)
{
	const tile_ctx *tc = ctx;
	const pl_tile_plan *t = tc->t;
	size_t per = (size_t)t->rows * (size_t)t->cols, k = page % per;
	int r = (int)(k / (size_t)t->cols), c = (int)(k % (size_t)t->cols);
	double m = t->margin, L = m, R = m + t->win_w, T = m, B = m + t->win_h;
	double s1 = mm(1), s4 = mm(4), s7 = mm(7);
	double xs[2] = {L, R}, ys[2] = {T, B};
	char text[512];
	pl_text_style st = {.family = "placard text", .weight = 400, .max_pt = 7, .min_pt = 4.5,
			    .align = PL_ALIGN_START, .max_lines = 2, .lang = "en"};
	pl_text_fit fit = {0};
	pl_error e = {0};

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.75);
	for (int i = 0; i < 2; i++) {
		double dy = i ? 1 : -1, dx = i ? 1 : -1;
		for (int jx = 0; jx < 2; jx++) { /* corner marks above and below */
			cairo_move_to(cr, xs[jx], ys[i] + dy * s1);
			cairo_line_to(cr, xs[jx], ys[i] + dy * s4);
		}
		for (int jy = 0; jy < 2; jy++) { /* left and right */
			cairo_move_to(cr, xs[i] + dx * s1, ys[jy]);
			cairo_line_to(cr, xs[i] + dx * s4, ys[jy]);
		}
		if (c < t->cols - 1) { /* where the next tile to the right begins */
			cairo_move_to(cr, L + t->step_x, ys[i] + dy * s1);
			cairo_line_to(cr, L + t->step_x, ys[i] + dy * s7);
		}
		if (r < t->rows - 1) { /* where the next tile below begins */
			cairo_move_to(cr, xs[i] + dx * s1, T + t->step_y);
			cairo_line_to(cr, xs[i] + dx * s7, T + t->step_y);
		}
	}
	cairo_stroke(cr);
	snprintf(text, sizeof text,
		 "%s — tile %zu of %zu: row %d, column %d (%d rows × %d columns). "
		 "Cut each tile along its short corner marks on the sides that have a neighbour above or to the left, "
		 "and lay that edge on the long marks of the neighbour.",
		 tc->layout ? tc->layout : "poster", k + 1, per, r + 1, c + 1, t->rows, t->cols);
	if (pl_text_fit_box(tc->fonts, text, &st, t->win_w, mm(3.5) * 2, &fit, &e) == 0) {
		pl_text_draw(cr, fit.layout, L, B + mm(8));
		g_object_unref(fit.layout);
	}
}

int pl_impose_tiles(const unsigned char *in, size_t n, const pl_impose_src *src, const pl_tile_plan *t,
		    pl_fonts *fonts, pl_impose_out *out, pl_error *err)
{
	job j = {0};
	size_t per = (size_t)t->rows * (size_t)t->cols, count = 0;
	tile_ctx tc = {.t = t, .layout = src->layout, .fonts = fonts};
	int rc = -1;
	double Ht = t->paper_h, m = t->margin, o = src->offset;

	memset(out, 0, sizeof *out);
	if (job_open(&j, in, n, true, err))
		goto done;
	if (overlay_open(&j, t->paper_w, t->paper_h, j.n_src * per, draw_tile_marks, &tc))
		goto done;
	for (size_t i = 0; i < j.n_src; i++)
		for (size_t k = 0; k < per; k++) {
			int r = (int)(k / (size_t)t->cols), c = (int)(k % (size_t)t->cols);
			double wx = c * t->step_x, wy = r * t->step_y;
			/* poster (x, y) → tile: its window's top-left corner
			 * (wx, wy) lands on the tile's margin corner (m, m). */
			double mat[6] = {1, 0, 0, 1, m - wx - o, Ht - m + wy - j.ph[i] + o};
			qpdf_oh page = add_sheet(&j, i * per + k, &count), xobj;
			pl_buf c_place = {0};
			if (!page || qfail(j.q, err, "add a tile to"))
				goto done;
			xobj = pl_qpdf_subdict(j.q, pl_qpdf_subdict(j.q, page, "/Resources"), "/XObject");
			place(&j, &c_place, xobj, i, mat, Ht, m, m, t->win_w, t->win_h, 0);
			copy_links(&j, i, page, mat);
			if (c_place.oom) {
				pl_error_set(err, PL_ENOMEM, "out of memory.");
				pl_buf_free(&c_place);
				goto done;
			}
			pl_qpdf_wrap_contents(j.q, page, &c_place, NULL);
			pl_buf_free(&c_place);
		}
	rc = job_write(&j, true, out);
done:
	job_free(&j);
	return rc;
}

/* ---- a cut line on single designs ---- */

int pl_impose_cut(const unsigned char *in, size_t n, const pl_impose_src *src, const char *cut_name,
		  pl_impose_out *out, pl_error *err)
{
	job j = {0};
	int rc = -1;
	const pl_sheet_item *it = &src->item;

	memset(out, 0, sizeof *out);
	snprintf(j.cut_name, sizeof j.cut_name, "%s", cut_name ? cut_name : PL_CUT_NAME);
	if (job_open(&j, in, n, false, err))
		goto done;
	for (size_t i = 0; i < j.n_src; i++) {
		pl_buf c = {0};
		cut_resources(&j, j.pages[i]);
		pl_buf_printf(&c, "q /PlCutGS gs /PlCut CS 1 SCN %.2f w\n", PL_CUT_LINE_PT);
		path_rrect(&c, src->offset, j.ph[i] - src->offset - it->trim_h, it->trim_w, it->trim_h,
			   cut_radius(it, it->trim_w, it->trim_h));
		pl_buf_puts(&c, "S\nQ\n");
		if (c.oom) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			pl_buf_free(&c);
			goto done;
		}
		pl_qpdf_wrap_contents(j.q, j.pages[i], NULL, &c);
		pl_buf_free(&c);
	}
	rc = job_write(&j, false, out);
done:
	job_free(&j);
	return rc;
}

/* ---- the pass as render.c sees it ---- */

struct pl_impose {
	enum { IM_SHEET, IM_TILE, IM_CUT } mode;
	char layout[128];
	pl_impose_src src;
	pl_sheet_plan sheet;
	pl_tile_plan tile;
	bool fill;
	char cut_name[72];
	char kind[32], shape[32];
};

pl_impose *pl_impose_new(const char *datadir, const pl_impose_opts *o, const pl_layout *l, bool print,
			 double bleed, double offset, pl_error *err)
{
	pl_impose *im;
	int rc = 0;

	if (!o->sheet && !o->tile && !(print && l->shape))
		return NULL;
	if (o->sheet && o->tile) {
		pl_error_set(err, PL_EUSAGE, "give either --sheet or --tile, not both.");
		return NULL;
	}
	if (o->cut_name && !pl_impose_cut_name_ok(o->cut_name)) {
		pl_error_set(err, PL_EUSAGE,
			     "--cut-name '%s' cannot name a spot colour. Use letters, digits, '-', '_' or '.', e.g. CutContour or PerfCutContour.",
			     o->cut_name);
		return NULL;
	}
	im = calloc(1, sizeof *im);
	if (!im) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	snprintf(im->layout, sizeof im->layout, "%s", l->name ? l->name : "poster");
	snprintf(im->kind, sizeof im->kind, "%s", l->kind ? l->kind : "");
	snprintf(im->shape, sizeof im->shape, "%s", l->shape ? l->shape : "");
	snprintf(im->cut_name, sizeof im->cut_name, "%s", o->cut_name ? o->cut_name : PL_CUT_NAME);
	im->src = (pl_impose_src){
		.layout = im->layout, .offset = offset,
		.item = {.kind = im->kind, .shape = l->shape ? im->shape : NULL, .radius = l->shape_radius,
			 .trim_w = l->trim_w, .trim_h = l->trim_h, .bleed = bleed},
	};
	im->fill = o->fill;
	if (o->sheet) {
		pl_sheet_opts so = {.paper = o->sheet, .gap = o->gap, .margin = o->margin};
		im->mode = IM_SHEET;
		rc = pl_sheet_plan_make(datadir, &so, &im->src.item, &im->sheet, err);
	} else if (o->tile) {
		im->mode = IM_TILE;
		rc = pl_tile_plan_make(o->tile, l->trim_w, l->trim_h,
				       o->margin >= 0 ? o->margin : mm(PL_TILE_MARGIN_MM),
				       o->overlap >= 0 ? o->overlap : mm(PL_TILE_OVERLAP_MM), &im->tile, err);
	} else {
		im->mode = IM_CUT;
	}
	if (rc) {
		pl_impose_free(im);
		return NULL;
	}
	return im;
}

int pl_impose_apply(const pl_impose *im, pl_fonts *fonts, unsigned char **pdf, size_t *n, pl_error *err)
{
	pl_impose_out out;
	int rc;

	if (im->mode == IM_SHEET)
		rc = pl_impose_sheets(*pdf, *n, &im->src, &im->sheet, im->fill, im->cut_name, fonts, &out, err);
	else if (im->mode == IM_TILE)
		rc = pl_impose_tiles(*pdf, *n, &im->src, &im->tile, fonts, &out, err);
	else
		rc = pl_impose_cut(*pdf, *n, &im->src, im->cut_name, &out, err);
	if (rc)
		return -1;
	free(*pdf);
	*pdf = out.pdf;
	*n = out.n;
	return 0;
}

void pl_impose_free(pl_impose *im)
{
	if (im) {
		pl_sheet_plan_free(&im->sheet);
		free(im);
	}
}

/* ---- sheets streamed (impose.h) ---- */

const pl_sheet_plan *pl_impose_stream_plan(const pl_impose *im)
{
	return im && im->mode == IM_SHEET && !im->fill ? &im->sheet : NULL;
}

/* A rounded rectangle (a circle when r is half the side) on cr's path. */
static void cairo_rrect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	r = fmin(r, fmin(w, h) / 2);
	if (r <= 0.001) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

void pl_impose_slot(const pl_impose *im, cairo_t *cr, size_t k)
{
	const pl_sheet_plan *p = &im->sheet;
	const pl_slot *sl = &p->slots[k];
	double o = im->src.offset, W = im->src.item.trim_w;
	cairo_matrix_t m;

	cairo_new_path(cr);
	cairo_rrect(cr, sl->clip_x, sl->clip_y, sl->clip_w, sl->clip_h, sl->clip_r);
	cairo_clip(cr);
	if (!p->rotate) /* the same placement as pl_impose_sheets, y downwards */
		cairo_matrix_init(&m, 1, 0, 0, 1, sl->x - o, sl->y - o);
	else /* turned a quarter anticlockwise: (u, v) -> (v, W - u) */
		cairo_matrix_init(&m, 0, -1, 1, 0, sl->x - o, sl->y + W + o);
	cairo_transform(cr, &m);
}

void pl_impose_marks(const pl_impose *im, cairo_t *cr)
{
	cairo_save(cr);
	draw_sheet_marks(cr, 0, &im->sheet);
	cairo_restore(cr);
}

void pl_impose_cut_ops(const pl_impose *im, size_t used, pl_buf *ops, pl_buf *res)
{
	const pl_sheet_plan *p = &im->sheet;

	if (!p->cut_contour || !used)
		return;
	pl_buf_printf(ops, "q /PlCutGS gs /PlCut CS 1 SCN %.2f w\n", PL_CUT_LINE_PT);
	for (size_t k = 0; k < used && k < p->n; k++)
		path_rrect(ops, p->slots[k].x, p->slots[k].y, p->foot_w, p->foot_h,
			   cut_radius(&im->src.item, p->foot_w, p->foot_h));
	pl_buf_puts(ops, "S\nQ\n");
	/* As pl_impose_sheets' shared objects, here direct in each sheet's
	 * resources: tint 1 is 100 % magenta; the line overprints. */
	pl_buf_printf(res, "/ColorSpace /PlCut [/Separation /%s /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 1 0 0] /N 1 >>]\n",
		      im->cut_name);
	pl_buf_puts(res, "/ExtGState /PlCutGS << /Type /ExtGState /OP true /op true /OPM 1 >>\n");
}
