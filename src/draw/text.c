/* text.c — Pango text: fonts from placard's own fontconfig set, layouts with
 * the record's language, direction from the text itself, and shrink-to-fit.
 * See text.h. The layout engine (page.c) calls pl_text_fit_box for every
 * text block and reports the ones that do not fit. */
#include "draw/text.h"
#include "base/util.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fitted text kept for reuse: batches repeat titles, bodies and lines. */
typedef struct fit_entry {
	guint64 hash;
	char *key;           /* the style, box and text (fit_key); NULL = empty */
	size_t key_len;
	pl_text_fit fit;     /* holds a reference on fit.layout */
	bool used;           /* hit since the clock hand last passed */
} fit_entry;

enum { FIT_CACHE = 128 };

struct pl_fonts {
	PangoFontMap *map;
	PangoContext *ctx;
	/* Replaced by the clock (second chance): an entry hit since the hand
	 * last passed is kept once more. A batch's recurring texts (titles,
	 * bodies, hashtags) then stay while each page's own lines and its
	 * label's tries come and go; oldest-first let those push the
	 * recurring ones out every few pages. */
	fit_entry cache[FIT_CACHE];
	unsigned cache_next;
};

/* Make the first configuration loaded fontconfig's current (default) one.
 * The first Pango fontconfig font map starts FcInit on a thread of its own
 * (Pango 1.50), and Pango waits for it before it lists or matches fonts:
 * without a current configuration, that loads the SYSTEM one (/etc/fonts
 * and its conf.d, and the cache of every font folder on the machine): ~10 ms
 * of a one-record run, for fonts placard never uses. With ours
 * current, FcInit has nothing to do; and anything else in the process that
 * asks fontconfig for the default set (librsvg's text in an SVG logo) gets
 * placard's pinned fonts, not whatever the machine has. fontconfig 2.14
 * takes its own reference. */
static void make_current(FcConfig *cfg)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static bool done;

	pthread_mutex_lock(&lock);
	if (!done)
		done = FcConfigSetCurrent(cfg);
	pthread_mutex_unlock(&lock);
}

pl_fonts *pl_fonts_new(const char *fonts_conf, pl_error *err)
{
	pl_fonts *f;
	FcConfig *cfg = FcConfigCreate();
	char *abs = realpath(fonts_conf, NULL); /* fontconfig reads relative paths from /etc/fonts */
	cairo_font_options_t *opt;

	if (!cfg || !abs || !FcConfigParseAndLoad(cfg, (const FcChar8 *)abs, FcTrue) ||
	    !FcConfigBuildFonts(cfg)) {
		free(abs);
		if (cfg)
			FcConfigDestroy(cfg);
		pl_error_set(err, PL_EDEP, "cannot load placard's font configuration %s. Reinstall placard or run 'make deps'.",
			     fonts_conf);
		return NULL;
	}
	free(abs);
	make_current(cfg);
	f = calloc(1, sizeof *f);
	if (!f) {
		FcConfigDestroy(cfg);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), cfg);
	FcConfigDestroy(cfg); /* the font map holds its own reference */
	f->ctx = pango_font_map_create_context(f->map);
	pango_cairo_context_set_resolution(f->ctx, 72.0); /* points, not 96-dpi pixels */
	opt = cairo_font_options_create();
	/* Unhinted metrics: the same line breaks in PDF, PNG and SVG output. */
	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(f->ctx, opt);
	cairo_font_options_destroy(opt);
	{
		/* The set must hold the roles' first choice, or output would
		 * silently depend on fallback fonts. */
		PangoFontDescription *d = pango_font_description_from_string("Noto Sans 12");
		PangoFont *font = pango_font_map_load_font(f->map, f->ctx, d);
		char *fam = NULL;
		if (font) {
			PangoFontDescription *got = pango_font_describe(font);
			fam = g_strdup(pango_font_description_get_family(got));
			pango_font_description_free(got);
			g_object_unref(font);
		}
		pango_font_description_free(d);
		if (!fam || strcmp(fam, "Noto Sans") != 0) {
			g_free(fam);
			pl_fonts_free(f);
			pl_error_set(err, PL_EDEP, "the Noto fonts placard prints with are not installed. Run 'make deps' (Debian package fonts-noto-core).");
			return NULL;
		}
		g_free(fam);
	}
	return f;
}

void pl_fonts_free(pl_fonts *f)
{
	if (!f)
		return;
	for (int i = 0; i < FIT_CACHE; i++)
		if (f->cache[i].key) {
			free(f->cache[i].key);
			g_object_unref(f->cache[i].fit.layout);
		}
	if (f->ctx)
		g_object_unref(f->ctx);
	if (f->map)
		g_object_unref(f->map);
	free(f);
}

