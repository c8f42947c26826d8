/* zpiece.c — see zpiece.h. */
#include "base/zpiece.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int pl_zpiece_make(pl_zpiece *p, const void *data, size_t n)
{
	z_stream z = {0};
	size_t cap;
	int rc;

	memset(p, 0, sizeof *p);
	if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&z, (uLong)n) + 16;
	p->z = malloc(cap);
	if (!p->z) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)n;
	z.next_out = p->z;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_SYNC_FLUSH);
	p->zlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_OK || z.avail_in) {
		free(p->z);
		p->z = NULL;
		return -1;
	}
	p->len = n;
	p->adler = adler32(adler32(0, NULL, 0), data, (uInt)n);
	return 0;
}

int pl_zpieces_add(pl_zpieces *l, size_t at, const pl_zpiece *p)
{
	unsigned char *z;

	if (l->n == l->cap) {
		size_t nc = l->cap ? 2 * l->cap : 4;
		pl_zpiece *v = realloc(l->v, nc * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = nc;
	}
	if (!(z = malloc(p->zlen ? p->zlen : 1)))
		return -1;
	memcpy(z, p->z, p->zlen);
	l->v[l->n] = *p;
	l->v[l->n].z = z;
	l->v[l->n++].at = at;
	return 0;
}
