/* qr.c — QR codes: the one file that includes libqrencode. pl_qr_new encodes
 * a URL into a module grid (copied out of libqrencode's QRcode so nothing of
 * it leaks past this file); pl_qr_draw turns the grid into vector art for
 * cairo, and pl_link_area makes the printed code clickable in the PDF.
 *
 * The dark modules are drawn as one path with one fill: the outline of every
 * dark region, traced into closed polygons on integer module coordinates with
 * collinear edges merged. Per-module (or per-run) rectangles would show
 * hairline seams between neighbours in anti-aliasing renderers (PRINT-NOTES),
 * and the traced outline is also fewer path segments (PERF-NOTES). */
#include "draw/qr.h"
#include "base/config.h"
#include "base/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

struct pl_qr {
	int width;            /* modules per side, quiet zone excluded */
	unsigned char *dark;  /* width * width, 1 = dark, row-major */
	char ec;              /* the level it was made at */
	pl_zpiece body;       /* the dark modules' operators, compressed (pl_qr_compress_ops) */
};

pl_qr *pl_qr_new(const char *text, char ec, pl_error *err)
{
	QRecLevel level;
	QRcode *code;
	pl_qr *q;
	size_t n;

	switch (ec) {
	case 'L': case 'l': level = QR_ECLEVEL_L; ec = 'L'; break;
	case 0:
	case 'M': case 'm': level = QR_ECLEVEL_M; ec = 'M'; break;
	case 'Q': case 'q': level = QR_ECLEVEL_Q; ec = 'Q'; break;
	case 'H': case 'h': level = QR_ECLEVEL_H; ec = 'H'; break;
	default:
		pl_error_set(err, PL_EINPUT,
			     "the QR error-correction level must be L, M, Q or H.");
		return NULL;
	}
	if (!text || !*text) {
		pl_error_set(err, PL_EINPUT, "there is no URL to put in the QR code; add a url.");
		return NULL;
	}

	errno = 0;
	/* Version 0 = the smallest that fits; QR_MODE_8 lets libqrencode split
	 * the text into numeric/alphanumeric/byte segments as it sees fit;
	 * case-sensitive, or URL paths would be upper-cased. */
	code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
	if (!code) {
		if (errno == ERANGE) {
			if (level == QR_ECLEVEL_L)
				pl_error_set(err, PL_EINPUT,
					     "the URL is too long for a QR code (%zu bytes; at most 2953 fit); "
					     "shorten it (a link shortener works).", strlen(text));
			else
				pl_error_set(err, PL_EINPUT,
					     "the URL is too long for a QR code at error-correction level %c; "
					     "shorten it (a link shortener works) or use a lower level.", ec);
		} else if (errno == ENOMEM) {
			pl_error_set(err, PL_ENOMEM, "out of memory while making the QR code.");
		} else {
			pl_error_set(err, PL_EINPUT, "this text cannot be put in a QR code.");
		}
		return NULL;
	}

	q = calloc(1, sizeof *q);
	n = (size_t)code->width * (size_t)code->width;
	if (!q || !(q->dark = malloc(n))) {
		free(q);
		QRcode_free(code);
		pl_error_set(err, PL_ENOMEM, "out of memory while making the QR code.");
		return NULL;
	}
	q->width = code->width;
	q->ec = ec;
	/* Bit 0 of each libqrencode byte is "dark"; the rest are its internal flags. */
	for (size_t i = 0; i < n; i++)
		q->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	return q;
}

void pl_qr_free(pl_qr *q)
{
	if (!q)
		return;
	free(q->dark);
	free(q->body.z);
	free(q);
}

int pl_qr_width(const pl_qr *q)
{
	return q->width;
}

int pl_qr_dark(const pl_qr *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->dark[(size_t)y * (size_t)q->width + (size_t)x];
}

double pl_qr_module(const pl_qr *q, double size)
{
	return size / (q->width + 2 * PL_QR_QUIET_MODULES);
}

