/* events.h — schedules: a layout whose block `type: events` lists the
 * run's events (one entry each: a few lines of their own templates and,
 * when asked, a small QR code), sorted by date and time, grouped under a
 * heading per day in the campaign's language, in one column, two or a
 * grid, shrunk together between the block's max and min size. The page's
 * other blocks show the campaign (the fields every event took from its
 * campaign:, or a CSV's campaign.* columns). Events that do not fit at the
 * min size continue on further pages, each under a "continued" heading. */
#ifndef PL_EVENTS_H
#define PL_EVENTS_H

#include <stdbool.h>

#include "layout/page.h"
#include "data/record.h"

typedef struct pl_schedule pl_schedule;

/* A schedule prints on at most this many pages (the rest is cut, said). */
enum { PL_MAX_SCHEDULE_PAGES = 100 };

/* Whether the layout lists a run's events: one page (or a few) for the
 * whole run instead of one per record. */
bool pl_layout_is_schedule(const pl_layout *l);

/* The schedule of events recs[0 .. n) (valid records; borrowed, they must
 * outlive it), shown as pc shows records (--lang, digits): sorted, their
 * codes encoded. An event whose code cannot be made is listed without it,
 * a warning in notes. NULL with err when out of memory. */
pl_schedule *pl_schedule_new(pl_page_ctx *pc, const pl_record *const *recs, size_t n, pl_diag *notes,
			     pl_error *err);
void pl_schedule_free(pl_schedule *s);

/* The schedule's pages into `pages`: each a copy of the campaign record
 * with the range of events it lists (fields schedule.from, schedule.to,
 * schedule.page, schedule.pages). More than one page is a note. From now
 * on pc draws events blocks from s (s must outlive that use). */
int pl_schedule_pages(pl_page_ctx *pc, pl_schedule *s, pl_records *pages, pl_diag *notes, pl_error *err);

#endif
