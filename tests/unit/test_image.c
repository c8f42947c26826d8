/* test_image.c — unit tests for image.c. Makes its own small images (PNG by
 * cairo, JPEG by gdk-pixbuf, SVG as text) in a temporary folder, then checks
 * what SPEC and image.h promise: type from content, intrinsic size, fit and
 * cover keep the aspect ratio, alpha premultiplied correctly, JPEG embedded
 * as-is (DCTDecode) and SVG kept vector in a PDF, errors for a file that is
 * not an image, a missing file and an oversized image (rejected from its
 * header, before decoding), and SVG references to other files not loaded. */
#include "check.h"
#include "base/config.h"
#include "base/error.h"
#include "draw/image.h"

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static const char *tmp_path(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
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

static int count(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	int c = 0;

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			c++;
	return c;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *d = cairo_image_surface_get_data(s);

	return ((const uint32_t *)(const void *)(d + (size_t)y * (size_t)cairo_image_surface_get_stride(s)))[x];
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static size_t png_chunk(unsigned char *out, const char *type, const unsigned char *data, uint32_t n)
{
	uint32_t crc;

	out[0] = (unsigned char)(n >> 24), out[1] = (unsigned char)(n >> 16);
	out[2] = (unsigned char)(n >> 8), out[3] = (unsigned char)n;
	memcpy(out + 4, type, 4);
	if (n)
		memcpy(out + 8, data, n);
	crc = crc32_of(out + 4, n + 4);
	out[8 + n] = (unsigned char)(crc >> 24), out[9 + n] = (unsigned char)(crc >> 16);
	out[10 + n] = (unsigned char)(crc >> 8), out[11 + n] = (unsigned char)crc;
	return 12 + n;
}

/* A 16×16 progressive JPEG (cjpeg -progressive -optimize -quality 50). */
static const char progressive_jpeg[] =
	"\xff\xd8\xff\xe0\x00\x10\x4a\x46\x49\x46\x00\x01\x01\x00\x00\x01\x00\x01"
	"\x00\x00\xff\xdb\x00\x43\x00\x10\x0b\x0c\x0e\x0c\x0a\x10\x0e\x0d\x0e\x12"
	"\x11\x10\x13\x18\x28\x1a\x18\x16\x16\x18\x31\x23\x25\x1d\x28\x3a\x33\x3d"
	"\x3c\x39\x33\x38\x37\x40\x48\x5c\x4e\x40\x44\x57\x45\x37\x38\x50\x6d\x51"
	"\x57\x5f\x62\x67\x68\x67\x3e\x4d\x71\x79\x70\x64\x78\x5c\x65\x67\x63\xff"
	"\xdb\x00\x43\x01\x11\x12\x12\x18\x15\x18\x2f\x1a\x1a\x2f\x63\x42\x38\x42"
	"\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63"
	"\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63"
	"\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\x63\xff\xc2\x00\x11"
	"\x08\x00\x10\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xc4\x00"
	"\x14\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x04\xff\xc4\x00\x15\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x02\x04\xff\xda\x00\x0c\x03\x01\x00\x02\x10\x03\x10\x00"
	"\x00\x01\x0a\x54\x9a\x4f\xff\xc4\x00\x15\x10\x01\x01\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xff\xda\x00\x08\x01\x01\x00"
	"\x01\x05\x02\x22\x22\x22\x22\xff\xc4\x00\x16\x11\x00\x03\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x04\xff\xda\x00\x08\x01"
	"\x03\x01\x01\x3f\x01\x9d\xe7\xff\xc4\x00\x16\x11\x00\x03\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x03\xff\xda\x00\x08\x01"
	"\x02\x01\x01\x3f\x01\x6a\x9f\xff\xc4\x00\x14\x10\x01\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20\xff\xda\x00\x08\x01\x01\x00"
	"\x06\x3f\x02\x1f\xff\xc4\x00\x14\x10\x01\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x20\xff\xda\x00\x08\x01\x01\x00\x01\x3f\x21"
	"\x0a\xbf\xff\xda\x00\x0c\x03\x01\x00\x02\x00\x03\x00\x00\x00\x10\x5f\xff"
	"\xc4\x00\x16\x11\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x21\x31\xff\xda\x00\x08\x01\x03\x01\x01\x3f\x10\x83\x3f\xff"
	"\xc4\x00\x14\x11\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\xff\xda\x00\x08\x01\x02\x01\x01\x3f\x10\x7f\xff\xc4\x00\x16"
	"\x10\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x21\x31\xff\xda\x00\x08\x01\x01\x00\x01\x3f\x10\x82\x20\x88\x22\x08\xff"
	"\xd9";

/* An APP1 Exif segment with one tag, Orientation = 6 (turn 90° clockwise
 * to view): TIFF header "II*", IFD at 8, one SHORT entry 0x0112. */
static const unsigned char exif_rot90[] = {
	0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
	'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

static void make_files(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 20);
	cairo_t *cr = cairo_create(s);
	GdkPixbuf *pb;
	GError *gerr = NULL;

	/* PNG 40×20: left half opaque red, right half blue at 50 % alpha. */
	cairo_set_source_rgba(cr, 1, 0, 0, 1);
	cairo_rectangle(cr, 0, 0, 20, 20);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, 0, 0, 1, 0.5);
	cairo_rectangle(cr, 20, 0, 20, 20);
	cairo_fill(cr);
	cairo_destroy(cr);
	cairo_surface_write_to_png(s, tmp_path("pic.png"));
	cairo_surface_destroy(s);

	/* A fully red opaque PNG, for the "references are not loaded" test. */
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_write_to_png(s, tmp_path("red.png"));
	cairo_surface_destroy(s);

	/* JPEG 30×60, green; saved under a misleading name: type is by content. */
	pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, 30, 60);
	gdk_pixbuf_fill(pb, 0x00a000ff);
	CHECK(gdk_pixbuf_save(pb, tmp_path("photo.png"), "jpeg", &gerr, "quality", "90", NULL));
	if (gerr)
		g_error_free(gerr);
	g_object_unref(pb);

	{
		const char *svg =
			"<?xml version=\"1.0\"?>\n"
			"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\">"
			"<rect width=\"120\" height=\"60\" fill=\"#ff0000\"/></svg>\n";
		const char *vb =
			"\xEF\xBB\xBF  <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 50 100\">"
			"<rect width=\"50\" height=\"100\" fill=\"#0000ff\"/></svg>";
		char ref[2048];
		char ent[1024];

		write_file(tmp_path("logo.svg"), svg, strlen(svg));
		write_file(tmp_path("viewbox.txt"), vb, strlen(vb));
		/* References to other files, absolute and relative, plain and
		 * xlink, and an XInclude: none may be loaded. */
		snprintf(ref, sizeof ref,
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
			 "xmlns:xi=\"http://www.w3.org/2001/XInclude\" width=\"40\" height=\"40\">"
			 "<image href=\"file://%s\" width=\"40\" height=\"40\"/>"
			 "<image xlink:href=\"%s\" width=\"40\" height=\"40\"/>"
			 "<image href=\"red.png\" width=\"40\" height=\"40\"/>"
			 "<xi:include href=\"%s\"/>"
			 "</svg>", tmp_path("red.png"), tmp_path("red.png"), tmp_path("redrect.xml"));
		write_file(tmp_path("ref.svg"), ref, strlen(ref));
		{
			const char *rr = "<rect xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\" fill=\"red\"/>";
			write_file(tmp_path("redrect.xml"), rr, strlen(rr));
		}
		/* An external entity whose text would draw a red square. */
		snprintf(ent, sizeof ent,
			 "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [ <!ENTITY red SYSTEM \"file://%s\"> ]>\n"
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">&red;</svg>\n",
			 tmp_path("redrect.xml"));
		write_file(tmp_path("xxe.svg"), ent, strlen(ent));
		/* An internal entity (Adobe Illustrator writes these) is fine. */
		{
			const char *ie = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [ <!ENTITY ns_svg \"http://www.w3.org/2000/svg\"> ]>\n"
					 "<svg xmlns=\"&ns_svg;\" width=\"10\" height=\"20\"><rect width=\"10\" height=\"20\"/></svg>\n";
			write_file(tmp_path("internal.svg"), ie, strlen(ie));
		}
	}
	write_file(tmp_path("progressive.jpg"), progressive_jpeg, sizeof progressive_jpeg - 1);
	{
		size_t len = 0;
		char *b = slurp(tmp_path("photo.png"), &len), *c;
		if (b && (c = malloc(len + sizeof exif_rot90))) {
			/* SOI, the Exif segment, then the rest of the file. */
			memcpy(c, b, 2);
			memcpy(c + 2, exif_rot90, sizeof exif_rot90);
			memcpy(c + 2 + sizeof exif_rot90, b + 2, len - 2);
			write_file(tmp_path("rotated.jpg"), c, len + sizeof exif_rot90);
			free(c);
		}
		if (b) {
			/* Cut short, and without only its end marker. */
			write_file(tmp_path("cut.jpg"), b, len * 2 / 3);
			write_file(tmp_path("noeoi.jpg"), b, len - 2);
		}
		free(b);
	}
	write_file(tmp_path("notes.svg"), "hello, this is text\n", 20);
	write_file(tmp_path("gif.png"), "GIF89a\x01\x00\x01\x00", 10);

	/* A PNG whose header claims 100000 × 100000 pixels (40 GB decoded):
	 * signature, IHDR, the start of an IDAT, IEND. */
	{
		unsigned char buf[256], ihdr[13] = { 0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 6, 0, 0, 0 };
		unsigned char idat[16] = { 0x78, 0x9c, 0x63, 0x60 };
		size_t n = 8;

		memcpy(buf, "\x89PNG\r\n\x1a\n", 8);
		n += png_chunk(buf + n, "IHDR", ihdr, 13);
		n += png_chunk(buf + n, "IDAT", idat, sizeof idat);
		n += png_chunk(buf + n, "IEND", NULL, 0);
		write_file(tmp_path("huge.png"), buf, n);
	}
}

static void check_aspect(const double out[4], double ratio)
{
	CHECK(out[2] > 0 && out[3] > 0);
	CHECK(out[3] > 0 && (out[2] / out[3] - ratio) < 1e-9 && (out[2] / out[3] - ratio) > -1e-9);
}

static void loads(void)
{
	pl_error err = {0};
	pl_image *png = pl_image_load(tmp_path("pic.png"), &err);
	pl_image *jpg = pl_image_load(tmp_path("photo.png"), &err);
	pl_image *svg = pl_image_load(tmp_path("logo.svg"), &err);
	pl_image *vb = pl_image_load(tmp_path("viewbox.txt"), &err);
	pl_image *ie = pl_image_load(tmp_path("internal.svg"), &err);
	double w = 0, h = 0, out[4];
	cairo_surface_t *s;
	cairo_t *cr;

	CHECK(err.code == PL_OK);
	if (err.code)
		fprintf(stderr, "  error: %s\n", err.msg);
	CHECK(png && jpg && svg && vb && ie);
	if (!png || !jpg || !svg || !vb || !ie)
		goto done;
	CHECK(pl_image_kind_of(png) == PL_IMAGE_PNG);
	CHECK(pl_image_kind_of(jpg) == PL_IMAGE_JPEG);
	CHECK(pl_image_kind_of(svg) == PL_IMAGE_SVG);
	CHECK(pl_image_kind_of(vb) == PL_IMAGE_SVG);
	pl_image_size(png, &w, &h);
	CHECK(w == 40 && h == 20);
	pl_image_size(jpg, &w, &h);
	CHECK(w == 30 && h == 60);
	pl_image_size(svg, &w, &h);
	CHECK(w == 120 && h == 60);
	pl_image_size(vb, &w, &h);
	CHECK(w == 50 && h == 100);
	pl_image_size(ie, &w, &h);
	CHECK(w == 10 && h == 20);

	/* 40 px printed 2 inches wide = 20 dpi; vector = 0. */
	CHECK(pl_image_dpi(png, 144) == 20);
	CHECK(pl_image_dpi(svg, 144) == 0);

	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);

	/* Fit into a 300×100 box: 2:1 → 200×100, centred, then at the start. */
	CHECK(pl_image_draw(png, cr, 0, 0, 300, 100, 0, 0, 0, out, &err) == 0);
	check_aspect(out, 2.0);
	CHECK(out[0] == 50 && out[1] == 0 && out[2] == 200 && out[3] == 100);
	CHECK(pl_image_draw(png, cr, 0, 0, 300, 100, -1, 1, 0, out, &err) == 0);
	CHECK(out[0] == 0 && out[2] == 200);
	CHECK(pl_image_draw(png, cr, 0, 0, 300, 100, 1, 0, 0, out, &err) == 0);
	CHECK(out[0] == 100);
	/* 1:2 JPEG into 300×100: 50×100; aligned at the end horizontally. */
	CHECK(pl_image_draw(jpg, cr, 10, 150, 300, 100, 1, 0, 0, out, &err) == 0);
	check_aspect(out, 0.5);
	CHECK(out[0] == 260 && out[1] == 150 && out[3] == 100);
	/* SVG with only a viewBox, into a wide box. */
	CHECK(pl_image_draw(vb, cr, 0, 0, 250, 77, -1, -1, 0, out, &err) == 0);
	check_aspect(out, 0.5);
	CHECK(out[3] == 77);
	CHECK(pl_image_draw(svg, cr, 0, 0, 100, 300, 0, 0, 0, out, &err) == 0);
	check_aspect(out, 2.0);
	CHECK(out[1] == 125);
	/* Cover: the covered area is the box. */
	CHECK(pl_image_draw(jpg, cr, 0, 0, 300, 100, 0, 0, 1, out, &err) == 0);
	CHECK(out[0] == 0 && out[1] == 0 && out[2] == 300 && out[3] == 100);
	CHECK(err.code == PL_OK);
	cairo_destroy(cr);
	cairo_surface_destroy(s);

	/* Pixels: 1:1 on white. Red stays red; 50 % blue over white is
	 * (127|128, 127|128, 255): premultiplied correctly (a double
	 * premultiply would give a darker blue, none a saturated one). */
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 20);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	CHECK(pl_image_draw(png, cr, 0, 0, 40, 20, 0, 0, 0, NULL, &err) == 0);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	CHECK((pixel(s, 5, 10) & 0xffffff) == 0xff0000);
	{
		uint32_t p = pixel(s, 30, 10);
		unsigned r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
		CHECK(r >= 126 && r <= 129 && g >= 126 && g <= 129 && b == 255);
	}
	cairo_surface_destroy(s);

	/* The JPEG's pixels, and the SVG's. */
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 120, 60);
	cr = cairo_create(s);
	CHECK(pl_image_draw(jpg, cr, 0, 0, 30, 60, 0, 0, 0, NULL, &err) == 0);
	CHECK(pl_image_draw(svg, cr, 30, 0, 90, 45, -1, -1, 0, NULL, &err) == 0);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	{
		uint32_t p = pixel(s, 15, 30);
		CHECK(((p >> 16) & 255) < 10 && ((p >> 8) & 255) > 0x90 && (p & 255) < 10);
	}
	CHECK((pixel(s, 60, 20) & 0xffffff) == 0xff0000);
	cairo_surface_destroy(s);
