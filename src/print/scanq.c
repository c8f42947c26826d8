/* scanq.c — the zbar worker; see scanq.h. A ring of PL_SCANQ_WINDOW slots:
 * the drawing thread puts at `tail` and takes at `head`, the worker decodes
 * at `next`, head <= next <= tail (counters, not wrapped). */
#include "print/scanq.h"
#include "print/scan.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct slot {
	unsigned char *grey; /* until decoded (pl_scan_grey takes it), or */
	cairo_surface_t *rec; /* a recording to paint first (pl_scanq_put_recording) */
	int w, h;
	void *ctx;
	int n;
	char **texts;
} slot;

struct pl_scanq {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	size_t head, next, tail;
	bool stop;
	slot s[PL_SCANQ_WINDOW];
};

static void *worker(void *arg)
{
	pl_scanq *q = arg;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		slot *s;
		unsigned char *grey;
		cairo_surface_t *rec;
		char **texts = NULL;
		int n, w, h;

		while (q->next == q->tail && !q->stop)
			pthread_cond_wait(&q->work, &q->mu);
		if (q->next == q->tail)
			break; /* stopped and nothing left */
		s = &q->s[q->next % PL_SCANQ_WINDOW];
		grey = s->grey;
		rec = s->rec;
		w = s->w;
		h = s->h;
		s->grey = NULL;
		s->rec = NULL;
		pthread_mutex_unlock(&q->mu);
		if (rec) {
			grey = pl_scan_grey_replay(rec, w, &w, &h);
			cairo_surface_destroy(rec);
		}
		n = grey ? pl_scan_grey(grey, w, h, &texts) : -1;
		pthread_mutex_lock(&q->mu);
		s->n = n;
		s->texts = texts;
		q->next++;
		pthread_cond_signal(&q->done);
	}
	pthread_mutex_unlock(&q->mu);
	/* the decode cache is per thread (scan.c): this one ends here */
	pl_scan_cache_clear();
	return NULL;
}

pl_scanq *pl_scanq_start(void)
{
	pl_scanq *q = calloc(1, sizeof *q);

	if (!q)
		return NULL;
	if (pthread_mutex_init(&q->mu, NULL)) {
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->work, NULL)) {
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->done, NULL)) {
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	if (pthread_create(&q->thread, NULL, worker, q)) {
		pthread_cond_destroy(&q->done);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	return q;
}

size_t pl_scanq_queued(const pl_scanq *q)
{
	return q->tail - q->head; /* only the drawing thread changes these two */
}

/* Queue one slot (its pixels or recording taken over). */
static int put(pl_scanq *q, slot in)
{
	if (q->tail - q->head >= PL_SCANQ_WINDOW) {
		free(in.grey);
		if (in.rec)
			cairo_surface_destroy(in.rec);
		return -1;
	}
	pthread_mutex_lock(&q->mu);
	q->s[q->tail % PL_SCANQ_WINDOW] = in;
	q->tail++;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

int pl_scanq_put(pl_scanq *q, unsigned char *grey, int w, int h, void *ctx)
{
	return put(q, (slot){.grey = grey, .w = w, .h = h, .ctx = ctx});
}

int pl_scanq_put_recording(pl_scanq *q, cairo_surface_t *rec, int px, void *ctx)
{
	return put(q, (slot){.rec = rec, .w = px, .ctx = ctx});
}

int pl_scanq_take(pl_scanq *q, bool wait, int *n, char ***texts, void **ctx)
{
	slot *s;

	pthread_mutex_lock(&q->mu);
	if (q->head == q->tail || (!wait && q->next == q->head)) {
		pthread_mutex_unlock(&q->mu);
		return 0;
	}
	while (q->next == q->head)
		pthread_cond_wait(&q->done, &q->mu);
	s = &q->s[q->head % PL_SCANQ_WINDOW];
	*n = s->n;
	*texts = s->texts;
	*ctx = s->ctx;
	*s = (slot){0};
	q->head++;
	pthread_mutex_unlock(&q->mu);
	return 1;
}

void pl_scanq_stop(pl_scanq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	for (size_t i = q->head; i < q->tail; i++) {
		slot *s = &q->s[i % PL_SCANQ_WINDOW];
		free(s->grey);
		if (s->rec)
			cairo_surface_destroy(s->rec);
		pl_scan_free(s->texts);
	}
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->mu);
	free(q);
}
