/* pdfobj.c — each object of cairo's PDF rewritten as it passes through the
 * streaming writer (see pdfstream.c for the whole): a stream's /Length made
 * direct, a page given its boxes, links and extra content, the document
 * information replaced, spare object numbers held and reused. */
#include "pdf/pdfstream_int.h"

/* ---- objects ---- */

const unsigned char *pw_find(const unsigned char *h, size_t n, const char *needle)
{
	return memmem(h, n, needle, strlen(needle));
}

static long spare_for(const pl_pdfw *w, long stream)
{
	/* The page's content stream is among the last few streams. */
	for (size_t i = w->n_spares, k = 0; i > 0 && k < 64; i--, k++)
		if (w->spares[i - 1].stream == stream)
			return w->spares[i - 1].num;
	return -1;
}

/* Keep a plain object until the next page is written (held objects). */
static void hold(pl_pdfw *w, long num, const char *t, size_t n)
{
	if (w->n_held == w->cap_held) {
		size_t nc = w->cap_held ? 2 * w->cap_held : 16;
		struct held_obj *v = realloc(w->held_v, nc * sizeof *v);
		if (!v) {
			pw_fail(w, "out of memory");
			return;
		}
		w->held_v = v;
		w->cap_held = nc;
	}
	w->held_v[w->n_held++] = (struct held_obj){num, w->held.len, n};
	pl_buf_add(&w->held, t, n);
	if (w->held.oom)
		pw_fail(w, "out of memory");
}

/* Write the held objects but `skip` (0: none), in the order they came. */
void pw_flush_held(pl_pdfw *w, long skip)
{
	for (size_t i = 0; i < w->n_held && !w->failed; i++) {
		const struct held_obj *h = &w->held_v[i];
		if (h->num == skip)
			continue;
		pw_begin_obj(w, h->num);
		pw_emit(w, w->held.s + h->off, h->len);
		pw_emit_str(w, "endobj\n");
	}
	w->n_held = 0;
	w->held.len = 0;
}

/* The held object `num`'s text without trailing white space, or NULL. */
static const char *held_text(const pl_pdfw *w, long num, size_t *n)
{
	for (size_t i = 0; i < w->n_held; i++)
		if (w->held_v[i].num == num) {
			const char *t = w->held.s + w->held_v[i].off;
			size_t k = w->held_v[i].len;
			while (k && isspace((unsigned char)t[k - 1]))
				k--;
			*n = k;
			return t;
		}
	return NULL;
}

/* A link annotation for one "x y w h uri" line (qr.h), the area turned
 * from top-down page points into PDF user space (§12.5.6.5). */
static bool link_annot(pl_pdfw *w, pl_buf *b, const char *line)
{
	double x, y, lw, lh;
	int used = 0;

	if (sscanf(line, "%lf %lf %lf %lf %n", &x, &y, &lw, &lh, &used) != 4 || !used) {
		pw_fail(w, "a link without its area");
		return false;
	}
	pl_buf_puts(b, "<< /Type /Annot /Subtype /Link /Rect [ ");
	pl_buf_pdf_num(b, x);
	pl_buf_puts(b, " ");
	pl_buf_pdf_num(b, w->meta.page_h - (y + lh));
	pl_buf_puts(b, " ");
	pl_buf_pdf_num(b, x + lw);
	pl_buf_puts(b, " ");
	pl_buf_pdf_num(b, w->meta.page_h - y);
	pl_buf_puts(b, " ] /Border [ 0 0 0 ] /A << /S /URI /URI (");
	pl_buf_add(b, line + used, strcspn(line + used, "\n"));
	pl_buf_puts(b, ") >> >>\n");
	return true;
}

/* Resources dictionary text t (n bytes, "<< … >>") with the page's own
 * resources merged in, into b: each "/Category /Name object" line goes into
 * that category's dictionary, made when cairo wrote none. */
