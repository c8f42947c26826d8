/* test_data.c — unit tests for yaml.c, data.c and csv.c: the SPEC "Data"
 * shapes (one record, a list, a campaign whose events inherit and override,
 * translations merged per language and field), CSV (BOM, title@ar columns,
 * quoted newlines, rows that cannot be read kept as records with a fault
 * while the rows around them load), and the SPEC's "rejected whole" cases —
 * YAML that does not parse (tabs, unclosed quotes, JSON trailing commas,
 * duplicate keys, several documents), text that is not UTF-8, and input
 * over the limits (nesting, alias expansion, field length). Each error must
 * name the file and line a person would look at. */
#include "check.h"
#include "base/config.h"
#include "data/data.h"
#include "base/error.h"
#include "data/record.h"
#include "base/util.h"
#include "data/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pl_error E; /* the error of the last load */

/* Load YAML/JSON (or CSV when the name ends in .csv) from a string. */
static int load(const char *name, const char *text, pl_records *out)
{
	size_t len = strlen(text);
	pl_node *root;
	int rc;

	pl_error_clear(&E);
	if (strstr(name, ".csv"))
		return pl_csv_parse(name, text, len, out, &E);
	root = pl_yaml_parse(name, text, len, &E);
	if (!root)
		return -1;
	rc = pl_data_from_tree(name, root, out, &E);
	pl_node_free(root);
	return rc;
}

/* Expect a load to fail; return the formatted error for CHECKs. */
static const char *load_err(const char *name, const char *text)
{
	static char buf[1024];
	pl_records rs = {0};
	int rc = load(name, text, &rs);

	pl_records_free(&rs);
	if (rc == 0)
		return "(loaded fine)";
	pl_error_format(&E, buf, sizeof buf);
	return buf;
}

/* Expect a CSV to load with record i unreadable; return its fault as
 * validation reports it, and how many records loaded in *n. */
static const char *row_err(const char *name, const char *text, size_t i, size_t *n)
{
	static char buf[1024];
	pl_records rs = {0};
	pl_error e = {0};
	int rc = load(name, text, &rs);

	*n = rs.n;
	if (rc != 0 || i >= rs.n || !rs.v[i]->fault || pl_record_validate(rs.v[i], &e) == 0)
		snprintf(buf, sizeof buf, "(rc %d, %zu records, no fault at %zu)", rc, rs.n, i);
	else
		pl_error_format(&e, buf, sizeof buf);
	pl_records_free(&rs);
	return buf;
}

static const char *get(const pl_records *rs, size_t i, const char *name, const char *lang)
{
	if (i >= rs->n)
		return NULL;
	return lang ? pl_record_get_lang(rs->v[i], name, lang) : pl_record_get(rs->v[i], name);
}

static void test_single_record(void)
{
	pl_records rs = {0};
	const pl_field *f;

	CHECK(load("one.yaml",
		   "title: Rally\n"
		   "date: 2021-05-15\n"
		   "time: 15:00\n"
		   "end_time: \"18:00\"\n"
		   "free: true\n"
		   "capacity: 300\n"
		   "hashtags: [\"#SaveSheikhJarrah\", FreePalestine]\n"
		   "qr: {ec: H, utm: true}\n"
		   "theme:\n  accent: \"#c00\"\n"
		   "body: |\n  First.\n\n  Second.\n"
		   "empty:\n"
		   "whatever_else: kept\n", &rs) == 0);
	CHECK(rs.n == 1);
	CHECK_STR(get(&rs, 0, "title", NULL), "Rally");
	CHECK_STR(get(&rs, 0, "date", NULL), "2021-05-15");
	CHECK_STR(get(&rs, 0, "time", NULL), "15:00");
	CHECK_STR(get(&rs, 0, "end_time", NULL), "18:00");
	CHECK_STR(get(&rs, 0, "free", NULL), "true");
	CHECK_STR(get(&rs, 0, "capacity", NULL), "300");
	CHECK_STR(get(&rs, 0, "hashtags", NULL), "#SaveSheikhJarrah FreePalestine");
	CHECK_STR(get(&rs, 0, "qr.ec", NULL), "H");
	CHECK_STR(get(&rs, 0, "qr.utm", NULL), "true");
	CHECK_STR(get(&rs, 0, "theme.accent", NULL), "#c00");
	CHECK_STR(get(&rs, 0, "body", NULL), "First.\n\nSecond.\n");
	CHECK(get(&rs, 0, "empty", NULL) == NULL);
	CHECK_STR(get(&rs, 0, "whatever_else", NULL), "kept");
	CHECK(rs.v[0]->index == 1 && rs.v[0]->line == 1);
	CHECK_STR(rs.v[0]->source, "one.yaml");
	f = pl_record_find(rs.v[0], "date", NULL);
	CHECK(f && f->line == 2 && f->col == 7);
	f = pl_record_find(rs.v[0], "qr.utm", NULL);
	CHECK(f && f->line == 8 && f->col == 18);
	pl_records_free(&rs);
}

