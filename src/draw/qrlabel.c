/* qrlabel.c — see qrlabel.h. */
#include "draw/qrlabel.h"
#include "base/util.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* ---- fitting ---- */

static size_t chars(const char *s, size_t n)
{
	return (size_t)g_utf8_strlen(s, (gssize)n);
}

/* Where a second line may start: after "/" or a space, or (any = true)
 * also after "-" and before "."; never leaving a line empty or "…" alone. */
static bool break_before(const char *s, size_t i, bool any)
{
	if (i == 0 || !s[i] || !strcmp(s + i, "…"))
		return false;
	if (s[i - 1] == '/' || s[i - 1] == ' ')
		return true;
	return any && (s[i - 1] == '-' || s[i] == '.');
}

/* s on two lines as even as the break opportunities allow; NULL if none. */
static char *two_lines(const char *s, bool any)
{
	size_t n = strlen(s), best = 0, best_len = (size_t)-1;

	for (size_t i = 1; i < n; i++) {
		size_t a, c;
		if (!break_before(s, i, any) || (s[i] & 0xC0) == 0x80)
			continue;
		a = chars(s, i);
		c = chars(s + i, n - i);
		if ((a > c ? a : c) < best_len) {
			best_len = a > c ? a : c;
			best = i;
		}
	}
	if (!best)
		return NULL;
	{
		pl_buf b = {0};
		size_t keep = best;
		if (s[best - 1] == ' ')
			keep--; /* the space goes with the break */
		pl_buf_add(&b, s, keep);
		pl_buf_add(&b, "\n", 1);
		pl_buf_puts(&b, s + best);
		return b.oom ? (pl_buf_free(&b), NULL) : pl_buf_take(&b);
	}
}

/* Try `text` on one line in h1, then on two in h2. 1 fitted (out filled),
 * 0 not, -1 error. */
static int try_fit(pl_fonts *f, const char *text, const pl_text_style *st0, double w, double h1, double h2,
		   pl_label *out, pl_error *err)
{
	pl_text_style st = *st0;
	pl_text_fit fit;
	char *two;

	st.max_lines = 1;
	st.spans = NULL;
	st.n_spans = 0;
	if (pl_text_fit_box(f, text, &st, w, h1, &fit, err))
		return -1;
	if (fit.fits) {
		out->fit = fit;
		out->lines = 1;
		return (out->printed = pl_strdup(text)) ? 1 : -1;
	}
	g_object_unref(fit.layout);
	if (h2 <= 0)
		return 0;
	/* Two lines: broken at a "/" (or space) if that fits, which reads best,
	 * else at any break, which evens the lines out more. */
	st.max_lines = 2;
	for (int any = 0; any < 2; any++) {
		char *other;
		if (!(two = two_lines(text, any)))
			continue;
		if (any && (other = two_lines(text, false)) && !strcmp(other, two)) {
			free(other);
			free(two);
			break; /* the same break as before: it did not fit */
		}
		if (any)
			free(other);
		if (pl_text_fit_box(f, two, &st, w, h2, &fit, err)) {
			free(two);
			return -1;
		}
		if (fit.fits) {
			out->fit = fit;
			out->lines = 2;
			out->printed = two;
			return 1;
		}
		g_object_unref(fit.layout);
		free(two);
	}
	return 0;
}

/* Length of the host of a label that reads as a link ("example.org/…" or
 * "user@example.org"), 0 for a label that does not. */
static size_t host_len(const char *s)
{
	size_t n = strcspn(s, "/");

	if (memchr(s, ' ', n) || !memchr(s, '.', n))
		return 0;
	return n;
}

int pl_label_fit(pl_fonts *f, const char *label, const pl_text_style *st, double w, double h1, double h2,
		 pl_label *out, pl_error *err)
{
	size_t host = host_len(label), n = strlen(label);
	char sep = host ? '/' : ' ';
	int rc;

	memset(out, 0, sizeof *out);
	rc = try_fit(f, label, st, w, h1, h2, out, err);
	if (rc)
		return rc < 0 ? -1 : 0;
	out->cut = true;
	/* Cut at the last boundary that fits: "host/a/b/…", "host/a/…", "host/…". */
	for (size_t i = n; i-- > (host ? host : 1);) {
		pl_buf b = {0};
		if (label[i] != sep || (i + 1 == n))
			continue;
		pl_buf_add(&b, label, host ? i + 1 : i);
		pl_buf_puts(&b, "…");
		if (b.oom) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
		rc = try_fit(f, b.s, st, w, h1, h2, out, err);
		pl_buf_free(&b);
		if (rc)
			return rc < 0 ? -1 : 0;
	}
	/* The host alone, whole, or no label at all. */
	if (host && host < n) {
		char *h = pl_strndup(label, host);
		if (!h) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
		rc = try_fit(f, h, st, w, h1, h2, out, err);
		free(h);
		if (rc)
			return rc < 0 ? -1 : 0;
	}
	return 0;
}

void pl_label_free(pl_label *l)
{
	if (l->fit.layout)
		g_object_unref(l->fit.layout);
	free(l->printed);
	memset(l, 0, sizeof *l);
}
