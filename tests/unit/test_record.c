/* test_record.c — unit tests for record.c: the field store, dates and times
 * (SPEC "Data": date YYYY-MM-DD, time HH:MM), the validator behind SPEC
 * "Invalid input" (missing title, impossible date or time, URL scheme not
 * http/https/mailto/tel/geo/sms, bad qr.ec, bad language tag), each error
 * carrying file, line, record and field; and localize (--lang). */
#include "check.h"
#include "base/config.h"
#include "base/error.h"
#include "data/record.h"

#include <stdlib.h>
#include <string.h>

/* A record with title "T" plus one field; validate it; return the status
 * and leave the error in *e. */
static int validate_with(const char *name, const char *value, pl_error *e)
{
	pl_record *r = pl_record_new("ev.yaml", 3, 10);
	int rc;

	pl_record_set(r, "title", NULL, "T", 10, 3);
	if (name)
		pl_record_set(r, name, NULL, value, 12, 7);
	pl_error_clear(e);
	rc = pl_record_validate(r, e);
	pl_record_free(r);
	return rc;
}

static void test_set_get(void)
{
	pl_record *r = pl_record_new("a.yaml", 1, 1), *c;

	CHECK(r != NULL);
	CHECK(pl_record_set(r, "title", NULL, "One", 1, 8) == 0);
	CHECK(pl_record_set(r, "title", "ar", "واحد", 5, 10) == 0);
	CHECK(pl_record_set(r, "title", NULL, "Two", 2, 8) == 0); /* replaces */
	CHECK(r->n == 2);
	CHECK_STR(pl_record_get(r, "title"), "Two");
	CHECK(pl_record_find(r, "title", NULL)->line == 2);
	CHECK_STR(pl_record_get_lang(r, "title", "ar"), "واحد");
	CHECK(pl_record_get_lang(r, "title", "de") == NULL);
	CHECK_STR(pl_record_get_lang(r, "title", "en"), "Two"); /* own language = primary */
	CHECK(pl_record_get(r, "missing") == NULL);
	CHECK_STR(pl_record_lang(r), "en");
	pl_record_set(r, "lang", NULL, "de", 3, 7);
	CHECK_STR(pl_record_lang(r), "de");
	c = pl_record_dup(r);
	CHECK(c && c->n == r->n && c->index == 1 && !strcmp(c->source, "a.yaml"));
	CHECK_STR(pl_record_get_lang(c, "title", "ar"), "واحد");
	pl_record_free(c);
	pl_record_free(r);
	pl_record_free(NULL);
}

static void test_dates(void)
{
	int y, m, d;

	CHECK(pl_parse_date("2021-05-15", &y, &m, &d) == 0 && y == 2021 && m == 5 && d == 15);
	CHECK(pl_parse_date("2024-02-29", &y, &m, &d) == 0);  /* leap year */
	CHECK(pl_parse_date("2000-02-29", NULL, NULL, NULL) == 0); /* divisible by 400 */
	CHECK(pl_parse_date("2023-02-29", &y, &m, &d) != 0);
	CHECK(pl_parse_date("1900-02-29", &y, &m, &d) != 0);  /* divisible by 100 */
	CHECK(pl_parse_date("2021-13-01", &y, &m, &d) != 0);
	CHECK(pl_parse_date("2021-00-10", &y, &m, &d) != 0);
	CHECK(pl_parse_date("2021-04-31", &y, &m, &d) != 0);
	CHECK(pl_parse_date("2021-12-31", &y, &m, &d) == 0);
	CHECK(pl_parse_date("2021-02-30", &y, &m, &d) != 0);
	CHECK(pl_parse_date("21-05-15", &y, &m, &d) != 0);
	CHECK(pl_parse_date("2021/05/15", &y, &m, &d) != 0);
	CHECK(pl_parse_date("2021-05-15T10:00", &y, &m, &d) != 0);
	CHECK(pl_parse_date("15.05.2021", &y, &m, &d) != 0);
	CHECK(pl_parse_date("", &y, &m, &d) != 0);
	CHECK(pl_parse_date(NULL, &y, &m, &d) != 0);
}

static void test_times(void)
{
	int h, mi;

	CHECK(pl_parse_time("15:00", &h, &mi) == 0 && h == 15 && mi == 0);
	CHECK(pl_parse_time("9:30", &h, &mi) == 0 && h == 9 && mi == 30);
	CHECK(pl_parse_time("00:00", &h, &mi) == 0);
	CHECK(pl_parse_time("23:59", &h, &mi) == 0);
	CHECK(pl_parse_time("24:00", &h, &mi) != 0);
	CHECK(pl_parse_time("12:60", &h, &mi) != 0);
	CHECK(pl_parse_time("12:5", &h, &mi) != 0);
	CHECK(pl_parse_time("3pm", &h, &mi) != 0);
	CHECK(pl_parse_time("15.00", &h, &mi) != 0);
	CHECK(pl_parse_time("123:00", &h, &mi) != 0);
	CHECK(pl_parse_time("", &h, &mi) != 0);
}

