/* qr.h — the one module that includes libqrencode. Encodes a URL and draws
 * it as vector art: one path, one fill (no hairline seams between modules),
 * with a quiet zone of PL_QR_QUIET_MODULES modules on every side. Also adds
 * the PDF link annotation that makes the code clickable. */
#ifndef PL_QR_H
#define PL_QR_H

#include <cairo.h>

#include "error.h"

typedef struct pl_qr pl_qr;

/* ec is one of 'L', 'M', 'Q', 'H' (0 means 'M'). Fails when the text is too
 * long for any QR version at that level (message says to shorten the URL or
 * lower the level). */
pl_qr *pl_qr_new(const char *text, char ec, pl_error *err);
void pl_qr_free(pl_qr *q);

/* Modules per side, without the quiet zone. */
int pl_qr_width(const pl_qr *q);
/* Whether module (x, y) is dark; 0 <= x, y < width. */
int pl_qr_dark(const pl_qr *q, int x, int y);

/* Draw the code so that the whole symbol *including* its quiet zone fills the
 * square (x, y, size, size) in user units. light (may be NULL = leave the
 * background as is) paints the square first; dark is the module colour.
 * Colours are RGB 0..1. The dark modules are one path and one fill. */
void pl_qr_draw(const pl_qr *q, cairo_t *cr, double x, double y, double size,
		const double dark[3], const double light[3]);

/* Size of one module in user units when drawn into `size`. */
double pl_qr_module(const pl_qr *q, double size);

/* A clickable link over (x, y, w, h) in user units on a PDF surface (no-op
 * on other surfaces). The URI is percent-encoded where cairo 1.16 would
 * write it unescaped ( ( ) \ and non-ASCII ). */
void pl_link_area(cairo_t *cr, double x, double y, double w, double h, const char *uri);

#endif
