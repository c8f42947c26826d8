/* util.h — small shared helpers: growable strings, whole-file reading under
 * a size limit, UTF-8 validation, path joining, unit parsing. */
#ifndef PL_UTIL_H
#define PL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

typedef struct pl_buf {
	char *s;      /* always NUL-terminated once anything was appended */
	size_t len, cap;
	bool oom;     /* set when an append failed; the content is then truncated */
} pl_buf;

void pl_buf_add(pl_buf *b, const char *s, size_t n);
void pl_buf_puts(pl_buf *b, const char *s);
void pl_buf_printf(pl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (who frees it); the buffer is reset. */
char *pl_buf_take(pl_buf *b);
void pl_buf_free(pl_buf *b);

/* A number the way PDF content wants it: no exponent, no locale, at most
 * four decimals, no trailing zeros ("12", "-0.5", "3.1416"). */
void pl_buf_pdf_num(pl_buf *b, double v);

/* Names of the "*.yaml" files in a folder without the extension, sorted,
 * NULL-terminated (hidden files skipped); caller frees each and the array.
 * An empty list when the folder cannot be read; NULL only without memory. */
char **pl_list_yaml(const char *dir);

char *pl_strdup(const char *s);          /* NULL on NULL or out of memory */
char *pl_strndup(const char *s, size_t n);
bool pl_streq(const char *a, const char *b); /* NULL-safe */
bool pl_str_empty(const char *s);        /* NULL, "" or only white space */

/* Open a file to read: not a folder, a regular file at most max bytes;
 * its fstat in *st. NULL with err (saying which) otherwise. */
struct stat;
FILE *pl_open_file(const char *path, long max, struct stat *st, pl_error *err);
/* Read a whole file (at most max bytes) into a NUL-terminated buffer. */
int pl_read_file(const char *path, long max, char **out, size_t *len, pl_error *err);

/* First invalid byte offset, or -1 when s[0..n) is valid UTF-8. */
long pl_utf8_invalid(const char *s, size_t n);
/* 1-based line and column of a byte offset. */
void pl_offset_linecol(const char *s, size_t off, int *line, int *col);

/* dir of path ("." if none), joined with rel unless rel is absolute. */
char *pl_path_resolve(const char *base_file, const char *rel);
const char *pl_path_ext(const char *path); /* ".pdf" or "" */

/* A length with unit: "12mm", "1.5in", "30pt", "12" (mm), or "40%" of ref_pt.
 * Result in points. Returns -1 on a malformed value. */
int pl_parse_length(const char *s, double ref_pt, double *pt);

#endif