/* ---- Outline tracing ------------------------------------------------------
 *
 * Vertices sit on the (W+1)×(W+1) lattice of module corners, y downwards.
 * Every unit edge between a dark and a light module (outside the symbol
 * counts as light) is given the direction that keeps the dark module on its
 * right. Then every vertex has as many edges in as out, the edges form
 * closed loops, outer outlines run clockwise (on screen) and the outlines of
 * holes anticlockwise: winding number 1 inside dark regions and 0 elsewhere,
 * whichever way the loops are chained, so the non-zero rule fills exactly the
 * dark modules, holes included. At a vertex where two dark modules touch only
 * by their corners, the tracer turns right first, which keeps the two regions
 * in separate polygons that never cross. */

enum { EAST, SOUTH, WEST, NORTH };

static const int step_x[4] = { 1, 0, -1, 0 };
static const int step_y[4] = { 0, 1, 0, -1 };

/* Whether the edge leaving vertex (vx, vy) in direction d exists (dark on
 * its right, light on its left). */
static int edge_out(const pl_qr *q, int vx, int vy, int d)
{
	switch (d) {
	case EAST:  return pl_qr_dark(q, vx, vy) && !pl_qr_dark(q, vx, vy - 1);
	case WEST:  return pl_qr_dark(q, vx - 1, vy - 1) && !pl_qr_dark(q, vx - 1, vy);
	case SOUTH: return pl_qr_dark(q, vx - 1, vy) && !pl_qr_dark(q, vx, vy);
	default:    return pl_qr_dark(q, vx, vy - 1) && !pl_qr_dark(q, vx - 1, vy - 1);
	}
}

/* Index of the unit edge leaving (vx, vy) in direction d in the "used"
 * bitmap: horizontal edges first ((W+1) rows of W), then vertical ones
 * ((W+1) columns of W). */
static size_t edge_index(int w, int vx, int vy, int d)
{
	size_t hcount = (size_t)(w + 1) * (size_t)w;

	switch (d) {
	case EAST:  return (size_t)vy * (size_t)w + (size_t)vx;
	case WEST:  return (size_t)vy * (size_t)w + (size_t)(vx - 1);
	case SOUTH: return hcount + (size_t)vx * (size_t)w + (size_t)vy;
	default:    return hcount + (size_t)vx * (size_t)w + (size_t)(vy - 1);
	}
}

/* One closed polygon of n corners (module units, offset by off) into cr's
 * path; with r > 0 every corner is cut by a quarter-circle-like Bézier
 * of radius r (edges are at least one module long, so r <= 0.5 fits). */
static void emit_loop(cairo_t *cr, const int *pts, size_t n, int off, double r)
{
	const double k = 0.5523; /* a quarter circle's Bézier handle */

	if (n == 0)
		return;
	if (r <= 0) {
		cairo_move_to(cr, pts[0] + off, pts[1] + off);
		for (size_t i = 1; i < n; i++)
			cairo_line_to(cr, pts[2 * i] + off, pts[2 * i + 1] + off);
		cairo_close_path(cr);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t pi = (i + n - 1) % n, ni = (i + 1) % n;
		double cx = pts[2 * i] + off, cy = pts[2 * i + 1] + off;
		double dx0 = pts[2 * pi] + off - cx, dy0 = pts[2 * pi + 1] + off - cy;
		double dx1 = pts[2 * ni] + off - cx, dy1 = pts[2 * ni + 1] + off - cy;
		double l0 = hypot(dx0, dy0), l1 = hypot(dx1, dy1);
		double ax = cx + r * dx0 / l0, ay = cy + r * dy0 / l0;
		double bx = cx + r * dx1 / l1, by = cy + r * dy1 / l1;

		if (i == 0)
			cairo_move_to(cr, ax, ay);
		else
			cairo_line_to(cr, ax, ay);
		cairo_curve_to(cr, ax + k * (cx - ax), ay + k * (cy - ay), bx + k * (cx - bx),
			       by + k * (cy - by), bx, by);
	}
	cairo_close_path(cr);
}

/* Add the outline of every dark region to cr's current path, in module
 * units offset by `off` (the quiet zone), corners rounded by r modules.
 * Returns the number of corners added, or -1 when out of memory. */
