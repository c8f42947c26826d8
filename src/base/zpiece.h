/* zpiece.h — bytes deflated ahead of time, on any thread, to be spliced
 * into a PDF content stream later without compressing again (a QR code's
 * operators: draw/qr.c makes them, pdf/pdfstream.c splices them). */
#ifndef PL_ZPIECE_H
#define PL_ZPIECE_H

#include <stddef.h>

/* A piece of a page's extra content compressed ahead of time (a QR
 * code's operators): raw deflate that ends on a byte
 * boundary (a sync flush), so the page's stream is assembled around it
 * without compressing anything when the page is written. */
typedef struct pl_zpiece {
	unsigned char *z;    /* the compressed bytes (owned) */
	size_t zlen;
	size_t len;          /* uncompressed length */
	unsigned long adler; /* Adler-32 of the uncompressed bytes */
	size_t at;           /* in a page's list: where in its text it goes */
} pl_zpiece;

typedef struct pl_zpieces {
	pl_zpiece *v;
	size_t n, cap;
} pl_zpieces;

/* Compress n bytes into *p: 0, or -1 when out of memory. */
int pl_zpiece_make(pl_zpiece *p, const void *data, size_t n);
/* Add a copy of p that goes at offset `at` of the page's extra text. */
int pl_zpieces_add(pl_zpieces *l, size_t at, const pl_zpiece *p);

#endif
