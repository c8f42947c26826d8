/* qrlabel.h — the line printed under a QR code. A label is a courtesy
 * under a code that works, so it never fails a page: the default one is the
 * link as a person would type it, and any label that does not fit the
 * code's width shrinks, then takes two lines, then is cut short with "…" at
 * a path boundary, keeping the host whole. The code itself always encodes
 * the full URL; this module only decides how it is printed (the default
 * label itself is derived with the record: data/derive.h). */
#ifndef PL_QRLABEL_H
#define PL_QRLABEL_H

#include <stdbool.h>

#include "base/error.h"
#include "draw/text.h"

typedef struct pl_label {
	pl_text_fit fit;  /* what is printed; fit.layout NULL: no label fits */
	int lines;        /* 1 or 2 */
	bool cut;         /* shortened with "…" (or left out: fit.layout NULL) */
	char *printed;    /* the text laid out, line break included */
} pl_label;

/* Fit `label` under a code: on one line in a box w × h1, else on two lines
 * in w × h2 (h2 = 0: no room for a second line), breaking after "/" or "-"
 * or before "."; else cut at the last "/" (or, for a label that is not a
 * link, the last space) that lets it fit, with "…". The host (what comes
 * before the first "/") is never cut: when even it does not fit, no label
 * is printed. st gives the font, sizes and language; its max_lines and
 * spans are set here. -1 only on out of memory or a box with no room. */
int pl_label_fit(pl_fonts *f, const char *label, const pl_text_style *st, double w, double h1, double h2,
		 pl_label *out, pl_error *err);
void pl_label_free(pl_label *l);

#endif
