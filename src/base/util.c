/* util.c — see util.h. */
#define _POSIX_C_SOURCE 200809L
#include "base/util.h"
#include "base/config.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

void pl_buf_add(pl_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void pl_buf_puts(pl_buf *b, const char *s)
{
	pl_buf_add(b, s, strlen(s));
}

void pl_buf_printf(pl_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		pl_buf_add(b, tmp, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);
		if (!big) {
			b->oom = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		pl_buf_add(b, big, (size_t)n);
		free(big);
	}
}

char *pl_buf_take(pl_buf *b)
{
	char *s = b->oom ? NULL : b->s;

	if (b->oom)
		free(b->s);
	else if (!s)
		s = pl_strdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
	return s;
}

void pl_buf_free(pl_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

void pl_buf_pdf_num(pl_buf *b, double v)
{
	long long m = llround(v * 10000.0);
	unsigned long long a = m < 0 ? (unsigned long long)-m : (unsigned long long)m;
	unsigned long long frac = a % 10000;

	pl_buf_printf(b, "%s%llu", m < 0 ? "-" : "", a / 10000);
	if (frac) {
		char d[8];
		int k = snprintf(d, sizeof d, "%04llu", frac);
		while (k > 0 && d[k - 1] == '0')
			d[--k] = '\0';
		pl_buf_printf(b, ".%s", d);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **pl_list_yaml(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = calloc(1, sizeof *v);
	size_t n = 0;

	if (!v || !d) {
		if (d)
			closedir(d);
		return v;
	}
	while ((e = readdir(d)) && n < 1024) {
		size_t len = strlen(e->d_name);
		char **nv;
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") || e->d_name[0] == '.')
			continue;
		if (!(nv = realloc(v, (n + 2) * sizeof *v)))
			break;
		v = nv;
		if (!(v[n] = pl_strndup(e->d_name, len - 5)))
			break;
		v[++n] = NULL;
	}
	closedir(d);
	qsort(v, n, sizeof *v, cmp_str);
	return v;
}

char *pl_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *pl_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

bool pl_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool pl_str_empty(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

FILE *pl_open_file(const char *path, long max, struct stat *st, pl_error *err)
{
	FILE *f;
	struct stat pre;

	if (!strcmp(path, "-")) {
		/* Standard input: read like a pipe, with the same limits. */
		int fd = dup(0);
		f = fd >= 0 ? fdopen(fd, "rb") : NULL;
		if (!f) {
			if (fd >= 0)
				close(fd);
			pl_error_set(err, PL_EIO, "cannot read standard input: %s.", strerror(errno));
			return NULL;
		}
		if (fstat(fileno(f), st) != 0)
			memset(st, 0, sizeof *st);
		return f;
	}
	/* A FIFO, device or socket would block or never end: refuse it before
	 * opening (stat does not wait for a writer). */
	if (stat(path, &pre) == 0 && !S_ISREG(pre.st_mode) && !S_ISDIR(pre.st_mode)) {
		pl_error_set(err, PL_EIO,
			     "this is not a regular file but a %s: placard reads its data and layouts from files. Save it to a file first, or give - to read the data from standard input.",
			     S_ISFIFO(pre.st_mode) ? "pipe (FIFO)" : S_ISSOCK(pre.st_mode) ? "socket" : "device");
		pl_error_at(err, path, 0, 0);
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		pl_error_set(err, PL_EIO, "cannot open the file: %s. Check the name and that you may read it.",
			     strerror(errno));
		pl_error_at(err, path, 0, 0);
		return NULL;
	}
	if (fstat(fileno(f), st) != 0)
		memset(st, 0, sizeof *st);
	if (S_ISDIR(st->st_mode)) {
		fclose(f);
		pl_error_set(err, PL_EIO, "this is a folder, not a file. Give the path of a file inside it.");
		pl_error_at(err, path, 0, 0);
		return NULL;
	}
	if (S_ISREG(st->st_mode) && st->st_size > max) {
		fclose(f);
		pl_error_set(err, PL_ELIMIT, "the file is %lld KB, over placard's limit of %ld KB. Split it into smaller files.",
			     ((long long)st->st_size + 1023) / 1024, max / 1024);
		pl_error_at(err, path, 0, 0);
		return NULL;
	}
	return f;
}

int pl_read_file(const char *path, long max, char **out, size_t *len, pl_error *err)
{
	FILE *f;
	struct stat st;
	char *buf;
	size_t n;

	*out = NULL;
	if (!(f = pl_open_file(path, max, &st, err)))
		return -1;
	{
		/* Regular files: size the buffer from the file; pipes grow. */
		size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, got = 0;
		buf = malloc(cap + 1);
		while (buf) {
			size_t k = fread(buf + got, 1, cap - got, f);
			got += k;
			if (got < cap || got > (size_t)max)
				break;
			{
				char *nb = cap > (size_t)max ? NULL : realloc(buf, cap * 2 + 1);
				if (!nb)
					break;
				buf = nb;
				cap *= 2;
			}
		}
		if (!buf) {
			fclose(f);
			pl_error_set(err, PL_ENOMEM, "out of memory while reading the file.");
			return -1;
		}
		n = got;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		pl_error_set(err, PL_EIO, "cannot read the file: %s.", strerror(errno));
		pl_error_at(err, path, 0, 0);
		return -1;
	}
	fclose(f);
	if (n > (size_t)max) {
		free(buf);
		pl_error_set(err, PL_ELIMIT, "the file is over placard's limit of %ld KB. Split it into smaller files.", max / 1024);
		pl_error_at(err, path, 0, 0);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

long pl_utf8_invalid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return (long)i;
		}
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return (long)i;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return (long)i;
		i += k + 1;
	}
	return -1;
}

void pl_offset_linecol(const char *s, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

char *pl_path_resolve(const char *base_file, const char *rel)
{
	const char *slash;
	pl_buf b = {0};

	if (!rel)
		return NULL;
	if (rel[0] == '/' || !base_file)
		return pl_strdup(rel);
	slash = strrchr(base_file, '/');
	if (!slash)
		return pl_strdup(rel);
	pl_buf_add(&b, base_file, (size_t)(slash - base_file + 1));
	pl_buf_puts(&b, rel);
	return pl_buf_take(&b);
}

const char *pl_path_ext(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return "";
	return dot;
}

int pl_parse_length(const char *s, double ref_pt, double *pt)
{
	char *end;
	double v;

	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (!*end || !strcmp(end, "mm"))
		*pt = v * PL_MM_TO_PT;
	else if (!strcmp(end, "m"))
		*pt = v * 1000 * PL_MM_TO_PT;
	else if (!strcmp(end, "cm"))
		*pt = v * 10 * PL_MM_TO_PT;
	else if (!strcmp(end, "in"))
		*pt = v * PL_IN_TO_PT;
	else if (!strcmp(end, "pt"))
		*pt = v;
	else if (!strcmp(end, "px"))
		*pt = v * PL_PX_TO_PT;
	else if (!strcmp(end, "%"))
		*pt = v / 100.0 * ref_pt;
	else
		return -1;
	return 0;
}
