/* pdfpost.c — libqpdf C API pass over cairo's PDF; see pdfpost.h. Runs in
 * process on the bytes in memory (PRINT-NOTES: keep the input buffer alive
 * while qpdf reads it; set write options after qpdf_init_write). libqpdf is
 * loaded on first use (lazy.h): a streamed render never needs it. */
#include "pdf/pdfpost.h"
#include "base/config.h"
#include "base/lazy.h"
#include "base/util.h"
#include "pdf/grommets.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qpdf_oh box_array(qpdf_data q, const double v[4])
{
	qpdf_oh a = pl_qpdf.qpdf_oh_new_array(q);

	for (int i = 0; i < 4; i++)
		pl_qpdf.qpdf_oh_append_item(q, a, pl_qpdf.qpdf_oh_new_real_from_double(q, v[i], 3));
	return a;
}

static int qpdf_failed(qpdf_data q, pl_error *err, const char *what)
{
	if (pl_qpdf.qpdf_has_error(q)) {
		qpdf_error e = pl_qpdf.qpdf_get_error(q);
		pl_error_set(err, PL_EIO, "could not %s the PDF (%s). This is a bug in placard; please report it with your input.",
			     what, pl_qpdf.qpdf_get_error_full_text(q, e));
		return 1;
	}
	return 0;
}

/* ---- --cmyk: pure black as DeviceGray ---- */

static bool pdf_space(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* "0 0 0 rg" → "0 g" and "0 0 0 RG" → "0 G" as whole operators (PDF 32000
 * §8.6.8: g/G select DeviceGray). New buffer, or NULL when nothing changed. */
static unsigned char *gray_black(const unsigned char *s, size_t n, size_t *out_n)
{
	static const char pat[] = "0 0 0 ";
	const size_t pl = sizeof pat - 1;
	unsigned char *out = NULL;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		bool hit = i + pl + 2 <= n && !memcmp(s + i, pat, pl) && (i == 0 || pdf_space(s[i - 1])) &&
			   (s[i + pl] == 'r' || s[i + pl] == 'R') && s[i + pl + 1] == (s[i + pl] == 'r' ? 'g' : 'G') &&
			   (i + pl + 2 == n || pdf_space(s[i + pl + 2]));
		if (hit && !out) {
			out = malloc(n);
			if (!out)
				return NULL;
			memcpy(out, s, i);
			o = i;
		}
		if (hit) {
			out[o++] = '0';
			out[o++] = ' ';
			out[o++] = s[i + pl] == 'r' ? 'g' : 'G';
			i += pl + 1;
		} else if (out) {
			out[o++] = s[i];
		}
	}
	*out_n = o;
	return out;
}

/* Placeholder RGB colours (pdfpost.h: cmyk_map) → their inks. Tokens are
 * read as PDF content (strings skipped); a match is exact to 1e-7, which
 * cairo's six decimals keep. New buffer, or NULL when nothing changed. */
static unsigned char *cmyk_ops(const unsigned char *s, size_t n, const double *map, size_t nmap, size_t *out_n)
{
	pl_buf b = {0};
	size_t start[3] = {0}, hits = 0;
	double v[3] = {0};
	int nums = 0;

	for (size_t i = 0; i < n;) {
		size_t t0 = i, o0 = b.len;
		if (pdf_space(s[i])) {
			pl_buf_add(&b, (const char *)s + i++, 1);
			continue;
		}
		if (s[i] == '(') { /* a string, copied whole */
			int depth = 0;
			do {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				else if (s[i] == '(')
					depth++;
				else if (s[i] == ')')
					depth--;
				i++;
			} while (i < n && depth > 0);
			pl_buf_add(&b, (const char *)s + t0, i - t0);
			nums = 0;
			continue;
		}
		while (i < n && !pdf_space(s[i]) && s[i] != '(')
			i++;
		pl_buf_add(&b, (const char *)s + t0, i - t0);
		if (i - t0 == 2 && (s[t0] == 'r' || s[t0] == 'R') && s[t0 + 1] == (s[t0] == 'r' ? 'g' : 'G') && nums >= 3) {
			for (size_t k = 0; k < nmap; k++) {
				const double *e = map + 7 * k;
				if (fabs(e[0] - v[0]) < 1e-7 && fabs(e[1] - v[1]) < 1e-7 && fabs(e[2] - v[2]) < 1e-7) {
					b.len = start[0];
					for (int c = 3; c < 7; c++) {
						pl_buf_pdf_num(&b, e[c]);
						pl_buf_puts(&b, " ");
					}
					pl_buf_puts(&b, s[t0] == 'r' ? "k" : "K");
					hits++;
					break;
				}
			}
			nums = 0;
			continue;
		}
		{
			char tok[32], *end;
			double x;
			size_t l = i - t0 < sizeof tok - 1 ? i - t0 : sizeof tok - 1;
			memcpy(tok, s + t0, l);
			tok[l] = '\0';
			x = strtod(tok, &end);
			if (end != tok && *end == '\0') {
				start[0] = start[1], start[1] = start[2], start[2] = o0;
				v[0] = v[1], v[1] = v[2], v[2] = x;
				nums++;
			} else {
				nums = 0;
			}
		}
	}
	if (!hits || b.oom) {
		pl_buf_free(&b);
		return NULL;
	}
	*out_n = b.len;
	return (unsigned char *)pl_buf_take(&b);
}

