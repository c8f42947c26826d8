/* impose.h — imposition as a pass over a finished PDF (render.c calls it
 * after pdfpost.c). Each page of the input holds one design (a record); it
 * becomes a Form XObject placed N-up on sheets of paper (--sheet), cut into
 * overlapping tiles (--tile), or left alone with a die-cut line added
 * (--print stickers). Cut lines go on a Separation spot colour named
 * CutContour (or another name), overprinting, stroke only, as sticker
 * printers' RIPs expect (PRINT-NOTES). Marks and tile labels are drawn with
 * cairo and Pango, so their text is real embedded text like the rest.
 *
 * With pdfpost.c, the other module that includes libqpdf. */
#ifndef PL_IMPOSE_H
#define PL_IMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "layout/layout.h"
#include "print/sheet.h"
#include "draw/text.h"
#include "base/util.h"

/* What the command line asked for (render.h carries it). */
typedef struct pl_impose_opts {
	const char *sheet;     /* --sheet: A4, letter, A3 or a label sheet; NULL = none */
	const char *tile;      /* --tile: A4, letter or A3; NULL = none */
	double gap, margin, overlap; /* points; < 0 = the default */
	bool fill;             /* --fill: each design fills a sheet of its own */
	const char *cut_name;  /* --cut-name; NULL = CutContour */
	/* double-sided designs (duplex.h) */
	bool duplex_short;     /* --duplex short: backs turned for a flip on the short edge */
	double back_x, back_y; /* --back-offset: points, right and down on the back as printed */
} pl_impose_opts;

/* A planned pass: made before anything is drawn, so a design that does not
 * fit the paper is reported at once. NULL without error when the run needs
 * no imposition. `bleed`: the bleed drawn around each page's trim; `offset`:
 * the trim's distance from the page's top-left corner; `print`: --print (a
 * lone sticker then gets its die-cut line). */
typedef struct pl_impose pl_impose;
pl_impose *pl_impose_new(const char *datadir, const pl_impose_opts *o, const pl_layout *l, bool print,
			 double bleed, double offset, pl_error *err);
/* Replace *pdf (malloc'ed, from pdfpost.c) by its imposed version. */
int pl_impose_apply(const pl_impose *im, pl_fonts *fonts, unsigned char **pdf, size_t *n, pl_error *err);
void pl_impose_free(pl_impose *im);

/* The input pages: every page shows one design whose trim starts `offset`
 * points from the page's left and top edges. */
typedef struct pl_impose_src {
	const char *layout;    /* the layout's name, printed on tiles */
	pl_sheet_item item;
	double offset;
} pl_impose_src;

typedef struct pl_impose_out {
	unsigned char *pdf;    /* caller frees */
	size_t n;
	size_t pages;          /* sheets or tiles written */
} pl_impose_out;

/* N-up: designs in page order fill the slots of `plan`, or with `fill` each
 * design fills a whole sheet of its own. cut_name: NULL for CutContour. */
int pl_impose_sheets(const unsigned char *in, size_t n, const pl_impose_src *src,
		     const pl_sheet_plan *plan, bool fill, const char *cut_name, pl_fonts *fonts,
		     pl_impose_out *out, pl_error *err);

/* Tiles: every page becomes plan->rows × plan->cols tiles, row by row. */
int pl_impose_tiles(const unsigned char *in, size_t n, const pl_impose_src *src,
		    const pl_tile_plan *plan, pl_fonts *fonts, pl_impose_out *out, pl_error *err);

/* A die-cut line around the trim of every page, in place. */
int pl_impose_cut(const unsigned char *in, size_t n, const pl_impose_src *src, const char *cut_name,
		  pl_impose_out *out, pl_error *err);

/* ---- sheets streamed like plain PDFs (render.c with pdfstream.h) ----
 * N-up sheets (not --fill) need no pass over the whole document: each
 * design is drawn straight onto its slot of the sheet cairo is drawing, the
 * marks with it, and the cut line appended as operators of the page with
 * the resources they name. Memory then stays flat however many sheets.
 * Coordinates are cairo's: points from the sheet's top-left corner. */

/* The plan when the run's sheets can be streamed, else NULL. */
const pl_sheet_plan *pl_impose_stream_plan(const pl_impose *im);
/* Clip cr to slot k's printable area and transform it so that a design
 * page (its trim `offset` from its top-left corner) lands on the slot. */
void pl_impose_slot(const pl_impose *im, cairo_t *cr, size_t k);
/* The sheet's crop marks (flyers and posters), drawn on cr. */
void pl_impose_marks(const pl_impose *im, cairo_t *cr);
/* The cut lines of the first `used` slots as page operators (in the
 * y-down space of cairo's page content, appended to ops) and the resources
 * they name, as lines "/Category /Name object" (appended to res, for
 * pdfstream.h's pl_pdfw_page_resources). Nothing when the sheet has none. */
void pl_impose_cut_ops(const pl_impose *im, size_t used, pl_buf *ops, pl_buf *res);

/* Whether a cut-line name can be used as a spot colour name (letters,
 * digits, '-', '_' and '.', 1–63 of them). */
bool pl_impose_cut_name_ok(const char *name);

#endif
