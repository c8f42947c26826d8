/* test_bend.c — layouts that bend (issue 12): an optional block that does
 * not fit at its min size drops out with a note and its column closes up; a
 * required text that does not fit takes the room of the optional block
 * above it; a list field (hashtags) loses items from its end with a note;
 * a required text that cannot fit is still an error. Reads the engine's
 * geometry dump and its findings. */
#include "check.h"
#include "dump.h"
#include "layout/layout.h"
#include "layout/page.h"
#include "data/record.h"

#include <cairo.h>
#include <stdlib.h>

enum { L_ORG = 11, L_TITLE = 17, L_SUB = 21, L_DATE = 26, L_TAGS = 30, L_CTA = 35 };

static pl_fonts *fonts;
static pl_layout *layout;

static char *draw(pl_record *r, pl_diag *findings)
{
	return draw_dump(layout, fonts, r, findings);
}

/* The one finding of `code` about `fld`, or NULL. */
static const pl_finding *find(const pl_diag *d, pl_code code, const char *fld)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].code == code && !strcmp(d->items[i].field, fld))
			return &d->items[i];
	return NULL;
}

static char *repeat(const char *s, int n)
{
	pl_buf b = {0};

	for (int i = 0; i < n; i++)
		pl_buf_puts(&b, s);
	return pl_buf_take(&b);
}

int main(void)
{
	pl_error err = {0};
	pl_record *r;
	pl_diag f = {0};
	const pl_finding *e;
	char *d, *s;

	fonts = pl_fonts_new("assets/fonts/fonts.conf", &err);
	layout = pl_layout_load(".", "tests/unit/data/layout-bend.yaml", &err);
	CHECK(fonts && layout);
	if (!fonts || !layout) {
		fprintf(stderr, "%s\n", err.msg);
		return CHECK_DONE();
	}
	r = pl_record_new("t.yaml", 1, 1);
	pl_record_set(r, "title", NULL, "Rally", 1, 1);
	pl_record_set(r, "organizer", NULL, "Collective", 2, 1);
	pl_record_set(r, "subtitle", NULL, "Short", 3, 1);
	pl_record_set(r, "dateline", NULL, "15 May", 4, 1);
	pl_record_set(r, "hashtags", NULL, "#One #Two", 5, 1);
	pl_record_set(r, "call_to_action", NULL, "Come", 6, 1);

	/* Everything fits: every block is drawn, nothing to note. */
	d = draw(r, &f);
	CHECK(block_at(d, L_ORG) && block_at(d, L_SUB) && block_at(d, L_CTA));
	CHECK(f.n == 0);
	free(d);

	/* An optional line too long for one line at its min size drops out,
	 * with a note, and the title moves up to where it was. */
	s = repeat("Coalition for Justice ", 8);
	pl_record_set(r, "organizer", NULL, s, 2, 1);
	free(s);
	d = draw(r, &f);
	CHECK(block_at(d, L_ORG) == NULL);
	CHECK(field(block_at(d, L_TITLE), "y=") > 9.9 && field(block_at(d, L_TITLE), "y=") < 10.1);
	e = find(&f, PL_ENOTE, "organizer");
	CHECK(e && strstr(e->msg, "optional") && strstr(e->msg, "left out"));
	CHECK(e && e->record == 1 && e->line == 2);
	CHECK(f.n == 1);
	CHECK(strstr(d, "OVERFLOW") == NULL);
	free(d);
	pl_record_set(r, "organizer", NULL, "Collective", 2, 1);

	/* The required date line needs the room a long optional subtitle took:
	 * the subtitle makes room, the date line fits whole. */
	pl_record_set(r, "title", NULL, "Rally for all the prisoners", 1, 1);
	pl_record_set(r, "subtitle", NULL, "Speeches and music from the camps and the cities", 3, 1);
	d = draw(r, &f);
	CHECK(block_at(d, L_DATE) && strstr(block_at(d, L_DATE), "OVERFLOW") == NULL);
	CHECK(block_at(d, L_ORG) != NULL);
	CHECK(find(&f, PL_EFIT, "dateline") == NULL);
	e = find(&f, PL_ENOTE, "subtitle");
	CHECK(e && strstr(e->msg, "is left out to make room for the dateline"));
	CHECK(f.n == 1);
	CHECK(block_at(d, L_SUB) == NULL);
	free(d);
	pl_record_set(r, "subtitle", NULL, "Short", 3, 1);
	pl_record_set(r, "title", NULL, "Rally", 1, 1);

	/* Three hashtags where two fit: the last drops out, with a note naming
	 * it; the block stays. */
	pl_record_set(r, "hashtags", NULL, "#SaveSheikhJarrah #WeekOfStruggle #FreeThePrisoners", 5, 1);
	d = draw(r, &f);
	CHECK(block_at(d, L_TAGS) && strstr(block_at(d, L_TAGS), "OVERFLOW") == NULL);
	e = find(&f, PL_ENOTE, "hashtags");
	CHECK(e && strstr(e->msg, "\"#FreeThePrisoners\" is left out"));
	CHECK(e && strstr(e->msg, "only 2 of the 3"));
	CHECK(find(&f, PL_EFIT, "hashtags") == NULL);
	free(d);

	/* One hashtag too long to fit at all, in a required block: still cut,
	 * and said so as a finding (the layout gave it no way out). */
	s = repeat("#VeryLongHashtag", 6);
	pl_record_set(r, "hashtags", NULL, s, 5, 1);
	free(s);
	d = draw(r, &f);
	CHECK(find(&f, PL_EFIT, "hashtags") != NULL);
	free(d);
	pl_record_set(r, "hashtags", NULL, "#One", 5, 1);

	/* An optional block outside a column simply drops out. */
	s = repeat("Bring friends ", 10);
	pl_record_set(r, "call_to_action", NULL, s, 6, 1);
	free(s);
	d = draw(r, &f);
	CHECK(block_at(d, L_CTA) == NULL);
	CHECK(find(&f, PL_ENOTE, "call_to_action") != NULL);
	CHECK(f.n == 1);
	free(d);

	/* A title that cannot fit is an error, optional blocks or not. */
	s = repeat("Verteidigt Jerusalem ", 40);
	pl_record_set(r, "title", NULL, s, 1, 1);
	free(s);
	d = draw(r, &f);
	e = find(&f, PL_EFIT, "title");
	CHECK(e && strstr(e->msg, "does not fit"));
	free(d);

	pl_diag_free(&f);
	pl_record_free(r);
	pl_layout_free(layout);
	pl_fonts_free(fonts);
	return CHECK_DONE();
}
