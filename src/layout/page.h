/* page.h — the layout engine: one record + one layout + a theme → one page
 * drawn on a cairo context whose origin is the trim box's top-left corner.
 * Expands templates, drops blocks without data, closes up columns, fits
 * text, places QR codes and images, and reports findings (text that does not
 * fit, missing glyphs, QR modules too small). A text dump of the same
 * geometry (for tests) comes from the same code. */
#ifndef PL_PAGE_H
#define PL_PAGE_H

#include <cairo.h>
#include <stdbool.h>

#include "base/error.h"
#include "layout/layout.h"
#include "layout/items.h"
#include "data/record.h"
#include "draw/text.h"
#include "base/util.h"

typedef struct pl_page_ctx pl_page_ctx;

typedef struct pl_page_opts {
	const char *datadir;
	const char *lang;      /* --lang: show this translation as primary */
	const char *theme;     /* --theme: overrides the layout's theme */
	bool latin_digits;
	double bleed;          /* bleed drawn around the trim (0 unless --print) */
	bool qr_ops;           /* pl_page_ready_new compresses QR operators ahead (qr.h) */
	/* --cmyk and --pdfx: colours written cmyk(…) are drawn in a placeholder
	 * RGB (their likeness to 1/100, the last digits numbering them) that
	 * the conversion's first pass turns into those inks (pdfpost.h). */
	bool cmyk_colors;
} pl_page_opts;

pl_page_ctx *pl_page_ctx_new(const pl_layout *layout, pl_fonts *fonts, const pl_page_opts *opts,
			     pl_error *err);
void pl_page_ctx_free(pl_page_ctx *pc);
/* The placeholders drawn so far: n entries of 7 numbers, the RGB cairo was
 * given then the four inks (0..1). */
const double *pl_page_cmyk_map(const pl_page_ctx *pc, size_t *n);

/* Check what could make a record unrenderable (its theme, images, a URL too
 * long for a QR code) before anything is drawn. -1 with err if so. */
int pl_page_prepare(pl_page_ctx *pc, const pl_record *rec, pl_error *err);

/* Draw one record. Findings go to `findings` (may be NULL); a geometry dump
 * to `dump` (may be NULL). Returns -1 with err when the record cannot be
 * rendered (missing image, URL too long for a QR code …): nothing useful was
 * drawn and the caller skips the record. */
int pl_page_draw(pl_page_ctx *pc, cairo_t *cr, const pl_record *rec, pl_diag *findings,
		 pl_buf *dump, pl_error *err);

/* While `items` is set, every draw appends what it puts on the page to it
 * (NULL stops), with, for each QR code, a view of the area around it as a
 * phone would see it (items.h): all that preflight needs. */
void pl_page_collect(pl_page_ctx *pc, pl_page_items *items);

/* A record made ready for drawing on any thread (no cairo, no fonts, no
 * context): its derived fields (dates in its languages, the QR URL and
 * label) and its QR codes, encoded. The batch renderer makes them on the
 * second core while this one draws (render.c). NULL with err when the record
 * cannot be rendered (a URL too long for a QR code) or out of memory. */
typedef struct pl_page_ready pl_page_ready;
enum { PL_READY_MAX_QR = 4 };
pl_page_ready *pl_page_ready_new(const pl_layout *layout, const pl_page_opts *opts, const pl_record *rec,
				 pl_error *err);
void pl_page_ready_free(pl_page_ready *r);
/* While r is in use (NULL: none), prepare, draw and preflight's re-draw of
 * r's record take its derived fields and codes instead of making them
 * again; r must outlive its use. */
void pl_page_use(pl_page_ctx *pc, const pl_page_ready *r);

/* The title the PDF's metadata gets for a record (primary title). */
const char *pl_page_title(const pl_record *rec);

#endif
