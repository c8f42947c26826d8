/* pngtool.c — raster checks for tests/t_sheets.sh, on cairo's PNG reader
 * (no netpbm or ImageMagick needed). Built by the script itself.
 *
 *   pngtool bbox IN.png X Y W H
 *       bounding box of the inked (not near-white) pixels inside the
 *       rectangle, printed as "x0 y0 x1 y1" in pixels of IN.png, or "none".
 *   pngtool dark IN.png X Y W H
 *       how many pixels inside the rectangle are near black (a mark).
 *   pngtool assemble DPI MARGIN_MM ROWS COLS OUT.png TILE.png...
 *       rebuilds a poster from its tiles the way a person does: finds each
 *       tile's short corner marks (its window) and long marks (where the
 *       next tile's edge goes) in the margin, cuts the window out and lays
 *       it at the place the neighbour's marks say. Prints each placement.
 *   pngtool compare A.png B.png MAX_MEAN MAX_BAD [DIFF.png]
 *       mean absolute difference per channel (0–255) of 4 × 4-pixel block
 *       averages over the common area, and the fraction of blocks differing
 *       by more than 64; exit 1 when
 *       the sizes differ by more than 3 pixels or a limit is passed.
 *       DIFF.png (one pixel per block) shows those blocks in black.
 *   pngtool refdiff REF.png NEW.png TOL MAX_PIXELS DIFF.png
 *       a render against its reference image (tests/t_refs.sh): counts the
 *       pixels whose colour differs from the reference by more than TOL
 *       (0–255, in any channel); exit 1 when the sizes differ or more than
 *       MAX_PIXELS pixels do ("0.2%": that share of the image), and then
 *       writes DIFF.png: the reference faded, the differing pixels in red.
 *
 * Marks as impose.c draws them (README "Tiles"): 0.75 pt lines in the
 * margin; corner marks run 1–4 mm out from the window's corners, long marks
 * 1–7 mm. A scan line 2.5 mm from the window crosses both kinds, one at
 * 5.5 mm only the long marks. */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct img {
	cairo_surface_t *s;
	unsigned char *d;
	int w, h, stride;
} img;

static int load(const char *path, img *im)
{
	im->s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(im->s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngtool: cannot read %s\n", path);
		return -1;
	}
	if (cairo_image_surface_get_format(im->s) != CAIRO_FORMAT_RGB24 &&
	    cairo_image_surface_get_format(im->s) != CAIRO_FORMAT_ARGB32) {
		/* grey or other PNGs: paint onto an RGB24 surface */
		cairo_surface_t *c = cairo_image_surface_create(CAIRO_FORMAT_RGB24, cairo_image_surface_get_width(im->s),
								cairo_image_surface_get_height(im->s));
		cairo_t *cr = cairo_create(c);
		cairo_set_source_surface(cr, im->s, 0, 0);
		cairo_paint(cr);
		cairo_destroy(cr);
		cairo_surface_destroy(im->s);
		im->s = c;
	}
	cairo_surface_flush(im->s);
	im->d = cairo_image_surface_get_data(im->s);
	im->w = cairo_image_surface_get_width(im->s);
	im->h = cairo_image_surface_get_height(im->s);
	im->stride = cairo_image_surface_get_stride(im->s);
	return 0;
}

static const unsigned char *px(const img *im, int x, int y)
{
	return im->d + (size_t)y * (size_t)im->stride + (size_t)x * 4;
}

static int lum(const img *im, int x, int y)
{
	const unsigned char *p = px(im, x, y); /* B G R x */
	return (p[0] * 114 + p[1] * 587 + p[2] * 299) / 1000;
}

static int cmd_bbox(char **a)
{
	img im;
	int X = atoi(a[1]), Y = atoi(a[2]), W = atoi(a[3]), H = atoi(a[4]);
	int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;

	if (load(a[0], &im))
		return 2;
	for (int y = Y < 0 ? 0 : Y; y < Y + H && y < im.h; y++)
		for (int x = X < 0 ? 0 : X; x < X + W && x < im.w; x++)
			if (lum(&im, x, y) < 235) {
				x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
			}
	if (x1 < 0)
		printf("none\n");
	else
		printf("%d %d %d %d\n", x0, y0, x1, y1);
	return 0;
}

static int cmd_dark(char **a)
{
	img im;
	int X = atoi(a[1]), Y = atoi(a[2]), W = atoi(a[3]), H = atoi(a[4]), n = 0;

	if (load(a[0], &im))
		return 2;
	for (int y = Y < 0 ? 0 : Y; y < Y + H && y < im.h; y++)
		for (int x = X < 0 ? 0 : X; x < X + W && x < im.w; x++)
			n += lum(&im, x, y) < 40;
	printf("%d\n", n);
	return 0;
}