static void test_list(void)
{
	pl_records rs = {0};

	CHECK(load("list.yaml", "# events\n- title: A\n  city: Berlin\n\n- title: B\n  city: Paris\n", &rs) == 0);
	CHECK(rs.n == 2);
	CHECK_STR(get(&rs, 1, "city", NULL), "Paris");
	CHECK(rs.v[0]->index == 1 && rs.v[0]->line == 2);
	CHECK(rs.v[1]->index == 2 && rs.v[1]->line == 5);
	CHECK(get(&rs, 1, "title", NULL) && pl_record_get(rs.v[0], "campaign.title") == NULL);
	pl_records_free(&rs);

	CHECK(strstr(load_err("list.yaml", "- title: A\n- just text\n"),
		     "list.yaml:2:3: record 2: item 2 of the list is not a record") != NULL);
	CHECK(strstr(load_err("list.yaml", "[]\n"), "no records") != NULL);
	CHECK(strstr(load_err("text.yaml", "hello\n"), "single text") != NULL);
}

static const char CAMPAIGN[] =
	"campaign:                 # shared by every event below\n"
	"  title: Week of Palestinian Struggle\n"
	"  url: https://example.org/week\n"
	"  organizer: Example Network\n"
	"  hashtags: [\"#SaveSheikhJarrah\"]\n"
	"  logo: logo.svg\n"
	"  qr: {ec: Q, utm: true}\n"
	"  translations:\n"
	"    ar: { title: أسبوع النضال, organizer: الشبكة }\n"
	"events:\n"
	"  - lang: de\n"
	"    second_lang: ar\n"
	"    title: Verteidigt Jerusalem\n"
	"    subtitle: Für Rückkehr und Befreiung\n"
	"    date: 2021-05-15\n"
	"    time: \"15:00\"\n"
	"    url: https://example.org/events/berlin\n"
	"    qr: {ec: H}\n"
	"    translations:\n"
	"      ar: { title: دافعوا عن القدس, subtitle: من أجل العودة والتحرير }\n"
	"  - title: Paris\n"
	"    logo: ~\n"
	"    organizer: \"\"\n"
	"  - city: Athens\n";