static bool merge_resources(pl_pdfw *w, pl_buf *b, const char *t, size_t n)
{
	const char *end = t + n;
	pl_buf add = {0};

	while (end > t && end[-1] != '>')
		end--;
	if (end - t < 4 || end[-2] != '>' || t[0] != '<' || t[1] != '<') {
		pw_fail(w, "page resources that are not a dictionary");
		return false;
	}
	end -= 2; /* before the closing ">>" */
	/* categories cairo already has get the entries after their "<<" */
	for (const char *p = t; p < end;) {
		const char *hit = NULL;
		size_t cat = 0;
		for (const char *l = w->res.s; l && *l; l = strchr(l, '\n') + 1) {
			cat = strcspn(l + 1, " /\n") + 1;
			if ((size_t)(end - p) > cat + 4 && !memcmp(p, l, cat) && !memcmp(p + cat, " <<", 3)) {
				hit = l;
				break;
			}
		}
		if (!hit) {
			pl_buf_add(b, p, 1);
			p++;
			continue;
		}
		pl_buf_add(b, p, cat + 3);
		p += cat + 3;
		for (const char *l = w->res.s; *l; l = strchr(l, '\n') + 1)
			if (!strncmp(l, hit, cat) && l[cat] == ' ') {
				pl_buf_add(b, " ", 1);
				pl_buf_add(b, l + cat + 1, strcspn(l + cat + 1, "\n"));
			}
	}
	/* the others as dictionaries of their own */
	for (const char *l = w->res.s; *l; l = strchr(l, '\n') + 1) {
		size_t cat = strcspn(l + 1, " /\n") + 1;
		char key[40];
		if (cat + 4 > sizeof key)
			continue;
		memcpy(key, l, cat);
		memcpy(key + cat, " <<", 4);
		if (memmem(t, (size_t)(end - t), key, cat + 3) || strstr(add.s ? add.s : "", key))
			continue;
		pl_buf_printf(&add, "%s", key);
		for (const char *m = l; *m; m = strchr(m, '\n') + 1)
			if (!strncmp(m, l, cat) && m[cat] == ' ') {
				pl_buf_add(&add, " ", 1);
				pl_buf_add(&add, m + cat + 1, strcspn(m + cat + 1, "\n"));
			}
		pl_buf_puts(&add, " >>\n   ");
	}
	if (add.len)
		pl_buf_add(b, add.s, add.len);
	pl_buf_add(b, end, (size_t)(t + n - end));
	pl_buf_free(&add);
	return true;
}

/* A page dictionary (text between the header and "endobj"). Its resources,
 * when cairo wrote them just before as an object of their own, move into
 * it; the number they free is the page's link annotation's, if it has one. */
