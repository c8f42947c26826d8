/* test_qr.c — unit tests for qr.c and scan.c: encode, draw, decode back
 * (SPEC "Preflight": a QR that does not decode is a finding), and check the
 * geometry that decoding alone does not prove (PRINT-NOTES: zbar decodes
 * codes with no quiet zone): 4-module light border, a module grid equal to
 * the encoder's, and no seams (every pixel pure dark or pure light). Also the
 * too-long error and the PDF link annotation (rect, escaped URI). */
#include "check.h"
#include "base/config.h"
#include "base/error.h"
#include "draw/qr.h"
#include "print/scan.h"
#include "pdf/grommets.h"

#include <cairo-pdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PX = 4 }; /* pixels per module */

static const double BLACK[3] = { 0, 0, 0 }, WHITE[3] = { 1, 1, 1 };

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *d = cairo_image_surface_get_data(s);
	const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)y * (size_t)cairo_image_surface_get_stride(s));

	return row[x] & 0xffffff;
}

static char *decode_one(cairo_surface_t *s)
{
	char **texts = NULL, *t = NULL;
	int n = pl_scan_qr(s, &texts);

	if (n == 1)
		t = strdup(texts[0]);
	pl_scan_free(texts);
	return t;
}

/* Encode, draw at PX pixels a module on white, decode, check the geometry. */
static void round_trip(const char *url, char ec, cairo_format_t fmt, int light)
{
	pl_error err = {0};
	pl_qr *q = pl_qr_new(url, ec, &err);
	int w, total, size, quiet_ok = 1, grid_ok = 1, pure_ok = 1;
	cairo_surface_t *s;
	cairo_t *cr;
	char *got;

	CHECK(q != NULL);
	if (!q) {
		fprintf(stderr, "  error: %s\n", err.msg);
		return;
	}
	w = pl_qr_width(q);
	CHECK(w >= 21 && w <= 177 && (w - 17) % 4 == 0);
	total = w + 2 * PL_QR_QUIET_MODULES;
	size = total * PX;
	s = cairo_image_surface_create(fmt, size, size);
	cr = cairo_create(s);
	if (!light) {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
	}
	pl_qr_draw(q, cr, 0, 0, size, BLACK, light ? WHITE : NULL);
	CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
	CHECK(pl_qr_module(q, size) == PX);
	cairo_destroy(cr);
	cairo_surface_flush(s);

	got = decode_one(s);
	CHECK_STR(got, url);
	free(got);

	for (int y = 0; y < size; y++)
		for (int x = 0; x < size; x++) {
			uint32_t p = pixel(s, x, y);
			int mx = x / PX - PL_QR_QUIET_MODULES, my = y / PX - PL_QR_QUIET_MODULES;
			int in_quiet = mx < 0 || my < 0 || mx >= w || my >= w;
			if (p != 0 && p != 0xffffff)
				pure_ok = 0;
			if (in_quiet && p != 0xffffff)
				quiet_ok = 0;
			/* Every pixel, not only the module's centre: the grid must be
			 * exact when modules fall on whole pixels. */
			if (!in_quiet && (p == 0) != !!pl_qr_dark(q, mx, my))
				grid_ok = 0;
		}
	CHECK(quiet_ok);
	CHECK(grid_ok);
	CHECK(pure_ok);
	cairo_surface_destroy(s);
	pl_qr_free(q);
}

/* A code at an awkward size and offset (modules not on whole pixels) still
 * decodes, and the module centres still match. */
static void off_grid(const char *url)
{
	pl_error err = {0};
	pl_qr *q = pl_qr_new(url, 'M', &err);
	cairo_surface_t *s;
	cairo_t *cr;
	double size, m;
	int centres_ok = 1;
	char *got;

	CHECK(q != NULL);
	if (!q)
		return;
	m = 3.7;
	size = m * (pl_qr_width(q) + 2 * PL_QR_QUIET_MODULES);
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)size + 40, (int)size + 40);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	pl_qr_draw(q, cr, 13.3, 17.6, size, BLACK, NULL);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	got = decode_one(s);
	CHECK_STR(got, url);
	free(got);
	for (int y = 0; y < pl_qr_width(q); y++)
		for (int x = 0; x < pl_qr_width(q); x++) {
			int px = (int)(13.3 + (x + PL_QR_QUIET_MODULES + 0.5) * m);
			int py = (int)(17.6 + (y + PL_QR_QUIET_MODULES + 0.5) * m);
			if ((pixel(s, px, py) < 0x808080) != !!pl_qr_dark(q, x, y))
				centres_ok = 0;
		}
	CHECK(centres_ok);
	cairo_surface_destroy(s);
	pl_qr_free(q);
}

