/* dump.h — for the unit tests that read the layout engine's geometry dump
 * (test_layout.c, test_bend.c): draw a record, find a block's line, read a
 * number from it. Include after check.h. */
#ifndef PL_TEST_DUMP_H
#define PL_TEST_DUMP_H

#include "layout/layout.h"
#include "layout/page.h"

#include <cairo.h>
#include <stdlib.h>

/* The dump line of the block written at layout line `line`, or NULL. */
static inline const char *block_at(const char *dump, int line)
{
	char key[32];

	snprintf(key, sizeof key, " line %d:", line);
	return strstr(dump, key);
}

/* The number after `name` ("y=") in a dump line, or -1. */
static inline double field(const char *line, const char *name)
{
	const char *p = line ? strstr(line, name) : NULL;
	return p ? atof(p + strlen(name)) : -1;
}

/* Draw r with layout l onto a recording surface; its findings into
 * *findings (emptied first); returns the dump (caller frees). */
static inline char *draw_dump(const pl_layout *l, pl_fonts *fonts, pl_record *r, pl_diag *findings)
{
	pl_page_opts o = {.datadir = "."};
	pl_error err = {0};
	pl_page_ctx *pc = pl_page_ctx_new(l, fonts, &o, &err);
	cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
	cairo_t *cr = cairo_create(s);
	pl_buf dump = {0};

	pl_diag_free(findings);
	CHECK(pc != NULL);
	CHECK(pl_page_draw(pc, cr, r, findings, &dump, &err) == 0);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	pl_page_ctx_free(pc);
	return pl_buf_take(&dump);
}

#endif
