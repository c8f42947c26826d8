/* test_sheet.c — imposition geometry (sheet.c): how many designs fit, where
 * they land, when they turn, how far their bleed may run, the label-sheet
 * table read from assets/label-sheets.yaml, and how a poster is tiled.
 * Expected numbers are worked out by hand in the comments. */
#include "check.h"
#include "base/config.h"
#include "print/sheet.h"

#include <math.h>
#include <stdlib.h>

#define MM(v) ((v) * PL_MM_TO_PT)
#define NEAR(a, b) (fabs((a) - (b)) < 0.01)       /* points */
#define NEAR_MM(a, mm) NEAR((a), MM(mm))

static const char *dd;

static int plan(const char *paper, const char *kind, const char *shape, double w_mm, double h_mm,
		double bleed_mm, pl_sheet_plan *p, pl_error *e)
{
	pl_sheet_opts o = {.paper = paper, .gap = -1, .margin = -1};
	pl_sheet_item it = {.kind = kind, .shape = shape, .trim_w = MM(w_mm), .trim_h = MM(h_mm),
			    .bleed = MM(bleed_mm)};
	return pl_sheet_plan_make(dd, &o, &it, p, e);
}

static void stickers_on_a4(void)
{
	pl_sheet_plan p;
	pl_error e = {0};

	/* 60 mm circles, 3 mm gap, 8 mm margins on 210 × 297:
	 * columns floor((194 + 3) / 63) = 3, rows floor((281 + 3) / 63) = 4;
	 * grid 186 × 249 mm centred: x0 = 12, y0 = 24. */
	CHECK(plan("A4", "sticker", "circle", 60, 60, 2, &p, &e) == 0);
	CHECK(p.cols == 3 && p.rows == 4 && p.n == 12 && !p.rotate);
	CHECK(p.cut_contour && !p.cut_marks && !p.label);
	CHECK(NEAR_MM(p.slots[0].x, 12) && NEAR_MM(p.slots[0].y, 24));
	CHECK(NEAR_MM(p.slots[11].x, 12 + 2 * 63) && NEAR_MM(p.slots[11].y, 24 + 3 * 63));
	/* The bleed (2 mm) stops half way into the 3 mm gap: 1.5 mm. Outside
	 * edges keep the full 2 mm. */
	CHECK(NEAR_MM(p.slots[4].clip_x, 12 + 63 - 1.5) && NEAR_MM(p.slots[4].clip_w, 60 + 3));
	CHECK(NEAR_MM(p.slots[0].clip_x, 12 - 2) && NEAR_MM(p.slots[0].clip_w, 60 + 2 + 1.5));
	pl_sheet_plan_free(&p);
}

static void flyers(void)
{
	pl_sheet_plan p;
	pl_error e = {0};

	/* Four A6 on A4, edge to edge: 2 × 148 = 296 leaves 0.5 mm top and bottom. */
	CHECK(plan("A4", "flyer", NULL, 105, 148, 3, &p, &e) == 0);
	CHECK(p.cols == 2 && p.rows == 2 && !p.rotate && p.cut_marks && !p.cut_contour);
	CHECK(NEAR_MM(p.slots[0].x, 0) && NEAR_MM(p.slots[0].y, 0.5) && NEAR_MM(p.slots[3].x, 105));
	/* No bleed across a cut between two flyers, 0.5 mm into the margin. */
	CHECK(NEAR_MM(p.slots[0].clip_w, 105) && NEAR_MM(p.slots[0].clip_y, 0) && NEAR_MM(p.slots[0].clip_h, 148.5));
	pl_sheet_plan_free(&p);
	/* Two A5 on A4: turned, one above the other. */
	CHECK(plan("A4", "flyer", NULL, 148, 210, 3, &p, &e) == 0);
	CHECK(p.rotate && p.cols == 1 && p.rows == 2 && NEAR_MM(p.foot_w, 210) && NEAR_MM(p.foot_h, 148));
	pl_sheet_plan_free(&p);
	/* Two half-letter flyers on letter, turned. */
	CHECK(plan("letter", "flyer", NULL, 139.7, 215.9, 3, &p, &e) == 0);
	CHECK(p.rotate && p.n == 2);
	pl_sheet_plan_free(&p);
	/* An A3 poster does not fit on A4: a usage error that names --tile. */
	CHECK(plan("A4", "poster", NULL, 297, 420, 3, &p, &e) == -1);
	CHECK(e.code == PL_EUSAGE && strstr(e.msg, "--tile"));
}

