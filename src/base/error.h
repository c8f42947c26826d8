/* error.h — errors as values. A fallible function returns 0 on success or
 * -1 and fills a caller-owned pl_error: a code that maps to the SPEC's exit
 * statuses, where it happened, and a sentence saying what to do. The first
 * error written wins; callers only pass it up. Findings (warnings) use the
 * same struct, collected in a pl_diag list. */
#ifndef PL_ERROR_H
#define PL_ERROR_H

#include <stddef.h>

typedef enum pl_code {
	PL_OK = 0,
	PL_EINPUT,  /* bad data, layout or theme: the user must fix a file */
	PL_EUSAGE,  /* bad command line */
	PL_EIO,     /* cannot read or write a file */
	PL_EDEP,    /* a dependency (program, font, profile) is missing */
	PL_ENOMEM,  /* out of memory */
	PL_ELIMIT,  /* input over one of placard's documented limits */
	PL_EFIT,    /* finding: text does not fit its box at the min size */
	PL_EFINDING, /* finding: other preflight problem (exit 1) */
	PL_EWARN,   /* finding: a warning only (exit 0 unless --strict) */
	PL_ENOTE    /* note: something placard adjusted (a shortened label, a
		       dropped hashtag); printed, never changes the exit status */
} pl_code;

typedef struct pl_error {
	pl_code code;
	char file[256];  /* data or layout file, "" if none */
	int line, col;   /* 1-based, 0 if unknown */
	int record;      /* 1-based record number, 0 if none */
	char field[64];  /* field name, "" if none */
	char msg[768];   /* what is wrong and what to do */
} pl_error;

/* Write an error if none is set yet (first error wins). err may be NULL. */
void pl_error_set(pl_error *err, pl_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set where it happened; fields that are already set are kept. */
void pl_error_at(pl_error *err, const char *file, int line, int col);
void pl_error_field(pl_error *err, int record, const char *field);
void pl_error_clear(pl_error *err);
/* "file:line:col: record N, field 'f': msg" into buf. */
void pl_error_format(const pl_error *err, char *buf, size_t len);

/* A finding as a list keeps it: the error's fields, its texts in one
 * allocation of their own length (a batch of 10,000 pages with a note each
 * would otherwise hold 10,000 full pl_error buffers). */
typedef struct pl_finding {
	pl_code code;
	int line, col, record;
	const char *file, *field, *msg; /* never NULL ("" if none) */
} pl_finding;

/* A growable list of findings (warnings during render, results of check). */
typedef struct pl_diag {
	pl_finding *items;
	size_t n, cap;
} pl_diag;

int pl_diag_add(pl_diag *d, const pl_error *e);
/* The same, put at position `at` (0 … n) instead of at the end. */
int pl_diag_insert(pl_diag *d, size_t at, const pl_error *e);
/* Finding f as a full pl_error again (for formatting and printing). */
void pl_finding_error(const pl_finding *f, pl_error *out);
void pl_diag_free(pl_diag *d);
/* "error", "warning" or "note", as messages and --json name a finding. */
const char *pl_severity(pl_code code);
/* Findings that make a run "written, with problems" (exit 1): everything
 * but notes, and warnings only when `warnings` is set (check, --strict). */
size_t pl_diag_failing(const pl_diag *d, int warnings);

#endif
