/* image.c — logos and pictures for layouts: the one file that uses
 * librsvg and gdk-pixbuf (loaded on first use, lazy.h). The type is read from the file's first bytes, never
 * its name. SVG stays vector (librsvg draws it with cairo, so on a PDF
 * surface it becomes PDF paths); PNG and JPEG are decoded by gdk-pixbuf into
 * a cairo image surface, and a JPEG also keeps its original bytes, which
 * cairo's PDF backend embeds as-is (DCTDecode) instead of re-encoding.
 *
 * Limits (config.h) are checked before the expensive work: file size before
 * reading, pixel count from the header before decoding.
 *
 * SVG safety: the document is loaded from memory with no base file, so
 * librsvg refuses every reference to another file (its URL resolver needs a
 * base; only data: URLs work), and DOCTYPEs that declare external entities
 * (SYSTEM/PUBLIC) are refused before librsvg sees them. */
#include "draw/image.h"
#include "base/config.h"
#include "base/lazy.h"
#include "base/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct pl_image {
	pl_image_kind kind;
	double w, h;              /* intrinsic size: pixels, or CSS px for SVG */
	RsvgHandle *svg;          /* SVG */
	cairo_surface_t *surface; /* PNG, JPEG */
};

/* ---- Reading and sniffing ----------------------------------------------- */

/* The whole file into memory (NUL-terminated), refusing more than
 * PL_MAX_IMAGE_BYTES. The path goes into the message, not err->file: the
 * caller sets that to the data or layout file that named the image. */
static int read_image_file(const char *path, char **out, size_t *len, pl_error *err)
{
	FILE *f;
	struct stat st;
	size_t cap, n = 0, limit = (size_t)PL_MAX_IMAGE_BYTES;
	char *buf;

	*out = NULL;
	/* A FIFO would wait for a writer for ever, a device never end: what is
	 * not a file or a folder is refused before it is opened. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		pl_error_set(err, PL_EIO, "the image '%s' is not a picture file but a %s. Give the name of an SVG, PNG or JPEG file.",
			     path, S_ISFIFO(st.st_mode) ? "named pipe (FIFO)" : S_ISSOCK(st.st_mode) ? "socket" : "device");
		return -1;
	}
	f = fopen(path, "rb");
	if (!f) {
		pl_error_set(err, PL_EIO, "cannot open the image '%s': %s. Check the file name "
			     "(a relative path starts from the data file's folder).", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) != 0) {
		pl_error_set(err, PL_EIO, "cannot read the image '%s': %s.", path, strerror(errno));
		fclose(f);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		fclose(f);
		pl_error_set(err, PL_EIO, "the image '%s' is a folder, not a file.", path);
		return -1;
	}
	if (S_ISREG(st.st_mode) && st.st_size > PL_MAX_IMAGE_BYTES) {
		fclose(f);
		pl_error_set(err, PL_ELIMIT, "the image '%s' is %lld bytes, over placard's limit of %ld MB; "
			     "save it smaller or at a lower quality.", path, (long long)st.st_size,
			     PL_MAX_IMAGE_BYTES / (1024 * 1024));
		return -1;
	}
	/* Sized from stat, growing only if the file grows (or is a pipe). */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 65536;
	buf = malloc(cap);
	for (;;) {
		size_t got;

		if (!buf) {
			fclose(f);
			pl_error_set(err, PL_ENOMEM, "out of memory while reading the image '%s'.", path);
			return -1;
		}
		got = fread(buf + n, 1, cap - 1 - n, f);
		n += got;
		if (n > limit || got == 0 || feof(f) || ferror(f))
			break;
		if (n == cap - 1) {
			size_t ncap = cap * 2 > limit + 2 ? limit + 2 : cap * 2;
			char *nb = realloc(buf, ncap);
			if (!nb)
				free(buf);
			buf = nb;
			cap = ncap;
		}
	}
	if (ferror(f)) {
		pl_error_set(err, PL_EIO, "cannot read the image '%s': %s.", path, strerror(errno));
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	if (n > limit) {
		free(buf);
		pl_error_set(err, PL_ELIMIT, "the image '%s' is over placard's limit of %ld MB; "
			     "save it smaller or at a lower quality.", path, PL_MAX_IMAGE_BYTES / (1024 * 1024));
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, k))
			return hay + i;
	return NULL;
}

/* SVG if, after an optional UTF-8 BOM and white space, the text starts with
 * markup ("<svg", "<?xml", a comment or DOCTYPE) and has an <svg element. */
static int looks_like_svg(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i >= n || s[i] != '<')
		return 0;
	return find_bytes(s + i, n - i, "<svg") != NULL;
}

