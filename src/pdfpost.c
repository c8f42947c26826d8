/* pdfpost.c — libqpdf C API pass over cairo's PDF; see pdfpost.h. Runs in
 * process on the bytes in memory (PRINT-NOTES: keep the input buffer alive
 * while qpdf reads it; set write options after qpdf_init_write). */
#include "pdfpost.h"
#include "config.h"
#include "util.h"

#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qpdf_oh box_array(qpdf_data q, const double v[4])
{
	qpdf_oh a = qpdf_oh_new_array(q);

	for (int i = 0; i < 4; i++)
		qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, v[i], 3));
	return a;
}

static int qpdf_failed(qpdf_data q, pl_error *err, const char *what)
{
	if (qpdf_has_error(q)) {
		qpdf_error e = qpdf_get_error(q);
		pl_error_set(err, PL_EIO, "could not %s the PDF (%s). This is a bug in placard; please report it with your input.",
			     what, qpdf_get_error_full_text(q, e));
		return 1;
	}
	return 0;
}

int pl_pdf_finish(const unsigned char *in, size_t n, const pl_pdf_meta *meta,
		  unsigned char **out, size_t *out_n, pl_error *err)
{
	qpdf_data q = qpdf_init();
	char date[40], creator[64];
	struct tm tm;
	int npages, rc = -1;
	bool boxes = meta->trim[2] > 0;

	*out = NULL;
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, "placard", (const char *)in, (unsigned long long)n, NULL) & QPDF_ERRORS) {
		qpdf_failed(q, err, "read");
		goto done;
	}
	gmtime_r(&meta->date, &tm);
	strftime(date, sizeof date, "D:%Y%m%d%H%M%SZ", &tm);
	snprintf(creator, sizeof creator, "placard %s", PL_VERSION);
	qpdf_set_info_key(q, "/Creator", creator);
	qpdf_set_info_key(q, "/Producer", creator);
	qpdf_set_info_key(q, "/CreationDate", date);
	qpdf_set_info_key(q, "/ModDate", date);
	if (meta->title && *meta->title) {
		/* A Unicode string object: any script survives in the title. */
		qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
		qpdf_oh_replace_key(q, info, "/Title", qpdf_oh_new_unicode_string(q, meta->title));
	}
	npages = qpdf_get_num_pages(q);
	for (int i = 0; i < npages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		/* cairo always writes a DeviceRGB transparency group on each
		 * page; it is not needed and makes preflight tools flag RGB. */
		qpdf_oh_remove_key(q, page, "/Group");
		if (boxes) {
			qpdf_oh_replace_key(q, page, "/TrimBox", box_array(q, meta->trim));
			qpdf_oh_replace_key(q, page, "/BleedBox", box_array(q, meta->bleed));
		}
	}
	if (qpdf_failed(q, err, "update"))
		goto done;
	if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
		qpdf_failed(q, err, "write");
		goto done;
	}
	qpdf_set_object_stream_mode(q, qpdf_o_disable);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_linearization(q, QPDF_FALSE);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	if (qpdf_write(q) & QPDF_ERRORS) {
		qpdf_failed(q, err, "write");
		goto done;
	}
	*out_n = qpdf_get_buffer_length(q);
	*out = malloc(*out_n ? *out_n : 1);
	if (!*out) {
		pl_error_set(err, PL_ENOMEM, "out of memory while writing the PDF.");
		goto done;
	}
	memcpy(*out, qpdf_get_buffer(q), *out_n);
	rc = 0;
done:
	qpdf_cleanup(&q);
	return rc;
}
