/* pdfx.c — PDF/X through Ghostscript and libqpdf; see pdfx.h. */
#include "pdf/pdfx.h"
#include "base/config.h"
#include "base/util.h"
#include "pdf/gs.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The press conditions: identifiers and words as registered in the ICC's
 * characterisation data registry (color.org), and where the profile comes
 * from. */
static const struct press_def {
	pl_intent intent;
	const char *name, *file, *id, *condition, *how;
} presses[] = {
	{PL_INTENT_FOGRA39, "fogra39", "FOGRA39.icc", "FOGRA39",
	 "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)",
	 "it is built by 'make deps' from the Debian packages icc-profiles-free and argyll: sudo apt install icc-profiles-free argyll, then make deps (or save your own FOGRA39 profile there)"},
	{PL_INTENT_FOGRA51, "fogra51", "FOGRA51.icc", "FOGRA51",
	 "Offset printing, according to ISO 12647-2:2013, OFCOM, paper type 1 = premium coated, 115 g/m2, M1",
	 "no Debian package ships FOGRA51 data: save a FOGRA51 profile (such as the ECI's PSO Coated v3) under that name, or use --intent fogra39"},
	{PL_INTENT_GRACOL, "gracol", "GRACoL.icc", "CGATS TR 006",
	 "Commercial offset printing, GRACoL, grade 1 coated paper, ISO 12647-2 paper type 1 (CGATS TR 006)",
	 "it is built by 'make deps' from the Debian packages icc-profiles-free and argyll: sudo apt install icc-profiles-free argyll, then make deps (or save your own GRACoL profile there)"},
	{PL_INTENT_SWOP, "swop", NULL, "CGATS TR 001",
	 "Publication web offset printing, SWOP, grade 1 coated paper (CGATS TR 001)",
	 "it is Ghostscript's default_cmyk.icc from the Debian package " PL_CMYK_ICC_PACKAGE ": sudo apt install " PL_CMYK_ICC_PACKAGE},
};
#define N_PRESSES (sizeof presses / sizeof presses[0])

int pl_pdfx_parse(const char *s)
{
	if (!strcasecmp(s, "x4"))
		return PL_PDFX_X4;
	if (!strcasecmp(s, "x3"))
		return PL_PDFX_X3;
	if (!strcasecmp(s, "x1a"))
		return PL_PDFX_X1A;
	return -1;
}

const char *pl_pdfx_name(pl_pdfx v)
{
	return v == PL_PDFX_X4 ? "x4" : v == PL_PDFX_X3 ? "x3" : v == PL_PDFX_X1A ? "x1a" : "none";
}

int pl_intent_parse(const char *s)
{
	for (size_t i = 0; i < N_PRESSES; i++)
		if (!strcasecmp(s, presses[i].name))
			return (int)presses[i].intent;
	return -1;
}

const char *pl_intent_name(pl_intent in)
{
	for (size_t i = 0; i < N_PRESSES; i++)
		if (presses[i].intent == in)
			return presses[i].name;
	return "auto";
}

static bool quarter_inch(double pt)
{
	double q = pt / 18.0;
	return fabs(q - round(q)) * 18.0 < 0.3;
}

pl_intent pl_intent_for_size(double w, double h)
{
	return quarter_inch(w) && quarter_inch(h) ? PL_INTENT_GRACOL : PL_INTENT_FOGRA39;
}

static bool readable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

