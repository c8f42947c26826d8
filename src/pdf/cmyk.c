/* cmyk.c — CMYK through Ghostscript as a program (see cmyk.h and gs.h). The
 * PDF is handed over in a private temporary folder that is removed
 * afterwards. */
#include "pdf/cmyk.h"
#include "base/config.h"
#include "base/util.h"
#include "pdf/gs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_cmyk_pdf(const unsigned char *in, size_t n, const pl_pdf_meta *meta, unsigned char **out,
		size_t *out_n, pl_error *err)
{
	static const char *const extra[] = {"-dOmitInfoDate", "-dOmitID", "-dOmitXMP", NULL};
	pl_pdf_meta m = *meta;
	unsigned char *first = NULL;
	size_t first_n = 0, icc_n = 0, conv_n = 0;
	char *icc = NULL, *conv = NULL, *desc = NULL;
	char dir[4096], path[4200];
	int rc = -1;
	bool made_dir = false;

	*out = NULL;
	if (pl_read_file(PL_CMYK_ICC, 4L * 1024 * 1024, &icc, &icc_n, err)) {
		pl_error_clear(err);
		pl_error_set(err, PL_EDEP, "--cmyk needs the CMYK colour profile %s, which is missing. Install the Debian package '%s' (sudo apt install %s).",
			     PL_CMYK_ICC, PL_CMYK_ICC_PACKAGE, PL_CMYK_ICC_PACKAGE);
		return -1;
	}
	/* 1. pure black → DeviceGray (K only after conversion) */
	m.gray_black = 1;
	m.grommets = 0; /* added in step 3: the conversion never touches them */
	if (pl_pdf_finish(in, n, &m, &first, &first_n, err))
		goto done;
	/* 2. Ghostscript, in a folder only we can read */
	if (pl_gs_tmpdir(dir, err))
		goto done;
	made_dir = true;
	snprintf(path, sizeof path, "%s/in.pdf", dir);
	if (pl_gs_write(path, first, first_n)) {
		pl_error_set(err, PL_EIO, "cannot write a temporary file for the CMYK conversion (%s). Free some disk space or set TMPDIR.",
			     strerror(errno));
		goto done;
	}
	if (pl_gs_run(dir, extra, "--cmyk", err))
		goto done;
	snprintf(path, sizeof path, "%s/out.pdf", dir);
	if (pl_read_file(path, 1L << 30, &conv, &conv_n, err))
		goto done;
	/* 3. our metadata back, reproducible /ID, the output intent */
	m = *meta;
	desc = pl_icc_description((const unsigned char *)icc, icc_n);
	m.icc = (const unsigned char *)icc;
	m.icc_n = icc_n;
	m.icc_name = desc ? desc : "CMYK";
	if (pl_pdf_finish((const unsigned char *)conv, conv_n, &m, out, out_n, err))
		goto done;
	rc = 0;
done:
	if (made_dir)
		pl_gs_rmdir(dir);
	free(first);
	free(conv);
	free(icc);
	free(desc);
	return rc;
}
