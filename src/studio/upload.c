/* upload.c — POST /api/upload: a logo or picture into the studio's
 * temporary folder, typed by its content, never by its name. */
#include "studio/serve_int.h"

/* ---- uploads ---- */

const upload *st_find_upload(pl_serve *s, const char *id)
{
	for (size_t i = 0; i < PL_SERVE_MAX_UPLOADS; i++)
		if (s->uploads[i].path && !strcmp(s->uploads[i].id, id))
			return &s->uploads[i];
	return NULL;
}

/* A message for the browser without the server's own paths: an upload's
 * path becomes the name it was uploaded under, and the temporary folder
 * is never shown. */
void st_scrub(pl_serve *s, const char *in, char *out, size_t cap)
{
	size_t n = 0, tl = strlen(s->tmp);

	pthread_mutex_lock(&s->lock);
	while (*in && n + 1 < cap) {
		const char *name = NULL;
		size_t skip = 0;
		for (size_t i = 0; i < PL_SERVE_MAX_UPLOADS && !name; i++) {
			const upload *u = &s->uploads[i];
			if (u->path && !strncmp(in, u->path, strlen(u->path)))
				name = u->name, skip = strlen(u->path);
		}
		if (!name && tl && !strncmp(in, s->tmp, tl)) {
			/* a file of ours not (or no longer) in the table */
			name = "the uploaded file";
			skip = tl + strcspn(in + tl, " '\",;:");
		}
		if (name) {
			int k = snprintf(out + n, cap - n, "%s", name);
			n += k > 0 ? (size_t)k : 0;
			if (n >= cap)
				n = cap - 1;
			in += skip;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
	pthread_mutex_unlock(&s->lock);
}

/* What a picture is, from its first bytes: ".png", ".jpg", ".svg" or NULL. */
static const char *sniff_image(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return ".png";
	if (n >= 3 && !memcmp(p, "\xff\xd8\xff", 3))
		return ".jpg";
	/* SVG: text (after an optional BOM, blank space, XML prolog, comments
	 * or doctype) whose first element is <svg. */
	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && i < 8192) {
		while (i < n && strchr(" \t\r\n", p[i]))
			i++;
		if (i + 4 <= n && !memcmp(p + i, "<svg", 4))
			return pl_utf8_invalid(p, n) < 0 ? ".svg" : NULL;
		if (i + 2 <= n && p[i] == '<' && (p[i + 1] == '?' || p[i + 1] == '!')) {
			const char *end = memchr(p + i, '>', n - i);
			if (!end)
				return NULL;
			i = (size_t)(end - p) + 1;
			continue;
		}
		return NULL;
	}
	return NULL;
}

enum MHD_Result st_do_upload(pl_serve *s, struct MHD_Connection *c, req *r)
{
	const char *ext;
	unsigned char rnd[16];
	char id[33], path[PATH_MAX + 64], name[128];
	int fd;
	size_t off = 0;
	pl_error e = {0};
	pl_image *img;
	double w = 0, h = 0;
	upload *u;
	pl_buf b = {0};

	if (!r->have_file)
		return st_reply_error(c, 400, "the upload holds no file. Choose a PNG, JPEG or SVG picture.");
	if (r->file_too_big)
		return st_reply_error(c, 413, "this picture is over placard's limit of %ld MB. Make it smaller and try again.",
				   (long)(PL_MAX_IMAGE_BYTES / (1024 * 1024)));
	ext = sniff_image(r->file.s ? r->file.s : "", r->file.len);
	if (!ext)
		return st_reply_error(c, 415, "this file is not a picture placard can print. Choose a PNG, JPEG or SVG file.");
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		return st_reply_error(c, 500, "could not make a name for the upload (%s).", strerror(errno));
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(id + 2 * i, 3, "%02x", rnd[i]);
	snprintf(path, sizeof path, "%s/u-%s%s", s->tmp, id, ext);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return st_reply_error(c, 500, "could not keep the upload (%s).", strerror(errno));
	while (off < r->file.len) {
		ssize_t k = write(fd, r->file.s + off, r->file.len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			unlink(path);
			return st_reply_error(c, 500, "could not keep the upload: the disk may be full.");
		}
		off += (size_t)k;
	}
	close(fd);
	/* Decode it once now, under the limits (pixels, bytes), so a broken
	 * picture is refused here and not on every preview. */
	pthread_mutex_lock(&s->render_lock);
	img = pl_image_load(path, &e);
	if (img)
		pl_image_size(img, &w, &h);
	pl_image_free(img);
	pthread_mutex_unlock(&s->render_lock);
	st_clean_name(name, sizeof name, r->filename);
	if (!img) {
		char msg[sizeof e.msg + 256];
		unlink(path);
		st_scrub(s, e.msg, msg, sizeof msg);
		return st_reply_error(c, e.code == PL_ELIMIT ? 413 : 415, "%s cannot be used: %s", name, msg);
	}
	pthread_mutex_lock(&s->lock);
	u = &s->uploads[s->next_upload];
	s->next_upload = (s->next_upload + 1) % PL_SERVE_MAX_UPLOADS;
	if (u->path) {
		/* the oldest upload makes room */
		unlink(u->path);
		free(u->path);
	}
	memcpy(u->id, id, sizeof id);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->path = pl_strdup(path);
	pthread_mutex_unlock(&s->lock);
	pl_buf_printf(&b, "{\"id\": \"%s\", \"kind\": \"%s\", \"width\": %.0f, \"height\": %.0f, \"name\": ",
		      id, ext + 1, w, h);
	st_json_str(&b, name);
	pl_buf_puts(&b, "}\n");
	return st_reply_json(c, 200, &b);
}
