/* scan.h — the one module that includes libzbar: decodes QR codes from a
 * raster of a rendered page, as a phone camera would, for preflight and tests. */
#ifndef PL_SCAN_H
#define PL_SCAN_H

#include <cairo.h>

/* Decode every QR code in an image surface (any cairo image format). Returns
 * the number of codes found (0 none, -1 on error); *texts is a NULL-terminated
 * array of decoded strings the caller frees with pl_scan_free. */
int pl_scan_qr(cairo_surface_t *img, char ***texts);
void pl_scan_free(char **texts);
/* The two halves of pl_scan_qr, so the decoding can run on another thread
 * than the drawing: pl_scan_grey_of makes an 8-bit grey copy of an image
 * surface (w × h bytes, malloc'd; NULL when out of memory), pl_scan_grey
 * decodes it (it takes grey over) with zbar only: no cairo, no fonts. */
unsigned char *pl_scan_grey_of(cairo_surface_t *img, int *w, int *h);
int pl_scan_grey(unsigned char *grey, int w, int h, char ***texts);
/* The grey of a recording surface painted over white on a px × px raster
 * (what preflight records around a code; see scanq.h). */
unsigned char *pl_scan_grey_replay(cairo_surface_t *rec, int px, int *w, int *h);
/* pl_scan_qr keeps its last few answers per thread, keyed by the raster
 * itself (an identical raster is not decoded twice); this frees the calling
 * thread's. */
void pl_scan_cache_clear(void);

#endif
