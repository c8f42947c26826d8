/* locale.c — ICU wrappers; see locale.h. Date and time patterns come from
 * ICU's pattern generator (skeletons "yMMMMEEEEd" and "jmm"), so order,
 * names, hour cycle and native digits all follow CLDR for the language. */
#include "data/locale.h"
#include "data/record.h"
#include "base/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucasemap.h>
#include <unicode/uidna.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

/* ICU locale id for a BCP 47 tag, with Latin digits when asked. Always the
 * Gregorian calendar (-u-ca-gregory): the data's dates are Gregorian, and
 * the poster must show the day the organiser wrote, not its Solar Hijri (fa),
 * Umm al-Qura (ar-SA) or Buddhist (th-TH) equivalent — ICU 72's Persian
 * calendar pattern for fa is also malformed ("y MMMM d, EEEE"). A tag that
 * already has a -u- extension is taken as the user's own choice.
 *
 * The calendar and digits are set as ICU keywords ("ar@calendar=gregorian;
 * numbers=latn"), the id uloc_forLanguageTag would make of "ar-u-ca-gregory-
 * nu-latn", because converting a -u- extension first loads ICU's table of
 * every BCP 47 key and type: ~20 ms, most of ICU's share of a one-record
 * run. */
static void icu_locale(const char *lang, bool latin, char *out, size_t n)
{
	char id[96];
	int32_t len;
	UErrorCode st = U_ZERO_ERROR;

	if (!lang || !*lang)
		lang = "en";
	len = uloc_forLanguageTag(lang, id, (int32_t)sizeof id, NULL, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING || len <= 0) {
		snprintf(out, n, "en");
		return;
	}
	snprintf(out, n, "%s", id);
	if (strstr(lang, "-u-"))
		return;
	uloc_setKeywordValue("calendar", "gregorian", id, (int32_t)sizeof id, &st);
	if (latin)
		uloc_setKeywordValue("numbers", "latn", id, (int32_t)sizeof id, &st);
	if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING)
		snprintf(out, n, "%s", id); /* else (a very long tag): without them */
}

/* Opening a pattern generator and a formatter costs far more than
 * formatting (a third of a whole batch's time when done per record; the
 * generator loads the language's CLDR data, ~2 ms), so each locale gets one
 * generator, used for both skeletons and closed, and its two formatters are
 * kept for the life of the process: a batch uses a handful of locales. ICU
 * formatters are not thread-safe: one lock around lookup, opening and
 * formatting (the record feed formats on a thread of its own, while this
 * one may format too). */
enum { SKEL_DATE, SKEL_TIME, N_SKELETONS };
static const char *const skeletons[N_SKELETONS] = {"yMMMMEEEEd", "jmm"};

enum { N_CACHED_LOCALES = 16 };
typedef struct locale_formats {
	char loc[96];
	UDateFormat *fmt[N_SKELETONS];
} locale_formats;
static locale_formats cached[N_CACHED_LOCALES];
static size_t n_cached;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void close_formats(locale_formats *lf)
{
	for (int k = 0; k < N_SKELETONS; k++)
		if (lf->fmt[k])
			udat_close(lf->fmt[k]);
}

/* The formatters for `loc`, both from one pattern generator: 0, or -1 if
 * the generator cannot be opened. A skeleton ICU cannot make a formatter
 * for is left NULL (and formats nothing). */
static int open_formats(const char *loc, locale_formats *lf)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar skel[32], pat[128], zone[] = {'U', 'T', 'C', 0};
	UDateTimePatternGenerator *gen;

	memset(lf, 0, sizeof *lf);
	snprintf(lf->loc, sizeof lf->loc, "%s", loc);
	gen = udatpg_open(loc, &st);
	if (U_FAILURE(st))
		return -1;
	for (int k = 0; k < N_SKELETONS; k++) {
		UErrorCode ks = U_ZERO_ERROR;
		int32_t n;

		u_uastrcpy(skel, skeletons[k]);
		n = udatpg_getBestPattern(gen, skel, -1, pat, 128, &ks);
		if (U_FAILURE(ks) || n <= 0)
			continue;
		lf->fmt[k] = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, zone, -1, pat, n, &ks);
		if (U_FAILURE(ks) && lf->fmt[k]) {
			udat_close(lf->fmt[k]);
			lf->fmt[k] = NULL;
		}
	}
	udatpg_close(gen);
	return 0;
}

/* The cached formatters for `loc`, opened on first use; NULL if ICU cannot
 * open them. A locale past the cache's end is opened into *spare (if not
 * NULL), which the caller closes after use. Called with cache_lock held. */
