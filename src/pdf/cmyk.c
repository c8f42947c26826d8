/* cmyk.c — CMYK through Ghostscript as a program (see cmyk.h). The PDF is
 * handed over in a private temporary folder (mode 0700) that is removed
 * afterwards; Ghostscript's own messages go to a log there, and its first
 * line is quoted when it fails. Options per PRINT-NOTES: pdfwrite with
 * ColorConversionStrategy=CMYK, no date, /ID or XMP of its own; no page
 * auto-rotation; images neither downsampled nor re-compressed lossily. */
#include "pdf/cmyk.h"
#include "base/config.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The profile's description (ICC v2 'desc' tag, textDescriptionType), or
 * NULL. ICC.1:2001-04 §6.5.17: tag table at byte 128. */
static char *icc_description(const unsigned char *p, size_t n)
{
	unsigned long count;

	if (n < 132)
		return NULL;
	count = (unsigned long)p[128] << 24 | (unsigned long)p[129] << 16 | (unsigned long)p[130] << 8 | p[131];
	for (unsigned long i = 0; i < count && 132 + 12 * (i + 1) <= n; i++) {
		const unsigned char *t = p + 132 + 12 * i;
		unsigned long off = (unsigned long)t[4] << 24 | (unsigned long)t[5] << 16 | (unsigned long)t[6] << 8 | t[7];
		unsigned long len;
		if (memcmp(t, "desc", 4) || off + 12 > n || memcmp(p + off, "desc", 4))
			continue;
		len = (unsigned long)p[off + 8] << 24 | (unsigned long)p[off + 9] << 16 |
		      (unsigned long)p[off + 10] << 8 | p[off + 11];
		if (len < 2 || off + 12 + len > n || len > 200)
			return NULL;
		return pl_strndup((const char *)p + off + 12, len - 1); /* count includes the NUL */
	}
	return NULL;
}

static int write_file(const char *path, const unsigned char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	size_t off = 0;

	if (fd < 0)
		return -1;
	while (off < n) {
		ssize_t w = write(fd, data + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	return close(fd);
}

/* Run gs on in.pdf → out.pdf inside dir. 0 when it succeeded. */
static int run_gs(const char *dir, pl_error *err)
{
	char in[4200], out[4200], log[4200], of[4300];
	char *argv[] = {
		"gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
		"-sColorConversionStrategy=CMYK", "-dProcessColorModel=/DeviceCMYK",
		"-dOmitInfoDate", "-dOmitID", "-dOmitXMP", "-dAutoRotatePages=/None",
		"-dDownsampleColorImages=false", "-dDownsampleGrayImages=false",
		"-dDownsampleMonoImages=false", "-dAutoFilterColorImages=false",
		"-dAutoFilterGrayImages=false", "-sColorImageFilter=FlateEncode",
		"-sGrayImageFilter=FlateEncode", of, in, NULL,
	};
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status;

	snprintf(in, sizeof in, "%s/in.pdf", dir);
	snprintf(out, sizeof out, "%s/out.pdf", dir);
	snprintf(log, sizeof log, "%s/gs.log", dir);
	snprintf(of, sizeof of, "-sOutputFile=%s", out);
	if (posix_spawn_file_actions_init(&fa)) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&pid, "gs", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT) {
		pl_error_set(err, PL_EDEP, "--cmyk needs Ghostscript (the program 'gs'), which is not installed. Install the Debian package '%s' (sudo apt install %s), or leave out --cmyk.",
			     PL_GS_PACKAGE, PL_GS_PACKAGE);
		return -1;
	}
	if (rc) {
		pl_error_set(err, PL_EDEP, "could not start Ghostscript for --cmyk (%s). Check that the package '%s' is installed.",
			     strerror(rc), PL_GS_PACKAGE);
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			pl_error_set(err, PL_EIO, "lost track of Ghostscript (%s).", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *text = NULL;
		size_t len = 0;
		pl_error ignore = {0};
		if (pl_read_file(log, 64 * 1024, &text, &len, &ignore) == 0 && text)
			text[strcspn(text, "\n")] = '\0';
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			pl_error_set(err, PL_EDEP, "--cmyk needs Ghostscript (the program 'gs'), which is not installed. Install the Debian package '%s' (sudo apt install %s), or leave out --cmyk.",
				     PL_GS_PACKAGE, PL_GS_PACKAGE);
		else
			pl_error_set(err, PL_EIO, "Ghostscript could not convert the PDF to CMYK%s%.200s%s. Check that the package '%s' is installed and works (gs --version).",
				     text && *text ? " (it said: " : "", text ? text : "", text && *text ? ")" : "",
				     PL_GS_PACKAGE);
		free(text);
		return -1;
	}
	return 0;
}

int pl_cmyk_pdf(const unsigned char *in, size_t n, const pl_pdf_meta *meta, unsigned char **out,
		size_t *out_n, pl_error *err)
{
	pl_pdf_meta m = *meta;
	unsigned char *first = NULL;
	size_t first_n = 0, icc_n = 0, conv_n = 0;
	char *icc = NULL, *conv = NULL, *desc = NULL;
	char dir[4096], path[4200];
	const char *tmp = getenv("TMPDIR");
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
	snprintf(dir, sizeof dir, "%s/placard-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		pl_error_set(err, PL_EIO, "cannot make a temporary folder for the CMYK conversion (%s). Set TMPDIR to a folder you may write to.",
			     strerror(errno));
		goto done;
	}
	made_dir = true;
	snprintf(path, sizeof path, "%s/in.pdf", dir);
	if (write_file(path, first, first_n)) {
		pl_error_set(err, PL_EIO, "cannot write a temporary file for the CMYK conversion (%s). Free some disk space or set TMPDIR.",
			     strerror(errno));
		goto done;
	}
	if (run_gs(dir, err))
		goto done;
	snprintf(path, sizeof path, "%s/out.pdf", dir);
	if (pl_read_file(path, 1L << 30, &conv, &conv_n, err))
		goto done;
	/* 3. our metadata back, reproducible /ID, the output intent */
	m = *meta;
	desc = icc_description((const unsigned char *)icc, icc_n);
	m.icc = (const unsigned char *)icc;
	m.icc_n = icc_n;
	m.icc_name = desc ? desc : "CMYK";
	if (pl_pdf_finish((const unsigned char *)conv, conv_n, &m, out, out_n, err))
		goto done;
	rc = 0;
done:
	if (made_dir) {
		static const char *const names[] = {"in.pdf", "out.pdf", "gs.log"};
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	free(first);
	free(conv);
	free(icc);
	free(desc);
	return rc;
}
