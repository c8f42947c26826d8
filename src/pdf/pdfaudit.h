/* pdfaudit.h — what a print shop's preflight reads from a finished PDF's
 * structure (libqpdf): colour operators and colour spaces in RGB left after
 * a CMYK conversion, fonts not embedded, and transparency (soft masks,
 * constant alpha under 1, transparency groups, blend modes). Used by the
 * print-shop checks (print/inkcheck.c) on --pdfx output. */
#ifndef PL_PDFAUDIT_H
#define PL_PDFAUDIT_H

#include <stddef.h>

#include "base/error.h"

typedef struct pl_pdf_audit {
	size_t rgb;               /* RGB colour operators or colour spaces */
	size_t transparency;      /* objects that make transparency */
	size_t unembedded;        /* font descriptors without a font file */
	char font[64];            /* the first of them */
} pl_pdf_audit;

int pl_pdf_audit_run(const unsigned char *pdf, size_t n, pl_pdf_audit *a, pl_error *err);

#endif