/* Language attributes: the style's language for the text, each span's own
 * for its bytes (Pango picks script forms, locl features, and passes the
 * language to fontconfig, whose fonts.conf puts the script's font first).
 * The attributes never overlap, so no precedence rule is involved. */
static void add_languages(PangoAttrList *attrs, const pl_text_style *st, const size_t *map, size_t len)
{
	size_t at = 0;

	for (size_t i = 0; i <= st->n_spans; i++) {
		size_t s = i < st->n_spans ? st->spans[i].start : len, e = i < st->n_spans ? st->spans[i].end : len;
		PangoAttribute *a;
		if (s > len || e > len || s < at || e < s)
			continue; /* out of order or out of range: keep the base language */
		if (s > at && st->lang) {
			a = pango_attr_language_new(pango_language_from_string(st->lang));
			a->start_index = (guint)map[at];
			a->end_index = (guint)map[s];
			pango_attr_list_insert(attrs, a);
		}
		if (i < st->n_spans && e > s) {
			const char *l = st->spans[i].lang ? st->spans[i].lang : st->lang;
			if (l) {
				a = pango_attr_language_new(pango_language_from_string(l));
				a->start_index = (guint)map[s];
				a->end_index = (guint)map[e];
				pango_attr_list_insert(attrs, a);
			}
		}
		at = e;
	}
}

