/* items.h — what the layout engine put on a page, as data: coloured areas,
 * text with its ink box, colour and size, images with their printed size,
 * QR codes with their URL. page.c fills a pl_page_items list while it
 * draws; preflight (print/preflight.h) reads it and never needs the engine
 * to tell it more. */
#ifndef PL_ITEMS_H
#define PL_ITEMS_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum pl_item_kind {
	PL_ITEM_FILL,   /* a filled area: page background, rect, circle, QR light square */
	PL_ITEM_TEXT,
	PL_ITEM_IMAGE,
	PL_ITEM_QR
} pl_item_kind;

/* One thing drawn on a page. Boxes are x, y, w, h in points from the trim's
 * top-left corner. */
typedef struct pl_page_item {
	pl_item_kind kind;
	int line;            /* where its block is written in the layout file */
	char field[64];      /* first field of its template ("" if none) */
	double box[4];       /* text: ink box; image: covered area; QR: whole
				symbol with its quiet zone; fill: the area */
	bool ellipse;        /* fill: an ellipse inscribed in box */
	double see_through;  /* fill: 0 opaque; 0.4 lets 40 % of what is under show (a scrim) */
	double rgb[3];       /* text colour, fill colour, QR dark colour */
	double size_pt;      /* text */
	int weight;          /* text */
	bool clipped;        /* text: did not fit and was cut (reported elsewhere) */
	char excerpt[48];    /* text: its beginning, for messages */
	double dpi;          /* image: effective dpi at its printed size; 0 vector */
	bool bleeds;         /* image: meant to run into the bleed (a full-page photo) */
	double module_mm;    /* QR */
	int modules;         /* QR: modules per side without the quiet zone */
	char *url;           /* QR: the text it encodes (owned) */
	/* QR: the area around the code as a phone camera would see it, drawn
	 * by the page with everything over and under it (owned; NULL when it
	 * could not be drawn): a recording of view_px × view_px pixels, and
	 * whether it holds only paths and fills (no text, no picture), so it
	 * can be painted on a thread without fonts. */
	cairo_surface_t *view;
	int view_px;
	bool view_plain;
	/* image: its colours as printed, averaged over a grid of grid_w ×
	 * grid_h cells spread over box (RGB bytes, row by row, over white;
	 * owned; NULL when not made), for contrast against a photo. */
	unsigned char *grid;
	int grid_w, grid_h;
} pl_page_item;

typedef struct pl_page_items {
	pl_page_item *v;
	size_t n, cap;
	bool oom;            /* an append failed: the list is incomplete */
} pl_page_items;

/* Append a copy of *it (url duplicated, view and grid taken over). -1 (and oom set)
 * when out of memory. */
int pl_page_items_add(pl_page_items *l, const pl_page_item *it, const char *url);
void pl_page_items_clear(pl_page_items *l);

#endif
