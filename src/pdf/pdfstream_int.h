/* pdfstream_int.h — what the streaming PDF writer's two parts share, and no
 * one else: pdfstream.c (the writer, cairo's bytes collected into objects,
 * the extra content, xref and trailer) and pdfobj.c (each object rewritten
 * as it passes: pages with their boxes and links, streams with direct
 * lengths, the document information). */
#ifndef PL_PDFSTREAM_INT_H
#define PL_PDFSTREAM_INT_H

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
	pl_buf res;          /* the page's own resources (pl_pdfw_page_resources) */
	/* Pages with several links: their /Annots is an array object under
	 * the number the resources freed, written at the end with the
	 * annotations, which take numbers after cairo's last (known then):
	 * "num\n" then the link lines, then "\f" per page. */
	pl_buf later;
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


void pw_begin_obj(pl_pdfw *w, long num);
void pw_emit(pl_pdfw *w, const void *data, size_t n);
void pw_emit_extra(pl_pdfw *w, long num);
void pw_emit_str(pl_pdfw *w, const char *s);
bool pw_end_stream(pl_pdfw *w);
void pw_fail(pl_pdfw *w, const char *why);
const unsigned char *pw_find(const unsigned char *h, size_t n, const char *needle);
void pw_flush_held(pl_pdfw *w, long skip);
void pw_plain_obj(pl_pdfw *w, long num, const char *t, size_t n);
void pw_put_box(pl_buf *b, const char *name, const double v[4]);
bool pw_put_obj(pl_pdfw *w, long num, const pl_buf *b);
void pw_write_later(pl_pdfw *w);

#endif
