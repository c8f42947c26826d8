/* atomic.c — see atomic.h. Used by render.c for every output file. */
#define _GNU_SOURCE /* O_TMPFILE, linkat */
#include "base/atomic.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* The folder part of path ("." when there is none), as a new string. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return pl_strdup(".");
	if (slash == path)
		return pl_strdup("/");
	return pl_strndup(path, (size_t)(slash - path));
}

/* "folder/.placard-XXXXXX" for mkstemp. */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	pl_buf b = {0};

	if (slash)
		pl_buf_add(&b, path, (size_t)(slash - path + 1));
	pl_buf_puts(&b, ".placard-XXXXXX");
	return pl_buf_take(&b);
}

/* A message that tells a non-programmer what to do about errno e. */
static void io_error(pl_error *err, const char *path, int e, const char *doing)
{
	char *dir = folder_of(path);
	const char *d = dir ? dir : ".";

	switch (e) {
	case ENOENT:
	case ENOTDIR:
		pl_error_set(err, PL_EIO, "cannot %s: the folder '%s' does not exist. Create it first, or give "
			     "-o a file in a folder that exists.", doing, d);
		break;
	case EISDIR:
		pl_error_set(err, PL_EIO, "cannot %s: '%s' is a folder. Give -o a file name, like %s/poster.pdf.",
			     doing, path, path);
		break;
	case EROFS:
		pl_error_set(err, PL_EIO, "cannot %s: the folder '%s' is on a read-only disk (%s). Choose "
			     "another folder with -o.", doing, d, strerror(e));
		break;
	case EACCES:
	case EPERM:
		pl_error_set(err, PL_EIO, "cannot %s: you may not write in the folder '%s' (%s). Choose another "
			     "folder with -o, or ask for write permission.", doing, d, strerror(e));
		break;
	case ENOSPC:
	case EDQUOT:
		pl_error_set(err, PL_EIO, "cannot %s: the disk is full (%s). Free some space or choose another "
			     "folder with -o; nothing was written.", doing, strerror(e));
		break;
	default:
		pl_error_set(err, PL_EIO, "cannot %s in the folder '%s' (%s). Check that the folder exists and "
			     "that you may write to it.", doing, d, strerror(e));
	}
	pl_error_at(err, path, 0, 0);
	free(dir);
}

static int stage(void);

/* Where the symbolic link `path` points, relative to its folder when its
 * target is relative; NULL when unreadable or out of memory. */
static char *link_target(const char *path)
{
	char buf[PATH_MAX], *dir, *out;
	ssize_t n = readlink(path, buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if (buf[0] == '/' || !strchr(path, '/'))
		return pl_strdup(buf);
	dir = folder_of(path);
	out = dir ? malloc(strlen(dir) + strlen(buf) + 2) : NULL;
	if (out)
		sprintf(out, "%s/%s", dir, buf);
	free(dir);
	return out;
}

/* The output path is never destroyed (SPEC "Promises"): standard output
 * ("-") and an existing character device, FIFO or socket are written to
 * directly; a folder or any other kind of file is refused. 1: direct (fd
 * set), 0: a regular file or a missing name, -1 with err. */
static int open_direct(pl_atomic *a, const char *path, pl_error *err)
{
	struct stat st;

	if (!strcmp(path, "-")) {
		if (isatty(1)) {
			pl_error_set(err, PL_EUSAGE,
				     "-o - writes the PDF to standard output, which is a terminal here: PDF bytes would fill the screen. Redirect it (-o - > file.pdf, or | lpr), or give -o a file name.");
			return -1;
		}
		a->out = dup(1);
	} else if (stat(path, &st) != 0) {
		return 0;
	} else if (S_ISREG(st.st_mode)) {
		/* A regular file is replaced, but not through a link into /proc
		 * (/dev/stdout → /proc/self/fd/1: an open file of a shell's
		 * redirection, written to in place), and a symbolic link stays
		 * one: its target is what gets replaced (pl_atomic_open). */
		char *real = realpath(path, NULL);
		bool proc = real && !strncmp(real, "/proc/", 6);
		free(real);
		if (!proc)
			return 0;
		a->out = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	} else if (S_ISDIR(st.st_mode)) {
		io_error(err, path, EISDIR, "write the output");
		return -1;
	} else if (S_ISSOCK(st.st_mode)) {
		/* a listening Unix socket: connected to, the output sent there */
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		if (strlen(path) >= sizeof sa.sun_path) {
			pl_error_set(err, PL_EIO, "cannot write the output to the socket '%s': its path is too long. Give a shorter path.", path);
			pl_error_at(err, path, 0, 0);
			return -1;
		}
		strcpy(sa.sun_path, path);
		a->out = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (a->out >= 0 && connect(a->out, (struct sockaddr *)&sa, sizeof sa) != 0) {
			int e = errno;
			close(a->out);
			a->out = -1;
			errno = e;
		}
	} else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
		a->out = open(path, O_WRONLY | O_CLOEXEC | (S_ISFIFO(st.st_mode) ? O_NONBLOCK : 0));
		if (a->out >= 0 && S_ISFIFO(st.st_mode))
			fcntl(a->out, F_SETFL, fcntl(a->out, F_GETFL) & ~O_NONBLOCK);
	} else {
		pl_error_set(err, PL_EIO,
			     "cannot write the output: '%s' is a block device or another kind of special file, which placard never replaces. Give -o the name of a file.",
			     path);
		pl_error_at(err, path, 0, 0);
		return -1;
	}
	if (a->out < 0) {
		pl_error_set(err, PL_EIO, "cannot write the output to '%s': %s%s.", path, strerror(errno),
			     errno == ENXIO ? " (a pipe with no reader)" : "");
		pl_error_at(err, path, 0, 0);
		return -1;
	}
	a->fd = stage();
	if (a->fd < 0) {
		int e = errno;
		close(a->out);
		a->out = -1;
		io_error(err, getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp/", e,
			 "keep the output until it is complete");
		return -1;
	}
	a->direct = true;
	return 1;
}