static void page_obj(pl_pdfw *w, long num, const char *t, size_t n)
{
	pl_buf *b = &w->tmp;
	const char *g = memmem(t, n, "/Group <<", 9), *g_end = NULL, *c, *end, *res, *res_end = NULL;
	const char *res_text = NULL;
	size_t res_n = 0;
	long contents = -1, extra_num = -1, res_num = -1;
	char *after;
	bool several;

	b->len = 0;
	if (g) {
		g_end = memmem(g, n - (size_t)(g - t), ">>", 2);
		if (!g_end) {
			pw_fail(w, "a page /Group without its end");
			return;
		}
		g_end += 2;
	}
	c = memmem(t, n, "/Contents ", 10);
	if (w->extra.len) {
		if (!c || (contents = strtol(c + 10, &after, 10)) <= 0 || strncmp(after, " 0 R", 4) ||
		    (extra_num = spare_for(w, contents)) < 0) {
			pw_fail(w, "a page without its content stream");
			return;
		}
	}
	res = memmem(t, n, "/Resources ", 11);
	if (res && (w->links.len || w->res.len) && (res_num = strtol(res + 11, &after, 10)) > 0 &&
	    !strncmp(after, " 0 R", 4) && (res_text = held_text(w, res_num, &res_n)))
		res_end = after + 4;
	else
		res_num = -1;
	if (w->res.len && res_num < 0) {
		pw_fail(w, "a page whose resources are not where expected");
		return;
	}
	/* the last ">>" closes the page dictionary */
	end = t + n;
	while (end > t && !(end[-1] == '>' && end - 1 > t && end[-2] == '>'))
		end--;
	if (end <= t + 2) {
		pw_fail(w, "a page dictionary without its end");
		return;
	}
	end -= 2;
	for (const char *p = t; p < end;) {
		if (g && p == g) {
			p = g_end;
			continue;
		}
		if (extra_num > 0 && p == c) {
			const char *r = memmem(c, (size_t)(end - c), " R", 2);
			pl_buf_printf(b, "/Contents [ %ld 0 R %ld 0 R ]", contents, extra_num);
			p = r + 2;
			continue;
		}
		if (res_num > 0 && p == res) {
			pl_buf_puts(b, "/Resources ");
			if (!w->res.len)
				pl_buf_add(b, res_text, res_n);
			else if (!merge_resources(w, b, res_text, res_n))
				return;
			p = res_end;
			continue;
		}
		pl_buf_add(b, p, 1);
		p++;
	}
	if (w->meta.trim[2] > 0) {
		pw_put_box(b, "TrimBox", w->meta.trim);
		pw_put_box(b, "BleedBox", w->meta.bleed);
	}
	several = res_num > 0 && w->links.len && strchr(w->links.s, '\n') + 1 < w->links.s + w->links.len;
	if (several) {
		/* the array and its annotations at the end (w->later) */
		pl_buf_printf(b, "   /Annots %ld 0 R\n", res_num);
		pl_buf_printf(&w->later, "%ld\n", res_num);
		pl_buf_add(&w->later, w->links.s, w->links.len);
		pl_buf_add(&w->later, "\f", 1);
		if (w->later.oom) {
			pw_fail(w, "out of memory");
			return;
		}
	} else if (w->links.len) {
		/* One annotation takes the freed number; should there be no
		 * number, it is written in the array. */
		const char *line = w->links.s;
		pl_buf_puts(b, "   /Annots [ ");
		if (res_num > 0 && w->links.len) {
			pl_buf_printf(b, "%ld 0 R ", res_num);
			line = strchr(line, '\n') + 1;
		}
		for (; *line; line = strchr(line, '\n') + 1)
			if (!link_annot(w, b, line))
				return;
		pl_buf_puts(b, "]\n");
	}
	pl_buf_add(b, end, (size_t)(t + n - end));
	pw_flush_held(w, res_num);
	if (!pw_put_obj(w, num, b))
		return;
	if (res_num > 0 && !several) {
		/* the freed number: the first link, or nothing */
		b->len = 0;
		if (w->links.len ? !link_annot(w, b, w->links.s) : (pl_buf_puts(b, "null\n"), false))
			return;
		if (!pw_put_obj(w, res_num, b))
			return;
	}
	w->links.len = 0;
	w->res.len = 0;
	if (extra_num > 0) {
		pw_emit_extra(w, extra_num);
		w->extra.len = 0;
	}
}

/* The annotations of pages with several links, numbered after cairo's
 * objects (known only at the end), and each page's array of them under
 * the number its resources freed. */
void pw_write_later(pl_pdfw *w)
{
	long next = w->size > 0 ? w->size : 1;
	pl_buf *b = &w->tmp;

	if (w->failed || !w->later.len)
		return;
	for (size_t i = w->n_offsets; i > 0; i--)
		if (w->offsets[i - 1] >= 0) {
			if ((long)i > next)
				next = (long)i;
			break;
		}
	for (const char *p = w->later.s; *p && !w->failed;) {
		const char *pend = strchr(p, '\f');
		long arr = strtol(p, NULL, 10), first = next;
		const char *ln = strchr(p, '\n') + 1;
		for (; ln < pend; ln = strchr(ln, '\n') + 1) {
			b->len = 0;
			if (!link_annot(w, b, ln) || !pw_put_obj(w, next++, b))
				break;
		}
		b->len = 0;
		pl_buf_puts(b, "[ ");
		for (long k = first; k < next; k++)
			pl_buf_printf(b, "%ld 0 R ", k);
		pl_buf_puts(b, "]\n");
		pw_put_obj(w, arr, b);
		p = pend + 1;
	}
}

/* PDF text string: UTF-16BE with a byte-order mark, in hex (§7.9.2.2). */
static void put_text(pl_buf *b, const char *utf8)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);

	pl_buf_puts(b, "<FEFF");
	for (glong i = 0; u && i < n; i++)
		pl_buf_printf(b, "%04X", (unsigned)u[i]);
	pl_buf_puts(b, ">");
	g_free(u);
}

static void info_obj(pl_pdfw *w, long num)
{
	pl_buf *b = &w->tmp;
	char date[24];

	pl_pdf_date(w->meta.date, date);
	b->len = 0;
	pl_buf_puts(b, "<< ");
	if (w->meta.title && *w->meta.title) {
		pl_buf_puts(b, "/Title ");
		put_text(b, w->meta.title);
		pl_buf_puts(b, "\n   ");
	}
	pl_buf_printf(b, "/Creator (placard %s)\n   /Producer (placard %s)\n   /CreationDate (%s)\n   /ModDate (%s)\n>>\n",
		      PL_VERSION, PL_VERSION, date, date);
	pw_put_obj(w, num, b);
}

