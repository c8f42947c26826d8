/* qr.h — the one module that includes libqrencode. Encodes a URL and draws
 * it as vector art: one path, one fill (no hairline seams between modules),
 * with a quiet zone of PL_QR_QUIET_MODULES modules on every side. Also adds
 * the PDF link annotation that makes the code clickable. */
#ifndef PL_QR_H
#define PL_QR_H

#include <cairo.h>

#include "base/error.h"
#include "base/util.h"
#include "base/zpiece.h"

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

/* Module styles: square (the traced outline), rounded (the same outline with
 * every corner rounded by half a module), dots (round modules; the three
 * finder patterns stay whole, rounded). Each is one path with one fill. */
typedef enum pl_qr_style { PL_QR_SQUARE, PL_QR_ROUNDED, PL_QR_DOTS } pl_qr_style;

/* "square", "rounded", "dots" into *style; -1 when unknown. */
int pl_qr_style_of(const char *name, pl_qr_style *style);
const char *pl_qr_style_name(pl_qr_style style);

/* The side, in modules, of the largest centred square a logo's light pad
 * may clear in this code: an area of at most PL_QR_LOGO_MAX_SHARE of the
 * symbol's, clear of the finder patterns, their separators and format
 * bits (the 9 x 9 corners) and so of the timing lines; odd, so that it sits
 * on module lines. 0 when the code is too small to hold a logo. */
int pl_qr_logo_cap(const pl_qr *q);

/* The error-correction level the code was made at: 'L', 'M', 'Q' or 'H'. */
char pl_qr_ec(const pl_qr *q);

/* pl_qr_draw in a style, with the centred `hole` x `hole` modules (0: none;
 * at most pl_qr_logo_cap) cleared to the light colour for a logo. The
 * square style without a hole is pl_qr_draw itself. */
void pl_qr_draw_styled(const pl_qr *q, cairo_t *cr, double x, double y, double size,
		       const double dark[3], const double light[3], pl_qr_style style, int hole);

/* Batches (render.c with pdfstream.h): while an operator buffer is attached
 * to a PDF surface, pl_qr_draw paints the light square through cairo as
 * usual but writes the dark modules as PDF operators into `ops` instead of
 * a cairo path: one path of `x y w 1 re` run rectangles on integer module
 * coordinates under one `cm`, one fill, in DeviceGray when the colour is a
 * grey (so black stays black ink only). The caller appends `ops` to the page
 * after cairo's content, where cairo's initial y-flip is the current
 * transformation, so the matrix maps straight to cairo's device space. A
 * code that a clip would cut is drawn through cairo instead. NULL detaches. */
void pl_qr_attach_ops(cairo_surface_t *s, pl_buf *ops);

/* With a piece list attached as well, a code whose operators were
 * compressed ahead (pl_qr_compress_ops) adds them as a piece (pdfstream.h)
 * instead of as text: the page's stream then needs no compressing. */
void pl_qr_attach_zpieces(cairo_surface_t *s, pl_zpieces *zp);
/* Compress the code's dark-module operators now (any thread; before the
 * code is shared). -1 when out of memory: it is then written as text. */
int pl_qr_compress_ops(pl_qr *q);

/* Likewise for pl_link_area on a PDF surface: instead of cairo's link tags
 * (costly: a tenth of a batch's time), one line per link is appended to
 * `links`, "x y w h uri" — the area in points from the page's top-left
 * corner, the URI percent-encoded (no spaces, no parentheses) — for the
 * stream writer to make the annotation (pdfstream.h). */
void pl_qr_attach_links(cairo_surface_t *s, pl_buf *links);

/* Size of one module in user units when drawn into `size`. */
double pl_qr_module(const pl_qr *q, double size);

/* A clickable link over (x, y, w, h) in user units on a PDF surface (no-op
 * on other surfaces). The URI is percent-encoded where cairo 1.16 would
 * write it unescaped ( ( ) \ and non-ASCII ). */
void pl_link_area(cairo_t *cr, double x, double y, double w, double h, const char *uri);

/* Raster resolution (pixels per mm) at which a phone camera sees a code of
 * `code_mm` (quiet zone included), held at a tenth of a metre per cm of code
 * but never closer than it can focus (PL_PHONE_* in config.h). */
double pl_phone_px_per_mm(double code_mm);

#endif