/* An entity declaration that names an external resource:
 * <!ENTITY name SYSTEM "uri"> or PUBLIC "id" "uri", parameter entities too. */
static int has_external_entity(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = find_bytes(p, (size_t)(end - p), "<!ENTITY")) != NULL) {
		const char *close = find_bytes(p, (size_t)(end - p), ">");
		size_t span = close ? (size_t)(close - p) : (size_t)(end - p);

		if (find_bytes(p, span, "SYSTEM") || find_bytes(p, span, "PUBLIC"))
			return 1;
		p += 8;
	}
	return 0;
}

/* A reference from the SVG to another file: an href (xlink:href, href,
 * <?xml-stylesheet?>, xi:include) or a CSS url() whose target is neither in
 * the document (#id) nor inline (data:). librsvg would skip it (no base
 * file), leaving a hole in the picture without a word; we say so instead.
 * <a href> is a hyperlink, not a file the picture needs; comments are
 * skipped. The first reference is copied into ref. */
static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int has_external_ref(const char *s, size_t n, char *ref, size_t refsz)
{
	for (size_t i = 0; i < n; i++) {
		size_t j, k;
		char close;
		if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			const char *e = find_bytes(s + i + 4, n - i - 4, "-->");
			if (!e)
				return 0;
			i = (size_t)(e - s) + 2;
			continue;
		}
		if (n - i >= 5 && !memcmp(s + i, "href", 4)) {
			for (j = i + 4; j < n && is_space(s[j]); j++)
				;
			if (j >= n || s[j] != '=')
				continue;
			for (j++; j < n && is_space(s[j]); j++)
				;
			if (j >= n || (s[j] != '"' && s[j] != '\''))
				continue;
			close = s[j++];
			for (k = i; k > 0 && i - k < 512 && s[k] != '<'; k--)
				;
			if (s[k] == '<' && k + 2 < n && s[k + 1] == 'a' && is_space(s[k + 2]))
				continue; /* <a href>: a link to click */
		} else if (n - i >= 4 && !memcmp(s + i, "url(", 4)) {
			for (j = i + 4; j < n && is_space(s[j]); j++)
				;
			close = ')';
			if (j < n && (s[j] == '"' || s[j] == '\''))
				close = s[j++];
		} else {
			continue;
		}
		while (j < n && is_space(s[j]))
			j++;
		if (j >= n || s[j] == close || s[j] == '#' || (n - j >= 5 && !memcmp(s + j, "data:", 5)))
			continue;
		for (k = 0; j < n && s[j] != close && s[j] != '\n' && k + 1 < refsz; j++)
			ref[k++] = s[j];
		ref[k] = '\0';
		return 1;
	}
	return 0;
}

/* ---- SVG ----------------------------------------------------------------- */

static int load_svg(pl_image *img, const char *path, const char *data, size_t len, pl_error *err)
{
	GError *gerr = NULL;
	RsvgRectangle viewbox;
	gboolean has_w, has_h, has_vb;
	RsvgLength lw, lh;
	double w = 0, h = 0;
	char ref[80];

	if (pl_rsvg_load(err))
		return -1;
	if (has_external_entity(data, len)) {
		pl_error_set(err, PL_EINPUT, "the SVG '%s' declares an external entity (<!ENTITY … SYSTEM>), "
			     "which placard does not load; export the SVG again without it.", path);
		return -1;
	}
	if (has_external_ref(data, len, ref, sizeof ref)) {
		pl_error_set(err, PL_EINPUT, "the SVG '%s' uses another file ('%s'), which placard does not load, "
			     "so part of the picture would be missing. Embed it in the SVG (Inkscape: Extensions → "
			     "Images → Embed Images), or give a PNG of the whole picture instead.", path, ref);
		return -1;
	}
	/* From memory, with no base file: librsvg then resolves no reference to
	 * another file (relative or file://), only data: URLs. */
	img->svg = pl_rsvg.rsvg_handle_new_from_data((const guint8 *)data, len, &gerr);
	if (!img->svg) {
		pl_error_set(err, PL_EINPUT, "the SVG '%s' cannot be read: %s. Open it in a drawing program "
			     "and save it again.", path, gerr ? gerr->message : "unknown error");
		if (gerr)
			g_error_free(gerr);
		return -1;
	}
	pl_rsvg.rsvg_handle_set_dpi(img->svg, 96);
	/* Width and height in absolute units first; else the viewBox, as a
	 * browser would size an SVG with only a viewBox. */
	if (!pl_rsvg.rsvg_handle_get_intrinsic_size_in_pixels(img->svg, &w, &h) || w <= 0 || h <= 0) {
		pl_rsvg.rsvg_handle_get_intrinsic_dimensions(img->svg, &has_w, &lw, &has_h, &lh, &has_vb, &viewbox);
		if (has_vb && viewbox.width > 0 && viewbox.height > 0) {
			w = viewbox.width;
			h = viewbox.height;
		} else {
			pl_error_set(err, PL_EINPUT, "the SVG '%s' has no size: give its <svg> element a viewBox "
				     "(or a width and height).", path);
			return -1;
		}
	}
	img->w = w;
	img->h = h;
	return 0;
}

