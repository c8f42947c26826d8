/* cmyk.h — `--cmyk`: a PDF converted to CMYK for a print shop. Runs
 * Ghostscript's pdfwrite device as a subprocess (never libgs, which is
 * AGPL), between two libqpdf passes (pdfpost.c): before, pure black becomes
 * DeviceGray so black text and QR codes print in black ink only; after, the
 * document info, dates and /ID are fixed again (reproducible bytes) and the
 * CMYK profile Ghostscript converted to (PL_CMYK_ICC) becomes the output
 * intent. Text stays text, fonts stay embedded, boxes are kept. */
#ifndef PL_CMYK_H
#define PL_CMYK_H

#include <stddef.h>

#include "base/error.h"
#include "pdf/pdfpost.h"

/* cairo's PDF bytes in, a finished CMYK PDF out (caller frees *out). meta
 * is what pl_pdf_finish would get for the RGB file. Fails with PL_EDEP when
 * Ghostscript or its profile is missing (the message names the Debian
 * package), PL_EIO when Ghostscript fails. */
int pl_cmyk_pdf(const unsigned char *in, size_t n, const pl_pdf_meta *meta, unsigned char **out,
		size_t *out_n, pl_error *err);

#endif
