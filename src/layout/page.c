/* page.c — the layout engine (see page.h). Pipeline per record:
 *   localize (--lang) → derive fields (dates in the record's language, the
 *   QR URL, url_label) → theme (layout's, --theme, record's own colours) →
 *   background into the bleed → blocks in file order.
 * Coordinates are points with the origin at the trim's top-left corner. */
#include "layout/page.h"
#include "base/config.h"
#include "draw/image.h"
#include "draw/locale.h"
#include "draw/qr.h"
#include "draw/qrlabel.h"
#include "data/template.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cached_image {
	char *path;
	pl_image *img;
} cached_image;

struct pl_page_ctx {
	const pl_layout *layout;
	pl_fonts *fonts;
	pl_page_opts opts;
	pl_theme *theme;
	cached_image *images;
	size_t n_images;
	pl_page_items *items;  /* preflight: what is drawn, when set */
	bool has_region;       /* preflight: draw only what may touch region */
	double region[4];
	bool region_fonts;     /* ... and something there needs fonts or pictures */
	/* The last QR code encoded: preflight re-draws the page's code right
	 * after it is drawn, and identical pages share one. */
	pl_qr *qr;
	char *qr_url;
	char qr_ec;
	const pl_page_ready *ready; /* pl_page_use: the record being drawn, made ready */
};

/* A record made ready ahead of drawing (page.h). */
typedef struct ready_qr {
	char *url;
	char ec;
	pl_qr *q;
} ready_qr;

struct pl_page_ready {
	const pl_record *in;  /* the record it was made from (borrowed) */
	pl_record *rec;       /* derived copy */
	ready_qr qr[PL_READY_MAX_QR];
	size_t n_qr;
	bool opts_qr_ops;
};

/* Per-record state while drawing. */
typedef struct page {
	pl_page_ctx *pc;
	cairo_t *cr;
	pl_record *rec;       /* localized copy with derived fields */
	pl_theme *theme;      /* the context's theme, or a per-record copy */
	bool rtl;             /* primary language is written right to left */
	pl_diag *findings;
	/* While one template expands: the values looked up, with their
	 * language and field, so that each gets its own Pango language and a
	 * missing glyph names its field (issue 3). */
	struct seen { const char *val, *lang; char field[64]; } seen[32];
	size_t n_seen;
	const char *tmpl_lang;  /* the block's lang: for plain {field}s, or NULL */
	/* A list field (hashtags) in the template: its whole value and how
	 * many of its items to print (-1: all), cut into list_buf. */
	const char *list_full;
	int list_keep;
	char *list_buf;
	pl_buf *dump;
	pl_error *err;
} page;

static const char *const rtl_langs[] = {"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "iw", NULL};

static bool lang_is_rtl(const char *lang)
{
	char prim[8];
	size_t n = strcspn(lang ? lang : "", "-_");

	if (!lang || n >= sizeof prim)
		return false;
	memcpy(prim, lang, n);
	prim[n] = '\0';
	for (int i = 0; rtl_langs[i]; i++)
		if (!strcmp(prim, rtl_langs[i]))
			return true;
	return false;
}

/* Languages written in the Arabic script, whose comma is "،" (U+060C): a
 * Latin comma or a middle dot (which reads as the Arabic-Indic zero "٠")
 * between Arabic words looks wrong there. */
static const char *const arabic_script_langs[] = {"ar", "fa", "ur", "ps", "ckb", "sd", "ug", NULL};

static bool lang_is_arabic_script(const char *lang)
{
	size_t n = strcspn(lang ? lang : "", "-_");

	for (int i = 0; lang && arabic_script_langs[i]; i++)
		if (strlen(arabic_script_langs[i]) == n && !strncmp(lang, arabic_script_langs[i], n))
			return true;
	return false;
}

/* The separators a template puts between values (text outside the spans),
 * written the Arabic way: ", " becomes "، ". Spans are moved to match.
 * Returns a new string, or NULL when out of memory. */
static char *arabic_separators(const char *text, pl_text_span *spans, size_t n)
{
	size_t len = strlen(text), *pos = malloc((len + 1) * sizeof *pos);
	pl_buf b = {0};

	if (!pos)
		return NULL;
	for (size_t i = 0; i <= len; i++) {
		bool value = false;
		pos[i] = b.len;
		if (i == len)
			break;
		for (size_t j = 0; j < n && !value; j++)
			value = i >= spans[j].start && i < spans[j].end;
		if (!value && text[i] == ',' && (text[i + 1] == ' ' || !text[i + 1]))
			pl_buf_puts(&b, "\xD8\x8C"); /* U+060C ARABIC COMMA */
		else
			pl_buf_add(&b, text + i, 1);
	}
	for (size_t j = 0; j < n; j++) {
		spans[j].start = pos[spans[j].start <= len ? spans[j].start : len];
		spans[j].end = pos[spans[j].end <= len ? spans[j].end : len];
	}
	free(pos);
	pl_buf_puts(&b, ""); /* NUL-terminated even when empty */
	if (b.oom) {
		pl_buf_free(&b);
		return NULL;
	}
	return pl_buf_take(&b);
}

pl_page_ctx *pl_page_ctx_new(const pl_layout *layout, pl_fonts *fonts, const pl_page_opts *opts,
			     pl_error *err)
{
	pl_page_ctx *pc = calloc(1, sizeof *pc);

	if (!pc) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	pc->layout = layout;
	pc->fonts = fonts;
	pc->opts = *opts;
	pc->theme = pl_theme_load(opts->datadir, opts->theme ? opts->theme : layout->theme, err);
	if (!pc->theme) {
		free(pc);
		return NULL;
	}
	return pc;
}

void pl_page_collect(pl_page_ctx *pc, pl_page_items *items)
{
	pc->items = items;
}

void pl_page_set_region(pl_page_ctx *pc, const double region[4])
{
	pc->has_region = region != NULL;
	pc->region_fonts = false;
	if (region)
		memcpy(pc->region, region, sizeof pc->region);
}

bool pl_page_region_plain(const pl_page_ctx *pc)
{
	return !pc->region_fonts;
}

void pl_page_use(pl_page_ctx *pc, const pl_page_ready *r)
{
	pc->ready = r;
}

void pl_page_ctx_free(pl_page_ctx *pc)
{
	if (!pc)
		return;
	for (size_t i = 0; i < pc->n_images; i++) {
		free(pc->images[i].path);
		pl_image_free(pc->images[i].img);
	}
	free(pc->images);
	pl_theme_free(pc->theme);
	pl_qr_free(pc->qr);
	free(pc->qr_url);
	free(pc);
}

/* ---- derived fields ---- */

static bool is_true(const char *v)
{
	return v && (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"));
}

static void slugify(const char *s, pl_buf *b)
{
	bool dash = false;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c)) {
			if (dash && b->len)
				pl_buf_add(b, "-", 1);
			dash = false;
			c = (unsigned char)tolower(c);
			pl_buf_add(b, (const char *)&c, 1);
		} else {
			dash = true;
		}
	}
}

