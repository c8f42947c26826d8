/* text.h — every text on the page goes through here (Pango). A pl_fonts is a
 * font map on placard's own fontconfig configuration (assets/fonts) and a
 * 72-dpi context with metrics hinting off, so PDF, PNG and SVG output lay out
 * identically. pl_text_fit shrinks a text between a max and a min size until
 * it fits its box without breaking a word. */
#ifndef PL_TEXT_H
#define PL_TEXT_H

#include <stdbool.h>
#include <pango/pangocairo.h>

#include "error.h"

typedef struct pl_fonts pl_fonts;

/* fonts_conf: path of placard's fonts.conf. */
pl_fonts *pl_fonts_new(const char *fonts_conf, pl_error *err);
void pl_fonts_free(pl_fonts *f);

typedef enum pl_align { PL_ALIGN_START, PL_ALIGN_CENTER, PL_ALIGN_END } pl_align;

typedef struct pl_text_style {
	const char *family;   /* font role, e.g. "placard display" */
	int weight;           /* 400 regular, 700 bold, ... */
	bool italic;
	double max_pt, min_pt;
	double line_height;   /* multiple of the font size; 0 = font default */
	pl_align align;
	int max_lines;        /* 0 = no limit */
	const char *lang;     /* BCP 47, set as the layout's language */
	double tracking;      /* letter spacing in em/1000, 0 = none */
} pl_text_style;

typedef struct pl_text_fit {
	PangoLayout *layout;  /* caller unrefs (g_object_unref) */
	double size_pt;       /* chosen size */
	double height;        /* height the text uses, in points */
	double width;         /* widest line, in points */
	bool fits;            /* false: did not fit even at min_pt (layout is ellipsized) */
	bool rtl;             /* first paragraph resolved right-to-left */
	int unknown_glyphs;   /* glyphs no font in the set could draw */
	char missing[64];     /* first missing character as "U+XXXX", "" if none */
} pl_text_fit;

/* Lay out `text` in a box w × h (points), largest size that fits. When even
 * min_pt does not fit, the layout is cut to the box with an ellipsis and
 * fits is false: the caller must report it. */
int pl_text_fit_box(pl_fonts *f, const char *text, const pl_text_style *st, double w, double h,
		    pl_text_fit *out, pl_error *err);

/* Draw a laid-out text with its top-left corner at (x, y). */
void pl_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y);

#endif
