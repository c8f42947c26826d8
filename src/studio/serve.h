/* serve.h — `placard serve`: the web studio. A small HTTP server
 * (libmicrohttpd, the one module that includes it) that serves the single
 * page in assets/web/ and a JSON API over the same library the CLI uses:
 * the form's record is rendered by pl_render into a private temporary
 * folder, and the PNG preview, the PDF, the print-shop PDF, the PNG or the
 * data as YAML go back to the browser. Uploaded logos live in that folder
 * too; it is removed by pl_serve_stop. Nothing else on disk is read or
 * written: layouts and themes are picked by built-in name only, and record
 * fields that name files (logo, image) are replaced by uploads.
 *
 * The server never prints; the CLI (cli.c) prints the address and waits
 * for SIGINT/SIGTERM before calling pl_serve_stop. */
#ifndef PL_SERVE_H
#define PL_SERVE_H

#include "base/error.h"

typedef struct pl_serve pl_serve;

typedef struct pl_serve_opts {
	const char *datadir;  /* where layouts/ and assets/ are (pl_datadir()) */
	const char *listen;   /* IP address to listen on; NULL = 127.0.0.1 */
	int port;             /* 0 = any free port */
} pl_serve_opts;

/* Start listening (threads of its own serve the requests). NULL with err
 * when the address is not an IP address, the port is taken, the page in
 * assets/web is missing, or no temporary folder can be made. */
pl_serve *pl_serve_start(const pl_serve_opts *opts, pl_error *err);

/* Where the studio is, e.g. "http://127.0.0.1:8080/" (borrowed). */
const char *pl_serve_url(const pl_serve *s);
/* The private temporary folder (borrowed; for tests and messages). */
const char *pl_serve_tmpdir(const pl_serve *s);

/* Stop: finish the requests in progress, close the socket, delete the
 * temporary folder and everything in it. Accepts NULL. */
void pl_serve_stop(pl_serve *s);

#endif
