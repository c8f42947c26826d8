/* test_text.c — what text.c promises about languages and scripts: the font
 * set is pinned per script and per language (fonts.conf), the language
 * reaches HarfBuzz (Urdu and Persian draw the same digits differently),
 * hashtags and URLs are isolated inside right-to-left text (UAX #9 FSI/PDI),
 * and a character no font can draw is reported with its code point. Run
 * from the top of the source tree (make test does). */
#include "check.h"
#include "draw/text.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-font.h>
#include <stdlib.h>

static pl_fonts *fonts;

static pl_text_fit lay(const char *text, const char *family, int weight, const char *lang)
{
	pl_text_style st = {.family = family, .weight = weight, .max_pt = 20, .min_pt = 20, .lang = lang};
	pl_text_fit fit;
	pl_error err = {0};

	if (pl_text_fit_box(fonts, text, &st, 2000, 500, &fit, &err) != 0)
		fprintf(stderr, "layout failed: %s\n", err.msg);
	return fit;
}

/* "file (family)" of the font that draws the first run, "" if none. */
static const char *first_family(const pl_text_fit *fit, char *buf, size_t n)
{
	PangoLayoutIter *it = pango_layout_get_iter(fit->layout);
	PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
	buf[0] = '\0';
	if (run) {
		/* The file, not the weight the font claims (see Nastaliq below). */
		FcChar8 *file = NULL;
		const char *slash;
		FcPatternGetString(PANGO_FC_FONT(run->item->analysis.font)->font_pattern, FC_FILE, 0, &file);
		slash = file ? strrchr((const char *)file, '/') : NULL;
		PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
		snprintf(buf, n, "%s (%s)", slash ? slash + 1 : "?", pango_font_description_get_family(d));
		pango_font_description_free(d);
	}
	pango_layout_iter_free(it);
	return buf;
}

/* Glyph ids of the whole text, in visual order, as "12 34 56". */
static void glyphs(const pl_text_fit *fit, char *buf, size_t n)
{
	PangoLayoutIter *it = pango_layout_get_iter(fit->layout);
	size_t used = 0;

	buf[0] = '\0';
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		for (int i = 0; i < run->glyphs->num_glyphs && used + 12 < n; i++)
			used += (size_t)snprintf(buf + used, n - used, "%u ", run->glyphs->glyphs[i].glyph);
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

#define FAMILY(text, role, weight, lang, want) do { \
		pl_text_fit f_ = lay(text, role, weight, lang); char fam_[128]; \
		first_family(&f_, fam_, sizeof fam_); \
		if (strstr(fam_, want)) check_passed++; \
		else { check_failed++; fprintf(stderr, "FAIL %s:%d: %s in %s: got %s, want %s\n", \
					       __FILE__, __LINE__, text, lang, fam_, want); } \
		g_object_unref(f_.layout); } while (0)

