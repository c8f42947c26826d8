/* serve.c — the web studio's server; see serve.h. One access handler
 * (libmicrohttpd, a thread per connection) routes a handful of URLs:
 *
 *   GET  /, /studio.css, /studio.js   the page (read once at start)
 *   GET  /api/meta                    built-in layouts (with sizes) and themes
 *   POST /api/render   (JSON)         preview PNG + findings, or a download:
 *                                     PDF, print-shop PDF, PNG, data as YAML
 *   POST /api/upload   (multipart)    a logo or picture into the temp folder
 *   POST /api/open     (multipart)    a YAML/JSON/CSV file → the form's fields
 *
 * Safety: bodies are limited before they are read (Content-Length) and while
 * they are read (chunked); uploads are typed by their content and decoded
 * once before use; layouts and themes are picked by built-in name only;
 * record fields that name files are replaced by uploads, so a request can
 * never make placard read a path it chose. Requests whose Host is not the
 * loopback address the server listens on are refused (DNS rebinding), and so
 * are cross-site POSTs (an Origin that is not this server).
 *
 * Rendering is serialised by one mutex: pl_render builds its own fontconfig
 * configuration and Pango font map per call, but fontconfig, Pango and
 * librsvg keep process-wide caches whose thread safety differs across
 * versions, and a preview takes tens of milliseconds (README, "Studio"). */
#include "studio/serve_int.h"

/* ---- responses ---- */