static long trace_outline(const pl_qr *q, cairo_t *cr, int off, double r)
{
	int w = q->width;
	size_t nedges = 2 * (size_t)(w + 1) * (size_t)w;
	unsigned char *used = calloc(nedges, 1);
	/* a loop has at most one corner per edge */
	int *pts = malloc(2 * nedges * sizeof *pts);
	long segments = 0;

	if (!used || !pts) {
		free(used);
		free(pts);
		return -1;
	}
	for (int sy = 0; sy <= w; sy++) {
		for (int sx = 0; sx < w; sx++) {
			int above = pl_qr_dark(q, sx, sy - 1), below = pl_qr_dark(q, sx, sy);
			int vx, vy, d;
			size_t n = 0;

			if (above == below || used[(size_t)sy * (size_t)w + (size_t)sx])
				continue;
			/* Start on this horizontal edge; its direction follows from
			 * which side is dark. */
			d = below ? EAST : WEST;
			vx = below ? sx : sx + 1;
			vy = sy;
			for (;;) {
				int nd = d;

				used[edge_index(w, vx, vy, d)] = 1;
				vx += step_x[d];
				vy += step_y[d];
				/* Right turn first, then straight on, then left. */
				for (int turn = 1; turn >= -1; turn--) {
					nd = (d + turn + 4) % 4;
					if (edge_out(q, vx, vy, nd))
						break;
				}
				if (nd != d && n < nedges) {
					/* A corner: the only points a polygon needs. */
					pts[2 * n] = vx;
					pts[2 * n + 1] = vy;
					n++;
				}
				d = nd;
				if (used[edge_index(w, vx, vy, d)])
					break; /* back on the loop's first edge */
			}
			emit_loop(cr, pts, n, off, r);
			segments += (long)n;
		}
	}
	free(used);
	free(pts);
	return segments;
}

static const cairo_user_data_key_t ops_key, links_key, zp_key;

void pl_qr_attach_ops(cairo_surface_t *s, pl_buf *ops)
{
	cairo_surface_set_user_data(s, &ops_key, ops, NULL);
}

void pl_qr_attach_zpieces(cairo_surface_t *s, pl_zpieces *zp)
{
	cairo_surface_set_user_data(s, &zp_key, zp, NULL);
}

void pl_qr_attach_links(cairo_surface_t *s, pl_buf *links)
{
	cairo_surface_set_user_data(s, &links_key, links, NULL);
}

/* A PDF number followed by a space. */
static void ops_num(pl_buf *b, double v)
{
	pl_buf_pdf_num(b, v);
	pl_buf_add(b, " ", 1);
}

/* A non-negative integer in decimal at o; returns the end. */
static char *put_int(char *o, int v)
{
	char tmp[12];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n)
		*o++ = tmp[--n];
	return o;
}

/* The dark modules as `x y w 1 re` runs in module units, quiet zone
 * included. Module rows run downwards: cairo's device space is y-down, and
 * so is the page's space after cairo's first cm. Numbers are small
 * integers, written by hand: a page's few hundred runs through printf cost
 * more than the rest of the code's drawing. */
static void body_ops(const pl_qr *q, pl_buf *b)
{
	char row[32];

	for (int my = 0; my < q->width; my++) {
		const unsigned char *r = q->dark + (size_t)my * (size_t)q->width;
		for (int mx = 0; mx < q->width;) {
			int end = mx;
			while (end < q->width && r[end])
				end++;
			if (end > mx) {
				char *o = row;
				o = put_int(o, mx + PL_QR_QUIET_MODULES);
				*o++ = ' ';
				o = put_int(o, my + PL_QR_QUIET_MODULES);
				*o++ = ' ';
				o = put_int(o, end - mx);
				memcpy(o, " 1 re\n", 6);
				pl_buf_add(b, row, (size_t)(o + 6 - row));
				mx = end;
			} else {
				mx++;
			}
		}
	}
}

int pl_qr_compress_ops(pl_qr *q)
{
	pl_buf b = {0};
	int rc;

	if (q->body.z)
		return 0;
	body_ops(q, &b);
	rc = b.oom ? -1 : pl_zpiece_make(&q->body, b.s, b.len);
	pl_buf_free(&b);
	return rc;
}