done:
	pl_image_free(png);
	pl_image_free(jpg);
	pl_image_free(svg);
	pl_image_free(vb);
	pl_image_free(ie);
}

/* A progressive JPEG loads whole; an EXIF-rotated one is turned, and then
 * not embedded as its original (unturned) bytes. */
static void jpeg_variants(void)
{
	pl_error err = {0};
	pl_image *prog = pl_image_load(tmp_path("progressive.jpg"), &err);
	pl_image *rot = pl_image_load(tmp_path("rotated.jpg"), &err);
	double w = 0, h = 0;

	CHECK(err.code == PL_OK);
	if (err.code)
		fprintf(stderr, "  error: %s\n", err.msg);
	CHECK(prog && rot);
	if (prog) {
		const char *path = tmp_path("progressive.pdf");
		cairo_surface_t *s = cairo_pdf_surface_create(path, 200, 200);
		cairo_t *cr = cairo_create(s);
		size_t len = 0;
		char *bytes;

		pl_image_size(prog, &w, &h);
		CHECK(pl_image_kind_of(prog) == PL_IMAGE_JPEG && w == 16 && h == 16);
		CHECK(pl_image_draw(prog, cr, 0, 0, 100, 100, 0, 0, 0, NULL, NULL) == 0);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		bytes = slurp(path, &len);
		CHECK(bytes && count(bytes, len, "/DCTDecode") == 1);
		free(bytes);
	}
	if (rot) {
		const char *path = tmp_path("rotated.pdf");
		cairo_surface_t *s = cairo_pdf_surface_create(path, 200, 200);
		cairo_t *cr = cairo_create(s);
		size_t len = 0;
		char *bytes;

		pl_image_size(rot, &w, &h);
		CHECK(w == 60 && h == 30);
		CHECK(pl_image_draw(rot, cr, 0, 0, 120, 60, 0, 0, 0, NULL, NULL) == 0);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		bytes = slurp(path, &len);
		CHECK(bytes && count(bytes, len, "/Subtype /Image") == 1 && count(bytes, len, "/DCTDecode") == 0);
		free(bytes);
	}
	pl_image_free(prog);
	pl_image_free(rot);
}

