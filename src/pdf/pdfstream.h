/* pdfstream.h — the streaming PDF writer for batches: sits between cairo's
 * PDF surface (as its write function) and a FILE, and does on the fly what
 * pdfpost.c does with libqpdf on a whole document in memory — fixed
 * document information and dates, a deterministic /ID, no DeviceRGB page
 * groups, TrimBox/BleedBox — so memory stays flat however many pages a run
 * has. It also appends each page's "extra" content (the QR codes, as a
 * few `re` operators on integer module coordinates, see qr.h) to that page.
 *
 * It relies on the way cairo 1.16 writes a PDF: objects one after another
 * ("N 0 obj … endobj"), each stream's /Length in the indirect object that
 * follows it, every page's content wrapped in q … Q after a y-flipping cm,
 * the page dictionary written right after its content, and a classic xref
 * table at the end. Anything else is reported as an error, never guessed. */
#ifndef PL_PDFSTREAM_H
#define PL_PDFSTREAM_H

#include <cairo.h>
#include <stdio.h>

#include "base/error.h"
#include "pdf/pdfpost.h"
#include "base/util.h"
#include "base/zpiece.h"

typedef struct pl_pdfw pl_pdfw;

/* A writer onto `out` (not closed by the writer). meta: title, date, boxes
 * (copied). NULL when out of memory. */
pl_pdfw *pl_pdfw_new(FILE *out, const pl_pdf_meta *meta);
void pl_pdfw_free(pl_pdfw *w);

/* cairo_write_func_t: give it to cairo_pdf_surface_create_for_stream with
 * the writer as closure. */
cairo_status_t pl_pdfw_write(void *closure, const unsigned char *data, unsigned int len);

/* Pieces of the page cairo is drawing now, in the order of their `at`. */
pl_zpieces *pl_pdfw_page_zpieces(pl_pdfw *w);

/* The document's title (its information dictionary, written at the end). */
void pl_pdfw_set_title(pl_pdfw *w, const char *title);

/* Content (PDF operators) to append to the page cairo is drawing now; it is
 * written with the page when cairo emits it. Borrowed; append only. */
pl_buf *pl_pdfw_page_extra(pl_pdfw *w);

/* The links of the page cairo is drawing now (qr.h, pl_qr_attach_links):
 * each becomes a link annotation of that page, numbered with the object
 * number its resources free when they move into the page dictionary.
 * Needs meta.page_h. Borrowed; append only. */
pl_buf *pl_pdfw_page_links(pl_pdfw *w);

/* Resources the page's extra content names (impose.h's cut lines), one
 * per line as "/Category /Name object" (the object written out whole, a
 * direct one): merged into the page's resources, which then move into the
 * page dictionary. Borrowed; append only. */
pl_buf *pl_pdfw_page_resources(pl_pdfw *w);

/* After cairo_surface_finish: writes the cross-reference table and trailer
 * and flushes. -1 with err when cairo's output was not as expected or the
 * file could not be written. */
int pl_pdfw_finish(pl_pdfw *w, pl_error *err);

#endif
