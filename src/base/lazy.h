/* lazy.h — optional libraries loaded when first needed. A plain render
 * (data → streamed PDF) uses none of these, yet linking them made every
 * start map and link 14 more shared libraries (75, not 61: gnutls with
 * nettle, gmp and p11-kit, libxml2, libidn2 …), about 8 of the 20 ms that
 * `placard --version` took. So they are opened with dlopen on first use:
 *
 *   librsvg       SVG images (image.c)
 *   gdk-pixbuf    PNG and JPEG images (image.c)
 *   libqpdf       the pass over PDFs made in memory: --cmyk, --sheet, --tile,
 *                 sticker cut lines, the studio's downloads (pdfpost.c,
 *                 impose.c); a streamed PDF file never needs it
 *   libmicrohttpd the web studio, `placard serve` (serve.c)
 *
 * Each library has a table of function pointers typed from its own header
 * (__typeof__), so the compiler checks every call as if it were direct:
 * call pl_qpdf_load() and the like first, then pl_qpdf.qpdf_init(). Loading
 * happens once per process (pthread_once: a server thread may be first) and
 * the library stays loaded. A library that cannot be loaded is a PL_EDEP
 * error naming the Debian package to install; every later call gives the
 * same error. */
#ifndef PL_LAZY_H
#define PL_LAZY_H

#include "base/error.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <microhttpd.h>
#include <qpdf/qpdf-c.h>

/* The functions placard calls, per library. Add a name here before using
 * a new function of one of these libraries. */
#define PL_RSVG_FUNCTIONS(X)                                                                        \
	X(rsvg_handle_new_from_data) X(rsvg_handle_set_dpi) X(rsvg_handle_get_intrinsic_size_in_pixels) \
	X(rsvg_handle_get_intrinsic_dimensions) X(rsvg_handle_render_document)

#define PL_PIXBUF_FUNCTIONS(X)                                                                       \
	X(gdk_pixbuf_loader_new_with_type) X(gdk_pixbuf_loader_set_size) X(gdk_pixbuf_loader_write)     \
	X(gdk_pixbuf_loader_close) X(gdk_pixbuf_loader_get_pixbuf) X(gdk_pixbuf_get_width)              \
	X(gdk_pixbuf_get_height) X(gdk_pixbuf_get_n_channels) X(gdk_pixbuf_get_has_alpha)               \
	X(gdk_pixbuf_get_rowstride) X(gdk_pixbuf_read_pixels) X(gdk_pixbuf_get_option)                  \
	X(gdk_pixbuf_apply_embedded_orientation)

#define PL_QPDF_FUNCTIONS(X)                                                                         \
	X(qpdf_init) X(qpdf_cleanup) X(qpdf_silence_errors) X(qpdf_set_suppress_warnings)               \
	X(qpdf_read_memory) X(qpdf_has_error) X(qpdf_get_error) X(qpdf_get_error_full_text)             \
	X(qpdf_get_num_pages) X(qpdf_get_page_n) X(qpdf_add_page) X(qpdf_remove_page) X(qpdf_get_root)  \
	X(qpdf_get_trailer) X(qpdf_set_info_key) X(qpdf_make_indirect_object)                           \
	X(qpdf_init_write_memory) X(qpdf_set_object_stream_mode) X(qpdf_set_deterministic_ID)           \
	X(qpdf_set_linearization) X(qpdf_set_compress_streams) X(qpdf_write) X(qpdf_get_buffer)         \
	X(qpdf_get_buffer_length) X(qpdf_oh_parse) X(qpdf_oh_unparse_resolved) X(qpdf_oh_get_key)       \
	X(qpdf_oh_replace_key) X(qpdf_oh_remove_key) X(qpdf_oh_get_dict) X(qpdf_oh_get_object_id)       \
	X(qpdf_oh_is_array) X(qpdf_oh_is_dictionary) X(qpdf_oh_is_stream) X(qpdf_oh_is_name_and_equals) \
	X(qpdf_oh_get_array_item) X(qpdf_oh_get_array_n_items) X(qpdf_oh_append_item)                   \
	X(qpdf_oh_get_numeric_value) X(qpdf_oh_begin_dict_key_iter) X(qpdf_oh_dict_more_keys)           \
	X(qpdf_oh_dict_next_key) X(qpdf_oh_new_array) X(qpdf_oh_new_dictionary) X(qpdf_oh_new_integer)  \
	X(qpdf_oh_new_name) X(qpdf_oh_new_null) X(qpdf_oh_new_real_from_double) X(qpdf_oh_new_string)   \
	X(qpdf_oh_new_unicode_string) X(qpdf_oh_new_stream) X(qpdf_oh_get_stream_data)                  \
	X(qpdf_oh_replace_stream_data) X(qpdf_oh_get_page_content_data) X(qpdf_get_object_by_id)

#define PL_MHD_FUNCTIONS(X)                                                                          \
	X(MHD_start_daemon) X(MHD_stop_daemon) X(MHD_get_daemon_info) X(MHD_lookup_connection_value)    \
	X(MHD_create_response_from_buffer) X(MHD_add_response_header) X(MHD_queue_response)             \
	X(MHD_destroy_response) X(MHD_create_post_processor) X(MHD_post_process)                        \
	X(MHD_destroy_post_processor)

#define PL_LAZY_POINTER(f) __typeof__(f) *f;
struct pl_rsvg { PL_RSVG_FUNCTIONS(PL_LAZY_POINTER) };
struct pl_pixbuf { PL_PIXBUF_FUNCTIONS(PL_LAZY_POINTER) };
struct pl_qpdf { PL_QPDF_FUNCTIONS(PL_LAZY_POINTER) };
struct pl_mhd { PL_MHD_FUNCTIONS(PL_LAZY_POINTER) };

/* Filled by the matching _load(); all NULL before it succeeds. */
extern struct pl_rsvg pl_rsvg;
extern struct pl_pixbuf pl_pixbuf;
extern struct pl_qpdf pl_qpdf;
extern struct pl_mhd pl_mhd;

/* Load the library (the first call) or report how the first call went:
 * 0, or -1 with a PL_EDEP error. Safe to call from any thread. */
int pl_rsvg_load(pl_error *err);
int pl_pixbuf_load(pl_error *err);
int pl_qpdf_load(pl_error *err);
int pl_mhd_load(pl_error *err);

#endif
