/* output.c — where a run's output goes: the format from the name, a name
 * pattern filled from each record ("out/{city}.pdf"), numbered names,
 * whole-or-absent files (a temporary file beside the target, renamed into
 * place when complete: atomic.h), and `placard qr`'s lone code. */
#include "render/render_int.h"

#include <zlib.h>

/* ---- whole-or-absent files ---- */

/* An anonymous temporary file renamed over the target (atomic.h). */
int rn_write_atomic(const char *path, const void *data, size_t n, pl_error *err)
{
	return pl_write_file_atomic(path, data, n, err);
}

/* A PNG page of w × h points at dpi is drawn in memory: refuse one over
 * PL_MAX_RASTER_PIXELS (or cairo's 32767-pixel side) before allocating it. */
int rn_raster_ok(double w_pt, double h_pt, double dpi, const char *out, pl_error *err)
{
	double w = ceil(w_pt * dpi / 72.0), h = ceil(h_pt * dpi / 72.0);
	double fit = floor(dpi * sqrt((double)PL_MAX_RASTER_PIXELS / (w * h)));

	if (w * h <= (double)PL_MAX_RASTER_PIXELS && w <= 32767 && h <= 32767)
		return 0;
	if (w > 32767 || h > 32767)
		fit = fmin(fit, floor(dpi * 32767 / fmax(w, h)));
	pl_error_set(err, PL_ELIMIT, "a PNG of this page at %g dpi would be %.0f × %.0f pixels, over placard's limit "
		     "of %ld megapixels. Lower --dpi (at most %.0f here), or write a PDF, which has no such limit.",
		     dpi, w, h, PL_MAX_RASTER_PIXELS / 1000000, fit);
	pl_error_at(err, out, 0, 0);
	return -1;
}

cairo_status_t rn_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	pl_buf *b = closure;

	pl_buf_add(b, (const char *)data, len);
	return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* ---- output names ---- */


int rn_out_format(const char *out, fmt *f, pl_error *err)
{
	const char *ext = pl_path_ext(out);

	if (!strcasecmp(ext, ".pdf") || !*ext)
		*f = FMT_PDF;
	else if (!strcasecmp(ext, ".png"))
		*f = FMT_PNG;
	else if (!strcasecmp(ext, ".svg"))
		*f = FMT_SVG;
	else {
		pl_error_set(err, PL_EUSAGE, "cannot write '%s' files. Give -o a name ending in .pdf, .png or .svg.", ext);
		return -1;
	}
	return 0;
}

typedef struct name_ctx {
	const pl_record *rec;
} name_ctx;

/* A field value made safe as part of a file name: no folders, no control
 * characters, no characters that other systems refuse. */
static void safe_append(pl_buf *b, const char *v)
{
	size_t start = b->len;

	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;
		if (c < 0x20 || strchr("/\\:*?\"<>|", c))
			c = '_';
		else if (c == ' ')
			c = '-';
		pl_buf_add(b, (const char *)&c, 1);
	}
	if (b->len > start && b->s[start] == '.')
		b->s[start] = '_';
	if (b->len - start > 80) {
		/* Cut to 80 bytes, never inside a UTF-8 character. */
		b->len = start + 80;
		while (b->len > start && ((unsigned char)b->s[b->len] & 0xC0) == 0x80)
			b->len--;
		b->s[b->len] = '\0';
	}
}

/* Expand an -o pattern for one record. Missing fields become "record-N". */
char *rn_pattern_name(const char *pat, const pl_record *r)
{
	pl_buf b = {0};
	const char *s = pat;

	while (*s) {
		const char *close;
		if (*s == '{' && (close = strchr(s, '}'))) {
			char name[128];
			const char *v;
			size_t n = (size_t)(close - s - 1);
			if (n >= sizeof name)
				n = sizeof name - 1;
			memcpy(name, s + 1, n);
			name[n] = '\0';
			v = pl_record_get(r, name);
			if (pl_str_empty(v))
				pl_buf_printf(&b, "record-%d", r->index);
			else
				safe_append(&b, v);
			s = close + 1;
		} else {
			pl_buf_add(&b, s, 1);
			s++;
		}
	}
	return pl_buf_take(&b);
}

/* "out.png" → "out-3.png" */
char *rn_numbered(const char *path, size_t k)
{
	const char *ext = pl_path_ext(path);
	pl_buf b = {0};

	pl_buf_add(&b, path, (size_t)(ext - path));
	pl_buf_printf(&b, "-%zu%s", k, ext);
	return pl_buf_take(&b);
}

/* ---- streamed PDF files (pdfstream.h) ---- */

/* A temporary file in the folder of `path` (so the final rename stays on
 * one file system), opened for writing: anonymous when asked (atomic.h),
 * so that a killed run leaves nothing behind. */