static void test_validate_title(void)
{
	pl_record *r = pl_record_new("ev.yaml", 4, 20);
	pl_error e = {0};

	pl_record_set(r, "city", NULL, "Berlin", 21, 9);
	CHECK(pl_record_validate(r, &e) != 0);
	CHECK(e.code == PL_EINPUT && e.record == 4 && e.line == 20);
	CHECK_STR(e.field, "title");
	CHECK_STR(e.file, "ev.yaml");
	CHECK(strstr(e.msg, "no title") != NULL);
	pl_record_set(r, "title", NULL, "   ", 22, 10); /* blank is no title */
	pl_error_clear(&e);
	CHECK(pl_record_validate(r, &e) != 0 && e.line == 22 && e.col == 10);
	pl_record_set(r, "title", NULL, "Rally", 22, 10);
	pl_error_clear(&e);
	CHECK(pl_record_validate(r, &e) == 0 && e.code == PL_OK);
	pl_record_free(r);
}

static void test_validate_dates_times(void)
{
	pl_error e;

	CHECK(validate_with("date", "2024-02-29", &e) == 0);
	CHECK(validate_with("date", "2023-02-29", &e) != 0);
	CHECK(e.code == PL_EINPUT && e.line == 12 && e.col == 7 && e.record == 3);
	CHECK_STR(e.field, "date");
	CHECK_STR(e.msg, "2023-02-29 is not a real date. Write the date as YYYY-MM-DD, e.g. 2021-05-15.");
	CHECK(validate_with("date", "2021-13-01", &e) != 0 && strstr(e.msg, "no such month"));
	CHECK(validate_with("date", "next friday", &e) != 0 && strstr(e.msg, "YYYY-MM-DD"));
	CHECK(validate_with("end_date", "2021-02-30", &e) != 0);
	CHECK_STR(e.field, "end_date");
	CHECK(validate_with("time", "24:00", &e) != 0 && strstr(e.msg, "HH:MM"));
	CHECK_STR(e.field, "time");
	CHECK(validate_with("end_time", "18:75", &e) != 0);
	CHECK_STR(e.field, "end_time");
	CHECK(validate_with("time", "9:30", &e) == 0);
	{
		pl_record *r = pl_record_new("ev.yaml", 1, 1);
		pl_record_set(r, "title", NULL, "T", 1, 1);
		pl_record_set(r, "date", NULL, "2021-05-15", 2, 7);
		pl_record_set(r, "end_date", NULL, "2021-05-14", 3, 11);
		pl_error_clear(&e);
		CHECK(pl_record_validate(r, &e) != 0 && e.line == 3 && strstr(e.msg, "before it starts"));
		CHECK_STR(e.field, "end_date");
		pl_record_set(r, "end_date", NULL, "2021-05-15", 3, 11);
		pl_error_clear(&e);
		CHECK(pl_record_validate(r, &e) == 0);
		pl_record_free(r);
	}
}

static void test_validate_url(void)
{
	pl_error e;
	char *long_url;

	CHECK(validate_with("url", "https://example.org/events/berlin", &e) == 0);
	CHECK(validate_with("url", "HTTP://EXAMPLE.ORG", &e) == 0);
	CHECK(validate_with("url", "mailto:info@example.org", &e) == 0);
	CHECK(validate_with("url", "tel:+4930123456", &e) == 0);
	CHECK(validate_with("url", "geo:52.5,13.4", &e) == 0);
	CHECK(validate_with("url", "sms:+4930123456", &e) == 0);
	CHECK(validate_with("url", "https://example.org/فلسطين", &e) == 0);
	CHECK(validate_with("url", "javascript:alert(1)", &e) != 0);
	CHECK_STR(e.msg, "'javascript:' links are not allowed: the QR code must open a web page. Use an http:// or "
			 "https:// address (or mailto:, tel:, geo:, sms:).");
	CHECK_STR(e.field, "url");
	CHECK(e.line == 12 && e.col == 7 && e.record == 3);
	CHECK(validate_with("url", "JavaScript:alert(1)", &e) != 0 && strstr(e.msg, "'javascript:'"));
	CHECK(validate_with("url", "data:text/html,hi", &e) != 0);
	CHECK(validate_with("url", "file:///etc/passwd", &e) != 0);
	CHECK(validate_with("url", "ftp://example.org", &e) != 0);
	CHECK(validate_with("url", "example.org/page", &e) != 0 && strstr(e.msg, "no scheme"));
	CHECK(validate_with("url", "https://exa mple.org", &e) != 0 && strstr(e.msg, "space"));
	CHECK(validate_with("url", "https://example.org/\x01", &e) != 0);
	CHECK(validate_with("url", "https:example.org", &e) != 0 && strstr(e.msg, "site name"));
	CHECK(validate_with("url", "https://", &e) != 0);
	long_url = malloc(PL_MAX_URL_BYTES + 32);
	strcpy(long_url, "https://example.org/");
	memset(long_url + 20, 'a', PL_MAX_URL_BYTES);
	long_url[PL_MAX_URL_BYTES + 20] = '\0';
	CHECK(validate_with("url", long_url, &e) != 0 && strstr(e.msg, "too long"));
	long_url[PL_MAX_URL_BYTES] = '\0'; /* exactly at the limit */
	CHECK(validate_with("url", long_url, &e) == 0);
	free(long_url);
}

