/* grommets.c — banner grommet marks; see grommets.h. */
#include "pdf/grommets.h"
#include "base/config.h"

#include <math.h>

/* Tint 1 → 100 % cyan in a proof; the shop's RIP goes by the name. */
const char pl_grommet_cs[] =
	"[/Separation /" PL_GROMMET_NAME " /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [1 0 0 0] /N 1 >>]";
const char pl_grommet_gs[] = "<< /Type /ExtGState /OP true /op true /OPM 1 >>";

/* Stops along an edge of length len: both ends `in` from the corners,
 * then evenly between, at most `step` apart. */
static int stops(double len, double in, double step)
{
	double span = len - 2 * in;

	return span <= 0 ? 0 : (int)ceil(span / step - 1e-9);
}

size_t pl_grommet_positions(double W, double H, double *xy, size_t max)
{
	double in = PL_GROMMET_INSET_MM * PL_MM_TO_PT, step = PL_GROMMET_SPACING_MM * PL_MM_TO_PT;
	int nx = stops(W, in, step), ny = stops(H, in, step);
	size_t n = 0;

#define PUT(X, Y) do { if (n < max) { xy[2 * n] = (X); xy[2 * n + 1] = (Y); } n++; } while (0)
	if (nx <= 0 || ny <= 0)
		return 0;
	PUT(in, in);
	PUT(W - in, in);
	PUT(in, H - in);
	PUT(W - in, H - in);
	for (int i = 1; i < nx; i++) {
		double x = in + (W - 2 * in) * i / nx;
		PUT(x, in);
		PUT(x, H - in);
	}
	for (int i = 1; i < ny; i++) {
		double y = in + (H - 2 * in) * i / ny;
		PUT(in, y);
		PUT(W - in, y);
	}
#undef PUT
	return n;
}

void pl_grommet_ops(pl_buf *ops, double ox, double oy, double W, double H)
{
	double xy[2 * 64], r = PL_GROMMET_MARK_MM / 2 * PL_MM_TO_PT, k = 0.5523 * r, c = 0.75 * r;
	size_t n = pl_grommet_positions(W, H, xy, 64);

	if (n > 64)
		n = 64;
	pl_buf_printf(ops, "q /PlGrommetGS gs /PlGrommet CS 1 SCN %.2f w\n", PL_GROMMET_LINE_PT);
	for (size_t i = 0; i < n; i++) {
		double x = ox + xy[2 * i], y = oy + xy[2 * i + 1];
		/* the ring, four Bézier quarters from its right-hand point */
		pl_buf_printf(ops, "%.3f %.3f m\n", x + r, y);
		pl_buf_printf(ops, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", x + r, y + k, x + k, y + r, x, y + r);
		pl_buf_printf(ops, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", x - k, y + r, x - r, y + k, x - r, y);
		pl_buf_printf(ops, "%.3f %.3f %.3f %.3f %.3f %.3f c\n", x - r, y - k, x - k, y - r, x, y - r);
		pl_buf_printf(ops, "%.3f %.3f %.3f %.3f %.3f %.3f c h\n", x + k, y - r, x + r, y - k, x + r, y);
		/* the cross at its centre: where the punch goes */
		pl_buf_printf(ops, "%.3f %.3f m %.3f %.3f l\n", x - c, y, x + c, y);
		pl_buf_printf(ops, "%.3f %.3f m %.3f %.3f l\n", x, y - c, x, y + c);
	}
	pl_buf_puts(ops, "S\nQ\n");
}
