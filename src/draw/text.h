/* text.h — every text on the page goes through here (Pango). A pl_fonts is a
 * font map on placard's own fontconfig configuration (assets/fonts) and a
 * 72-dpi context with metrics hinting off, so PDF, PNG and SVG output lay out
 * identically. pl_text_fit shrinks a text between a max and a min size until
 * it fits its box without breaking a word. */
#ifndef PL_TEXT_H
#define PL_TEXT_H

#include <stdbool.h>
#include <pango/pangocairo.h>

#include "base/error.h"

typedef struct pl_fonts pl_fonts;

/* fonts_conf: path of placard's fonts.conf. */
pl_fonts *pl_fonts_new(const char *fonts_conf, pl_error *err);
void pl_fonts_free(pl_fonts *f);

typedef enum pl_align { PL_ALIGN_START, PL_ALIGN_CENTER, PL_ALIGN_END } pl_align;

/* A stretch of the text in another language than the style's (bytes
 * [start, end) of the text given to pl_text_fit_box), e.g. the Arabic title
 * inside an English template "{title} / {title@ar}". */
typedef struct pl_text_span {
	size_t start, end;
	const char *lang;     /* BCP 47 */
} pl_text_span;

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
	const pl_text_span *spans; /* languages of parts of the text (may be NULL) */
	size_t n_spans;
} pl_text_style;

typedef struct pl_text_fit {
	PangoLayout *layout;  /* caller unrefs (g_object_unref) */
	double size_pt;       /* chosen size */
	double height;        /* height the text uses, in points */
	double width;         /* widest line, in points */
	bool fits;            /* false: did not fit even at min_pt (layout is ellipsized) */
	bool rtl;             /* first paragraph resolved right-to-left */
	int unknown_glyphs;   /* glyphs no font in the set could draw (Pango's count) */
	char missing[64];     /* first missing character as "U+XXXX", "" if none */
	long missing_at;      /* its byte offset in the text given, -1 if none */
	char missing_list[192]; /* every missing character, "'x' U+XXXX, …" */
} pl_text_fit;

/* Lay out `text` in a box w × h (points), largest size that fits. When even
 * min_pt does not fit, the layout is cut to the box with an ellipsis and
 * fits is false: the caller must report it. */
int pl_text_fit_box(pl_fonts *f, const char *text, const pl_text_style *st, double w, double h,
		    pl_text_fit *out, pl_error *err);


/* Unicode bidi hygiene for mixed-direction text (UAX #9 isolates): in a text
 * that contains right-to-left letters, every hashtag, @mention, URL and
 * e-mail address is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
 * ISOLATE (U+2068 … U+2069), so "#HomesForAll" keeps its "#" on the left
 * inside Arabic and "#السكن_حق" keeps it on the right inside English.
 * Returns a new string (NULL when out of memory); text without RTL letters
 * is returned unchanged (copied). map (optional) receives a new array of
 * strlen(text)+1 offsets: map[i] is where byte i of text went. */
char *pl_text_isolate(const char *text, size_t **map);

/* Draw a laid-out text with its top-left corner at (x, y). */
void pl_text_draw(cairo_t *cr, PangoLayout *layout, double x, double y);
/* The same, with colour glyphs (emoji, flags: Noto Color Emoji) drawn as grey
 * pictures, for themes that print no colour (emoji.c). */
void pl_text_draw_grey(cairo_t *cr, PangoLayout *layout, double x, double y);
/* Does the layout hold a glyph of a colour font? */
bool pl_text_has_colour(PangoLayout *layout);

#endif
