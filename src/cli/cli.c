/* cli.c — the placard command: parses arguments, loads data, calls the
 * library (render.h) and maps its results to the SPEC's exit statuses:
 * 0 done, 1 written with problems (or check found something), 2 bad usage or
 * nothing could be rendered, 3 I/O or environment failure. The only file
 * that prints or exits. --help comes from the option table below. */
#include "base/config.h"
#include "data/data.h"
#include "layout/layout.h"
#include "pdf/pdfx.h"
#include "render/shop.h"
#include "cli/progress.h"
#include "render/render.h"
#include "studio/serve.h"
#include "base/util.h"

#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_DONE = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2, EXIT_ENV = 3 };

enum {
	OPT_LANG = 256, OPT_THEME, OPT_PRINT, OPT_BLEED, OPT_CMYK, OPT_SHEET, OPT_TILE,
	OPT_STRICT, OPT_QUIET, OPT_DPI, OPT_JSON, OPT_EC, OPT_SIZE, OPT_LATIN, OPT_VERSION,
	OPT_LISTEN, OPT_PORT, OPT_PDFX, OPT_INTENT, OPT_NO_MARKS, OPT_INK_LIMIT, OPT_SHOP
};

/* --sheet and --tile (impose.h) */
enum { OPT_GAP = 400, OPT_MARGIN, OPT_OVERLAP, OPT_FILL, OPT_CUT_NAME, OPT_DUPLEX, OPT_BACK_OFFSET };

static const struct opt {
	struct option o;
	const char *arg, *help;
} opts[] = {
	{{"layout", required_argument, NULL, 'l'}, "LAYOUT", "built-in layout name (see 'placard layouts') or a layout file; default flyer-a5"},
	{{"output", required_argument, NULL, 'o'}, "OUT", "output file (.pdf, .png, .svg) or a pattern like out/{city}-{lang}.pdf"},
	{{"lang", required_argument, NULL, OPT_LANG}, "LL", "show translation LL as the primary language"},
	{{"theme", required_argument, NULL, OPT_THEME}, "NAME", "colour theme (assets/themes): ember, mono, …"},
	{{"print", no_argument, NULL, OPT_PRINT}, NULL, "print-shop output: bleed, crop marks, TrimBox and BleedBox"},
	{{"bleed", required_argument, NULL, OPT_BLEED}, "LEN", "bleed with --print (default 3mm; e.g. 5, 5mm, 0.125in)"},
	{{"cmyk", no_argument, NULL, OPT_CMYK}, NULL, "convert the PDF to CMYK (needs Ghostscript)"},
	{{"shop", required_argument, NULL, OPT_SHOP}, "NAME", "a print-shop preset (assets/print-shops.yaml): eu-online, us-online, copy-shop, sticker-printer"},
	{{"pdfx", required_argument, NULL, OPT_PDFX}, "x4|x3|x1a", "PDF/X for a print shop, in CMYK for --intent (implies --print)"},
	{{"intent", required_argument, NULL, OPT_INTENT}, "NAME", "--pdfx press: fogra39, fogra51, gracol or swop (default: A sizes fogra39, US sizes gracol)"},
	{{"ink-limit", required_argument, NULL, OPT_INK_LIMIT}, "N", "--pdfx: the print shop's total ink limit in percent (default 300)"},
	{{"no-marks", no_argument, NULL, OPT_NO_MARKS}, NULL, "--print without crop marks (bleed and boxes only), as online printers want"},
	{{"sheet", required_argument, NULL, OPT_SHEET}, "PAPER", "impose N-up on A4, letter or A3, or on a label sheet (assets/label-sheets.yaml)"},
	{{"gap", required_argument, NULL, OPT_GAP}, "LEN", "--sheet: space between designs (default 3mm for stickers, 0 for flyers)"},
	{{"margin", required_argument, NULL, OPT_MARGIN}, "LEN", "--sheet/--tile: paper left blank at the edges (default 8mm stickers, 0 flyers, 15mm tiles)"},
	{{"fill", no_argument, NULL, OPT_FILL}, NULL, "--sheet: repeat each record to fill a sheet of its own"},
	{{"cut-name", required_argument, NULL, OPT_CUT_NAME}, "NAME", "spot colour of sticker cut lines (default CutContour)"},
	{{"duplex", required_argument, NULL, OPT_DUPLEX}, "long|short", "double-sided layouts on --sheet: the printer flips on the long edge (default) or the short"},
	{{"back-offset", required_argument, NULL, OPT_BACK_OFFSET}, "X,Y", "double-sided: move the backs X mm right, Y mm down (see duplex-test)"},
	{{"tile", required_argument, NULL, OPT_TILE}, "PAPER", "split a poster into tiles on A4, letter or A3, to tape together"},
	{{"overlap", required_argument, NULL, OPT_OVERLAP}, "LEN", "--tile: how much neighbouring tiles overlap at least (default 10mm)"},
	{{"dpi", required_argument, NULL, OPT_DPI}, "N", "resolution of PNG output (default 150)"},
	{{"latin-digits", no_argument, NULL, OPT_LATIN}, NULL, "write dates and times with the digits 0–9"},
	{{"strict", no_argument, NULL, OPT_STRICT}, NULL, "every finding fails the run: exit 1, nothing written"},
	{{"quiet", no_argument, NULL, OPT_QUIET}, NULL, "print errors only"},
	{{"json", no_argument, NULL, OPT_JSON}, NULL, "check: findings as JSON on standard output"},
	{{"ec", required_argument, NULL, OPT_EC}, "L|M|Q|H", "qr: error-correction level (default M)"},
	{{"size", required_argument, NULL, OPT_SIZE}, "LEN", "qr: size of the code with its quiet zone (default 40mm)"},
	{{"listen", required_argument, NULL, OPT_LISTEN}, "ADDR", "serve: address to listen on (default 127.0.0.1, this computer only)"},
	{{"port", required_argument, NULL, OPT_PORT}, "N", "serve: port (default 8080; 0 = any free port)"},
	{{"help", no_argument, NULL, 'h'}, NULL, "show this help"},
	{{"version", no_argument, NULL, OPT_VERSION}, NULL, "show the version"},
};
#define N_OPTS (sizeof opts / sizeof opts[0])

