/* sheet.h — the geometry of imposition, without any PDF: where each copy of
 * a design lands on a sheet of paper (N-up with a gap and margins, or in the
 * pre-cut shapes of a label sheet from assets/label-sheets.yaml), and how a
 * large poster is split into overlapping tiles. impose.c turns a plan into
 * PDF pages; the unit tests check the numbers here directly.
 *
 * Lengths are PDF points, measured from the sheet's top-left corner. */
#ifndef PL_SHEET_H
#define PL_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

/* What is being imposed: the design's trim size and shape. */
typedef struct pl_sheet_item {
	const char *kind;      /* "sticker", "flyer", "poster" */
	const char *shape;     /* stickers: circle, square, rounded, rect; NULL for none */
	double radius;         /* corner radius of a rounded shape */
	double trim_w, trim_h;
	double bleed;          /* bleed the source pages carry around the trim */
} pl_sheet_item;

/* Options of --sheet. A negative length means "the default for this kind". */
typedef struct pl_sheet_opts {
	const char *paper;     /* A4, letter, A3 … or a label-sheet name */
	double gap, margin;
} pl_sheet_opts;

/* One place on the sheet. */
typedef struct pl_slot {
	double x, y;           /* top-left corner of the design's trim on the sheet */
	double clip_x, clip_y, clip_w, clip_h, clip_r; /* what of the bleed may print */
} pl_slot;

typedef struct pl_sheet_plan {
	double paper_w, paper_h;
	bool rotate;           /* designs turned 90° anticlockwise */
	double foot_w, foot_h; /* the design's trim as it lies on the sheet */
	int cols, rows;
	pl_slot *slots;        /* cols × rows, row by row from the top-left */
	size_t n;
	double gap_x, gap_y;   /* between neighbouring trims */
	bool label;            /* a pre-cut label sheet: no cut lines, no marks */
	char label_name[64];
	double label_w, label_h; /* the pre-cut shape, when label */
	bool label_round;
	bool cut_marks;        /* flyers and posters: crop marks on the cut lines */
	bool cut_contour;      /* stickers: a die-cut line around each design */
} pl_sheet_plan;

/* Plan the sheet. Fails (PL_EUSAGE) with a sentence saying what to do when
 * the paper or label sheet is unknown or the design does not fit on it. */
int pl_sheet_plan_make(const char *datadir, const pl_sheet_opts *o, const pl_sheet_item *it,
		       pl_sheet_plan *plan, pl_error *err);
void pl_sheet_plan_free(pl_sheet_plan *plan);

/* A pre-cut label sheet, as read from assets/label-sheets.yaml. */
typedef struct pl_label_sheet {
	char name[64], product[128];
	double paper_w, paper_h;
	bool round;
	double w, h, left, top, pitch_x, pitch_y;
	int cols, rows;
} pl_label_sheet;

/* Look a label sheet up by name (case-insensitive). 1 found, 0 not found,
 * -1 with err when the table cannot be read. */
int pl_label_sheet_find(const char *datadir, const char *name, pl_label_sheet *out, pl_error *err);

/* --tile: the poster (poster_w × poster_h) split over sheets of paper. Each
 * tile prints a window of the poster inside a margin; neighbouring windows
 * overlap by at least `overlap`. */
typedef struct pl_tile_plan {
	double paper_w, paper_h; /* as printed (turned when landscape needs fewer sheets) */
	double margin;
	double win_w, win_h;     /* the part of the poster on each tile */
	double step_x, step_y;   /* from one window to the next, in poster points */
	int cols, rows;
} pl_tile_plan;

int pl_tile_plan_make(const char *paper, double poster_w, double poster_h, double margin,
		      double overlap, pl_tile_plan *plan, pl_error *err);

#endif
