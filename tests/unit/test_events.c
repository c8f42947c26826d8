/* test_events.c — schedules (layout/events.h): an events block's keys read
 * and its mistakes named; a run's events sorted by date and time, cut into
 * pages that cover every event once, in order; a short list printed larger
 * than a long one. Reads the engine's geometry dump ("events=FROM-TO
 * size=S"). */
#include "check.h"
#include "dump.h"
#include "layout/events.h"
#include "layout/layout.h"
#include "layout/page.h"
#include "data/record.h"

#include <cairo.h>
#include <stdlib.h>

static const char good[] =
	"name: t\nsize: A6\nblocks:\n"
	"  - type: text\n    text: \"{title}\"\n    box: [5mm, 5mm, 95mm, 10mm]\n"
	"  - type: events\n    box: [5mm, 20mm, 95mm, 120mm]\n    columns: 2\n    size: [20, 6]\n"
	"    qr: [20mm, 12mm]\n    heading_color: ink\n    entry:\n"
	"      - {type: text, text: \"{time_text} {city}\"}\n"
	"      - {type: text, text: \"{title}\", scale: 0.8}\n";

static pl_layout *parse(const char *text, pl_error *err)
{
	memset(err, 0, sizeof *err);
	return pl_layout_parse("t.yaml", text, strlen(text), err);
}

static pl_record *event(int i, const char *date, const char *time)
{
	pl_record *r = pl_record_new("e.yaml", i, i);
	char t[32], u[64];

	snprintf(t, sizeof t, "Event %d", i);
	snprintf(u, sizeof u, "https://example.org/e/%d", i);
	pl_record_set(r, "title", NULL, t, i, 1);
	pl_record_set(r, "date", NULL, date, i, 1);
	pl_record_set(r, "time", NULL, time, i, 1);
	pl_record_set(r, "city", NULL, "Berlin", i, 1);
	pl_record_set(r, "url", NULL, u, i, 1);
	pl_record_set(r, "campaign.title", NULL, "Week", 0, 0);
	pl_record_set(r, "campaign.url", NULL, "https://example.org/week", 0, 0);
	return r;
}

/* Lay out n events (dates running backwards, so the schedule must sort);
 * the pages into *pages; the first page's dump returned. */
static char *run(pl_layout *l, pl_fonts *fonts, int n, pl_records *pages, const char **first_title)
{
	pl_page_opts o = {.datadir = "."};
	pl_error err = {0};
	pl_page_ctx *pc = pl_page_ctx_new(l, fonts, &o, &err);
	pl_records evs = {0};
	pl_diag notes = {0};
	pl_schedule *s;
	char *d = NULL;

	CHECK(pc != NULL);
	if (!pc)
		return NULL;
	for (int i = 0; i < n; i++) {
		char date[32];
		snprintf(date, sizeof date, "2021-05-%02d", 28 - i / 3);
		pl_records_push(&evs, event(i + 1, date, i % 3 == 0 ? "18:00" : i % 3 == 1 ? "09:00" : "12:30"));
	}
	s = pl_schedule_new(pc, (const pl_record *const *)evs.v, evs.n, &notes, &err);
	CHECK(s != NULL);
	if (s && pl_schedule_pages(pc, s, pages, &notes, &err) == 0 && pages->n) {
		cairo_surface_t *surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
		cairo_t *cr = cairo_create(surf);
		pl_buf dump = {0};
		CHECK(pl_page_draw(pc, cr, pages->v[0], NULL, &dump, &err) == 0);
		cairo_destroy(cr);
		cairo_surface_destroy(surf);
		d = pl_buf_take(&dump);
		*first_title = pl_record_get(pages->v[0], "title");
		CHECK((pages->n > 1) == (notes.n > 0)); /* more than one page: said */
	}
	pl_schedule_free(s);
	pl_page_ctx_free(pc);
	pl_records_free(&evs);
	pl_diag_free(&notes);
	return d;
}

