/* lang.c — see lang.h. */
#include "data/lang.h"

#include <string.h>

static const char *const rtl_langs[] = {"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "iw", NULL};

bool pl_lang_is_rtl(const char *lang)
{
	char prim[8];
	size_t n = strcspn(lang ? lang : "", "-_");

	if (!lang || n >= sizeof prim)
		return false;
	memcpy(prim, lang, n);
	prim[n] = '\0';
	for (int i = 0; rtl_langs[i]; i++)
		if (!strcmp(prim, rtl_langs[i]))
			return true;
	return false;
}

/* Languages written in the Arabic script, whose comma is "،" (U+060C): a
 * Latin comma or a middle dot (which reads as the Arabic-Indic zero "٠")
 * between Arabic words looks wrong there. */
static const char *const arabic_script_langs[] = {"ar", "fa", "ur", "ps", "ckb", "sd", "ug", NULL};

bool pl_lang_is_arabic_script(const char *lang)
{
	size_t n = strcspn(lang ? lang : "", "-_");

	for (int i = 0; lang && arabic_script_langs[i]; i++)
		if (strlen(arabic_script_langs[i]) == n && !strncmp(lang, arabic_script_langs[i], n))
			return true;
	return false;
}