static void errors(void)
{
	pl_error err = {0};
	char *longtext = malloc(4001);
	pl_qr *q;

	memset(longtext, 'a', 4000);
	longtext[4000] = '\0';
	q = pl_qr_new(longtext, 'H', &err);
	CHECK(q == NULL);
	CHECK(err.code == PL_EINPUT);
	CHECK_STR(err.msg, "the URL is too long for a QR code at error-correction level H; "
		  "shorten it (a link shortener works) or use a lower level.");

	/* 1300 bytes fit at L (max 2953) but not at H (max 1273). */
	longtext[1300] = '\0';
	pl_error_clear(&err);
	q = pl_qr_new(longtext, 'H', &err);
	CHECK(q == NULL && err.code == PL_EINPUT);
	pl_error_clear(&err);
	q = pl_qr_new(longtext, 'L', &err);
	CHECK(q != NULL && err.code == PL_OK);
	pl_qr_free(q);

	memset(longtext, 'a', 3001);
	longtext[3001] = '\0';
	pl_error_clear(&err);
	q = pl_qr_new(longtext, 'L', &err);
	CHECK(q == NULL && err.code == PL_EINPUT && strstr(err.msg, "too long"));

	pl_error_clear(&err);
	CHECK(pl_qr_new("https://example.org", 'X', &err) == NULL && err.code == PL_EINPUT);
	pl_error_clear(&err);
	CHECK(pl_qr_new("", 'M', &err) == NULL && err.code == PL_EINPUT);
	q = pl_qr_new("https://example.org", 'm', NULL); /* err may be NULL */
	CHECK(q != NULL);
	pl_qr_free(q);
	CHECK(pl_qr_new(longtext, 'H', NULL) == NULL);
	free(longtext);
	pl_qr_free(NULL);
}

/* A known grid: the finder pattern is 7×7 dark ring, light ring, 3×3 dark
 * core in each of three corners (ISO/IEC 18004 §6.3.3). */
static void finder(void)
{
	pl_qr *q = pl_qr_new("https://example.org/", 'M', NULL);
	int ok = 1, w;

	CHECK(q != NULL);
	if (!q)
		return;
	w = pl_qr_width(q);
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			int ring = x == 0 || y == 0 || x == 6 || y == 6;
			int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			int want = ring || core;
			if (pl_qr_dark(q, x, y) != want || pl_qr_dark(q, w - 7 + x, y) != want ||
			    pl_qr_dark(q, x, w - 7 + y) != want)
				ok = 0;
		}
	CHECK(ok);
	CHECK(pl_qr_dark(q, -1, 0) == 0 && pl_qr_dark(q, w, 0) == 0);
	pl_qr_free(q);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

static int contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return 1;
	return 0;
}

/* A code and its link on a PDF page; the annotation's /Rect is in PDF
 * space (origin bottom-left) and the URI escaped. cairo 1.16 writes
 * annotation dictionaries uncompressed, so they can be read from the bytes. */
