/* pdfstream.c — the streaming PDF writer; see pdfstream.h for what it does
 * and what it expects of cairo's output.
 *
 * cairo calls pl_pdfw_write with its bytes in small pieces. They collect in
 * `in` until a whole object is there; the object is then written out,
 * rewritten where needed, and its offset noted for the new xref table:
 *   - a stream's /Length becomes a direct number, which frees the number of
 *     the little object that held it (a "spare");
 *   - a page dictionary loses cairo's /Group, gains the boxes, and, when the
 *     page has extra content, its /Contents becomes [cairo's stream, extra]
 *     with the extra stream written under the spare number of that page's
 *     content stream (cairo writes the page dictionary right after it);
 *   - the document information is replaced (title, creator, fixed dates);
 *   - cairo's xref and trailer are replaced by ours, with an /ID hashed from
 *     the bytes written, so the same input gives the same file.
 * Spares left unused become null objects. PDF 32000-1 §7.3.8 (streams),
 * §7.5.4 (xref table), §14.3.3 (document information), §14.4 (/ID). */
#define _GNU_SOURCE /* memmem */
#include "pdf/pdfstream.h"
#include "base/config.h"

#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

typedef struct spare {
	long stream;  /* the stream object whose /Length it held */
	long num;     /* the freed object number */
} spare;

struct pl_pdfw {
	FILE *out;
	pl_pdf_meta meta;
	char *title;
	/* pending input, [pos, len) not yet consumed; indices are absolute */
	unsigned char *in;
	size_t len, cap, pos;
	size_t tscan;        /* where the search for the current object's end resumes */
	/* inside a stream object */
	bool in_stream;
	long obj;            /* its number */
	size_t dict, dict_end, data; /* dictionary [dict, dict_end), data from `data` */
	long length, length_obj; /* direct length, or -1 and the object holding it */
	size_t sscan;
	/* output */
	long off;
	long *offsets;       /* offsets[N]: where object N starts; -1 none */
	size_t n_offsets;
	spare *spares;
	size_t n_spares, cap_spares;
	pl_buf extra, tmp;
	pl_buf links;        /* the page's links (qr.h: "x y w h uri" lines) */
	pl_zpieces zp;       /* compressed pieces of `extra` */
	/* plain objects since the last page, written with the next page (or
	 * at the end), so that the page's resources can move into it */
	pl_buf held;
	struct held_obj { long num; size_t off, len; } *held_v;
	size_t n_held, cap_held;
	z_stream z;          /* for the extra content, kept between pages */
	bool z_ready;
	unsigned char *zout;
	size_t zcap;
	uint64_t h1, h2;
	bool ended;
	long size, root, info;
	bool failed;
	bool io;          /* the failure was the disk's (full, gone), not ours */
	char why[200];
};

static void fail(pl_pdfw *w, const char *why)
{
	if (!w->failed)
		snprintf(w->why, sizeof w->why, "%s", why);
	w->failed = true;
}

/* A write that failed: the disk is full or gone; say which. */
static void fail_io(pl_pdfw *w)
{
	if (!w->failed) {
		snprintf(w->why, sizeof w->why, "%s", errno == ENOSPC || errno == EDQUOT ? "the disk is full"
			 : strerror(errno));
		w->io = true;
	}
	w->failed = true;
}

pl_pdfw *pl_pdfw_new(FILE *out, const pl_pdf_meta *meta)
{
	pl_pdfw *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->out = out;
	w->meta = *meta;
	w->title = meta->title ? pl_strdup(meta->title) : NULL;
	w->meta.title = w->title;
	/* FNV-1a, two different starting points: 128 bits for the /ID. */
	w->h1 = 0xcbf29ce484222325ULL;
	w->h2 = 0x84222325cbf29ce4ULL;
	if (meta->title && !w->title) {
		free(w);
		return NULL;
	}
	return w;
}

