/* lazy.c — optional libraries loaded when first needed; see lazy.h. */
#include "base/lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct lazy_lib {
	const char *name;    /* as people know it: "libqpdf" */
	const char *soname;  /* what dlopen looks for */
	const char *purpose; /* "to draw SVG images" */
	const char *package; /* the Debian 12 package that holds the soname */
	pthread_once_t once;
	bool ok;
	char why[600];       /* the message of a failed load, for every caller */
} lazy_lib;

/* By soname, the runtime file the -dev package's link symlink points to:
 * the version the headers (and so the pointer types) come from. These are
 * Debian 12's; a new soname comes with a new runtime package name. */
static lazy_lib rsvg_lib = {"librsvg", "librsvg-2.so.2", "to draw SVG images", "librsvg2-2",
			    PTHREAD_ONCE_INIT, false, ""};
static lazy_lib pixbuf_lib = {"gdk-pixbuf", "libgdk_pixbuf-2.0.so.0", "to read PNG and JPEG images",
			      "libgdk-pixbuf-2.0-0", PTHREAD_ONCE_INIT, false, ""};
static lazy_lib qpdf_lib = {"libqpdf", "libqpdf.so.29",
			    "to finish PDFs made in memory (--cmyk, --sheet, --tile, sticker cut lines, studio downloads)",
			    "libqpdf29", PTHREAD_ONCE_INIT, false, ""};
static lazy_lib mhd_lib = {"libmicrohttpd", "libmicrohttpd.so.12", "for the web studio (placard serve)",
			   "libmicrohttpd12", PTHREAD_ONCE_INIT, false, ""};

struct pl_rsvg pl_rsvg;
struct pl_pixbuf pl_pixbuf;
struct pl_qpdf pl_qpdf;
struct pl_mhd pl_mhd;

static void *open_lib(lazy_lib *l)
{
	/* RTLD_LOCAL: the library's symbols are reached only through the
	 * table, never by accident from another library. */
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		snprintf(l->why, sizeof l->why,
			 "placard needs %s %s, but cannot load it (%s). Install the Debian package %s "
			 "('make deps' installs everything placard needs).",
			 l->name, l->purpose, dlerror(), l->package);
	return h;
}

static void *find(lazy_lib *l, void *h, const char *fn)
{
	void *p = dlsym(h, fn);

	if (!p)
		snprintf(l->why, sizeof l->why,
			 "the installed %s (%s) has no function %s: it is older than the version placard was "
			 "built with. Update the Debian package %s, or build placard again.",
			 l->name, l->soname, fn, l->package);
	return p;
}

/* One table: every function found, or none kept (and the library closed). */
#define LAZY_SYMBOL(f) \
	if (h && !(t->f = (__typeof__(t->f))find(l, h, #f))) \
		h = NULL;
#define LAZY_LIBRARY(name, FUNCTIONS)                        \
	static void open_##name(void)                        \
	{                                                    \
		struct pl_##name *t = &pl_##name;            \
		lazy_lib *l = &name##_lib;                   \
		void *lib = open_lib(l), *h = lib;           \
		FUNCTIONS(LAZY_SYMBOL)                       \
		l->ok = h != NULL;                           \
		if (lib && !l->ok) {                         \
			memset(t, 0, sizeof *t);             \
			dlclose(lib);                        \
		}                                            \
	}                                                    \
	int pl_##name##_load(pl_error *err)                  \
	{                                                    \
		pthread_once(&name##_lib.once, open_##name); \
		if (name##_lib.ok)                           \
			return 0;                            \
		pl_error_set(err, PL_EDEP, "%s", name##_lib.why); \
		return -1;                                   \
	}

LAZY_LIBRARY(rsvg, PL_RSVG_FUNCTIONS)
LAZY_LIBRARY(pixbuf, PL_PIXBUF_FUNCTIONS)
LAZY_LIBRARY(qpdf, PL_QPDF_FUNCTIONS)
LAZY_LIBRARY(mhd, PL_MHD_FUNCTIONS)
