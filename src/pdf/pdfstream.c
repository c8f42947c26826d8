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
#include "pdf/pdfstream_int.h"

void pw_fail(pl_pdfw *w, const char *why)
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
	pl_buf_free(&w->res);
	pl_buf_free(&w->later);
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
		pw_fail(w, "out of memory");
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

pl_buf *pl_pdfw_page_resources(pl_pdfw *w)
{
	return &w->res;
}

pl_zpieces *pl_pdfw_page_zpieces(pl_pdfw *w)
{
	return &w->zp;
}



/* ---- output ---- */

void pw_emit(pl_pdfw *w, const void *data, size_t n)
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

void pw_emit_str(pl_pdfw *w, const char *s)
{
	pw_emit(w, s, strlen(s));
}

/* Start object `num` here: note its offset and write its header. */
void pw_begin_obj(pl_pdfw *w, long num)
{
	char hdr[40];

	if (num <= 0 || num > 100000000L) {
		pw_fail(w, "object number out of range");
		return;
	}
	if ((size_t)num >= w->n_offsets) {
		size_t n = w->n_offsets ? w->n_offsets : 1024;
		long *o;
		while (n <= (size_t)num)
			n *= 2;
		o = realloc(w->offsets, n * sizeof *o);
		if (!o) {
			pw_fail(w, "out of memory");
			return;
		}
		for (size_t i = w->n_offsets; i < n; i++)
			o[i] = -1;
		w->offsets = o;
		w->n_offsets = n;
	}
	if (w->offsets[num] >= 0) {
		pw_fail(w, "an object was written twice");
		return;
	}
	w->offsets[num] = w->off;
	snprintf(hdr, sizeof hdr, "%ld 0 obj\n", num);
	pw_emit_str(w, hdr);
}

/* Object `num` with the body in b; false when b ran out of memory. */
bool pw_put_obj(pl_pdfw *w, long num, const pl_buf *b)
{
	if (b->oom) {
		pw_fail(w, "out of memory");
		return false;
	}
	pw_begin_obj(w, num);
	pw_emit(w, b->s, b->len);
	pw_emit_str(w, "endobj\n");
	return true;
}

void pw_put_box(pl_buf *b, const char *name, const double v[4])
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
			pw_fail(w, "out of memory");
			return false;
		}
		w->z_ready = true;
	} else if (deflateReset(&w->z) != Z_OK) {
		pw_fail(w, "compression failed");
		return false;
	}
	bound = deflateBound(&w->z, (uLong)w->extra.len);
	if (bound > w->zcap) {
		unsigned char *zb = realloc(w->zout, bound);
		if (!zb) {
			pw_fail(w, "out of memory");
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
		pw_fail(w, "compression failed");
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
void pw_emit_extra(pl_pdfw *w, long num)
{
	const unsigned char *z;
	size_t n;
	char hdr[80];

	if (w->zp.n) {
		w->tmp.len = 0;
		assemble_extra(w, &w->tmp);
		if (w->tmp.oom) {
			pw_fail(w, "out of memory");
			return;
		}
		z = (const unsigned char *)w->tmp.s;
		n = w->tmp.len;
	} else if (!deflate_extra(w, &z, &n)) {
		return;
	}
	pw_begin_obj(w, num);
	snprintf(hdr, sizeof hdr, "<< /Length %zu /Filter /FlateDecode >>\nstream\n", n);
	pw_emit_str(w, hdr);
	pw_emit(w, z, n);
	pw_emit_str(w, "\nendstream\nendobj\n");
}

/* Consume every complete object in the pending input. */
static void pump(pl_pdfw *w)
{
	while (!w->failed) {
		const unsigned char *p = w->in + w->pos;
		size_t n = w->len - w->pos;

		if (w->in_stream) {
			if (!pw_end_stream(w))
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
			pw_emit(w, p, (size_t)(nl - p) + 1);
			w->pos += (size_t)(nl - p) + 1;
			w->tscan = w->pos;
		} else if (isspace(*p)) {
			pw_emit(w, p, 1);
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
			if ((k = pw_find(p, (size_t)(e - p), "/Size ")))
				w->size = strtol((const char *)k + 6, NULL, 10);
			if ((k = pw_find(p, (size_t)(e - p), "/Root ")))
				w->root = strtol((const char *)k + 6, NULL, 10);
			if ((k = pw_find(p, (size_t)(e - p), "/Info ")))
				w->info = strtol((const char *)k + 6, NULL, 10);
			w->ended = true;
			w->pos = w->len;
			pw_flush_held(w, 0);
		} else if (isdigit(*p)) {
			const unsigned char *nl = memchr(p, '\n', n), *body, *e, *s;
			size_t from, rest;
			long num, gen;
			char hdr[48], *after;
			if (!nl)
				return;
			if ((size_t)(nl - p) >= sizeof hdr) {
				pw_fail(w, "an object header that is not one");
				break;
			}
			memcpy(hdr, p, (size_t)(nl - p));
			hdr[nl - p] = '\0';
			num = strtol(hdr, &after, 10);
			gen = after > hdr ? strtol(after, &after, 10) : -1;
			if (num <= 0 || gen != 0 || strncmp(after, " obj", 4)) {
				pw_fail(w, "an object header that is not one");
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
					pw_fail(w, "a stream without a length");
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
			pw_plain_obj(w, num, (const char *)body, (size_t)(e - body));
			w->pos = (size_t)(e - w->in) + 7;
			w->tscan = w->pos;
		} else {
			pw_fail(w, "bytes that are not a PDF object");
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
			pw_fail(w, "out of memory");
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

	if (!w->failed && (!w->ended || w->in_stream || w->root <= 0 || w->extra.len || w->links.len || w->res.len))
		pw_fail(w, "cairo's output ended early");
	pw_flush_held(w, 0);
	pw_write_later(w);
	/* Spares nobody used: null objects, so every number has an object. */
	for (size_t i = 0; i < w->n_spares && !w->failed; i++) {
		long num = w->spares[i].num;
		if ((size_t)num >= w->n_offsets || w->offsets[num] < 0) {
			pw_begin_obj(w, num);
			pw_emit_str(w, "null\nendobj\n");
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
	pw_emit_str(w, line);
	for (long i = 1; i < size && !w->failed; i++) {
		long o = (size_t)i < w->n_offsets ? w->offsets[i] : -1;
		if (o >= 0)
			snprintf(line, sizeof line, "%010ld 00000 n \n", o);
		else
			snprintf(line, sizeof line, "0000000000 00001 f \n");
		pw_emit(w, line, 20);
	}
	snprintf(line, sizeof line, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", size, w->root);
	pw_emit_str(w, line);
	if (w->info > 0) {
		snprintf(line, sizeof line, "   /Info %ld 0 R\n", w->info);
		pw_emit_str(w, line);
	}
	snprintf(line, sizeof line, "   /ID [<%016" PRIx64 "%016" PRIx64 "><%016" PRIx64 "%016" PRIx64 ">]\n>>\nstartxref\n%ld\n%%%%EOF\n",
		 h1, h2, h1, h2, xref);
	pw_emit_str(w, line);
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