/* The dark modules as PDF operators (see pl_qr_attach_ops); cr's current
 * transformation maps module units, quiet zone included, to the page. */
static void write_ops(const pl_qr *q, cairo_t *cr, const double dark[3], pl_buf *b, pl_zpieces *zp)
{
	cairo_matrix_t m;

	cairo_get_matrix(cr, &m);
	pl_buf_puts(b, "q\n");
	ops_num(b, m.xx);
	ops_num(b, m.yx);
	ops_num(b, m.xy);
	ops_num(b, m.yy);
	ops_num(b, m.x0);
	ops_num(b, m.y0);
	pl_buf_puts(b, "cm\n");
	if (dark[0] == dark[1] && dark[1] == dark[2]) {
		ops_num(b, dark[0]);
		pl_buf_puts(b, "g\n");
	} else {
		for (int i = 0; i < 3; i++)
			ops_num(b, dark[i]);
		pl_buf_puts(b, "rg\n");
	}
	if (q->body.z && zp && !pl_zpieces_add(zp, b->len, &q->body)) {
		pl_buf_puts(b, "f\nQ\n");
		return;
	}
	body_ops(q, b);
	pl_buf_puts(b, "f\nQ\n");
}

/* Whether the whole symbol (0..total module units) lies inside the clip. */
static int unclipped(cairo_t *cr, int total)
{
	double x0, y0, x1, y1, eps = 1e-6;

	cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
	return x0 <= eps && y0 <= eps && x1 >= total - eps && y1 >= total - eps;
}

/* A code's drawing starts here: state saved (the caller restores), the
 * light square under the code when `light` is given, then coordinates in
 * module units of the whole symbol (total modules a side): every vertex is
 * an integer, so the path is exact whatever the printed size. */
static void begin_code(cairo_t *cr, double x, double y, double size, const double *light, int total)
{
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
	if (light) {
		cairo_set_source_rgb(cr, light[0], light[1], light[2]);
		cairo_rectangle(cr, x, y, size, size);
		cairo_fill(cr);
	}
	cairo_translate(cr, x, y);
	cairo_scale(cr, size / total, size / total);
}

void pl_qr_draw(const pl_qr *q, cairo_t *cr, double x, double y, double size,
		const double dark[3], const double light[3])
{
	pl_buf *ops = cairo_surface_get_user_data(cairo_get_target(cr), &ops_key);

	int total = q->width + 2 * PL_QR_QUIET_MODULES;
	static const double black[3] = { 0, 0, 0 };

	if (!dark)
		dark = black;
	begin_code(cr, x, y, size, light, total);
	if (ops && unclipped(cr, total)) {
		write_ops(q, cr, dark, ops, cairo_surface_get_user_data(cairo_get_target(cr), &zp_key));
		cairo_restore(cr);
		return;
	}
	if (trace_outline(q, cr, PL_QR_QUIET_MODULES, 0) < 0) {
		/* Out of memory for the edge bitmap (a few KB): fall back to
		 * per-module squares rather than print nothing. */
		cairo_new_path(cr);
		for (int my = 0; my < q->width; my++)
			for (int mx = 0; mx < q->width; mx++)
				if (pl_qr_dark(q, mx, my))
					cairo_rectangle(cr, mx + PL_QR_QUIET_MODULES,
							my + PL_QR_QUIET_MODULES, 1, 1);
	}
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
	cairo_set_source_rgb(cr, dark[0], dark[1], dark[2]);
	cairo_fill(cr);
	cairo_restore(cr);
}

/* ---- Styles and logos ---------------------------------------------------- */

int pl_qr_style_of(const char *name, pl_qr_style *style)
{
	if (!name || !strcmp(name, "square"))
		*style = PL_QR_SQUARE;
	else if (!strcmp(name, "rounded"))
		*style = PL_QR_ROUNDED;
	else if (!strcmp(name, "dots"))
		*style = PL_QR_DOTS;
	else
		return -1;
	return 0;
}

