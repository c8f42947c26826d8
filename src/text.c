/* text.c — Pango text: fonts from placard's own fontconfig set, layouts with
 * the record's language, direction from the text itself, and shrink-to-fit.
 * See text.h. The layout engine (page.c) calls pl_text_fit_box for every
 * text block and reports the ones that do not fit. */
#include "text.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pl_fonts {
	PangoFontMap *map;
	PangoContext *ctx;
};

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
	if (f->ctx)
		g_object_unref(f->ctx);
	if (f->map)
		g_object_unref(f->map);
	free(f);
}

static PangoLayout *make_layout(pl_fonts *f, const char *text, const pl_text_style *st,
				double w, double size)
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
	if (st->lang)
		pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string(st->lang)));
	if (st->tracking != 0)
		pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
			(int)lround(st->tracking / 1000.0 * size * PANGO_SCALE)));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_width(l, (int)floor(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	/* With auto-dir (Pango's default) LEFT means "start": it flips for
	 * paragraphs whose first strong character is right-to-left. */
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

static void find_missing(PangoLayout *l, pl_text_fit *out)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);

	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyph g = run->glyphs->glyphs[i].glyph;
			if ((g & PANGO_GLYPH_UNKNOWN_FLAG) && g != PANGO_GLYPH_EMPTY) {
				snprintf(out->missing, sizeof out->missing, "U+%04X",
					 (unsigned)(g & ~PANGO_GLYPH_UNKNOWN_FLAG));
				pango_layout_iter_free(it);
				return;
			}
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

int pl_text_fit_box(pl_fonts *f, const char *text, const pl_text_style *st, double w, double h,
		    pl_text_fit *out, pl_error *err)
{
	double lo = st->min_pt > 0 ? st->min_pt : st->max_pt;
	double hi = st->max_pt > lo ? st->max_pt : lo;
	PangoLayout *best = NULL;
	double best_size = lo;
	PangoRectangle log;
	GSList *lines;

	memset(out, 0, sizeof *out);
	if (w <= 0 || h <= 0 || lo <= 0) {
		pl_error_set(err, PL_EINPUT, "a text box has no room (width %.1f pt, height %.1f pt, size %.1f pt). Fix the layout's box.",
			     w, h, lo);
		return -1;
	}
	best = make_layout(f, text, st, w, hi);
	if (layout_fits(best, st, w, h)) {
		best_size = hi;
	} else {
		g_object_unref(best);
		best = make_layout(f, text, st, w, lo);
		if (layout_fits(best, st, w, h)) {
			/* Binary search to a quarter point: the largest size that fits. */
			best_size = lo;
			while (hi - lo > 0.25) {
				double mid = (lo + hi) / 2;
				PangoLayout *l = make_layout(f, text, st, w, mid);
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
		find_missing(best, out);
	return 0;
}

void pl_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y)
{
	cairo_save(cr);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	cairo_restore(cr);
}