char *pl_page_qr_url(const pl_record *rec, const char *kind)
{
	const char *url = pl_record_get(rec, "url");
	pl_buf b = {0};
	const char *hash;
	size_t base_len;

	if (pl_str_empty(url))
		return NULL;
	if (!is_true(pl_record_get(rec, "qr.utm")))
		return pl_strdup(url);
	/* utm_source=placard&utm_medium=<kind>&utm_campaign=<slug>, before any #fragment. */
	hash = strchr(url, '#');
	base_len = hash ? (size_t)(hash - url) : strlen(url);
	pl_buf_add(&b, url, base_len);
	pl_buf_puts(&b, memchr(url, '?', base_len) ? "&" : "?");
	pl_buf_printf(&b, "utm_source=placard&utm_medium=%s&utm_campaign=", kind ? kind : "poster");
	{
		const char *camp = pl_record_get(rec, "campaign_slug");
		if (pl_str_empty(camp))
			camp = pl_record_get(rec, "campaign.title");
		if (pl_str_empty(camp))
			camp = pl_record_get(rec, "title");
		slugify(camp, &b);
	}
	if (hash)
		pl_buf_puts(&b, hash);
	return pl_buf_take(&b);
}

const char *pl_page_title(const pl_record *rec)
{
	return pl_record_get(rec, "title");
}

/* Dates and times in `lang` for the fields of language `tl` (NULL primary). */
static int derive_lang(pl_record *r, const char *tl, const char *lang, bool latin)
{
	const char *date = pl_record_get(r, "date"), *end_date = pl_record_get(r, "end_date");
	const char *time = pl_record_get(r, "time"), *end_time = pl_record_get(r, "end_time");
	char *d = date ? pl_locale_date(date, lang, latin) : NULL;
	char *ed = end_date && !pl_streq(end_date, date) ? pl_locale_date(end_date, lang, latin) : NULL;
	char *t = time ? pl_locale_time(time, lang, latin) : NULL;
	char *et = end_time ? pl_locale_time(end_time, lang, latin) : NULL;
	pl_buf b = {0};
	int rc = 0;

	if (d && ed) {
		pl_buf_printf(&b, "%s – %s", d, ed);
		rc |= pl_record_set(r, "date_text", tl, b.s, 0, 0);
		pl_buf_free(&b);
	} else if (d) {
		rc |= pl_record_set(r, "date_text", tl, d, 0, 0);
	}
	if (t)
		rc |= pl_record_set(r, "time_text", tl, t, 0, 0);
	if (et)
		rc |= pl_record_set(r, "end_time_text", tl, et, 0, 0);
	if (t && et) {
		pl_buf_printf(&b, "%s – %s", t, et);
		rc |= pl_record_set(r, "time_range", tl, b.s, 0, 0);
		pl_buf_free(&b);
	} else if (t) {
		rc |= pl_record_set(r, "time_range", tl, t, 0, 0);
	}
	/* "when": the date line most layouts print. */
	if (d || t) {
		if (d && ed)
			pl_buf_printf(&b, "%s – %s", d, ed);
		else if (d)
			pl_buf_puts(&b, d);
		if (t) {
			if (d)
				pl_buf_puts(&b, lang_is_arabic_script(lang) ? "، " : " · ");
			pl_buf_puts(&b, t);
			if (et)
				pl_buf_printf(&b, " – %s", et);
		}
		rc |= pl_record_set(r, "when", tl, b.s, 0, 0);
		pl_buf_free(&b);
	}
	free(d);
	free(ed);
	free(t);
	free(et);
	return rc;
}

static pl_record *derive(const pl_record *in, const pl_page_opts *o, const char *kind)
{
	pl_record *r = o->lang ? pl_record_localize(in, o->lang) : pl_record_dup(in);
	const char *lang, *second;
	bool latin;
	char *qr_url, *label;

	if (!r)
		return NULL;
	lang = pl_record_lang(r);
	second = pl_record_get(r, "second_lang");
	latin = o->latin_digits || is_true(pl_record_get(r, "latin_digits"));
	if (derive_lang(r, NULL, lang, latin))
		goto oom;
	/* Every translation language gets its own date line, for {when@ar}. */
	for (size_t i = 0; i < r->n; i++) {
		const char *tl = r->fields[i].lang;
		if (tl && !pl_record_find(r, "when", tl) && !pl_record_find(r, "date_text", tl)) {
			char *copy = pl_strdup(tl);
			int bad = !copy || derive_lang(r, copy, copy, latin);
			free(copy);
			if (bad)
				goto oom;
		}
	}
	if (second && !pl_record_find(r, "when", second) && derive_lang(r, second, second, latin))
		goto oom;
	qr_url = pl_page_qr_url(r, kind);
	if (qr_url) {
		int bad = pl_record_set(r, "qr_url", NULL, qr_url, 0, 0);
		if (pl_str_empty(pl_record_get(r, "url_label"))) {
			label = pl_label_for_url(pl_record_get(r, "url"));
			bad |= !label || pl_record_set(r, "url_label", NULL, label, 0, 0);
			free(label);
		}
		free(qr_url);
		if (bad)
			goto oom;
	}
	return r;
oom:
	pl_record_free(r);
	return NULL;
}

/* The derived copy of `in`: the one made ready ahead (pl_page_use), or a
 * new one. Give it back with derived_done. */
static pl_record *derived_for(pl_page_ctx *pc, const pl_record *in)
{
	if (pc->ready && pc->ready->in == in)
		return pc->ready->rec;
	return derive(in, &pc->opts, pc->layout->kind);
}

static void derived_done(pl_page_ctx *pc, pl_record *rec)
{
	if (!pc->ready || pc->ready->rec != rec)
		pl_record_free(rec);
}

/* ---- template lookup ---- */

static const char *lookup_value(page *p, const char *name, const char **lang_out)
{
	const char *at = strchr(name, '@');
	char field[128];
	const char *lang;

	*lang_out = pl_record_lang(p->rec);
	if (!at && !p->tmpl_lang)
		return pl_record_get(p->rec, name);
	if (!at) {
		/* A block with lang: reads every plain {field} in that language. */
		snprintf(field, sizeof field, "%s", name);
		lang = p->tmpl_lang;
	} else {
		if ((size_t)(at - name) >= sizeof field)
			return NULL;
		memcpy(field, name, (size_t)(at - name));
		field[at - name] = '\0';
		lang = at + 1;
	}
	if (!strcmp(lang, "second"))
		lang = pl_record_get(p->rec, "second_lang");
	if (!lang)
		return NULL;
	if (pl_streq(lang, pl_record_lang(p->rec)))
		return pl_record_get(p->rec, field);
	*lang_out = lang;
	return pl_record_get_lang(p->rec, field, lang);
}

/* Fields that hold a list of words, printed space-separated: a layout
 * drops their items from the end when they do not all fit. */
static bool is_list_field(const char *name)
{
	return !strncmp(name, "hashtags", 8) && (!name[8] || name[8] == '@');
}