/* ---- PNG and JPEG ---------------------------------------------------------- */

struct size_check {
	int width, height;
	int too_big;
	int rows_done;  /* rows the loader reported decoded (area-updated) */
};

/* Called by the loader once the header is read, before any pixel is
 * decoded or allocated. Setting the size to 0×0 makes the png and jpeg
 * loaders stop with an error (as gdk_pixbuf_get_file_info does). */
static void on_size_prepared(GdkPixbufLoader *loader, gint width, gint height, gpointer data)
{
	struct size_check *sc = data;

	sc->width = width;
	sc->height = height;
	if (width <= 0 || height <= 0 || (long long)width * height > PL_MAX_IMAGE_PIXELS) {
		sc->too_big = 1;
		pl_pixbuf.gdk_pixbuf_loader_set_size(loader, 0, 0);
	}
}

/* The loaders report each decoded band of rows; a file cut short ends
 * with rows missing, yet the png loader's close() still succeeds. */
static void on_area_updated(GdkPixbufLoader *loader, gint x, gint y, gint width, gint height, gpointer data)
{
	struct size_check *sc = data;

	(void)loader;
	(void)x;
	(void)width;
	if (y + height > sc->rows_done)
		sc->rows_done = y + height;
}

/* Walk a JPEG's marker segments up to the first scan (SOS): the number of
 * colour components from the frame header (SOFn), and whether an end-of-image
 * marker follows the scan data. In entropy-coded data a 0xFF byte is always
 * followed by 0x00 or a restart marker, so FF D9 there is the real EOI. */
static void jpeg_info(const unsigned char *p, size_t n, int *components, int *complete)
{
	size_t i = 2;

	*components = 0;
	*complete = 0;
	while (i + 4 <= n) {
		unsigned marker, seglen;

		if (p[i] != 0xFF)
			return;
		marker = p[i + 1];
		if (marker == 0xFF) {
			i++;
			continue;
		}
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
			i += 2;
			continue;
		}
		if (marker == 0xD9)
			return;
		seglen = (unsigned)p[i + 2] << 8 | p[i + 3];
		if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
		    marker != 0xCC && i + 9 < n)
			*components = p[i + 9];
		if (marker == 0xDA) {
			for (size_t k = i + 2 + seglen; k + 1 < n; k++)
				if (p[k] == 0xFF && p[k + 1] == 0xD9) {
					*complete = 1;
					return;
				}
			return;
		}
		i += 2 + seglen;
	}
}

/* A cairo surface with the pixbuf's pixels: RGB24 when opaque, else ARGB32
 * with premultiplied alpha (cairo's format), rounded to nearest. */