int main(void)
{
	pl_error err = {0};
	pl_fonts *fonts = pl_fonts_new("assets/fonts/fonts.conf", &err);
	pl_layout *l = parse(good, &err);
	pl_records pages = {0};
	const char *title = NULL;
	char *d;
	double big, small;

	CHECK(fonts && l);
	if (!fonts || !l) {
		fprintf(stderr, "%s\n", err.msg);
		return CHECK_DONE();
	}
	/* The keys. */
	CHECK(pl_layout_is_schedule(l));
	CHECK(l->blocks[1].type == PL_BLOCK_EVENTS);
	CHECK(l->blocks[1].columns == 2 && l->blocks[1].n_kids == 2);
	CHECK(l->blocks[1].kids[1].scale > 0.79 && l->blocks[1].kids[1].scale < 0.81);
	CHECK(l->blocks[1].qr_max > l->blocks[1].qr_min && l->blocks[1].qr_min > 33 && l->blocks[1].qr_min < 35);
	CHECK_STR(l->blocks[1].heading_color, "ink");

	/* Mistakes, named. */
	{
		static const struct { const char *text, *says; } bad[] = {
			{"name: t\nsize: A6\nblocks:\n  - type: events\n    box: [0, 0, 10mm, 10mm]\n", "entry:"},
			{"name: t\nsize: A6\nblocks:\n  - type: events\n    box: [0, 0, 10mm, 10mm]\n    columns: 3\n"
			 "    entry: [{type: text, text: \"{city}\"}]\n", "1, 2 or grid"},
			{"name: t\nsize: A6\nblocks:\n  - type: events\n    box: [0, 0, 10mm, 10mm]\n    qr: [10mm, 20mm]\n"
			 "    entry: [{type: text, text: \"{city}\"}]\n", "[largest, smallest]"},
			{"name: t\nsize: A6\nblocks:\n  - type: events\n    box: [0, 0, 10mm, 10mm]\n"
			 "    entry: [{type: text, text: \"{city}\", scale: 0}]\n", "scale"},
			{"name: t\nsize: A6\nblocks:\n  - type: text\n    box: [0, 0, 10mm, 10mm]\n    text: x\n    columns: 2\n",
			 "unknown key 'columns'"},
		};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			pl_layout *b = parse(bad[i].text, &err);
			CHECK(b == NULL);
			CHECK(strstr(err.msg, bad[i].says) != NULL);
			if (!strstr(err.msg, bad[i].says))
				fprintf(stderr, "case %zu: %s\n", i, err.msg);
			pl_layout_free(b);
		}
	}
	CHECK(!pl_layout_is_schedule(NULL));

	/* 40 events on an A6: several pages, each a range that starts where
	 * the last ended, all of them covered. */
	d = run(l, fonts, 40, &pages, &title);
	CHECK(pages.n > 1);
	CHECK_STR(title, "Week");
	{
		size_t next = 0;
		for (size_t i = 0; i < pages.n; i++) {
			const char *from = pl_record_get(pages.v[i], "schedule.from");
			const char *to = pl_record_get(pages.v[i], "schedule.to");
			CHECK(from && to && (size_t)atoi(from) == next && atoi(to) > atoi(from));
			next = to ? (size_t)atoi(to) : next;
		}
		CHECK(next == 40);
	}
	small = field(d ? strstr(d, "events line") : NULL, "size=");
	free(d);
	pl_records_free(&pages);

	/* 3 events: one page, a larger size. */
	d = run(l, fonts, 3, &pages, &title);
	CHECK(pages.n == 1);
	big = field(d ? strstr(d, "events line") : NULL, "size=");
	CHECK(big > small && small >= 6);
	CHECK(d && strstr(d, "events=1-3") != NULL);
	free(d);
	pl_records_free(&pages);

	pl_layout_free(l);
	pl_fonts_free(fonts);
	return CHECK_DONE();
}
