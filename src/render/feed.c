/* feed.c — records read and made ready ahead of the drawing; see feed.h.
 * The thread touches no cairo surface and no font: derive() formats dates
 * through ICU (locale.c holds one lock around its formatters), libqrencode
 * keeps no state between calls, and the source is the thread's alone. */
#include "render/feed.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pl_feed {
	pl_source *src;
	const pl_layout *layout;
	const pl_page_opts *opts;
	bool threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t more, room; /* an item came; an item was taken */
	pl_feed_item ring[PL_FEED_WINDOW];
	size_t head, count;        /* oldest item, items waiting */
	int status;                /* 1 while reading, then 0 (end) or -1 (err) */
	pl_error err;
	bool stop;
};

/* Read and ready one record: 1, 0 at the end, -1 with err. */
static int produce(pl_feed *f, pl_feed_item *it, pl_error *err)
{
	pl_error e = {0};

	memset(it, 0, sizeof *it);
	it->rec = pl_source_next(f->src, &e);
	if (!it->rec) {
		if (e.code == PL_OK)
			return 0;
		*err = e;
		return -1;
	}
	if (pl_record_validate(it->rec, &it->e) == 0)
		it->ready = pl_page_ready_new(f->layout, f->opts, it->rec, &it->e);
	if (!it->ready && it->e.code == PL_ENOMEM) {
		*err = it->e;
		pl_feed_item_free(it);
		return -1;
	}
	return 1;
}

static void *run(void *arg)
{
	pl_feed *f = arg;

	for (;;) {
		pl_feed_item it;
		pl_error e = {0};
		int rc;

		pthread_mutex_lock(&f->mu);
		while (f->count == PL_FEED_WINDOW && !f->stop)
			pthread_cond_wait(&f->room, &f->mu);
		if (f->stop) {
			pthread_mutex_unlock(&f->mu);
			return NULL;
		}
		pthread_mutex_unlock(&f->mu);
		rc = produce(f, &it, &e);
		pthread_mutex_lock(&f->mu);
		if (rc == 1) {
			f->ring[(f->head + f->count) % PL_FEED_WINDOW] = it;
			f->count++;
		} else {
			f->status = rc;
			f->err = e;
		}
		pthread_cond_signal(&f->more);
		pthread_mutex_unlock(&f->mu);
		if (rc != 1)
			return NULL;
	}
}

pl_feed *pl_feed_start(pl_source *src, const pl_layout *layout, const pl_page_opts *opts, bool thread,
		       pl_error *err)
{
	pl_feed *f = calloc(1, sizeof *f);

	if (!f) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	f->src = src;
	f->layout = layout;
	f->opts = opts;
	f->status = 1;
	if (thread && pthread_mutex_init(&f->mu, NULL) == 0) {
		if (pthread_cond_init(&f->more, NULL) == 0) {
			if (pthread_cond_init(&f->room, NULL) == 0) {
				if (pthread_create(&f->th, NULL, run, f) == 0) {
					f->threaded = true;
					return f;
				}
				pthread_cond_destroy(&f->room);
			}
			pthread_cond_destroy(&f->more);
		}
		pthread_mutex_destroy(&f->mu);
	}
	return f; /* no thread: in place */
}

int pl_feed_take(pl_feed *f, pl_feed_item *it, pl_error *err)
{
	int rc;

	if (!f->threaded)
		return produce(f, it, err);
	pthread_mutex_lock(&f->mu);
	while (!f->count && f->status == 1)
		pthread_cond_wait(&f->more, &f->mu);
	if (f->count) {
		*it = f->ring[f->head];
		f->head = (f->head + 1) % PL_FEED_WINDOW;
		f->count--;
		pthread_cond_signal(&f->room);
		rc = 1;
	} else {
		rc = f->status;
		if (rc < 0)
			*err = f->err;
	}
	pthread_mutex_unlock(&f->mu);
	return rc;
}

void pl_feed_item_free(pl_feed_item *it)
{
	pl_page_ready_free(it->ready);
	pl_record_free(it->rec);
	it->ready = NULL;
	it->rec = NULL;
}

void pl_feed_stop(pl_feed *f)
{
	if (!f)
		return;
	if (f->threaded) {
		pthread_mutex_lock(&f->mu);
		f->stop = true;
		pthread_cond_signal(&f->room);
		pthread_mutex_unlock(&f->mu);
		pthread_join(f->th, NULL);
		for (size_t i = 0; i < f->count; i++)
			pl_feed_item_free(&f->ring[(f->head + i) % PL_FEED_WINDOW]);
		pthread_cond_destroy(&f->more);
		pthread_cond_destroy(&f->room);
		pthread_mutex_destroy(&f->mu);
	}
	free(f);
}
