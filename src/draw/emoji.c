/* emoji.c — colour glyphs (emoji, flags) in grey, for themes without colour.
 *
 * Pango sets emoji in Noto Color Emoji, whose glyphs are colour pictures.
 * A black-and-white theme (mono: photocopiers, toner budgets) must not
 * print colour, so the layout is drawn run by run: a run in a colour font
 * is drawn glyph by glyph as a grey picture (luminance, alpha kept) that
 * cairo writes as a DeviceGray image, which stays black ink only; every
 * other run is drawn as text. */
#include "draw/text.h"

#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <math.h>

/* The colour font's pictures are 136 pixels wide for an em of 109 px. */
#define EMOJI_PX_PER_EM 109.0

static bool colour_font(PangoFont *font)
{
	FcPattern *pat = PANGO_IS_FC_FONT(font) ? pango_fc_font_get_pattern(PANGO_FC_FONT(font)) : NULL;
	FcBool colour = FcFalse;

	return pat && FcPatternGetBool(pat, FC_COLOR, 0, &colour) == FcResultMatch && colour;
}

/* Luminance of premultiplied ARGB pixels, in place: the picture turns grey. */
static void to_grey(cairo_surface_t *img)
{
	unsigned char *px = cairo_image_surface_get_data(img);
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	int stride = cairo_image_surface_get_stride(img);

	cairo_surface_flush(img);
	for (int y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(px + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			uint32_t p = row[x], a = p >> 24;
			double r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
			uint32_t l = (uint32_t)lround(0.2126 * r + 0.7152 * g + 0.0722 * b);
			if (l > a)
				l = a;
			row[x] = a << 24 | l << 16 | l << 8 | l;
		}
	}
	cairo_surface_mark_dirty(img);
}

/* One colour glyph as a grey picture, its origin at (x, y) on the page. */
static void grey_glyph(cairo_t *cr, PangoFont *font, PangoGlyph glyph, double x, double y)
{
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	PangoRectangle ink;
	cairo_matrix_t fm;
	double em, s;
	int w, h;
	cairo_surface_t *img;
	cairo_t *ic;
	cairo_glyph_t g;

	if (!sf)
		return;
	pango_font_get_glyph_extents(font, glyph, &ink, NULL);
	cairo_scaled_font_get_font_matrix(sf, &fm);
	em = fabs(fm.yy) > 0 ? fabs(fm.yy) : 1;
	s = EMOJI_PX_PER_EM / em; /* pixels per point: the picture's own resolution */
	w = (int)ceil(ink.width / (double)PANGO_SCALE * s) + 2;
	h = (int)ceil(ink.height / (double)PANGO_SCALE * s) + 2;
	if (w <= 2 || h <= 2 || w > 4096 || h > 4096)
		return;
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	ic = cairo_create(img);
	cairo_scale(ic, s, s);
	cairo_set_scaled_font(ic, sf);
	g = (cairo_glyph_t){glyph, -ink.x / (double)PANGO_SCALE + 1 / s, -ink.y / (double)PANGO_SCALE + 1 / s};
	cairo_show_glyphs(ic, &g, 1);
	cairo_destroy(ic);
	to_grey(img);
	cairo_save(cr);
	cairo_translate(cr, x + ink.x / (double)PANGO_SCALE - 1 / s, y + ink.y / (double)PANGO_SCALE - 1 / s);
	cairo_scale(cr, 1 / s, 1 / s);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

bool pl_text_has_colour(PangoLayout *layout)
{
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	bool any = false;

	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (run && colour_font(run->item->analysis.font))
			any = true;
	} while (!any && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return any;
}

void pl_text_draw_grey(cairo_t *cr, PangoLayout *layout, double x, double y)
{
	PangoLayoutIter *it;
	const char *text = pango_layout_get_text(layout);

	if (!pl_text_has_colour(layout)) {
		pl_text_draw(cr, layout, x, y);
		return;
	}
	it = pango_layout_get_iter(layout);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		PangoRectangle log;
		double rx, by;
		if (!run)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &log);
		rx = x + log.x / (double)PANGO_SCALE;
		by = y + pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
		if (!colour_font(run->item->analysis.font)) {
			cairo_move_to(cr, rx, by);
			pango_cairo_show_glyph_item(cr, text, run);
			continue;
		}
		for (int i = 0, adv = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
			if (!(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) && gi->glyph != PANGO_GLYPH_EMPTY)
				grey_glyph(cr, run->item->analysis.font, gi->glyph,
					   rx + (adv + gi->geometry.x_offset) / (double)PANGO_SCALE,
					   by + gi->geometry.y_offset / (double)PANGO_SCALE);
			adv += gi->geometry.width;
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}