enum MHD_Result st_reply(struct MHD_Connection *c, unsigned status, const char *type,
			     char *data, size_t n, bool owned, const char *filename)
{
	struct MHD_Response *r = pl_mhd.MHD_create_response_from_buffer(
		n, data, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result rc;

	if (!r) {
		if (owned)
			free(data);
		return MHD_NO;
	}
	pl_mhd.MHD_add_response_header(r, "Content-Type", type);
	pl_mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	pl_mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	pl_mhd.MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	pl_mhd.MHD_add_response_header(r, "X-Frame-Options", "DENY");
	/* Nothing from elsewhere: the page, its script and style, and the
	 * previews it makes itself. */
	pl_mhd.MHD_add_response_header(r, "Content-Security-Policy",
				       "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
				       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	if (filename) {
		char cd[200];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
		pl_mhd.MHD_add_response_header(r, "Content-Disposition", cd);
	}
	rc = pl_mhd.MHD_queue_response(c, status, r);
	pl_mhd.MHD_destroy_response(r);
	return rc;
}

enum MHD_Result st_reply_json(struct MHD_Connection *c, unsigned status, pl_buf *b)
{
	char *s;
	size_t n;

	if (b->oom) {
		pl_buf_free(b);
		return st_reply(c, 500, "application/json", (char *)"{\"error\": \"out of memory\"}", 26, false, NULL);
	}
	n = b->len;
	s = pl_buf_take(b);
	return st_reply(c, status, "application/json; charset=utf-8", s, n, true, NULL);
}

enum MHD_Result st_reply_error(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
{
	char msg[1024];
	pl_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pl_buf_puts(&b, "{\"error\": ");
	st_json_str(&b, msg);
	pl_buf_puts(&b, "}\n");
	return st_reply_json(c, status, &b);
}

unsigned st_status_for(const pl_error *e)
{
	switch (e->code) {
	case PL_ENOMEM:
	case PL_EIO:
	case PL_EDEP:
		return 500;
	case PL_ELIMIT:
		return 413;
	default:
		return 422;
	}
}

/* One finding as {"severity", "field", "message"}. */
static void json_finding(pl_serve *s, pl_buf *b, const pl_finding *e)
{
	char msg[sizeof ((pl_error *)0)->msg + 256];

	st_scrub(s, e->msg, msg, sizeof msg);
	pl_buf_printf(b, "{\"severity\": \"%s\", \"field\": ", pl_severity(e->code));
	st_json_str(b, e->field);
	pl_buf_puts(b, ", \"message\": ");
	st_json_str(b, msg);
	pl_buf_puts(b, "}");
}

void st_json_findings(pl_serve *s, pl_buf *b, const pl_diag *d)
{
	pl_buf_puts(b, "[");
	for (size_t i = 0; i < d->n; i++) {
		if (i)
			pl_buf_puts(b, ", ");
		json_finding(s, b, &d->items[i]);
	}
	pl_buf_puts(b, "]");
}

/* ---- the request cycle ---- */

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *content_type, const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	req *r = cls;

	(void)kind, (void)content_type, (void)transfer_encoding, (void)off;
	if (!key || strcmp(key, "file") || !filename)
		return MHD_YES; /* other parts are ignored (and bounded by the body limit) */
	if (!r->have_file) {
		r->have_file = true;
		snprintf(r->filename, sizeof r->filename, "%s", filename);
	} else if (strcmp(r->filename, filename)) {
		return MHD_YES; /* one file per upload: the first */
	}
	if (r->file.len + size > (r->route == R_UPLOAD ? (size_t)PL_MAX_IMAGE_BYTES : (size_t)PL_MAX_FILE_BYTES)) {
		r->file_too_big = true;
		pl_buf_free(&r->file);
		return MHD_YES;
	}
	if (!r->file_too_big && size) {
		pl_buf_add(&r->file, data, size);
		if (r->file.oom)
			return MHD_NO;
	}
	return MHD_YES;
}

static bool host_ok(const pl_serve *s, struct MHD_Connection *c)
{
	const char *host = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *origin = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	bool ok = s->n_hosts == 0;

	for (int i = 0; i < s->n_hosts && host && !ok; i++)
		ok = !strcasecmp(host, s->hosts[i]);
	/* A page from another site may not post to the studio. */
	if (ok && origin && host) {
		char want[128];
		snprintf(want, sizeof want, "http://%s", host);
		ok = !strcasecmp(origin, want);
	}
	return ok;
}

static const asset *find_asset(const pl_serve *s, const char *url)
{
	for (size_t i = 0; i < sizeof s->assets / sizeof s->assets[0]; i++)
		if (!strcmp(url, s->assets[i].url) || (!strcmp(url, "/index.html") && !strcmp(s->assets[i].url, "/")))
			return &s->assets[i];
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	pl_serve *s = cls;
	req *r = *con_cls;

	(void)version;
	if (!r) {
		/* First call: the headers are in, the body (if any) is not. */
		const char *len_s = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		const char *type = pl_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");

		if (!(r = calloc(1, sizeof *r)))
			return MHD_NO;
		*con_cls = r;
		r->post = !strcmp(method, "POST");
		if ((r->asset = find_asset(s, url)))
			r->route = R_ASSET;
		else if (!strcmp(url, "/api/meta"))
			r->route = R_META;
		else if (!strcmp(url, "/api/render"))
			r->route = R_RENDER;
		else if (!strcmp(url, "/api/upload"))
			r->route = R_UPLOAD;
		else if (!strcmp(url, "/api/open"))
			r->route = R_OPEN;
		if (!host_ok(s, c))
			return st_reply_error(c, 403, "this studio answers only to %s", s->url);
		if (r->route == R_NONE)
			return st_reply_error(c, 404, "there is nothing at %s. Open %s", url, s->url);
		if ((r->route == R_ASSET || r->route == R_META) != get || (!get && !r->post))
			return st_reply_error(c, 405, "%s is not allowed on %s.", method, url);
		if (get)
			return r->route == R_ASSET ? st_reply(c, 200, r->asset->type, r->asset->data, r->asset->len, false, NULL)
						   : st_do_meta(s, c);
		r->limit = r->route == R_RENDER ? (size_t)PL_SERVE_MAX_BODY_BYTES
			   : (r->route == R_UPLOAD ? (size_t)PL_MAX_IMAGE_BYTES : (size_t)PL_MAX_FILE_BYTES)
			     + PL_SERVE_MULTIPART_SLACK;
		if (len_s) {
			char *end;
			unsigned long long n = strtoull(len_s, &end, 10);
			if (*end || n > r->limit)
				return st_reply_error(c, 413, "the request is too large (over %zu bytes).", r->limit);
		}
		if (r->route == R_RENDER) {
			if (!type || strncasecmp(type, "application/json", 16))
				return st_reply_error(c, 415, "send the form as application/json.");
		} else {
			if (!type || strncasecmp(type, "multipart/form-data", 19))
				return st_reply_error(c, 415, "send the file as multipart/form-data.");
			r->pp = pl_mhd.MHD_create_post_processor(c, 64 * 1024, post_iter, r);
			if (!r->pp)
				return st_reply_error(c, 400, "the upload is not valid multipart/form-data (no boundary?).");
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		r->received += n;
		if (r->received > 4 * (uint64_t)r->limit)
			return MHD_NO; /* a chunked body that never ends: hang up */
		if (r->received > r->limit) {
			r->too_big = true;
			pl_buf_free(&r->body);
			return MHD_YES;
		}
		if (r->pp) {
			if (!r->bad_multipart && pl_mhd.MHD_post_process(r->pp, upload_data, n) != MHD_YES)
				r->bad_multipart = true;
		} else {
			pl_buf_add(&r->body, upload_data, n);
			if (r->body.oom)
				return MHD_NO;
		}
		return MHD_YES;
	}
	/* The whole body is in. */
	if (r->too_big)
		return st_reply_error(c, 413, "the request is too large (over %zu bytes).", r->limit);
	if (r->pp) {
		if (pl_mhd.MHD_destroy_post_processor(r->pp) != MHD_YES)
			r->bad_multipart = true;
		r->pp = NULL;
		if (r->bad_multipart && !r->file_too_big)
			return st_reply_error(c, 400, "the upload is not valid multipart/form-data.");
	}
	switch (r->route) {
	case R_RENDER: return st_do_render(s, c, r);
	case R_UPLOAD: return st_do_upload(s, c, r);
	case R_OPEN: return st_do_open(s, c, r);
	default: return st_reply_error(c, 500, "unexpected request.");
	}
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode tc)
{
	req *r = *con_cls;

	(void)cls, (void)c, (void)tc;
	if (!r)
		return;
	if (r->pp)
		pl_mhd.MHD_destroy_post_processor(r->pp);
	pl_buf_free(&r->body);
	pl_buf_free(&r->file);
	free(r);
	*con_cls = NULL;
}

/* libmicrohttpd's own messages: kept (the last one) for the start-up error,
 * never printed. */
static void on_log(void *cls, const char *fmt, va_list ap)
{
	pl_serve *s = cls;

	pthread_mutex_lock(&s->lock);
	vsnprintf(s->last_log, sizeof s->last_log, fmt, ap);
	s->last_log[strcspn(s->last_log, "\n")] = '\0';
	pthread_mutex_unlock(&s->lock);
}

/* ---- start and stop ---- */

static int load_assets(pl_serve *s, pl_error *err)
{
	static const struct { const char *url, *file, *type; } list[] = {
		{"/", "index.html", "text/html; charset=utf-8"},
		{"/studio.css", "studio.css", "text/css; charset=utf-8"},
		{"/studio.js", "studio.js", "text/javascript; charset=utf-8"},
	};

	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		pl_buf p = {0};
		int rc;
		pl_buf_printf(&p, "%s/assets/web/%s", s->datadir, list[i].file);
		if (!p.s) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			return -1;
		}
		rc = pl_read_file(p.s, PL_MAX_FILE_BYTES, &s->assets[i].data, &s->assets[i].len, err);
		pl_buf_free(&p);
		if (rc) {
			err->code = PL_EDEP;
			return -1;
		}
		s->assets[i].url = list[i].url;
		s->assets[i].file = list[i].file;
		s->assets[i].type = list[i].type;
	}
	return 0;
}

static void remove_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d))) {
			char p[PATH_MAX + 300];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

pl_serve *pl_serve_start(const pl_serve_opts *o, pl_error *err)
{
	pl_serve *s = calloc(1, sizeof *s);
	const char *listen = o->listen && *o->listen ? o->listen : "127.0.0.1";
	const char *tmpbase = getenv("TMPDIR");
	struct sockaddr_in a4 = {0};
	struct sockaddr_in6 a6 = {0};
	bool v6 = false, loop = false;
	const union MHD_DaemonInfo *info;
	unsigned port;
	char shown[INET6_ADDRSTRLEN + 2];

	if (!s) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return NULL;
	}
	if (pl_mhd_load(err)) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->render_lock, NULL);
	if (!strcasecmp(listen, "localhost"))
		listen = "127.0.0.1";
	if (inet_pton(AF_INET, listen, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)o->port);
		loop = (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
		snprintf(shown, sizeof shown, "%s", listen);
	} else if (inet_pton(AF_INET6, listen, &a6.sin6_addr) == 1) {
		v6 = true;
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)o->port);
		loop = IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr);
		snprintf(shown, sizeof shown, "[%s]", listen);
	} else {
		pl_error_set(err, PL_EUSAGE, "--listen '%s' is not an IP address. Use 127.0.0.1 (this computer only, "
			     "the default), ::1, or 0.0.0.0 to let other computers on your network in.", listen);
		goto fail;
	}
	if (o->port < 0 || o->port > 65535) {
		pl_error_set(err, PL_EUSAGE, "--port %d is not a port number (1–65535, or 0 for any free port).", o->port);
		goto fail;
	}
	if (!(s->datadir = pl_strdup(o->datadir))) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		goto fail;
	}
	if (load_assets(s, err))
		goto fail;
	snprintf(s->tmp, sizeof s->tmp, "%s/placard-studio-XXXXXX", tmpbase && *tmpbase ? tmpbase : "/tmp");
	if (!mkdtemp(s->tmp)) {
		pl_error_set(err, PL_EIO, "cannot make a temporary folder in %s (%s). Set TMPDIR to a folder you may write to.",
			     tmpbase && *tmpbase ? tmpbase : "/tmp", strerror(errno));
		s->tmp[0] = '\0';
		goto fail;
	}
	s->d = pl_mhd.MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL | MHD_USE_ERROR_LOG |
			(v6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)PL_SERVE_MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PL_SERVE_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_log, s,
		MHD_OPTION_END);
	if (!s->d) {
		pl_error_set(err, PL_EIO, "cannot listen on %s port %d%s%s. Is another program using it? Choose another "
			     "port with --port.", shown, o->port, s->last_log[0] ? ": " : "", s->last_log);
		goto fail;
	}
	info = pl_mhd.MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : (unsigned)o->port;
	snprintf(s->url, sizeof s->url, "http://%s:%u/", shown, port);
	if (loop) {
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "%s:%u", shown, port);
		snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "localhost:%u", port);
		if (v6)
			snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "[::1]:%u", port);
		else
			snprintf(s->hosts[s->n_hosts++], sizeof s->hosts[0], "127.0.0.1:%u", port);
	}
	return s;
fail:
	pl_serve_stop(s);
	return NULL;
}

const char *pl_serve_url(const pl_serve *s)
{
	return s->url;
}

const char *pl_serve_tmpdir(const pl_serve *s)
{
	return s->tmp;
}

void pl_serve_stop(pl_serve *s)
{
	if (!s)
		return;
	if (s->d)
		pl_mhd.MHD_stop_daemon(s->d); /* waits for the requests in progress */
	for (size_t i = 0; i < PL_SERVE_MAX_UPLOADS; i++)
		free(s->uploads[i].path);
	if (s->tmp[0])
		remove_tmp(s->tmp);
	for (size_t i = 0; i < sizeof s->assets / sizeof s->assets[0]; i++)
		free(s->assets[i].data);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->render_lock);
	free(s->datadir);
	free(s);
}
