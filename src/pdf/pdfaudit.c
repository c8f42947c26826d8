/* pdfaudit.c — see pdfaudit.h. Every object is read once by number (the
 * trailer's /Size); dictionaries are looked at as qpdf writes them back as
 * text, content streams (pages and form XObjects) operator by operator. */
#include "pdf/pdfaudit.h"
#include "base/lazy.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool space(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* Operators "rg" and "RG" (DeviceRGB fill and stroke, PDF 32000 §8.6.8)
 * outside strings. */
static size_t rgb_ops(const unsigned char *s, size_t n)
{
	size_t hits = 0;
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (depth) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '(')
				depth++;
			else if (s[i] == ')')
				depth--;
			continue;
		}
		if (s[i] == '(') {
			depth = 1;
			continue;
		}
		if ((s[i] == 'r' || s[i] == 'R') && i + 1 < n && s[i + 1] == (s[i] == 'r' ? 'g' : 'G') &&
		    (i == 0 || space(s[i - 1])) && (i + 2 == n || space(s[i + 2])))
			hits++;
	}
	return hits;
}

static void scan_stream(qpdf_data q, qpdf_oh st, pl_pdf_audit *a)
{
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;

	if (!(pl_qpdf.qpdf_oh_get_stream_data(q, st, qpdf_dl_generalized, &filtered, &data, &len) & QPDF_ERRORS) &&
	    filtered)
		a->rgb += rgb_ops(data, len);
	free(data);
}

/* The smallest number after key (e.g. "/ca ") in a dictionary's text, or
 * 1 when there is none. */
static double key_num(const char *text, const char *key)
{
	double v = 1;

	for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
		double x = atof(p + strlen(key));
		if (x < v)
			v = x;
	}
	return v;
}

static void scan_dict(const char *t, pl_pdf_audit *a)
{
	if (!strstr(t, "/Type /Page ") && (strstr(t, "/DeviceRGB") || strstr(t, "/CalRGB")))
		a->rgb++;
	/* a page's own group (cairo always writes one) is not transparency */
	bool page = strstr(t, "/Type /Page ") != NULL;

	if ((strstr(t, "/SMask") && !strstr(t, "/SMask /None")) || (!page && strstr(t, "/S /Transparency")) ||
	    key_num(t, "/CA ") < 1 || key_num(t, "/ca ") < 1 ||
	    (strstr(t, "/BM ") && !strstr(t, "/BM /Normal") && !strstr(t, "/BM /Compatible")))
		a->transparency++;
	if (strstr(t, "/Type /FontDescriptor") && !strstr(t, "/FontFile")) {
		const char *fn = strstr(t, "/FontName /");
		if (!a->unembedded++ && fn) {
			size_t l = strcspn(fn + 11, " /<>[]()\n");
			snprintf(a->font, sizeof a->font, "%.*s", (int)(l < 63 ? l : 63), fn + 11);
		}
	}
}

int pl_pdf_audit_run(const unsigned char *pdf, size_t n, pl_pdf_audit *a, pl_error *err)
{
	qpdf_data q;
	qpdf_oh size;
	int count, rc = -1;

	memset(a, 0, sizeof *a);
	if (pl_qpdf_load(err))
		return -1;
	q = pl_qpdf.qpdf_init();
	pl_qpdf.qpdf_silence_errors(q);
	pl_qpdf.qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (pl_qpdf.qpdf_read_memory(q, "placard", (const char *)pdf, (unsigned long long)n, NULL) & QPDF_ERRORS) {
		pl_error_set(err, PL_EIO, "could not read the converted PDF to check it. This is a bug in placard; please report it with your input.");
		goto done;
	}
	size = pl_qpdf.qpdf_oh_get_key(q, pl_qpdf.qpdf_get_trailer(q), "/Size");
	count = (int)pl_qpdf.qpdf_oh_get_numeric_value(q, size);
	for (int id = 1; id < count && id < 10000000; id++) {
		qpdf_oh o = pl_qpdf.qpdf_get_object_by_id(q, id, 0);
		bool stream = pl_qpdf.qpdf_oh_is_stream(q, o);
		qpdf_oh d = stream ? pl_qpdf.qpdf_oh_get_dict(q, o) : o;
		const char *t;
		if (!stream && !pl_qpdf.qpdf_oh_is_dictionary(q, o))
			continue;
		t = pl_qpdf.qpdf_oh_unparse_resolved(q, d);
		if (!t)
			continue;
		/* the output intent's profile is the press's, not a colour used */
		if (!strstr(t, "/Type /OutputIntent"))
			scan_dict(t, a);
		if (stream && strstr(t, "/Subtype /Form"))
			scan_stream(q, o, a);
	}
	for (int i = 0, np = pl_qpdf.qpdf_get_num_pages(q); i < np; i++) {
		qpdf_oh c = pl_qpdf.qpdf_oh_get_key(q, pl_qpdf.qpdf_get_page_n(q, (size_t)i), "/Contents");
		if (pl_qpdf.qpdf_oh_is_stream(q, c))
			scan_stream(q, c, a);
		else if (pl_qpdf.qpdf_oh_is_array(q, c))
			for (int k = 0, nk = pl_qpdf.qpdf_oh_get_array_n_items(q, c); k < nk; k++)
				scan_stream(q, pl_qpdf.qpdf_oh_get_array_item(q, c, k), a);
	}
	rc = 0;
done:
	pl_qpdf.qpdf_cleanup(&q);
	return rc;
}
