/* baseline.c — the benchmark's floor (make bench): each job done by a
 * minimal program with nothing but cairo, Pango and libqrencode. No
 * shrink-to-fit, no checks, no post-processing: what any tool must at least
 * do. Fields are split on commas (gen.sh writes none inside a field).
 *
 *   baseline DATA.csv OUT.pdf               the same-work job (flyer-bench.yaml)
 *   baseline -k KIND DATA.csv OUT.pdf       the work of a built-in layout
 *
 * Without -k: one A5 page per CSV record from `gen.sh N`: bold Latin title,
 * Arabic subtitle, date line, venue line, body, and a 35 mm QR code (EC
 * level M, quiet zone of 4 modules included) drawn as one path of run
 * rectangles with one fill.
 *
 * With -k, on records from `gen.sh N corpus`, the same elements as the
 * built-in layout of that name, at the same places and at the layout's
 * largest text sizes (placard shrinks to fit; this never measures):
 *   flyer-a5          colour field, organiser line (capitals, tracked), title,
 *                     Arabic subtitle, accent band, date, venue, body,
 *                     hashtags, QR code with the URL's host and path under it
 *   poster-a3         the same on A3 at the poster's sizes, date on its band
 *   sticker-round-60  A4 sheets of 12 round stickers (3 × 4, 63 mm apart):
 *                     each a coloured disc with the title, a white window,
 *                     the QR code and its label, and a cut circle.
 * Colours are the ember theme's. The label is the URL without scheme,
 * `www.`, query or fragment, cut with an ellipsis to the code's width. */
#define _DEFAULT_SOURCE
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MM (72.0 / 25.4)
enum { F_LANG, F_TITLE, F_SUBTITLE, F_DATE, F_TIME, F_VENUE, F_CITY, F_BODY, F_URL, N_FIELDS };
enum { F_ORGANIZER = N_FIELDS, F_HASHTAGS, F_SECOND_LANG, F_TITLE_AR, N_CORPUS };
enum { K_BENCH, K_FLYER, K_POSTER, K_STICKER };

typedef struct rgb { double r, g, b; } rgb;
static const rgb black = {0, 0, 0}, white = {1, 1, 1}, paper = {0xfb / 255.0, 0xf5 / 255.0, 0xea / 255.0},
		 ink = {0x1b / 255.0, 0x1a / 255.0, 0x19 / 255.0}, muted = {0x4f / 255.0, 0x4a / 255.0, 0x45 / 255.0},
		 primary = {0xb5 / 255.0, 0x12 / 255.0, 0x1b / 255.0}, accent = {0x0b / 255.0, 0x6e / 255.0, 0x3a / 255.0};