const char *pl_qr_style_name(pl_qr_style style)
{
	return style == PL_QR_ROUNDED ? "rounded" : style == PL_QR_DOTS ? "dots" : "square";
}

char pl_qr_ec(const pl_qr *q)
{
	return q->ec;
}

int pl_qr_logo_cap(const pl_qr *q)
{
	int w = q->width;
	int s = (int)floor(sqrt(PL_QR_LOGO_MAX_SHARE * w * w));

	/* (w - s) / 2 >= 9: the corners' finder (7), separator (1) and format
	 * bits (1) stay whole, and the timing lines (row and column 6) run
	 * only between the corners. */
	if (s > w - 18)
		s = w - 18;
	if (s > 0 && (s & 1) != (w & 1))
		s--;
	return s < PL_QR_LOGO_MIN_PAD ? 0 : s;
}

/* Whether module (x, y) belongs to one of the three finder patterns. */
static int in_finder(int w, int x, int y)
{
	return (x < 7 && y < 7) || (x >= w - 7 && y < 7) || (x < 7 && y >= w - 7);
}

void pl_qr_draw_styled(const pl_qr *q, cairo_t *cr, double x, double y, double size,
		       const double dark[3], const double light[3], pl_qr_style style, int hole)
{
	static const double black[3] = { 0, 0, 0 }, white[3] = { 1, 1, 1 };
	int w = q->width, total = w + 2 * PL_QR_QUIET_MODULES, h0;
	size_t n = (size_t)w * (size_t)w;
	pl_qr g = { .width = w, .ec = q->ec };

	if (style == PL_QR_SQUARE && hole <= 0) {
		pl_qr_draw(q, cr, x, y, size, dark, light);
		return;
	}
	if (hole > pl_qr_logo_cap(q))
		hole = pl_qr_logo_cap(q);
	if (!dark)
		dark = black;
	g.dark = malloc(n);
	if (!g.dark) {
		pl_qr_draw(q, cr, x, y, size, dark, light); /* out of memory: plain */
		return;
	}
	memcpy(g.dark, q->dark, n);
	h0 = (w - hole) / 2;
	for (int my = h0; hole > 0 && my < h0 + hole; my++)
		memset(g.dark + (size_t)my * (size_t)w + (size_t)h0, 0, (size_t)hole);
	begin_code(cr, x, y, size, light, total);
	if (hole > 0) {
		/* the logo's pad, light even over a background of another colour */
		const double *pad = light ? light : white;
		cairo_set_source_rgb(cr, pad[0], pad[1], pad[2]);
		cairo_rectangle(cr, h0 + PL_QR_QUIET_MODULES, h0 + PL_QR_QUIET_MODULES, hole, hole);
		cairo_fill(cr);
	}
	if (style == PL_QR_DOTS) {
		/* The finder patterns whole (rounded), every other module a dot:
		 * sub-paths of one path, one fill. */
		unsigned char *keep = malloc(n);
		if (keep) {
			pl_qr fg = { .width = w, .dark = keep };
			for (int my = 0; my < w; my++)
				for (int mx = 0; mx < w; mx++)
					keep[(size_t)my * (size_t)w + (size_t)mx] =
						in_finder(w, mx, my) && g.dark[(size_t)my * (size_t)w + (size_t)mx];
			trace_outline(&fg, cr, PL_QR_QUIET_MODULES, 0.5);
			free(keep);
		}
		for (int my = 0; my < w; my++)
			for (int mx = 0; mx < w; mx++)
				if (!in_finder(w, mx, my) && g.dark[(size_t)my * (size_t)w + (size_t)mx]) {
					cairo_new_sub_path(cr);
					cairo_arc(cr, mx + PL_QR_QUIET_MODULES + 0.5, my + PL_QR_QUIET_MODULES + 0.5,
						  0.46, 0, 2 * M_PI);
				}
	} else if (trace_outline(&g, cr, PL_QR_QUIET_MODULES, style == PL_QR_ROUNDED ? 0.5 : 0) < 0) {
		cairo_new_path(cr);
		for (int my = 0; my < w; my++)
			for (int mx = 0; mx < w; mx++)
				if (pl_qr_dark(&g, mx, my))
					cairo_rectangle(cr, mx + PL_QR_QUIET_MODULES, my + PL_QR_QUIET_MODULES, 1, 1);
	}
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
	cairo_set_source_rgb(cr, dark[0], dark[1], dark[2]);
	cairo_fill(cr);
	cairo_restore(cr);
	free(g.dark);
}