static PangoLayout *make_layout(pl_fonts *f, const char *text, const size_t *map, size_t len,
				const pl_text_style *st, double w, double size)
{
	PangoLayout *l = pango_layout_new(f->ctx);
	PangoFontDescription *d = pango_font_description_new();
	PangoAttrList *attrs = pango_attr_list_new();

	pango_font_description_set_family(d, st->family ? st->family : "placard text");
	pango_font_description_set_weight(d, st->weight ? (PangoWeight)st->weight : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(d, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	add_languages(attrs, st, map, len);
	if (st->tracking != 0)
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
			(int)lround(st->tracking / 1000.0 * size * PANGO_SCALE)));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_width(l, w < 0 ? -1 : (int)floor(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	/* With auto-dir (Pango's default) LEFT means "start": it flips for
	 * paragraphs whose first strong character is right-to-left (UAX #9
	 * rules P2–P3: the paragraph's direction comes from its text). */
	pango_layout_set_auto_dir(l, TRUE);
	pango_layout_set_alignment(l, st->align == PL_ALIGN_CENTER ? PANGO_ALIGN_CENTER
				   : st->align == PL_ALIGN_END ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	if (st->line_height > 0)
		pango_layout_set_line_spacing(l, (float)st->line_height);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* True when no line starts in the middle of a word: Pango falls back to
 * breaking inside a word that is wider than the box, which we count as not
 * fitting (UAX #14 break opportunities are is_line_break). */
static bool words_whole(PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);
	int n_attrs;
	const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(l, &n_attrs);
	GSList *lines = pango_layout_get_lines_readonly(l);

	for (GSList *it = lines ? lines->next : NULL; it; it = it->next) {
		PangoLayoutLine *line = it->data;
		long off = g_utf8_pointer_to_offset(text, text + line->start_index);
		if (off < n_attrs && !attrs[off].is_line_break)
			return false;
	}
	return true;
}

static bool layout_fits(PangoLayout *l, const pl_text_style *st, double w, double h)
{
	PangoRectangle log;

	pango_layout_get_extents(l, NULL, &log);
	if (log.height / (double)PANGO_SCALE > h + 0.01)
		return false;
	if (log.width / (double)PANGO_SCALE > w + 0.01)
		return false;
	if (st->max_lines > 0 && pango_layout_get_line_count(l) > st->max_lines)
		return false;
	return words_whole(l);
}

/* Byte offset in the original text of byte `off` of the isolated text. */
static long unmap(const size_t *map, size_t len, size_t off)
{
	size_t lo = 0, hi = len;

	while (lo < hi) { /* the last i with map[i] <= off */
		size_t mid = (lo + hi + 1) / 2;
		if (map[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (long)lo;
}

static void note_missing(pl_text_fit *out, unsigned cp, long at, int *listed)
{
	char u8[8] = {0}, item[40];
	size_t used = strlen(out->missing_list);

	if (!out->missing[0]) {
		snprintf(out->missing, sizeof out->missing, "U+%04X", cp);
		out->missing_at = at;
	}
	snprintf(item, sizeof item, "U+%04X", cp);
	if (strstr(out->missing_list, item))
		return; /* each character once */
	if (*listed >= 6) {
		if (!strstr(out->missing_list, "…") && used + 6 < sizeof out->missing_list)
			strcat(out->missing_list, ", …");
		return;
	}
	g_unichar_to_utf8(cp, u8);
	snprintf(out->missing_list + used, sizeof out->missing_list - used, "%s'%s' U+%04X",
		 used ? ", " : "", u8, cp);
	(*listed)++;
}

/* Every character no font in the set could draw (Pango marks its glyph with
 * PANGO_GLYPH_UNKNOWN_FLAG | code point), in logical order. */
static void find_missing(PangoLayout *l, const size_t *map, size_t len, pl_text_fit *out)
{
	const char *text = pango_layout_get_text(l);
	int listed = 0;

	out->missing_at = -1;
	for (const char *s = text; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		bool missing = false;
		{
			/* Is this character's glyph unknown? Look it up in its run. */
			PangoLayoutIter *it = pango_layout_get_iter(l);
			int idx = (int)(s - text);
			do {
				PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
				if (!run || idx < run->item->offset || idx >= run->item->offset + run->item->length)
					continue;
				for (int i = 0; i < run->glyphs->num_glyphs; i++) {
					PangoGlyph g = run->glyphs->glyphs[i].glyph;
					if (run->item->offset + run->glyphs->log_clusters[i] == idx &&
					    (g & PANGO_GLYPH_UNKNOWN_FLAG) && g != PANGO_GLYPH_EMPTY)
						missing = true;
				}
				break;
			} while (pango_layout_iter_next_run(it));
			pango_layout_iter_free(it);
		}
		if (missing) {
			note_missing(out, c, unmap(map, len, (size_t)(s - text)), &listed);
		}
	}
}

/* ---- bidi hygiene ---- */

static bool rtl_script(gunichar c)
{
	switch (g_unichar_get_script(c)) {
	case G_UNICODE_SCRIPT_ARABIC: case G_UNICODE_SCRIPT_HEBREW: case G_UNICODE_SCRIPT_SYRIAC:
	case G_UNICODE_SCRIPT_THAANA: case G_UNICODE_SCRIPT_NKO:
		return true;
	default:
		return false;
	}
}

/* Punctuation that may open or close a word without being part of a
 * hashtag or URL: "(#tag)", "#tag,", "#وسم،" */
static bool opening(gunichar c)
{
	return c && strchr("([{\"'", (int)(c < 128 ? c : 1)) ? true : c == 0x00AB || c == 0x201C || c == 0x2018;
}

static bool closing(gunichar c)
{
	return (c < 128 && c && strchr(".,;:!?)]}\"'", (int)c)) || c == 0x00BB || c == 0x201D || c == 0x2019 ||
	       c == 0x060C || c == 0x061B || c == 0x061F || c == 0x06D4 || c == 0x2026;
}

/* Does the word [s, e) need isolating: a hashtag, @mention, URL or e-mail? */
static bool technical(const char *s, const char *e)
{
	gunichar c = g_utf8_get_char(s);
	const char *n = g_utf8_next_char(s);

	if ((c == '#' || c == '@') && n < e && (g_unichar_isalnum(g_utf8_get_char(n)) || *n == '_'))
		return true;
	for (const char *p = s; p + 3 <= e; p++)
		if (!memcmp(p, "://", 3))
			return true;
	if (e - s > 4 && !g_ascii_strncasecmp(s, "www.", 4))
		return true;
	for (const char *p = s + 1; p < e - 1; p++)
		if (*p == '@')
			return true;
	return false;
}

char *pl_text_isolate(const char *text, size_t **map)
{
	static const char fsi[] = "\xE2\x81\xA8", pdi[] = "\xE2\x81\xA9";
	size_t len = strlen(text), *m = NULL;
	bool rtl = false;
	struct { char *s; size_t n; } b = {NULL, 0};

	if (map) {
		m = malloc((len + 1) * sizeof *m);
		if (!m)
			return NULL;
		for (size_t i = 0; i <= len; i++)
			m[i] = i;
		*map = m;
	}
	for (const char *s = text; *s && !rtl; s = g_utf8_next_char(s))
		rtl = rtl_script(g_utf8_get_char(s));
	if (!rtl) {
		char *copy = pl_strdup(text);
		if (!copy)
			goto oom;
		return copy;
	}
	b.s = malloc(len * 7 + 1); /* at worst every other byte opens a token */
	if (!b.s)
		goto oom;
	for (const char *s = text; *s;) {
		const char *e = s, *ts, *te;
		if (g_unichar_isspace(g_utf8_get_char(s))) {
			if (m)
				m[s - text] = b.n;
			b.s[b.n++] = *s++;
			continue;
		}
		while (*e && !g_unichar_isspace(g_utf8_get_char(e)))
			e = g_utf8_next_char(e);
		/* [s, e) is a word; trim opening and closing punctuation */
		ts = s;
		while (ts < e && opening(g_utf8_get_char(ts)))
			ts = g_utf8_next_char(ts);
		te = e;
		while (te > ts) {
			const char *q = g_utf8_find_prev_char(ts, te);
			if (!q || !closing(g_utf8_get_char(q)))
				break;
			te = q;
		}
		if (te <= ts || !technical(ts, te))
			ts = te = NULL;
		for (const char *p = s; p < e; p++) {
			if (p == ts) {
				memcpy(b.s + b.n, fsi, 3);
				b.n += 3;
			}
			if (p == te) {
				memcpy(b.s + b.n, pdi, 3);
				b.n += 3;
			}
			if (m)
				m[p - text] = b.n;
			b.s[b.n++] = *p;
		}
		if (te && te == e) {
			memcpy(b.s + b.n, pdi, 3);
			b.n += 3;
		}
		s = e;
	}
	if (m)
		m[len] = b.n;
	b.s[b.n] = '\0';
	return b.s;
oom:
	if (map) {
		free(m);
		*map = NULL;
	}
	return NULL;
}

/* Paragraphs of a text, as Pango splits them (\n, \r, \r\n, U+2029). */
static int paragraphs(const char *t)
{
	int n = 1;

	for (; *t; t++)
		if (*t == '\n' || (*t == '\r' && t[1] != '\n') || !strncmp(t, "\xE2\x80\xA9", 3))
			n++;
	return n;
}

/* A text with as many paragraphs as its lines may number cannot wrap: any
 * break would be a line too many. Its fit then scales with the size (the
 * metrics are unhinted: advances, letter spacing and line heights are
 * linear in it), so one unwrapped layout at `hi` tells the largest size that
 * fits, instead of a search that shapes it at every step. *s: that size to
 * a hundredth of a point, or below lo when even lo is too big. */
static void predict_size(pl_fonts *f, const char *text, const size_t *map, size_t len, const pl_text_style *st,
			 double w, double h, double hi, double *s)
{
	PangoLayout *l = make_layout(f, text, map, len, st, -1, hi);
	PangoRectangle log;
	double lw, lh, v = hi;

	pango_layout_get_extents(l, NULL, &log);
	g_object_unref(l);
	lw = log.width / (double)PANGO_SCALE;
	lh = log.height / (double)PANGO_SCALE;
	if (lw > w)
		v = fmin(v, hi * w / lw);
	if (lh > h)
		v = fmin(v, hi * h / lh);
	*s = v < hi ? floor(v * 100) / 100 : hi;
}

static int fit_box(pl_fonts *f, const char *text_in, const pl_text_style *st, double w, double h,
		   pl_text_fit *out, pl_error *err)
{
	double lo = st->min_pt > 0 ? st->min_pt : st->max_pt;
	double hi = st->max_pt > lo ? st->max_pt : lo;
	PangoLayout *best = NULL;
	double best_size = lo;
	PangoRectangle log;
	GSList *lines;
	size_t *map = NULL, len = strlen(text_in);
	char *text;

	memset(out, 0, sizeof *out);
	out->missing_at = -1;
	if (w <= 0 || h <= 0 || lo <= 0) {
		pl_error_set(err, PL_EINPUT, "a text box has no room (width %.1f pt, height %.1f pt, size %.1f pt). Fix the layout's box.",
			     w, h, lo);
		return -1;
	}
	text = pl_text_isolate(text_in, &map);
	if (!text) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	if (st->max_lines > 0 && paragraphs(text) == st->max_lines) {
		double s;
		predict_size(f, text, map, len, st, w, h, hi, &s);
		/* The prediction is checked by laying the text out at that
		 * size; when it is off (rounding), the search below decides. */
		if (s >= lo) {
			best = make_layout(f, text, map, len, st, w, s);
			if (layout_fits(best, st, w, h)) {
				best_size = s;
				out->fits = true;
				goto done;
			}
			g_object_unref(best);
		} else {
			best = make_layout(f, text, map, len, st, w, lo);
			if (!layout_fits(best, st, w, h))
				goto cut;
			g_object_unref(best);
		}
	}
	best = make_layout(f, text, map, len, st, w, hi);
	if (layout_fits(best, st, w, h)) {
		best_size = hi;
	} else {
		g_object_unref(best);
		best = make_layout(f, text, map, len, st, w, lo);
		if (layout_fits(best, st, w, h)) {
			/* Binary search to a quarter point: the largest size that fits. */
			best_size = lo;
			while (hi - lo > 0.25) {
				double mid = (lo + hi) / 2;
				PangoLayout *l = make_layout(f, text, map, len, st, w, mid);
				if (layout_fits(l, st, w, h)) {
					g_object_unref(best);
					best = l;
					best_size = lo = mid;
				} else {
					g_object_unref(l);
					hi = mid;
				}
			}
		} else {
			/* Not even at min: cut to the box, visibly, and report. */
		cut:
			best_size = lo;
			pango_layout_set_ellipsize(best, PANGO_ELLIPSIZE_END);
			pango_layout_set_height(best, st->max_lines > 0 ? -st->max_lines
						: (int)floor(h * PANGO_SCALE));
			out->fits = false;
			goto done;
		}
	}
	out->fits = true;
done:
	out->layout = best;
	out->size_pt = best_size;
	pango_layout_get_extents(best, NULL, &log);
	out->height = log.height / (double)PANGO_SCALE;
	out->width = log.width / (double)PANGO_SCALE;
	lines = pango_layout_get_lines_readonly(best);
	out->rtl = lines && ((PangoLayoutLine *)lines->data)->resolved_dir == PANGO_DIRECTION_RTL;
	out->unknown_glyphs = pango_layout_get_unknown_glyphs_count(best);
	if (out->unknown_glyphs)
		find_missing(best, map, len, out);
	free(map);
	free(text);
	return 0;
}

/* ---- fitted texts, once per distinct (text, style, box) ----
 * The key holds every input of fit_box, numbers in exact hexadecimal, so a
 * hit gives what fitting again would. The layout is shared: it is only
 * drawn and measured after this, never changed. */
static char *fit_key(const char *text, const pl_text_style *st, double w, double h, size_t *len)
{
	pl_buf b = {0};
	/* the numbers as their bytes: exact, and no printf per text */
	struct { double max_pt, min_pt, line_height, tracking, w, h; int weight, italic, align, max_lines;
		 size_t n_spans; } k;

	memset(&k, 0, sizeof k); /* padding too: the key is compared byte for byte */
	k.max_pt = st->max_pt;
	k.min_pt = st->min_pt;
	k.line_height = st->line_height;
	k.tracking = st->tracking;
	k.w = w;
	k.h = h;
	k.weight = st->weight;
	k.italic = st->italic;
	k.align = (int)st->align;
	k.max_lines = st->max_lines;
	k.n_spans = st->n_spans;
	pl_buf_add(&b, (const char *)&k, sizeof k);
	pl_buf_puts(&b, st->family ? st->family : "");
	pl_buf_add(&b, "|", 1);
	pl_buf_puts(&b, st->lang ? st->lang : "");
	for (size_t i = 0; i < st->n_spans; i++) {
		size_t se[2] = {st->spans[i].start, st->spans[i].end};
		pl_buf_add(&b, "|", 1);
		pl_buf_add(&b, (const char *)se, sizeof se);
		pl_buf_puts(&b, st->spans[i].lang ? st->spans[i].lang : "");
	}
	pl_buf_add(&b, "\n", 1);
	pl_buf_puts(&b, text);
	if (b.oom) {
		pl_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return pl_buf_take(&b);
}

static guint64 fnv1a(const char *s, size_t n)
{
	guint64 h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

int pl_text_fit_box(pl_fonts *f, const char *text, const pl_text_style *st, double w, double h,
		    pl_text_fit *out, pl_error *err)
{
	size_t len = 0;
	char *key = fit_key(text, st, w, h, &len);
	guint64 hash = key ? fnv1a(key, len) : 0;
	fit_entry *e;

	for (int i = 0; key && i < FIT_CACHE; i++) {
		e = &f->cache[i];
		if (e->key && e->hash == hash && e->key_len == len && !memcmp(e->key, key, len)) {
			free(key);
			e->used = true;
			*out = e->fit;
			g_object_ref(out->layout);
			return 0;
		}
	}
	if (fit_box(f, text, st, w, h, out, err)) {
		free(key);
		return -1;
	}
	if (!key)
		return 0; /* out of memory for the key: not kept, still right */
	for (;;) {
		e = &f->cache[f->cache_next++ % FIT_CACHE];
		if (!e->used)
			break;
		e->used = false;
	}
	if (e->key) {
		free(e->key);
		g_object_unref(e->fit.layout);
	}
	*e = (fit_entry){hash, key, len, *out, false};
	g_object_ref(out->layout);
	return 0;
}

void pl_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y)
{
	cairo_save(cr);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
}