static void gray_stream(qpdf_data q, qpdf_oh st, const pl_pdf_meta *meta)
{
	unsigned char *data = NULL, *g, *c = NULL;
	size_t len = 0, gl, cl = 0;
	QPDF_BOOL filtered = QPDF_FALSE;

	if (pl_qpdf.qpdf_oh_get_stream_data(q, st, qpdf_dl_generalized, &filtered, &data, &len) & QPDF_ERRORS)
		return;
	if (filtered && meta->n_cmyk && (c = cmyk_ops(data, len, meta->cmyk_map, meta->n_cmyk, &cl))) {
		free(data);
		data = c;
		len = cl;
	}
	if (filtered && (g = gray_black(data, len, &gl))) {
		pl_qpdf.qpdf_oh_replace_stream_data(q, st, g, gl, pl_qpdf.qpdf_oh_new_null(q),
						    pl_qpdf.qpdf_oh_new_null(q));
		free(g);
	} else if (c) {
		pl_qpdf.qpdf_oh_replace_stream_data(q, st, data, len, pl_qpdf.qpdf_oh_new_null(q),
						    pl_qpdf.qpdf_oh_new_null(q));
	}
	free(data);
}

/* Form XObjects and tiling patterns of a resource dictionary, recursively;
 * `seen` keeps shared objects from being visited twice. */
static void gray_resources(qpdf_data q, qpdf_oh res, int *seen, int *n_seen, int depth, const pl_pdf_meta *meta)
{
	static const char *const kinds[] = {"/XObject", "/Pattern"};

	if (depth > 8 || !pl_qpdf.qpdf_oh_is_dictionary(q, res))
		return;
	for (int k = 0; k < 2; k++) {
		qpdf_oh d = pl_qpdf.qpdf_oh_get_key(q, res, kinds[k]);
		char keys[64][128];
		int nk = 0;
		if (!pl_qpdf.qpdf_oh_is_dictionary(q, d))
			continue;
		/* copy the keys first: the iterator is shared with recursion */
		pl_qpdf.qpdf_oh_begin_dict_key_iter(q, d);
		while (pl_qpdf.qpdf_oh_dict_more_keys(q) && nk < 64)
			snprintf(keys[nk++], sizeof keys[0], "%s", pl_qpdf.qpdf_oh_dict_next_key(q));
		for (int i = 0; i < nk; i++) {
			qpdf_oh x = pl_qpdf.qpdf_oh_get_key(q, d, keys[i]);
			qpdf_oh xd;
			int id = pl_qpdf.qpdf_oh_get_object_id(q, x);
			bool dup = false;
			if (!pl_qpdf.qpdf_oh_is_stream(q, x))
				continue;
			for (int j = 0; j < *n_seen && !dup; j++)
				dup = seen[j] == id;
			if (dup || *n_seen >= 4096)
				continue;
			seen[(*n_seen)++] = id;
			xd = pl_qpdf.qpdf_oh_get_dict(q, x);
			if (k == 0 &&
			    !pl_qpdf.qpdf_oh_is_name_and_equals(q, pl_qpdf.qpdf_oh_get_key(q, xd, "/Subtype"), "/Form"))
				continue; /* images are converted by Ghostscript */
			gray_stream(q, x, meta);
			gray_resources(q, pl_qpdf.qpdf_oh_get_key(q, xd, "/Resources"), seen, n_seen, depth + 1, meta);
		}
	}
}

