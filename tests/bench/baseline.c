/* baseline.c — the benchmark's floor (make bench): the reference job done by
 * a minimal program with nothing but cairo, Pango and libqrencode. One A5
 * page per CSV record from gen.sh: bold Latin title, Arabic subtitle, date
 * line, venue line, body, and a 35 mm QR code (EC level M, quiet zone of 4
 * modules included) drawn as one path of run rectangles with one fill. No
 * shrink-to-fit, no checks, no post-processing: what any tool must at least
 * do. Fields are split on commas (gen.sh writes none inside a field).
 *
 *   baseline DATA.csv OUT.pdf */
#define _DEFAULT_SOURCE
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MM (72.0 / 25.4)
enum { F_LANG, F_TITLE, F_SUBTITLE, F_DATE, F_TIME, F_VENUE, F_CITY, F_BODY, F_URL, N_FIELDS };

static void text(cairo_t *cr, const char *s, const char *font, double x, double y, double w,
		 PangoAlignment align, double spacing)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *d = pango_font_description_from_string(font);

	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	pango_layout_set_font_description(l, d);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_alignment(l, align);
	if (spacing > 0)
		pango_layout_set_line_spacing(l, (float)spacing);
	pango_layout_set_text(l, s, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(d);
	g_object_unref(l);
}

static void qr(cairo_t *cr, const char *url, double x, double y, double size)
{
	QRcode *c = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;

	if (!c)
		return;
	m = size / (c->width + 8);
	cairo_set_source_rgb(cr, 0, 0, 0);
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

int main(int argc, char **argv)
{
	FILE *in;
	char *line = NULL;
	size_t cap = 0;
	cairo_surface_t *s;
	cairo_t *cr;
	long n = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: baseline DATA.csv OUT.pdf\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	s = cairo_pdf_surface_create(argv[2], 148 * MM, 210 * MM);
	cr = cairo_create(s);
	if (getline(&line, &cap, in) < 0) /* header */
		return 1;
	while (getline(&line, &cap, in) > 0) {
		char *f[N_FIELDS] = {0}, *p = line, when[128];
		struct tm tm = {0};
		int k = 0;

		line[strcspn(line, "\r\n")] = '\0';
		for (char *tok; k < N_FIELDS && (tok = strsep(&p, ",")); k++)
			f[k] = tok;
		if (k != N_FIELDS)
			continue;
		sscanf(f[F_DATE], "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		sscanf(f[F_TIME], "%d:%d", &tm.tm_hour, &tm.tm_min);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		mktime(&tm);
		strftime(when, sizeof when, "%A, %B %-d, %Y · %-I:%M %p", &tm);
		{
			char venue[512];
			snprintf(venue, sizeof venue, "%s, %s", f[F_VENUE], f[F_CITY]);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_paint(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			text(cr, f[F_TITLE], "Noto Sans Display Bold 34", 12 * MM, 14 * MM, 124 * MM, PANGO_ALIGN_LEFT, 0);
			text(cr, f[F_SUBTITLE], "Noto Sans 20", 12 * MM, 50 * MM, 124 * MM, PANGO_ALIGN_CENTER, 0);
			text(cr, when, "Noto Sans Display Bold 15", 12 * MM, 68 * MM, 124 * MM, PANGO_ALIGN_LEFT, 0);
			text(cr, venue, "Noto Sans 13", 12 * MM, 79 * MM, 124 * MM, PANGO_ALIGN_LEFT, 0);
			text(cr, f[F_BODY], "Noto Sans 11", 12 * MM, 92 * MM, 124 * MM, PANGO_ALIGN_LEFT, 1.2);
			qr(cr, f[F_URL], 56.5 * MM, 160 * MM, 35 * MM);
		}
		cairo_show_page(cr);
		n++;
	}
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
