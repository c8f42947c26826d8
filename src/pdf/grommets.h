/* grommets.h — where a banner's grommets go, marked for the print shop
 * (--print on a layout of kind banner): a ring with a cross at each corner
 * and evenly between them at most PL_GROMMET_SPACING_MM apart, their
 * centres PL_GROMMET_INSET_MM in from the trim, on a Separation spot colour
 * of their own (PL_GROMMET_NAME) that overprints, so the marks are a plate
 * of their own and never knock out the artwork. The operators are written
 * here; pdfpost.c (a finished PDF) and render.c (a streamed one, with
 * pdfstream.h) put them on the page. */
#ifndef PL_GROMMETS_H
#define PL_GROMMETS_H

#include <stddef.h>

#include "base/util.h"

/* The mark centres, in points from the trim's top-left corner (y down), as
 * x, y pairs into xy (room for max pairs); returns how many there are
 * (which may be more than max). Corners first, then along the top, bottom,
 * left and right edges. */
size_t pl_grommet_positions(double trim_w, double trim_h, double *xy, size_t max);

/* The marks as page operators in a y-down space where the trim's top-left
 * corner is at (ox, oy), naming the resources /PlGrommet (colour space) and
 * /PlGrommetGS (overprint). */
void pl_grommet_ops(pl_buf *ops, double ox, double oy, double trim_w, double trim_h);

/* Those resources as objects in PDF syntax. */
extern const char pl_grommet_cs[];
extern const char pl_grommet_gs[];

#endif
