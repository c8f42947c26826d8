/* pdfpost.h — the one module that includes libqpdf: what cairo 1.16 cannot
 * write into a PDF. Fixes the document information (title, creator, fixed
 * dates, no producer path), gives a deterministic /ID, drops cairo's
 * DeviceRGB page groups, and adds TrimBox/BleedBox for print output. */
#ifndef PL_PDFPOST_H
#define PL_PDFPOST_H

#include <stddef.h>
#include <time.h>

#include "base/error.h"
#include "base/lazy.h"
#include "base/util.h"

typedef struct pl_pdf_meta {
	const char *title;   /* UTF-8; NULL for none */
	time_t date;         /* creation and modification date */
	double trim[4];      /* TrimBox x0 y0 x1 y1 in PDF points; all 0 = none */
	double bleed[4];     /* BleedBox, likewise */
	double page_h;       /* the pages' height in points (pdfstream.c: links) */
	/* --cmyk (cmyk.c), first pass: pure black drawn as RGB (cairo's
	 * "0 0 0 rg") becomes DeviceGray "0 g", which a CMYK conversion keeps
	 * in black ink only instead of a four-colour rich black. */
	int gray_black;
	/* ... and colours written cmyk(…) (layout/page.h): n_cmyk entries of
	 * 7 numbers, the placeholder RGB cairo wrote and the inks it stands
	 * for; "r g b rg" of a placeholder becomes "c m y k k". */
	const double *cmyk_map;
	size_t n_cmyk;
	/* --cmyk, last pass: an ICC profile (CMYK) made the document's output
	 * intent, so the print shop knows what the colours were converted for. */
	const unsigned char *icc;
	size_t icc_n;
	const char *icc_name; /* the profile's description */
	/* A banner with --print: grommet marks (grommets.h) on every page,
	 * placed from the TrimBox (trim must be set). */
	int grommets;
	/* --pdfx (pdfx.c), last pass: the output intent's registered
	 * identifier and condition (NULL: "Custom" and icc_name), the
	 * version keys of the info dictionary, /Trapped /False, an XMP packet
	 * as the catalog's /Metadata, no annotations, and boxes on every page
	 * (the MediaBox when trim is all 0). */
	const char *icc_id, *icc_condition;
	const char *pdfx_version;     /* GTS_PDFXVersion, e.g. "PDF/X-4"; NULL = not PDF/X */
	const char *pdfx_conformance; /* GTS_PDFXConformance (X-1a) or NULL */
	const char *xmp;              /* XMP packet (UTF-8) or NULL */
	/* --pdfx, first pass: drop link annotations (PDF/X allows none on the page). */
	int no_annots;
} pl_pdf_meta;

/* A PDF date (§7.9.4) in UTC: "D:20000101000000Z". */
void pl_pdf_date(time_t t, char out[24]);

/* Rewrite cairo's PDF bytes into a new buffer the caller frees. */
int pl_pdf_finish(const unsigned char *in, size_t n, const pl_pdf_meta *meta,
		  unsigned char **out, size_t *out_n, pl_error *err);

/* qpdf helpers for the passes that edit pages (here, impose.c): dict's
 * sub-dictionary `key`, created when missing (cairo's resource dictionaries
 * have no /ColorSpace or /XObject unless it used one); a new stream holding
 * n bytes of s. */
qpdf_oh pl_qpdf_subdict(qpdf_data q, qpdf_oh dict, const char *key);
qpdf_oh pl_qpdf_stream(qpdf_data q, const char *s, size_t n);
/* New contents of page: [before] q <its own streams> Q [after] (either may
 * be NULL). cairo's streams start with an unbalanced y-flip, hence the
 * q … Q around them. */
void pl_qpdf_wrap_contents(qpdf_data q, qpdf_oh page, const pl_buf *before, const pl_buf *after);

#endif
