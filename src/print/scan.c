/* scan.c — QR decoding for preflight and tests: the one file that includes
 * libzbar. A rendered page (a cairo image surface) is turned into 8-bit grey
 * (zbar's "Y800"), composited over white as paper would show it, and handed
 * to zbar's image scanner with only the QR symbology enabled. */
#include "print/scan.h"
#include "base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zbar.h>

/* Grey level of a pixel over white paper, ITU-R BT.601 weights in 8.8
 * fixed point (77 + 150 + 29 = 256). Premultiplied channels: over white,
 * c' = c + (255 - a). */
static unsigned char grey_of(uint32_t px, int has_alpha)
{
	unsigned a = has_alpha ? px >> 24 : 255;
	unsigned r = ((px >> 16) & 0xff) + 255 - a;
	unsigned g = ((px >> 8) & 0xff) + 255 - a;
	unsigned b = (px & 0xff) + 255 - a;

	return (unsigned char)((r * 77 + g * 150 + b * 29) >> 8);
}

/* An RGB24 copy of any image surface, composited over white; NULL on error. */
static cairo_surface_t *to_rgb24(cairo_surface_t *img)
{
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	cairo_surface_t *out = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr;

	if (cairo_surface_status(out)) {
		cairo_surface_destroy(out);
		return NULL;
	}
	cr = cairo_create(out);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(out);
	return out;
}

/* ---- decode verdicts, per raster ----
 * zbar's answer depends only on the pixels it is given, so a raster that was
 * decoded before (an identical page of a batch: same URL, size, colours and
 * everything drawn over the code) gets the same answer without decoding
 * again. The key is the whole grey raster, compared byte for byte: any
 * difference, such as a block overlapping the code on one page only, is a
 * miss. A few entries per thread (preflight runs in a worker thread too). */
enum { SCAN_CACHE = 8 };
typedef struct scan_entry {
	unsigned char *grey;     /* NULL: empty slot */
	int w, h;
	int n;                   /* codes found */
	char **texts;            /* n decoded strings */
} scan_entry;
static _Thread_local scan_entry scan_cache[SCAN_CACHE];
static _Thread_local unsigned scan_next;

static char **copy_texts(char *const *src, int n)
{
	char **out = calloc((size_t)n + 1, sizeof *out);

	for (int i = 0; out && i < n; i++)
		if (!(out[i] = pl_strdup(src[i]))) {
			pl_scan_free(out);
			return NULL;
		}
	return out;
}

static const scan_entry *cache_find(const unsigned char *grey, int w, int h)
{
	for (int i = 0; i < SCAN_CACHE; i++) {
		const scan_entry *e = &scan_cache[i];
		if (e->grey && e->w == w && e->h == h && !memcmp(e->grey, grey, (size_t)w * (size_t)h))
			return e;
	}
	return NULL;
}

/* Keep grey (taken over) and a copy of texts; on failure grey is freed. */
static void cache_put(unsigned char *grey, int w, int h, char *const *texts, int n)
{
	scan_entry *e = &scan_cache[scan_next++ % SCAN_CACHE];
	char **copy = copy_texts(texts, n);

	if (!copy) {
		free(grey);
		return;
	}
	free(e->grey);
	pl_scan_free(e->texts);
	*e = (scan_entry){grey, w, h, n, copy};
}

void pl_scan_cache_clear(void)
{
	for (int i = 0; i < SCAN_CACHE; i++) {
		free(scan_cache[i].grey);
		pl_scan_free(scan_cache[i].texts);
		scan_cache[i] = (scan_entry){0};
	}
}

unsigned char *pl_scan_grey_replay(cairo_surface_t *rec, int px, int *pw, int *ph)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px, px);
	cairo_t *cr = cairo_create(img);
	unsigned char *grey = NULL;

	*pw = *ph = 0;
	cairo_set_source_rgb(cr, 1, 1, 1); /* paper */
	cairo_paint(cr);
	cairo_set_source_surface(cr, rec, 0, 0);
	cairo_paint(cr);
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS)
		grey = pl_scan_grey_of(img, pw, ph);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	return grey;
}

