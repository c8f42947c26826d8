/* events.c — schedules (see events.h): the run's events sorted and made
 * ready once, cut into pages at the block's min size, and each page's
 * share laid out at the largest size that holds it all. One flow places
 * day headings and entries into columns or a grid; the same flow measures
 * (for the size and the pages) and draws. */
#include "layout/events.h"
#include "layout/page_int.h"
#include "base/config.h"
#include "data/derive.h"
#include "data/lang.h"
#include "data/locale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ev {
	const pl_record *in;   /* as read (borrowed) */
	pl_record *rec;        /* shown: localized, derived fields */
	pl_qr *qr;             /* its code, NULL for none */
	const char *day;       /* YYYY-MM-DD, NULL when it has no date */
	size_t order;          /* its place in the run */
	char *heading;         /* the day in the campaign's language */
} ev;

struct pl_schedule {
	ev *v;
	size_t n;
	pl_record *campaign;   /* the campaign's own fields, as read */
	/* the last page laid out: its range and the size chosen */
	size_t c_from, c_to;
	double c_size, c_hlim;
	int c_ncols;
};

bool pl_layout_is_schedule(const pl_layout *l)
{
	for (size_t i = 0; l && i < l->n_blocks; i++)
		if (l->blocks[i].type == PL_BLOCK_EVENTS)
			return true;
	return false;
}

/* ---- words of the page in a few languages (else English) ---- */

static const struct { const char *lang, *events, *cont, *more; } words[] = {
	{"en", "Events", "Continued", "Continued on the next page"},
	{"de", "Termine", "Fortsetzung", "Fortsetzung auf der nächsten Seite"},
	{"fr", "Événements", "Suite", "Suite à la page suivante"},
	{"es", "Eventos", "Continuación", "Continúa en la página siguiente"},
	{"nl", "Evenementen", "Vervolg", "Vervolg op de volgende pagina"},
	{"ar", "الفعاليات", "تتمة", "يتبع في الصفحة التالية"},
};

static int words_for(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof words / sizeof words[0]; i++)
		if (!strncmp(lang, words[i].lang, 2) && (!lang[2] || lang[2] == '-' || lang[2] == '_'))
			return (int)i;
	return 0;
}

/* ---- the schedule ---- */