static void test_campaign(void)
{
	pl_records rs = {0};
	const pl_record *r;

	CHECK(load("camp/week.yaml", CAMPAIGN, &rs) == 0);
	CHECK(rs.n == 3);
	r = rs.v[0];
	CHECK(r->index == 1 && r->line == 11);
	CHECK_STR(r->source, "camp/week.yaml");
	/* overridden */
	CHECK_STR(pl_record_get(r, "title"), "Verteidigt Jerusalem");
	CHECK_STR(pl_record_get(r, "url"), "https://example.org/events/berlin");
	CHECK(pl_record_find(r, "url", NULL)->line == 17);
	CHECK_STR(pl_record_get(r, "qr.ec"), "H");
	/* inherited, with the campaign's position */
	CHECK_STR(pl_record_get(r, "organizer"), "Example Network");
	CHECK(pl_record_find(r, "organizer", NULL)->line == 4);
	CHECK_STR(pl_record_get(r, "hashtags"), "#SaveSheikhJarrah");
	CHECK_STR(pl_record_get(r, "qr.utm"), "true"); /* nested maps merge key by key */
	CHECK_STR(pl_record_get(r, "logo"), "logo.svg");
	CHECK_STR(pl_record_get(r, "campaign.title"), "Week of Palestinian Struggle");
	/* translations merge per language and field */
	CHECK_STR(pl_record_get_lang(r, "title", "ar"), "دافعوا عن القدس");
	CHECK_STR(pl_record_get_lang(r, "subtitle", "ar"), "من أجل العودة والتحرير");
	CHECK_STR(pl_record_get_lang(r, "organizer", "ar"), "الشبكة");
	CHECK_STR(pl_record_lang(r), "de");

	r = rs.v[1];
	CHECK(r->index == 2 && r->line == 21);
	CHECK(rs.v[2]->line == 24);
	CHECK_STR(pl_record_get(r, "title"), "Paris");
	CHECK_STR(pl_record_get(r, "url"), "https://example.org/week");
	CHECK_STR(pl_record_get(r, "qr.ec"), "Q");
	CHECK(pl_record_get(r, "logo") == NULL); /* null removes the inherited value */
	CHECK(pl_record_get(r, "organizer") == NULL); /* so does "" */
	CHECK(pl_record_get(r, "subtitle") == NULL); /* nothing leaks between events */
	CHECK_STR(pl_record_get_lang(r, "title", "ar"), "أسبوع النضال");
	CHECK_STR(pl_record_lang(r), "en");

	r = rs.v[2];
	CHECK_STR(pl_record_get(r, "title"), "Week of Palestinian Struggle");
	CHECK_STR(pl_record_get(r, "city"), "Athens");
	pl_records_free(&rs);

	/* A campaign alone is one record. */
	CHECK(load("c.yaml", "campaign:\n  title: Alone\n", &rs) == 0);
	CHECK(rs.n == 1 && rs.v[0]->index == 1);
	CHECK_STR(get(&rs, 0, "title", NULL), "Alone");
	pl_records_free(&rs);

	CHECK(strstr(load_err("c.yaml", "campaign:\n  title: X\nevents:\n  - title: A\n  - just words\n"),
		     "c.yaml:5:5: record 2: event 2 is not a group of fields") != NULL);
	CHECK(strstr(load_err("c.yaml", "campaign:\n  title: X\nevents:\n  title: A\n"),
		     "events: must be a list") != NULL);
	CHECK(strstr(load_err("c.yaml", "campaign:\n  title: X\ntitle: Y\nevents:\n  - city: A\n"),
		     "c.yaml:3:8: field 'title': 'title' stands beside campaign:") != NULL);
}

static void test_translations_and_at(void)
{
	pl_records rs = {0};

	CHECK(load("t.json",
		   "{\"title\": \"Rally\", \"title@es\": \"Marcha\",\n"
		   " \"translations\": {\"ar\": {\"title\": \"مسيرة\", \"body\": \"نص\"}}}\n", &rs) == 0);
	CHECK(rs.n == 1);
	CHECK_STR(get(&rs, 0, "title", "es"), "Marcha");
	CHECK_STR(get(&rs, 0, "title", "ar"), "مسيرة");
	CHECK_STR(get(&rs, 0, "body", "ar"), "نص");
	CHECK(pl_record_find(rs.v[0], "body", "ar")->line == 2);
	pl_records_free(&rs);
	CHECK(strstr(load_err("t.yaml", "title: A\ntranslations:\n  ar: just text\n"),
		     "t.yaml:3:7: record 1, field 'translations'") != NULL);
}