/* In a PDF: the JPEG is its own bytes (DCTDecode), the SVG is paths. */
static void pdf(void)
{
	pl_image *jpg = pl_image_load(tmp_path("photo.png"), NULL);
	pl_image *svg = pl_image_load(tmp_path("logo.svg"), NULL);
	const char *jpath = tmp_path("jpeg.pdf"), *spath = tmp_path("svg.pdf");
	cairo_surface_t *s;
	cairo_t *cr;
	char *bytes, *jbytes;
	size_t len = 0, jlen = 0;

	CHECK(jpg && svg);
	if (!jpg || !svg)
		goto done;
	s = cairo_pdf_surface_create(jpath, 300, 300);
	cr = cairo_create(s);
	CHECK(pl_image_draw(jpg, cr, 10, 10, 100, 100, 0, 0, 0, NULL, NULL) == 0);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	bytes = slurp(jpath, &len);
	jbytes = slurp(tmp_path("photo.png"), &jlen);
	CHECK(bytes && jbytes);
	if (bytes && jbytes) {
		CHECK(count(bytes, len, "/Subtype /Image") == 1);
		CHECK(count(bytes, len, "/Filter /DCTDecode") == 1);
		/* The very bytes of the file, not a re-encoding. */
		{
			int found = 0;
			for (size_t i = 0; i + jlen <= len && !found; i++)
				found = !memcmp(bytes + i, jbytes, jlen);
			CHECK(found);
		}
	}
	free(bytes);
	free(jbytes);

	s = cairo_pdf_surface_create(spath, 300, 300);
	cr = cairo_create(s);
	CHECK(pl_image_draw(svg, cr, 10, 10, 100, 100, 0, 0, 0, NULL, NULL) == 0);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	bytes = slurp(spath, &len);
	CHECK(bytes != NULL);
	if (bytes)
		CHECK(count(bytes, len, "/Subtype /Image") == 0);
	free(bytes);
done:
	pl_image_free(jpg);
	pl_image_free(svg);
}