void pl_pdfw_free(pl_pdfw *w)
{
	if (!w)
		return;
	free(w->title);
	free(w->in);
	free(w->offsets);
	free(w->spares);
	pl_buf_free(&w->extra);
	pl_buf_free(&w->tmp);
	pl_buf_free(&w->links);
	for (size_t i = 0; i < w->zp.n; i++)
		free(w->zp.v[i].z);
	free(w->zp.v);
	pl_buf_free(&w->held);
	free(w->held_v);
	if (w->z_ready)
		deflateEnd(&w->z);
	free(w->zout);
	free(w);
}

void pl_pdfw_set_title(pl_pdfw *w, const char *title)
{
	char *t = title ? pl_strdup(title) : NULL;

	if (title && !t) {
		fail(w, "out of memory");
		return;
	}
	free(w->title);
	w->title = t;
	w->meta.title = t;
}

pl_buf *pl_pdfw_page_extra(pl_pdfw *w)
{
	return &w->extra;
}

pl_buf *pl_pdfw_page_links(pl_pdfw *w)
{
	return &w->links;
}

pl_zpieces *pl_pdfw_page_zpieces(pl_pdfw *w)
{
	return &w->zp;
}



/* ---- output ---- */

static void emit(pl_pdfw *w, const void *data, size_t n)
{
	const unsigned char *p = data;

	if (w->failed || !n)
		return;
	for (size_t i = 0; i < n; i++) {
		w->h1 = (w->h1 ^ p[i]) * 0x100000001b3ULL;
		w->h2 = (w->h2 ^ p[i]) * 0x100000001b3ULL;
	}
	if (fwrite(data, 1, n, w->out) != n)
		fail_io(w);
	w->off += (long)n;
}

static void emit_str(pl_pdfw *w, const char *s)
{
	emit(w, s, strlen(s));
}

/* Start object `num` here: note its offset and write its header. */
static void begin_obj(pl_pdfw *w, long num)
{
	char hdr[40];

	if (num <= 0 || num > 100000000L) {
		fail(w, "object number out of range");
		return;
	}
	if ((size_t)num >= w->n_offsets) {
		size_t n = w->n_offsets ? w->n_offsets : 1024;
		long *o;
		while (n <= (size_t)num)
			n *= 2;
		o = realloc(w->offsets, n * sizeof *o);
		if (!o) {
			fail(w, "out of memory");
			return;
		}
		for (size_t i = w->n_offsets; i < n; i++)
			o[i] = -1;
		w->offsets = o;
		w->n_offsets = n;
	}
	if (w->offsets[num] >= 0) {
		fail(w, "an object was written twice");
		return;
	}
	w->offsets[num] = w->off;
	snprintf(hdr, sizeof hdr, "%ld 0 obj\n", num);
	emit_str(w, hdr);
}

/* Object `num` with the body in b; false when b ran out of memory. */
static bool put_obj(pl_pdfw *w, long num, const pl_buf *b)
{
	if (b->oom) {
		fail(w, "out of memory");
		return false;
	}
	begin_obj(w, num);
	emit(w, b->s, b->len);
	emit_str(w, "endobj\n");
	return true;
}

static void put_box(pl_buf *b, const char *name, const double v[4])
{
	pl_buf_printf(b, "   /%s [ ", name);
	for (int i = 0; i < 4; i++) {
		pl_buf_pdf_num(b, v[i]);
		pl_buf_puts(b, " ");
	}
	pl_buf_puts(b, "]\n");
}

/* Text as stored deflate blocks (no compression, §3.2.4 of RFC 1951),
 * the last one final when `last`. */
static void stored(pl_buf *b, const char *t, size_t n, bool last)
{
	do {
		size_t k = n > 65535 ? 65535 : n;
		unsigned char h[5] = {(unsigned char)(last && k == n), (unsigned char)(k & 0xFF), (unsigned char)(k >> 8),
				      (unsigned char)(~k & 0xFF), (unsigned char)((~k >> 8) & 0xFF)};
		pl_buf_add(b, (const char *)h, 5);
		pl_buf_add(b, t, k);
		t += k;
		n -= k;
	} while (n);
}