static void test_csv(void)
{
	pl_records rs = {0};
	const pl_field *f;
	size_t n;

	CHECK(load("list.csv",
		   "\xEF\xBB\xBFtitle , title@ar,date,hashtags,city\n"
		   "Hello,مرحبا,2021-05-15,#a #b,Berlin\n"
		   "\"Two\nlines, with comma\",,,,\n"
		   "\n"
		   "\"Say \"\"hi\"\"\",,2021-06-01,,  Paris  \n", &rs) == 0);
	CHECK(rs.n == 3);
	CHECK_STR(get(&rs, 0, "title", NULL), "Hello"); /* BOM stripped, name trimmed */
	CHECK_STR(get(&rs, 0, "title", "ar"), "مرحبا");
	CHECK_STR(get(&rs, 0, "hashtags", NULL), "#a #b");
	CHECK(rs.v[0]->index == 1 && rs.v[0]->line == 2);
	f = pl_record_find(rs.v[0], "date", NULL);
	CHECK(f && f->line == 2 && f->col == 13);
	CHECK_STR(get(&rs, 1, "title", NULL), "Two\nlines, with comma");
	CHECK(get(&rs, 1, "date", NULL) == NULL); /* empty cell = absent */
	CHECK(rs.v[1]->index == 2 && rs.v[1]->line == 3);
	CHECK(rs.v[2]->index == 3 && rs.v[2]->line == 6); /* after the quoted newline and a blank line */
	CHECK_STR(get(&rs, 2, "title", NULL), "Say \"hi\"");
	CHECK_STR(get(&rs, 2, "city", NULL), "Paris");
	pl_records_free(&rs);

	/* CRLF, as spreadsheets on Windows write it; a CRLF inside a cell becomes LF. */
	CHECK(load("w.csv", "title,city\r\n\"x\r\ny\",b\r\nz,w\r\n", &rs) == 0);
	CHECK(rs.n == 2 && rs.v[1]->line == 4);
	CHECK_STR(get(&rs, 0, "title", NULL), "x\ny");
	pl_records_free(&rs);

	/* No trailing newline. */
	CHECK(load("n.csv", "title\nLast", &rs) == 0 && rs.n == 1);
	CHECK_STR(get(&rs, 0, "title", NULL), "Last");
	pl_records_free(&rs);

	/* Rows that cannot be read are records with a fault, in their place;
	 * the rows around them load as usual. */
	CHECK(load("r.csv", "title,city\na,b\n\"c\nd\",e,f\ng,h\n", &rs) == 0 && rs.n == 3);
	CHECK(!rs.v[0]->fault && rs.v[1]->fault && !rs.v[2]->fault);
	CHECK(rs.v[1]->index == 2 && rs.v[1]->line == 3 && rs.v[1]->n == 0);
	CHECK(rs.v[2]->index == 3 && rs.v[2]->line == 5);
	CHECK_STR(get(&rs, 2, "city", NULL), "h");
	{
		pl_error e = {0};
		pl_record *d = pl_record_dup(rs.v[1]);
		CHECK(d && d->fault && pl_record_validate(d, &e) != 0 && e.code == PL_EINPUT && e.line == 3 &&
		      e.record == 2);
		pl_record_free(d);
	}
	pl_records_free(&rs);
	CHECK_STR(row_err("r.csv", "title,city\na,b\n\"c\nd\",e,f\ng,h\n", 1, &n),
		  "r.csv:3: record 2: this row has 3 cells but the header (line 1) names 2 fields, so 'f' (column 3) "
		  "has no field. A comma inside a cell needs double quotes around the cell (\"Berlin, Kreuzberg\"); "
		  "otherwise remove the extra comma. The cell that starts on line 3 runs over several lines: check "
		  "that its closing quote is where you meant it.");
	CHECK_STR(row_err("r.csv", "title,city,date,url@ar\na\nb,c,,\n", 0, &n),
		  "r.csv:2: record 1: this row has 1 cell but the header (line 1) names 4 fields, so city, date and "
		  "url@ar have no cell. Add the missing cells (an empty cell still needs its comma, like Berlin,,10:00).");
	CHECK(n == 2);
	CHECK(strstr(row_err("r.csv", "title,city\na,b,,\n", 0, &n),
		     "r.csv:2: record 1: this row has 4 cells but the header (line 1) names 2 fields: it ends with 2 "
		     "commas too many. Remove them") != NULL);
	CHECK(strstr(row_err("q.csv", "title,size\na,5\" screen\nb,6\n", 0, &n),
		     "q.csv:2:4: record 1: a double quote") != NULL && n == 2);
	CHECK(strstr(row_err("q.csv", "title,size\n\"a\"b,5\nc,6\n", 0, &n),
		     "q.csv:2:4: record 1: there is text right after the closing quote") != NULL && n == 2);
	/* The rest of a bad row is skipped to where it ends, quoted commas and
	 * line breaks included; a stray quote there is only text. */
	CHECK(load("s.csv", "title,city\n\"a\"x,\"b,\nc\",d\"e\nf,g\n\"h\"\"\",i\n", &rs) == 0 && rs.n == 3);
	CHECK(rs.n == 3 && rs.v[0]->fault && rs.v[0]->fault->line == 2 && !rs.v[1]->fault && rs.v[1]->line == 4);
	CHECK_STR(get(&rs, 1, "title", NULL), "f");
	CHECK_STR(get(&rs, 2, "title", NULL), "h\"");
	pl_records_free(&rs);
	CHECK(load("s.csv", "title,city\r\na \"b\",c\r\nd,e\r\n", &rs) == 0 && rs.n == 2 && rs.v[0]->fault &&
	      !rs.v[1]->fault && rs.v[1]->line == 3);
	pl_records_free(&rs);
	/* Not readable at all: a header that does not parse, a quote open at
	 * the end of the file (also one opened in a row being skipped). */
	CHECK(strstr(load_err("q.csv", "title,city\na,\"never closed\nb,c\n"),
		     "q.csv:2:3: record 1: a quoted cell that starts here is never closed") != NULL);
	CHECK(strstr(load_err("q.csv", "title,city\na,b\nx\"y,\"never closed\nb,c\n"),
		     "q.csv:3:5: record 2: a quoted cell that starts here is never closed") != NULL);
	CHECK(strstr(load_err("q.csv", "ti\"tle,city\na,b\n"), "q.csv:1:3: a double quote") != NULL);
	CHECK(strstr(load_err("e.csv", ""), "no records") != NULL);
	CHECK(strstr(load_err("e.csv", "\xEF\xBB\xBF"), "no records") != NULL);
	CHECK(strstr(load_err("h.csv", "title,date\n"), "h.csv:1: the file holds no records") != NULL);
	CHECK(strstr(load_err("u.csv", "title,city\nok,ok\nCaf\xe9,x\n"), "u.csv:3:4: this is not UTF-8") != NULL);
	CHECK(strstr(load_err("d.csv", "title,city,title\na,b,c\n"), "twice") != NULL);
	CHECK(strstr(load_err("d.csv", "title,,city\na,b,c\n"), "column 2 of the header has no field name") != NULL);
}