int pl_press_find(const char *datadir, pl_intent intent, pl_press *out, pl_error *err)
{
	const struct press_def *d = NULL;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char user[4096] = "";
	unsigned char head[132];
	char space[5];
	FILE *f;
	size_t got;

	for (size_t i = 0; i < N_PRESSES; i++)
		if (presses[i].intent == intent)
			d = &presses[i];
	if (!d) {
		pl_error_set(err, PL_EUSAGE, "--intent must be fogra39, fogra51, gracol or swop.");
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->intent = intent;
	out->id = d->id;
	out->condition = d->condition;
	if (xdg && *xdg == '/')
		snprintf(user, sizeof user, "%s/placard/profiles/%s", xdg, d->file ? d->file : "SWOP.icc");
	else if (home && *home == '/')
		snprintf(user, sizeof user, "%s/.config/placard/profiles/%s", home, d->file ? d->file : "SWOP.icc");
	if (*user && readable(user))
		snprintf(out->path, sizeof out->path, "%s", user);
	else if (d->file)
		snprintf(out->path, sizeof out->path, "%s/assets/profiles/%s", datadir, d->file);
	else
		snprintf(out->path, sizeof out->path, "%s", PL_CMYK_ICC);
	if (!readable(out->path)) {
		pl_error_set(err, PL_EDEP, "--intent %s needs the %s press profile %s, which is missing; %s.", d->name,
			     d->id, out->path, d->how);
		return -1;
	}
	f = fopen(out->path, "rb");
	got = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	pl_icc_space(head, got, space);
	if (strcmp(space, "CMYK")) {
		pl_error_set(err, PL_EINPUT, "the press profile %s for --intent %s is not a CMYK ICC profile. Replace it with a CMYK output profile for %s.",
			     out->path, d->name, d->id);
		return -1;
	}
	return 0;
}

/* ---- the files handed to Ghostscript ---- */

/* A PostScript string literal with ( ) \ escaped. */
static void ps_string(pl_buf *b, const char *s)
{
	pl_buf_puts(b, "(");
	for (; *s; s++) {
		if (*s == '(' || *s == ')' || *s == '\\')
			pl_buf_add(b, "\\", 1);
		pl_buf_add(b, s, 1);
	}
	pl_buf_puts(b, ")");
}

/* The title as a PDF text string: UTF-16BE with its byte order mark, in
 * hex, so that any script survives (PDF 32000 §7.9.2.2). */
static void ps_text(pl_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	pl_buf_puts(b, "<FEFF");
	while (*p) {
		uint32_t c = *p++;
		int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		if (more)
			c &= 0x3Fu >> more;
		while (more-- > 0 && (*p & 0xC0) == 0x80)
			c = c << 6 | (*p++ & 0x3Fu);
		if (c > 0xFFFF) {
			c -= 0x10000;
			pl_buf_printf(b, "%04X%04X", 0xD800u + (c >> 10), 0xDC00u + (c & 0x3FF));
		} else {
			pl_buf_printf(b, "%04X", c);
		}
	}
	pl_buf_puts(b, ">");
}

/* Our PDFX_def.ps: the info keys, the profile as a stream, the intent. */
static char *pdfx_def(const char *profile, const pl_press *p, const char *title)
{
	pl_buf b = {0};

	pl_buf_puts(&b, "%!\n% made by placard for Ghostscript's -dPDFX (PDF/X-3)\n[ /GTS_PDFXVersion (PDF/X-3:2002) /Title ");
	ps_text(&b, title && *title ? title : "placard");
	pl_buf_puts(&b, " /Trapped /False /DOCINFO pdfmark\n"
			"[ /_objdef {pl_icc} /type /stream /OBJ pdfmark\n"
			"[ {pl_icc} << /N 4 >> /PUT pdfmark\n[ {pl_icc} ");
	ps_string(&b, profile);
	pl_buf_puts(&b, " (r) file /PUT pdfmark\n"
			"[ /_objdef {pl_intent} /type /dict /OBJ pdfmark\n"
			"[ {pl_intent} << /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier ");
	ps_string(&b, p->id);
	pl_buf_puts(&b, " /OutputCondition ");
	ps_string(&b, p->condition);
	pl_buf_puts(&b, " /RegistryName (http://www.color.org) /DestOutputProfile {pl_icc} >> /PUT pdfmark\n"
			"[ {Catalog} << /OutputIntents [ {pl_intent} ] >> /PUT pdfmark\n");
	return pl_buf_take(&b);
}

/* dir/icc: Ghostscript's own profiles, but default_cmyk.icc is the press's
 * (PRINT-NOTES: pdfwrite converts to default_cmyk.icc whatever
 * -sOutputICCProfile says). */
static int icc_dir(const char *dir, const unsigned char *icc, size_t n)
{
	char gsdir[4096], path[4400], target[4400];
	char *slash;
	DIR *d;
	struct dirent *e;

	snprintf(gsdir, sizeof gsdir, "%s", PL_CMYK_ICC);
	if ((slash = strrchr(gsdir, '/')))
		*slash = '\0';
	snprintf(path, sizeof path, "%s/icc", dir);
	if (mkdir(path, 0700))
		return -1;
	d = opendir(gsdir);
	while (d && (e = readdir(d))) {
		const char *ext = strrchr(e->d_name, '.');
		if (!ext || strcmp(ext, ".icc") || !strcmp(e->d_name, "default_cmyk.icc"))
			continue;
		snprintf(path, sizeof path, "%s/icc/%s", dir, e->d_name);
		snprintf(target, sizeof target, "%s/%s", gsdir, e->d_name);
		if (symlink(target, path)) {
			closedir(d);
			return -1;
		}
	}
	if (d)
		closedir(d);
	snprintf(path, sizeof path, "%s/icc/default_cmyk.icc", dir);
	return pl_gs_write(path, icc, n);
}

/* ---- XMP (ISO 16684-1) with the PDF/X identification ---- */

static void xml_text(pl_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			pl_buf_puts(b, "&amp;");
		else if (c == '<')
			pl_buf_puts(b, "&lt;");
		else if (c == '>')
			pl_buf_puts(b, "&gt;");
		else if (c >= 0x20 || c == '\t' || c == '\n')
			pl_buf_add(b, s, 1);
	}
}

