/* feed.h — a run's records on their way to the page: read from the source
 * (data.h), validated, and made ready (page.h: derived fields, QR codes
 * encoded), in order. With a thread, this happens on the second core a few
 * records ahead of the drawing; without, each take does it in place. Either
 * way the same items come out in the same order, so the output and the
 * messages are the same. At most PL_FEED_WINDOW items wait at a time:
 * memory does not grow with the number of records. */
#ifndef PL_FEED_H
#define PL_FEED_H

#include <stdbool.h>

#include "data/data.h"
#include "base/error.h"
#include "layout/layout.h"
#include "layout/page.h"

enum { PL_FEED_WINDOW = 32 };

typedef struct pl_feed pl_feed;

typedef struct pl_feed_item {
	pl_record *rec;        /* the record as read */
	pl_page_ready *ready;  /* NULL when it cannot be rendered: e says why */
	pl_error e;
} pl_feed_item;

/* src, layout and opts must outlive the feed; while a thread runs, only it
 * reads src. Never fails for want of a thread: it then works in place. */
pl_feed *pl_feed_start(pl_source *src, const pl_layout *layout, const pl_page_opts *opts, bool thread,
		       pl_error *err);

/* The next item (the caller frees it with pl_feed_item_free): 1, or 0 at
 * the end, or -1 with err (out of memory, a data file that changed). */
int pl_feed_take(pl_feed *f, pl_feed_item *it, pl_error *err);
void pl_feed_item_free(pl_feed_item *it);

/* Stop the thread and free what is left. NULL is fine. */
void pl_feed_stop(pl_feed *f);

#endif