static bool is_page(const char *t, size_t n)
{
	const char *p = memmem(t, n, "/Type /Page", 11);

	return p && (size_t)(p - t) + 11 < n && !isalnum((unsigned char)p[11]);
}

/* A whole non-stream object, its text between header and "endobj". */
void pw_plain_obj(pl_pdfw *w, long num, const char *t, size_t n)
{
	if (is_page(t, n)) {
		page_obj(w, num, t, n);
	} else if (memmem(t, n, "/Producer", 9)) {
		info_obj(w, num);
	} else {
		hold(w, num, t, n);
	}
}

/* The dictionary of the current stream with its /Length made direct. */
static void stream_obj(pl_pdfw *w, long length)
{
	const char *d = (const char *)w->in + w->dict;
	size_t dn = w->dict_end - w->dict;
	const char *l = memmem(d, dn, "/Length ", 8);
	char num[32];

	pw_begin_obj(w, w->obj);
	if (w->length_obj > 0 && l) {
		const char *r = memmem(l, dn - (size_t)(l - d), " R", 2);
		pw_emit(w, d, (size_t)(l - d));
		snprintf(num, sizeof num, "/Length %ld", length);
		pw_emit_str(w, num);
		pw_emit(w, r + 2, dn - (size_t)(r + 2 - d));
	} else {
		pw_emit(w, d, dn);
	}
	pw_emit_str(w, "\nstream\n");
	pw_emit(w, w->in + w->data, (size_t)length);
	pw_emit_str(w, "\nendstream\nendobj\n");
}

/* Try to finish the current stream object; false when more input is needed. */
bool pw_end_stream(pl_pdfw *w)
{
	size_t avail = w->len - w->data;

	if (w->length_obj <= 0) {
		/* direct /Length: data, an optional EOL, "endstream", "endobj" */
		size_t k = w->data + (size_t)w->length;
		const unsigned char *e;
		if (avail < (size_t)w->length + 19)
			return false;
		if (w->in[k] == '\r')
			k++;
		if (w->in[k] == '\n')
			k++;
		if (memcmp(w->in + k, "endstream", 9)) {
			pw_fail(w, "a stream whose length does not match");
			return false;
		}
		e = pw_find(w->in + k, w->len - k, "endobj\n");
		if (!e)
			return false;
		stream_obj(w, w->length);
		w->pos = (size_t)(e - w->in) + 7;
		w->in_stream = false;
		return true;
	}
	for (;;) {
		char pat[64];
		size_t pn, from = w->sscan > w->data + 64 ? w->sscan - 64 : w->data;
		const unsigned char *f, *e;
		long len = -1, data_n;
		pn = (size_t)snprintf(pat, sizeof pat, "endstream\nendobj\n%ld 0 obj\n", w->length_obj);
		f = memmem(w->in + from, w->len - from, pat, pn);
		if (!f) {
			w->sscan = w->len;
			return false;
		}
		w->sscan = (size_t)(f - w->in);
		e = pw_find(f + pn, w->len - (size_t)(f + pn - w->in), "endobj\n");
		if (!e)
			return false;
		{
			char tmp[32];
			size_t tn = (size_t)(e - (f + pn));
			if (tn < sizeof tmp) {
				memcpy(tmp, f + pn, tn);
				tmp[tn] = '\0';
				len = strtol(tmp, NULL, 10);
			}
		}
		data_n = (long)(f - w->in) - (long)w->data;
		if (len >= 0 && (len == data_n || (len == data_n - 1 && f[-1] == '\n'))) {
			stream_obj(w, len);
			if (w->n_spares == w->cap_spares) {
				size_t nc = w->cap_spares ? 2 * w->cap_spares : 256;
				spare *s = realloc(w->spares, nc * sizeof *s);
				if (!s) {
					pw_fail(w, "out of memory");
					return false;
				}
				w->spares = s;
				w->cap_spares = nc;
			}
			w->spares[w->n_spares++] = (spare){w->obj, w->length_obj};
			w->pos = (size_t)(e - w->in) + 7;
			w->in_stream = false;
			return true;
		}
		w->sscan++; /* those bytes were inside the data: look further */
	}
}
