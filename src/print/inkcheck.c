/* inkcheck.c — see inkcheck.h. Severities: ink over the limit, RGB left,
 * fonts not embedded and transparency in X-3/X-1a are errors (the shop's
 * preflight rejects the file); small near-black text and thin lines are
 * warnings (it prints, but badly). */
#include "print/inkcheck.h"
#include "base/config.h"
#include "base/util.h"
#include "pdf/gs.h"
#include "pdf/pdfaudit.h"
#include "pdf/pdfx.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *layout_name(const pl_layout *l)
{
	const char *n = l->path ? l->path : l->name ? l->name : "";
	if (l->name && strstr(n, "/layouts/"))
		return l->name; /* built-in: its name says enough */
	return n;
}

static int add(pl_diag *d, const pl_record *rec, const char *field, pl_code code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int add(pl_diag *d, const pl_record *rec, const char *field, pl_code code, const char *fmt, ...)
{
	pl_error e = {0};
	const pl_field *fl = field && *field ? pl_record_find(rec, field, NULL) : NULL;
	va_list ap;

	e.code = code;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	pl_error_field(&e, rec->index, field && *field ? field : NULL);
	pl_error_at(&e, rec->source, fl ? fl->line : rec->line, fl ? fl->col : 0);
	return pl_diag_add(d, &e);
}

/* ---- from the page's items ---- */

int pl_shop_check_page(const pl_shop_check *c, const pl_record *rec, const pl_page_items *items,
		       pl_diag *findings, pl_error *err)
{
	const char *ln = layout_name(c->layout);
	int rc = 0;

	for (size_t i = 0; i < items->n && rc == 0; i++) {
		const pl_page_item *it = &items->v[i];
		const double *v = it->rgb;
		bool pure = v[0] == 0 && v[1] == 0 && v[2] == 0;
		double hi = fmax(v[0], fmax(v[1], v[2])), lo = fmin(v[0], fmin(v[1], v[2]));
		/* meant as black: dark and without a hue (a navy is a colour) */
		if (it->kind == PL_ITEM_TEXT && it->size_pt < 12 && !pure && hi <= 0.2 && hi - lo <= 0.06) {
			char hex[8];
			snprintf(hex, sizeof hex, "#%02x%02x%02x", (int)lround(v[0] * 255), (int)lround(v[1] * 255),
				 (int)lround(v[2] * 255));
			rc = add(findings, rec, it->field, PL_EWARN,
				 "the text \"%s\" is %.1f pt in %s, a near-black that converts to four inks (C, M, Y and K); at under 12 pt it blurs when the plates are a hair out of line. Make it pure black #000000, which prints in black ink only: change the theme colour, or the layout %s (line %d).",
				 it->excerpt, it->size_pt, hex, ln, it->line);
		} else if (it->kind == PL_ITEM_LINE && it->size_pt < 0.25) {
			rc = add(findings, rec, NULL, PL_EWARN,
				 "a line of the layout %s (line %d) is %.2g pt thin; presses print lines under 0.25 pt broken or not at all. Make its stroke_width at least 0.25pt.",
				 ln, it->line, it->size_pt);
		}
	}
	if (rc)
		pl_error_set(err, PL_ENOMEM, "out of memory while checking the page.");
	return rc;
}

/* ---- total area coverage from a tiff32nc raster ---- */

typedef struct tiff {
	const unsigned char *p;
	size_t n;
	bool le;
} tiff;

static uint32_t rd(const tiff *t, size_t off, int bytes)
{
	uint32_t v = 0;

	if (off + (size_t)bytes > t->n)
		return 0;
	for (int i = 0; i < bytes; i++)
		v |= (uint32_t)t->p[off + (size_t)i] << (8 * (t->le ? i : bytes - 1 - i));
	return v;
}

/* The value of a tag (count 1) or the offset of its array; `type` out. */
static uint32_t tag(const tiff *t, size_t ifd, uint16_t want, uint32_t *count, uint16_t *type)
{
	uint32_t n = rd(t, ifd, 2);

	for (uint32_t i = 0; i < n; i++) {
		size_t e = ifd + 2 + 12 * i;
		if (rd(t, e, 2) != want)
			continue;
		*type = (uint16_t)rd(t, e + 2, 2);
		*count = rd(t, e + 4, 4);
		if (*count == 1)
			return *type == 3 ? rd(t, e + 8, 2) : rd(t, e + 8, 4);
		return rd(t, e + 8, 4);
	}
	*count = 0;
	return 0;
}

static uint32_t item(const tiff *t, uint32_t off, uint32_t count, uint16_t type, uint32_t i)
{
	if (count == 1)
		return off;
	return type == 3 ? rd(t, off + 2 * i, 2) : rd(t, off + 4 * i, 4);
}

/* Highest C+M+Y+K (0 … 1020) of an uncompressed 8-bit CMYK TIFF, and the
 * bounding box (pixels) of those over `limit`: bb[0] > bb[2] when none.
 * -1 when it is not such a TIFF. */
static int tiff_tac(const unsigned char *p, size_t n, int limit, int *max, int bb[4])
{
	tiff t = {p, n, n > 4 && p[0] == 'I'};
	uint32_t cnt, cnt2, w, h, rows, offs, sizes, comp;
	uint16_t ty, ty2;
	size_t ifd;
	uint32_t y = 0;

	if (n < 8)
		return -1;
	ifd = rd(&t, 4, 4);
	w = tag(&t, ifd, 256, &cnt, &ty);
	h = tag(&t, ifd, 257, &cnt, &ty);
	comp = tag(&t, ifd, 259, &cnt, &ty);
	rows = tag(&t, ifd, 278, &cnt, &ty);
	if (!cnt)
		rows = h;
	offs = tag(&t, ifd, 273, &cnt, &ty);
	sizes = tag(&t, ifd, 279, &cnt2, &ty2);
	if (!w || !h || comp != 1 || !rows || !cnt || cnt != cnt2)
		return -1;
	*max = -1;
	for (uint32_t s = 0; s < cnt && y < h; s++) {
		uint32_t o = item(&t, offs, cnt, ty, s), len = item(&t, sizes, cnt2, ty2, s);
		for (uint32_t r = 0; r < rows && y < h; r++, y++) {
			size_t row = (size_t)o + (size_t)r * w * 4;
			if (row + (size_t)w * 4 > n || (size_t)(r + 1) * w * 4 > len)
				return -1;
			for (uint32_t x = 0; x < w; x++) {
				const unsigned char *px = p + row + 4 * x;
				int sum = px[0] + px[1] + px[2] + px[3];
				if (sum > *max)
					*max = sum;
				if (sum > limit) {
					bb[0] = bb[0] < (int)x ? bb[0] : (int)x;
					bb[1] = bb[1] < (int)y ? bb[1] : (int)y;
					bb[2] = bb[2] > (int)x ? bb[2] : (int)x;
					bb[3] = bb[3] > (int)y ? bb[3] : (int)y;
				}
			}
		}
	}
	return *max < 0 ? -1 : 0;
}

static int ink_check(const pl_shop_check *c, const unsigned char *pdf, size_t n, const pl_record *const *recs,
		     size_t n_recs, pl_diag *findings, pl_error *err)
{
	char dir[4096], path[4400], of[4400], in[4400];
	const char *argv[] = {"gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", "-r72",
			      of, in, NULL};
	int rc = -1;

	if (pl_gs_tmpdir(dir, err))
		return -1;
	snprintf(in, sizeof in, "%s/in.pdf", dir);
	snprintf(of, sizeof of, "-sOutputFile=%s/p%%05d.tif", dir);
	if (pl_gs_write(in, pdf, n)) {
		pl_error_set(err, PL_EIO, "cannot write a temporary file for the ink check (%s). Free some disk space or set TMPDIR.",
			     strerror(errno));
		goto done;
	}
	if (pl_gs_exec(dir, argv, "the ink check of --pdfx", err))
		goto done;
	for (size_t pg = 1;; pg++) {
		char *data = NULL;
		size_t len = 0;
		int max, bb[4] = {1 << 30, 1 << 30, -1, -1};
		int limit = (int)floor(c->ink_limit * 255 / 100 + 2); /* 2 of 1020: rounding */
		pl_error ignore = {0};
		const pl_record *rec = recs[pg - 1 < n_recs ? pg - 1 : n_recs - 1];
		snprintf(path, sizeof path, "%s/p%05zu.tif", dir, pg);
		if (pl_read_file(path, 1L << 30, &data, &len, &ignore))
			break;
		if (tiff_tac((unsigned char *)data, len, limit, &max, bb) == 0 && bb[0] <= bb[2]) {
			double mm = 25.4 / 72, o = c->offset;
			if (add(findings, rec, NULL, PL_EFINDING,
				"the inks add up to %.0f %% (C+M+Y+K) in the area from %.0f, %.0f mm to %.0f, %.0f mm (from the trim's top-left corner), over the print shop's limit of %.0f %%: the paper cannot take that much ink (it smears and dries badly). Make that area a lighter colour, or pure black #000000 (black ink only), in the theme or the layout %s; or give the shop's own limit with --ink-limit.",
				max * 100.0 / 255, (bb[0] - o) * mm, (bb[1] - o) * mm, (bb[2] + 1 - o) * mm,
				(bb[3] + 1 - o) * mm, c->ink_limit, layout_name(c->layout))) {
				free(data);
				pl_error_set(err, PL_ENOMEM, "out of memory.");
				goto done;
			}
		}
		free(data);
	}
	rc = 0;
done:
	pl_gs_rmdir(dir);
	return rc;
}

int pl_shop_check_pdf(const pl_shop_check *c, const unsigned char *pdf, size_t n, const unsigned char *src,
		      size_t src_n, const pl_record *const *recs, size_t n_recs, pl_diag *findings, pl_error *err)
{
	pl_pdf_audit a, before;
	const pl_record *rec;
	int bad = 0;

	if (!n_recs)
		return 0;
	rec = recs[0];
	if (ink_check(c, pdf, n, recs, n_recs, findings, err) || pl_pdf_audit_run(pdf, n, &a, err))
		return -1;
	if (a.rgb)
		bad |= add(findings, rec, NULL, PL_EFINDING,
			   "%zu RGB colour%s left in the PDF/X file after the conversion to CMYK; PDF/X wants CMYK (or spot colours) only. This is a bug in placard; please report it with your input.",
			   a.rgb, a.rgb == 1 ? " is" : "s are");
	if (a.unembedded)
		bad |= add(findings, rec, NULL, PL_EFINDING,
			   "the font %s is not embedded in the PDF; the print shop's RIP would put another in its place. Use a font from placard's own set (assets/fonts).",
			   a.font[0] ? a.font : "(unnamed)");
	if ((c->pdfx == PL_PDFX_X3 || c->pdfx == PL_PDFX_X1A) && !a.transparency && src &&
	    pl_pdf_audit_run(src, src_n, &before, err) == 0 && before.transparency)
		bad |= add(findings, rec, NULL, PL_EWARN,
			   "the design has see-through parts (%zu: a picture with transparency, or a colour with opacity), which PDF/X-%s does not allow, so Ghostscript flattened the page into a 720 dpi picture: it prints well, but its text is no longer text (not searchable, not editable by the shop). Use --pdfx x4 to keep the text, or take the see-through element out of the data or the layout %s.",
			   before.transparency, c->pdfx == PL_PDFX_X3 ? "3" : "1a", layout_name(c->layout));
	if (a.transparency && (c->pdfx == PL_PDFX_X3 || c->pdfx == PL_PDFX_X1A))
		bad |= add(findings, rec, NULL, PL_EFINDING,
			   "transparency is left in the file (%zu object%s), which PDF/X-%s does not allow. Use --pdfx x4, or take the transparent picture or colour out of the layout %s.",
			   a.transparency, a.transparency == 1 ? "" : "s", c->pdfx == PL_PDFX_X3 ? "3" : "1a",
			   layout_name(c->layout));
	if (bad) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	return 0;
}