static int by_when(const void *a, const void *b)
{
	const ev *x = a, *y = b;
	const char *tx = pl_record_get(x->in, "time"), *ty = pl_record_get(y->in, "time");
	int c;

	if (!x->day != !y->day)
		return x->day ? -1 : 1; /* undated events last */
	if (x->day && (c = strcmp(x->day, y->day)))
		return c;
	if (!tx != !ty)
		return tx ? 1 : -1; /* a day's events without a time first */
	if (tx && (c = strcmp(tx, ty)))
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The campaign: every "campaign.<name>" field of the first event as
 * <name>; without a title, the word for events in its language (without
 * any campaign field, the first event's). */
static pl_record *campaign_of(const pl_record *first)
{
	pl_record *r = pl_record_new(first->source, 1, first->line);
	int rc = 0;

	if (!r)
		return NULL;
	for (size_t i = 0; i < first->n && !rc; i++) {
		const pl_field *f = &first->fields[i];
		if (!strncmp(f->name, "campaign.", 9) && f->name[9] && !strchr(f->name + 9, '.'))
			rc = pl_record_set(r, f->name + 9, f->lang, f->value, f->line, f->col);
	}
	/* no campaign at all (a plain list, a CSV): the first event's language */
	if (!rc && !r->n && pl_record_get(first, "lang"))
		rc = pl_record_set(r, "lang", NULL, pl_record_get(first, "lang"), 0, 0);
	if (!rc && pl_str_empty(pl_record_get(r, "title")))
		rc = pl_record_set(r, "title", NULL, words[words_for(pl_record_lang(r))].events, 0, 0);
	if (rc) {
		pl_record_free(r);
		return NULL;
	}
	return r;
}

/* A translation the event took from its campaign of a field the event
 * gives itself ("title: March" under a campaign whose title has an Arabic
 * translation): it translates the campaign's text, not the event's. */
static bool inherited_translation(const pl_field *f, const void *ctx)
{
	const pl_record *r = ctx;
	char name[96];
	const char *own, *camp;

	if (!f->lang || !strncmp(f->name, "campaign.", 9))
		return false;
	snprintf(name, sizeof name, "campaign.%s", f->name);
	own = pl_record_get(r, f->name);
	camp = pl_record_get(r, name);
	return own && camp && strcmp(own, camp) && pl_streq(pl_record_get_lang(r, name, f->lang), f->value);
}

void pl_schedule_free(pl_schedule *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		pl_record_free(s->v[i].rec);
		pl_qr_free(s->v[i].qr);
		free(s->v[i].heading);
	}
	free(s->v);
	pl_record_free(s->campaign);
	free(s);
}

static const pl_block *events_block(const pl_layout *l)
{
	for (size_t i = 0; i < l->n_blocks; i++)
		if (l->blocks[i].type == PL_BLOCK_EVENTS)
			return &l->blocks[i];
	return NULL;
}

pl_schedule *pl_schedule_new(pl_page_ctx *pc, const pl_record *const *recs, size_t n, pl_diag *notes,
			     pl_error *err)
{
	pl_schedule *s = calloc(1, sizeof *s);
	const pl_block *b = events_block(pc->layout);
	pl_record *camp_shown = NULL;
	const char *lang;

	if (!s || !n || !(s->v = calloc(n, sizeof *s->v)) || !(s->campaign = campaign_of(recs[0])) ||
	    !(camp_shown = pl_derive(s->campaign, pc->opts.lang, pc->opts.latin_digits, pc->layout->kind)))
		goto oom;
	lang = pl_record_lang(camp_shown);
	for (size_t i = 0; i < n; i++) {
		ev *e = &s->v[s->n++];
		const char *url;
		e->in = recs[i];
		e->order = i;
		if (!(e->rec = pl_derive(recs[i], pc->opts.lang, pc->opts.latin_digits, pc->layout->kind)))
			goto oom;
		pl_record_drop(e->rec, inherited_translation, e->rec);
		e->day = pl_record_get(e->rec, "date");
		if (e->day && !(e->heading = pl_locale_date(e->day, lang, pc->opts.latin_digits)))
			goto oom;
		url = pl_record_get(e->rec, "qr_url");
		if (b && b->qr_max > 0 && url) {
			pl_error qe = {0};
			e->qr = pl_qr_new(url, page_block_ec(b, e->rec), &qe);
			if (!e->qr) {
				const pl_field *f = pl_record_find(recs[i], "url", NULL);
				if (qe.code == PL_ENOMEM)
					goto oom;
				qe.code = PL_EWARN;
				snprintf(qe.msg, sizeof qe.msg, "%s", "this event's URL is too long for a QR code, so its entry in the schedule has none. Shorten the URL (a link shortener) to give it one.");
				pl_error_field(&qe, recs[i]->index, "url");
				pl_error_at(&qe, recs[i]->source, f ? f->line : recs[i]->line, f ? f->col : 0);
				if (notes && pl_diag_add(notes, &qe))
					goto oom;
			}
		}
	}
	qsort(s->v, s->n, sizeof *s->v, by_when);
	pl_record_free(camp_shown);
	return s;
oom:
	pl_record_free(camp_shown);
	pl_schedule_free(s);
	pl_error_set(err, PL_ENOMEM, "out of memory.");
	return NULL;
}

/* ---- the flow: headings and entries placed in columns or a grid ---- */

enum { SLOT_HEADING, SLOT_ENTRY, SLOT_CONT, SLOT_MORE };

typedef struct slot {
	int kind;
	size_t ev;
	double x, y, w, h;
} slot;

typedef struct flow {
	page *p;
	const pl_block *b;
	pl_schedule *s;
	pl_record *camp;       /* the page's record (the campaign, shown) */
	double size;           /* the list's size, points */
	bool rtl;              /* the campaign reads right to left */
	int wi;                /* words[] */
	bool bad;              /* a text did not fit its width at this size */
	double hlim;           /* > 0: columns end this far down (balanced) */
	int ncols;             /* > 0: fewer columns than the block's */
	slot *slots;
	size_t n_slots;
} flow;

/* A text block for one line of the list: the entry's line k (or, k < 0, a
 * heading of `text`) at the flow's size. */
static pl_block line_block(const flow *f, int k, const char *text, double mult)
{
	pl_block lb;

	if (k >= 0) {
		lb = f->b->kids[k];
		mult = lb.scale;
	} else {
		memset(&lb, 0, sizeof lb);
		lb.type = PL_BLOCK_TEXT;
		lb.text = (char *)text;
		lb.font = (char *)"display";
		lb.weight = 700;
		lb.fill = f->b->heading_color ? f->b->heading_color : (char *)"accent";
		lb.line = f->b->line;
		lb.valign = -1;
	}
	lb.max_pt = lb.min_pt = fmax(1, f->size * mult);
	if (k < 0 && mult > 1) {
		/* a day heading keeps to one line: smaller, down to 0.85 of the list's size */
		lb.min_pt = fmax(1, 0.85 * f->size);
		lb.max_lines = 1;
	}
	lb.optional = false;
	lb.align = PL_ALIGN_START;
	return lb;
}

/* Lay out one text (already a block) w wide; -1 on a failure. */
static int measure_line(flow *f, const pl_block *lb, double w, measured *m)
{
	int rc = page_measure(f->p, lb, w, 100000, m);

	if (rc == 0 && m->present && m->fit.layout) {
		/* every line starts on the list's side, whatever its own direction */
		pango_layout_set_alignment(m->fit.layout, m->fit.rtl == f->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
		if (!m->fit.fits)
			f->bad = true;
	}
	return rc;
}

/* The side of event e's code at the flow's size: the block's range, and
 * never so small that a module is under 0.45 mm. */
static double qr_side(const flow *f, const ev *e)
{
	double s, need;

	if (!e->qr || f->b->qr_max <= 0)
		return 0;
	s = fmin(f->b->qr_max, fmax(f->b->qr_min, f->b->qr_max * f->size / f->b->max_pt));
	need = (pl_qr_width(e->qr) + 2 * PL_QR_QUIET_MODULES) * 0.45 * PL_MM_TO_PT;
	return fmax(s, need);
}

/* An entry w wide: its height (and, when drawing, it drawn at x, y). */
static int entry(flow *f, size_t i, double x, double y, double w, bool draw, double *h_out)
{
	ev *e = &f->s->v[i];
	page *p = f->p;
	pl_record *keep = p->rec;
	double q = qr_side(f, e), qgap = q > 0 ? 0.6 * f->size : 0, tw = w - q - qgap, th = 0;
	double tx = f->rtl ? x : x + q + qgap, lgap = 0.18 * f->size;
	int rc = 0, shown = 0;

	if (tw < 4 * f->size) { /* no room for text beside the code */
		f->bad = true;
		tw = fmax(tw, f->size);
	}
	p->rec = e->rec;
	for (size_t k = 0; k < f->b->n_kids && rc == 0; k++) {
		pl_block lb = line_block(f, (int)k, NULL, 1);
		measured m;
		if (lb.type != PL_BLOCK_TEXT)
			continue;
		/* a second-language line only where the event has one of its own */
		if (lb.lang && !strcmp(lb.lang, "second") &&
		    (pl_str_empty(pl_record_get(e->rec, "second_lang")) ||
		     pl_streq(pl_record_get(e->rec, "second_lang"), pl_record_lang(e->rec))))
			continue;
		rc = measure_line(f, &lb, tw, &m);
		if (rc == 0 && m.present) {
			th += (shown++ ? lgap : 0);
			if (draw) {
				page_report_measured(p, &lb, &m, NULL);
				rc = page_draw_block(p, &lb, &m, tx, y + th, tw, m.h);
			}
			th += m.h;
		}
		page_measured_free(&m);
	}
	p->rec = keep;
	if (rc == 0 && draw && q > 0) {
		double qx = f->rtl ? x + w - q : x, dark[3], light[3];
		const char *url = pl_record_get(e->rec, "qr_url");
		if (!pl_theme_color(p->theme, "qr-dark", dark))
			dark[0] = dark[1] = dark[2] = 0;
		if (!pl_theme_color(p->theme, "qr-light", light))
			light[0] = light[1] = light[2] = 1;
		pl_qr_draw(e->qr, p->cr, qx, y, q, dark, light);
		pl_link_area(p->cr, qx, y, q, q, url);
		if (p->pc->items) {
			pl_page_item it = {.module_mm = pl_qr_module(e->qr, q) / PL_MM_TO_PT, .modules = pl_qr_width(e->qr)};
			pl_page_item sq = {0};
			memcpy(sq.rgb, light, sizeof light);
			memcpy(it.rgb, dark, sizeof dark);
			page_note(p, PL_ITEM_FILL, f->b, NULL, qx, y, q, q, NULL, &sq, NULL);
			page_note(p, PL_ITEM_QR, f->b, "url", qx, y, q, q, NULL, &it, url);
		}
	}
	*h_out = fmax(q, th);
	return rc;
}

/* A heading line (a day, "continued", "continued on the next page"). */
static int heading(flow *f, const char *text, double mult, double x, double y, double w, bool draw, double *h_out)
{
	pl_block lb = line_block(f, -1, text, mult);
	measured m;
	int rc;

	if (mult < 1.1) { /* "continued" lines */
		lb.weight = 400;
		lb.italic = true;
		lb.fill = (char *)"muted";
	}
	rc = measure_line(f, &lb, w, &m);
	*h_out = rc == 0 && m.present ? m.h : 0;
	if (rc == 0 && m.present && draw) {
		page_report_measured(f->p, &lb, &m, NULL);
		rc = page_draw_block(f->p, &lb, &m, x, y, w, m.h);
	}
	page_measured_free(&m);
	return rc;
}

static int add_slot(flow *f, int kind, size_t i, double x, double y, double w, double h)
{
	slot *ns = realloc(f->slots, (f->n_slots + 1) * sizeof *ns);

	if (!ns) {
		pl_error_set(f->p->err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	f->slots = ns;
	f->slots[f->n_slots++] = (slot){kind, i, x, y, w, h};
	return 0;
}

/* Place events from `from` (at most up to `to`) in the block's box at the
 * flow's size; *placed_to says how far it got. `more`: room is kept at the
 * bottom for "continued on the next page". */
static int place(flow *f, size_t from, size_t to, bool more, size_t *placed_to)
{
	const pl_block *b = f->b;
	double x, y, w, h, gap = b->gap > 0 ? b->gap : 1.5 * f->size;
	int ncols = f->ncols > 0 ? f->ncols : b->columns ? b->columns : 1, col = 0;
	int cells = b->columns ? 1 : b->cells, cell = 0;
	double colw, cellw, cy, bottom, hh, eh, row_h = 0, egap = 0.7 * f->size, hgap = 0.35 * f->size;
	const char *day = NULL;
	size_t i = from;
	bool any = false;
	int rc = 0;

	f->n_slots = 0;
	f->bad = false;
	page_block_box(f->p, b, &x, &y, &w, &h);
	if (f->hlim > 0 && !more)
		h = fmin(h, f->hlim);
	colw = (w - (ncols - 1) * gap) / ncols;
	cellw = (colw - (cells - 1) * gap) / cells;
	cy = y;
	bottom = y + h;
	if (more) {
		if (heading(f, words[f->wi].more, 0.9, x, 0, w, false, &hh))
			return -1;
		bottom -= hh + egap;
		rc = add_slot(f, SLOT_MORE, 0, x, y + h - hh, w, hh);
	}
	if (rc == 0 && from > 0) {
		if (heading(f, words[f->wi].cont, 1.0, x, 0, w, false, &hh))
			return -1;
		rc = add_slot(f, SLOT_CONT, 0, x, cy, w, hh);
		cy += hh + egap;
	}
	for (; rc == 0 && i < to; i++) {
		const ev *e = &f->s->v[i];
		bool new_day = i == from || !pl_streq(e->day, day);
		double colx = f->rtl ? x + w - (col + 1) * colw - col * gap : x + col * (colw + gap);
		double cx;

		hh = 0;
		if (new_day && cell) { /* a grid's row ends with its day */
			cy += row_h + egap;
			cell = 0;
			row_h = 0;
		}
		if (new_day && e->heading && heading(f, e->heading, 1.25, colx, 0, colw, false, &hh))
			return -1;
		cx = f->rtl ? colx + colw - (cell + 1) * cellw - cell * gap : colx + cell * (cellw + gap);
		if (entry(f, i, cx, 0, cellw, false, &eh))
			return -1;
		if (cy + (hh ? hh + hgap : 0) + eh > bottom + 0.01) {
			/* the next column, or the page is full */
			if (!any)
				f->bad = true; /* not even one fits: it goes here anyway, too big */
			else if (col + 1 < ncols) {
				col++;
				cell = 0;
				row_h = 0;
				cy = y;
				day = NULL;
				i--;
				continue;
			} else {
				break;
			}
		}
		if (hh) {
			rc = add_slot(f, SLOT_HEADING, i, colx, cy, colw, hh);
			cy += hh + hgap;
		}
		if (rc == 0)
			rc = add_slot(f, SLOT_ENTRY, i, cx, cy, cellw, eh);
		any = true;
		day = e->day;
		row_h = fmax(row_h, eh);
		if (++cell >= cells) {
			cy += row_h + egap;
			cell = 0;
			row_h = 0;
		}
	}
	*placed_to = i;
	return rc;
}

/* The largest size in [min, max] at which events [from, to) all fit, or
 * 0 when none does. */
static int best_size(flow *f, size_t from, size_t to, bool more, double *size)
{
	double lo = f->b->min_pt, hi = f->b->max_pt;
	size_t got;

	f->size = hi;
	if (place(f, from, to, more, &got))
		return -1;
	if (got >= to && !f->bad) {
		*size = hi;
		return 0;
	}
	for (int it = 0; it < 12 && hi - lo > 0.05; it++) {
		f->size = (lo + hi) / 2;
		if (place(f, from, to, more, &got))
			return -1;
		if (got >= to && !f->bad)
			lo = f->size;
		else
			hi = f->size;
	}
	*size = lo;
	f->size = lo;
	if (place(f, from, to, more, &got))
		return -1;
	if (got < to || f->bad)
		*size = 0; /* not even at the min */
	return 0;
}

/* Columns of even length: the shortest that still hold events [from, to)
 * at the flow's size (f->hlim; 0 when they do not all fit anyway). */
static int balance(flow *f, size_t from, size_t to, bool more)
{
	double lo = 0, hi = f->b->h;
	size_t got;

	f->hlim = 0;
	if (more || f->b->columns < 2 || f->ncols == 1)
		return 0;
	if (place(f, from, to, more, &got))
		return -1;
	if (got < to || f->bad)
		return 0;
	for (int it = 0; it < 14 && hi - lo > 1; it++) {
		f->hlim = (lo + hi) / 2;
		if (place(f, from, to, more, &got))
			return -1;
		if (got >= to && !f->bad)
			hi = f->hlim;
		else
			lo = f->hlim;
	}
	f->hlim = hi;
	return 0;
}

static void flow_init(flow *f, page *p, const pl_block *b, pl_schedule *s)
{
	memset(f, 0, sizeof *f);
	f->p = p;
	f->b = b;
	f->s = s;
	f->camp = p->rec;
	f->rtl = p->rtl;
	f->wi = words_for(pl_record_lang(p->rec));
}

static size_t field_num(const pl_record *r, const char *name, size_t dflt)
{
	const char *v = pl_record_get(r, name);

	return v ? (size_t)strtoul(v, NULL, 10) : dflt;
}

int page_draw_events(page *p, const pl_block *b)
{
	pl_schedule *s = p->pc->schedule;
	size_t from, to, got;
	bool more;
	flow f;
	int rc;

	if (!s || !s->n)
		return 0; /* no run's events: the block drops out */
	if (p->pc->has_region)
		p->pc->region_fonts = true;
	from = field_num(p->rec, "schedule.from", 0);
	to = field_num(p->rec, "schedule.to", s->n);
	if (to > s->n)
		to = s->n;
	if (from >= to)
		return 0;
	more = to < s->n;
	flow_init(&f, p, b, s);
	if (s->c_from == from && s->c_to == to && s->c_size > 0) {
		f.size = s->c_size;
		f.hlim = s->c_hlim;
		f.ncols = s->c_ncols;
	} else {
		/* The fewest columns that give the largest size. */
		double best = 0, sz;
		int cols = b->columns > 1 ? b->columns : 1, pick = cols;
		for (int c = 1; c <= cols; c++) {
			f.ncols = c;
			if (best_size(&f, from, to, more, &sz)) {
				free(f.slots);
				return -1;
			}
			if (sz > best + 0.05) {
				best = sz;
				pick = c;
			}
		}
		f.ncols = pick;
		f.size = best > 0 ? best : b->min_pt;
		if (balance(&f, from, to, more)) {
			free(f.slots);
			return -1;
		}
		s->c_ncols = f.ncols;
		s->c_from = from;
		s->c_to = to;
		s->c_size = f.size;
		s->c_hlim = f.hlim;
	}
	rc = place(&f, from, to, more, &got);
	if (rc == 0 && got < to && !p->pc->has_region)
		page_finding(p, PL_EFIT, NULL,
			"%zu of the schedule's events do not fit on its last page (%d pages at most), so they are not printed. Split the events into several files.",
			to - got, (int)PL_MAX_SCHEDULE_PAGES);
	for (size_t k = 0; rc == 0 && k < f.n_slots; k++) {
		const slot *sl = &f.slots[k];
		double hh;
		if (p->pc->has_region) {
			const double *r = p->pc->region;
			if (!(sl->x < r[0] + r[2] && sl->x + sl->w > r[0] && sl->y < r[1] + r[3] && sl->y + sl->h > r[1]))
				continue;
		}
		if (sl->kind == SLOT_ENTRY)
			rc = entry(&f, sl->ev, sl->x, sl->y, sl->w, true, &hh);
		else
			rc = heading(&f, sl->kind == SLOT_HEADING ? s->v[sl->ev].heading
				     : sl->kind == SLOT_CONT ? words[f.wi].cont : words[f.wi].more,
				     sl->kind == SLOT_HEADING ? 1.25 : sl->kind == SLOT_CONT ? 1.0 : 0.9, sl->x, sl->y, sl->w, true, &hh);
	}
	if (rc == 0 && p->dump) {
		char extra[96];
		snprintf(extra, sizeof extra, "events=%zu-%zu size=%.2f", from + 1, to, f.size);
		page_dump(p, "events", b, b->x, b->y, b->w, b->h, extra);
	}
	free(f.slots);
	return rc;
}

/* ---- pages ---- */

static int set_num(pl_record *r, const char *name, size_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%zu", v);
	return pl_record_set(r, name, NULL, buf, 0, 0);
}

int pl_schedule_pages(pl_page_ctx *pc, pl_schedule *s, pl_records *pages, pl_diag *notes, pl_error *err)
{
	const pl_block *b = events_block(pc->layout);
	page p = {.pc = pc, .err = err};
	size_t starts[PL_MAX_SCHEDULE_PAGES + 1], n_pages = 0, from = 0;
	flow f;
	int rc = 0;

	pc->schedule = s;
	s->c_size = 0;
	if (!(p.rec = pl_derive(s->campaign, pc->opts.lang, pc->opts.latin_digits, pc->layout->kind))) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	p.theme = pc->theme;
	p.rtl = pl_lang_is_rtl(pl_record_lang(p.rec));
	flow_init(&f, &p, b, s);
	f.size = b->min_pt;
	/* Pages at the min size: as many events on each as fit. */
	while (rc == 0 && from < s->n && n_pages < PL_MAX_SCHEDULE_PAGES) {
		size_t got;
		starts[n_pages++] = from;
		rc = place(&f, from, s->n, false, &got);
		if (rc == 0 && got < s->n)
			rc = place(&f, from, s->n, true, &got);
		if (got <= from)
			got = from + 1;
		from = n_pages == PL_MAX_SCHEDULE_PAGES ? s->n : got;
	}
	starts[n_pages] = s->n;
	free(f.slots);
	for (size_t k = 0; rc == 0 && k < n_pages; k++) {
		pl_record *r = pl_record_dup(s->campaign);
		if (!r || set_num(r, "schedule.from", starts[k]) || set_num(r, "schedule.to", starts[k + 1]) ||
		    set_num(r, "schedule.page", k + 1) || set_num(r, "schedule.pages", n_pages) ||
		    pl_records_push(pages, r)) {
			pl_record_free(r);
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			rc = -1;
			break;
		}
		r->index = (int)k + 1;
	}
	if (rc == 0 && n_pages > 1 && notes) {
		pl_error e = {0};
		e.code = PL_ENOTE;
		snprintf(e.msg, sizeof e.msg,
			 "the schedule's %zu events do not fit on one page even at %.1f pt, the smallest size the layout allows, so the list continues on %zu pages (page 1 lists %zu). Choose a larger layout, or split the events into several files, to print them on one page each.",
			 s->n, b->min_pt, n_pages, starts[1]);
		pl_error_at(&e, s->campaign->source, 0, 0);
		if (pl_diag_add(notes, &e)) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			rc = -1;
		}
	}
	pl_record_free(p.rec);
	return rc;
}