static void usage(FILE *f)
{
	fprintf(f,
		"placard %s — print-ready posters, flyers and stickers with QR codes\n\n"
		"Usage:\n"
		"  placard render DATA... [-l LAYOUT] [-o OUT] [options]   render records to PDF/PNG/SVG\n"
		"  placard check  DATA... [-l LAYOUT] [--json]             preflight, writes nothing\n"
		"  placard layouts                                         list the built-in layouts\n"
		"  placard qr URL [-o OUT] [--ec L|M|Q|H] [--size LEN]     a lone QR code\n"
		"  placard serve [--listen ADDR] [--port N]                the web studio in your browser\n"
		"  placard duplex-test [--sheet A4] [--duplex long|short] [--back-offset X,Y] [-o OUT]\n"
		"                                                          a calibration sheet for double-sided printing\n\n"
		"DATA is a YAML, JSON or CSV file (see README).\n\nOptions:\n", PL_VERSION);
	for (size_t i = 0; i < N_OPTS; i++) {
		char left[64];
		if (opts[i].o.val < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", opts[i].o.val, opts[i].o.name,
				 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", opts[i].o.name,
				 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(f, "  %-24s %s\n", left, opts[i].help);
	}
	fprintf(f, "\nExit status: 0 done, 1 written with problems (check: findings), 2 bad usage or\n"
		   "nothing rendered, 3 cannot write or a dependency is missing.\n");
}

typedef struct cli {
	const char *layout, *out, *lang, *theme, *sheet, *tile, *shop;
	bool print, cmyk, strict, quiet, json, latin, no_marks;
	int pdfx, intent;
	double ink_limit;
	double bleed_pt, dpi, size_pt;
	char ec;
	double gap_pt, margin_pt, overlap_pt; /* < 0: the default */
	bool fill;
	const char *cut_name;
	bool duplex_short;
	double back_x, back_y; /* points */
	const char *listen;
	int port;
} cli;

static int exit_for(const pl_error *e)
{
	switch (e->code) {
	case PL_EIO:
	case PL_EDEP:
	case PL_ENOMEM:
		return EXIT_ENV;
	default:
		return EXIT_USAGE;
	}
}

static void print_error(const char *kind, const pl_error *e)
{
	char buf[1400];

	pl_error_format(e, buf, sizeof buf);
	fprintf(stderr, "placard: %s: %s\n", kind, buf);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}


static void print_json(const pl_diag *d)
{
	printf("[");
	for (size_t i = 0; i < d->n; i++) {
		const pl_finding *e = &d->items[i];
		printf("%s\n  {\"severity\": \"%s\", \"file\": ", i ? "," : "", pl_severity(e->code));
		json_str(e->file);
		printf(", \"line\": %d, \"column\": %d, \"record\": %d, \"field\": ", e->line, e->col, e->record);
		json_str(e->field);
		printf(", \"message\": ");
		json_str(e->msg);
		printf("}");
	}
	printf("%s]\n", d->n ? "\n" : "");
}

static size_t pattern_bytes(const char *pat, const struct timespec *since, double *bytes)
{
	pl_buf g = {0};
	glob_t gl = {0};
	const char *ext;
	char *one, *numbered;
	size_t n = 0;

	for (const char *s = pat; *s; s++) {
		const char *close;
		if (*s == '{' && (close = strchr(s, '}'))) {
			pl_buf_puts(&g, "*");
			s = close;
		} else {
			if (strchr("*?[\\", *s))
				pl_buf_puts(&g, "\\");
			pl_buf_add(&g, s, 1);
		}
	}
	one = pl_buf_take(&g);
	if (!one)
		return 0;
	ext = pl_path_ext(one);
	pl_buf_add(&g, one, (size_t)(ext - one));
	pl_buf_printf(&g, "-*%s", ext);
	numbered = pl_buf_take(&g);
	glob(one, 0, NULL, &gl);
	if (numbered)
		glob(numbered, GLOB_APPEND, NULL, &gl);
	*bytes = 0;
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		struct stat st;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(gl.gl_pathv[i], gl.gl_pathv[j]);
		/* file times come from a coarse clock: allow it a second */
		if (seen || stat(gl.gl_pathv[i], &st) || !S_ISREG(st.st_mode) || st.st_mtim.tv_sec < since->tv_sec - 1)
			continue;
		*bytes += (double)st.st_size;
		n++;
	}
	globfree(&gl);
	free(one);
	free(numbered);
	return n;
}