/* The extra content with pieces compressed ahead: a zlib stream (RFC 1950)
 * of the text between the pieces as stored blocks and the pieces as they
 * are, its Adler-32 combined from the parts'. */
static void assemble_extra(pl_pdfw *w, pl_buf *b)
{
	uLong adler = adler32(0, NULL, 0);
	size_t pos = 0;

	pl_buf_add(b, "\x78\x01", 2);
	for (size_t i = 0; i < w->zp.n; i++) {
		const pl_zpiece *p = &w->zp.v[i];
		size_t gap = p->at - pos;
		if (gap) {
			stored(b, w->extra.s + pos, gap, false);
			adler = adler32_combine(adler, adler32(adler32(0, NULL, 0), (const Bytef *)w->extra.s + pos, (uInt)gap),
						(z_off_t)gap);
		}
		pl_buf_add(b, (const char *)p->z, p->zlen);
		adler = adler32_combine(adler, p->adler, (z_off_t)p->len);
		pos = p->at;
	}
	stored(b, w->extra.s + pos, w->extra.len - pos, true);
	adler = adler32_combine(adler, adler32(adler32(0, NULL, 0), (const Bytef *)w->extra.s + pos, (uInt)(w->extra.len - pos)),
				(z_off_t)(w->extra.len - pos));
	{
		unsigned char t[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16), (unsigned char)(adler >> 8),
				      (unsigned char)adler};
		pl_buf_add(b, (const char *)t, 4);
	}
	for (size_t i = 0; i < w->zp.n; i++)
		free(w->zp.v[i].z);
	w->zp.n = 0;
}

/* The extra text compressed whole, into w->zout; false when that failed. */
static bool deflate_extra(pl_pdfw *w, const unsigned char **z, size_t *n)
{
	size_t bound;

	if (!w->z_ready) {
		if (deflateInit(&w->z, 6) != Z_OK) {
			fail(w, "out of memory");
			return false;
		}
		w->z_ready = true;
	} else if (deflateReset(&w->z) != Z_OK) {
		fail(w, "compression failed");
		return false;
	}
	bound = deflateBound(&w->z, (uLong)w->extra.len);
	if (bound > w->zcap) {
		unsigned char *zb = realloc(w->zout, bound);
		if (!zb) {
			fail(w, "out of memory");
			return false;
		}
		w->zout = zb;
		w->zcap = bound;
	}
	w->z.next_in = (Bytef *)w->extra.s;
	w->z.avail_in = (uInt)w->extra.len;
	w->z.next_out = w->zout;
	w->z.avail_out = (uInt)w->zcap;
	if (deflate(&w->z, Z_FINISH) != Z_STREAM_END) {
		fail(w, "compression failed");
		return false;
	}
	*z = w->zout;
	*n = w->z.total_out;
	return true;
}

/* The extra content of the page being written, compressed, as object num:
 * put together around the pieces compressed ahead, or compressed here with
 * one deflate state for every page (setting one up costs more than
 * compressing a page's QR code). */
static void emit_extra(pl_pdfw *w, long num)
{
	const unsigned char *z;
	size_t n;
	char hdr[80];

	if (w->zp.n) {
		w->tmp.len = 0;
		assemble_extra(w, &w->tmp);
		if (w->tmp.oom) {
			fail(w, "out of memory");
			return;
		}
		z = (const unsigned char *)w->tmp.s;
		n = w->tmp.len;
	} else if (!deflate_extra(w, &z, &n)) {
		return;
	}
	begin_obj(w, num);
	snprintf(hdr, sizeof hdr, "<< /Length %zu /Filter /FlateDecode >>\nstream\n", n);
	emit_str(w, hdr);
	emit(w, z, n);
	emit_str(w, "\nendstream\nendobj\n");
}

/* ---- objects ---- */

static const unsigned char *find(const unsigned char *h, size_t n, const char *needle)
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
			fail(w, "out of memory");
			return;
		}
		w->held_v = v;
		w->cap_held = nc;
	}
	w->held_v[w->n_held++] = (struct held_obj){num, w->held.len, n};
	pl_buf_add(&w->held, t, n);
	if (w->held.oom)
		fail(w, "out of memory");
}