FILE *rn_temp_beside(const char *path, pl_atomic **at, int anonymous, pl_error *err)
{
	pl_atomic *a = calloc(1, sizeof *a);
	int fd = -1;
	FILE *fp = NULL;

	*at = NULL;
	if (!a) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	if (pl_atomic_open(a, path, anonymous, err)) {
		free(a);
		return NULL;
	}
	/* stdio gets its own descriptor: the handle's stays open for commit */
	if ((fd = dup(a->fd)) < 0 || !(fp = fdopen(fd, "wb"))) {
		pl_error_set(err, PL_EIO, "cannot create the output file (%s).", strerror(errno));
		pl_error_at(err, path, 0, 0);
		if (fd >= 0)
			close(fd);
		pl_atomic_abort(a);
		free(a);
		return NULL;
	}
	*at = a;
	return fp;
}

/* Draw the feed's records straight into a temporary PDF file beside
 * `path` (kept in *at): memory stays flat whatever the number of pages. */
int rn_put_in_place(pl_atomic *at, pl_error *err)
{
	int rc = pl_atomic_commit(at, err);

	free(at);
	return rc;
}

int pl_render_qr(const char *url, char ec, double size_pt, const char *out, double dpi, pl_error *err)
{
	fmt f;
	pl_qr *q;
	pl_buf doc = {0};
	cairo_surface_t *s;
	cairo_t *cr;
	double scale, black[3] = {0, 0, 0}, white[3] = {1, 1, 1};
	int rc = -1;

	if (rn_out_format(out, &f, err))
		return -1;
	if (f == FMT_PNG && rn_raster_ok(size_pt, size_pt, dpi, out, err))
		return -1;
	q = pl_qr_new(url, ec, err);
	if (!q)
		return -1;
	scale = f == FMT_PNG ? dpi / 72.0 : 1;
	s = rn_memory_surface(f, &doc, size_pt, size_pt, scale);
	cr = cairo_create(s);
	if (f == FMT_PDF)
		cairo_tag_begin(cr, "Document", NULL);
	cairo_scale(cr, scale, scale);
	pl_qr_draw(q, cr, 0, 0, size_pt, black, white);
	pl_link_area(cr, 0, 0, size_pt, size_pt, url);
	if (f == FMT_PDF)
		cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	if (f == FMT_PNG)
		cairo_surface_write_to_png_stream(s, rn_to_buf, &doc);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS && !doc.oom) {
		if (f == FMT_PDF) {
			pl_pdf_meta m = {.title = url, .date = rn_doc_date()};
			unsigned char *pdf;
			size_t n;
			if (pl_pdf_finish((unsigned char *)doc.s, doc.len, &m, &pdf, &n, err) == 0) {
				rc = rn_write_atomic(out, pdf, n, err);
				free(pdf);
			}
		} else {
			rc = rn_write_atomic(out, doc.s, doc.len, err);
		}
	} else {
		pl_error_set(err, PL_EIO, "could not draw the QR code: %s.", cairo_status_to_string(cairo_surface_status(s)));
	}
	cairo_surface_destroy(s);
	pl_buf_free(&doc);
	pl_qr_free(q);
	return rc;
}

/* ---- PNG colour profile ---- */

static void put_be32(unsigned char *o, unsigned long v)
{
	o[0] = (unsigned char)(v >> 24);
	o[1] = (unsigned char)(v >> 16);
	o[2] = (unsigned char)(v >> 8);
	o[3] = (unsigned char)v;
}