int main(void)
{
	pl_error err = {0};
	char a[512], b[512];

	fonts = pl_fonts_new("assets/fonts/fonts.conf", &err);
	CHECK(fonts != NULL);
	if (!fonts)
		return CHECK_DONE();

	/* One font per script and role (fonts.conf), by language. */
	FAMILY("Wohnen", "placard display", 700, "de", "NotoSansDisplay-Bold.ttf");
	FAMILY("Wohnen", "placard text", 400, "de", "NotoSans-Regular.ttf");
	FAMILY("Στέγη", "placard text", 400, "el", "NotoSans-Regular.ttf");
	FAMILY("Жильё", "placard display", 400, "ru", "NotoSansDisplay-Regular.ttf");
	FAMILY("السكن حق", "placard display", 700, "ar", "NotoKufiArabic-Bold.ttf");
	FAMILY("السكن حق", "placard text", 400, "ar", "NotoNaskhArabic-Regular.ttf");
	FAMILY("مسکن حق", "placard text", 400, "fa", "NotoNaskhArabic-Regular.ttf");
	FAMILY("דיור", "placard text", 400, "he", "NotoSansHebrew-Regular.ttf");
	FAMILY("人人有房住", "placard text", 400, "zh", "NotoSansCJK-Regular.ttc");
	FAMILY("人人有房住", "placard text", 400, "ja", "(Noto Sans CJK JP)");
	/* Urdu is Nastaliq in both roles, never Naskh; its Bold file claims to
	 * be Regular, and fonts.conf still tells the two apart. */
	FAMILY("رہائش سب کا حق ہے", "placard text", 400, "ur", "NotoNastaliqUrdu-Regular.ttf");
	FAMILY("رہائش سب کا حق ہے", "placard display", 700, "ur", "NotoNastaliqUrdu-Bold.ttf");
	/* Spaces and digits inside Arabic come from the Arabic font too. */
	FAMILY(" ١٥ مايو", "placard text", 400, "ar", "NotoNaskhArabic-Regular.ttf");
	/* Emoji and flags in colour (Noto Color Emoji). */
	FAMILY("✊", "placard text", 400, "en", "NotoColorEmoji.ttf");
	FAMILY("🇵🇸", "placard display", 700, "en", "NotoColorEmoji.ttf");

	/* The language reaches the shaper: Urdu and Persian write the digits
	 * four, six and seven differently (OpenType locl; Noto Kufi Arabic has
	 * Urdu forms of them). */
	{
		pl_text_fit ur = lay("۴۶۷", "placard text", 400, "ur"), fa = lay("۴۶۷", "placard text", 400, "fa");
		pl_text_fit ur2 = lay("۴۶۷", "Noto Kufi Arabic", 400, "ur"), fa2 = lay("۴۶۷", "Noto Kufi Arabic", 400, "fa");
		glyphs(&ur2, a, sizeof a);
		glyphs(&fa2, b, sizeof b);
		CHECK(strcmp(a, b) != 0);
		CHECK(ur.unknown_glyphs == 0 && fa.unknown_glyphs == 0);
		g_object_unref(ur.layout);
		g_object_unref(fa.layout);
		g_object_unref(ur2.layout);
		g_object_unref(fa2.layout);
	}

	/* Punctuation between scripts: the em dash inside Arabic is drawn
	 * (Noto Naskh has none; the set covers it). */
	{
		pl_text_fit f = lay("السكن — حق", "placard text", 400, "ar");
		CHECK(f.unknown_glyphs == 0);
		g_object_unref(f.layout);
	}

	/* Missing glyphs: Pango's count, the code point, and where it is. */
	{
		pl_text_fit f = lay("Café ሰ ok", "placard text", 400, "en");
		CHECK(f.unknown_glyphs == 1);
		CHECK_STR(f.missing, "U+1230");
		CHECK(f.missing_at == 6);
		CHECK_STR(f.missing_list, "'ሰ' U+1230");
		g_object_unref(f.layout);
	}
	/* A flag, a fist with a skin tone and an emoji newer than Symbola are
	 * set in the colour emoji font, never as Symbola's boxed letters. */
	{
		pl_text_fit f = lay("Free 🇵🇸 ✊🏽 🥰", "placard display", 700, "en");
		CHECK(f.unknown_glyphs == 0);
		CHECK(pl_text_has_colour(f.layout));
		g_object_unref(f.layout);
	}

	/* Bidi hygiene: hashtags, mentions, URLs and e-mails are isolated
	 * inside text with right-to-left letters, nowhere else. */
	{
		size_t *map = NULL;
		char *s = pl_text_isolate("السكن حق #HomesForAll، example.org/x https://a.org (@ahmad) a@b.org #",
					  &map);
		CHECK_STR(s, "السكن حق \u2068#HomesForAll\u2069، example.org/x \u2068https://a.org\u2069 "
			     "(\u2068@ahmad\u2069) \u2068a@b.org\u2069 #");
		/* byte 0 stays, "#" (byte 16) moved by one FSI (3 bytes) */
		CHECK(map && map[0] == 0 && map[16] == 19);
		free(s);
		free(map);
		s = pl_text_isolate("Wohnen #HomesForAll", NULL);
		CHECK_STR(s, "Wohnen #HomesForAll");
		free(s);
		s = pl_text_isolate("", NULL);
		CHECK_STR(s, "");
		free(s);
	}
	/* …and the isolate marks draw nothing: no unknown glyph. */
	{
		pl_text_fit f = lay("السكن حق #HomesForAll", "placard text", 700, "ar");
		CHECK(f.unknown_glyphs == 0);
		CHECK(f.rtl);
		g_object_unref(f.layout);
	}
	/* Paragraph direction comes from the text: a Latin title in an Arabic
	 * record is left to right. */
	{
		pl_text_fit f = lay("Homes for all", "placard text", 400, "ar");
		CHECK(!f.rtl);
		g_object_unref(f.layout);
	}
	/* Language spans: the Arabic half of a bilingual line is shaped as
	 * Arabic with its own font, whatever the style's language. */
	{
		pl_text_span sp = {.start = 8, .end = 8 + strlen("السكن"), .lang = "ar"};
		pl_text_style st = {.family = "placard text", .max_pt = 20, .min_pt = 20, .lang = "en",
				    .spans = &sp, .n_spans = 1};
		pl_text_fit f;
		CHECK(pl_text_fit_box(fonts, "Housing السكن", &st, 2000, 500, &f, &err) == 0);
		CHECK(f.unknown_glyphs == 0);
		g_object_unref(f.layout);
	}
	pl_fonts_free(fonts);
	return CHECK_DONE();
}