static size_t count_words(const char *s)
{
	size_t n = 0;

	for (const char *q = s; *q;) {
		q += strspn(q, " ");
		if (!*q)
			break;
		n++;
		q += strcspn(q, " ");
	}
	return n;
}

/* Bytes of list value v that hold its first `keep` words. */
static size_t list_head_len(const char *v, int keep)
{
	const char *q = v;

	for (int i = 0; i < keep && *q; i++) {
		q += strspn(q, " ");
		q += strcspn(q, " ");
	}
	return (size_t)(q - v);
}

/* The first `keep` words of list value v, in p->list_buf. */
static const char *list_head(page *p, const char *v, int keep)
{
	size_t len = list_head_len(v, keep);
	char *nb;

	nb = realloc(p->list_buf, len + 1);
	if (!nb)
		return v;
	p->list_buf = nb;
	memcpy(nb, v, len);
	nb[len] = '\0';
	return nb;
}

static const char *lookup(void *ctx, const char *name)
{
	page *p = ctx;
	const char *lang, *v = lookup_value(p, name, &lang);

	if (v && is_list_field(name)) {
		p->list_full = v;
		if (p->list_keep >= 0)
			v = list_head(p, v, p->list_keep);
	}

	if (v && p->n_seen < sizeof p->seen / sizeof p->seen[0]) {
		struct seen *s = &p->seen[p->n_seen++];
		s->val = v;
		s->lang = lang;
		snprintf(s->field, sizeof s->field, "%s", name);
		s->field[strcspn(s->field, "@")] = '\0';
	}
	return v;
}

/* Where each looked-up value landed in the expanded text: values appear in
 * template order, so search forward from the end of the previous one. */
static size_t value_spans(page *p, const char *text, pl_text_span *spans, const char **fields)
{
	size_t n = 0;
	const char *from = text;

	for (size_t i = 0; i < p->n_seen; i++) {
		const char *v = p->seen[i].val, *hit = *v ? strstr(from, v) : NULL;
		if (!hit)
			continue; /* an empty value: not in the text */
		spans[n] = (pl_text_span){(size_t)(hit - text), (size_t)(hit - text) + strlen(v), p->seen[i].lang};
		fields[n++] = p->seen[i].field;
		from = hit + strlen(v);
	}
	return n;
}

/* Language of a block's text: the second language for lang: second. */
static const char *block_lang(page *p, const pl_block *b)
{
	if (b->lang && !strcmp(b->lang, "second")) {
		const char *s = pl_record_get(p->rec, "second_lang");
		return s ? s : pl_record_lang(p->rec);
	}
	return b->lang ? b->lang : pl_record_lang(p->rec);
}

/* ---- findings ---- */

static void finding(page *p, pl_code code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void finding(page *p, pl_code code, const char *field, const char *fmt, ...)
{
	pl_error e = {0};
	va_list ap;
	const pl_field *f = NULL;
	char name[64];

	if (!p->findings)
		return;
	e.code = code;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	if (field) {
		snprintf(name, sizeof name, "%s", field);
		name[strcspn(name, "@")] = '\0';
		f = pl_record_find(p->rec, name, NULL);
		/* A field placard derived points at what it was made from. */
		if (f && !f->line && !strcmp(name, "url_label"))
			f = pl_record_find(p->rec, "url", NULL);
		if (f && !f->line)
			f = NULL;
		pl_error_field(&e, p->rec->index, field);
	} else {
		pl_error_field(&e, p->rec->index, NULL);
	}
	pl_error_at(&e, p->rec->source, f ? f->line : p->rec->line, f ? f->col : 0);
	pl_diag_add(p->findings, &e);
}

/* ---- drawing helpers ---- */

static bool color(page *p, const char *spec, double rgb[3])
{
	if (pl_theme_color(p->theme, spec, rgb))
		return true;
	if (spec) {
		char msg[160];
		snprintf(msg, sizeof msg, "colour '%s' is neither a theme colour nor #rrggbb; black is used", spec);
		finding(p, PL_EFINDING, NULL, "%s. Fix the layout or the theme.", msg);
	}
	rgb[0] = rgb[1] = rgb[2] = 0;
	return false;
}

static void set_color(page *p, const char *spec)
{
	double rgb[3];

	color(p, spec, rgb);
	cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
}

static const char *family(page *p, const pl_block *b)
{
	if (!b->font || !strcmp(b->font, "text"))
		return p->theme->font_text;
	if (!strcmp(b->font, "display"))
		return p->theme->font_display;
	return b->font; /* a fontconfig family or role named directly */
}

static void dump(page *p, const char *what, const pl_block *b, double x, double y, double w, double h,
		 const char *extra)
{
	if (!p->dump)
		return;
	pl_buf_printf(p->dump, "%s line %d: x=%.1f y=%.1f w=%.1f h=%.1f mm%s%s\n", what, b->line,
		      x / PL_MM_TO_PT, y / PL_MM_TO_PT, w / PL_MM_TO_PT, h / PL_MM_TO_PT,
		      extra ? " " : "", extra ? extra : "");
}

/* Preflight: note what was drawn (preflight.h); a no-op unless collecting. */
static void note(page *p, pl_item_kind kind, const pl_block *b, const char *field, double x, double y,
		 double w, double h, const char *color_spec, pl_page_item *it, const char *url)
{
	pl_page_item tmp;

	if (!p->pc->items)
		return;
	if (!it) {
		memset(&tmp, 0, sizeof tmp);
		it = &tmp;
	}
	it->kind = kind;
	it->line = b ? b->line : 0;
	snprintf(it->field, sizeof it->field, "%s", field ? field : "");
	it->box[0] = x;
	it->box[1] = y;
	it->box[2] = w;
	it->box[3] = h;
	/* No colour named: keep it->rgb (black for tmp and for text without
	 * a colour, as color() draws it). */
	if (color_spec && !pl_theme_color(p->theme, color_spec, it->rgb))
		it->rgb[0] = it->rgb[1] = it->rgb[2] = 0; /* what color() draws */
	pl_page_items_add(p->pc->items, it, url);
}

/* A text's ink box on the page, cut to its box when it did not fit. */
static void note_text(page *p, const pl_block *b, const char *field, PangoLayout *layout, double size_pt,
		      int weight, bool clipped, double x, double ty, const double box[4], const char *color_spec)
{
	pl_page_item it = {0};
	PangoRectangle ink;
	double x0, y0, x1, y1;
	const char *t;
	size_t n;

	if (!p->pc->items)
		return;
	pango_layout_get_extents(layout, &ink, NULL);
	if (ink.width <= 0 || ink.height <= 0)
		return;
	x0 = x + (double)ink.x / PANGO_SCALE;
	y0 = ty + (double)ink.y / PANGO_SCALE;
	x1 = x0 + (double)ink.width / PANGO_SCALE;
	y1 = y0 + (double)ink.height / PANGO_SCALE;
	if (clipped) {
		x0 = fmax(x0, box[0]);
		y0 = fmax(y0, box[1]);
		x1 = fmin(x1, box[0] + box[2]);
		y1 = fmin(y1, box[1] + box[3]);
	}
	it.size_pt = size_pt;
	it.weight = weight;
	it.clipped = clipped;
	t = pango_layout_get_text(layout);
	n = strlen(t);
	if (n >= sizeof it.excerpt) {
		n = sizeof it.excerpt - 4;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--; /* never cut inside a UTF-8 character */
		memcpy(it.excerpt, t, n);
		memcpy(it.excerpt + n, "…", sizeof "…");
	} else {
		memcpy(it.excerpt, t, n + 1);
	}
	note(p, PL_ITEM_TEXT, b, field, x0, y0, fmax(0, x1 - x0), fmax(0, y1 - y0), color_spec, &it, NULL);
}

/* Block box, mirrored for right-to-left primary languages when asked. */
static void block_box(page *p, const pl_block *b, double *x, double *y, double *w, double *h)
{
	*x = b->x;
	*y = b->y;
	*w = b->w;
	*h = b->h;
	if (b->mirror && p->rtl)
		*x = p->pc->layout->trim_w - b->x - b->w;
}

/* A shape's box grown into the bleed on every side that touches the trim. */
static void bleed_box(page *p, const pl_block *b, double *x, double *y, double *w, double *h)
{
	const pl_layout *l = p->pc->layout;
	double bl = p->pc->opts.bleed + 0.5, eps = 0.01;

	if (!b->bleed)
		return;
	if (*x <= eps) {
		*w += *x + bl;
		*x = -bl;
	}
	if (*y <= eps) {
		*h += *y + bl;
		*y = -bl;
	}
	if (*x + *w >= l->trim_w - eps)
		*w = l->trim_w + bl - *x;
	if (*y + *h >= l->trim_h - eps)
		*h = l->trim_h + bl - *y;
}

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	if (r <= 0) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	r = fmin(r, fmin(w, h) / 2);
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
	cairo_close_path(cr);
}