/* ---- Links ------------------------------------------------------------- */

/* cairo 1.16 copies the uri attribute into the PDF string unescaped, and the
 * attribute itself is a single-quoted string: percent-encode what would
 * break either (RFC 3986 §2.1), and everything that is not printable ASCII
 * (a PDF /URI is ASCII; RFC 3987 §3.1 maps an IRI to a URI this way).
 * Existing %XX escapes are left as they are. */
static char *uri_escape(const char *uri)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(uri);
	char *out = malloc(3 * n + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("()\\'\"<>", *p)) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

/* A number with three decimals into the buffer, whatever the C locale (a
 * front-end that calls setlocale could otherwise get "12,5" here). */
static void fmt_num(pl_buf *b, double v)
{
	long long m = llround(v * 1000.0);
	unsigned long long a = m < 0 ? (unsigned long long)-m : (unsigned long long)m;

	pl_buf_printf(b, "%s%llu.%03llu", m < 0 ? "-" : "", a / 1000, a % 1000);
}

void pl_link_area(cairo_t *cr, double x, double y, double w, double h, const char *uri)
{
	pl_buf attr = {0};
	pl_buf *links = cairo_surface_get_user_data(cairo_get_target(cr), &links_key);
	char *esc, *s;

	if (!uri || !*uri || cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_PDF)
		return;
	esc = uri_escape(uri);
	if (!esc)
		return;
	/* cairo 1.16 takes the rect in device units (PDF points from the page's
	 * top-left corner) and ignores the current transformation: checked with
	 * a translated and scaled CTM, /Rect came out untransformed. So map the
	 * corners ourselves and pass their bounding box (a rotated area gets the
	 * box that encloses it: a PDF /Rect is axis-aligned anyway). */
	{
		double px[4] = { x, x + w, x, x + w }, py[4] = { y, y, y + h, y + h };
		double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

		for (int i = 0; i < 4; i++) {
			cairo_user_to_device(cr, &px[i], &py[i]);
			if (i == 0 || px[i] < x0) x0 = px[i];
			if (i == 0 || px[i] > x1) x1 = px[i];
			if (i == 0 || py[i] < y0) y0 = py[i];
			if (i == 0 || py[i] > y1) y1 = py[i];
		}
		x = x0;
		y = y0;
		w = x1 - x0;
		h = y1 - y0;
	}
	if (links) {
		/* the stream writer makes the annotation (pl_qr_attach_links) */
		fmt_num(links, x);
		pl_buf_puts(links, " ");
		fmt_num(links, y);
		pl_buf_puts(links, " ");
		fmt_num(links, w);
		pl_buf_puts(links, " ");
		fmt_num(links, h);
		pl_buf_printf(links, " %s\n", esc);
		free(esc);
		return;
	}
	pl_buf_puts(&attr, "rect=[");
	fmt_num(&attr, x);
	pl_buf_puts(&attr, " ");
	fmt_num(&attr, y);
	pl_buf_puts(&attr, " ");
	fmt_num(&attr, w);
	pl_buf_puts(&attr, " ");
	fmt_num(&attr, h);
	pl_buf_printf(&attr, "] uri='%s'", esc);
	free(esc);
	s = pl_buf_take(&attr);
	if (!s)
		return;
	cairo_tag_begin(cr, CAIRO_TAG_LINK, s);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	free(s);
}

double pl_phone_px_per_mm(double code_mm)
{
	double d = fmax(code_mm * PL_PHONE_DISTANCE_RATIO, PL_PHONE_MIN_DISTANCE_MM);

	return PL_PHONE_FRAME_PX / (PL_PHONE_FOV_RATIO * d);
}