static void label_sheets(void)
{
	pl_label_sheet ls;
	pl_sheet_plan p;
	pl_error e = {0};

	/* Avery 5160: 2 5/8 × 1 in, 3 × 10, margins 3/16 in and 1/2 in, pitch 2 3/4 in. */
	CHECK(pl_label_sheet_find(dd, "AVERY-5160", &ls, &e) == 1);
	CHECK(NEAR(ls.w, 2.625 * 72) && NEAR(ls.h, 72) && ls.cols == 3 && ls.rows == 10 && !ls.round);
	CHECK(NEAR(ls.left, 0.1875 * 72) && NEAR(ls.top, 36) && NEAR(ls.pitch_x, 2.75 * 72) && NEAR(ls.pitch_y, 72));
	CHECK(NEAR(ls.paper_w, 612) && NEAR(ls.paper_h, 792));
	CHECK(pl_label_sheet_find(dd, "no-such-sheet", &ls, &e) == 0);
	/* Avery L7650: 63.5 mm circles, left 5.25, top 14.75, pitch 68 mm.
	 * A 60 mm round sticker sits in the middle: 1.75 mm all round. */
	CHECK(plan("avery-l7650", "sticker", "circle", 60, 60, 2, &p, &e) == 0);
	CHECK(p.label && p.label_round && p.n == 12 && !p.cut_contour && !p.cut_marks);
	CHECK(NEAR_MM(p.slots[0].x, 7) && NEAR_MM(p.slots[0].y, 16.5));
	CHECK(NEAR_MM(p.slots[11].x, 5.25 + 2 * 68 + 1.75) && NEAR_MM(p.slots[11].y, 14.75 + 3 * 68 + 1.75));
	/* Print 2 mm past the label (the gap is 4.5 mm), clipped round. */
	CHECK(NEAR_MM(p.slots[0].clip_w, 67.5) && NEAR(p.slots[0].clip_r, p.slots[0].clip_w / 2));
	pl_sheet_plan_free(&p);
	/* A 50 mm square's diagonal (70.7 mm) does not fit a 63.5 mm circle. */
	CHECK(plan("avery-l7650", "sticker", "square", 50, 50, 2, &p, &e) == -1 && e.code == PL_EUSAGE);
	pl_error_clear(&e);
	/* 90 × 50 on Avery 5163 (4 × 2 in): centred, 5.8 mm and 0.4 mm spare. */
	CHECK(plan("avery-5163", "sticker", "rounded", 90, 50, 2, &p, &e) == 0);
	CHECK(NEAR(p.slots[0].x, 0.15625 * 72 + (4 * 72 - MM(90)) / 2) && NEAR(p.slots[0].y, 36 + (144 - MM(50)) / 2));
	pl_sheet_plan_free(&p);
	pl_error_clear(&e);
	CHECK(plan("A5x", "sticker", "circle", 60, 60, 2, &p, &e) == -1 && strstr(e.msg, "label-sheets.yaml"));
}

static void tiles(void)
{
	pl_tile_plan t;
	pl_error e = {0};

	/* A3 on A4 with 15 mm margins: windows 180 × 267 mm; 2 columns
	 * (297 > 180), 2 rows (420 > 267, 420 − 267 ≤ 267 − 10); spread:
	 * steps 117 and 153 mm, overlaps 63 and 114 mm. Landscape needs 6. */
	CHECK(pl_tile_plan_make("A4", MM(297), MM(420), MM(15), MM(10), &t, &e) == 0);
	CHECK(t.cols == 2 && t.rows == 2 && NEAR_MM(t.paper_w, 210));
	CHECK(NEAR_MM(t.win_w, 180) && NEAR_MM(t.win_h, 267) && NEAR_MM(t.step_x, 117) && NEAR_MM(t.step_y, 153));
	/* A2 on A4: portrait needs 3 × 3 (1 + ⌈240/170⌉, 1 + ⌈327/257⌉);
	 * landscape windows 267 × 180 need 2 × 4 (1 + ⌈153/257⌉,
	 * 1 + ⌈414/170⌉) = 8 sheets, so the paper turns. */
	CHECK(pl_tile_plan_make("A4", MM(420), MM(594), MM(15), MM(10), &t, &e) == 0);
	CHECK(t.cols == 2 && t.rows == 4 && NEAR_MM(t.paper_w, 297) && NEAR_MM(t.win_w, 267));
	CHECK(pl_tile_plan_make("A6", MM(420), MM(594), MM(15), MM(10), &t, &e) == -1 && e.code == PL_EUSAGE);
}

int main(void)
{
	dd = getenv("PLACARD_DATADIR") ? getenv("PLACARD_DATADIR") : ".";
	stickers_on_a4();
	flyers();
	label_sheets();
	tiles();
	return CHECK_DONE();
}
