/* schedule.c — a run on a schedule layout (layout/events.h): every event
 * read and checked first (a bad one is skipped and reported, as in any
 * run), then the pages that list them take the records' place. */
#include "render/render_int.h"

int rn_schedule(pl_page_ctx *pc, pl_source *src, pl_render_result *res, rn_sched *sc, pl_error *err)
{
	const pl_record **ok = NULL;
	size_t n_ok = 0;

	for (;;) {
		pl_error e = {0};
		pl_record *rec = pl_source_next(src, &e);
		if (!rec && e.code != PL_OK) {
			*err = e;
			return -1;
		}
		if (!rec)
			break;
		if (pl_records_push(&sc->events, rec)) {
			pl_record_free(rec);
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
	}
	ok = calloc(sc->events.n ? sc->events.n : 1, sizeof *ok);
	if (!ok) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	for (size_t i = 0; i < sc->events.n; i++) {
		pl_record *rec = sc->events.v[i];
		pl_error e = {0};
		if (pl_record_validate(rec, &e) == 0) {
			ok[n_ok++] = rec;
			continue;
		}
		if (e.code == PL_ENOMEM) {
			*err = e;
			free(ok);
			return -1;
		}
		pl_error_field(&e, rec->index, NULL);
		pl_error_at(&e, rec->source, rec->line, 0);
		e.code = PL_EINPUT;
		res->skipped++;
		if (pl_diag_add(&res->problems, &e)) {
			free(ok);
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
	}
	if (!n_ok) {
		free(ok);
		pl_error_set(err, PL_EINPUT, "no event could be listed, so nothing was written. Fix the problems listed above.");
		return -1;
	}
	res->events = n_ok;
	sc->sched = pl_schedule_new(pc, ok, n_ok, &res->problems, err);
	free(ok);
	if (!sc->sched || pl_schedule_pages(pc, sc->sched, &sc->pages, &res->problems, err))
		return -1;
	sc->src = pl_source_new();
	if (!sc->src || pl_source_add_records(sc->src, &sc->pages, err)) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	return 0;
}

void rn_schedule_free(rn_sched *sc)
{
	pl_source_free(sc->src);
	pl_records_free(&sc->pages);
	pl_schedule_free(sc->sched);
	pl_records_free(&sc->events);
	memset(sc, 0, sizeof *sc);
}