/* Write the held objects but `skip` (0: none), in the order they came. */
static void flush_held(pl_pdfw *w, long skip)
{
	for (size_t i = 0; i < w->n_held && !w->failed; i++) {
		const struct held_obj *h = &w->held_v[i];
		if (h->num == skip)
			continue;
		begin_obj(w, h->num);
		emit(w, w->held.s + h->off, h->len);
		emit_str(w, "endobj\n");
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
		fail(w, "a link without its area");
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

	b->len = 0;
	if (g) {
		g_end = memmem(g, n - (size_t)(g - t), ">>", 2);
		if (!g_end) {
			fail(w, "a page /Group without its end");
			return;
		}
		g_end += 2;
	}
	c = memmem(t, n, "/Contents ", 10);
	if (w->extra.len) {
		if (!c || (contents = strtol(c + 10, &after, 10)) <= 0 || strncmp(after, " 0 R", 4) ||
		    (extra_num = spare_for(w, contents)) < 0) {
			fail(w, "a page without its content stream");
			return;
		}
	}
	res = memmem(t, n, "/Resources ", 11);
	if (res && w->links.len && (res_num = strtol(res + 11, &after, 10)) > 0 && !strncmp(after, " 0 R", 4) &&
	    (res_text = held_text(w, res_num, &res_n)))
		res_end = after + 4;
	else
		res_num = -1;
	/* the last ">>" closes the page dictionary */
	end = t + n;
	while (end > t && !(end[-1] == '>' && end - 1 > t && end[-2] == '>'))
		end--;
	if (end <= t + 2) {
		fail(w, "a page dictionary without its end");
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
			pl_buf_add(b, res_text, res_n);
			p = res_end;
			continue;
		}
		pl_buf_add(b, p, 1);
		p++;
	}
	if (w->meta.trim[2] > 0) {
		put_box(b, "TrimBox", w->meta.trim);
		put_box(b, "BleedBox", w->meta.bleed);
	}
	if (w->links.len) {
		/* One annotation takes the freed number; should there be no
		 * number (or more links), the rest are written in the array. */
		const char *line = w->links.s;
		pl_buf_puts(b, "   /Annots [ ");
		if (res_num > 0) {
			pl_buf_printf(b, "%ld 0 R ", res_num);
			line = strchr(line, '\n') + 1;
		}
		for (; *line; line = strchr(line, '\n') + 1)
			if (!link_annot(w, b, line))
				return;
		pl_buf_puts(b, "]\n");
	}
	pl_buf_add(b, end, (size_t)(t + n - end));
	flush_held(w, res_num);
	if (!put_obj(w, num, b))
		return;
	if (res_num > 0) {
		b->len = 0;
		if (!link_annot(w, b, w->links.s) || !put_obj(w, res_num, b))
			return;
	}
	w->links.len = 0;
	if (extra_num > 0) {
		emit_extra(w, extra_num);
		w->extra.len = 0;
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
	put_obj(w, num, b);
}

static bool is_page(const char *t, size_t n)
{
	const char *p = memmem(t, n, "/Type /Page", 11);

	return p && (size_t)(p - t) + 11 < n && !isalnum((unsigned char)p[11]);
}

/* A whole non-stream object, its text between header and "endobj". */
static void plain_obj(pl_pdfw *w, long num, const char *t, size_t n)
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

	begin_obj(w, w->obj);
	if (w->length_obj > 0 && l) {
		const char *r = memmem(l, dn - (size_t)(l - d), " R", 2);
		emit(w, d, (size_t)(l - d));
		snprintf(num, sizeof num, "/Length %ld", length);
		emit_str(w, num);
		emit(w, r + 2, dn - (size_t)(r + 2 - d));
	} else {
		emit(w, d, dn);
	}
	emit_str(w, "\nstream\n");
	emit(w, w->in + w->data, (size_t)length);
	emit_str(w, "\nendstream\nendobj\n");
}

