/* progress.h — the command line's progress bar and number formats
 * (progress.c), for cli.c. */
#ifndef PL_CLI_PROGRESS_H
#define PL_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

/* ---- progress bar and summary ----
 * The bar goes to stderr only when it is a terminal, for batches (more than
 * one record), never with --quiet or check --json: records done of all, a
 * bar, pages per second and the time left. It is redrawn at most 10 times a
 * second (a monotonic clock, so a clock change cannot stall it) and once for
 * the last record, fits the terminal's width, and is erased when the run ends
 * so the summary line starts clean. Every record draws one page. */
typedef struct bar {
	size_t all;            /* records loaded; the renderer's own total wins */
	size_t first, done;    /* records done at the first call (rate baseline), at the last */
	size_t shown;          /* records done on the line drawn last */
	double t0, last;       /* seconds: first call, last redraw */
	bool drawn;
} bar;

double cli_now(void);
/* 1234567 → "1,234,567" */
const char *cli_grouped(size_t n, char out[32]);
/* 1234567 bytes → "1.2 MB" */
const char *cli_human_size(double bytes, char out[32]);
/* The renderer's progress callback (render.h); ctx is a bar. */
void cli_progress(void *ctx, size_t done, size_t total);
/* Erase the bar, if drawn. */
void cli_progress_end(bar *b);

#endif
