/* scanq.h — QR decoding on the second core. The drawing thread renders each
 * page's QR square into a grey raster (preflight.c, as on one thread) and
 * hands the pixels to a worker thread that runs only zbar (scan.c): no cairo
 * and no fonts there, so nothing of cairo's or Pango's is shared between the
 * threads. zbar keeps no shared state per decode (each decode makes its own
 * image scanner; the library's one global is the mutex of its reference
 * counts), so a verdict is the one a lone thread would reach. Verdicts come
 * back in the order the rasters went in; at most PL_SCANQ_WINDOW rasters
 * wait at a time, so memory does not grow with the number of pages. */
#ifndef PL_SCANQ_H
#define PL_SCANQ_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

enum { PL_SCANQ_WINDOW = 16 };

typedef struct pl_scanq pl_scanq;

/* Start the worker; NULL when no thread can be made (decode in place). */
pl_scanq *pl_scanq_start(void);

/* Queue grey (w × h bytes, taken over) with the caller's ctx. The caller
 * keeps fewer than PL_SCANQ_WINDOW queued (pl_scanq_queued): -1 when full. */
int pl_scanq_put(pl_scanq *q, unsigned char *grey, int w, int h, void *ctx);

/* Queue a recording surface (taken over) of paths and fills only — no
 * text, no pictures, so the worker needs no fonts — to be painted onto a
 * white px × px raster there (pl_scan_grey_replay) and decoded. */
int pl_scanq_put_recording(pl_scanq *q, cairo_surface_t *rec, int px, void *ctx);

/* Rasters queued and not yet taken. */
size_t pl_scanq_queued(const pl_scanq *q);

/* The oldest raster's verdict: 1 with *n (codes found, -1 on error), *texts
 * (as pl_scan_qr's, the caller frees it) and *ctx; 0 when nothing is queued,
 * or when the oldest is not decoded yet and wait is false. */
int pl_scanq_take(pl_scanq *q, bool wait, int *n, char ***texts, void **ctx);

/* Stop the worker and free what is left (take everything first: the ctx of
 * what is left is not freed). NULL is fine. */
void pl_scanq_stop(pl_scanq *q);

#endif