static void test_yaml_errors(void)
{
	CHECK_STR(load_err("tab.yaml", "title: Rally\ncity:\n\t- Berlin\n"),
		  "tab.yaml:3:1: a tab is used to indent this line; YAML needs spaces. Replace the tab with spaces.");
	CHECK(E.code == PL_EINPUT);
	CHECK(strstr(load_err("tab.yaml", "title: Rally\n\tcity: Berlin\n"), "tab.yaml:2:1: a tab") != NULL);
	CHECK(strstr(load_err("q.yaml", "title: \"Rally\ncity: Berlin\n"),
		     "q.yaml:1:8: a quoted text that starts here is never closed") != NULL);
	CHECK(strstr(load_err("q.yaml", "title: 'Rally"), "never closed") != NULL);
	CHECK(strstr(load_err("t.json", "{\"title\": \"x\",\n \"tags\": [\"a\", \"b\",]}\n"),
		     "t.json:2:19: there is a comma just before a closing bracket") != NULL);
	CHECK(strstr(load_err("t.json", "{\"title\": \"x\",}\n"), "t.json:1:14: there is a comma") != NULL);
	CHECK_STR(load_err("dup.yaml", "title: A\ncity: B\ntitle: C\n"),
		  "dup.yaml:3:1: 'title' is given twice in the same group (first on line 1). Keep one of them.");
	CHECK(strstr(load_err("dup.yaml", "- title: A\n  qr: {ec: H, ec: L}\n"), "dup.yaml:2:15: 'ec' is given twice") != NULL);
	CHECK_STR(load_err("dup.yaml", "title: A\nqr:\n  ec: H\nqr:\n  ec: L\n"),
		  "dup.yaml:4:1: 'qr' is given twice in the same group (first on line 2). Keep one of them.");
	CHECK(strstr(load_err("multi.yaml", "---\ntitle: A\n---\ntitle: B\n"), "multi.yaml:3:1: a second document") != NULL);
	CHECK(strstr(load_err("empty.yaml", ""), "empty.yaml: the file is empty") != NULL);
	CHECK(strstr(load_err("empty.yaml", "# just a comment\n\n"), "the file is empty") != NULL);
	CHECK(strstr(load_err("empty.yaml", "---\n"), "the file is empty") != NULL);
	CHECK(strstr(load_err("key.yaml", "? [a, b]\n: 1\n"), "key.yaml:1:3: a field name must be plain text") != NULL);
	CHECK(strstr(load_err("same.yaml", "title: Rally: now\n"), "same.yaml:1:13: there is a second") != NULL);
	CHECK(strstr(load_err("al.yaml", "title: *nope\n"), "al.yaml:1:8: *nope refers to no anchor") != NULL);
	CHECK(strstr(load_err("self.yaml", "a: &a [1, *a]\n"), "refers to no anchor") != NULL);
	CHECK(strstr(load_err("u.yaml", "title: ok\ncity: Caf\xc3\n"), "u.yaml:2:10: this is not UTF-8 text (byte 0xC3)") != NULL);
	CHECK(strstr(load_err("u.yaml", "title: \xed\xa0\x80\n"), "u.yaml:1:8: this is not UTF-8") != NULL); /* surrogate */
	CHECK(strstr(load_err("u.yaml", "title: \"\\ud800\"\n"), "backslash escape") != NULL);
}

