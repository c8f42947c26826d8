/* image.h — logos and pictures: SVG (librsvg, kept vector), PNG, and JPEG
 * (embedded in the PDF as the original JPEG bytes, not re-encoded). The type
 * comes from the file's content, not its name. Limits (bytes, pixel count)
 * are checked from the header before decoding. */
#ifndef PL_IMAGE_H
#define PL_IMAGE_H

#include <cairo.h>

#include "base/error.h"

typedef struct pl_image pl_image;

typedef enum pl_image_kind { PL_IMAGE_SVG, PL_IMAGE_PNG, PL_IMAGE_JPEG } pl_image_kind;

pl_image *pl_image_load(const char *path, pl_error *err);
void pl_image_free(pl_image *img);

pl_image_kind pl_image_kind_of(const pl_image *img);
/* Intrinsic size: pixels for PNG/JPEG, CSS px for SVG (96 per inch). */
void pl_image_size(const pl_image *img, double *w, double *h);

/* Draw scaled to fit inside (x, y, w, h) keeping the aspect ratio, aligned by
 * halign/valign (-1 start/top, 0 centre, 1 end/bottom). The rectangle actually
 * covered is written to out (x, y, w, h) when out is not NULL. With cover
 * non-zero the image fills the box instead, cropped to it. */
int pl_image_draw(const pl_image *img, cairo_t *cr, double x, double y, double w, double h,
		  int halign, int valign, int cover, double out[4], pl_error *err);

/* Effective resolution in dpi when printed `printed_w_pt` points wide; 0 for
 * vector images. */
double pl_image_dpi(const pl_image *img, double printed_w_pt);

#endif