static void fill_stroke(page *p, const pl_block *b)
{
	cairo_t *cr = p->cr;

	if (b->fill) {
		set_color(p, b->fill);
		if (b->stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (b->stroke) {
		set_color(p, b->stroke);
		cairo_set_line_width(cr, b->stroke_w);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

/* ---- blocks ---- */

typedef struct measured {
	bool present;
	pl_text_fit fit;   /* text blocks */
	pl_image *img;     /* image blocks (borrowed from the cache) */
	char *field;       /* first field of the template, for messages */
	char *text;        /* the text laid out, for messages */
	char glyph_field[64]; /* the field a missing glyph is in */
	const char *list_full; /* a list field's whole value */
	int list_total, list_kept; /* its items, and those printed (0, 0: all) */
	int dropped;       /* left out: 1 does not fit, 2 to make room */
	double h;          /* height used inside a column */
} measured;

static void measured_drop(measured *m, int why);

static int image_for(page *p, const char *src, pl_image **out)
{
	pl_page_ctx *pc = p->pc;
	char *path = pl_path_resolve(p->rec->source, src);
	cached_image *ni;

	*out = NULL;
	if (!path) {
		pl_error_set(p->err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	for (size_t i = 0; i < pc->n_images; i++)
		if (!strcmp(pc->images[i].path, path)) {
			free(path);
			*out = pc->images[i].img;
			return 0;
		}
	*out = pl_image_load(path, p->err);
	if (!*out) {
		free(path);
		return -1;
	}
	ni = realloc(pc->images, (pc->n_images + 1) * sizeof *ni);
	if (!ni) {
		pl_image_free(*out);
		free(path);
		pl_error_set(p->err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	pc->images = ni;
	pc->images[pc->n_images++] = (cached_image){path, *out};
	return 0;
}

/* Expand a block's template into *text (NULL: no data, the block drops
 * out). */
static int expand(page *p, const pl_block *b, measured *m, char **text)
{
	*text = NULL;
	free(m->field);
	m->field = NULL;
	p->n_seen = 0;
	p->tmpl_lang = b->type == PL_BLOCK_TEXT ? b->lang : NULL;
	if (pl_template_expand(b->text, lookup, p, text, &m->field) != 0) {
		pl_error_set(p->err, PL_EINPUT, "the template \"%s\" has an unclosed or empty {placeholder}. Write fields as {name}.",
			     b->text);
		pl_error_at(p->err, p->pc->layout->path, b->line, 0);
		return -1;
	}
	return 0;
}

static int measure_image(page *p, char *text, double w, double h, measured *m)
{
	double iw, ih;
	int rc = image_for(p, text, &m->img);

	if (rc) {
		const char *name = m->field ? m->field : "image";
		const pl_field *f = pl_record_find(p->rec, name, NULL);
		pl_error_at(p->err, p->rec->source, 0, 0);
		pl_error_field(p->err, p->rec->index, name);
		if (f)
			pl_error_at(p->err, NULL, f->line, f->col);
	}
	free(text);
	if (rc)
		return -1;
	pl_image_size(m->img, &iw, &ih);
	m->present = true;
	m->h = iw > 0 ? fmin(h, w * ih / iw) : h;
	return 0;
}

/* Lay out an expanded text for a box w × h; takes text. */
static int fit_text(page *p, const pl_block *b, char *text, double w, double h, measured *m)
{
	pl_text_style st = {
		.family = family(p, b), .weight = b->weight, .italic = b->italic,
		.max_pt = b->max_pt, .min_pt = b->min_pt, .line_height = b->line_height,
		.align = b->align, .max_lines = b->max_lines, .lang = block_lang(p, b),
		.tracking = b->tracking,
	};
	pl_text_span spans[32];
	const char *fields[32];
	char *t = NULL;

	if (b->upper) {
		/* Upper-casing changes lengths: one language for the whole text. */
		t = pl_locale_upper(text, st.lang);
	} else {
		st.n_spans = value_spans(p, text, spans, fields);
		st.spans = spans;
		if (lang_is_arabic_script(st.lang) && strchr(text, ','))
			t = arabic_separators(text, spans, st.n_spans);
		else
			t = strdup(text);
	}
	free(text);
	if (!t) {
		pl_error_set(p->err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	if (m->fit.layout)
		g_object_unref(m->fit.layout);
	memset(&m->fit, 0, sizeof m->fit);
	free(m->text);
	m->text = t;
	if (pl_text_fit_box(p->pc->fonts, t, &st, w, h, &m->fit, p->err)) {
		pl_error_at(p->err, p->pc->layout->path, b->line, 0);
		return -1;
	}
	/* Name the field the first missing character is in. */
	snprintf(m->glyph_field, sizeof m->glyph_field, "%s", m->field ? m->field : "");
	for (size_t i = 0; m->fit.unknown_glyphs && i < st.n_spans; i++)
		if (m->fit.missing_at >= (long)spans[i].start && m->fit.missing_at < (long)spans[i].end)
			snprintf(m->glyph_field, sizeof m->glyph_field, "%s", fields[i]);
	m->present = true;
	m->h = m->fit.height;
	return 0;
}

/* Expand and lay out a text or image block for a box w × h. A list field
 * that does not fit loses items from its end; an optional block that still
 * does not fit drops out. Findings wait for report_measured(), so that a
 * column may measure again. */
static int measure(page *p, const pl_block *b, double w, double h, measured *m)
{
	char *text;
	size_t items;

	memset(m, 0, sizeof *m);
	if (b->type != PL_BLOCK_TEXT && b->type != PL_BLOCK_IMAGE) {
		m->present = true;
		m->h = h;
		return 0;
	}
	p->list_full = NULL;
	p->list_keep = -1;
	if (expand(p, b, m, &text))
		return -1;
	if (!text)
		return 0; /* no data: the block drops out */
	if (b->type == PL_BLOCK_IMAGE)
		return measure_image(p, text, w, h, m);
	m->list_full = p->list_full;
	if (fit_text(p, b, text, w, h, m))
		return -1;
	items = m->list_full ? count_words(m->list_full) : 0;
	for (int keep = (int)items - 1; !m->fit.fits && keep >= 1; keep--) {
		p->list_keep = keep;
		if (expand(p, b, m, &text))
			return -1;
		if (!text || fit_text(p, b, text, w, h, m))
			return text ? -1 : 0;
		m->list_total = (int)items;
		m->list_kept = keep;
	}
	p->list_keep = -1;
	if (!m->fit.fits && b->optional)
		measured_drop(m, 1);
	return 0;
}

/* Leave a measured block out: 1 when it does not fit, 2 to make room. */
static void measured_drop(measured *m, int why)
{
	if (m->fit.layout)
		g_object_unref(m->fit.layout);
	m->fit.layout = NULL;
	m->present = false;
	m->dropped = why;
}

static void measured_free(measured *m)
{
	if (m->fit.layout)
		g_object_unref(m->fit.layout);
	free(m->field);
	free(m->text);
}

/* The findings of a measured block, once it is placed. */
static void report_measured(page *p, const pl_block *b, const measured *m, const char *for_field)
{
	const char *t = m->text ? m->text : "";
	const char *more = strlen(t) > 60 ? "…" : "";

	if (m->dropped == 1)
		finding(p, PL_ENOTE, m->field,
			"the %s \"%.60s%s\" does not fit its box even at %.1f pt, so this optional line is left out. Shorten it to print it, or choose a layout with more room.",
			m->field ? m->field : "text", t, more, b->min_pt);
	else if (m->dropped == 2)
		finding(p, PL_ENOTE, m->field,
			"the %s \"%.60s%s\" is left out to make room for the %s. Shorten one of them to print both, or choose a layout with more room.",
			m->field ? m->field : "text", t, more, for_field ? for_field : "text below it");
	if (!m->present)
		return;
	if (m->list_total && m->list_kept < m->list_total) {
		const char *rest = m->list_full + list_head_len(m->list_full, m->list_kept);
		finding(p, PL_ENOTE, "hashtags",
			"only %d of the %d hashtags fit on this layout, so \"%s\" %s left out. Put the most important first, or choose a layout with more room.",
			m->list_kept, m->list_total, rest + strspn(rest, " "), m->list_total - m->list_kept > 1 ? "are" : "is");
	}
	if (!m->fit.fits && m->fit.layout)
		finding(p, PL_EFIT, m->field,
			"the text \"%.60s%s\" does not fit its box even at %.1f pt, the smallest size the layout allows, so it is cut short. Shorten it, or choose a layout with more room.",
			t, more, b->min_pt);
	if (m->fit.unknown_glyphs) {
		if (strchr(m->fit.missing_list, ','))
			finding(p, PL_EFINDING, m->glyph_field,
				"the characters %s cannot be printed: no font in placard's set has them (flags, and emoji newer than Unicode 9, are not in it), so they would print as empty boxes. Remove or replace them.",
				m->fit.missing_list);
		else
			finding(p, PL_EFINDING, m->glyph_field,
				"the character %s cannot be printed: no font in placard's set has it (flags, and emoji newer than Unicode 9, are not in it), so it would print as an empty box. Remove or replace it.",
				m->fit.missing_list);
	}
}

static void draw_text(page *p, const pl_block *b, measured *m, double x, double y, double w, double h)
{
	double ty = y;
	char extra[96];

	if (b->valign == 0)
		ty = y + (h - m->fit.height) / 2;
	else if (b->valign == 1)
		ty = y + h - m->fit.height;
	cairo_save(p->cr);
	if (!m->fit.fits) {
		cairo_rectangle(p->cr, x, y, w, h);
		cairo_clip(p->cr);
	}
	set_color(p, b->fill);
	pl_text_draw(p->cr, m->fit.layout, x, ty);
	cairo_restore(p->cr);
	{
		double box[4] = {x, y, w, h};
		note_text(p, b, m->field, m->fit.layout, m->fit.size_pt, b->weight, !m->fit.fits, x, ty, box, b->fill);
	}
	snprintf(extra, sizeof extra, "size=%.2f%s%s used_h=%.1f", m->fit.size_pt, m->fit.fits ? "" : " OVERFLOW",
		 m->fit.rtl ? " rtl" : "", m->fit.height / PL_MM_TO_PT);
	dump(p, "text", b, x, y, w, h, extra);
}

static void draw_image(page *p, const pl_block *b, measured *m, double x, double y, double w, double h)
{
	int ha = b->align == PL_ALIGN_CENTER ? 0 : b->align == PL_ALIGN_END ? 1 : -1;
	double out[4];
	pl_error ignore = {0};

	if (p->rtl)
		ha = -ha;
	pl_image_draw(m->img, p->cr, x, y, w, h, ha, b->valign, b->cover, out, &ignore);
	dump(p, "image", b, out[0], out[1], out[2], out[3], NULL);
	if (p->pc->items) {
		pl_page_item it = {.dpi = pl_image_dpi(m->img, out[2])};
		/* A covering image is cut to its box: only that part prints. */
		double x0 = b->cover ? fmax(out[0], x) : out[0], y0 = b->cover ? fmax(out[1], y) : out[1];
		double x1 = b->cover ? fmin(out[0] + out[2], x + w) : out[0] + out[2];
		double y1 = b->cover ? fmin(out[1] + out[3], y + h) : out[1] + out[3];
		note(p, PL_ITEM_IMAGE, b, m->field ? m->field : "image", x0, y0, x1 - x0, y1 - y0, NULL, &it, NULL);
	}
}

/* A QR block's error-correction level: the layout's, the record's qr.ec, or M. */
static char block_ec(const pl_block *b, const pl_record *rec)
{
	const char *ec_s = pl_record_get(rec, "qr.ec");

	return b->ec ? b->ec : ec_s && *ec_s ? (char)toupper((unsigned char)*ec_s) : 'M';
}

/* The code for url at level ec, encoded once for consecutive uses; owned
 * by the context. NULL with p->err set when it cannot be encoded. */
static pl_qr *qr_for(page *p, const char *url, char ec)
{
	pl_page_ctx *pc = p->pc;
	char *copy;
	pl_qr *q;

	for (size_t i = 0; pc->ready && i < pc->ready->n_qr; i++)
		if (pc->ready->qr[i].ec == ec && !strcmp(pc->ready->qr[i].url, url))
			return pc->ready->qr[i].q;
	if (pc->qr && pc->qr_ec == ec && !strcmp(pc->qr_url, url))
		return pc->qr;
	q = pl_qr_new(url, ec, p->err);
	if (!q)
		return NULL;
	if (!(copy = pl_strdup(url))) {
		pl_qr_free(q);
		pl_error_set(p->err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	pl_qr_free(pc->qr);
	free(pc->qr_url);
	pc->qr = q;
	pc->qr_url = copy;
	pc->qr_ec = ec;
	return q;
}

/* The label's smallest size: a 5 pt sans is still read from arm's length. */
#define LABEL_MIN_PT 5.0
/* A two-line label may take room from the code while the code keeps this
 * share of its size and modules of at least this many mm. */
#define LABEL_KEEP_SIDE 0.85
#define LABEL_KEEP_MODULE_MM 0.45

/* s without its line breaks, for a message. */
static void one_line(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; *s && j + 1 < n; s++)
		out[j++] = *s == '\n' ? ' ' : *s;
	out[j] = '\0';
	/* "host/\nrest" reads "host/ rest": the break after "/" takes no space */
	for (char *q = out; (q = strstr(q, "/ ")); )
		memmove(q + 1, q + 2, strlen(q + 2) + 1);
}

/* Fit the url_label under code q in the block's box w × h: its height and
 * the code's side come back in *label_h and *side. Shortening it is a note
 * for the label placard made, a warning for the one the record gives. */
static int qr_label(page *p, pl_qr *q, const char *label, double w, double h, double *side, double *label_h,
		    pl_label *lab)
{
	pl_text_style st = {.family = p->theme->font_text, .weight = 400, .align = PL_ALIGN_CENTER, .lang = "en"};
	double h1 = fmax(8, fmin(w, h) * 0.1), h2, side1, keep;
	char *mine = pl_label_for_url(pl_record_get(p->rec, "url"));
	bool own = !mine || !pl_streq(mine, label);
	char shown[256], asked[256];

	free(mine);
	if (h1 > h - 20)
		return 0; /* a box with no room under the code: no label */
	side1 = fmin(w, h - h1);
	st.max_pt = fmin(14, h1 * 0.75);
	st.min_pt = fmin(LABEL_MIN_PT, st.max_pt);
	/* Room for two lines, taken from the code only as far as it can spare. */
	keep = fmax(side1 * LABEL_KEEP_SIDE,
		    LABEL_KEEP_MODULE_MM * PL_MM_TO_PT * side1 / pl_qr_module(q, side1));
	h2 = fmin(h - keep, 2.4 * st.max_pt);
	if (h2 < 2.3 * st.min_pt)
		h2 = 0;
	if (pl_label_fit(p->pc->fonts, label, &st, w, h1, h2, lab, p->err))
		return -1;
	*label_h = lab->lines == 2 ? fmax(h1, h2) : h1;
	if (!lab->fit.layout)
		*label_h = 0;
	*side = fmin(w, h - *label_h);
	one_line(lab->printed ? lab->printed : "", shown, sizeof shown);
	snprintf(asked, sizeof asked, "%s", label);
	if (lab->cut && lab->fit.layout && own)
		finding(p, PL_EWARN, "url_label",
			"the url_label \"%s\" is too long to print whole under the QR code, so it is printed as \"%s\". Shorten url_label, or choose a layout with a larger code.",
			asked, shown);
	else if (lab->cut && lab->fit.layout)
		finding(p, PL_ENOTE, "url_label",
			"the link under the QR code is printed shortened, as \"%s\", to fit; the code itself opens the whole link. Set url_label to print something else.",
			shown);
	else if (lab->cut && own)
		finding(p, PL_EWARN, "url_label",
			"the url_label \"%s\" does not fit under the QR code even cut short, so none is printed. Shorten url_label, or choose a layout with a larger code.",
			asked);
	else if (lab->cut)
		finding(p, PL_ENOTE, "url_label",
			"the link \"%s\" does not fit under the QR code even cut short, so none is printed; the code itself opens the whole link. Set a short url_label to print one.",
			asked);
	if (lab->fit.layout && lab->fit.unknown_glyphs)
		finding(p, PL_EFINDING, "url_label",
			"the QR label has %s, which no font in placard's set can print. Set a url_label without it.",
			lab->fit.missing_list);
	return 0;
}

static int draw_qr(page *p, const pl_block *b, double x, double y, double w, double h)
{
	const char *url = pl_record_get(p->rec, "qr_url");
	const char *label = pl_record_get(p->rec, "url_label");
	char ec = block_ec(b, p->rec);
	double side, label_h = 0, qx, qy, dark[3], light[3], module_mm;
	pl_qr *q;
	pl_label lab = {0};
	char extra[96];

	if (!url)
		return 0; /* no url: the code drops out */
	q = qr_for(p, url, ec);
	if (!q) {
		pl_error_at(p->err, p->rec->source, 0, 0);
		pl_error_field(p->err, p->rec->index, "url");
		return -1;
	}
	side = fmin(w, h);
	if (b->label && !pl_str_empty(label) && qr_label(p, q, label, w, h, &side, &label_h, &lab))
		return -1;
	qx = x + (w - side) / 2;
	qy = y;
	color(p, b->fill, dark);
	if (!color(p, b->bg ? b->bg : "paper", light))
		light[0] = light[1] = light[2] = 1;
	pl_qr_draw(q, p->cr, qx, qy, side, dark, light);
	pl_link_area(p->cr, qx, qy, side, side, url);
	/* Its module size is checked by preflight.c, with the decoding. */
	module_mm = pl_qr_module(q, side) / PL_MM_TO_PT;
	if (p->pc->items) {
		pl_page_item it = {.module_mm = module_mm, .modules = pl_qr_width(q)}, sq = {0};
		memcpy(sq.rgb, light, sizeof light);
		note(p, PL_ITEM_FILL, b, NULL, qx, qy, side, side, NULL, &sq, NULL);
		note(p, PL_ITEM_QR, b, "url", qx, qy, side, side, b->fill, &it, url);
	}
	if (lab.fit.layout) {
		double lrgb[3], box[4] = {x, qy + side, w, label_h};
		const char *spec = b->label_color ? b->label_color : b->fill;
		double ly = qy + side + (label_h - lab.fit.height) / 2;
		color(p, spec, lrgb);
		cairo_set_source_rgb(p->cr, lrgb[0], lrgb[1], lrgb[2]);
		pl_text_draw(p->cr, lab.fit.layout, x, ly);
		note_text(p, b, "url_label", lab.fit.layout, lab.fit.size_pt, 400, false, x, ly, box, spec);
	}
	snprintf(extra, sizeof extra, "modules=%d module=%.2fmm ec=%c label_lines=%d label_size=%.2f", pl_qr_width(q),
		 module_mm, ec, lab.fit.layout ? lab.lines : 0, lab.fit.layout ? lab.fit.size_pt : 0);
	pl_label_free(&lab);
	dump(p, "qr", b, qx, qy, side, side, extra);
	return 0;
}

static void draw_shape(page *p, const pl_block *b, double x, double y, double w, double h)
{
	cairo_t *cr = p->cr;

	if (b->type == PL_BLOCK_LINE) {
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x + w, y + h);
		set_color(p, b->stroke ? b->stroke : b->fill);
		cairo_set_line_width(cr, b->stroke_w);
		cairo_stroke(cr);
		dump(p, "line", b, x, y, w, h, NULL);
		return;
	}
	bleed_box(p, b, &x, &y, &w, &h);
	if (b->type == PL_BLOCK_CIRCLE) {
		cairo_save(cr);
		cairo_translate(cr, x + w / 2, y + h / 2);
		cairo_scale(cr, w / 2, h / 2);
		cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
		cairo_restore(cr);
	} else {
		rounded_rect(cr, x, y, w, h, b->radius);
	}
	fill_stroke(p, b);
	if (b->fill) {
		pl_page_item it = {.ellipse = b->type == PL_BLOCK_CIRCLE};
		note(p, PL_ITEM_FILL, b, NULL, x, y, w, h, b->fill, &it, NULL);
	}
	dump(p, b->type == PL_BLOCK_CIRCLE ? "circle" : "rect", b, x, y, w, h, NULL);
}

static int draw_block(page *p, const pl_block *b, measured *m, double x, double y, double w, double h)
{
	switch (b->type) {
	case PL_BLOCK_TEXT:
		draw_text(p, b, m, x, y, w, h);
		return 0;
	case PL_BLOCK_IMAGE:
		draw_image(p, b, m, x, y, w, h);
		return 0;
	case PL_BLOCK_QR:
		return draw_qr(p, b, x, y, w, h);
	default:
		draw_shape(p, b, x, y, w, h);
		return 0;
	}
}

/* Preflight's region mode: may block b, in box (x, y, w, h), paint there? */
static bool in_region(page *p, const pl_block *b, double x, double y, double w, double h)
{
	const double *r = p->pc->region;
	double slack = 0.5 + b->stroke_w;

	if (!p->pc->has_region)
		return true;
	if (b->type == PL_BLOCK_LINE) {
		/* a line's box may have a negative width or height */
		x = fmin(x, x + w);
		y = fmin(y, y + h);
		w = fabs(w);
		h = fabs(h);
	}
	bleed_box(p, b, &x, &y, &w, &h);
	if (!(x - slack < r[0] + r[2] && x + w + slack > r[0] && y - slack < r[1] + r[3] &&
	      y + h + slack > r[1]))
		return false;
	/* Text (a QR code's label too), pictures and columns need fonts or
	 * decoders to paint: the region's drawing is then not plain paths. */
	if (b->type == PL_BLOCK_TEXT || b->type == PL_BLOCK_IMAGE || b->type == PL_BLOCK_COLUMN ||
	    (b->type == PL_BLOCK_QR && b->label))
		p->pc->region_fonts = true;
	return true;
}

/* Measure a column's children for its height h: each gets at most its own
 * height and what is left; those in `skip` are measured, then left out. */
static int measure_column(page *p, const pl_block *col, double w, double h, const bool *skip, measured *m,
			  double *used_out)
{
	double used = 0;
	int shown = 0;

	for (size_t i = 0; i < col->n_kids; i++) {
		const pl_block *k = &col->kids[i];
		double room = h - used - (shown ? col->gap : 0);
		if (measure(p, k, w, fmin(k->h, fmax(room, 1)), &m[i]))
			return -1;
		if (skip[i] && m[i].present)
			measured_drop(&m[i], 2);
		if (!m[i].present)
			continue;
		if (k->type == PL_BLOCK_RECT || k->type == PL_BLOCK_LINE)
			m[i].h = fmin(k->h, fmax(room, 0));
		used += (shown ? col->gap : 0) + m[i].h;
		shown++;
	}
	*used_out = used;
	return 0;
}

/* A column: children stacked top to bottom with `gap` between those present,
 * closing up when one drops out. When a required text does not fit, the
 * nearest optional block above it makes room, and the column is measured
 * again. */
static int draw_column(page *p, const pl_block *col)
{
	double x, y, w, h, used = 0, top;
	size_t n = col->n_kids ? col->n_kids : 1;
	measured *m = calloc(n, sizeof *m);
	bool *skip = calloc(n, sizeof *skip);
	ssize_t made_room_for = -1;
	int rc = 0;

	if (!m || !skip) {
		free(m);
		free(skip);
		pl_error_set(p->err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	block_box(p, col, &x, &y, &w, &h);
	for (;;) {
		ssize_t bad = -1, give = -1;
		rc = measure_column(p, col, w, h, skip, m, &used);
		for (size_t i = 0; rc == 0 && bad < 0 && i < col->n_kids; i++)
			if (m[i].present && m[i].fit.layout && !m[i].fit.fits && !col->kids[i].optional)
				bad = (ssize_t)i;
		for (ssize_t i = bad - 1; i >= 0 && give < 0; i--)
			if (col->kids[i].optional && m[i].present)
				give = i;
		if (give < 0)
			break;
		skip[give] = true;
		made_room_for = bad;
		for (size_t i = 0; i < col->n_kids; i++)
			measured_free(&m[i]);
	}
	top = y;
	if (col->valign == 0)
		top = y + (h - used) / 2;
	else if (col->valign == 1)
		top = y + h - used;
	if (rc == 0)
		dump(p, "column", col, x, y, w, h, NULL);
	for (size_t i = 0, k = 0; rc == 0 && i < col->n_kids; i++) {
		report_measured(p, &col->kids[i], &m[i],
				made_room_for >= 0 && m[made_room_for].field ? m[made_room_for].field : NULL);
		if (!m[i].present)
			continue;
		if (k++)
			top += col->gap;
		rc = draw_block(p, &col->kids[i], &m[i], x, top, w, m[i].h);
		top += m[i].h;
	}
	for (size_t i = 0; i < col->n_kids; i++)
		measured_free(&m[i]);
	free(m);
	free(skip);
	return rc;
}

static int apply_record_theme(page *p)
{
	const pl_record *r = p->rec;
	const char *name = pl_record_get(r, "theme");
	bool own = false;

	for (size_t i = 0; i < r->n; i++)
		if (!r->fields[i].lang && !strncmp(r->fields[i].name, "theme.", 6))
			own = true;
	if (!own && (!name || p->pc->opts.theme))
		return 0;
	p->theme = pl_theme_load(p->pc->opts.datadir,
				 name && !p->pc->opts.theme ? name : p->pc->theme->name, p->err);
	if (!p->theme) {
		const pl_field *f = pl_record_find(r, "theme", NULL);
		pl_error_at(p->err, r->source, f ? f->line : 0, f ? f->col : 0);
		pl_error_field(p->err, r->index, "theme");
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		const pl_field *f = &r->fields[i];
		if (f->lang || strncmp(f->name, "theme.", 6))
			continue;
		if (pl_theme_set(p->theme, f->name + 6, f->value, p->err)) {
			pl_error_at(p->err, r->source, f->line, f->col);
			pl_error_field(p->err, r->index, f->name);
			return -1;
		}
	}
	return 0;
}

int pl_page_draw(pl_page_ctx *pc, cairo_t *cr, const pl_record *in, pl_diag *findings, pl_buf *dmp,
		 pl_error *err)
{
	const pl_layout *l = pc->layout;
	page p = {.pc = pc, .cr = cr, .findings = findings, .dump = dmp, .err = err};
	double bl = pc->opts.bleed;
	int rc = 0;

	p.rec = derived_for(pc, in);
	if (!p.rec) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	p.theme = pc->theme;
	if (apply_record_theme(&p)) {
		derived_done(pc, p.rec);
		return -1;
	}
	p.rtl = lang_is_rtl(pl_record_lang(p.rec));
	cairo_save(cr);
	if (l->shape) {
		/* Sticker: artwork clipped to its shape grown by the bleed. */
		double r = !strcmp(l->shape, "circle") ? fmin(l->trim_w, l->trim_h) / 2 + bl
			   : !strcmp(l->shape, "rounded") ? l->shape_radius + bl : 0;
		rounded_rect(cr, -bl, -bl, l->trim_w + 2 * bl, l->trim_h + 2 * bl, r);
		cairo_clip(cr);
	}
	/* Background: the whole page, bleed included (within
	 * a sticker's shape). */
	set_color(&p, l->background);
	cairo_rectangle(cr, -bl - 50, -bl - 50, l->trim_w + 2 * bl + 100, l->trim_h + 2 * bl + 100);
	cairo_fill(cr);
	note(&p, PL_ITEM_FILL, NULL, NULL, -bl, -bl, l->trim_w + 2 * bl, l->trim_h + 2 * bl, l->background, NULL, NULL);
	for (size_t i = 0; i < l->n_blocks && rc == 0; i++) {
		const pl_block *b = &l->blocks[i];
		double x, y, w, h;
		measured m;

		block_box(&p, b, &x, &y, &w, &h);
		if (!in_region(&p, b, x, y, w, h))
			continue;
		if (b->type == PL_BLOCK_COLUMN) {
			rc = draw_column(&p, b);
			continue;
		}
		rc = measure(&p, b, w, h, &m);
		if (rc == 0)
			report_measured(&p, b, &m, NULL);
		if (rc == 0 && m.present)
			rc = draw_block(&p, b, &m, x, y, w, h);
		measured_free(&m);
	}
	cairo_restore(cr);
	free(p.list_buf);
	if (p.theme != pc->theme)
		pl_theme_free(p.theme);
	derived_done(pc, p.rec);
	return rc;
}

/* A QR code that cannot be made is the record's url's fault: say where. */
static void url_error_at(const pl_record *rec, pl_error *err)
{
	const pl_field *f = pl_record_find(rec, "url", NULL);

	pl_error_at(err, rec->source, f ? f->line : 0, f ? f->col : 0);
	pl_error_field(err, rec->index, "url");
}

/* Everything that can make a record unrenderable, checked before any page is
 * drawn: its theme, its images, and whether its URL fits in a QR code. */
static int prepare_blocks(page *p, const pl_block *blocks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const pl_block *b = &blocks[i];
		if (b->type == PL_BLOCK_COLUMN) {
			if (prepare_blocks(p, b->kids, b->n_kids))
				return -1;
		} else if (b->type == PL_BLOCK_IMAGE) {
			measured m;
			int rc = measure(p, b, b->w, b->h, &m);
			measured_free(&m);
			if (rc)
				return -1;
		} else if (b->type == PL_BLOCK_QR) {
			const char *url = pl_record_get(p->rec, "qr_url");
			/* Encoded now and kept for the drawing (qr_for). */
			if (url && !qr_for(p, url, block_ec(b, p->rec))) {
				url_error_at(p->rec, p->err);
				return -1;
			}
		}
	}
	return 0;
}

int pl_page_prepare(pl_page_ctx *pc, const pl_record *in, pl_error *err)
{
	page p = {.pc = pc, .err = err};
	int rc;

	p.rec = derived_for(pc, in);
	if (!p.rec) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	p.theme = pc->theme;
	rc = apply_record_theme(&p);
	if (rc == 0)
		rc = prepare_blocks(&p, pc->layout->blocks, pc->layout->n_blocks);
	if (p.theme != pc->theme)
		pl_theme_free(p.theme);
	derived_done(pc, p.rec);
	return rc;
}

/* ---- records made ready ahead (page.h) ---- */

/* Encode the code of every QR block (columns included) into r. */
static int ready_codes(pl_page_ready *r, const pl_block *blocks, size_t n, pl_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const pl_block *b = &blocks[i];
		const char *url;
		char ec;
		bool have = false;

		if (b->type == PL_BLOCK_COLUMN) {
			if (ready_codes(r, b->kids, b->n_kids, err))
				return -1;
			continue;
		}
		if (b->type != PL_BLOCK_QR || !(url = pl_record_get(r->rec, "qr_url")))
			continue;
		ec = block_ec(b, r->rec);
		for (size_t k = 0; k < r->n_qr && !have; k++)
			have = r->qr[k].ec == ec && !strcmp(r->qr[k].url, url);
		if (have || r->n_qr == PL_READY_MAX_QR)
			continue; /* more levels than that: encoded when drawn */
		r->qr[r->n_qr].q = pl_qr_new(url, ec, err);
		if (!r->qr[r->n_qr].q) {
			url_error_at(r->rec, err);
			return -1;
		}
		r->qr[r->n_qr].ec = ec;
		if (r->opts_qr_ops)
			pl_qr_compress_ops(r->qr[r->n_qr].q); /* else written as text */
		if (!(r->qr[r->n_qr++].url = pl_strdup(url))) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
	}
	return 0;
}

pl_page_ready *pl_page_ready_new(const pl_layout *layout, const pl_page_opts *opts, const pl_record *in,
				 pl_error *err)
{
	pl_page_ready *r = calloc(1, sizeof *r);

	if (!r || !(r->rec = derive(in, opts, layout->kind))) {
		free(r);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	r->in = in;
	r->opts_qr_ops = opts->qr_ops;
	if (ready_codes(r, layout->blocks, layout->n_blocks, err)) {
		pl_page_ready_free(r);
		return NULL;
	}
	return r;
}

void pl_page_ready_free(pl_page_ready *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_qr; i++) {
		free(r->qr[i].url);
		pl_qr_free(r->qr[i].q);
	}
	pl_record_free(r->rec);
	free(r);
}
