/* test_qrlabel.c — the label printed under a QR code: what a person would
 * type (no scheme, www, query or fragment; %-escapes decoded; IDN hosts in
 * Unicode), and how it fits: one line, two lines, cut at a path boundary
 * with the host whole, or left out. */
#include "check.h"
#include "data/derive.h"
#include "draw/qrlabel.h"

#include <stdlib.h>

#define L(url, want) do { char *s_ = pl_label_for_url(url); CHECK_STR(s_, want); free(s_); } while (0)

static pl_fonts *fonts;

/* What pl_label_fit prints for `label` in a w-point-wide box, lines joined
 * with "|"; "" when nothing is printed. */
static char *fitted(const char *label, double w, double two, bool *cut, int *lines)
{
	pl_text_style st = {.family = "placard text", .weight = 400, .align = PL_ALIGN_CENTER, .lang = "en",
			    .max_pt = 7, .min_pt = 5};
	pl_label lab;
	pl_error err = {0};
	char *out;

	if (pl_label_fit(fonts, label, &st, w, 9, two, &lab, &err))
		return strdup("ERROR");
	out = strdup(lab.fit.layout ? lab.printed : "");
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = '|';
	*cut = lab.cut;
	*lines = lab.fit.layout ? lab.lines : 0;
	pl_label_free(&lab);
	return out;
}

int main(void)
{
	pl_error err = {0};
	bool cut;
	int lines;
	char *s;

	/* ---- the default label ---- */
	L("https://www.facebook.com/events/812093476210035/?acontext=%7B%22event_action_history%22%3A%5B%5D%7D",
	  "facebook.com/events/812093476210035");
	L("https://wa.me/32466904397?text=Hola%2C%20quiero%20unirme", "wa.me/32466904397");
	L("https://bds.example.org/boycott/dates?lang=en&utm_source=sticker", "bds.example.org/boycott/dates");
	L("http://example.org/", "example.org");
	L("https://EXAMPLE.org:443/a#top", "example.org/a");
	L("http://example.org:8080/a", "example.org:8080/a");
	L("https://user:secret@example.org/x", "example.org/x");
	L("https://www.org/x", "www.org/x"); /* "www" is the whole name here */
	L("https://example.org/acci%C3%B3n/caf%C3%A9", "example.org/acción/café");
	L("https://example.org/a%20b", "example.org/a b");
	L("https://example.org/bad%FFbyte", "example.org/bad%FFbyte"); /* not UTF-8: as written */
	L("https://example.org/ctl%0Aline", "example.org/ctl%0Aline"); /* a control character */
	L("https://example.org/100%", "example.org/100%");
	L("https://xn--bcher-kva.example/termine", "bücher.example/termine");
	L("https://www.xn--mgbh0fb.xn--kgbechtv/", "مثال.إختبار");
	L("mailto:info@example.org?subject=Hi", "info@example.org");
	L("tel:+32466904397", "+32466904397");

	fonts = pl_fonts_new("assets/fonts/fonts.conf", &err);
	CHECK(fonts != NULL);
	if (!fonts)
		return CHECK_DONE();

	/* ---- fitting ---- */
	s = fitted("wa.me/32466904397", 200, 20, &cut, &lines);
	CHECK_STR(s, "wa.me/32466904397");
	CHECK(!cut && lines == 1);
	free(s);

	/* Too wide for one line: two lines, broken after a "/" (or a "-", or
	 * before a "."), as even as the breaks allow. */
	s = fitted("actionnetwork.org/events/iftar-and-speak-out", 90, 20, &cut, &lines);
	CHECK(!cut && lines == 2);
	CHECK(s && strchr(s, '|') && !strstr(s, "…"));
	{
		char *joined = strdup(s);
		size_t j = 0;
		for (size_t i = 0; joined[i]; i++)
			if (joined[i] != '|')
				joined[j++] = joined[i];
		joined[j] = '\0';
		CHECK_STR(joined, "actionnetwork.org/events/iftar-and-speak-out");
		free(joined);
	}
	{
		const char *bar = strchr(s, '|');
		CHECK(bar && (bar[-1] == '/' || bar[-1] == '-' || bar[1] == '.'));
	}
	free(s);

	/* No room for a second line: cut at the last "/" that fits. */
	s = fitted("bds.example.org/boycott/dates/2024", 70, 0, &cut, &lines);
	CHECK(cut && lines == 1);
	CHECK(s && !strncmp(s, "bds.example.org/", 16));
	CHECK(s && strstr(s, "/…") && strlen(s) >= strlen("bds.example.org/…"));
	free(s);

	/* The host is never cut: a box too narrow for it prints nothing. */
	s = fitted("solidarity.example.net/ar/events/2021", 20, 0, &cut, &lines);
	CHECK_STR(s, "");
	CHECK(cut && lines == 0);
	free(s);

	/* A label that is not a link is cut at a word. */
	s = fitted("Scan for the route and the meeting point", 70, 0, &cut, &lines);
	CHECK(cut && lines == 1);
	CHECK(s && strstr(s, "…") && !strncmp(s, "Scan", 4));
	CHECK(s && s[strlen(s) - strlen("…") - 1] != ' ');
	free(s);

	pl_fonts_free(fonts);
	return CHECK_DONE();
}
