/* duplex.h — the backs of double-sided designs, kept in register with their
 * fronts for a duplex printer (README "Double-sided designs").
 *
 * A printer turns the paper over on its long edge (--duplex long, the
 * default: the back's x is mirrored, W - x) or on its short edge (--duplex
 * short: the back's y is mirrored, H - y). Each back is placed where the
 * flip puts it behind its front, and turned so that the cut design reads
 * the right way up when turned over like a book page: on a long-edge flip
 * the slots are mirrored, on a short-edge flip they are also turned 180°.
 * --back-offset then moves everything on the back sheet by (x, y) points,
 * right and down as the back is printed, to make up for a printer that
 * drifts. Coordinates are cairo's: points from the top-left corner. */
#ifndef PL_DUPLEX_H
#define PL_DUPLEX_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/util.h"
#include "draw/text.h"
#include "print/impose.h"

/* Transform cr so that what is then drawn in front-sheet coordinates lands
 * behind its place on the front (the offset included): a mirror. */
void pl_duplex_sheet(cairo_t *cr, double paper_w, double paper_h, const pl_impose_opts *o);
/* Mirror a design page of width page_w (x -> page_w - x): after
 * pl_duplex_sheet and the front's placement, the back reads upright. */
void pl_duplex_design(cairo_t *cr, double page_w);

/* The back of slot k of a streamed sheet (impose.h): clipped and placed
 * behind the front's slot k. page_w: the design page's width. */
void pl_duplex_slot(const pl_impose *im, const pl_impose_opts *o, cairo_t *cr, size_t k, double page_w);
/* The back sheet's crop marks: the front's, behind them. */
void pl_duplex_marks(const pl_impose *im, const pl_impose_opts *o, cairo_t *cr);

/* `placard duplex-test`: a two-page PDF on the paper o->sheet (A4 when
 * NULL) into out — a cross and two rulers on the front, the same behind
 * them on the back (with the duplex mode and offset of o), whose labels on
 * the back read as the --back-offset to give. */
int pl_duplex_test(const pl_impose_opts *o, pl_fonts *fonts, pl_buf *out, pl_error *err);

#endif
