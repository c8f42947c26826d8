/* shop.h — print-shop presets for `--shop NAME`, from the YAML table
 * assets/print-shops.yaml (and the user's own print-shops.yaml, read
 * first): bleed, crop marks on or off, PDF/X version, press intent, ink
 * limit, cut-line name and output file name, as one bundle. */
#ifndef PL_SHOP_H
#define PL_SHOP_H

#include <stdbool.h>

#include "base/error.h"

typedef struct pl_shop {
	char name[64];
	char description[200];
	double bleed_pt;       /* < 0: not given */
	int marks;             /* 1 on, 0 off, -1 not given */
	int pdfx;              /* pl_pdfx; 0 = not given */
	int intent;            /* pl_intent; 0 = by the paper's region */
	double ink_limit;      /* percent; 0 = not given */
	char cut_name[64];     /* "" = not given */
	char output[256];      /* "" = not given */
} pl_shop;

/* 0 and *out when found; -1 with err (PL_EUSAGE naming the presets there
 * are, or PL_EINPUT with file and line for a bad entry). */
int pl_shop_find(const char *datadir, const char *name, pl_shop *out, pl_error *err);
/* The preset's output name with {data} (the data file's name without
 * folder and extension) and {layout} (likewise) filled in; other {fields}
 * are left for the run. Caller frees; NULL without memory. */
char *pl_shop_output(const pl_shop *s, const char *data, const char *layout);
/* The preset names, comma-separated, into buf (for messages and the studio). */
void pl_shop_names(const char *datadir, char *buf, size_t n);

#endif
