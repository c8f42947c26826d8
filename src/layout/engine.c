/* engine.c — the layout engine proper: a block's template expanded with
 * the record's values (each with its language), text measured and fitted
 * between its max and min size, list fields (hashtags) losing items from
 * the end and optional blocks dropping out when they do not fit, columns
 * stacked and closed up. Findings wait until a column is settled. */
#include "layout/page_int.h"
#include "base/config.h"
#include "data/lang.h"
#include "data/locale.h"
#include "data/template.h"
#include "draw/script.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* ---- blocks ---- */


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

/* What a QR block's code opens: its own `url` template expanded (into
 * *owned, freed by the caller), else the record's qr_url. NULL: no URL, the
 * code drops out. */
const char *page_qr_url(page *p, const pl_block *b, char **owned)
{
	*owned = NULL;
	if (!b->url)
		return pl_record_get(p->rec, "qr_url");
	for (const char *t = b->url; t && !*owned; t = strchr(t, '\n') ? strchr(t, '\n') + 1 : NULL) {
		char one[1024];
		size_t len = strcspn(t, "\n");
		if (len >= sizeof one)
			continue;
		memcpy(one, t, len);
		one[len] = '\0';
		p->n_seen = 0;
		p->tmpl_lang = NULL;
		if (pl_template_expand(one, lookup, p, owned, NULL) != 0 || (*owned && pl_str_empty(*owned))) {
			free(*owned);
			*owned = NULL;
		}
	}
	return *owned;
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

static const char *record_lookup(void *ctx, const char *name)
{
	return pl_record_get(ctx, name);
}

char *page_qr_logo(const pl_block *b, const pl_record *rec, char **field)
{
	const char *own = pl_record_get(rec, "qr.logo");
	char *src = NULL;

	if (field)
		*field = NULL;
	if (b->type != PL_BLOCK_QR)
		return NULL;
	if (!pl_str_empty(own)) {
		if (!strcmp(own, "none") || !strcmp(own, "false") || !strcmp(own, "no"))
			return NULL;
		if (field)
			*field = pl_strdup("qr.logo");
		return pl_strdup(own);
	}
	if (!b->logo || pl_template_expand(b->logo, record_lookup, (void *)rec, &src, field) != 0)
		return NULL;
	if (pl_str_empty(src)) {
		free(src);
		return NULL;
	}
	return src;
}

/* A QR block: its logo, if it has one, loaded into m->img. */
static int measure_qr_logo(page *p, const pl_block *b, double h, measured *m)
{
	char *src = page_qr_logo(b, p->rec, &m->field);

	m->present = true;
	m->h = h;
	if (!src)
		return 0;
	if (!m->field)
		m->field = pl_strdup("qr.logo");
	if (image_for(p, src, &m->img)) {
		const pl_field *f = pl_record_find(p->rec, m->field ? m->field : "qr.logo", NULL);
		pl_error_at(p->err, p->rec->source, f ? f->line : 0, f ? f->col : 0);
		pl_error_field(p->err, p->rec->index, m->field ? m->field : "qr.logo");
		free(src);
		return -1;
	}
	free(src);
	return 0;
}

/* Lay out an expanded text for a box w × h; takes text. */
static int fit_text(page *p, const pl_block *b, char *text, double w, double h, measured *m)
{
	pl_text_style st = {
		.family = page_family(p, b), .weight = b->weight, .italic = b->italic,
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
		if (pl_lang_is_arabic_script(st.lang) && strchr(text, ','))
			t = pl_arabic_separators(text, spans, st.n_spans);
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
 * does not fit drops out. Findings wait for page_report_measured(), so that a
 * column may measure again. */
int page_measure(page *p, const pl_block *b, double w, double h, measured *m)
{
	char *text;
	size_t items;

	memset(m, 0, sizeof *m);
	if (b->type == PL_BLOCK_QR)
		return measure_qr_logo(p, b, h, m);
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

void page_measured_free(measured *m)
{
	if (m->fit.layout)
		g_object_unref(m->fit.layout);
	free(m->field);
	free(m->text);
}

/* The findings of a measured block, once it is placed. */
void page_report_measured(page *p, const pl_block *b, const measured *m, const char *for_field)
{
	const char *t = m->text ? m->text : "";
	const char *more = strlen(t) > 60 ? "…" : "";

	if (m->dropped == 1)
		page_finding(p, PL_ENOTE, m->field,
			"the %s \"%.60s%s\" does not fit its box even at %.1f pt, so this optional line is left out. Shorten it to print it, or choose a layout with more room.",
			m->field ? m->field : "text", t, more, b->min_pt);
	else if (m->dropped == 2)
		page_finding(p, PL_ENOTE, m->field,
			"the %s \"%.60s%s\" is left out to make room for the %s. Shorten one of them to print both, or choose a layout with more room.",
			m->field ? m->field : "text", t, more, for_field ? for_field : "text below it");
	if (!m->present)
		return;
	if (m->list_total && m->list_kept < m->list_total) {
		const char *rest = m->list_full + list_head_len(m->list_full, m->list_kept);
		page_finding(p, PL_ENOTE, "hashtags",
			"only %d of the %d hashtags fit on this layout, so \"%s\" %s left out. Put the most important first, or choose a layout with more room.",
			m->list_kept, m->list_total, rest + strspn(rest, " "), m->list_total - m->list_kept > 1 ? "are" : "is");
	}
	if (!m->fit.fits && m->fit.layout)
		page_finding(p, PL_EFIT, m->field,
			"the text \"%.60s%s\" does not fit its box even at %.1f pt, the smallest size the layout allows, so it is cut short. Shorten it, or choose a layout with more room.",
			t, more, b->min_pt);
	if (m->fit.unknown_glyphs) {
		if (strchr(m->fit.missing_list, ','))
			page_finding(p, PL_EFINDING, m->glyph_field,
				"the characters %s cannot be printed: no font in placard's set has them, so they would print as empty boxes. Remove or replace them.",
				m->fit.missing_list);
		else
			page_finding(p, PL_EFINDING, m->glyph_field,
				"the character %s cannot be printed: no font in placard's set has it, so it would print as an empty box. Remove or replace it.",
				m->fit.missing_list);
	}
}


bool page_block_wanted(const page *p, const pl_block *b)
{
	if (b->only_if && pl_str_empty(pl_record_get(p->rec, b->only_if)))
		return false;
	if (b->unless && !pl_str_empty(pl_record_get(p->rec, b->unless)))
		return false;
	return true;
}

/* Measure a column's children for its height h: each gets at most its own
 * height and what is left, a block that grows the height in grow_h (when
 * not NULL); those in `skip` are measured, then left out. */
static int measure_column(page *p, const pl_block *col, double w, double h, const bool *skip, const double *grow_h,
			  measured *m, double *used_out)
{
	double used = 0;
	int shown = 0;

	for (size_t i = 0; i < col->n_kids; i++) {
		const pl_block *k = &col->kids[i];
		double room = h - used - (shown ? col->gap : 0);
		if (!page_block_wanted(p, k)) {
			memset(&m[i], 0, sizeof m[i]);
			continue;
		}
		if (page_measure(p, k, w, fmin(grow_h && k->grow ? grow_h[i] : k->h, fmax(room, 1)), &m[i]))
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
int page_draw_column(page *p, const pl_block *col)
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
	page_block_box(p, col, &x, &y, &w, &h);
	for (;;) {
		ssize_t bad = -1, give = -1;
		rc = measure_column(p, col, w, h, skip, NULL, m, &used);
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
			page_measured_free(&m[i]);
	}
	/* What the blocks leave, the blocks that grow share: a title takes the
	 * room of a subtitle that is not there (up to its largest size). */
	{
		int growers = 0;
		double *grow_h = calloc(n, sizeof *grow_h);
		for (size_t i = 0; i < col->n_kids; i++)
			growers += m[i].present && col->kids[i].grow;
		if (rc == 0 && grow_h && growers && h - used > 1) {
			/* each grower's box: what it took, plus its share */
			for (size_t i = 0; i < col->n_kids; i++)
				grow_h[i] = m[i].h + (h - used) / growers;
			for (size_t i = 0; i < col->n_kids; i++)
				page_measured_free(&m[i]);
			rc = measure_column(p, col, w, h, skip, grow_h, m, &used);
		}
		free(grow_h);
	}
	top = y;
	if (col->valign == 0)
		top = y + (h - used) / 2;
	else if (col->valign == 1)
		top = y + h - used;
	if (rc == 0)
		page_dump(p, "column", col, x, y, w, h, NULL);
	for (size_t i = 0, k = 0; rc == 0 && i < col->n_kids; i++) {
		page_report_measured(p, &col->kids[i], &m[i],
				made_room_for >= 0 && m[made_room_for].field ? m[made_room_for].field : NULL);
		if (!m[i].present)
			continue;
		if (k++)
			top += col->gap;
		rc = page_draw_block(p, &col->kids[i], &m[i], x, top, w, m[i].h);
		top += m[i].h;
	}
	for (size_t i = 0; i < col->n_kids; i++)
		page_measured_free(&m[i]);
	free(m);
	free(skip);
	return rc;
}
