/* items.c — the list of what a page holds (items.h). */
#include "layout/items.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

int pl_page_items_add(pl_page_items *l, const pl_page_item *it, const char *url)
{
	pl_page_item *v;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->oom = true;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = *it;
	l->v[l->n].url = NULL;
	if (url && !(l->v[l->n].url = pl_strdup(url))) {
		l->oom = true;
		return -1;
	}
	l->n++;
	return 0;
}

void pl_page_items_clear(pl_page_items *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].url);
		if (l->v[i].view)
			cairo_surface_destroy(l->v[i].view);
		free(l->v[i].grid);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