/* A file with no name under $TMPDIR (or /tmp), read and written: where the
 * output for a pipe, device or standard output waits until complete. */
static int stage(void)
{
	const char *dir = getenv("TMPDIR");
	char *name;
	int fd = -1;

	if (!dir || !*dir)
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	name = malloc(strlen(dir) + 20);
	if (!name)
		return -1;
	sprintf(name, "%s/.placard-XXXXXX", dir);
	fd = mkstemp(name);
	if (fd >= 0)
		unlink(name);
	free(name);
	return fd;
}

/* The staged output, complete, copied to the target. */
static int copy_out(pl_atomic *a, pl_error *err)
{
	char buf[65536];

	if (lseek(a->fd, 0, SEEK_SET) != 0) {
		io_error(err, a->path, errno, "write the output");
		return -1;
	}
	for (;;) {
		ssize_t n = read(a->fd, buf, sizeof buf), off = 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			io_error(err, a->path, errno, "write the output");
			return -1;
		}
		if (n == 0)
			return 0;
		while (off < n) {
			ssize_t w = write(a->out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				io_error(err, a->path, w < 0 ? errno : ENOSPC, "write the output");
				return -1;
			}
			off += w;
		}
	}
}

int pl_atomic_open(pl_atomic *a, const char *path, int anonymous, pl_error *err)
{
	char *dir;
	int d;

	a->fd = -1;
	a->out = -1;
	a->tmp = NULL;
	a->path = NULL;
	a->direct = false;
	if ((d = open_direct(a, path, err)) != 0) {
		if (d > 0 && !(a->path = pl_strdup(path))) {
			pl_atomic_abort(a);
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
		return d > 0 ? 0 : -1;
	}
	{
		struct stat lst;
		bool link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
		char *real = link ? realpath(path, NULL) : NULL;
		if (link && !real) {
			/* a link to nothing yet: the file it names is made, when
			 * there is truly nothing there (not a loop of links) */
			struct stat tst;
			real = link_target(path);
			if (!real || lstat(real, &tst) == 0 || errno != ENOENT) {
				free(real);
				pl_error_set(err, PL_EIO,
					     "cannot write the output: '%s' is a symbolic link that leads nowhere (a loop of links, or one that cannot be read). Give -o the name of a file.",
					     path);
				pl_error_at(err, path, 0, 0);
				return -1;
			}
		}
		if (real) {
			int rc = pl_atomic_open(a, real, anonymous, err);
			free(real);
			return rc;
		}
	}
	dir = folder_of(path);
	a->path = pl_strdup(path);
	if (!dir || !a->path) {
		free(dir);
		free(a->path);
		a->path = NULL;
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	(void)anonymous;
#ifdef O_TMPFILE
	/* Anonymous until committed; needs /proc to be given a name later.
	 * Any failure here falls back to mkstemp, which reports the folder's
	 * real problem (missing, read-only, full). */
	if (anonymous && access("/proc/self/fd", X_OK) == 0)
		a->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
#endif
	free(dir);
	if (a->fd >= 0)
		return 0;
	if (!(a->tmp = temp_name(path))) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		pl_atomic_abort(a);
		return -1;
	}
	a->fd = mkstemp(a->tmp);
	if (a->fd < 0) {
		io_error(err, path, errno, "create the output file");
		free(a->tmp);
		a->tmp = NULL;
		pl_atomic_abort(a);
		return -1;
	}
	return 0;
}

int pl_atomic_write(pl_atomic *a, const void *data, size_t n, pl_error *err)
{
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(a->fd, (const char *)data + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			io_error(err, a->path, w < 0 ? errno : ENOSPC, "write the output");
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

void pl_atomic_park(pl_atomic *a)
{
	if (!a->direct && a->tmp && a->fd >= 0) {
		close(a->fd);
		a->fd = -1;
	}
}

int pl_atomic_commit(pl_atomic *a, pl_error *err)
{
	mode_t mask = umask(0);
	char proc[64];
	char *name = NULL;

	umask(mask);
	if (a->direct) {
		/* Complete: copied to the target, nothing to rename. */
		int rc = copy_out(a, err);
		if (close(a->out) != 0 && rc == 0) {
			io_error(err, a->path, errno, "write the output");
			rc = -1;
		}
		a->out = -1;
		close(a->fd);
		a->fd = -1;
		free(a->path);
		a->path = NULL;
		return rc;
	}
	if (a->fd < 0 && a->tmp && (a->fd = open(a->tmp, O_RDONLY | O_CLOEXEC)) < 0) {
		io_error(err, a->path, errno, "put the output in place");
		pl_atomic_abort(a);
		return -1;
	}
	if (fchmod(a->fd, 0666 & ~mask) != 0 || fsync(a->fd) != 0) {
		io_error(err, a->path, errno, "write the output");
		pl_atomic_abort(a);
		return -1;
	}
	if (!a->tmp) {
		/* Give the anonymous file a temporary name (linkat cannot replace
		 * a file), then rename it over the target: from here to the
		 * rename is the only moment a SIGKILL could leave a (complete)
		 * .placard-* file behind. */
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", a->fd);
		for (unsigned tries = 0; tries < 100; tries++) {
			int e;
			free(name);
			if (!(name = temp_name(a->path))) {
				pl_error_set(err, PL_ENOMEM, "out of memory.");
				pl_atomic_abort(a);
				return -1;
			}
			/* XXXXXX → a name no other process is likely to pick;
			 * linkat fails with EEXIST rather than replace one. */
			snprintf(name + strlen(name) - 6, 7, "%06x",
				 ((unsigned)getpid() * 2654435761u + tries * 40503u + (unsigned)a->fd) & 0xffffffu);
			if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
				break;
			e = errno;
			if (e != EEXIST) {
				io_error(err, a->path, e, "put the output in place");
				free(name);
				pl_atomic_abort(a);
				return -1;
			}
		}
		a->tmp = name;
	}
	if (close(a->fd) != 0) {
		a->fd = -1;
		io_error(err, a->path, errno, "write the output");
		pl_atomic_abort(a);
		return -1;
	}
	a->fd = -1;
	if (rename(a->tmp, a->path) != 0) {
		io_error(err, a->path, errno, "put the output in place");
		pl_atomic_abort(a);
		return -1;
	}
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return 0;
}

void pl_atomic_abort(pl_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->out >= 0)
		close(a->out);
	a->out = -1;
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->fd = -1;
	a->tmp = a->path = NULL;
}

int pl_write_file_atomic(const char *path, const void *data, size_t n, pl_error *err)
{
	pl_atomic a;

	if (pl_atomic_open(&a, path, 1, err))
		return -1;
	if (pl_atomic_write(&a, data, n, err)) {
		pl_atomic_abort(&a);
		return -1;
	}
	return pl_atomic_commit(&a, err);
}