/* "placard: wrote 1,000 pages (1,000 records, 2 skipped) to flyers.pdf (2.9 MB)." */
static void summary(const cli *c, const char *out, const pl_render_result *res, int rejected,
		    const struct timespec *since)
{
	char a[32], b[32], size[32];
	pl_buf m = {0};
	struct stat st;
	double bytes = 0;
	size_t r = res->rendered;

	/* a schedule: its pages list the run's events */
	size_t listed = res->events ? res->events : r;
	const char *what = res->events ? "event" : "record";

	pl_buf_printf(&m, "placard: wrote ");
	if (c->sheet || c->tile)
		/* imposed: the pages are sheets or tiles, not one per record */
		pl_buf_printf(&m, "%s %s%s", cli_grouped(listed, a), what, listed == 1 ? "" : "s");
	else
		pl_buf_printf(&m, "%s page%s (%s %s%s", cli_grouped(r * (res->two_sided ? 2 : 1), a),
			      r == 1 && !res->two_sided ? "" : "s", cli_grouped(listed, b), what, listed == 1 ? "" : "s");
	if (res->skipped || rejected) {
		pl_buf_puts(&m, c->sheet || c->tile ? " (" : ", ");
		if (res->skipped)
			pl_buf_printf(&m, "%s skipped", cli_grouped(res->skipped, a));
		if (rejected)
			pl_buf_printf(&m, "%s%d data file%s not read", res->skipped ? ", " : "", rejected,
				      rejected == 1 ? "" : "s");
		if (c->sheet || c->tile)
			pl_buf_puts(&m, ")");
	}
	if (!(c->sheet || c->tile))
		pl_buf_puts(&m, ")");
	if (c->sheet)
		pl_buf_printf(&m, " on %s sheets", c->sheet);
	else if (c->tile)
		pl_buf_printf(&m, " as %s tiles", c->tile);
	pl_buf_printf(&m, " to %s", strcmp(out, "-") ? out : "standard output");
	if (strchr(out, '{') || res->files > 1) {
		size_t n = pattern_bytes(out, since, &bytes);
		pl_buf_printf(&m, " (one file per %s, %s file%s", res->side_files ? "side of each record" : "record",
			      cli_grouped(res->files, a), res->files == 1 ? "" : "s");
		/* a size only when exactly the files written were found */
		if (n == res->files)
			pl_buf_printf(&m, ", %s", cli_human_size(bytes, size));
		pl_buf_puts(&m, ")");
	} else if (stat(out, &st) == 0) {
		pl_buf_printf(&m, " (%s)", cli_human_size((double)st.st_size, size));
	}
	if (m.s)
		fprintf(stderr, "%s.\n", m.s);
	pl_buf_free(&m);
}