/* Centres of dark runs along a row (vertical marks) or a column. */
static int runs(const img *im, int fixed, int along_x, double *out, int max)
{
	int n = 0, start = -1, len = along_x ? im->w : im->h;

	for (int i = 0; i <= len; i++) {
		int dark = i < len && (along_x ? lum(im, i, fixed) : lum(im, fixed, i)) < 128;
		if (dark && start < 0)
			start = i;
		if (!dark && start >= 0) {
			if (n < max) /* pixel k spans [k, k + 1): its centre is k + 0.5 */
				out[n++] = (start + i) / 2.0;
			start = -1;
		}
	}
	return n;
}

/* Marks crossed at distance A (both kinds) but not at B (long only). */
static int corner_marks(const double *a, int na, const double *b, int nb, double *out)
{
	int n = 0;

	for (int i = 0; i < na; i++) {
		int is_long = 0;
		for (int j = 0; j < nb; j++)
			is_long |= fabs(a[i] - b[j]) < 2;
		if (!is_long && n < 2)
			out[n++] = a[i];
	}
	return n;
}

typedef struct tile {
	img im;
	double l, r, t, b;   /* window edges, from the corner marks */
	double gx, gy;       /* long marks: where the next tile's edge goes; < 0 none */
	double px, py;       /* where the window lands on the poster */
} tile;

static int find_marks(tile *t, double dpm, double margin_mm)
{
	double a[16], b[16], c[2];
	int na, nb;
	int yA = (int)lround((margin_mm - 2.5) * dpm), yB = (int)lround((margin_mm - 5.5) * dpm);

	na = runs(&t->im, yA, 1, a, 16);
	nb = runs(&t->im, yB, 1, b, 16);
	if (corner_marks(a, na, b, nb, c) != 2)
		return -1;
	t->l = c[0], t->r = c[1];
	t->gx = nb == 1 ? b[0] : -1;
	na = runs(&t->im, yA, 0, a, 16); /* the same distances in the left margin */
	nb = runs(&t->im, yB, 0, b, 16);
	if (corner_marks(a, na, b, nb, c) != 2)
		return -1;
	t->t = c[0], t->b = c[1];
	t->gy = nb == 1 ? b[0] : -1;
	return 0;
}

static int cmd_assemble(int argc, char **a)
{
	double dpi = atof(a[0]), margin = atof(a[1]), dpm = dpi / 25.4;
	int rows = atoi(a[2]), cols = atoi(a[3]), n = rows * cols, W = 0, H = 0;
	const char *out = a[4];
	tile *t;
	cairo_surface_t *canvas;
	cairo_t *cr;

	if (argc - 5 != n) {
		fprintf(stderr, "pngtool: %d tiles given, %d × %d expected\n", argc - 5, rows, cols);
		return 2;
	}
	t = calloc((size_t)n, sizeof *t);
	for (int i = 0; i < n; i++) {
		if (load(a[5 + i], &t[i].im))
			return 2;
		if (find_marks(&t[i], dpm, margin)) {
			fprintf(stderr, "pngtool: tile %d: cannot find its corner marks\n", i + 1);
			return 1;
		}
	}
	/* Each tile's cut edge goes on its left and upper neighbours' long marks. */
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++) {
			tile *k = &t[r * cols + c];
			if (c) {
				tile *left = &t[r * cols + c - 1];
				if (left->gx < 0) {
					fprintf(stderr, "pngtool: tile %d has no long mark for its right neighbour\n", r * cols + c);
					return 1;
				}
				k->px = left->px + (left->gx - left->l);
			}
			if (r) {
				tile *up = &t[(r - 1) * cols + c];
				if (up->gy < 0) {
					fprintf(stderr, "pngtool: tile %d has no long mark for the tile below\n", (r - 1) * cols + c + 1);
					return 1;
				}
				k->py = up->py + (up->gy - up->t);
			}
			printf("tile %d: window %.0f,%.0f–%.0f,%.0f px, placed at %.0f,%.0f\n", r * cols + c + 1, k->l, k->t,
			       k->r, k->b, k->px, k->py);
			W = (int)fmax(W, lround(k->px + k->r - k->l));
			H = (int)fmax(H, lround(k->py + k->b - k->t));
		}
	canvas = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cr = cairo_create(canvas);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	for (int i = 0; i < n; i++) {
		/* The window between the marks' centres, lines included. */
		double x0 = lround(t[i].l), y0 = lround(t[i].t);
		cairo_save(cr);
		cairo_rectangle(cr, lround(t[i].px), lround(t[i].py), lround(t[i].r - t[i].l), lround(t[i].b - t[i].t));
		cairo_clip(cr);
		cairo_set_source_surface(cr, t[i].im.s, lround(t[i].px) - x0, lround(t[i].py) - y0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
		cairo_paint(cr);
		cairo_restore(cr);
	}
	cairo_destroy(cr);
	printf("assembled %d × %d px\n", W, H);
	return cairo_surface_write_to_png(canvas, out) == CAIRO_STATUS_SUCCESS ? 0 : 2;
}

/* Mean of a channel over a 4 × 4 block: rasterising the same page at
 * another sub-pixel offset changes single edge pixels, not block means. */