static void errors(void)
{
	pl_error err = {0};
	clock_t t0;

	CHECK(pl_image_load(tmp_path("notes.svg"), &err) == NULL);
	CHECK(err.code == PL_EINPUT && strstr(err.msg, "this file is not an SVG, PNG or JPEG image"));
	pl_error_clear(&err);
	CHECK(pl_image_load(tmp_path("gif.png"), &err) == NULL);
	CHECK(err.code == PL_EINPUT && strstr(err.msg, "not an SVG, PNG or JPEG"));

	pl_error_clear(&err);
	CHECK(pl_image_load(tmp_path("missing.png"), &err) == NULL);
	CHECK(err.code == PL_EIO && strstr(err.msg, tmp_path("missing.png")));

	pl_error_clear(&err);
	CHECK(pl_image_load(dir, &err) == NULL);
	CHECK(err.code == PL_EIO);

	/* Over the byte limit: refused from its size, before reading (a sparse
	 * file, so the test writes nothing). */
	{
		FILE *f = fopen(tmp_path("big.jpg"), "wb");
		if (f) {
			CHECK(ftruncate(fileno(f), PL_MAX_IMAGE_BYTES + 1) == 0);
			fclose(f);
		}
		pl_error_clear(&err);
		CHECK(pl_image_load(tmp_path("big.jpg"), &err) == NULL);
		CHECK(err.code == PL_ELIMIT);
	}

	/* Rejected from the header: fast, and without a 40 GB allocation
	 * (which ASan would report). */
	pl_error_clear(&err);
	t0 = clock();
	CHECK(pl_image_load(tmp_path("huge.png"), &err) == NULL);
	CHECK(err.code == PL_ELIMIT && strstr(err.msg, "100000 × 100000"));
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);

	/* A file cut short is an input error (the loaders would fill the
	 * missing rows without a word). */
	{
		size_t len = 0;
		char *b = slurp(tmp_path("pic.png"), &len);
		if (b) {
			write_file(tmp_path("cut.png"), b, len / 2);
			free(b);
		}
		pl_error_clear(&err);
		CHECK(pl_image_load(tmp_path("cut.png"), &err) == NULL);
		CHECK(err.code == PL_EINPUT && strstr(err.msg, "incomplete"));
		pl_error_clear(&err);
		CHECK(pl_image_load(tmp_path("cut.jpg"), &err) == NULL);
		CHECK(err.code == PL_EINPUT);
		pl_error_clear(&err);
		CHECK(pl_image_load(tmp_path("noeoi.jpg"), &err) == NULL);
		CHECK(err.code == PL_EINPUT && strstr(err.msg, "incomplete"));
	}
}