static void pdf_link(void)
{
	const char *dir = getenv("PLACARD_TEST_OUT");
	char path[512], cmd[700];
	const char *url = "https://example.org/a b(c)\\d/caf\xc3\xa9";
	cairo_surface_t *pdf;
	cairo_t *cr;
	pl_qr *q = pl_qr_new(url, 'M', NULL);
	size_t len = 0;
	char *bytes;

	/* make test's runner names an output folder; else /tmp. */
	snprintf(path, sizeof path, "%s/qr-link.pdf", dir && *dir ? dir : "/tmp");
	pdf = cairo_pdf_surface_create(path, 200, 300);
	cr = cairo_create(pdf);

	CHECK(q != NULL);
	/* PRINT-NOTES: a document whose only tags are links has a dangling
	 * object unless the page is wrapped in a structure tag. */
	cairo_tag_begin(cr, "Document", NULL);
	cairo_translate(cr, 10, 20);
	cairo_scale(cr, 2, 2);
	pl_qr_draw(q, cr, 10, 20, 50, BLACK, WHITE);
	pl_link_area(cr, 10, 20, 50, 50, url);
	cairo_tag_end(cr, "Document");
	CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	CHECK(cairo_surface_status(pdf) == CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(pdf);
	pl_qr_free(q);

	bytes = slurp(path, &len);
	CHECK(bytes != NULL);
	if (bytes) {
		/* user (10,20)-(60,70) → page (30,60)-(130,160); PDF y = 300 - y. */
		CHECK(contains(bytes, len, "/Rect [ 30 140 130 240 ]"));
		CHECK(contains(bytes, len, "/URI (https://example.org/a%20b%28c%29%5Cd/caf%C3%A9)"));
	}
	free(bytes);
	if (system("command -v qpdf >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
		CHECK(system(cmd) == 0);
	}

	/* Not a PDF surface: nothing happens, nothing breaks. */
	{
		cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
		cairo_t *c2 = cairo_create(img);
		pl_link_area(c2, 0, 0, 10, 10, url);
		CHECK(cairo_status(c2) == CAIRO_STATUS_SUCCESS);
		cairo_destroy(c2);
		cairo_surface_destroy(img);
	}
}

/* A logo's pad (issue 14): capped from the module grid, odd, off the 9 x 9
 * corners and the timing lines, and every style with the largest pad still
 * decodes; level H is what the code was made at. */
static void logo_cap(void)
{
	char url[200];

	for (int len = 20; len <= 160; len += 7) {
		pl_error e = {0};
		pl_qr *q;
		int w, cap;

		snprintf(url, sizeof url, "https://example.org/%.*s", len - 20,
			 "abcdefghij0123456789klmnopqrstuvwxyz-_/abcdefghij0123456789klmnopqrstuvwxyz-_/"
			 "abcdefghij0123456789klmnopqrstuvwxyz-_/abcdefghij0123456789klmnopqrstuvwxyz");
		q = pl_qr_new(url, 'H', &e);
		CHECK(q != NULL);
		if (!q)
			continue;
		CHECK(pl_qr_ec(q) == 'H');
		w = pl_qr_width(q);
		cap = pl_qr_logo_cap(q);
		CHECK(cap == 0 || cap >= PL_QR_LOGO_MIN_PAD);
		CHECK(cap == 0 || (cap & 1) == (w & 1));
		CHECK((w - cap) / 2 >= 9);
		CHECK(cap * cap <= PL_QR_LOGO_MAX_SHARE * w * w + 1e-9);
		for (int st = PL_QR_SQUARE; st <= PL_QR_DOTS; st++) {
			int px = (w + 8) * PX;
			cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px, px);
			cairo_t *cr = cairo_create(img);
			static const double black[3] = {0, 0, 0}, white[3] = {1, 1, 1};
			char **texts = NULL;
			int n;

			pl_qr_draw_styled(q, cr, 0, 0, px, black, white, (pl_qr_style)st, cap);
			cairo_destroy(cr);
			/* the pad's middle is light, a finder's corner dark */
			cairo_surface_flush(img);
			{
				unsigned char *d = cairo_image_surface_get_data(img);
				int stride = cairo_image_surface_get_stride(img), c = px / 2;
				if (cap) CHECK(d[c * stride + 4 * c] > 200);
				CHECK(d[(4 * PX + 1) * stride + 4 * (4 * PX + 1)] < 50);
			}
			n = pl_scan_qr(img, &texts);
			CHECK(n >= 1 && !strcmp(texts[0], url));
			pl_scan_free(texts);
			cairo_surface_destroy(img);
		}
		pl_qr_free(q);
	}
}

/* Grommet marks: corners 25 mm in, evenly between, at most 50 cm apart. */
static void grommets(void)
{
	double xy[128], mm = PL_MM_TO_PT;
	size_t n = pl_grommet_positions(2000 * mm, 1000 * mm, xy, 64);

	CHECK(n == 12);
	for (size_t i = 1; i < n && i < 64; i++) {
		double x = xy[2 * i] / mm, y = xy[2 * i + 1] / mm;
		CHECK(x >= 24.99 && x <= 1975.01 && y >= 24.99 && y <= 975.01);
		CHECK(x < 25.01 || x > 1974.99 || y < 25.01 || y > 974.99); /* on an edge */
	}
	CHECK(pl_grommet_positions(3000 * mm, 900 * mm, xy, 64) == 16);
	CHECK(pl_grommet_positions(40 * mm, 40 * mm, xy, 64) == 0);
}

int main(void)
{
	char long_url[301];
	const char *base = "https://example.org/events/2021/berlin/oranienplatz?ref=";

	/* A 300-character URL, varied so it is not one long run of a letter. */
	strcpy(long_url, base);
	for (size_t i = strlen(base); i < 300; i++)
		long_url[i] = "abcdefghijklmnopqrstuvwxyz0123456789-_"[(i * 7) % 38];
	long_url[300] = '\0';

	round_trip("https://example.org/e", 'M', CAIRO_FORMAT_RGB24, 0);
	round_trip("https://example.org/e", 'L', CAIRO_FORMAT_ARGB32, 1);
	round_trip(long_url, 'M', CAIRO_FORMAT_RGB24, 1);
	round_trip(long_url, 'H', CAIRO_FORMAT_ARGB32, 0);
	round_trip("https://example.org/\xc3\xa9v\xc3\xa9nements/\xd8\xa8\xd8\xb1\xd9\x84\xd9\x8a\xd9\x86", 'Q',
		   CAIRO_FORMAT_RGB24, 1);
	round_trip("HTTPS://EXAMPLE.ORG/ABC123", 'M', CAIRO_FORMAT_RGB24, 0);
	off_grid(long_url);
	off_grid("https://example.org/e");
	errors();
	finder();
	pdf_link();
	logo_cap();
	grommets();
	return CHECK_DONE();
}