unsigned char *pl_scan_grey_of(cairo_surface_t *img, int *pw, int *ph)
{
	cairo_surface_t *src = img, *tmp = NULL;
	cairo_format_t fmt;
	unsigned char *grey;
	int w, h, stride;

	*pw = *ph = 0;
	if (!img || cairo_surface_status(img) || cairo_surface_get_type(img) != CAIRO_SURFACE_TYPE_IMAGE)
		return NULL;
	cairo_surface_flush(img);
	fmt = cairo_image_surface_get_format(img);
	if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24) {
		tmp = src = to_rgb24(img);
		if (!src)
			return NULL;
		fmt = CAIRO_FORMAT_RGB24;
	}
	w = cairo_image_surface_get_width(src);
	h = cairo_image_surface_get_height(src);
	stride = cairo_image_surface_get_stride(src);
	if (w <= 0 || h <= 0) {
		cairo_surface_destroy(tmp);
		return malloc(1); /* nothing to decode: 0 codes */
	}
	grey = malloc((size_t)w * (size_t)h);
	if (!grey) {
		cairo_surface_destroy(tmp);
		return NULL;
	}
	{
		const unsigned char *data = cairo_image_surface_get_data(src);
		for (int y = 0; y < h; y++) {
			const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
			for (int x = 0; x < w; x++)
				grey[(size_t)y * (size_t)w + (size_t)x] = grey_of(row[x], fmt == CAIRO_FORMAT_ARGB32);
		}
	}
	cairo_surface_destroy(tmp);
	*pw = w;
	*ph = h;
	return grey;
}

int pl_scan_qr(cairo_surface_t *img, char ***texts)
{
	int w, h;
	unsigned char *grey = pl_scan_grey_of(img, &w, &h);

	*texts = NULL;
	return grey ? pl_scan_grey(grey, w, h, texts) : -1;
}

int pl_scan_grey(unsigned char *grey, int w, int h, char ***texts)
{
	const scan_entry *hit;
	zbar_image_scanner_t *scanner;
	zbar_image_t *zimg;
	const zbar_symbol_t *sym;
	char **out;
	int n, found = 0;

	*texts = NULL;
	if (w <= 0 || h <= 0) {
		free(grey);
		*texts = calloc(1, sizeof **texts);
		return *texts ? 0 : -1;
	}
	if ((hit = cache_find(grey, w, h))) {
		free(grey);
		*texts = copy_texts(hit->texts, hit->n);
		return *texts ? hit->n : -1;
	}

	scanner = zbar_image_scanner_create();
	zimg = zbar_image_create();
	if (!scanner || !zimg) {
		if (scanner)
			zbar_image_scanner_destroy(scanner);
		if (zimg)
			zbar_image_destroy(zimg);
		free(grey);
		return -1;
	}
	zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	/* Raw bytes, not zbar's guess at a character set: a URL is compared
	 * byte for byte with what was encoded (UTF-8 for non-ASCII paths). */
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	/* Every third row and column first: on phone rasters of 8–60 mm codes
	 * (3.5 px or more per module) the codes decode as with every line —
	 * 999 of the 1,000 benchmark flyers on the first pass (every fourth
	 * line: none) — for half the work. When nothing is found, every line,
	 * so a verdict of "does not scan" is always zbar's full-density one. */
	zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_X_DENSITY, 3);
	zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_Y_DENSITY, 3);
	zbar_image_set_format(zimg, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zimg, (unsigned)w, (unsigned)h);
	zbar_image_set_data(zimg, grey, (unsigned long)w * (unsigned long)h, NULL);
	n = zbar_scan_image(scanner, zimg);
	if (n == 0) {
		zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_X_DENSITY, 1);
		zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_Y_DENSITY, 1);
		n = zbar_scan_image(scanner, zimg);
	}
	if (n < 0) {
		zbar_image_destroy(zimg);
		zbar_image_scanner_destroy(scanner);
		free(grey);
		return -1;
	}

	out = calloc((size_t)n + 1, sizeof *out);
	if (out) {
		for (sym = zbar_image_first_symbol(zimg); sym && found < n; sym = zbar_symbol_next(sym)) {
			const char *d = zbar_symbol_get_data(sym);
			unsigned len = zbar_symbol_get_data_length(sym);
			char *s;

			if (zbar_symbol_get_type(sym) != ZBAR_QRCODE || !d)
				continue;
			s = malloc((size_t)len + 1);
			if (!s) {
				pl_scan_free(out);
				out = NULL;
				break;
			}
			memcpy(s, d, len);
			s[len] = '\0';
			out[found++] = s;
		}
	}
	zbar_image_destroy(zimg);
	zbar_image_scanner_destroy(scanner);
	if (!out) {
		free(grey);
		return -1;
	}
	cache_put(grey, w, h, out, found);
	*texts = out;
	return found;
}

void pl_scan_free(char **texts)
{
	if (!texts)
		return;
	for (char **p = texts; *p; p++)
		free(*p);
	free(texts);
}
