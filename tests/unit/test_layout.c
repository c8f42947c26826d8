/* test_layout.c — the layout maths, through the same engine that draws:
 * percentages resolve against the trim, mirrored blocks swap sides for a
 * right-to-left language, a column closes up when a block has no data,
 * text shrinks between its max and min size and a text that cannot fit is
 * reported with its record and field. Reads the engine's geometry dump. */
#include "check.h"
#include "dump.h"
#include "layout/layout.h"
#include "layout/page.h"
#include "data/record.h"

#include <cairo.h>
#include <stdlib.h>

static pl_fonts *fonts;
static pl_layout *layout;

static char *draw(pl_record *r, pl_diag *findings)
{
	return draw_dump(layout, fonts, r, findings);
}

int main(void)
{
	pl_error err = {0};
	pl_record *r;
	pl_diag f = {0};
	char *d;

	fonts = pl_fonts_new("assets/fonts/fonts.conf", &err);
	layout = pl_layout_load(".", "tests/unit/data/layout-test.yaml", &err);
	CHECK(fonts && layout);
	if (!fonts || !layout) {
		fprintf(stderr, "%s\n", err.msg);
		return CHECK_DONE();
	}
	/* Percentages of the 148 × 210 mm trim. */
	r = pl_record_new("t.yaml", 1, 1);
	pl_record_set(r, "title", NULL, "Short", 1, 1);
	pl_record_set(r, "subtitle", NULL, "Sub", 2, 1);
	pl_record_set(r, "a", NULL, "first", 3, 1);
	pl_record_set(r, "b", NULL, "second", 4, 1);
	pl_record_set(r, "c", NULL, "third", 5, 1);
	d = draw(r, &f);
	CHECK(field(block_at(d, 6), "x=") > 14.7 && field(block_at(d, 6), "x=") < 14.9);
	CHECK(field(block_at(d, 6), "w=") > 73.9 && field(block_at(d, 6), "w=") < 74.1);
	/* A short title takes the max size. */
	CHECK(field(block_at(d, 6), "size=") == 40.0);
	/* Column: a at 100 mm, b at 100 + h(a) + 5 mm. */
	{
		double ya = field(block_at(d, 19), "y="), ha = field(block_at(d, 19), "used_h=");
		double yb = field(block_at(d, 23), "y=");
		CHECK(ya > 99.9 && ya < 100.1);
		CHECK(yb > ya + ha + 4.9 && yb < ya + ha + 5.1);
	}
	/* Left-to-right: the mirrored block stays at x = 10 mm. */
	CHECK(field(block_at(d, 10), "x=") > 9.9 && field(block_at(d, 10), "x=") < 10.1);
	CHECK(f.n == 0);
	free(d);

	/* Column closes up: without b, c takes b's place. */
	pl_record_set(r, "b", NULL, "", 4, 1);
	d = draw(r, &f);
	{
		double ya = field(block_at(d, 19), "y="), ha = field(block_at(d, 19), "used_h=");
		double yc = field(block_at(d, 27), "y=");
		CHECK(block_at(d, 23) == NULL);
		CHECK(yc > ya + ha + 4.9 && yc < ya + ha + 5.1);
	}
	free(d);

	/* No subtitle: the block drops out. */
	pl_record_set(r, "subtitle", NULL, " ", 2, 1);
	d = draw(r, &f);
	CHECK(block_at(d, 10) == NULL);
	free(d);

	/* Right-to-left primary language: mirrored block at 148 - 10 - 100 = 38 mm. */
	pl_record_set(r, "lang", NULL, "ar", 6, 1);
	pl_record_set(r, "subtitle", NULL, "مرحبا", 2, 1);
	d = draw(r, &f);
	CHECK(field(block_at(d, 10), "x=") > 37.9 && field(block_at(d, 10), "x=") < 38.1);
	CHECK(block_at(d, 10) && strstr(block_at(d, 10), " rtl") != NULL);
	free(d);

	/* A longer title shrinks, but stays within [min, max]. */
	pl_record_set(r, "title", NULL, "A title long enough to need a smaller size to fit", 1, 1);
	d = draw(r, &f);
	CHECK(field(block_at(d, 6), "size=") < 40.0 && field(block_at(d, 6), "size=") >= 10.0);
	CHECK(f.n == 0);
	free(d);

	/* Too long even at the min size: a finding naming record and field. */
	{
		pl_buf b = {0};
		for (int i = 0; i < 80; i++)
			pl_buf_puts(&b, "Verteidigt Jerusalem ");
		pl_record_set(r, "title", NULL, b.s, 7, 3);
		pl_buf_free(&b);
	}
	d = draw(r, &f);
	CHECK(f.n == 1);
	if (f.n) {
		CHECK(f.items[0].code == PL_EFIT);
		CHECK_STR(f.items[0].field, "title");
		CHECK(f.items[0].record == 1);
		CHECK(f.items[0].line == 7);
		CHECK(strstr(f.items[0].msg, "does not fit") != NULL);
	}
	CHECK(block_at(d, 6) && strstr(block_at(d, 6), "OVERFLOW") != NULL);
	free(d);

	pl_diag_free(&f);
	pl_record_free(r);
	pl_layout_free(layout);
	pl_fonts_free(fonts);
	return CHECK_DONE();
}
