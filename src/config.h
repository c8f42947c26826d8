/* config.h — placard's constants in one table: page sizes, print defaults,
 * and the limits every parser checks before doing expensive work.
 * Change a number here and the README's "Limits" section with it. */
#ifndef PL_CONFIG_H
#define PL_CONFIG_H

#define PL_VERSION "0.1.0"

#define PL_MM_TO_PT (72.0 / 25.4)
#define PL_IN_TO_PT 72.0

/* Print defaults (PRINT-NOTES: bleed 3 mm, safe 3–5 mm, marks outside bleed). */
#define PL_DEFAULT_BLEED_MM 3.0
#define PL_CROP_MARK_LEN_MM 5.0
#define PL_CROP_MARK_GAP_MM 2.0

/* QR defaults: quiet zone of 4 modules (ISO/IEC 18004 §6.3.8). */
#define PL_QR_QUIET_MODULES 4
#define PL_QR_MIN_MODULE_MM 0.4

/* Limits: checked before the expensive work; documented in README "Limits". */
#define PL_MAX_FILE_BYTES (16L * 1024 * 1024)   /* one data or layout file */
#define PL_MAX_FIELD_BYTES (64 * 1024)          /* one field's text */
#define PL_MAX_RECORDS 100000                   /* records in one run */
#define PL_MAX_FIELDS 512                       /* fields in one record */
#define PL_MAX_DEPTH 16                         /* YAML/JSON nesting */
#define PL_MAX_IMAGE_PIXELS (64L * 1024 * 1024) /* width × height */
#define PL_MAX_IMAGE_BYTES (32L * 1024 * 1024)
#define PL_MAX_URL_BYTES 2048
#define PL_MAX_BLOCKS 128                       /* blocks in one layout */

#endif
