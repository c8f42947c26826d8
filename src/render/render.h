/* render.h — a whole run: records + layout → output files. Validates the
 * records (a bad one is skipped and reported with its number and field),
 * draws every page, post-processes PDFs (pdfpost.c), and writes each file to
 * a temporary name in the target folder that is renamed only when complete,
 * so an output file is whole or absent. The CLI (cli.c) is a thin shell over
 * pl_render and pl_render_qr. */
#ifndef PL_RENDER_H
#define PL_RENDER_H

#include <stdbool.h>

#include "data/data.h"
#include "base/error.h"
#include "print/impose.h"
#include "data/record.h"

enum { PL_SIDE_BOTH, PL_SIDE_FRONT, PL_SIDE_BACK };

typedef struct pl_render_opts {
	const char *datadir;   /* where layouts/ and assets/ are */
	const char *layout;    /* built-in name or file path */
	const char *out;       /* file, or pattern with {field}; NULL = nothing written (check) */
	const char *lang;      /* --lang */
	const char *theme;     /* --theme */
	bool print;            /* --print: bleed, crop marks, boxes */
	bool cmyk;             /* --cmyk: PDF converted to CMYK (cmyk.h); PDF only */
	int pdfx;              /* --pdfx: a pl_pdfx (pdfx.h); 0 = none; implies print */
	int intent;            /* --intent: a pl_intent; 0 = by the paper's region */
	bool no_marks;         /* --no-marks: bleed and boxes but no crop marks */
	double ink_limit;      /* --ink-limit: percent; 0 = PL_INK_LIMIT */
	pl_impose_opts impose; /* --sheet, --tile, --cut-name …: N-up, tiles, cut lines (impose.h) */
	double bleed_pt;       /* --bleed (points); < 0 = the layout's */
	bool strict;           /* findings fail the run; nothing written */
	bool latin_digits;
	double dpi;            /* PNG output */
	int side;              /* PNG and SVG of a double-sided layout: PL_SIDE_BOTH (each back in a
				  file of its own, NAME-back.png), PL_SIDE_FRONT or PL_SIDE_BACK only */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
} pl_render_opts;

typedef struct pl_render_result {
	size_t rendered;       /* records drawn */
	size_t skipped;        /* invalid records left out */
	size_t files;          /* files written */
	size_t events;         /* a schedule layout: the events listed on its pages (else 0) */
	bool two_sided;        /* the layout has a back: two pages a record */
	bool side_files;       /* PNG, SVG: each back in a file of its own, NAME-back.png */
	pl_diag problems;      /* skipped records and findings, in order */
} pl_render_result;

/* Returns 0 when something was rendered (see result for problems), -1 with
 * err when nothing could be (bad layout, no valid record, cannot write). */
int pl_render(const pl_render_opts *opts, const pl_records *recs, pl_render_result *res,
	      pl_error *err);
/* The same from a source (data.h): records are read as they are drawn, so
 * a check or a plain PDF batch keeps one record (and a few ahead) in memory
 * at a time. Other outputs (one file per record, PNG, SVG, sheets, tiles,
 * --cmyk) hold the records. */
int pl_render_source(const pl_render_opts *opts, pl_source *src, pl_render_result *res, pl_error *err);
void pl_render_result_free(pl_render_result *res);

/* A lone QR code for url into out (.pdf, .png or .svg), size_pt square
 * including the quiet zone. */
int pl_render_qr(const char *url, char ec, double size_pt, const char *out, double dpi,
		 pl_error *err);

/* `placard duplex-test`: the two-page calibration sheet of duplex.h on
 * paper o->sheet (A4 when NULL), with o's --duplex and --back-offset, into
 * out (a .pdf), whole or absent. */
int pl_render_duplex_test(const pl_impose_opts *o, const char *out, pl_error *err);

/* Where placard's data (layouts/, assets/) is: $PLACARD_DATADIR, next to the
 * executable (a build tree), or the install prefix. Never NULL. */
const char *pl_datadir(void);

#endif
