/* lang.h — what a language tag says about writing: the direction of its
 * script and whether it is written in the Arabic script (whose comma is
 * "،"). Tags are BCP 47; only the primary subtag is looked at. */
#ifndef PL_LANG_H
#define PL_LANG_H

#include <stdbool.h>

/* Written right to left: ar, he, fa, ur, ps, yi, dv, ckb, sd, ug. */
bool pl_lang_is_rtl(const char *lang);
/* Written in the Arabic script: ar, fa, ur, ps, ckb, sd, ug. */
bool pl_lang_is_arabic_script(const char *lang);

#endif
