/* preflight.h — what a print shop would check before printing, run on every
 * page that is drawn (`placard check`, and warnings during `render`). The
 * layout engine (page.c) records what it put on the page — coloured areas,
 * text with its ink box, colour and size, images with their printed size,
 * QR codes with their URL — into a pl_page_items list (layout/items.h);
 * pl_preflight_page
 * turns that list into findings (SPEC "Preflight"):
 *   - a QR code that does not decode, read by libzbar from a raster of the
 *     page at the resolution a phone camera would see it, or whose modules
 *     are under PL_QR_MIN_MODULE_MM;
 *   - images under PL_IMAGE_MIN_DPI at their printed size;
 *   - text, images or QR codes crossing the safe margin (or the trim);
 *   - text whose contrast with what is under it is below WCAG 2.x's
 *     thresholds (4.5:1, 3:1 for large text).
 * Findings carry record, field and the layout line; severities are decided
 * here, in one place. */
#ifndef PL_PREFLIGHT_H
#define PL_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "draw/qr.h"
#include "layout/items.h"
#include "layout/layout.h"
#include "data/record.h"

/* WCAG 2.x relative luminance of an sRGB colour (0..1 channels) and the
 * contrast ratio of two colours, 1..21. */
double pl_luminance(const double rgb[3]);
double pl_contrast(const double a[3], const double b[3]);

/* Findings for one drawn page. `items` is what pl_page_draw recorded for
 * `rec`; QR codes are decoded from the views the page drew of them
 * (items.h), never by calling back into the layout engine. Appends to `findings`; -1 only when out of memory. */
int pl_preflight_page(const pl_layout *layout, const pl_record *rec,
		      const pl_page_items *items, pl_diag *findings, pl_error *err);

/* The same with the QR decoding on the second core (scanq.h) when qa->q is
 * set: the code's raster is drawn here and queued, and its finding, if any,
 * is put into `findings` later, where this call would have appended it.
 * pl_preflight_settle waits for every queued verdict; call it before the
 * findings are read (and before qa->q is stopped). */
typedef struct pl_qr_async {
	struct pl_scanq *q;
	size_t inserted;     /* findings put in by verdicts so far */
} pl_qr_async;

int pl_preflight_page_async(const pl_layout *layout, const pl_record *rec,
			    const pl_page_items *items, pl_diag *findings, pl_qr_async *qa, pl_error *err);
int pl_preflight_settle(pl_qr_async *qa, pl_error *err);

#endif