static void test_limits(void)
{
	/* Billion laughs: 9^9 strings if expanded; must fail fast and small. */
	static const char lol[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	clock_t t0 = clock();
	const char *m = load_err("lol.yaml", lol);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	pl_buf b = {0};
	char *big;
	pl_records rs = {0};

	CHECK(strstr(m, "lol.yaml:") && strstr(m, "repeat too much"));
	CHECK(E.code == PL_ELIMIT && E.line > 0);
	CHECK(secs < 1.0);

	/* Anchors are capped (they are looked up by a scan). */
	for (int i = 0; i < 1001; i++)
		pl_buf_printf(&b, "a%d: &a%d x\n", i, i);
	CHECK(strstr(load_err("anchors.yaml", b.s), "anchors.yaml:1001:") && E.code == PL_ELIMIT);
	pl_buf_free(&b);

	/* A few aliases are fine (and keep their text). */
	CHECK(load("ok.yaml", "- &e {title: A, city: Berlin}\n- *e\n", &rs) == 0 && rs.n == 2);
	CHECK_STR(get(&rs, 1, "city", NULL), "Berlin");
	pl_records_free(&rs);
	/* << merge keys: explicit fields win. */
	CHECK(load("m.yaml", "- &base {title: A, city: Berlin, country: DE}\n- <<: *base\n  city: Hamburg\n", &rs) == 0);
	CHECK(rs.n == 2);
	CHECK_STR(get(&rs, 1, "city", NULL), "Hamburg");
	CHECK_STR(get(&rs, 1, "country", NULL), "DE");
	CHECK_STR(get(&rs, 1, "title", NULL), "A");
	pl_records_free(&rs);

	/* Nesting: 16 levels pass, 17 fail, in block and flow style. */
	for (int d = 0; d < PL_MAX_DEPTH; d++)
		pl_buf_printf(&b, "%*sk%d:\n", 2 * d, "", d);
	pl_buf_printf(&b, "%*sx: 1\n", 2 * PL_MAX_DEPTH, "");
	m = load_err("deep.yaml", b.s);
	CHECK(strstr(m, "deep.yaml:17:33: the data is nested more than 16 levels deep") != NULL);
	CHECK(E.code == PL_ELIMIT);
	pl_buf_free(&b);
	for (int d = 0; d < 100000; d++)
		pl_buf_add(&b, "[", 1);
	for (int d = 0; d < 100000; d++)
		pl_buf_add(&b, "]", 1);
	CHECK(strstr(load_err("deep.json", b.s), "deep.json:1:17: the data is nested") != NULL);
	pl_buf_free(&b);
	CHECK(load("ok.yaml", "title: ok\na: {b: {c: {d: 1}}}\n", &rs) == 0);
	CHECK_STR(get(&rs, 0, "a.b.c.d", NULL), "1");
	pl_records_free(&rs);

	/* A field over PL_MAX_FIELD_BYTES. */
	big = malloc(PL_MAX_FIELD_BYTES + 64);
	strcpy(big, "title: ok\nbody: ");
	memset(big + 16, 'x', PL_MAX_FIELD_BYTES + 1);
	strcpy(big + 16 + PL_MAX_FIELD_BYTES + 1, "\n");
	m = load_err("long.yaml", big);
	CHECK(strstr(m, "long.yaml:2:7: record 1, field 'body': this text is too long") != NULL);
	CHECK(E.code == PL_ELIMIT);
	strcpy(big, "title,body\nok,");
	memset(big + 14, 'x', PL_MAX_FIELD_BYTES + 1);
	strcpy(big + 14 + PL_MAX_FIELD_BYTES + 1, "\n");
	CHECK(strstr(load_err("long.csv", big), "long.csv:2:4: record 1, field 'body': this text is too long") != NULL);
	free(big);
}

/* pl_data_load picks the reader by extension; errors name the path. */
static void test_load_files(void)
{
	char dir[] = "/tmp/placard-test-XXXXXX", path[512];
	pl_records rs = {0};
	pl_error e = {0};
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/events.csv", dir);
	f = fopen(path, "w");
	fputs("title,city\nA,Berlin\nB,Paris\n", f);
	fclose(f);
	CHECK(pl_data_load(path, &rs, &e) == 0 && rs.n == 2);
	CHECK_STR(rs.v[0]->source, path);
	unlink(path);

	snprintf(path, sizeof path, "%s/week.yml", dir);
	f = fopen(path, "w");
	fputs(CAMPAIGN, f);
	fclose(f);
	CHECK(pl_data_load(path, &rs, &e) == 0 && rs.n == 5); /* appended */
	CHECK(rs.v[2]->index == 1);
	unlink(path);

	snprintf(path, sizeof path, "%s/bad.json", dir);
	f = fopen(path, "w");
	fputs("[{\"title\": \"a\"},]", f);
	fclose(f);
	CHECK(pl_data_load(path, &rs, &e) != 0 && rs.n == 5); /* nothing added */
	CHECK_STR(e.file, path);
	CHECK(e.line == 1 && e.code == PL_EINPUT);
	unlink(path);

	pl_error_clear(&e);
	snprintf(path, sizeof path, "%s/missing.yaml", dir);
	CHECK(pl_data_load(path, &rs, &e) != 0 && e.code == PL_EIO);
	rmdir(dir);
	pl_records_free(&rs);
}

/* Every record of a source, in order, as "index:line:name=value|..." lines. */
static char *dump_source(pl_source *s, pl_error *e)
{
	pl_buf b = {0};
	pl_record *r;

	while ((r = pl_source_next(s, e))) {
		pl_buf_printf(&b, "%s#%d:%d:", r->source, r->index, r->line);
		for (size_t i = 0; i < r->n; i++)
			pl_buf_printf(&b, "%s@%s=%s(%d,%d)|", r->fields[i].name, r->fields[i].lang ? r->fields[i].lang : "",
				      r->fields[i].value, r->fields[i].line, r->fields[i].col);
		pl_buf_puts(&b, "\n");
		pl_record_free(r);
	}
	return pl_buf_take(&b);
}

static char *dump_records(const pl_records *rs)
{
	pl_source *s = pl_source_new();
	pl_error e = {0};
	char *d;

	pl_source_add_records(s, rs, &e);
	d = dump_source(s, &e);
	pl_source_free(s);
	return d;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	fwrite(data, 1, n, f);
	fclose(f);
}

/* A CSV file read in pieces (pl_source) gives exactly the records, lines,
 * columns and errors of the same bytes parsed whole, also when a piece ends
 * inside a UTF-8 character or a quoted cell. */
static void test_source(void)
{
	char dir[] = "/tmp/placard-test-XXXXXX", path[512], ypath[512];
	pl_buf b = {0};
	pl_records whole = {0};
	pl_error e = {0}, e2 = {0};
	pl_source *s;
	char *a, *c;
	size_t n;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/big.csv", dir);
	pl_buf_puts(&b, "\xEF\xBB\xBFtitle,body,title@ar\n");
	/* a 4-byte emoji across the first piece boundary, a 2-byte Greek letter
	 * across the second, a quoted cell with a line break across the third */
	for (int k = 1; k <= 3; k++) {
		size_t edge = (size_t)k * PL_CSV_PIECE;
		const char *ch = k == 1 ? "\xF0\x9F\x93\xA2" : k == 2 ? "\xCE\xB1" : "\"two\nlines\"";
		while (b.len + 200 < edge)
			pl_buf_printf(&b, "Filler %zu,Some words to fill the piece up,\xCE\xB5\n", b.len);
		pl_buf_printf(&b, "Row %d ", k);
		while (b.len < edge - (k == 3 ? 4 : 1) - 1)
			pl_buf_puts(&b, b.len % 61 ? "x" : " ");
		pl_buf_puts(&b, ",");
		pl_buf_puts(&b, ch);
		pl_buf_puts(&b, k == 3 ? ",\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85\n" : " after,\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85\n");
		for (int j = 0; j < 5; j++)
			pl_buf_printf(&b, "Short %d.%d,\"quoted, with comma\",\xD9\x85\n", k, j);
	}
	write_file(path, b.s, b.len);
	CHECK(pl_csv_parse(path, b.s, b.len, &whole, &e) == 0 && whole.n > 18);
	s = pl_source_new();
	CHECK(pl_source_add(s, path, &e2) == 0);
	CHECK(pl_source_count(s) == whole.n);
	a = dump_records(&whole);
	c = dump_source(s, &e2);
	CHECK(e2.code == PL_OK);
	CHECK(a && c && !strcmp(a, c));
	CHECK(c && strstr(c, "body@=") && strstr(c, "\xF0\x9F\x93\xA2 after"));
	free(a);
	free(c);
	pl_source_free(s);

	n = whole.n;
	/* A bad byte in a later piece: rejected whole when added, with the
	 * line and column the whole parse reports. */
	b.s[2 * PL_CSV_PIECE + 100] = (char)0xFF;
	write_file(path, b.s, b.len);
	pl_records_free(&whole);
	pl_error_clear(&e);
	pl_error_clear(&e2);
	CHECK(pl_csv_parse(path, b.s, b.len, &whole, &e) != 0);
	s = pl_source_new();
	CHECK(pl_source_add(s, path, &e2) != 0 && pl_source_count(s) == 0);
	CHECK(e2.line == e.line && e2.col == e.col && !strcmp(e2.msg, e.msg) && e.line > 1);
	CHECK(!pl_source_next(s, &e2));
	pl_source_free(s);

	/* A ragged row at the very end, and a stray quote in a later piece:
	 * the file is added, every row counted; those two come out in their
	 * place with their fault, the same as parsed whole. */
	b.s[2 * PL_CSV_PIECE + 100] = 'x';
	pl_buf_puts(&b, "only one cell\n");
	memcpy(strstr(b.s + PL_CSV_PIECE + 10, "\nShort 2.1,") + 1, "Sh\"rt", 5);
	write_file(path, b.s, b.len);
	pl_records_free(&whole);
	pl_error_clear(&e);
	pl_error_clear(&e2);
	CHECK(pl_csv_parse(path, b.s, b.len, &whole, &e) == 0 && whole.n == n + 1);
	CHECK(whole.n == n + 1 && whole.v[n]->fault && strstr(whole.v[n]->fault->msg, "this row has 1 cell") &&
	      whole.v[n]->fault->record == (int)n + 1);
	s = pl_source_new();
	CHECK(pl_source_add(s, path, &e2) == 0 && pl_source_count(s) == n + 1);
	{
		size_t k = 0, faults = 0;
		pl_record *r;
		while ((r = pl_source_next(s, &e2))) {
			if (k < whole.n && r->fault && whole.v[k]->fault) {
				faults++;
				CHECK(r->line == whole.v[k]->line && !strcmp(r->fault->msg, whole.v[k]->fault->msg) &&
				      r->fault->line == whole.v[k]->fault->line && r->fault->col == whole.v[k]->fault->col);
			}
			k++;
			pl_record_free(r);
		}
		CHECK(k == n + 1 && faults == 2 && e2.code == PL_OK);
	}
	pl_source_free(s);
	s = pl_source_new();
	pl_records_free(&whole);

	/* Files in order, YAML held whole, CSV read again; the count spans them. */
	b.len -= strlen("only one cell\n");
	write_file(path, b.s, b.len);
	snprintf(ypath, sizeof ypath, "%s/one.yaml", dir);
	write_file(ypath, "title: From YAML\n", strlen("title: From YAML\n"));
	pl_error_clear(&e2);
	CHECK(pl_source_add(s, ypath, &e2) == 0 && pl_source_add(s, path, &e2) == 0);
	CHECK(pl_source_count(s) == n + 1);
	{
		pl_record *r = pl_source_next(s, &e2);
		CHECK(r && !strcmp(pl_record_get(r, "title"), "From YAML"));
		pl_record_free(r);
		n = 0;
		/* The file changes after it was checked: said, not misread. */
		write_file(path, "title\n\"open\n", strlen("title\n\"open\n"));
		while ((r = pl_source_next(s, &e2)))
			n++, pl_record_free(r);
		CHECK(n == 0 && e2.code == PL_EINPUT && strstr(e2.msg, "the file changed while placard was reading it"));
	}
	pl_source_free(s);
	unlink(path);
	unlink(ypath);
	rmdir(dir);
	pl_buf_free(&b);
	pl_records_free(&whole);
}

int main(void)
{
	test_single_record();
	test_list();
	test_campaign();
	test_translations_and_at();
	test_csv();
	test_yaml_errors();
	test_limits();
	test_load_files();
	test_source();
	return CHECK_DONE();
}
