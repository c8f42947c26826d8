/* preflight.c — findings from what page.c recorded while drawing a page
 * (see preflight.h). Severities, in one place:
 *   error (exit 1)   QR does not decode or decodes to something else; QR
 *                    modules under 0.4 mm; an image under half the
 *                    resolution print needs (blurry at any distance); text,
 *                    image or QR cut by the trim; contrast under 2:1.
 *   warning (exit 0) an image under 300 dpi; something inside the safe
 *                    margin but on the page; contrast under WCAG 2.x's 4.5:1
 *                    (3:1 for large text).
 * `check` reports both and exits 1 on any; `--strict` fails on both. */
#include "print/preflight.h"
#include "base/config.h"
#include "print/scan.h"
#include "print/scanq.h"
#include "base/util.h"

#include <cairo.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* WCAG 2.x, "relative luminance": sRGB channels linearised, then weighted. */
double pl_luminance(const double rgb[3])
{
	double lin[3];

	for (int i = 0; i < 3; i++) {
		double c = rgb[i];
		lin[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

double pl_contrast(const double a[3], const double b[3])
{
	double la = pl_luminance(a), lb = pl_luminance(b);

	return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* ---- findings ---- */

typedef struct pf {
	const pl_layout *layout;
	const pl_record *rec;
	pl_diag *findings;
	const char *layout_name;
	pl_qr_async *qa;        /* QR decoding on the second core, or NULL */
	bool oom;
} pf;

static void finding(pf *f, pl_code code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Where a finding about `field` of the record is: record, field, line. */
static void where(const pf *f, const char *field, pl_error *e)
{
	const pl_field *fl = field && *field ? pl_record_find(f->rec, field, NULL) : NULL;

	pl_error_field(e, f->rec->index, field && *field ? field : NULL);
	pl_error_at(e, f->rec->source, fl ? fl->line : f->rec->line, fl ? fl->col : 0);
}

static void finding(pf *f, pl_code code, const char *field, const char *fmt, ...)
{
	pl_error e = {0};
	va_list ap;

	e.code = code;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	where(f, field, &e);
	if (pl_diag_add(f->findings, &e))
		f->oom = true;
}

static void hex(const double rgb[3], char out[8])
{
	snprintf(out, 8, "#%02x%02x%02x", (int)lround(rgb[0] * 255), (int)lround(rgb[1] * 255),
		 (int)lround(rgb[2] * 255));
}

static double mm(double pt)
{
	return pt / PL_MM_TO_PT;
}

/* ---- safe margin ---- */

/* How far (points) box b reaches outside the rectangle inset by `in` from
 * the trim, or outside the sticker's shape inset likewise; <= 0 inside. */
static double outside(const pl_layout *l, const double b[4], double in)
{
	double W = l->trim_w, H = l->trim_h, worst;

	if (l->shape && !strcmp(l->shape, "circle")) {
		/* the farthest corner of the box from the centre */
		double cx = W / 2, cy = H / 2, r = fmin(W, H) / 2 - in;
		double dx = fmax(fabs(b[0] - cx), fabs(b[0] + b[2] - cx));
		double dy = fmax(fabs(b[1] - cy), fabs(b[1] + b[3] - cy));
		return hypot(dx, dy) - r;
	}
	worst = in - b[0];
	worst = fmax(worst, in - b[1]);
	worst = fmax(worst, b[0] + b[2] - (W - in));
	worst = fmax(worst, b[1] + b[3] - (H - in));
	return worst;
}

static const char *what(const pl_page_item *it, char *buf, size_t n)
{
	if (it->kind == PL_ITEM_TEXT)
		snprintf(buf, n, "the text \"%s\"", it->excerpt);
	else if (it->kind == PL_ITEM_QR)
		snprintf(buf, n, "the QR code");
	else
		snprintf(buf, n, "the image");
	return buf;
}

static void check_margin(pf *f, const pl_page_item *it)
{
	const pl_layout *l = f->layout;
	double box[4], eps = 0.25; /* ink measured to a quarter point */
	char w[96];

	if (it->kind == PL_ITEM_IMAGE && it->bleeds)
		return; /* a photo to the bleed: cut by the guillotine on purpose */
	memcpy(box, it->box, sizeof box);
	if (it->kind == PL_ITEM_QR && it->modules > 0) {
		/* the quiet zone is blank paper: only the modules matter */
		double q = box[2] * PL_QR_QUIET_MODULES / (it->modules + 2 * PL_QR_QUIET_MODULES);
		box[0] += q;
		box[1] += q;
		box[2] -= 2 * q;
		box[3] -= 2 * q;
	}
	if (box[2] <= 0 || box[3] <= 0)
		return;
	if (outside(l, box, 0) > eps)
		finding(f, PL_EFINDING, it->field,
			"%s runs past the edge of the page (the trim), so it will be cut off. Move it or make it smaller in the layout %s (line %d).",
			what(it, w, sizeof w), f->layout_name, it->line);
	else if (l->safe > 0 && outside(l, box, l->safe) > eps)
		finding(f, PL_EWARN, it->field,
			"%s comes within %.1f mm of the edge, inside the %.0f mm safe margin where the guillotine may cut it. Keep it %.0f mm from the edge in the layout %s (line %d), or shorten the text.",
			what(it, w, sizeof w), fmax(0, mm(l->safe - outside(l, box, l->safe))), mm(l->safe),
			mm(l->safe), f->layout_name, it->line);
}

/* ---- contrast ---- */

static double overlap(const double a[4], const double b[4])
{
	double w = fmin(a[0] + a[2], b[0] + b[2]) - fmax(a[0], b[0]);
	double h = fmin(a[1] + a[3], b[1] + b[3]) - fmax(a[1], b[1]);

	return w > 0 && h > 0 ? w * h : 0;
}

static bool in_ellipse(const double e[4], double x, double y)
{
	double rx = e[2] / 2, ry = e[3] / 2, dx = x - (e[0] + rx), dy = y - (e[1] + ry);

	return rx > 0 && ry > 0 && dx * dx / (rx * rx) + dy * dy / (ry * ry) <= 1.0001;
}

static bool contains(const pl_page_item *fill, const double b[4])
{
	const double *a = fill->box;

	if (fill->ellipse)
		return in_ellipse(a, b[0], b[1]) && in_ellipse(a, b[0] + b[2], b[1]) &&
		       in_ellipse(a, b[0], b[1] + b[3]) && in_ellipse(a, b[0] + b[2], b[1] + b[3]);
	return a[0] <= b[0] + 0.01 && a[1] <= b[1] + 0.01 && a[0] + a[2] >= b[0] + b[2] - 0.01 &&
	       a[1] + a[3] >= b[1] + b[3] - 0.01;
}

/* Translucent fills (scrims) between a text and what is under them, from
 * the nearest down: a colour seen through them. */
#define MAX_SCRIMS 8
static void through(const pl_page_item *const *scrim, int n, const double under[3], double out[3])
{
	for (int c = 0; c < 3; c++)
		out[c] = under[c];
	for (int i = n; i-- > 0;) /* the lowest first */
		for (int c = 0; c < 3; c++)
			out[c] = out[c] * scrim[i]->see_through + scrim[i]->rgb[c] * (1 - scrim[i]->see_through);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The text's contrast against a photo: against each grid cell under its ink
 * (seen through the scrims), the value that 90 % of the area beats, so that
 * one bright speck does not condemn a title but a bright tenth does. */
static double photo_contrast(const pl_page_item *t, const pl_page_item *img, const pl_page_item *const *scrim,
			     int ns, double bg[3])
{
	double c[32 * 32], rgb[32 * 32][3], cw = img->box[2] / img->grid_w, ch = img->box[3] / img->grid_h;
	int n = 0, pick;

	for (int gy = 0; gy < img->grid_h; gy++)
		for (int gx = 0; gx < img->grid_w && n < 32 * 32; gx++) {
			double cell[4] = {img->box[0] + gx * cw, img->box[1] + gy * ch, cw, ch}, raw[3];
			if (overlap(cell, t->box) <= 0)
				continue;
			for (int k = 0; k < 3; k++)
				raw[k] = img->grid[((size_t)gy * (size_t)img->grid_w + (size_t)gx) * 3 + (size_t)k] / 255.0;
			through(scrim, ns, raw, rgb[n]);
			c[n] = pl_contrast(t->rgb, rgb[n]);
			n++;
		}
	if (!n)
		return 22;
	{
		double sorted[32 * 32];
		memcpy(sorted, c, sizeof(double) * (size_t)n);
		qsort(sorted, (size_t)n, sizeof *sorted, by_value);
		pick = n / 10;
		for (int i = 0; i < n; i++)
			if (c[i] == sorted[pick]) {
				memcpy(bg, rgb[i], sizeof(double) * 3);
				break;
			}
		return sorted[pick];
	}
}

/* The text at items[k] against every colour under its ink: walk down the
 * drawing order until one area covers the whole ink box. Translucent fills
 * are seen through; under a photo, its own pixels are the background. */
static void check_contrast(pf *f, const pl_page_items *items, size_t k)
{
	const pl_page_item *t = &items->v[k];
	const pl_page_item *scrim[MAX_SCRIMS];
	double area = t->box[2] * t->box[3], worst = 22, thr, seen[3], photo_bg[3];
	const double *bg = NULL;
	bool large = t->size_pt >= 18 || (t->weight >= 700 && t->size_pt >= 14), photo = false;
	int ns = 0;
	char fg_s[8], bg_s[8];

	if (area <= 0)
		return;
	for (size_t i = k; i-- > 0;) {
		const pl_page_item *u = &items->v[i];
		double ov;
		if (u->kind == PL_ITEM_TEXT || u->kind == PL_ITEM_QR)
			continue;
		ov = overlap(u->box, t->box);
		if (ov <= 0.05 * area && !contains(u, t->box))
			continue;
		if (u->kind == PL_ITEM_IMAGE) {
			double c;
			if (!u->grid)
				return; /* colours unknown: nothing is said */
			c = photo_contrast(t, u, scrim, ns, photo_bg);
			if (c < worst) {
				worst = c;
				bg = photo_bg;
				photo = true;
			}
			if (contains(u, t->box))
				break;
			continue;
		}
		if (u->see_through > 0.001 && contains(u, t->box) && ns < MAX_SCRIMS) {
			scrim[ns++] = u;
			continue;
		}
		{
			double c;
			through(scrim, ns, u->rgb, seen);
			c = pl_contrast(t->rgb, seen);
			if (c < worst) {
				worst = c;
				memcpy(photo_bg, seen, sizeof seen);
				bg = photo_bg;
				photo = false;
			}
		}
		if (contains(u, t->box))
			break;
	}
	thr = large ? PL_CONTRAST_MIN_LARGE : PL_CONTRAST_MIN;
	if (!bg || worst >= thr - 0.005)
		return;
	hex(t->rgb, fg_s);
	hex(bg, bg_s);
	if (photo)
		finding(f, worst < PL_CONTRAST_UNREADABLE ? PL_EFINDING : PL_EWARN, t->field,
			"the text \"%s\" (%s on the photo, %s in its lighter parts) has a contrast of only %.1f:1; %s text needs %.1f:1 to be read easily (WCAG). Choose a darker photo or one calmer under the text, or make the layout's scrim darker (%s, line %d).",
			t->excerpt, fg_s, bg_s, worst, large ? "large" : "small", thr, f->layout_name, t->line);
	else
		finding(f, worst < PL_CONTRAST_UNREADABLE ? PL_EFINDING : PL_EWARN, t->field,
			"the text \"%s\" (%s on %s) has a contrast of only %.1f:1; %s text needs %.1f:1 to be read easily (WCAG). Make the text or its background darker or lighter: change the theme colours, or the layout %s (line %d).",
			t->excerpt, fg_s, bg_s, worst, large ? "large" : "small", thr, f->layout_name, t->line);
}

/* ---- images ---- */

static void check_image(pf *f, const pl_page_item *it)
{
	const char *src = pl_record_get(f->rec, it->field);
	double need_px;

	if (it->dpi <= 0 || it->dpi >= PL_IMAGE_MIN_DPI - 0.5)
		return;
	need_px = ceil(mm(it->box[2]) / 25.4 * PL_IMAGE_MIN_DPI);
	finding(f, it->dpi < PL_IMAGE_MIN_DPI / 2 ? PL_EFINDING : PL_EWARN, it->field,
		"the image '%s' prints at only %.0f dpi at its size on the page (%.0f × %.0f mm); print needs %.0f dpi or it looks blurred. Use a version at least %.0f pixels wide, or an SVG.",
		src ? src : "", it->dpi, mm(it->box[2]), mm(it->box[3]), PL_IMAGE_MIN_DPI, need_px);
}

/* ---- QR codes ---- */

static void check_qr_size(pf *f, const pl_page_item *it)
{
	if (it->module_mm < PL_QR_MIN_MODULE_MM)
		finding(f, PL_EFINDING, "url",
			"the QR code's modules are %.2f mm, under the %.1f mm a phone can read reliably. Use a shorter URL, a lower error-correction level, or a bigger layout.",
			it->module_mm, PL_QR_MIN_MODULE_MM);
}

/* What a QR code's decode verdict (n codes found, their texts) says, as a
 * finding's message in e->msg: true when there is something to say. The
 * same words whether zbar ran on this thread or on the second core. */
typedef struct qr_what {
	const char *url;
	double side_mm, module_mm;
	const char *layout_name;
	int line;
} qr_what;

static bool qr_verdict(const qr_what *q, int n, char *const *texts, pl_error *e)
{
	bool match = false;

	for (int i = 0; i < n && !match; i++)
		match = !strcmp(texts[i], q->url);
	if (!match && n > 0)
		snprintf(e->msg, sizeof e->msg,
			 "the QR code scans as \"%.120s\", not as its URL %.200s. Something drawn over it changes it: move the other blocks off the code in the layout %s (line %d).",
			 texts[0], q->url, q->layout_name, q->line);
	else if (!match && n >= 0)
		snprintf(e->msg, sizeof e->msg,
			 "the QR code does not scan: a phone %.0f cm away (%.1f pixels per module) cannot read it. Make it bigger (at least %.1f mm per module), shorten the URL, keep it dark on light with nothing over it (layout %s, line %d).",
			 fmax(q->side_mm * PL_PHONE_DISTANCE_RATIO, PL_PHONE_MIN_DISTANCE_MM) / 10,
			 q->module_mm * pl_phone_px_per_mm(q->side_mm), PL_QR_MIN_MODULE_MM, q->layout_name, q->line);
	else
		return false;
	e->code = PL_EFINDING;
	return true;
}

/* A code whose raster went to the second core: its finding, if any, is
 * inserted at `at` once the verdict is back (pl_preflight_settle). */
typedef struct qr_wait {
	pl_error e;          /* where (record, field "url", line); msg at the verdict */
	size_t at;           /* its place among the findings, not counting the
				waiting codes' findings inserted after it was queued */
	pl_diag *findings;
	qr_what what;
	char *url;           /* owned: what.url */
} qr_wait;

/* Take verdicts off the queue, in order, until at most `leave` rasters are
 * queued (and any more that are already decoded), inserting their findings
 * where a lone thread would have appended them. */
static int settle(pl_qr_async *qa, size_t leave, pl_error *err)
{
	int n, rc = 0;
	char **texts;
	void *ctx;

	while (pl_scanq_take(qa->q, pl_scanq_queued(qa->q) > leave, &n, &texts, &ctx)) {
		qr_wait *w = ctx;
		if (n < 0) {
			pl_error_set(err, PL_ENOMEM, "out of memory while checking the QR code.");
			rc = -1;
		} else if (qr_verdict(&w->what, n, texts, &w->e)) {
			pl_diag *d = w->findings;
			size_t at = w->at + qa->inserted;
			if (pl_diag_insert(d, at, &w->e)) {
				pl_error_set(err, PL_ENOMEM, "out of memory while checking the QR code.");
				rc = -1;
			} else {
				qa->inserted++;
			}
		}
		pl_scan_free(texts);
		free(w->url);
		free(w);
	}
	return rc;
}

int pl_preflight_settle(pl_qr_async *qa, pl_error *err)
{
	return qa && qa->q ? settle(qa, 0, err) : 0;
}

/* Queue the code's raster for the second core: its grey pixels, or the
 * recording to paint (rec, px × px pixels) there; either is taken over.
 * -1 when out of memory. */
static int qr_queue(pf *f, unsigned char *grey, int w, int h, cairo_surface_t *rec, int px, const qr_what *what,
		    pl_error *err)
{
	pl_qr_async *qa = f->qa;
	qr_wait *wt;

	if (settle(qa, PL_SCANQ_WINDOW - 1, err)) {
		free(grey);
		if (rec)
			cairo_surface_destroy(rec);
		return -1;
	}
	wt = calloc(1, sizeof *wt);
	if ((!grey && !rec) || !wt || !(wt->url = pl_strdup(what->url))) {
		free(grey);
		if (rec)
			cairo_surface_destroy(rec);
		free(wt);
		pl_error_set(err, PL_ENOMEM, "out of memory while checking the QR code.");
		return -1;
	}
	where(f, "url", &wt->e);
	wt->at = f->findings->n - qa->inserted;
	wt->findings = f->findings;
	wt->what = *what;
	wt->what.url = wt->url;
	if (rec ? pl_scanq_put_recording(qa->q, rec, px, wt) : pl_scanq_put(qa->q, grey, w, h, wt)) {
		free(wt->url);
		free(wt);
		pl_error_set(err, PL_ENOMEM, "out of memory while checking the QR code.");
		return -1;
	}
	return 0;
}

/* Decode the view of the code the page drew (items.h: the area around it
 * as a phone camera sees it, with everything drawn over or under it) with
 * libzbar, here, or on the second core when f->qa has a queue. */
static int check_qr_decode(pf *f, const pl_page_item *it, pl_error *err)
{
	qr_what what = {it->url, mm(it->box[2]), it->module_mm, f->layout_name, it->line};
	pl_error e = {0};
	char **texts = NULL;
	int n;

	if (!it->view) {
		n = -1;
	} else if (f->qa && f->qa->q && it->view_plain) {
		/* only paths and fills: painted over white on the second core */
		return qr_queue(f, NULL, 0, 0, cairo_surface_reference(it->view), it->view_px, &what, err);
	} else {
		int w, h;
		unsigned char *grey = pl_scan_grey_replay(it->view, it->view_px, &w, &h);
		if (f->qa && f->qa->q)
			return qr_queue(f, grey, w, h, NULL, 0, &what, err);
		n = grey ? pl_scan_grey(grey, w, h, &texts) : -1;
		if (!grey) {
			pl_error_set(err, PL_ENOMEM, "out of memory while checking the QR code.");
			return -1;
		}
	}
	e = (pl_error){0};
	if (qr_verdict(&what, n, texts, &e)) {
		where(f, "url", &e);
		if (pl_diag_add(f->findings, &e))
			f->oom = true;
	}
	pl_scan_free(texts);
	return 0;
}

int pl_preflight_page(const pl_layout *layout, const pl_record *rec,
		      const pl_page_items *items, pl_diag *findings, pl_error *err)
{
	return pl_preflight_page_async(layout, rec, items, findings, NULL, err);
}

int pl_preflight_page_async(const pl_layout *layout, const pl_record *rec,
			    const pl_page_items *items, pl_diag *findings, pl_qr_async *qa, pl_error *err)
{
	pf f = {.layout = layout, .rec = rec, .findings = findings, .qa = qa};
	const char *slash;

	if (items->oom) {
		pl_error_set(err, PL_ENOMEM, "out of memory while checking the page.");
		return -1;
	}
	f.layout_name = layout->path ? layout->path : layout->name ? layout->name : "";
	slash = strrchr(f.layout_name, '/');
	if (slash && layout->name && strstr(f.layout_name, "/layouts/"))
		f.layout_name = layout->name; /* built-in: its name says enough */
	for (size_t i = 0; i < items->n; i++) {
		const pl_page_item *it = &items->v[i];
		switch (it->kind) {
		case PL_ITEM_TEXT:
			check_margin(&f, it);
			check_contrast(&f, items, i);
			break;
		case PL_ITEM_IMAGE:
			check_margin(&f, it);
			check_image(&f, it);
			break;
		case PL_ITEM_QR:
			check_margin(&f, it);
			check_qr_size(&f, it);
			if (check_qr_decode(&f, it, err))
				return -1;
			break;
		default:
			break;
		}
	}
	if (f.oom) {
		pl_error_set(err, PL_ENOMEM, "out of memory while checking the page.");
		return -1;
	}
	return 0;
}