/* Check every DATA file into the run's source (data.h): a file that does
 * not parse is rejected whole. Records are read as pages are drawn. */
static int load_all(char **files, int n, pl_source *src, int *rejected)
{
	for (int i = 0; i < n; i++) {
		pl_error e = {0};
		if (pl_source_add(src, files[i], &e) != 0) {
			print_error("error", &e);
			(*rejected)++;
			if (e.code == PL_ENOMEM)
				return -1;
		}
	}
	return 0;
}

static char *default_out(const char *data, const char *layout)
{
	const char *base = strrchr(data, '/');
	const char *lbase = strrchr(layout, '/');
	pl_buf b = {0};
	char *stem, *dot;

	base = base ? base + 1 : data;
	lbase = lbase ? lbase + 1 : layout;
	stem = pl_strdup(base);
	if (stem && (dot = strrchr(stem, '.')))
		*dot = '\0';
	pl_buf_printf(&b, "%s-%s", stem ? stem : "out", lbase);
	free(stem);
	if (b.s && (dot = strrchr(b.s, '.')) && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")))
		b.len = (size_t)(dot - b.s), *dot = '\0';
	pl_buf_puts(&b, ".pdf");
	return pl_buf_take(&b);
}

static int cmd_render(cli *c, char **files, int n, bool check)
{
	pl_source *src;
	pl_render_opts ro = {0};
	pl_render_result res;
	pl_error err = {0};
	int rejected = 0, status;
	bar progress_bar = {0};
	struct timespec started;
	char *out = NULL;

	if (n < 1) {
		fprintf(stderr, "placard: give at least one data file, e.g. placard %s events.yaml -l flyer-a5\n",
			check ? "check" : "render");
		return EXIT_USAGE;
	}
	src = pl_source_new();
	if (!src || load_all(files, n, src, &rejected) != 0) {
		pl_source_free(src);
		return EXIT_ENV;
	}
	if (!pl_source_count(src)) {
		fprintf(stderr, "placard: no record could be read, so nothing was written.\n");
		pl_source_free(src);
		return EXIT_USAGE;
	}
	if (!check)
		out = c->out ? pl_strdup(c->out) : default_out(files[0], c->layout);
	progress_bar.all = pl_source_count(src);
	ro = (pl_render_opts){
		.datadir = pl_datadir(), .layout = c->layout, .out = out, .lang = c->lang,
		.theme = c->theme, .print = c->print || c->pdfx, .cmyk = c->cmyk, .pdfx = c->pdfx, .intent = c->intent,
		.no_marks = c->no_marks, .ink_limit = c->ink_limit, .bleed_pt = c->bleed_pt, .strict = c->strict,
		.latin_digits = c->latin, .dpi = c->dpi,
		.progress = !c->quiet && !(check && c->json) && isatty(2) && pl_source_count(src) > 1 ? cli_progress : NULL,
		.progress_ctx = &progress_bar,
		.impose = {.sheet = c->sheet, .tile = c->tile, .gap = c->gap_pt, .margin = c->margin_pt,
			   .overlap = c->overlap_pt, .fill = c->fill, .cut_name = c->cut_name,
			   .duplex_short = c->duplex_short, .back_x = c->back_x, .back_y = c->back_y},
	};
	clock_gettime(CLOCK_REALTIME, &started);
	if (pl_render_source(&ro, src, &res, &err) != 0) {
		cli_progress_end(&progress_bar);
		for (size_t i = 0; i < res.problems.n; i++) {
			pl_error pe;
			pl_finding_error(&res.problems.items[i], &pe);
			print_error(pl_severity(pe.code), &pe);
		}
		print_error("error", &err);
		status = res.problems.n && err.code == PL_EINPUT ? EXIT_USAGE : exit_for(&err);
		goto done;
	}
	cli_progress_end(&progress_bar);
	for (size_t i = 0; i < res.problems.n; i++) {
		pl_error fe, *e = &fe;
		if (check && c->json)
			continue;
		pl_finding_error(&res.problems.items[i], &fe);
		if (e->code == PL_EINPUT) {
			char buf[1400];
			pl_error_format(e, buf, sizeof buf);
			fprintf(stderr, "placard: error: %s (record skipped)\n", buf);
		} else if (!c->quiet || (e->code != PL_EWARN && e->code != PL_ENOTE)) {
			print_error(pl_severity(e->code), e);
		}
	}
	if (check) {
		if (c->json)
			print_json(&res.problems);
		status = pl_diag_failing(&res.problems, 1) || rejected ? EXIT_PROBLEMS : EXIT_DONE;
		if (!c->quiet && !c->json) {
			size_t notes = res.problems.n - pl_diag_failing(&res.problems, 1);
			size_t found = res.problems.n - notes;
			fprintf(stderr, "placard: checked %zu record%s: %zu finding%s", res.rendered,
				res.rendered == 1 ? "" : "s", found, found == 1 ? "" : "s");
			if (notes)
				fprintf(stderr, ", %zu note%s", notes, notes == 1 ? "" : "s");
			fputs(".\n", stderr);
		}
	} else if (c->strict && (pl_diag_failing(&res.problems, 1) || rejected)) {
		fprintf(stderr, "placard: --strict: nothing was written because of the problems above.\n");
		status = EXIT_PROBLEMS;
	} else {
		status = pl_diag_failing(&res.problems, 0) || rejected ? EXIT_PROBLEMS : EXIT_DONE;
		if (!c->quiet)
			summary(c, out, &res, rejected, &started);
	}
done:
	pl_render_result_free(&res);
	pl_source_free(src);
	free(out);
	return status;
}

static int cmd_layouts(void)
{
	const char *dd = pl_datadir();
	char **names = pl_layout_list(dd);
	int status = EXIT_DONE, wn = 4;

	for (size_t i = 0; names && names[i]; i++)
		wn = (int)fmax(wn, (double)strlen(names[i]));
	printf("%-*s  %-16s %-8s %s\n", wn, "NAME", "SIZE", "KIND", "DESCRIPTION");
	for (size_t i = 0; names && names[i]; i++) {
		pl_error e = {0};
		pl_layout *l = pl_layout_load(dd, names[i], &e);
		char size[32];
		if (!l) {
			print_error("error", &e);
			status = EXIT_USAGE;
		} else {
			if (l->px)
				snprintf(size, sizeof size, "%gx%g px", round(l->trim_w / PL_PX_TO_PT),
					 round(l->trim_h / PL_PX_TO_PT));
			else
				snprintf(size, sizeof size, "%gx%g mm", round(l->trim_w / PL_MM_TO_PT * 10) / 10,
					 round(l->trim_h / PL_MM_TO_PT * 10) / 10);
			printf("%-*s  %-16s %-8s %s\n", wn, l->name, size, l->kind, l->description ? l->description : "");
		}
		pl_layout_free(l);
		free(names[i]);
	}
	free(names);
	return status;
}

static int cmd_qr(cli *c, char **args, int n)
{
	pl_error e = {0};
	pl_record *r;
	const char *out = c->out ? c->out : "qr.pdf";

	if (n != 1) {
		fprintf(stderr, "placard: give exactly one URL, e.g. placard qr https://example.org -o qr.pdf\n");
		return EXIT_USAGE;
	}
	/* The same URL rules as a record's url field. */
	r = pl_record_new("command line", 0, 0);
	if (!r || pl_record_set(r, "title", NULL, "qr", 0, 0) || pl_record_set(r, "url", NULL, args[0], 0, 0)) {
		pl_record_free(r);
		return EXIT_ENV;
	}
	if (pl_record_validate(r, &e) != 0) {
		e.record = 0;
		e.file[0] = '\0';
		print_error("error", &e);
		pl_record_free(r);
		return EXIT_USAGE;
	}
	pl_record_free(r);
	if (pl_render_qr(args[0], c->ec, c->size_pt, out, c->dpi, &e) != 0) {
		print_error("error", &e);
		return exit_for(&e);
	}
	if (!c->quiet)
		fprintf(stderr, "placard: wrote %s\n", out);
	return EXIT_DONE;
}

/* The calibration sheet for double-sided printing (duplex.h). */
static int cmd_duplex_test(const cli *c, int n_args)
{
	pl_impose_opts o = {.sheet = c->sheet, .duplex_short = c->duplex_short, .back_x = c->back_x, .back_y = c->back_y};
	const char *out = c->out ? c->out : "duplex-test.pdf";
	pl_error e = {0};

	if (n_args) {
		fprintf(stderr, "placard: duplex-test takes no data files: placard duplex-test --sheet A4 -o test.pdf\n");
		return EXIT_USAGE;
	}
	if (pl_render_duplex_test(&o, out, &e) != 0) {
		print_error("error", &e);
		return exit_for(&e);
	}
	if (!c->quiet)
		fprintf(stderr, "placard: wrote %s (2 pages: print them double-sided)\n", out);
	return EXIT_DONE;
}

/* The web studio: start the server, say where it is, and wait for Ctrl-C
 * (SIGINT) or SIGTERM; stopping removes its temporary folder. The signals
 * are blocked before the server's threads start, so they inherit the mask
 * and only sigwait here receives them. */
static int cmd_serve(cli *c, int n_args)
{
	pl_serve_opts so = {.datadir = pl_datadir(), .listen = c->listen, .port = c->port};
	pl_error e = {0};
	pl_serve *s;
	sigset_t set;
	int sig = 0;

	if (n_args) {
		fprintf(stderr, "placard: serve takes no data files; open them in the studio (see placard --help).\n");
		return EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	s = pl_serve_start(&so, &e);
	if (!s) {
		print_error("error", &e);
		return exit_for(&e);
	}
	printf("placard studio: open %s in your browser (Ctrl-C stops it)\n", pl_serve_url(s));
	fflush(stdout);
	sigwait(&set, &sig);
	pl_serve_stop(s);
	if (!c->quiet)
		fprintf(stderr, "placard: studio stopped.\n");
	return EXIT_DONE;
}

/* --shop: the preset's settings where the command line gave none. The
 * output name ({data} and {layout} filled in) only for render without -o. */
static int apply_shop(cli *c, pl_shop *s, char **files, int n, char **out)
{
	pl_error e = {0};

	if (pl_shop_find(pl_datadir(), c->shop, s, &e)) {
		print_error("error", &e);
		return -1;
	}
	c->print = true;
	if (c->bleed_pt < 0 && s->bleed_pt >= 0)
		c->bleed_pt = s->bleed_pt;
	if (s->marks == 0)
		c->no_marks = true;
	if (!c->pdfx)
		c->pdfx = s->pdfx;
	if (!c->intent)
		c->intent = s->intent;
	if (!c->ink_limit)
		c->ink_limit = s->ink_limit;
	if (!c->cut_name && s->cut_name[0])
		c->cut_name = s->cut_name;
	if (files && n > 0 && !c->out && s->output[0]) {
		*out = pl_shop_output(s, files[0], c->layout);
		c->out = *out;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct option lo[N_OPTS + 1];
	cli c = {.layout = "flyer-a5", .bleed_pt = -1, .dpi = 150, .size_pt = 40 * PL_MM_TO_PT,
		 .port = PL_SERVE_DEFAULT_PORT};
	const char *cmd;
	int ch, status;
	pl_shop shop;
	char *shop_out = NULL;

	c.gap_pt = c.margin_pt = c.overlap_pt = -1; /* the defaults of impose.h */
	for (size_t i = 0; i < N_OPTS; i++)
		lo[i] = opts[i].o;
	memset(&lo[N_OPTS], 0, sizeof lo[N_OPTS]);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (!strcmp(cmd, "--version")) {
		printf("placard %s\n", PL_VERSION);
		return EXIT_DONE;
	}
	if (strcmp(cmd, "render") && strcmp(cmd, "check") && strcmp(cmd, "layouts") && strcmp(cmd, "qr") &&
	    strcmp(cmd, "serve") && strcmp(cmd, "duplex-test")) {
		fprintf(stderr, "placard: unknown command '%s'. Commands: render, check, layouts, qr, serve, duplex-test (see placard --help).\n", cmd);
		return EXIT_USAGE;
	}
	optind = 2;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":l:o:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'l': c.layout = optarg; break;
		case 'o': c.out = optarg; break;
		case OPT_LANG: c.lang = optarg; break;
		case OPT_THEME: c.theme = optarg; break;
		case OPT_PRINT: c.print = true; break;
		case OPT_CMYK: c.cmyk = true; break;
		case OPT_NO_MARKS: c.no_marks = true; break;
		case OPT_SHOP: c.shop = optarg; break;
		case OPT_INK_LIMIT: {
			char *end;
			c.ink_limit = strtod(optarg, &end);
			if (*end == '%')
				end++;
			if (*end || end == optarg || c.ink_limit < 100 || c.ink_limit > 400) {
				fprintf(stderr, "placard: --ink-limit '%s' must be a percentage between 100 and 400, e.g. 300.\n", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case OPT_PDFX:
			if ((c.pdfx = pl_pdfx_parse(optarg)) < 0) {
				fprintf(stderr, "placard: --pdfx '%s' must be x4, x3 or x1a.\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_INTENT:
			if ((c.intent = pl_intent_parse(optarg)) < 0) {
				fprintf(stderr, "placard: --intent '%s' must be fogra39, fogra51, gracol or swop.\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_SHEET: c.sheet = optarg; break;
		case OPT_TILE: c.tile = optarg; break;
		case OPT_FILL: c.fill = true; break;
		case OPT_CUT_NAME: c.cut_name = optarg; break;
		case OPT_DUPLEX:
			if (strcmp(optarg, "long") && strcmp(optarg, "short")) {
				fprintf(stderr, "placard: --duplex '%s' must be long or short: the edge your printer turns the paper over.\n", optarg);
				return EXIT_USAGE;
			}
			c.duplex_short = !strcmp(optarg, "short");
			break;
		case OPT_BACK_OFFSET: {
			char *end, *end2;
			double x = strtod(optarg, &end), y = *end == ',' ? strtod(end + 1, &end2) : 0;
			if (*end != ',' || *end2 || end2 == end + 1 || !(fabs(x) <= 20 && fabs(y) <= 20)) {
				fprintf(stderr, "placard: --back-offset '%s' must be X,Y in mm, each between -20 and 20 (e.g. 1.5,-1: the backs 1.5 mm right and 1 mm up).\n", optarg);
				return EXIT_USAGE;
			}
			c.back_x = x * PL_MM_TO_PT;
			c.back_y = y * PL_MM_TO_PT;
			break;
		}
		case OPT_GAP:
		case OPT_MARGIN:
		case OPT_OVERLAP: {
			double v;
			if (pl_parse_length(optarg, 0, &v) || v < 0 || v > 100 * PL_MM_TO_PT) {
				fprintf(stderr, "placard: --%s '%s' is not a length between 0 and 100 mm (e.g. 3, 3mm, 0.125in).\n",
					ch == OPT_GAP ? "gap" : ch == OPT_MARGIN ? "margin" : "overlap", optarg);
				return EXIT_USAGE;
			}
			*(ch == OPT_GAP ? &c.gap_pt : ch == OPT_MARGIN ? &c.margin_pt : &c.overlap_pt) = v;
			break;
		}
		case OPT_STRICT: c.strict = true; break;
		case OPT_QUIET: c.quiet = true; break;
		case OPT_JSON: c.json = true; break;
		case OPT_LATIN: c.latin = true; break;
		case OPT_LISTEN: c.listen = optarg; break;
		case OPT_PORT: {
			char *end;
			long p = strtol(optarg, &end, 10);
			if (*end || end == optarg || p < 0 || p > 65535) {
				fprintf(stderr, "placard: --port '%s' must be a number between 1 and 65535 (0: any free port).\n", optarg);
				return EXIT_USAGE;
			}
			c.port = (int)p;
			break;
		}
		case OPT_BLEED:
			if (pl_parse_length(optarg, 0, &c.bleed_pt) || c.bleed_pt < 0 || c.bleed_pt > 25 * PL_MM_TO_PT) {
				fprintf(stderr, "placard: --bleed '%s' is not a bleed between 0 and 25 mm (e.g. 3, 5mm, 0.125in).\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_DPI:
			c.dpi = atof(optarg);
			if (c.dpi < 10 || c.dpi > 1200) {
				fprintf(stderr, "placard: --dpi '%s' must be a number between 10 and 1200.\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_EC:
			if (strlen(optarg) != 1 || !strchr("LMQHlmqh", optarg[0])) {
				fprintf(stderr, "placard: --ec '%s' must be L, M, Q or H.\n", optarg);
				return EXIT_USAGE;
			}
			c.ec = (char)(optarg[0] & ~0x20);
			break;
		case OPT_SIZE:
			if (pl_parse_length(optarg, 0, &c.size_pt) || c.size_pt < 5 * PL_MM_TO_PT || c.size_pt > 2000 * PL_MM_TO_PT) {
				fprintf(stderr, "placard: --size '%s' must be a length between 5mm and 2000mm, e.g. 40mm.\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': usage(stdout); return EXIT_DONE;
		case OPT_VERSION: printf("placard %s\n", PL_VERSION); return EXIT_DONE;
		case ':':
			fprintf(stderr, "placard: option %s needs a value (see placard --help).\n", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "placard: unknown option '%s' (see placard --help).\n", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (!strcmp(cmd, "layouts"))
		return cmd_layouts();
	if (!strcmp(cmd, "serve"))
		return cmd_serve(&c, argc - optind);
	if (!strcmp(cmd, "qr"))
		return cmd_qr(&c, argv + optind, argc - optind);
	if (c.shop && apply_shop(&c, &shop, !strcmp(cmd, "render") ? argv + optind : NULL, argc - optind, &shop_out))
		return EXIT_USAGE;
	if (c.ink_limit > 0 && !c.pdfx) {
		fprintf(stderr, "placard: --ink-limit is checked on --pdfx output; add --pdfx x4 (or x3, x1a).\n");
		return EXIT_USAGE;
	}
	if (c.intent && !c.pdfx) {
		fprintf(stderr, "placard: --intent chooses the press for --pdfx; add --pdfx x4 (or x3, x1a).\n");
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "duplex-test"))
		return cmd_duplex_test(&c, argc - optind);
	if (!strcmp(cmd, "check") && c.out) {
		fprintf(stderr, "placard: check writes nothing; use render to write %s.\n", c.out);
		return EXIT_USAGE;
	}
	status = cmd_render(&c, argv + optind, argc - optind, !strcmp(cmd, "check"));
	free(shop_out);
	return status;
}