static int gray_page(qpdf_data q, qpdf_oh page, int *seen, int *n_seen, const pl_pdf_meta *meta)
{
	qpdf_oh c = pl_qpdf.qpdf_oh_get_key(q, page, "/Contents");

	if (pl_qpdf.qpdf_oh_is_stream(q, c)) {
		gray_stream(q, c, meta);
	} else if (pl_qpdf.qpdf_oh_is_array(q, c)) {
		int n = pl_qpdf.qpdf_oh_get_array_n_items(q, c);
		for (int i = 0; i < n; i++) {
			qpdf_oh s = pl_qpdf.qpdf_oh_get_array_item(q, c, i);
			if (pl_qpdf.qpdf_oh_is_stream(q, s))
				gray_stream(q, s, meta);
		}
	}
	gray_resources(q, pl_qpdf.qpdf_oh_get_key(q, page, "/Resources"), seen, n_seen, 0, meta);
	return 0;
}

/* PDF/X style output intent (PDF 32000 §14.11.5) with the CMYK profile. */
static void output_intent(qpdf_data q, const pl_pdf_meta *meta)
{
	qpdf_oh root = pl_qpdf.qpdf_get_root(q);
	qpdf_oh prof = pl_qpdf.qpdf_oh_new_stream(q);
	qpdf_oh intent = pl_qpdf.qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFX >>");
	qpdf_oh arr = pl_qpdf.qpdf_oh_new_array(q);
	const char *name = meta->icc_name ? meta->icc_name : "CMYK";
	const char *cond = meta->icc_condition ? meta->icc_condition : name;

	pl_qpdf.qpdf_oh_replace_stream_data(q, prof, meta->icc, meta->icc_n, pl_qpdf.qpdf_oh_new_null(q),
					    pl_qpdf.qpdf_oh_new_null(q));
	pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf.qpdf_oh_get_dict(q, prof), "/N", pl_qpdf.qpdf_oh_new_integer(q, 4));
	pl_qpdf.qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
				    pl_qpdf.qpdf_oh_new_string(q, meta->icc_id ? meta->icc_id : "Custom"));
	if (meta->icc_id) /* a condition in the ICC's registry of characterisations */
		pl_qpdf.qpdf_oh_replace_key(q, intent, "/RegistryName",
					    pl_qpdf.qpdf_oh_new_string(q, "http://www.color.org"));
	pl_qpdf.qpdf_oh_replace_key(q, intent, "/OutputCondition", pl_qpdf.qpdf_oh_new_string(q, cond));
	pl_qpdf.qpdf_oh_replace_key(q, intent, "/Info", pl_qpdf.qpdf_oh_new_string(q, name));
	pl_qpdf.qpdf_oh_replace_key(q, intent, "/DestOutputProfile", prof);
	pl_qpdf.qpdf_oh_append_item(q, arr, intent);
	pl_qpdf.qpdf_oh_replace_key(q, root, "/OutputIntents", arr);
	/* Ghostscript's XMP packet would name itself and a date: not ours. */
	pl_qpdf.qpdf_oh_remove_key(q, root, "/Metadata");
}

qpdf_oh pl_qpdf_subdict(qpdf_data q, qpdf_oh dict, const char *key)
{
	qpdf_oh d = pl_qpdf.qpdf_oh_get_key(q, dict, key);

	if (!pl_qpdf.qpdf_oh_is_dictionary(q, d)) {
		pl_qpdf.qpdf_oh_replace_key(q, dict, key, pl_qpdf.qpdf_oh_new_dictionary(q));
		d = pl_qpdf.qpdf_oh_get_key(q, dict, key);
	}
	return d;
}

void pl_qpdf_wrap_contents(qpdf_data q, qpdf_oh page, const pl_buf *before, const pl_buf *after)
{
	qpdf_oh orig = pl_qpdf.qpdf_oh_get_key(q, page, "/Contents"), arr = pl_qpdf.qpdf_oh_new_array(q);

	if (before && before->len)
		pl_qpdf.qpdf_oh_append_item(q, arr, pl_qpdf_stream(q, before->s, before->len));
	pl_qpdf.qpdf_oh_append_item(q, arr, pl_qpdf_stream(q, "q\n", 2));
	if (pl_qpdf.qpdf_oh_is_array(q, orig)) {
		int n = pl_qpdf.qpdf_oh_get_array_n_items(q, orig);
		for (int i = 0; i < n; i++)
			pl_qpdf.qpdf_oh_append_item(q, arr, pl_qpdf.qpdf_oh_get_array_item(q, orig, i));
	} else if (pl_qpdf.qpdf_oh_is_stream(q, orig)) {
		pl_qpdf.qpdf_oh_append_item(q, arr, orig);
	}
	pl_qpdf.qpdf_oh_append_item(q, arr, pl_qpdf_stream(q, "\nQ\n", 3));
	if (after && after->len)
		pl_qpdf.qpdf_oh_append_item(q, arr, pl_qpdf_stream(q, after->s, after->len));
	pl_qpdf.qpdf_oh_replace_key(q, page, "/Contents", arr);
}

