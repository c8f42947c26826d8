/* locale.c — ICU wrappers; see locale.h. Date and time patterns come from
 * ICU's pattern generator (skeletons "yMMMMEEEEd" and "jmm"), so order,
 * names, hour cycle and native digits all follow CLDR for the language. */
#include "locale.h"
#include "record.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucasemap.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

/* ICU locale id for a BCP 47 tag, with Latin digits when asked. Always the
 * Gregorian calendar (-u-ca-gregory): the data's dates are Gregorian, and
 * the poster must show the day the organiser wrote, not its Solar Hijri (fa),
 * Umm al-Qura (ar-SA) or Buddhist (th-TH) equivalent — ICU 72's Persian
 * calendar pattern for fa is also malformed ("y MMMM d, EEEE"). A tag that
 * already has a -u- extension is taken as the user's own choice. */
static void icu_locale(const char *lang, bool latin, char *out, size_t n)
{
	char tag[96];
	int32_t len;
	UErrorCode st = U_ZERO_ERROR;

	if (!lang || !*lang)
		lang = "en";
	if (strstr(lang, "-u-") || strlen(lang) > 48)
		snprintf(tag, sizeof tag, "%s", lang);
	else
		snprintf(tag, sizeof tag, "%s-u-ca-gregory%s", lang, latin ? "-nu-latn" : "");
	len = uloc_forLanguageTag(tag, out, (int32_t)n, NULL, &st);
	if (U_FAILURE(st) || len <= 0)
		snprintf(out, n, "en");
}

/* Opening a pattern generator and a formatter costs far more than
 * formatting (a third of a whole batch's time when done per record), so
 * formatters are kept per skeleton and locale for the life of the process:
 * a batch uses a handful. ICU formatters are not thread-safe: one lock
 * around lookup and formatting (the layout worker thread formats too). */
enum { N_CACHED_FORMATS = 32 };
static struct cached_format {
	const char *skeleton; /* one of the two static skeletons */
	char loc[96];
	UDateFormat *fmt;
} formats[N_CACHED_FORMATS];
static size_t n_formats;
static pthread_mutex_t formats_lock = PTHREAD_MUTEX_INITIALIZER;

static UDateFormat *open_format(const char *skeleton, const char *loc)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar skel[32], pat[128], zone[] = {'U', 'T', 'C', 0};
	UDateTimePatternGenerator *gen;
	UDateFormat *fmt;
	int32_t n;

	u_uastrcpy(skel, skeleton);
	gen = udatpg_open(loc, &st);
	if (U_FAILURE(st))
		return NULL;
	n = udatpg_getBestPattern(gen, skel, -1, pat, 128, &st);
	udatpg_close(gen);
	if (U_FAILURE(st) || n <= 0)
		return NULL;
	fmt = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, zone, -1, pat, n, &st);
	return U_FAILURE(st) ? NULL : fmt;
}

/* Format `when` into res (cap UChars); the length, or -1. */
static int32_t format_cached(const char *skeleton, const char *loc, UDate when, UChar *res, int32_t cap)
{
	UDateFormat *fmt = NULL, *own = NULL;
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;

	pthread_mutex_lock(&formats_lock);
	for (size_t i = 0; i < n_formats && !fmt; i++)
		if (formats[i].skeleton == skeleton && !strcmp(formats[i].loc, loc))
			fmt = formats[i].fmt;
	if (!fmt) {
		fmt = open_format(skeleton, loc);
		if (fmt && n_formats < N_CACHED_FORMATS) {
			formats[n_formats].skeleton = skeleton;
			snprintf(formats[n_formats].loc, sizeof formats[n_formats].loc, "%s", loc);
			formats[n_formats++].fmt = fmt;
		} else {
			own = fmt; /* cache full: use once */
		}
	}
	n = fmt ? udat_format(fmt, when, res, cap, NULL, &st) : -1;
	pthread_mutex_unlock(&formats_lock);
	if (own)
		udat_close(own);
	return fmt && U_SUCCESS(st) ? n : -1;
}

static const char SKEL_DATE[] = "yMMMMEEEEd", SKEL_TIME[] = "jmm";

static char *format_with_skeleton(const char *skeleton, UDate when, const char *lang, bool latin)
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