static uint64_t fnv(const unsigned char *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static char *xmp_packet(const pl_pdf_meta *m, const char *version, const char *conformance,
			const unsigned char *pdf, size_t n)
{
	pl_buf b = {0};
	char date[32];
	struct tm tm;
	uint64_t h1 = fnv(pdf, n, 0xcbf29ce484222325ull), h2 = fnv(pdf, n, 0x84222325cbf29ce4ull);

	gmtime_r(&m->date, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	pl_buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
			"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
			" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
			"  <rdf:Description rdf:about=\"\"\n"
			"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
			"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
			"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
			"    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
			"    xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\"\n"
			"    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
			"   <dc:format>application/pdf</dc:format>\n");
	if (m->title && *m->title) {
		pl_buf_puts(&b, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(&b, m->title);
		pl_buf_puts(&b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	pl_buf_printf(&b, "   <xmp:CreatorTool>placard %s</xmp:CreatorTool>\n", PL_VERSION);
	pl_buf_printf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
			  "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date);
	pl_buf_printf(&b, "   <pdf:Producer>placard %s</pdf:Producer>\n   <pdf:Trapped>False</pdf:Trapped>\n", PL_VERSION);
	pl_buf_printf(&b, "   <xmpMM:DocumentID>uuid:%08x-%04x-%04x-%04x-%012llx</xmpMM:DocumentID>\n",
		      (unsigned)(h1 >> 32), (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xffff,
		      (unsigned)(h2 >> 48), (unsigned long long)(h2 & 0xffffffffffffull));
	pl_buf_printf(&b, "   <xmpMM:InstanceID>uuid:%08x-%04x-%04x-%04x-%012llx</xmpMM:InstanceID>\n",
		      (unsigned)(h2 >> 32), (unsigned)(h2 >> 16) & 0xffff, (unsigned)h2 & 0xffff,
		      (unsigned)(h1 >> 48), (unsigned long long)(h1 & 0xffffffffffffull));
	pl_buf_puts(&b, "   <xmpMM:VersionID>1</xmpMM:VersionID>\n   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n");
	pl_buf_printf(&b, "   <pdfxid:GTS_PDFXVersion>%s</pdfxid:GTS_PDFXVersion>\n", version);
	pl_buf_printf(&b, "   <pdfx:GTS_PDFXVersion>%s</pdfx:GTS_PDFXVersion>\n", version);
	if (conformance)
		pl_buf_printf(&b, "   <pdfx:GTS_PDFXConformance>%s</pdfx:GTS_PDFXConformance>\n", conformance);
	pl_buf_puts(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
	return pl_buf_take(&b);
}

/* ---- the whole conversion ---- */

static bool has_bytes(const unsigned char *p, size_t n, const char *what)
{
	size_t k = strlen(what);

	for (size_t i = 0; i + k <= n; i++)
		if (p[i] == (unsigned char)what[0] && !memcmp(p + i, what, k))
			return true;
	return false;
}

static int tmp_write(const char *dir, const char *name, const void *data, size_t n, pl_error *err)
{
	char path[4400];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (pl_gs_write(path, data, n)) {
		pl_error_set(err, PL_EIO, "cannot write a temporary file for --pdfx (%s). Free some disk space or set TMPDIR.",
			     strerror(errno));
		return -1;
	}
	return 0;
}

int pl_pdfx_pdf(const unsigned char *in, size_t n, const pl_pdf_meta *meta, pl_pdfx v, const pl_press *press,
		unsigned char **out, size_t *out_n, pl_error *err)
{
	pl_pdf_meta m = *meta;
	unsigned char *first = NULL;
	size_t first_n = 0, icc_n = 0, conv_n = 0;
	char *icc = NULL, *conv = NULL, *desc = NULL, *def = NULL, *xmp = NULL;
	char dir[4096], prof[4200], permit[4300], iccdir[4300], defp[4200];
	const char *extra[16];
	const char *version = v == PL_PDFX_X4 ? "PDF/X-4" : v == PL_PDFX_X3 ? "PDF/X-3:2002" : "PDF/X-1:2001";
	bool own_dir = press->intent != PL_INTENT_SWOP, made_dir = false;
	size_t ne = 0;
	int rc = -1;

	*out = NULL;
	if (pl_read_file(press->path, 16L * 1024 * 1024, &icc, &icc_n, err))
		return -1;
	/* 1. pure black → DeviceGray (K only after conversion), no links */
	m.gray_black = 1;
	m.no_annots = 1;
	if (pl_pdf_finish(in, n, &m, &first, &first_n, err))
		goto done;
	/* 2. Ghostscript, in a folder only we can read */
	if (pl_gs_tmpdir(dir, err))
		goto done;
	made_dir = true;
	if (tmp_write(dir, "in.pdf", first, first_n, err) || tmp_write(dir, "profile.icc", icc, icc_n, err))
		goto done;
	if (own_dir && icc_dir(dir, (const unsigned char *)icc, icc_n)) {
		pl_error_set(err, PL_EIO, "cannot prepare the press profile for --pdfx (%s). Set TMPDIR to a folder you may write to.",
			     strerror(errno));
		goto done;
	}
	snprintf(prof, sizeof prof, "%s/profile.icc", dir);
	snprintf(permit, sizeof permit, "--permit-file-read=%s/", dir);
	snprintf(iccdir, sizeof iccdir, "-sICCProfilesDir=%s/icc/", dir);
	extra[ne++] = permit;
	if (own_dir)
		extra[ne++] = iccdir;
	if (v == PL_PDFX_X4) {
		extra[ne++] = "-dCompatibilityLevel=1.6";
		extra[ne++] = "-dOmitInfoDate";
		extra[ne++] = "-dOmitID";
		extra[ne++] = "-dOmitXMP";
	} else {
		/* PRINT-NOTES: a copy of PDFX_def.ps; PDFACompatibilityPolicy=1
		 * or it silently falls back to plain PDF; no -dOmitInfoDate. */
		def = pdfx_def(prof, press, meta->title);
		if (!def) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			goto done;
		}
		if (tmp_write(dir, "pdfx_def.ps", def, strlen(def), err))
			goto done;
		snprintf(defp, sizeof defp, "%s/pdfx_def.ps", dir);
		extra[ne++] = "-dPDFX";
		extra[ne++] = "-dPDFACompatibilityPolicy=1";
		extra[ne++] = "-dCompatibilityLevel=1.3";
		extra[ne++] = defp;
	}
	extra[ne] = NULL;
	if (pl_gs_run(dir, extra, "--pdfx", err))
		goto done;
	snprintf(prof, sizeof prof, "%s/out.pdf", dir);
	if (pl_read_file(prof, 1L << 30, &conv, &conv_n, err))
		goto done;
	/* 3. our metadata, reproducible /ID and XMP, the output intent */
	m = *meta;
	desc = pl_icc_description((const unsigned char *)icc, icc_n);
	m.icc = (const unsigned char *)icc;
	m.icc_n = icc_n;
	m.icc_name = desc ? desc : press->id;
	m.icc_id = press->id;
	m.icc_condition = press->condition;
	m.pdfx_version = version;
	m.pdfx_conformance = v == PL_PDFX_X1A ? "PDF/X-1a:2001" : NULL;
	m.no_annots = 1;
	/* XMP only for X-4: X-3:2002 and X-1a:2001 are PDF 1.3, which has no
	 * metadata streams (and Ghostscript's X-3 writes none) */
	if (v == PL_PDFX_X4) {
		xmp = xmp_packet(&m, version, m.pdfx_conformance, first, first_n);
		if (!xmp) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			goto done;
		}
		m.xmp = xmp;
	}
	if (pl_pdf_finish((const unsigned char *)conv, conv_n, &m, out, out_n, err))
		goto done;
	if (v == PL_PDFX_X1A && has_bytes(*out, *out_n, "/ICCBased")) {
		pl_error_set(err, PL_EINPUT, "PDF/X-1a allows no ICC-based colours, and this document still has some after the conversion (an image or a transparency group). Use --pdfx x3 or --pdfx x4.");
		free(*out);
		*out = NULL;
		goto done;
	}
	rc = 0;
done:
	if (made_dir)
		pl_gs_rmdir(dir);
	free(first);
	free(conv);
	free(icc);
	free(desc);
	free(def);
	free(xmp);
	return rc;
}