static void color(cairo_t *cr, rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void rect(cairo_t *cr, double x, double y, double w, double h, rgb c)
{
	color(cr, c);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

typedef struct tstyle {
	const char *font;
	PangoAlignment align;
	double spacing;   /* line spacing factor; 0 = the font's */
	int tracking;     /* letter spacing in 1/1000 em; 0 = none */
	int bottom;       /* set on the bottom of the box (h) instead of its top */
	int ellipsize;    /* one line, cut with … */
} tstyle;

static void text(cairo_t *cr, const char *s, const tstyle *st, double x, double y, double w, double h, rgb c)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *d = pango_font_description_from_string(st->font);

	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	pango_layout_set_font_description(l, d);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_alignment(l, st->align);
	if (st->spacing > 0)
		pango_layout_set_line_spacing(l, (float)st->spacing);
	if (st->ellipsize)
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	if (st->tracking) {
		PangoAttrList *a = pango_attr_list_new();
		double pt = pango_font_description_get_size(d) / (double)PANGO_SCALE;
		pango_attr_list_insert(a, pango_attr_letter_spacing_new((int)(pt * st->tracking / 1000.0 * PANGO_SCALE)));
		pango_layout_set_attributes(l, a);
		pango_attr_list_unref(a);
	}
	pango_layout_set_text(l, s, -1);
	if (st->bottom) {
		int lw, lh;
		pango_layout_get_size(l, &lw, &lh);
		y += h - lh / (double)PANGO_SCALE;
	}
	color(cr, c);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(d);
	g_object_unref(l);
}

/* The code, quiet zone included, fills the square (x, y, size). */
static void qr(cairo_t *cr, const char *url, double x, double y, double size, rgb dark)
{
	QRcode *c = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;

	if (!c)
		return;
	m = size / (c->width + 8);
	color(cr, dark);
	for (int r = 0; r < c->width; r++)
		for (int i = 0; i < c->width;) {
			int j = i;
			while (j < c->width && (c->data[r * c->width + j] & 1))
				j++;
			if (j > i)
				cairo_rectangle(cr, x + (i + 4) * m, y + (r + 4) * m, (j - i) * m, m);
			i = j > i ? j : i + 1;
		}
	cairo_fill(cr);
	QRcode_free(c);
}

/* The URL's host and path: no scheme, no www., no query or fragment. */
static void label_of(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");

	p = p ? p + 3 : url;
	if (!strncmp(p, "www.", 4))
		p += 4;
	snprintf(out, n, "%.*s", (int)strcspn(p, "?#"), p);
	if (*out && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
}

/* A code with its label under it, on a white square. */
static void qr_labelled(cairo_t *cr, const char *url, double x, double y, double size, double label_pt)
{
	char label[512], font[64];
	tstyle st = {font, PANGO_ALIGN_CENTER, 0, 0, 0, 1};

	rect(cr, x, y, size, size, white);
	qr(cr, url, x, y, size, ink);
	label_of(url, label, sizeof label);
	snprintf(font, sizeof font, "Noto Sans %g", label_pt);
	text(cr, label, &st, x, y + size + 0.5 * MM, size, 0, muted);
}

static void flyer_bench(cairo_t *cr, char **f, const char *when)
{
	char venue[512];
	tstyle title = {"Noto Sans Display Bold 34", PANGO_ALIGN_LEFT, 0, 0, 0, 0};
	tstyle sub = {"Noto Sans 20", PANGO_ALIGN_CENTER, 0, 0, 0, 0};
	tstyle date = {"Noto Sans Display Bold 15", PANGO_ALIGN_LEFT, 0, 0, 0, 0};
	tstyle place = {"Noto Sans 13", PANGO_ALIGN_LEFT, 0, 0, 0, 0};
	tstyle body = {"Noto Sans 11", PANGO_ALIGN_LEFT, 1.2, 0, 0, 0};

	snprintf(venue, sizeof venue, "%s, %s", f[F_VENUE], f[F_CITY]);
	color(cr, white);
	cairo_paint(cr);
	text(cr, f[F_TITLE], &title, 12 * MM, 14 * MM, 124 * MM, 0, black);
	text(cr, f[F_SUBTITLE], &sub, 12 * MM, 50 * MM, 124 * MM, 0, black);
	text(cr, when, &date, 12 * MM, 68 * MM, 124 * MM, 0, black);
	text(cr, venue, &place, 12 * MM, 79 * MM, 124 * MM, 0, black);
	text(cr, f[F_BODY], &body, 12 * MM, 92 * MM, 124 * MM, 0, black);
	qr(cr, f[F_URL], 56.5 * MM, 160 * MM, 35 * MM, black);
}

/* Upper-case ASCII copy (the organiser line is printed in capitals). */
static void upper(const char *s, char *out, size_t n)
{
	size_t i = 0;

	for (; s[i] && i + 1 < n; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
	out[i] = '\0';
}

/* A text block of a design: style, box (mm; h only for bottom-set text)
 * and colour. */
typedef struct tblock {
	tstyle st;
	double x, y, w, h;
	const rgb *c;
} tblock;

/* A flyer or poster: page (mm), the colour field's share of the height, the
 * accent band under it, the text blocks and the code (mm, label in pt). */
typedef struct design {
	double pw, ph, field, band_h;
	tblock org, title, sub, date, place, body, tags;
	double qx, qy, qs, label_pt;
} design;

/* flyer-a5.yaml's and poster-a3.yaml's blocks at their largest sizes. */
static const design flyer_a5 = {
	148, 210, 0.44, 2,
	{{"Noto Sans Bold 9", PANGO_ALIGN_LEFT, 0, 30, 0, 0}, 10, 9, 128, 0, &white},
	{{"Noto Sans Display Bold 46", PANGO_ALIGN_LEFT, 0.95, 0, 1, 0}, 10, 17, 128, 50, &white},
	{{"Noto Sans Display 19", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 10, 69, 128, 0, &white},
	{{"Noto Sans Display Bold 16", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 10, 100, 128, 0, &ink},
	{{"Noto Sans 12", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 10, 117, 128, 0, &muted},
	{{"Noto Sans 10.5", PANGO_ALIGN_LEFT, 1.15, 0, 0, 0}, 10, 131, 128, 0, &ink},
	{{"Noto Sans Bold 12", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 10, 181, 86, 0, &accent},
	102, 162, 36, 6.5,
};

static const design poster_a3 = {
	297, 420, 0.52, 36,
	{{"Noto Sans Bold 16", PANGO_ALIGN_LEFT, 0, 30, 0, 0}, 20, 16, 257, 0, &white},
	{{"Noto Sans Display Bold 110", PANGO_ALIGN_LEFT, 0.92, 0, 1, 0}, 20, 30, 257, 130, &white},
	{{"Noto Sans Display 40", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 20, 165, 257, 0, &white},
	{{"Noto Sans Display Bold 38", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 20, 224, 257, 0, &white},
	{{"Noto Sans Display Bold 28", PANGO_ALIGN_LEFT, 0, 0, 0, 0}, 20, 264, 160, 0, &ink},
	{{"Noto Sans 17", PANGO_ALIGN_LEFT, 1.15, 0, 0, 0}, 20, 296, 160, 0, &ink},
	{{"Noto Sans Bold 22", PANGO_ALIGN_RIGHT, 0, 0, 0, 0}, 96, 388, 181, 0, &accent},
	192, 264, 85, 12,
};

static void block(cairo_t *cr, const char *s, const tblock *b)
{
	text(cr, s, &b->st, b->x * MM, b->y * MM, b->w * MM, b->h * MM, *b->c);
}

static void poster(cairo_t *cr, char **f, const char *when, const design *d)
{
	char venue[512], org[512];

	snprintf(venue, sizeof venue, "%s, %s", f[F_VENUE], f[F_CITY]);
	upper(f[F_ORGANIZER], org, sizeof org);
	rect(cr, 0, 0, d->pw * MM, d->ph * MM, paper);
	rect(cr, 0, 0, d->pw * MM, d->field * d->ph * MM, primary);
	block(cr, org, &d->org);
	block(cr, f[F_TITLE], &d->title);
	block(cr, f[F_SUBTITLE], &d->sub);
	rect(cr, 0, d->field * d->ph * MM, d->pw * MM, d->band_h * MM, accent);
	block(cr, when, &d->date);
	block(cr, venue, &d->place);
	block(cr, f[F_BODY], &d->body);
	block(cr, f[F_HASHTAGS], &d->tags);
	qr_labelled(cr, f[F_URL], d->qx * MM, d->qy * MM, d->qs * MM, d->label_pt);
}

/* One sticker-round-60 with its trim's top-left corner at (x, y). */
static void sticker(cairo_t *cr, char **f, double x, double y)
{
	tstyle title = {"Noto Sans Display Bold 17", PANGO_ALIGN_CENTER, 0.95, 0, 1, 0};

	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_arc(cr, 30 * MM, 30 * MM, 32 * MM, 0, 2 * M_PI); /* 2 mm of bleed */
	cairo_clip(cr);
	rect(cr, -2 * MM, -2 * MM, 64 * MM, 64 * MM, primary);
	text(cr, f[F_TITLE], &title, 13 * MM, 9 * MM, 34 * MM, 17 * MM, white);
	rect(cr, 17.5 * MM, 28 * MM, 25 * MM, 27 * MM, white);
	qr_labelled(cr, f[F_URL], 18 * MM, 29 * MM, 24 * MM, 5);
	cairo_restore(cr);
	/* the cut line (placard puts it on a spot colour) */
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_arc(cr, x + 30 * MM, y + 30 * MM, 30 * MM, 0, 2 * M_PI);
	cairo_set_source_rgb(cr, 1, 0, 1);
	cairo_set_line_width(cr, 0.25);
	cairo_stroke(cr);
	cairo_restore(cr);
}

int main(int argc, char **argv)
{
	FILE *in;
	char *line = NULL;
	size_t cap = 0;
	cairo_surface_t *s;
	cairo_t *cr;
	long n = 0, slot = 0;
	int kind = K_BENCH, need = N_FIELDS;
	double pw = 148 * MM, ph = 210 * MM;

	if (argc == 5 && !strcmp(argv[1], "-k")) {
		if (!strcmp(argv[2], "flyer-a5"))
			kind = K_FLYER;
		else if (!strcmp(argv[2], "poster-a3"))
			kind = K_POSTER, pw = 297 * MM, ph = 420 * MM;
		else if (!strcmp(argv[2], "sticker-round-60"))
			kind = K_STICKER, pw = 210 * MM, ph = 297 * MM;
		else {
			fprintf(stderr, "baseline: no job named %s (flyer-a5, poster-a3, sticker-round-60)\n", argv[2]);
			return 2;
		}
		need = N_CORPUS;
		argv += 2;
		argc -= 2;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: baseline [-k flyer-a5|poster-a3|sticker-round-60] DATA.csv OUT.pdf\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	s = cairo_pdf_surface_create(argv[2], pw, ph);
	cr = cairo_create(s);
	if (getline(&line, &cap, in) < 0) /* header */
		return 1;
	while (getline(&line, &cap, in) > 0) {
		char *f[N_CORPUS] = {0}, *p = line, when[128];
		struct tm tm = {0};
		int k = 0;

		line[strcspn(line, "\r\n")] = '\0';
		for (char *tok; k < need && (tok = strsep(&p, ",")); k++)
			f[k] = tok;
		if (k != need)
			continue;
		sscanf(f[F_DATE], "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		sscanf(f[F_TIME], "%d:%d", &tm.tm_hour, &tm.tm_min);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		mktime(&tm);
		strftime(when, sizeof when, "%A, %B %-d, %Y · %-I:%M %p", &tm);
		if (kind == K_STICKER) {
			if (slot == 12) {
				cairo_show_page(cr);
				slot = 0;
			}
			sticker(cr, f, (12 + 63 * (slot % 3)) * MM, (24 + 63 * (slot / 3)) * MM);
			slot++;
		} else {
			if (kind == K_BENCH)
				flyer_bench(cr, f, when);
			else
				poster(cr, f, when, kind == K_FLYER ? &flyer_a5 : &poster_a3);
			cairo_show_page(cr);
		}
		n++;
	}
	if (slot)
		cairo_show_page(cr);
	free(line);
	fclose(in);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "baseline: %s\n", cairo_status_to_string(cairo_surface_status(s)));
		return 1;
	}
	cairo_surface_destroy(s);
	return n ? 0 : 1;
}
