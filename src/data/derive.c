/* derive.c — see derive.h. */
#include "data/derive.h"
#include "data/lang.h"
#include "data/locale.h"
#include "base/util.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_true(const char *v)
{
	return v && (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"));
}

static void slugify(const char *s, pl_buf *b)
{
	bool dash = false;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c)) {
			if (dash && b->len)
				pl_buf_add(b, "-", 1);
			dash = false;
			c = (unsigned char)tolower(c);
			pl_buf_add(b, (const char *)&c, 1);
		} else {
			dash = true;
		}
	}
}

char *pl_derive_qr_url(const pl_record *rec, const char *kind)
{
	const char *url = pl_record_get(rec, "url");
	pl_buf b = {0};
	const char *hash;
	size_t base_len;

	if (pl_str_empty(url))
		return NULL;
	if (!is_true(pl_record_get(rec, "qr.utm")))
		return pl_strdup(url);
	/* utm_source=placard&utm_medium=<kind>&utm_campaign=<slug>, before any #fragment. */
	hash = strchr(url, '#');
	base_len = hash ? (size_t)(hash - url) : strlen(url);
	pl_buf_add(&b, url, base_len);
	pl_buf_puts(&b, memchr(url, '?', base_len) ? "&" : "?");
	pl_buf_printf(&b, "utm_source=placard&utm_medium=%s&utm_campaign=", kind ? kind : "poster");
	{
		const char *camp = pl_record_get(rec, "campaign_slug");
		if (pl_str_empty(camp))
			camp = pl_record_get(rec, "campaign.title");
		if (pl_str_empty(camp))
			camp = pl_record_get(rec, "title");
		slugify(camp, &b);
	}
	if (hash)
		pl_buf_puts(&b, hash);
	return pl_buf_take(&b);
}

/* A date, a time or a time range is one unit on the page: every space ICU
 * writes inside it becomes a no-break space (U+00A0), so a line may break
 * only between units — after the " · " between date and time, or after the
 * dash between two dates. */
#define NBSP "\xc2\xa0"
#define WJ "\xe2\x81\xa0" /* word joiner: an en dash is a break opportunity after it */
#define RANGE_TIGHT NBSP "–" WJ NBSP /* inside a time range: never breaks */
#define RANGE_DATES NBSP "– " /* between two dates: may break after the dash */

static char *unbreak(char *s)
{
	pl_buf b = {0};

	if (!s || !strchr(s, ' '))
		return s;
	for (const char *p = s; *p; p++) {
		if (*p == ' ')
			pl_buf_puts(&b, NBSP);
		else
			pl_buf_add(&b, p, 1);
	}
	free(s);
	return pl_buf_take(&b);
}

/* Dates and times in `lang` for the fields of language `tl` (NULL primary). */
static int derive_lang(pl_record *r, const char *tl, const char *lang, bool latin)
{
	const char *date = pl_record_get(r, "date"), *end_date = pl_record_get(r, "end_date");
	const char *time = pl_record_get(r, "time"), *end_time = pl_record_get(r, "end_time");
	char *d = date ? unbreak(pl_locale_date(date, lang, latin)) : NULL;
	char *ed = end_date && !pl_streq(end_date, date) ? unbreak(pl_locale_date(end_date, lang, latin)) : NULL;
	char *t = time ? unbreak(pl_locale_time(time, lang, latin)) : NULL;
	char *et = end_time ? unbreak(pl_locale_time(end_time, lang, latin)) : NULL;
	const char *sep = pl_lang_is_arabic_script(lang) ? "، " : NBSP "· "; /* the comma holds to its word */
	pl_buf b = {0};
	int rc = 0;

	if (d && ed) {
		pl_buf_printf(&b, "%s" RANGE_DATES "%s", d, ed);
		rc |= pl_record_set(r, "date_text", tl, b.s, 0, 0);
		pl_buf_free(&b);
	} else if (d) {
		rc |= pl_record_set(r, "date_text", tl, d, 0, 0);
	}
	if (t)
		rc |= pl_record_set(r, "time_text", tl, t, 0, 0);
	if (et)
		rc |= pl_record_set(r, "end_time_text", tl, et, 0, 0);
	if (t && et) {
		pl_buf_printf(&b, "%s" RANGE_TIGHT "%s", t, et);
		rc |= pl_record_set(r, "time_range", tl, b.s, 0, 0);
		pl_buf_free(&b);
	} else if (t) {
		rc |= pl_record_set(r, "time_range", tl, t, 0, 0);
	}
	/* "when": the date line most layouts print. */
	if (d || t) {
		if (d && ed)
			pl_buf_printf(&b, "%s" RANGE_DATES "%s", d, ed);
		else if (d)
			pl_buf_puts(&b, d);
		if (t) {
			if (d)
				pl_buf_puts(&b, sep);
			pl_buf_puts(&b, t);
			if (et)
				pl_buf_printf(&b, RANGE_TIGHT "%s", et);
		}
		rc |= pl_record_set(r, "when", tl, b.s, 0, 0);
		pl_buf_free(&b);
	}
	free(d);
	free(ed);
	free(t);
	free(et);
	return rc;
}

