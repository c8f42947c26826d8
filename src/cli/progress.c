/* progress.c — see progress.h. */
#include "cli/progress.h"

#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


double cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int term_cols(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && atoi(env) > 0)
		return atoi(env);
	return 80;
}

/* 1234567 → "1,234,567" */
const char *cli_grouped(size_t n, char out[32])
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/* Sizes in decimal units, 3 significant figures at most: "999 bytes",
 * "2.9 MB", "312 kB" (what `numfmt --to=si --round=nearest` shows). */
const char *cli_human_size(double bytes, char out[32])
{
	static const char *unit[] = {"bytes", "kB", "MB", "GB", "TB"};
	int u = 0;

	while (bytes >= 999.5 && u < 4)
		bytes /= 1000, u++;
	if (u && bytes < 9.95)
		snprintf(out, 32, "%.1f %s", bytes, unit[u]);
	else
		snprintf(out, 32, "%.0f %s", bytes, unit[u]);
	return out;
}

static void time_left(double s, char out[32])
{
	long t = (long)ceil(s);

	if (t < 60)
		snprintf(out, 32, "%ld s left", t);
	else if (t < 3600)
		snprintf(out, 32, "%ld min %02ld s left", t / 60, t % 60);
	else
		snprintf(out, 32, "%ld h %02ld min left", t / 3600, t / 60 % 60);
}

static void draw(bar *b, size_t done, size_t all, double t)
{
	double rate = 0;
	char text[128], left[32], line[512];
	int cols = term_cols() - 1, w, n; /* the last column would wrap on some terminals */

	b->last = t;
	if (done > b->first && t > b->t0)
		rate = (double)(done - b->first) / (t - b->t0);
	/* total unknown (0): the count and the rate only */
	n = all ? snprintf(text, sizeof text, "%zu/%zu", done, all) : snprintf(text, sizeof text, "%zu done", done);
	if (rate > 0)
		n += snprintf(text + n, sizeof text - (size_t)n, "  %.0f pages/s", rate);
	if (rate > 0 && all) {
		time_left(done < all ? (double)(all - done) / rate : 0, left);
		n += snprintf(text + n, sizeof text - (size_t)n, "  %s", left);
	}
	/* The bar gets what the longest text would leave ("all/all  99999
	 * pages/s  59 min 59 s left"), at most 40 columns, so it keeps its
	 * length; on a narrow terminal the text is cut at the edge. */
	w = cols - (2 * snprintf(left, sizeof left, "%zu", all) + 1 + 33) - 3;
	if (w > 40)
		w = 40;
	if (w >= 5 && all) {
		int filled = (int)(w * (double)(done < all ? done : all) / (double)all);
		snprintf(line, sizeof line, "[%.*s%.*s] %s", filled, "########################################",
			 w - filled, "........................................", text);
	} else {
		snprintf(line, sizeof line, "%s", text);
	}
	if (cols > 0 && (int)strlen(line) > cols)
		line[cols] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	b->drawn = true;
	b->shown = done;
}

/* The renderer's callback after each page: done of total records (total 0:
 * the renderer does not know, so the count loaded here is used). */
void cli_progress(void *ctx, size_t done, size_t total)
{
	bar *b = ctx;
	double t = cli_now();

	if (total)
		b->all = total;
	b->done = done;
	if (!b->t0) {
		b->t0 = t;
		b->first = done;
	} else if (done < b->all && t - b->last < 0.1) {
		return;
	}
	draw(b, done, b->all, t);
}

/* The last state once more, then the line erased for what follows. */
void cli_progress_end(bar *b)
{
	if (!b->drawn)
		return;
	if (b->shown != b->done)
		draw(b, b->done, b->all, cli_now());
	fputs("\r\033[K", stderr);
}

/* Total bytes of the files a one-file-per-record run wrote: the -o pattern
 * with each {field} as a wildcard, plus the "-N" names given to clashes and
 * numbered outputs, counting only files changed since the run started.
 * Returns the number of such files. */