/* Try to finish the current stream object; false when more input is needed. */
static bool end_stream(pl_pdfw *w)
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
			fail(w, "a stream whose length does not match");
			return false;
		}
		e = find(w->in + k, w->len - k, "endobj\n");
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
		e = find(f + pn, w->len - (size_t)(f + pn - w->in), "endobj\n");
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
					fail(w, "out of memory");
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

/* Consume every complete object in the pending input. */
static void pump(pl_pdfw *w)
{
	while (!w->failed) {
		const unsigned char *p = w->in + w->pos;
		size_t n = w->len - w->pos;

		if (w->in_stream) {
			if (!end_stream(w))
				return;
			w->tscan = w->pos;
			continue;
		}
		if (!n)
			break;
		if (w->ended) {
			w->pos = w->len;
			break;
		}
		if (*p == '%') {
			const unsigned char *nl = memchr(p, '\n', n);
			if (!nl)
				return;
			emit(w, p, (size_t)(nl - p) + 1);
			w->pos += (size_t)(nl - p) + 1;
			w->tscan = w->pos;
		} else if (isspace(*p)) {
			emit(w, p, 1);
			w->pos++;
			w->tscan = w->pos;
		} else if (n >= 4 && (!memcmp(p, "xref", 4) || !memcmp(p, "trai", 4))) {
			/* cairo writes the xref a line at a time: resume the
			 * search where the last one stopped, or a 10,000-page
			 * file spends most of its time here. */
			size_t from = w->tscan > w->pos + 5 ? w->tscan - 5 : w->pos;
			const unsigned char *e = memmem(w->in + from, w->len - from, "%%EOF", 5), *k;
			if (!e) {
				w->tscan = w->len;
				return;
			}
			if ((k = find(p, (size_t)(e - p), "/Size ")))
				w->size = strtol((const char *)k + 6, NULL, 10);
			if ((k = find(p, (size_t)(e - p), "/Root ")))
				w->root = strtol((const char *)k + 6, NULL, 10);
			if ((k = find(p, (size_t)(e - p), "/Info ")))
				w->info = strtol((const char *)k + 6, NULL, 10);
			w->ended = true;
			w->pos = w->len;
			flush_held(w, 0);
		} else if (isdigit(*p)) {
			const unsigned char *nl = memchr(p, '\n', n), *body, *e, *s;
			size_t from, rest;
			long num, gen;
			char hdr[48], *after;
			if (!nl)
				return;
			if ((size_t)(nl - p) >= sizeof hdr) {
				fail(w, "an object header that is not one");
				break;
			}
			memcpy(hdr, p, (size_t)(nl - p));
			hdr[nl - p] = '\0';
			num = strtol(hdr, &after, 10);
			gen = after > hdr ? strtol(after, &after, 10) : -1;
			if (num <= 0 || gen != 0 || strncmp(after, " obj", 4)) {
				fail(w, "an object header that is not one");
				break;
			}
			body = nl + 1;
			from = (size_t)(body - w->in);
			if (w->tscan > from + 16)
				from = w->tscan - 16;
			rest = w->len - from;
			e = memmem(w->in + from, rest, "endobj\n", 7);
			s = memmem(w->in + from, rest, ">>\nstream\n", 10);
			if (s && (!e || s < e)) {
				const char *d = (const char *)body;
				size_t dn = (size_t)(s + 2 - body);
				const char *l = memmem(d, dn, "/Length ", 8);
				char *l_end;
				w->in_stream = true;
				w->obj = num;
				w->dict = (size_t)(body - w->in);
				w->dict_end = w->dict + dn;
				w->data = (size_t)(s - w->in) + 10;
				w->sscan = w->data;
				if (!l) {
					fail(w, "a stream without a length");
					break;
				}
				w->length = strtol(l + 8, &l_end, 10);
				w->length_obj = -1;
				if (!strncmp(l_end, " 0 R", 4)) {
					w->length_obj = w->length;
					w->length = -1;
				}
				continue;
			}
			if (!e) {
				w->tscan = w->len;
				return;
			}
			plain_obj(w, num, (const char *)body, (size_t)(e - body));
			w->pos = (size_t)(e - w->in) + 7;
			w->tscan = w->pos;
		} else {
			fail(w, "bytes that are not a PDF object");
		}
	}
	/* Between objects: drop what was consumed. */
	if (!w->in_stream && w->pos == w->len) {
		w->pos = w->len = w->tscan = 0;
	} else if (!w->in_stream && w->pos > (1u << 16)) {
		memmove(w->in, w->in + w->pos, w->len - w->pos);
		w->len -= w->pos;
		w->tscan = w->tscan > w->pos ? w->tscan - w->pos : 0;
		w->pos = 0;
	}
}

