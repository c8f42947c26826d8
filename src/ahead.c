/* ahead.c — the layout and preflight worker of a batch; see ahead.h.
 * The worker keeps at most WINDOW pages ahead of the drawing thread, so
 * memory does not grow with the number of records. */
#include "ahead.h"
#include "preflight.h"
#include "scan.h"
#include "text.h"
#include "util.h"

#include <cairo.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { WINDOW = 8 };

typedef struct slot {
	pl_diag found;   /* the page's findings, in the order a lone run makes them */
	pl_error err;
	int rc;
} slot;

struct pl_ahead {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *conf;
	const pl_layout *layout;
	pl_page_opts po;
	const pl_record *const *recs;
	size_t n;
	size_t produced;    /* pages the worker has finished */
	size_t consumed;    /* pages taken by the drawing thread */
	bool stop;          /* the drawing thread is done: leave */
	bool done;          /* the worker has left */
	pl_error setup;     /* why the worker could not start, if it could not */
	pl_fonts *fonts;    /* the worker's own, made on the starting thread: */
	pl_page_ctx *pc;    /* fontconfig's set-up is not run on two threads at once */
	slot slots[WINDOW];
};

/* One page: drawn into nothing (a context whose clip is empty: cairo drops
 * every operation at once), the items it records checked by preflight. */
static void check_page(pl_page_ctx *pc, cairo_t *null_cr, const pl_layout *layout, const pl_record *rec,
		       slot *s)
{
	pl_page_items items = {0};

	pl_page_collect(pc, &items);
	s->rc = pl_page_draw(pc, null_cr, rec, &s->found, NULL, &s->err);
	pl_page_collect(pc, NULL);
	if (s->rc == 0)
		s->rc = pl_preflight_page(pc, layout, rec, &items, &s->found, &s->err);
	pl_page_items_clear(&items);
}

static void *worker(void *arg)
{
	pl_ahead *a = arg;
	pl_page_ctx *pc = a->pc;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cairo_t *cr = cairo_create(s);

	cairo_rectangle(cr, 0, 0, 0, 0);
	cairo_clip(cr);
	for (size_t i = 0; pc && i < a->n; i++) {
		slot *sl = &a->slots[i % WINDOW];
		bool stop;
		pthread_mutex_lock(&a->mu);
		while (!a->stop && a->produced - a->consumed >= WINDOW)
			pthread_cond_wait(&a->cv, &a->mu);
		stop = a->stop;
		pthread_mutex_unlock(&a->mu);
		if (stop)
			break;
		check_page(pc, cr, a->layout, a->recs[i], sl);
		pthread_mutex_lock(&a->mu);
		a->produced = i + 1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (sl->rc)
			break;
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	pl_scan_cache_clear();
	pthread_mutex_lock(&a->mu);
	a->done = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

pl_ahead *pl_ahead_start(const char *fonts_conf, const pl_layout *layout, const pl_page_opts *po,
			 const pl_record *const *recs, size_t n, pl_error *err)
{
	pl_ahead *a = calloc(1, sizeof *a);

	if (!a || !(a->conf = pl_strdup(fonts_conf))) {
		free(a);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	a->layout = layout;
	a->po = *po;
	a->recs = recs;
	a->n = n;
	a->fonts = pl_fonts_new(a->conf, err);
	a->pc = a->fonts ? pl_page_ctx_new(layout, a->fonts, po, err) : NULL;
	if (!a->pc) {
		pl_fonts_free(a->fonts);
		free(a->conf);
		free(a);
		return NULL;
	}
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	if (pthread_create(&a->thread, NULL, worker, a) != 0) {
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		pl_page_ctx_free(a->pc);
		pl_fonts_free(a->fonts);
		free(a->conf);
		free(a);
		pl_error_set(err, PL_ENOMEM, "cannot start a second thread.");
		return NULL;
	}
	return a;
}

int pl_ahead_take(pl_ahead *a, size_t i, pl_diag *findings, pl_error *err)
{
	slot *sl = &a->slots[i % WINDOW];
	int rc = 0;

	pthread_mutex_lock(&a->mu);
	while (a->produced <= i && !a->done)
		pthread_cond_wait(&a->cv, &a->mu);
	if (a->produced <= i) {
		pthread_mutex_unlock(&a->mu);
		if (a->setup.code != PL_OK)
			*err = a->setup;
		else
			pl_error_set(err, PL_EIO, "the page-checking thread stopped early. This is a bug in placard; please report it, and run with PLACARD_THREADS=1 meanwhile.");
		return -1;
	}
	pthread_mutex_unlock(&a->mu);
	/* Slot i is the worker's no more until consumed moves past it. */
	for (size_t k = 0; k < sl->found.n && rc == 0; k++)
		if (pl_diag_add(findings, &sl->found.items[k])) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			rc = -1;
		}
	if (rc == 0 && sl->rc) {
		*err = sl->err;
		rc = -1;
	}
	pl_diag_free(&sl->found);
	memset(sl, 0, sizeof *sl);
	pthread_mutex_lock(&a->mu);
	a->consumed = i + 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	return rc;
}

void pl_ahead_stop(pl_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	pl_page_ctx_free(a->pc);
	pl_fonts_free(a->fonts);
	for (int k = 0; k < WINDOW; k++)
		pl_diag_free(&a->slots[k].found);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	free(a->conf);
	free(a);
}