qpdf_oh pl_qpdf_stream(qpdf_data q, const char *s, size_t n)
{
	qpdf_oh st = pl_qpdf.qpdf_oh_new_stream(q);

	pl_qpdf.qpdf_oh_replace_stream_data(q, st, (const unsigned char *)s, n, pl_qpdf.qpdf_oh_new_null(q),
					    pl_qpdf.qpdf_oh_new_null(q));
	return st;
}

/* Grommet marks (grommets.h) on top of the page, from its TrimBox: cairo's
 * streams wrapped in q … Q (the first opens with an unbalanced y-flip),
 * then ours in a y-down space of our own. */
static int grommet_page(qpdf_data q, qpdf_oh page, const double trim[4])
{
	qpdf_oh res = pl_qpdf_subdict(q, page, "/Resources"), media = pl_qpdf.qpdf_oh_get_key(q, page, "/MediaBox");
	double ph = pl_qpdf.qpdf_oh_is_array(q, media)
			    ? pl_qpdf.qpdf_oh_get_numeric_value(q, pl_qpdf.qpdf_oh_get_array_item(q, media, 3)) : 0;
	pl_buf ops = {0};

	pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf_subdict(q, res, "/ColorSpace"), "/PlGrommet",
				    pl_qpdf.qpdf_oh_parse(q, pl_grommet_cs));
	pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf_subdict(q, res, "/ExtGState"), "/PlGrommetGS",
				    pl_qpdf.qpdf_oh_parse(q, pl_grommet_gs));
	pl_buf_printf(&ops, "q 1 0 0 -1 0 %.3f cm\n", ph);
	pl_grommet_ops(&ops, trim[0], ph - trim[3], trim[2] - trim[0], trim[3] - trim[1]);
	pl_buf_puts(&ops, "Q\n");
	if (ops.oom) {
		pl_buf_free(&ops);
		return -1;
	}
	pl_qpdf_wrap_contents(q, page, NULL, &ops);
	pl_buf_free(&ops);
	return 0;
}

/* --pdfx: the version keys, /Trapped and the XMP packet (ISO 15930). */
static void pdfx_keys(qpdf_data q, const pl_pdf_meta *meta)
{
	qpdf_oh root = pl_qpdf.qpdf_get_root(q);
	qpdf_oh info = pl_qpdf.qpdf_oh_get_key(q, pl_qpdf.qpdf_get_trailer(q), "/Info");

	pl_qpdf.qpdf_oh_replace_key(q, info, "/GTS_PDFXVersion", pl_qpdf.qpdf_oh_new_string(q, meta->pdfx_version));
	if (meta->pdfx_conformance)
		pl_qpdf.qpdf_oh_replace_key(q, info, "/GTS_PDFXConformance",
					    pl_qpdf.qpdf_oh_new_string(q, meta->pdfx_conformance));
	else
		pl_qpdf.qpdf_oh_remove_key(q, info, "/GTS_PDFXConformance");
	pl_qpdf.qpdf_oh_replace_key(q, info, "/Trapped", pl_qpdf.qpdf_oh_new_name(q, "/False"));
	/* qpdf keeps the first half of an input /ID, and Ghostscript's -dPDFX
	 * makes one from the clock: without it both halves are deterministic. */
	pl_qpdf.qpdf_oh_remove_key(q, pl_qpdf.qpdf_get_trailer(q), "/ID");
	if (meta->xmp) {
		qpdf_oh x = pl_qpdf.qpdf_oh_new_stream(q);
		pl_qpdf.qpdf_oh_replace_stream_data(q, x, (const unsigned char *)meta->xmp, strlen(meta->xmp),
						    pl_qpdf.qpdf_oh_new_null(q), pl_qpdf.qpdf_oh_new_null(q));
		pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf.qpdf_oh_get_dict(q, x), "/Type", pl_qpdf.qpdf_oh_new_name(q, "/Metadata"));
		pl_qpdf.qpdf_oh_replace_key(q, pl_qpdf.qpdf_oh_get_dict(q, x), "/Subtype", pl_qpdf.qpdf_oh_new_name(q, "/XML"));
		pl_qpdf.qpdf_oh_replace_key(q, root, "/Metadata", x);
	}
}

void pl_pdf_date(time_t t, char out[24])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 24, "D:%Y%m%d%H%M%SZ", &tm);
}