pl_record *pl_derive(const pl_record *in, const char *lang_override, bool latin_digits, const char *kind)
{
	pl_record *r = lang_override ? pl_record_localize(in, lang_override) : pl_record_dup(in);
	const char *lang, *second;
	bool latin;
	char *qr_url, *label;

	if (!r)
		return NULL;
	lang = pl_record_lang(r);
	second = pl_record_get(r, "second_lang");
	latin = latin_digits || is_true(pl_record_get(r, "latin_digits"));
	if (derive_lang(r, NULL, lang, latin))
		goto oom;
	/* Every translation language gets its own date line, for {when@ar}. */
	for (size_t i = 0; i < r->n; i++) {
		const char *tl = r->fields[i].lang;
		if (tl && !pl_record_find(r, "when", tl) && !pl_record_find(r, "date_text", tl)) {
			char *copy = pl_strdup(tl);
			int bad = !copy || derive_lang(r, copy, copy, latin);
			free(copy);
			if (bad)
				goto oom;
		}
	}
	if (second && !pl_record_find(r, "when", second) && derive_lang(r, second, second, latin))
		goto oom;
	qr_url = pl_derive_qr_url(r, kind);
	if (qr_url) {
		int bad = pl_record_set(r, "qr_url", NULL, qr_url, 0, 0);
		if (pl_str_empty(pl_record_get(r, "url_label"))) {
			label = pl_label_for_url(pl_record_get(r, "url"));
			bad |= !label || pl_record_set(r, "url_label", NULL, label, 0, 0);
			free(label);
		}
		free(qr_url);
		if (bad)
			goto oom;
	}
	return r;
oom:
	pl_record_free(r);
	return NULL;
}

/* ---- the default url_label ---- */

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Bytes [s, s + n) with %XX decoded into b, when the result is valid UTF-8
 * with no control characters; as written otherwise. */
static void put_decoded(pl_buf *b, const char *s, size_t n)
{
	pl_buf d = {0};
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 && (lo = hexval(s[i + 2])) >= 0) {
			char c = (char)(hi * 16 + lo);
			ok &= (unsigned char)c >= 0x20 && c != 0x7f;
			pl_buf_add(&d, &c, 1);
			i += 2;
		} else {
			pl_buf_add(&d, s + i, 1);
		}
	}
	if (!d.oom && ok && d.len && g_utf8_validate(d.s, (gssize)d.len, NULL))
		pl_buf_add(b, d.s, d.len);
	else
		pl_buf_add(b, s, n);
	pl_buf_free(&d);
}

/* The host of an authority ("user@Host:443"), lower-cased, without "www."
 * or a default port, in Unicode. */
static void put_host(pl_buf *b, const char *s, size_t n, bool https)
{
	const char *at = memchr(s, '@', n), *colon;
	char *host, *shown;
	size_t hn;

	if (at) {
		n -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	colon = s[0] == '[' ? NULL : memchr(s, ':', n);
	hn = colon ? (size_t)(colon - s) : n;
	if (colon && ((https && !strncmp(colon, ":443", n - hn)) || (!https && !strncmp(colon, ":80", n - hn))) &&
	    n - hn == (https ? 4u : 3u))
		n = hn;
	host = pl_strndup(s, hn);
	if (!host) {
		b->oom = true;
		return;
	}
	for (char *p = host; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	shown = pl_locale_host(!strncmp(host, "www.", 4) && strchr(host + 4, '.') ? host + 4 : host);
	if (shown)
		pl_buf_puts(b, shown);
	else
		b->oom = true;
	pl_buf_add(b, s + hn, n - hn); /* a port that is not the default */
	free(shown);
	free(host);
}

char *pl_label_for_url(const char *url)
{
	const char *sep = strstr(url, "://"), *rest, *end;
	pl_buf b = {0};

	if (sep) {
		const char *auth = sep + 3;
		size_t an = strcspn(auth, "/?#");
		put_host(&b, auth, an, sep - url == 5 && !strncasecmp(url, "https", 5));
		rest = auth + an;
	} else {
		const char *colon = strchr(url, ':');
		rest = colon ? colon + 1 : url;
	}
	end = rest + strcspn(rest, "?#");
	while (end > rest && end[-1] == '/')
		end--;
	put_decoded(&b, rest, (size_t)(end - rest));
	if (b.oom) {
		pl_buf_free(&b);
		return NULL;
	}
	return b.s ? pl_buf_take(&b) : pl_strdup("");
}
