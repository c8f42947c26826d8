/* derive.h — the fields placard adds to a record before it is laid out:
 * the date line and its parts in the record's language and each of its
 * translations (`when`, `date_text`, `time_text`, `end_time_text`,
 * `time_range`: ICU through locale.h), the URL the QR code encodes
 * (`qr_url`, with utm parameters when asked) and the default `url_label`. */
#ifndef PL_DERIVE_H
#define PL_DERIVE_H

#include <stdbool.h>

#include "data/record.h"

/* A copy of `in` (shown in translation `lang_override` when given) with
 * the derived fields set; `kind` (poster, flyer, sticker) is the utm
 * medium. NULL when out of memory. */
pl_record *pl_derive(const pl_record *in, const char *lang_override, bool latin_digits, const char *kind);

/* The URL the record's QR code encodes (utm parameters added when asked),
 * or NULL when the record has no url. Caller frees. */
char *pl_derive_qr_url(const pl_record *rec, const char *layout_kind);

/* The default url_label of a URL: no scheme, no user part, no "www.", no
 * query string or fragment, no default port, no trailing slash, %-escapes
 * decoded (when they make valid, printable UTF-8) and an IDN host in
 * Unicode: "https://www.facebook.com/events/8120/?acontext=…" →
 * "facebook.com/events/8120". mailto:, tel:, sms: and geo: links give
 * what follows the scheme. NULL only when out of memory. */
char *pl_label_for_url(const char *url);

#endif