/* SVG references to other files are not followed (SPEC: no personal data
 * leaks; a layout must not read arbitrary files into a PDF). */
static void svg_safety(void)
{
	pl_error err = {0};
	pl_image *ref = pl_image_load(tmp_path("ref.svg"), &err);
	pl_image *xxe;

	/* Refused with a message naming the first file it uses (a hole in the
	 * picture would go unnoticed); should the scan ever miss one, librsvg,
	 * loading from memory with no base file, still draws none of them. */
	CHECK(ref == NULL && err.code == PL_EINPUT && strstr(err.msg, "uses another file ('file://"));
	if (ref) {
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40, 40);
		cairo_t *cr = cairo_create(s);
		int white = 1;

		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		pl_image_draw(ref, cr, 0, 0, 40, 40, 0, 0, 0, NULL, &err);
		cairo_destroy(cr);
		cairo_surface_flush(s);
		for (int y = 0; y < 40; y++)
			for (int x = 0; x < 40; x++)
				if ((pixel(s, x, y) & 0xffffff) != 0xffffff)
					white = 0;
		CHECK(white);
		cairo_surface_destroy(s);
		pl_image_free(ref);
	}
	pl_error_clear(&err);
	xxe = pl_image_load(tmp_path("xxe.svg"), &err);
	CHECK(xxe == NULL);
	CHECK(err.code == PL_EINPUT && strstr(err.msg, "external entity"));
	pl_image_free(xxe);
}

int main(void)
{
	int rc;

	snprintf(dir, sizeof dir, "/tmp/placard-test-image-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	make_files();
	loads();
	jpeg_variants();
	pdf();
	errors();
	svg_safety();
	rc = CHECK_DONE();
	if (!rc) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	} else {
		fprintf(stderr, "test files kept in %s\n", dir);
	}
	return rc;
}
