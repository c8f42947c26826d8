/* gs.h — Ghostscript as a program (never libgs, which is AGPL), shared by
 * --cmyk (cmyk.c) and --pdfx (pdfx.c): a private temporary folder (mode
 * 0700) that holds the files handed over, one run of pdfwrite from
 * dir/in.pdf to dir/out.pdf with the caller's extra options, and the ICC
 * profile's own description. Ghostscript's messages go to dir/gs.log; its
 * first line is quoted when it fails. */
#ifndef PL_GS_H
#define PL_GS_H

#include <stddef.h>

#include "base/error.h"

/* A new private folder under $TMPDIR (or /tmp) into dir. */
int pl_gs_tmpdir(char dir[4096], pl_error *err);
/* The folder and everything in it (one level of sub-folders). */
void pl_gs_rmdir(const char *dir);
/* Write a new file (mode 0600); -1 with errno on failure. */
int pl_gs_write(const char *path, const unsigned char *data, size_t n);
/* pdfwrite to CMYK (no auto-rotation, no lossy re-compression) plus
 * `extra` (NULL-terminated, may be NULL; options, then files such as a
 * PDFX_def.ps to run before the PDF) on
 * dir/in.pdf → dir/out.pdf. `opt` names the option asking ("--cmyk") in
 * messages. PL_EDEP when gs is missing, PL_EIO when it fails. */
int pl_gs_run(const char *dir, const char *const *extra, const char *opt, pl_error *err);
/* Any gs command line (argv[0] "gs", NULL-terminated), its messages to
 * dir/gs.log; errors as for pl_gs_run. */
int pl_gs_exec(const char *dir, const char *const *argv, const char *opt, pl_error *err);
/* The profile's description (ICC v2 'desc' tag), or NULL; caller frees. */
char *pl_icc_description(const unsigned char *p, size_t n);
/* The profile's colour space signature ("CMYK", "RGB ", …) or "". */
void pl_icc_space(const unsigned char *p, size_t n, char out[5]);

#endif