static double block(const img *im, int bx, int by, int k)
{
	double s = 0;

	for (int j = 0; j < 4; j++)
		for (int i = 0; i < 4; i++)
			s += px(im, bx * 4 + i, by * 4 + j)[k];
	return s / 16;
}

static int cmd_compare(char **a, const char *diff)
{
	img x, y;
	cairo_surface_t *ds = NULL;
	unsigned char *dd = NULL;
	int dstride = 0, w, h;
	double max_mean = atof(a[2]), max_bad = atof(a[3]), sum = 0;
	long bad = 0, n = 0;

	if (load(a[0], &x) || load(a[1], &y))
		return 2;
	w = (x.w < y.w ? x.w : y.w) / 4;
	h = (x.h < y.h ? x.h : y.h) / 4;
	if (diff) {
		ds = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		cairo_surface_flush(ds);
		dd = cairo_image_surface_get_data(ds);
		dstride = cairo_image_surface_get_stride(ds);
	}
	for (int j = 0; j < h; j++)
		for (int i = 0; i < w; i++) {
			double d = 0;
			for (int k = 0; k < 3; k++) {
				double e = fabs(block(&x, i, j, k) - block(&y, i, j, k));
				sum += e;
				d = e > d ? e : d;
			}
			bad += d > 64;
			n++;
			if (dd)
				memset(dd + (size_t)j * (size_t)dstride + (size_t)i * 4, d > 64 ? 0 : 255 - (int)d / 2, 4);
		}
	if (ds) {
		cairo_surface_mark_dirty(ds);
		cairo_surface_write_to_png(ds, diff);
		cairo_surface_destroy(ds);
	}
	printf("%d×%d vs %d×%d px; over 4×4 blocks: mean difference %.2f, %.3f%% of blocks differ by more than 64\n",
	       x.w, x.h, y.w, y.h, sum / (3.0 * (double)n), 100.0 * (double)bad / (double)n);
	if (abs(x.w - y.w) > 3 || abs(x.h - y.h) > 3)
		return 1;
	return sum / (3.0 * (double)n) <= max_mean && (double)bad / (double)n <= max_bad ? 0 : 1;
}

static int cmd_refdiff(char **a)
{
	img r, n;
	int tol = atoi(a[2]);
	long max_bad = atol(a[3]), bad = 0, worst = 0;
	cairo_surface_t *ds;
	unsigned char *dd;
	int ds_stride;

	if (load(a[0], &r) || load(a[1], &n))
		return 2;
	if (strchr(a[3], '%'))
		max_bad = (long)ceil(atof(a[3]) / 100.0 * r.w * r.h);
	if (r.w != n.w || r.h != n.h) {
		printf("the render is %d×%d px, its reference %d×%d px\n", n.w, n.h, r.w, r.h);
		return 1;
	}
	ds = cairo_image_surface_create(CAIRO_FORMAT_RGB24, r.w, r.h);
	cairo_surface_flush(ds);
	dd = cairo_image_surface_get_data(ds);
	ds_stride = cairo_image_surface_get_stride(ds);
	for (int y = 0; y < r.h; y++)
		for (int x = 0; x < r.w; x++) {
			const unsigned char *p = px(&r, x, y), *q = px(&n, x, y);
			unsigned char *o = dd + (size_t)y * (size_t)ds_stride + (size_t)x * 4;
			int d = 0;
			for (int k = 0; k < 3; k++)
				d = abs(p[k] - q[k]) > d ? abs(p[k] - q[k]) : d;
			worst = d > worst ? d : worst;
			if (d > tol) {
				bad++;
				o[0] = 0, o[1] = 0, o[2] = 255, o[3] = 255; /* BGRA: red */
			} else {
				for (int k = 0; k < 3; k++)
					o[k] = (unsigned char)(255 - (255 - p[k]) / 4);
				o[3] = 255;
			}
		}
	printf("%ld of %d pixels differ by more than %d (largest difference %ld; at most %ld may)\n", bad, r.w * r.h,
	       tol, worst, max_bad);
	if (bad > max_bad) {
		cairo_surface_mark_dirty(ds);
		cairo_surface_write_to_png(ds, a[4]);
	}
	cairo_surface_destroy(ds);
	return bad > max_bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "bbox"))
		return cmd_bbox(argv + 2);
	if (argc == 7 && !strcmp(argv[1], "dark"))
		return cmd_dark(argv + 2);
	if (argc >= 8 && !strcmp(argv[1], "assemble"))
		return cmd_assemble(argc - 2, argv + 2);
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "compare"))
		return cmd_compare(argv + 2, argc == 7 ? argv[6] : NULL);
	if (argc == 7 && !strcmp(argv[1], "refdiff"))
		return cmd_refdiff(argv + 2);
	fprintf(stderr, "usage: pngtool bbox IN X Y W H | dark IN X Y W H | assemble DPI MARGIN_MM ROWS COLS OUT TILE... | compare A B MAX_MEAN MAX_BAD [DIFF] | refdiff REF NEW TOL MAX_PIXELS DIFF\n");
	return 2;
}
