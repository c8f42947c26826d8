/* layout.h — layout and theme files (YAML, through yaml.c) into a model the
 * page engine (page.c) draws. A layout has a trim size, bleed, safe margin,
 * background and a list of blocks; a column block stacks its children and
 * closes up when one drops out. Lengths are stored in points relative to
 * the trim box's top-left corner; percentages are resolved at load time. */
#ifndef PL_LAYOUT_H
#define PL_LAYOUT_H

#include <stdbool.h>

#include "base/error.h"
#include "draw/text.h"

typedef enum pl_block_type {
	PL_BLOCK_TEXT, PL_BLOCK_QR, PL_BLOCK_IMAGE, PL_BLOCK_RECT, PL_BLOCK_LINE,
	PL_BLOCK_CIRCLE, PL_BLOCK_COLUMN,
	PL_BLOCK_EVENTS        /* the run's events, one entry each (events.c) */
} pl_block_type;

typedef struct pl_block pl_block;
struct pl_block {
	pl_block_type type;
	int line;              /* where it is written in the layout file */
	double x, y, w, h;     /* points from the trim's top-left; h is the max
				  height of a text inside a column */
	bool mirror;           /* swap sides when the primary language is RTL */
	bool bleed;            /* shapes: edges on the trim run out to the bleed */
	bool optional;         /* text: drops out (a note) when it does not fit at its min size */
	bool grow;             /* in a column: takes a share of the height the others leave */
	double opacity;        /* rect, circle: 1 opaque (default) … 0 invisible: a scrim over a photo */
	char *only_if;         /* `if: FIELD`: drawn only when the record has FIELD */
	char *unless;          /* `unless: FIELD`: drawn only when it has not */
	char *text;            /* text template "{venue}, {city}"; image source */
	char *fill, *stroke;   /* colour: theme role or #rrggbb; NULL = none */
	char *bg;              /* qr: colour of the light modules and quiet zone */
	double stroke_w;       /* points */
	double radius;         /* rect corner radius, points */
	/* text */
	char *font;            /* theme font role: "display", "text" */
	int weight;
	bool italic, upper;
	double max_pt, min_pt, line_height, tracking;
	pl_align align;
	int valign;            /* -1 top, 0 middle, 1 bottom */
	int max_lines;
	char *lang;            /* template language: NULL primary, "second" for second_lang */
	/* qr */
	char ec;               /* 0 = from data, else L M Q H */
	bool label;            /* print the url_label under the code */
	char *label_color;
	char *logo;            /* logo template ("{logo}" or a path), NULL = none */
	char *qr_style;        /* "square", "rounded", "dots"; NULL = the record's or square */
	double logo_size;      /* the logo's pad as a share of the code's side; 0 = the cap */
	char *url;             /* template of what the code opens ("{campaign.url}"); NULL = the record's qr_url */
	/* image */
	bool cover;
	/* column */
	double gap;
	pl_block *kids;        /* column: its blocks; events: one entry's lines */
	size_t n_kids;
	/* events (a schedule: layout/events.h) */
	int columns;           /* 1 or 2 columns; 0 = a grid of `cells` across */
	int cells;
	double qr_max, qr_min; /* per-event QR side (points); 0 = no codes */
	char *heading_color;   /* the day headings' colour */
	double scale;          /* a line of an entry: its size as a multiple of the list's */
};

typedef struct pl_layout {
	char *name, *kind, *description, *path;
	char *theme;           /* default theme name */
	double trim_w, trim_h; /* points */
	double bleed, safe;    /* points */
	bool px;               /* sized in px (a screen image): PNG at its pixel size */
	double distance;       /* points: how far away it is read (banners); 0 = arm's length */
	char *background;      /* colour */
	char *shape;           /* stickers: "circle", "rect", "rounded", "square"; NULL for none */
	double shape_radius;
	pl_block *blocks;
	size_t n_blocks;
	/* A double-sided design's back (`back:` in the file): the same size,
	 * bleed, safe margin, kind and theme, blocks of its own; NULL for a
	 * one-sided layout. Each record then makes two pages, front then back. */
	struct pl_layout *back;
	bool is_back;          /* this is a back: findings say so */
} pl_layout;

/* A layout by built-in name (looked up in datadir/layouts) or file path. */
pl_layout *pl_layout_load(const char *datadir, const char *name_or_path, pl_error *err);
/* A layout from a buffer holding a layout file's text (the fuzzer and tests);
 * `name` is used in messages. */
pl_layout *pl_layout_parse(const char *name, const char *buf, size_t len, pl_error *err);
void pl_layout_free(pl_layout *l);

typedef struct pl_theme_entry {
	char *name;
	double rgb[3];
	bool has_cmyk;       /* written as cmyk(C,M,Y,K): inks for CMYK output */
	double cmyk[4];
} pl_theme_entry;

typedef struct pl_theme {
	char *name;
	pl_theme_entry *colors;
	size_t n_colors;
	char *font_display, *font_text; /* fontconfig family names */
	bool emoji_grey;                /* `emoji: grey`: colour emoji printed in grey */
} pl_theme;

pl_theme *pl_theme_load(const char *datadir, const char *name, pl_error *err);
void pl_theme_free(pl_theme *t);
/* Set or replace a colour role (e.g. from a record's inline theme). */
int pl_theme_set(pl_theme *t, const char *role, const char *value, pl_error *err);
/* Resolve a theme role or "#rrggbb"; false when unknown. */
bool pl_theme_color(const pl_theme *t, const char *spec, double rgb[3]);
/* "#rrggbb" or "#rgb" into 0..1 RGB. */
int pl_parse_color(const char *s, double rgb[3]);
/* "cmyk(C, M, Y, K)" in percent (0–100 each) → inks 0..1; -1 otherwise.
 * pl_parse_color accepts it too and gives its RGB likeness for screens. */
int pl_parse_cmyk(const char *s, double cmyk[4]);
/* The inks of a colour written as cmyk(…), directly or through a theme
 * role; false for an RGB colour. */
bool pl_theme_cmyk(const pl_theme *t, const char *spec, double cmyk[4]);

/* Trim size of a named paper (A0–A7, letter, legal, tabloid, half-letter). */
int pl_page_size(const char *name, double *w_pt, double *h_pt);

/* Built-in layout names in datadir/layouts (NULL-terminated, sorted; caller
 * frees each and the array). */
char **pl_layout_list(const char *datadir);
/* Built-in theme names (datadir/assets/themes), likewise. */
char **pl_theme_list(const char *datadir);

#endif
