/* atomic.h — output files that are whole or absent (SPEC "Promises"). A file
 * is written to an anonymous temporary file in the target folder (Linux
 * O_TMPFILE: it has no name, so a crash or SIGKILL while writing leaves
 * nothing behind) and given the target's name in one rename when complete,
 * so a reader sees the old file or the new one, never a part. Where the
 * folder's file system has no O_TMPFILE, a named ".placard-XXXXXX" file is
 * used instead; a SIGKILL can leave that one behind, never a partial file
 * under the target name.
 *
 * Only a regular file or a missing name is ever replaced: "-" (standard
 * output) and an existing character device, FIFO or socket are written to,
 * the output staged in an anonymous file under $TMPDIR and copied there
 * only when complete (so --strict with findings, or a failure, sends
 * nothing); a folder, a terminal (for "-") or another kind of special file
 * is refused with a message. */
#ifndef PL_ATOMIC_H
#define PL_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

typedef struct pl_atomic {
	int fd;          /* write here */
	char *path;      /* the target */
	char *tmp;       /* named fallback, or NULL for an anonymous file */
	bool direct;     /* "-", a device, FIFO or socket: staged, then copied */
	int out;         /* ... the target's descriptor (-1 otherwise) */
} pl_atomic;

/* Open a temporary file beside `path`: anonymous when asked and possible,
 * else named. An anonymous file lives only as long as its descriptor, so a
 * caller that keeps many files open until the end asks for named ones and
 * parks them. -1 with err (PL_EIO) when the folder is missing, read-only or
 * full. */
int pl_atomic_open(pl_atomic *a, const char *path, int anonymous, pl_error *err);
/* Write n bytes (retrying short writes); -1 with err on a full disk etc. */
int pl_atomic_write(pl_atomic *a, const void *data, size_t n, pl_error *err);
/* A named file's descriptor is closed until commit (which reopens it), so
 * that a thousand files waiting for --strict's verdict hold no descriptor.
 * No-op for an anonymous file. */
void pl_atomic_park(pl_atomic *a);
/* Permissions as for a new file, on disk (fsync), then renamed over the
 * target. Closes the handle either way; -1 with err, nothing left behind. */
int pl_atomic_commit(pl_atomic *a, pl_error *err);
/* Drop the temporary file (after a failure, or under --strict). */
void pl_atomic_abort(pl_atomic *a);

/* The whole of data[0..n) as the file `path`, whole or not at all. */
int pl_write_file_atomic(const char *path, const void *data, size_t n, pl_error *err);

#endif