int pl_pdf_finish(const unsigned char *in, size_t n, const pl_pdf_meta *meta,
		  unsigned char **out, size_t *out_n, pl_error *err)
{
	int *seen = NULL, n_seen = 0;
	qpdf_data q;
	char date[40], creator[64];
	int npages, rc = -1;
	bool boxes = meta->trim[2] > 0;

	*out = NULL;
	if (pl_qpdf_load(err))
		return -1;
	q = pl_qpdf.qpdf_init();
	pl_qpdf.qpdf_silence_errors(q);
	pl_qpdf.qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (pl_qpdf.qpdf_read_memory(q, "placard", (const char *)in, (unsigned long long)n, NULL) & QPDF_ERRORS) {
		qpdf_failed(q, err, "read");
		goto done;
	}
	pl_pdf_date(meta->date, date);
	snprintf(creator, sizeof creator, "placard %s", PL_VERSION);
	pl_qpdf.qpdf_set_info_key(q, "/Creator", creator);
	pl_qpdf.qpdf_set_info_key(q, "/Producer", creator);
	pl_qpdf.qpdf_set_info_key(q, "/CreationDate", date);
	pl_qpdf.qpdf_set_info_key(q, "/ModDate", date);
	if (meta->title && *meta->title) {
		/* A Unicode string object: any script survives in the title. */
		qpdf_oh info = pl_qpdf.qpdf_oh_get_key(q, pl_qpdf.qpdf_get_trailer(q), "/Info");
		pl_qpdf.qpdf_oh_replace_key(q, info, "/Title", pl_qpdf.qpdf_oh_new_unicode_string(q, meta->title));
	}
	npages = pl_qpdf.qpdf_get_num_pages(q);
	if (meta->gray_black && !(seen = calloc(4096, sizeof *seen))) {
		pl_error_set(err, PL_ENOMEM, "out of memory while writing the PDF.");
		goto done;
	}
	if (meta->icc)
		output_intent(q, meta);
	if (meta->pdfx_version)
		pdfx_keys(q, meta);
	for (int i = 0; i < npages; i++) {
		qpdf_oh page = pl_qpdf.qpdf_get_page_n(q, (size_t)i);
		if (meta->gray_black)
			gray_page(q, page, seen, &n_seen, meta);
		if (meta->no_annots)
			pl_qpdf.qpdf_oh_remove_key(q, page, "/Annots");
		if (meta->pdfx_version) {
			/* PDF/X: TrimBox and BleedBox on every page, never an ArtBox */
			qpdf_oh mb = pl_qpdf.qpdf_oh_get_key(q, page, "/MediaBox");
			pl_qpdf.qpdf_oh_remove_key(q, page, "/ArtBox");
			if (!boxes && pl_qpdf.qpdf_oh_is_array(q, mb)) {
				pl_qpdf.qpdf_oh_replace_key(q, page, "/TrimBox", mb);
				pl_qpdf.qpdf_oh_replace_key(q, page, "/BleedBox", mb);
			}
		}
		/* cairo always writes a DeviceRGB transparency group on each
		 * page; it is not needed and makes preflight tools flag RGB. */
		pl_qpdf.qpdf_oh_remove_key(q, page, "/Group");
		if (boxes) {
			pl_qpdf.qpdf_oh_replace_key(q, page, "/TrimBox", box_array(q, meta->trim));
			pl_qpdf.qpdf_oh_replace_key(q, page, "/BleedBox", box_array(q, meta->bleed));
			if (meta->grommets && grommet_page(q, page, meta->trim)) {
				pl_error_set(err, PL_ENOMEM, "out of memory while writing the PDF.");
				goto done;
			}
		}
	}
	if (qpdf_failed(q, err, "update"))
		goto done;
	if (pl_qpdf.qpdf_init_write_memory(q) & QPDF_ERRORS) {
		qpdf_failed(q, err, "write");
		goto done;
	}
	pl_qpdf.qpdf_set_object_stream_mode(q, qpdf_o_disable);
	pl_qpdf.qpdf_set_deterministic_ID(q, QPDF_TRUE);
	pl_qpdf.qpdf_set_linearization(q, QPDF_FALSE);
	pl_qpdf.qpdf_set_compress_streams(q, QPDF_TRUE);
	if (pl_qpdf.qpdf_write(q) & QPDF_ERRORS) {
		qpdf_failed(q, err, "write");
		goto done;
	}
	*out_n = pl_qpdf.qpdf_get_buffer_length(q);
	*out = malloc(*out_n ? *out_n : 1);
	if (!*out) {
		pl_error_set(err, PL_ENOMEM, "out of memory while writing the PDF.");
		goto done;
	}
	memcpy(*out, pl_qpdf.qpdf_get_buffer(q), *out_n);
	rc = 0;
done:
	free(seen);
	pl_qpdf.qpdf_cleanup(&q);
	return rc;
}
