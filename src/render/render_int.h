/* render_int.h — what render.c (the run: records drawn, checked and
 * written) and output.c (output names and patterns, whole-or-absent files,
 * the lone QR code) share, and no one else. */
#ifndef PL_RENDER_INT_H
#define PL_RENDER_INT_H

#include "render/render.h"
#include "base/atomic.h"
#include "print/scan.h"
#include "base/config.h"
#include "data/data.h"
#include "render/feed.h"
#include "layout/events.h"
#include "layout/layout.h"
#include "layout/page.h"
#include "pdf/cmyk.h"
#include "pdf/grommets.h"
#include "pdf/pdfx.h"
#include "print/inkcheck.h"
#include "print/duplex.h"
#include "print/impose.h"
#include "pdf/pdfpost.h"
#include "pdf/pdfstream.h"
#include "print/preflight.h"
#include "print/scanq.h"
#include "draw/qr.h"
#include "draw/text.h"
#include "base/util.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Streamed PDFs wait in temporary files until every record is drawn (for
 * --strict). Up to this many are anonymous, each holding a descriptor;
 * more (one file per record) are named and parked (atomic.h). */
#define PL_MAX_OPEN_TEMPS 64

typedef enum fmt { FMT_PDF, FMT_PNG, FMT_SVG } fmt;

time_t rn_doc_date(void);
/* The fonts of a run: placard's own set (assets/fonts/fonts.conf). */
pl_fonts *rn_fonts(const pl_render_opts *o, pl_error *err);
cairo_surface_t *rn_memory_surface(fmt f, pl_buf *out, double w, double h, double scale);
char *rn_numbered(const char *path, size_t k);
int rn_out_format(const char *out, fmt *f, pl_error *err);
char *rn_pattern_name(const char *pat, const pl_record *r);
int rn_put_in_place(pl_atomic *at, pl_error *err);
int rn_raster_ok(double w_pt, double h_pt, double dpi, const char *out, pl_error *err);
FILE *rn_temp_beside(const char *path, pl_atomic **at, int anonymous, pl_error *err);
int rn_write_atomic(const char *path, const void *data, size_t n, pl_error *err);
cairo_status_t rn_to_buf(void *closure, const unsigned char *data, unsigned int len);
/* Give the PNG in png (as cairo writes it) an sRGB profile: an iCCP chunk
 * holding PL_SRGB_ICC, right after IHDR. -1 (PL_EDEP) when the profile is
 * missing, PL_ENOMEM. */
int rn_png_srgb(pl_buf *png, pl_error *err);

/* A run on a schedule layout (schedule.c): the events read from src and
 * checked (bad ones skipped, in res->problems), listed by sched on the
 * records `pages`, which src gives in their place. */
typedef struct rn_sched {
	pl_records events, pages;
	pl_schedule *sched;
	pl_source *src;
} rn_sched;
int rn_schedule(pl_page_ctx *pc, pl_source *src, pl_render_result *res, rn_sched *sc, pl_error *err);
void rn_schedule_free(rn_sched *sc);

#endif