cairo_status_t pl_pdfw_write(void *closure, const unsigned char *data, unsigned int n)
{
	pl_pdfw *w = closure;

	if (w->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (w->len + n + 1 > w->cap) {
		size_t nc = w->cap ? w->cap : 1 << 16;
		unsigned char *b;
		while (nc < w->len + n + 1)
			nc *= 2;
		b = realloc(w->in, nc);
		if (!b) {
			fail(w, "out of memory");
			return CAIRO_STATUS_NO_MEMORY;
		}
		w->in = b;
		w->cap = nc;
	}
	memcpy(w->in + w->len, data, n);
	w->len += n;
	w->in[w->len] = '\0';
	pump(w);
	return w->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int pl_pdfw_finish(pl_pdfw *w, pl_error *err)
{
	char line[160];
	long xref, size;
	uint64_t h1, h2;

	if (!w->failed && (!w->ended || w->in_stream || w->root <= 0 || w->extra.len || w->links.len))
		fail(w, "cairo's output ended early");
	flush_held(w, 0);
	/* Spares nobody used: null objects, so every number has an object. */
	for (size_t i = 0; i < w->n_spares && !w->failed; i++) {
		long num = w->spares[i].num;
		if ((size_t)num >= w->n_offsets || w->offsets[num] < 0) {
			begin_obj(w, num);
			emit_str(w, "null\nendobj\n");
		}
	}
	h1 = w->h1;
	h2 = w->h2;
	xref = w->off;
	size = w->size;
	for (size_t i = w->n_offsets; i > 0; i--)
		if (w->offsets[i - 1] >= 0) {
			if ((long)i > size)
				size = (long)i;
			break;
		}
	snprintf(line, sizeof line, "xref\n0 %ld\n0000000000 65535 f \n", size);
	emit_str(w, line);
	for (long i = 1; i < size && !w->failed; i++) {
		long o = (size_t)i < w->n_offsets ? w->offsets[i] : -1;
		if (o >= 0)
			snprintf(line, sizeof line, "%010ld 00000 n \n", o);
		else
			snprintf(line, sizeof line, "0000000000 00001 f \n");
		emit(w, line, 20);
	}
	snprintf(line, sizeof line, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", size, w->root);
	emit_str(w, line);
	if (w->info > 0) {
		snprintf(line, sizeof line, "   /Info %ld 0 R\n", w->info);
		emit_str(w, line);
	}
	snprintf(line, sizeof line, "   /ID [<%016" PRIx64 "%016" PRIx64 "><%016" PRIx64 "%016" PRIx64 ">]\n>>\nstartxref\n%ld\n%%%%EOF\n",
		 h1, h2, h1, h2, xref);
	emit_str(w, line);
	if (!w->failed && fflush(w->out) != 0)
		fail_io(w);
	if (w->failed && w->io) {
		pl_error_set(err, PL_EIO, "could not write the PDF: %s. Free some space or choose another folder "
			     "with -o; nothing was written.", w->why);
		return -1;
	}
	if (w->failed) {
		pl_error_set(err, PL_EIO, "could not write the PDF (%s). Free some disk space or choose another folder; if that is not it, this is a bug in placard: please report it with your input.",
			     w->why);
		return -1;
	}
	return 0;
}