static void test_validate_ec_lang(void)
{
	pl_error e;

	CHECK(validate_with("qr.ec", "H", &e) == 0);
	CHECK(validate_with("qr.ec", "m", &e) == 0);
	CHECK(validate_with("qr.ec", "X", &e) != 0);
	CHECK_STR(e.field, "qr.ec");
	CHECK(validate_with("qr.ec", "HH", &e) != 0);
	CHECK(validate_with("lang", "ar", &e) == 0);
	CHECK(validate_with("lang", "pt-BR", &e) == 0);
	CHECK(validate_with("lang", "zh-Hant-TW", &e) == 0);
	CHECK(validate_with("lang", "ast", &e) == 0);
	CHECK(validate_with("lang", "english", &e) != 0);
	CHECK_STR(e.field, "lang");
	CHECK(validate_with("lang", "pt_BR", &e) != 0 && strstr(e.msg, "pt-BR"));
	CHECK(validate_with("lang", "e", &e) != 0);
	CHECK(validate_with("lang", "de-", &e) != 0);
	CHECK(validate_with("second_lang", "a r", &e) != 0);
	CHECK_STR(e.field, "second_lang");
	{
		pl_record *r = pl_record_new("ev.yaml", 1, 1);
		pl_record_set(r, "title", NULL, "T", 1, 1);
		pl_record_set(r, "title", "1x", "T", 4, 9);
		pl_error_clear(&e);
		CHECK(pl_record_validate(r, &e) != 0 && e.line == 4);
		CHECK_STR(e.field, "translations.1x");
		pl_record_free(r);
	}
}

static void test_localize(void)
{
	pl_record *r = pl_record_new("ev.yaml", 2, 5), *l;

	pl_record_set(r, "lang", NULL, "de", 5, 9);
	pl_record_set(r, "second_lang", NULL, "ar", 6, 16);
	pl_record_set(r, "title", NULL, "Verteidigt Jerusalem", 7, 10);
	pl_record_set(r, "subtitle", NULL, "Für Rückkehr", 8, 13);
	pl_record_set(r, "venue", NULL, "Oranienplatz", 9, 10);
	pl_record_set(r, "title", "ar", "دافعوا عن القدس", 12, 14);

	l = pl_record_localize(r, "ar");
	CHECK(l != NULL);
	CHECK_STR(pl_record_lang(l), "ar");
	CHECK_STR(pl_record_get(l, "title"), "دافعوا عن القدس");
	CHECK(pl_record_find(l, "title", NULL)->line == 12);
	CHECK_STR(pl_record_get_lang(l, "title", "de"), "Verteidigt Jerusalem");
	CHECK(pl_record_find(l, "title", "ar") == NULL);
	CHECK_STR(pl_record_get(l, "subtitle"), "Für Rückkehr"); /* no translation: kept */
	CHECK_STR(pl_record_get(l, "venue"), "Oranienplatz");
	CHECK_STR(pl_record_get(l, "second_lang"), "de"); /* bilingual pair swaps */
	CHECK(l->index == 2 && l->line == 5);
	pl_record_free(l);

	/* No translation in that language: an unchanged copy. */
	l = pl_record_localize(r, "fr");
	CHECK(l && l->n == r->n);
	CHECK_STR(pl_record_lang(l), "de");
	CHECK_STR(pl_record_get(l, "title"), "Verteidigt Jerusalem");
	pl_record_free(l);

	/* Already in that language: unchanged. */
	l = pl_record_localize(r, "de");
	CHECK(l && l->n == r->n);
	CHECK_STR(pl_record_get(l, "title"), "Verteidigt Jerusalem");
	pl_record_free(l);

	/* A record without lang is English; localizing keeps English text. */
	pl_record_free(r);
	r = pl_record_new("ev.yaml", 1, 1);
	pl_record_set(r, "title", NULL, "Rally", 1, 8);
	pl_record_set(r, "title", "es", "Manifestación", 3, 12);
	l = pl_record_localize(r, "es");
	CHECK_STR(pl_record_get(l, "title"), "Manifestación");
	CHECK_STR(pl_record_get_lang(l, "title", "en"), "Rally");
	CHECK_STR(pl_record_lang(l), "es");
	pl_record_free(l);
	pl_record_free(r);
}

static void test_records_list(void)
{
	pl_records l = {0};

	for (int i = 0; i < 40; i++)
		CHECK(pl_records_push(&l, pl_record_new("x.csv", i + 1, i + 2)) == 0);
	CHECK(l.n == 40 && l.v[39]->index == 40);
	pl_records_free(&l);
	CHECK(l.n == 0 && l.v == NULL);
}

int main(void)
{
	test_set_get();
	test_dates();
	test_times();
	test_validate_title();
	test_validate_dates_times();
	test_validate_url();
	test_validate_ec_lang();
	test_localize();
	test_records_list();
	return CHECK_DONE();
}
