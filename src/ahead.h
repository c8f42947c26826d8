/* ahead.h — the second core in a batch. A worker thread with its own fonts
 * (its own PangoFontMap and PangoContext: Pango objects are not shared
 * between threads) and its own page context goes through the records ahead
 * of the drawing thread: it lays out every page (drawn into nothing), runs
 * the whole preflight (the QR code re-drawn at phone resolution and decoded
 * with zbar, contrast, margins, dpi) and keeps each page's findings. The
 * drawing thread draws page i into the PDF itself, with its own fonts, and
 * takes page i's findings from here, in record order: the output bytes and
 * the findings are those of a single-threaded run. */
#ifndef PL_AHEAD_H
#define PL_AHEAD_H

#include <stddef.h>

#include "error.h"
#include "page.h"

typedef struct pl_ahead pl_ahead;

/* Start the worker on recs[0..n); fonts_conf as for pl_fonts_new. The
 * layout and the records must outlive pl_ahead_stop. NULL with err when the
 * thread or its fonts cannot be set up (the caller then works alone). */
pl_ahead *pl_ahead_start(const char *fonts_conf, const pl_layout *layout, const pl_page_opts *po,
			 const pl_record *const *recs, size_t n, pl_error *err);

/* Wait for page i (in order: 0, 1, 2 …) and append its findings to
 * `findings`. -1 with err when the worker could not check it (out of
 * memory, or the page failed to draw: the drawing thread reports that). */
int pl_ahead_take(pl_ahead *a, size_t i, pl_diag *findings, pl_error *err);

/* Stop the worker (it may be ahead) and free everything. NULL is fine. */
void pl_ahead_stop(pl_ahead *a);

#endif
