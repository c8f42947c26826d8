/* locale.h — the one module that includes ICU: dates, times and digits the
 * way a language writes them, and language-aware upper-casing. */
#ifndef PL_LOCALE_H
#define PL_LOCALE_H

#include <stdbool.h>

/* "2021-05-15" in `lang` with weekday and month names: "Samstag, 15. Mai
 * 2021", "السبت ١٥ مايو ٢٠٢١". latin_digits forces 0–9. NULL on a bad date. */
char *pl_locale_date(const char *ymd, const char *lang, bool latin_digits);
/* "15:00" as `lang` writes a time of day ("3:00 PM", "15:00", "١٥:٠٠"). */
char *pl_locale_time(const char *hhmm, const char *lang, bool latin_digits);
/* Upper-case following the language's rules (Turkish dotted İ, Greek drops
 * accents). Never NULL for a non-NULL input unless out of memory. */
char *pl_locale_upper(const char *s, const char *lang);
/* A host name as people read it: IDNA "xn--" labels in Unicode
 * ("xn--bcher-kva.example" → "bücher.example"); other hosts, and hosts ICU
 * finds invalid, are copied as written. NULL only when out of memory. */
char *pl_locale_host(const char *host);

#endif
