/* gs.c — Ghostscript as a subprocess; see gs.h. Options per PRINT-NOTES:
 * pdfwrite with ColorConversionStrategy=CMYK, no date, /ID or XMP of its
 * own; no page auto-rotation; images neither downsampled nor re-compressed
 * lossily. */
#include "pdf/gs.h"
#include "base/config.h"
#include "base/util.h"

#include <dirent.h>
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

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* ICC.1:2001-04 §6.5.17: tag table at byte 128. */
char *pl_icc_description(const unsigned char *p, size_t n)
{
	unsigned long count;

	if (n < 132)
		return NULL;
	count = be32(p + 128);
	for (unsigned long i = 0; i < count && 132 + 12 * (i + 1) <= n; i++) {
		const unsigned char *t = p + 132 + 12 * i;
		unsigned long off = be32(t + 4), len;
		if (memcmp(t, "desc", 4) || off + 12 > n || memcmp(p + off, "desc", 4))
			continue;
		len = be32(p + off + 8);
		if (len < 2 || off + 12 + len > n || len > 200)
			return NULL;
		return pl_strndup((const char *)p + off + 12, len - 1); /* count includes the NUL */
	}
	return NULL;
}

void pl_icc_space(const unsigned char *p, size_t n, char out[5])
{
	out[0] = '\0';
	if (n >= 20) {
		memcpy(out, p + 16, 4); /* §6.1.5: data colour space */
		out[4] = '\0';
	}
}

int pl_gs_write(const char *path, const unsigned char *data, size_t n)
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

int pl_gs_tmpdir(char dir[4096], pl_error *err)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, 4096, "%s/placard-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		pl_error_set(err, PL_EIO, "cannot make a temporary folder for the CMYK conversion (%s). Set TMPDIR to a folder you may write to.",
			     strerror(errno));
		return -1;
	}
	return 0;
}

static void rm_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4400];

	while (d && (e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 2)
			rm_tree(path, depth + 1);
		else
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

void pl_gs_rmdir(const char *dir)
{
	rm_tree(dir, 0);
}

static int gs_missing(const char *opt, pl_error *err)
{
	pl_error_set(err, PL_EDEP, "%s needs Ghostscript (the program 'gs'), which is not installed. Install the Debian package '%s' (sudo apt install %s), or leave out %s.",
		     opt, PL_GS_PACKAGE, PL_GS_PACKAGE, opt);
	return -1;
}

int pl_gs_run(const char *dir, const char *const *extra, const char *opt, pl_error *err)
{
	char in[4200], out[4200], of[4300];
	static const char *const base[] = {
		"gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
		"-sColorConversionStrategy=CMYK", "-dProcessColorModel=/DeviceCMYK",
		"-dAutoRotatePages=/None",
		"-dDownsampleColorImages=false", "-dDownsampleGrayImages=false",
		"-dDownsampleMonoImages=false", "-dAutoFilterColorImages=false",
		"-dAutoFilterGrayImages=false", "-sColorImageFilter=FlateEncode",
		"-sGrayImageFilter=FlateEncode",
	};
	const char *argv[64];
	size_t n = 0;

	snprintf(in, sizeof in, "%s/in.pdf", dir);
	snprintf(out, sizeof out, "%s/out.pdf", dir);
	snprintf(of, sizeof of, "-sOutputFile=%s", out);
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
		argv[n++] = base[i];
	argv[n++] = of; /* before any file among the extras (PDFX_def.ps) */
	for (size_t i = 0; extra && extra[i] && n < 60; i++)
		argv[n++] = extra[i];
	argv[n++] = in;
	argv[n] = NULL;
	return pl_gs_exec(dir, argv, opt, err);
}

int pl_gs_exec(const char *dir, const char *const *argv, const char *opt, pl_error *err)
{
	char log[4200];
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status;

	snprintf(log, sizeof log, "%s/gs.log", dir);
	if (posix_spawn_file_actions_init(&fa)) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&pid, "gs", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT)
		return gs_missing(opt, err);
	if (rc) {
		pl_error_set(err, PL_EDEP, "could not start Ghostscript for %s (%s). Check that the package '%s' is installed.",
			     opt, strerror(rc), PL_GS_PACKAGE);
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
			gs_missing(opt, err);
		else
			pl_error_set(err, PL_EIO, "Ghostscript could not process the PDF for %s%s%.200s%s. Check that the package '%s' is installed and works (gs --version).",
				     opt, text && *text ? " (it said: " : "", text ? text : "", text && *text ? ")" : "",
				     PL_GS_PACKAGE);
		free(text);
		return -1;
	}
	return 0;
}
