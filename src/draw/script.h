/* script.h — text rewritten for its script before it is laid out. */
#ifndef PL_SCRIPT_H
#define PL_SCRIPT_H

#include <stddef.h>

#include "draw/text.h"

/* The separators a template puts between values (text outside the spans),
 * written the Arabic way: ", " becomes "، ". Spans are moved to match.
 * Returns a new string, or NULL when out of memory. */
char *pl_arabic_separators(const char *text, pl_text_span *spans, size_t n);

#endif