static cairo_surface_t *surface_from_pixbuf(const GdkPixbuf *pb)
{
	int w = pl_pixbuf.gdk_pixbuf_get_width(pb), h = pl_pixbuf.gdk_pixbuf_get_height(pb);
	int nch = pl_pixbuf.gdk_pixbuf_get_n_channels(pb), alpha = pl_pixbuf.gdk_pixbuf_get_has_alpha(pb);
	int sstride = pl_pixbuf.gdk_pixbuf_get_rowstride(pb), dstride;
	const guint8 *src = pl_pixbuf.gdk_pixbuf_read_pixels(pb);
	cairo_surface_t *s = cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
	unsigned char *dst;

	if (cairo_surface_status(s)) {
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_surface_flush(s);
	dst = cairo_image_surface_get_data(s);
	dstride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		const guint8 *sp = src + (size_t)y * (size_t)sstride;
		uint32_t *dp = (uint32_t *)(void *)(dst + (size_t)y * (size_t)dstride);
		for (int x = 0; x < w; x++, sp += nch) {
			uint32_t r = sp[0], g = sp[1], b = sp[2], a = 255;
			if (alpha) {
				a = sp[3];
				r = (r * a + 127) / 255;
				g = (g * a + 127) / 255;
				b = (b * a + 127) / 255;
			}
			dp[x] = a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

static int load_raster(pl_image *img, const char *path, char *data, size_t len, pl_error *err)
{
	const char *type = img->kind == PL_IMAGE_PNG ? "png" : "jpeg";
	const char *name = img->kind == PL_IMAGE_PNG ? "PNG" : "JPEG";
	struct size_check sc = {0, 0, 0, 0};
	GdkPixbufLoader *loader;
	GdkPixbuf *pb, *oriented = NULL;
	GError *gerr = NULL;
	const char *orientation;
	size_t off = 0;
	int ok = 1, components = 0, complete = 1;

	if (pl_pixbuf_load(err))
		return -1;
	/* The loader of the detected type only: gdk-pixbuf never gets to guess
	 * (and pick a loader for some other, riskier format). */
	loader = pl_pixbuf.gdk_pixbuf_loader_new_with_type(type, &gerr);
	if (!loader) {
		pl_error_set(err, PL_EDEP, "gdk-pixbuf has no %s loader (%s); install the "
			     "libgdk-pixbuf2.0 package's loaders.", name, gerr ? gerr->message : "");
		if (gerr)
			g_error_free(gerr);
		return -1;
	}
	g_signal_connect(loader, "size-prepared", G_CALLBACK(on_size_prepared), &sc);
	g_signal_connect(loader, "area-updated", G_CALLBACK(on_area_updated), &sc);
	/* In chunks, so the header is parsed, and the size checked, before the
	 * bulk of the data is handed over. */
	while (off < len && ok && !sc.too_big) {
		size_t chunk = len - off < 65536 ? len - off : 65536;
		ok = pl_pixbuf.gdk_pixbuf_loader_write(loader, (const guchar *)data + off, chunk, &gerr);
		off += chunk;
	}
	/* A failed write has already closed the loader (gdk-pixbuf 2.42);
	 * closing it twice is a GLib critical. */
	if (ok && !sc.too_big)
		ok = pl_pixbuf.gdk_pixbuf_loader_close(loader, &gerr);
	else if (ok)
		pl_pixbuf.gdk_pixbuf_loader_close(loader, NULL);
	if (sc.too_big) {
		pl_error_set(err, PL_ELIMIT, "the image '%s' is %d × %d pixels, over placard's limit of %ld "
			     "megapixels; scale it down (300 dpi at the printed size is enough).", path,
			     sc.width, sc.height, PL_MAX_IMAGE_PIXELS / (1024 * 1024));
		if (gerr)
			g_error_free(gerr);
		g_object_unref(loader);
		return -1;
	}
	pb = ok ? pl_pixbuf.gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
	if (img->kind == PL_IMAGE_JPEG)
		jpeg_info((const unsigned char *)data, len, &components, &complete);
	/* Cut short: the png loader leaves the missing rows empty and the jpeg
	 * loader fills them with grey, both without an error. */
	if (pb && (sc.rows_done < pl_pixbuf.gdk_pixbuf_get_height(pb) || (img->kind == PL_IMAGE_JPEG && !complete))) {
		pl_error_set(err, PL_EINPUT, "the %s image '%s' is incomplete (the file is cut short); "
			     "save or download it again.", name, path);
		g_object_unref(loader);
		return -1;
	}
	if (!pb) {
		pl_error_set(err, PL_EINPUT, "the %s image '%s' cannot be read: %s. Open it in an image "
			     "program and save it again.", name, path,
			     gerr ? gerr->message : "it is damaged or incomplete");
		if (gerr)
			g_error_free(gerr);
		g_object_unref(loader);
		return -1;
	}
	/* A photo's EXIF orientation: turn the pixels as a viewer would. */
	orientation = pl_pixbuf.gdk_pixbuf_get_option(pb, "orientation");
	if (orientation && strcmp(orientation, "1") != 0)
		oriented = pl_pixbuf.gdk_pixbuf_apply_embedded_orientation(pb);
	img->surface = surface_from_pixbuf(oriented ? oriented : pb);
	img->w = pl_pixbuf.gdk_pixbuf_get_width(oriented ? oriented : pb);
	img->h = pl_pixbuf.gdk_pixbuf_get_height(oriented ? oriented : pb);
	if (oriented)
		g_object_unref(oriented);
	g_object_unref(loader);
	if (!img->surface) {
		pl_error_set(err, PL_ENOMEM, "out of memory for the image '%s'.", path);
		return -1;
	}
	/* The original JPEG bytes go into the PDF as they are (no second lossy
	 * encoding, and far smaller than a Flate raster). Not when the pixels
	 * were turned for EXIF orientation (the bytes are not turned), nor for
	 * 4-component (CMYK/YCCK) JPEGs, whose Adobe inversion cairo 1.16 does
	 * not describe in the PDF. */
	if (img->kind == PL_IMAGE_JPEG && !oriented && components != 4) {
		if (cairo_surface_set_mime_data(img->surface, CAIRO_MIME_TYPE_JPEG, (const unsigned char *)data,
						len, free, data) == CAIRO_STATUS_SUCCESS)
			return 1; /* data now belongs to the surface */
	}
	return 0;
}

/* ---- Public API ------------------------------------------------------------ */

pl_image *pl_image_load(const char *path, pl_error *err)
{
	pl_image *img;
	char *data;
	size_t len;
	const unsigned char *u;
	int rc;

	if (read_image_file(path, &data, &len, err) < 0)
		return NULL;
	img = calloc(1, sizeof *img);
	if (!img) {
		free(data);
		pl_error_set(err, PL_ENOMEM, "out of memory for the image '%s'.", path);
		return NULL;
	}
	u = (const unsigned char *)data;
	if (len >= 8 && !memcmp(u, "\x89PNG\r\n\x1a\n", 8)) {
		img->kind = PL_IMAGE_PNG;
	} else if (len >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF) {
		img->kind = PL_IMAGE_JPEG;
	} else if (looks_like_svg(data, len)) {
		img->kind = PL_IMAGE_SVG;
	} else {
		free(data);
		free(img);
		pl_error_set(err, PL_EINPUT, "'%s': this file is not an SVG, PNG or JPEG image. Export the picture as PNG (or SVG, JPEG) and give that file.", path);
		return NULL;
	}
	if (img->kind == PL_IMAGE_SVG)
		rc = load_svg(img, path, data, len, err);
	else
		rc = load_raster(img, path, data, len, err);
	if (rc != 1)
		free(data);
	if (rc < 0) {
		pl_image_free(img);
		return NULL;
	}
	return img;
}

void pl_image_free(pl_image *img)
{
	if (!img)
		return;
	if (img->svg)
		g_object_unref(img->svg);
	if (img->surface)
		cairo_surface_destroy(img->surface);
	free(img);
}

pl_image_kind pl_image_kind_of(const pl_image *img)
{
	return img->kind;
}

void pl_image_size(const pl_image *img, double *w, double *h)
{
	if (w)
		*w = img->w;
	if (h)
		*h = img->h;
}

int pl_image_draw(const pl_image *img, cairo_t *cr, double x, double y, double w, double h,
		  int halign, int valign, int cover, double out[4], pl_error *err)
{
	double sx = w / img->w, sy = h / img->h;
	double s = cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
	double dw = img->w * s, dh = img->h * s;
	double dx = x + (w - dw) * (halign < 0 ? 0 : halign > 0 ? 1 : 0.5);
	double dy = y + (h - dh) * (valign < 0 ? 0 : valign > 0 ? 1 : 0.5);

	if (w <= 0 || h <= 0 || img->w <= 0 || img->h <= 0) {
		if (out)
			out[0] = x, out[1] = y, out[2] = 0, out[3] = 0;
		return 0;
	}
	cairo_save(cr);
	if (cover) {
		cairo_rectangle(cr, x, y, w, h);
		cairo_clip(cr);
	}
	if (img->svg) {
		/* render_document fits the SVG's viewBox into the viewport with
		 * its preserveAspectRatio; the viewport already has the SVG's own
		 * proportions, so it fills it. */
		RsvgRectangle vp = { dx, dy, dw, dh };
		GError *gerr = NULL;

		if (!pl_rsvg.rsvg_handle_render_document(img->svg, cr, &vp, &gerr)) {
			cairo_restore(cr);
			pl_error_set(err, PL_EINPUT, "the SVG image cannot be drawn: %s.",
				     gerr ? gerr->message : "unknown error");
			if (gerr)
				g_error_free(gerr);
			return -1;
		}
	} else {
		cairo_translate(cr, dx, dy);
		cairo_scale(cr, s, s);
		cairo_set_source_surface(cr, img->surface, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
	}
	cairo_restore(cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		pl_error_set(err, PL_EIO, "drawing the image failed: %s.",
			     cairo_status_to_string(cairo_status(cr)));
		return -1;
	}
	if (out) {
		if (cover) {
			out[0] = x, out[1] = y, out[2] = w, out[3] = h;
		} else {
			out[0] = dx, out[1] = dy, out[2] = dw, out[3] = dh;
		}
	}
	return 0;
}

double pl_image_dpi(const pl_image *img, double printed_w_pt)
{
	if (img->kind == PL_IMAGE_SVG || printed_w_pt <= 0)
		return 0;
	return img->w / (printed_w_pt / 72.0);
}
