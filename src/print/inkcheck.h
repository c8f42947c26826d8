/* inkcheck.h — the print shop's own checks, for --pdfx output (`render
 * --pdfx`, and `check --pdfx`), on top of preflight.h's:
 *  - from what the page recorded (items.h): small text (under 12 pt) in a
 *    near-black that is not pure black, which converts to a four-colour
 *    black instead of black ink only; lines thinner than 0.25 pt;
 *  - from the converted PDF: the total area coverage (C+M+Y+K per pixel of
 *    a 72 dpi Ghostscript tiff32nc raster) over the ink limit (default
 *    300 %, --ink-limit); RGB colours left (pdfaudit.h); fonts not
 *    embedded; for PDF/X-3 and X-1a, transparency left.
 * Each finding says what to change, like preflight's. */
#ifndef PL_INKCHECK_H
#define PL_INKCHECK_H

#include <stddef.h>

#include "base/error.h"
#include "layout/items.h"
#include "layout/layout.h"
#include "data/record.h"

typedef struct pl_shop_check {
	int pdfx;              /* pl_pdfx (pdf/pdfx.h) */
	double ink_limit;      /* percent, e.g. 300 */
	const pl_layout *layout;
	double offset;         /* the trim's distance from the page's top-left corner, points */
} pl_shop_check;

/* Findings from one page's items; -1 when out of memory. */
int pl_shop_check_page(const pl_shop_check *c, const pl_record *rec, const pl_page_items *items,
		       pl_diag *findings, pl_error *err);
/* Findings from the converted PDF whose page i shows recs[i]; `src` is
 * cairo's PDF before the conversion (for X-3 and X-1a: transparency there
 * means Ghostscript turned the page into a picture). -1 when Ghostscript
 * or qpdf fails (err says why). */
int pl_shop_check_pdf(const pl_shop_check *c, const unsigned char *pdf, size_t n, const unsigned char *src,
		      size_t src_n, const pl_record *const *recs, size_t n_recs, pl_diag *findings, pl_error *err);

#endif