int rn_png_srgb(pl_buf *png, pl_error *err)
{
	static const char name[] = "sRGB"; /* the profile's name, then NUL, then method 0 */
	const size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
	char *icc = NULL;
	size_t icc_len = 0, body, total;
	uLongf zlen;
	unsigned char *chunk;
	uLong crc;
	pl_buf out = {0};

	if (png->len < ihdr_end || memcmp(png->s + 12, "IHDR", 4)) {
		pl_error_set(err, PL_EIO, "could not produce the PNG. This is a bug in placard; please report it.");
		return -1;
	}
	if (pl_read_file(PL_SRGB_ICC, 1L << 20, &icc, &icc_len, err)) {
		pl_error_set(err, PL_EDEP, "the sRGB colour profile %s is missing, and PNG images carry it. "
			     "Install it: apt-get install libgs-common.", PL_SRGB_ICC);
		return -1;
	}
	zlen = compressBound((uLong)icc_len);
	body = sizeof name + 1 + zlen;
	chunk = malloc(4 + 4 + body + 4);
	if (!chunk) {
		free(icc);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	memcpy(chunk + 4, "iCCP", 4);
	memcpy(chunk + 8, name, sizeof name);
	chunk[8 + sizeof name] = 0; /* zlib */
	if (compress2(chunk + 8 + sizeof name + 1, &zlen, (const Bytef *)icc, (uLong)icc_len, 9) != Z_OK) {
		free(icc);
		free(chunk);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	free(icc);
	body = sizeof name + 1 + zlen;
	put_be32(chunk, (unsigned long)body);
	crc = crc32(0L, chunk + 4, (uInt)(4 + body));
	put_be32(chunk + 8 + body, crc);
	total = 4 + 4 + body + 4;
	pl_buf_add(&out, png->s, ihdr_end);
	pl_buf_add(&out, (const char *)chunk, total);
	pl_buf_add(&out, png->s + ihdr_end, png->len - ihdr_end);
	free(chunk);
	if (out.oom) {
		pl_buf_free(&out);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	pl_buf_free(png);
	*png = out;
	return 0;
}

int pl_render_duplex_test(const pl_impose_opts *o, const char *out, pl_error *err)
{
	fmt f;
	pl_buf doc = {0}, cb = {0};
	pl_fonts *fonts;
	char *conf;
	int rc = -1;

	if (rn_out_format(out, &f, err))
		return -1;
	if (f != FMT_PDF) {
		pl_error_set(err, PL_EUSAGE, "duplex-test makes a PDF (two pages to print double-sided). Give -o a name ending in .pdf.");
		return -1;
	}
	pl_buf_printf(&cb, "%s/assets/fonts/fonts.conf", pl_datadir());
	conf = pl_buf_take(&cb);
	fonts = conf ? pl_fonts_new(conf, err) : NULL;
	free(conf);
	if (!fonts)
		return -1;
	if (pl_duplex_test(o, fonts, &doc, err) == 0) {
		pl_pdf_meta m = {.title = "placard duplex test", .date = rn_doc_date()};
		unsigned char *pdf;
		size_t n;
		if (pl_pdf_finish((unsigned char *)doc.s, doc.len, &m, &pdf, &n, err) == 0) {
			rc = rn_write_atomic(out, pdf, n, err);
			free(pdf);
		}
	}
	pl_buf_free(&doc);
	pl_fonts_free(fonts);
	return rc;
}

/* ---- where placard's data is, the document date, surfaces, fonts ---- */

const char *pl_datadir(void)
{
	static char dir[PATH_MAX + 64];
	const char *env = getenv("PLACARD_DATADIR");
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	ssize_t n;

	if (env && *env)
		return env;
	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(probe, sizeof probe, "%s/layouts/flyer-a5.yaml", exe);
			if (access(probe, R_OK) == 0) {
				snprintf(dir, sizeof dir, "%s", exe);
				return dir;
			}
			/* build/placard in a source tree */
			snprintf(probe, sizeof probe, "%s/../layouts/flyer-a5.yaml", exe);
			if (access(probe, R_OK) == 0) {
				snprintf(dir, sizeof dir, "%s/..", exe);
				return dir;
			}
			snprintf(probe, sizeof probe, "%s/../share/placard/layouts/flyer-a5.yaml", exe);
			if (access(probe, R_OK) == 0) {
				snprintf(dir, sizeof dir, "%s/../share/placard", exe);
				return dir;
			}
		}
	}
	snprintf(dir, sizeof dir, "%s", PL_DATADIR);
	return dir;
}

time_t rn_doc_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s && *s) {
		v = strtoll(s, &end, 10);
		if (!*end && v >= 0)
			return (time_t)v;
	}
	return 946684800; /* 2000-01-01: fixed, so the same input gives the same bytes */
}

/* A surface of w × h points whose output collects in `out` (PDF, SVG), or a
 * raster at `scale` pixels per point (PNG, written out by the caller). */
cairo_surface_t *rn_memory_surface(fmt f, pl_buf *out, double w, double h, double scale)
{
	if (f == FMT_PDF)
		return cairo_pdf_surface_create_for_stream(rn_to_buf, out, w, h);
	if (f == FMT_SVG)
		return cairo_svg_surface_create_for_stream(rn_to_buf, out, w, h);
	return cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale), (int)ceil(h * scale));
}

/* The fonts of a run (placard's own set, assets/fonts). */
pl_fonts *rn_fonts(const pl_render_opts *o, pl_error *err)
{
	pl_buf cb = {0};
	char *conf;
	pl_fonts *f;

	pl_buf_printf(&cb, "%s/assets/fonts/fonts.conf", o->datadir);
	conf = pl_buf_take(&cb);
	f = conf ? pl_fonts_new(conf, err) : NULL;
	if (!conf)
		pl_error_set(err, PL_ENOMEM, "out of memory.");
	free(conf);
	return f;
}
