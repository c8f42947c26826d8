/* page_int.h — what the three parts of the layout engine share, and no
 * one else: page.c (the context, a record's page from start to end, the
 * records made ready ahead), engine.c (templates expanded, text measured
 * and fitted, columns placed, optional blocks and list items dropped) and
 * paint.c (each kind of block drawn, and what it puts on the page noted
 * for preflight). */
#ifndef PL_PAGE_INT_H
#define PL_PAGE_INT_H

#include "layout/page.h"
#include "draw/image.h"
#include "draw/qr.h"

typedef struct cached_image {
	char *path;
	pl_image *img;
} cached_image;

#define PL_PAGE_MAX_CMYK 400 /* different cmyk(…) colours in one run (paint.c) */

struct pl_page_ctx {
	const pl_layout *layout;
	pl_fonts *fonts;
	pl_page_opts opts;
	pl_theme *theme;
	cached_image *images;
	size_t n_images;
	pl_page_items *items;  /* preflight: what is drawn, when set */
	bool has_region;       /* preflight: draw only what may touch region */
	double region[4];
	bool region_fonts;     /* ... and something there needs fonts or pictures */
	/* The last QR code encoded: preflight re-draws the page's code right
	 * after it is drawn, and identical pages share one. */
	pl_qr *qr;
	char *qr_url;
	char qr_ec;
	const pl_page_ready *ready; /* pl_page_use: the record being drawn, made ready */
	struct pl_schedule *schedule; /* the run's events, for events blocks (events.h) */
	double cmyk_map[PL_PAGE_MAX_CMYK * 7]; /* opts.cmyk_colors: placeholder RGB → inks */
	size_t n_cmyk;
};

/* A record made ready ahead of drawing (page.h). */
typedef struct ready_qr {
	char *url;
	char ec;
	pl_qr *q;
} ready_qr;

struct pl_page_ready {
	const pl_record *in;  /* the record it was made from (borrowed) */
	pl_record *rec;       /* derived copy */
	ready_qr qr[PL_READY_MAX_QR];
	size_t n_qr;
	bool opts_qr_ops;
};

/* Per-record state while drawing. */
typedef struct page {
	pl_page_ctx *pc;
	cairo_t *cr;
	pl_record *rec;       /* localized copy with derived fields */
	pl_theme *theme;      /* the context's theme, or a per-record copy */
	bool rtl;             /* primary language is written right to left */
	pl_diag *findings;
	/* While one template expands: the values looked up, with their
	 * language and field, so that each gets its own Pango language and a
	 * missing glyph names its field (issue 3). */
	struct seen { const char *val, *lang; char field[64]; } seen[32];
	size_t n_seen;
	const char *tmpl_lang;  /* the block's lang: for plain {field}s, or NULL */
	/* A list field (hashtags) in the template: its whole value and how
	 * many of its items to print (-1: all), cut into list_buf. */
	const char *list_full;
	int list_keep;
	char *list_buf;
	pl_buf *dump;
	pl_error *err;
} page;


typedef struct measured {
	bool present;
	pl_text_fit fit;   /* text blocks */
	pl_image *img;     /* image blocks (borrowed from the cache) */
	char *field;       /* first field of the template, for messages */
	char *text;        /* the text laid out, for messages */
	char glyph_field[64]; /* the field a missing glyph is in */
	const char *list_full; /* a list field's whole value */
	int list_total, list_kept; /* its items, and those printed (0, 0: all) */
	int dropped;       /* left out: 1 does not fit, 2 to make room */
	double h;          /* height used inside a column */
} measured;

void page_block_box(page *p, const pl_block *b, double *x, double *y, double *w, double *h);
char page_block_ec(const pl_block *b, const pl_record *rec);
/* A block's `if:` and `unless:` against the record: is it drawn at all? */
bool page_block_wanted(const page *p, const pl_block *b);
int page_draw_block(page *p, const pl_block *b, measured *m, double x, double y, double w, double h);
int page_draw_column(page *p, const pl_block *col);
int page_draw_events(page *p, const pl_block *b);
void page_dump(page *p, const char *what, const pl_block *b, double x, double y, double w, double h,
		 const char *extra);
const char *page_family(page *p, const pl_block *b);
void page_finding(page *p, pl_code code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool page_in_region(page *p, const pl_block *b, double x, double y, double w, double h);
int page_measure(page *p, const pl_block *b, double w, double h, measured *m);
void page_measured_free(measured *m);
void page_note(page *p, pl_item_kind kind, const pl_block *b, const char *field, double x, double y,
		 double w, double h, const char *color_spec, pl_page_item *it, const char *url);
pl_qr *page_qr_for(page *p, const char *url, char ec);
/* The logo a QR block puts in its code (a new string, NULL for none): the
 * record's qr.logo ("none" turns the layout's off), else the block's logo
 * template expanded ("{logo}"). *field (optional, a new string) names the
 * field it came from. */
char *page_qr_logo(const pl_block *b, const pl_record *rec, char **field);
const char *page_qr_url(page *p, const pl_block *b, char **owned);
void page_report_measured(page *p, const pl_block *b, const measured *m, const char *for_field);
void page_rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r);
void page_set_color(page *p, const char *spec);

#endif
