/* pdfx.h — `--pdfx x4|x3|x1a` with `--intent fogra39|fogra51|gracol|swop`:
 * a PDF/X file for a print shop. Like --cmyk (cmyk.c) the conversion runs
 * Ghostscript's pdfwrite as a program between two libqpdf passes
 * (pdfpost.c), but to the press profile of the intent (a private
 * ICCProfilesDir whose default_cmyk.icc is that profile):
 *  - X-3 and X-1a: Ghostscript 10.0's own -dPDFX with a PDFX_def.ps made
 *    here (profile, OutputConditionIdentifier, title); PDF 1.3, so
 *    transparency is flattened. X-1a then also refuses ICC-based colours.
 *  - X-4 (Ghostscript 10.0 cannot write it): the CMYK conversion at PDF 1.6,
 *    transparency kept.
 * The last pass writes what Ghostscript leaves out or gets non-reproducibly:
 * GTS_PDFXVersion, /Trapped /False, for X-4 an XMP packet
 * (pdfxid:GTS_PDFXVersion, title, creator, dates from the document's date), the OutputIntent with
 * the embedded profile and its registered identifier, a deterministic /ID,
 * TrimBox and BleedBox on every page, no annotations. */
#ifndef PL_PDFX_H
#define PL_PDFX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "pdf/pdfpost.h"

typedef enum { PL_PDFX_NONE, PL_PDFX_X1A, PL_PDFX_X3, PL_PDFX_X4 } pl_pdfx;
typedef enum { PL_INTENT_AUTO, PL_INTENT_FOGRA39, PL_INTENT_FOGRA51, PL_INTENT_GRACOL, PL_INTENT_SWOP } pl_intent;

/* "x4", "x3", "x1a" (any case) → the version; -1 for anything else. */
int pl_pdfx_parse(const char *s);
/* "fogra39", "fogra51", "gracol", "swop" → the intent; -1 otherwise. */
int pl_intent_parse(const char *s);
const char *pl_pdfx_name(pl_pdfx v);     /* "x4" … */
const char *pl_intent_name(pl_intent i); /* "fogra39" … */
/* The default intent for a trim size in points: US paper sizes (both sides
 * whole quarter inches) print on GRACoL, everything else on FOGRA39. */
pl_intent pl_intent_for_size(double w_pt, double h_pt);

/* A press condition: its registered identifier (ICC characterisation
 * registry), the condition's words, and the profile file found for it. */
typedef struct pl_press {
	pl_intent intent;
	const char *id, *condition;
	char path[4096];
} pl_press;
/* Find the profile for `intent` (not AUTO): the user's own folder
 * ($XDG_CONFIG_HOME/placard/profiles or ~/.config/placard/profiles, file
 * FOGRA39.icc …), then datadir/assets/profiles (built by `make deps`),
 * Ghostscript's default_cmyk.icc for swop. PL_EDEP naming the Debian
 * package when there is none; PL_EINPUT when the file is not CMYK. */
int pl_press_find(const char *datadir, pl_intent intent, pl_press *out, pl_error *err);

/* cairo's PDF bytes in, a finished PDF/X out (caller frees *out). */
int pl_pdfx_pdf(const unsigned char *in, size_t n, const pl_pdf_meta *meta, pl_pdfx v, const pl_press *press,
		unsigned char **out, size_t *out_n, pl_error *err);

#endif