static locale_formats *lookup_formats(const char *loc, locale_formats *spare)
{
	for (size_t i = 0; i < n_cached; i++)
		if (!strcmp(cached[i].loc, loc))
			return &cached[i];
	if (n_cached < N_CACHED_LOCALES) {
		if (open_formats(loc, &cached[n_cached]))
			return NULL;
		return &cached[n_cached++];
	}
	return spare && !open_formats(loc, spare) ? spare : NULL;
}

/* Format `when` into res (cap UChars); the length, or -1. */
static int32_t format_cached(int skeleton, const char *loc, UDate when, UChar *res, int32_t cap)
{
	locale_formats spare = {{0}, {NULL}}, *lf;
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;

	pthread_mutex_lock(&cache_lock);
	lf = lookup_formats(loc, &spare);
	n = lf && lf->fmt[skeleton] ? udat_format(lf->fmt[skeleton], when, res, cap, NULL, &st) : -1;
	pthread_mutex_unlock(&cache_lock);
	close_formats(&spare);
	return n >= 0 && U_SUCCESS(st) ? n : -1;
}

static char *format_with_skeleton(int skeleton, UDate when, const char *lang, bool latin)
{
	char loc[96];
	UErrorCode st = U_ZERO_ERROR;
	UChar res[256];
	char *out = NULL;
	int32_t n;

	icu_locale(lang, latin, loc, sizeof loc);
	n = format_cached(skeleton, loc, when, res, 256);
	if (n < 0)
		return NULL;
	{
		int32_t need = 0;
		UErrorCode s2 = U_ZERO_ERROR;
		u_strToUTF8(NULL, 0, &need, res, n, &s2);
		out = malloc((size_t)need + 1);
		if (!out)
			return NULL;
		st = U_ZERO_ERROR;
		u_strToUTF8(out, need + 1, NULL, res, n, &st);
		if (U_FAILURE(st)) {
			free(out);
			return NULL;
		}
	}
	return out;
}

/* Days from 1970-01-01 for a proleptic Gregorian date. */
static long days_from_civil(int y, int m, int d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

char *pl_locale_date(const char *ymd, const char *lang, bool latin_digits)
{
	int y, m, d;

	if (pl_parse_date(ymd, &y, &m, &d) != 0)
		return NULL;
	/* Noon UTC, formatted in UTC: the calendar day never shifts. */
	return format_with_skeleton(SKEL_DATE, (days_from_civil(y, m, d) * 86400.0 + 43200.0) * 1000.0,
				    lang, latin_digits);
}

char *pl_locale_time(const char *hhmm, const char *lang, bool latin_digits)
{
	int h, mi;

	if (pl_parse_time(hhmm, &h, &mi) != 0)
		return NULL;
	return format_with_skeleton(SKEL_TIME, (h * 3600.0 + mi * 60.0) * 1000.0, lang, latin_digits);
}

char *pl_locale_upper(const char *s, const char *lang)
{
	UErrorCode st = U_ZERO_ERROR;
	UCaseMap *cm;
	int32_t need;
	char *out;
	size_t len = strlen(s);

	cm = ucasemap_open(lang, 0, &st);
	if (U_FAILURE(st))
		return pl_strdup(s);
	need = ucasemap_utf8ToUpper(cm, NULL, 0, s, (int32_t)len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
		ucasemap_close(cm);
		return pl_strdup(s);
	}
	out = malloc((size_t)need + 1);
	if (out) {
		st = U_ZERO_ERROR;
		ucasemap_utf8ToUpper(cm, out, need + 1, s, (int32_t)len, &st);
		if (U_FAILURE(st)) {
			free(out);
			out = pl_strdup(s);
		}
	}
	ucasemap_close(cm);
	return out;
}

char *pl_locale_host(const char *host)
{
	UErrorCode st = U_ZERO_ERROR;
	UIDNA *idna;
	UIDNAInfo info = UIDNA_INFO_INITIALIZER;
	char out[512];
	int32_t n;

	if (!strstr(host, "xn--") && !strstr(host, "XN--"))
		return pl_strdup(host);
	idna = uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_UNICODE, &st);
	if (U_FAILURE(st))
		return pl_strdup(host);
	n = uidna_nameToUnicodeUTF8(idna, host, -1, out, (int32_t)sizeof out - 1, &info, &st);
	uidna_close(idna);
	/* A host ICU finds fault with (a bad label, bidi rules) is shown as written. */
	if (U_FAILURE(st) || info.errors || n <= 0 || n >= (int32_t)sizeof out)
		return pl_strdup(host);
	out[n] = '\0';
	return pl_strdup(out);
}
