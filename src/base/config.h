/* config.h — placard's constants in one table: page sizes, print defaults,
 * and the limits every parser checks before doing expensive work.
 * Change a number here and the README's "Limits" section with it. */
#ifndef PL_CONFIG_H
#define PL_CONFIG_H

#define PL_VERSION "0.1.0"

#define PL_MM_TO_PT (72.0 / 25.4)
#define PL_IN_TO_PT 72.0
/* Layouts for screens (social images) in pixels: a CSS pixel, 96 per inch.
 * Their PNG is drawn at PL_PX_DPI, so 1080px comes out 1080 pixels wide. */
#define PL_PX_TO_PT 0.75
#define PL_PX_DPI 96.0
/* PNG output carries this sRGB profile (an iCCP chunk), from Debian's
 * libgs-common like the CMYK profile below. */
#define PL_SRGB_ICC "/usr/share/color/icc/ghostscript/srgb.icc"

/* Print defaults (PRINT-NOTES: bleed 3 mm, safe 3–5 mm, marks outside bleed). */
#define PL_DEFAULT_BLEED_MM 3.0
#define PL_CROP_MARK_LEN_MM 5.0
#define PL_CROP_MARK_GAP_MM 2.0

/* --sheet and --tile (sheet.c, impose.c). Stickers sit 2–6 mm apart and the
 * cut line is a 0.25–1 pt stroke (PRINT-NOTES); flyers go edge to edge. */
#define PL_SHEET_STICKER_GAP_MM 3.0
#define PL_SHEET_STICKER_MARGIN_MM 8.0
#define PL_CUT_LINE_PT 0.5
#define PL_CUT_NAME "CutContour"
/* Banners with --print (pdf/grommets.c): grommet marks on their own spot
 * colour, centred 25 mm in from the trim at the corners and evenly between
 * them at most 50 cm apart; a 12 mm ring with a cross. */
#define PL_GROMMET_NAME "Grommets"
#define PL_GROMMET_INSET_MM 25.0
#define PL_GROMMET_SPACING_MM 500.0
#define PL_GROMMET_MARK_MM 12.0
#define PL_GROMMET_LINE_PT 1.0
#define PL_TILE_MARGIN_MM 15.0   /* marks and label inside; home printers leave 3–5 mm unprinted */
#define PL_TILE_OVERLAP_MM 10.0

/* QR defaults: quiet zone of 4 modules (ISO/IEC 18004 §6.3.8). */
#define PL_QR_QUIET_MODULES 4
#define PL_QR_MIN_MODULE_MM 0.4
/* A logo in the code (qr.c, pl_qr_logo_cap): its light pad takes at most
 * this share of the symbol's area (level H restores 30 % of the codewords;
 * a square cuts more codewords than its area, so keep a margin), and never
 * reaches the 9 x 9 corners (finder, separator, format bits) or the timing
 * lines. Fewer pad modules than PL_QR_LOGO_MIN_PAD: no logo (a warning). */
#define PL_QR_LOGO_MAX_SHARE 0.13
#define PL_QR_LOGO_MIN_PAD 5

/* placard serve (the web studio): default port and request limits. Uploads
 * are bounded by PL_MAX_IMAGE_BYTES (pictures) and PL_MAX_FILE_BYTES (data
 * files) plus the multipart framing. */
#define PL_SERVE_DEFAULT_PORT 8080
#define PL_SERVE_MAX_BODY_BYTES (1L * 1024 * 1024)  /* the form as JSON */
#define PL_SERVE_MULTIPART_SLACK (64 * 1024)
/* Connections at once: far more than a browser opens, so that a few dozen
 * idle or half-open ones leave room for everyone else. */
#define PL_SERVE_MAX_CONNECTIONS 256
#define PL_SERVE_TIMEOUT_S 5 /* a connection silent this long (no request, or a request stalled) is closed */
#define PL_SERVE_MAX_UPLOADS 16                    /* pictures kept; the oldest goes */

/* Preflight (preflight.c). A phone scanning app sees a 1920-pixel-wide
 * frame over a ~65° field of view (1.27 × the distance); people hold it about
 * 10 × the code's size away (PRINT-NOTES), never closer than it focuses. */
#define PL_PHONE_FRAME_PX 1920.0
#define PL_PHONE_FOV_RATIO 1.27
#define PL_PHONE_DISTANCE_RATIO 10.0
#define PL_PHONE_MIN_DISTANCE_MM 100.0
#define PL_IMAGE_MIN_DPI 300.0   /* below: a warning; below half: an error */
/* A layout read from farther (distance:, banners) needs PL_IMAGE_MIN_DPI
 * divided by the distance in metres, but never less than this. */
#define PL_IMAGE_MIN_DPI_FAR 75.0
#define PL_CONTRAST_MIN 4.5      /* WCAG 2.x AA, text under 18 pt (14 pt bold) */
#define PL_CONTRAST_MIN_LARGE 3.0
#define PL_CONTRAST_UNREADABLE 2.0 /* below: an error, not a warning */

/* --cmyk: the CMYK profile Ghostscript's pdfwrite converts to, shipped by
 * Debian's libgs-common (a dependency of ghostscript); it becomes the PDF's
 * output intent so the print shop knows which conversion was made. */
#define PL_CMYK_ICC "/usr/share/color/icc/ghostscript/default_cmyk.icc"
#define PL_CMYK_ICC_PACKAGE "libgs-common"
#define PL_GS_PACKAGE "ghostscript"
/* --pdfx: the print shop's total ink limit (C+M+Y+K, percent) unless
 * --ink-limit or a --shop preset says otherwise; 300 % is the usual
 * figure for coated paper. */
#define PL_INK_LIMIT 300.0

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
/* YAML aliases (*name) and merges (<<): what they may copy in one file. A
 * file's own nodes are bounded by PL_MAX_FILE_BYTES; only copies can grow
 * without bound ("billion laughs"), so they are counted before copying. */
#define PL_MAX_ALIAS_NODES 100000
#define PL_MAX_ALIAS_BYTES PL_MAX_FILE_BYTES
/* Anchors (&name) are looked up by a linear scan, so their number is capped. */
#define PL_MAX_ANCHORS 1000
/* Issue 7 limits: what a layout may ask for, and PNG output. A PDF page
 * may not exceed 200 in (5080 mm) in Acrobat; fonts beyond 2000 pt overflow
 * Pango's fixed-point sizes. A PNG page is held in memory while drawn. */
#define PL_MAX_PAGE_MM 5000.0
#define PL_MIN_PAGE_MM 5.0
#define PL_MAX_FONT_PT 2000.0
#define PL_MAX_RASTER_PIXELS (100L * 1000 * 1000) /* 100 megapixels, 400 MB */
/* end issue 7 limits */

#endif
