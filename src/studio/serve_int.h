/* serve_int.h — what the parts of the studio share, and no one else:
 * serve.c (the HTTP layer: routes, limits, the request cycle, start and
 * stop), form.c (the form ↔ record mapping: JSON fields, the data as YAML,
 * a data file opened into the form), upload.c (pictures uploaded into the
 * temporary folder, typed by their content) and bridge.c (the calls into
 * render/: previews, downloads, the layouts and themes on offer). */
#ifndef PL_SERVE_INT_H
#define PL_SERVE_INT_H

#include "studio/serve.h"
#include "base/config.h"
#include "data/data.h"
#include "draw/image.h"
#include "layout/layout.h"
#include "base/lazy.h"
#include "render/render.h"
#include "render/shop.h"
#include "base/util.h"
#include "data/yaml.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>


typedef struct upload {
	char id[33];          /* 32 hex digits; what the page sends back */
	char *path;           /* inside the temp folder */
	char name[128];       /* the file's own name, cleaned, for the YAML download */
} upload;

typedef struct asset {
	const char *url, *file, *type;
	char *data;
	size_t len;
} asset;

struct pl_serve {
	struct MHD_Daemon *d;
	char *datadir;
	char tmp[PATH_MAX];
	char url[160];
	char hosts[4][96];     /* Host values accepted when listening on loopback */
	int n_hosts;           /* 0: any Host (the user chose a non-loopback address) */
	asset assets[3];
	pthread_mutex_t render_lock; /* pl_render and image decoding */
	pthread_mutex_t lock;        /* uploads, counter, last log line */
	upload uploads[PL_SERVE_MAX_UPLOADS];
	size_t next_upload;
	unsigned long counter;
	char last_log[256];
};

enum route { R_NONE, R_ASSET, R_META, R_RENDER, R_UPLOAD, R_OPEN };

/* One request in progress (MHD's per-connection "con_cls"). */
typedef struct req {
	enum route route;
	const asset *asset;
	bool post;
	size_t limit;          /* body bytes accepted */
	uint64_t received;
	bool too_big;
	pl_buf body;           /* JSON requests */
	struct MHD_PostProcessor *pp;
	bool bad_multipart;
	bool have_file;
	char filename[256];
	pl_buf file;           /* the "file" part of a multipart upload */
	bool file_too_big;
} req;

void st_base64(pl_buf *b, const unsigned char *p, size_t n);
void st_clean_name(char *dst, size_t cap, const char *src);
enum MHD_Result st_do_meta(pl_serve *s, struct MHD_Connection *c);
enum MHD_Result st_do_open(pl_serve *s, struct MHD_Connection *c, req *r);
enum MHD_Result st_do_render(pl_serve *s, struct MHD_Connection *c, req *r);
enum MHD_Result st_do_upload(pl_serve *s, struct MHD_Connection *c, req *r);
void st_drop_file_fields(pl_record *r);
const upload *st_find_upload(pl_serve *s, const char *id);
void st_free_names(char **names);
void st_json_findings(pl_serve *s, pl_buf *b, const pl_diag *d);
void st_json_str(pl_buf *b, const char *s);
bool st_lang_ok(const char *s);
bool st_name_in(char **names, const char *s);
bool st_opt_bool(const pl_node *m, const char *key);
const char *st_opt_str(const pl_node *m, const char *key);
enum MHD_Result st_reply(struct MHD_Connection *c, unsigned status, const char *type,
			     char *data, size_t n, bool owned, const char *filename);
enum MHD_Result st_reply_error(struct MHD_Connection *c, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum MHD_Result st_reply_json(struct MHD_Connection *c, unsigned status, pl_buf *b);
void st_scrub(pl_serve *s, const char *in, char *out, size_t cap);
void st_slug(char *dst, size_t cap, const char *title);
unsigned st_status_for(const pl_error *e);
void st_yaml_map(pl_buf *b, const pl_node *m, int indent);
/* The record's map at the top level, with qr: { logo: qr_logo } when
 * qr_logo is not NULL (the studio's logo-in-the-code box). */
void st_yaml_record(pl_buf *b, const pl_node *m, const char *qr_logo);
void st_yaml_quoted(pl_buf *b, const char *s);

#endif
