/* render.c — a whole run; see render.h. A check or a plain PDF is drawn
 * record by record as the feed (feed.h) gives them, the PDF streamed into a
 * temporary file in the target folder (pdfstream.h); other outputs hold the
 * records and build each file in memory. Either way a file is renamed into
 * place only when it is complete. */
#include "render/render_int.h"

/* ---- drawing ---- */

typedef struct run {
	const pl_render_opts *o;
	pl_layout *layout;
	pl_fonts *fonts;
	pl_page_ctx *pc;
	pl_page_ctx *pc_back;   /* a double-sided layout's back (layout->back); NULL = none */
	pl_impose *imp;         /* sheets, tiles or a cut line; NULL = none */
	double bleed, margin;   /* points */
	double page_w, page_h;  /* media size */
	double dpi;             /* PNG: --dpi, or a px layout's own (PL_PX_DPI) */
	bool grommets;          /* --print on a banner: grommet marks (grommets.h) */
	pl_render_result *res;
	pl_pdfw *stream;        /* PDF batches: cairo's bytes go through it to a file */
	pl_page_opts po;        /* what r->pc was made with */
	pl_qr_async qa;         /* batches: QR decoding on the second core (scanq.h) */
	size_t total, done;     /* records in the run, records taken (progress) */
	size_t drawn;           /* pages drawn in the document being made */
	const pl_sheet_plan *sheet; /* sheets streamed (impose.h): designs go onto slots */
	size_t slot;            /* ... the next free one on the sheet being drawn */
	pl_press press;         /* --pdfx: the press condition and its profile */
	pl_shop_check shop;     /* --pdfx: the print shop's checks (inkcheck.h) */
	pl_feed_item *held;     /* double-sided sheets: the front sheet's records, for its back sheet */
	bool back_side;         /* PNG, SVG: draw the back (PL_SIDE_BACK, or a -back file) */
} run;

static void crop_marks(cairo_t *cr, const run *r)
{
	double W = r->layout->trim_w, H = r->layout->trim_h;
	double a = r->bleed + PL_CROP_MARK_GAP_MM * PL_MM_TO_PT;
	double z = a + PL_CROP_MARK_LEN_MM * PL_MM_TO_PT;
	double xs[2] = {0, W}, ys[2] = {0, H};

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.25);
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			cairo_move_to(cr, xs[i] + sx * a, ys[j]);
			cairo_line_to(cr, xs[i] + sx * z, ys[j]);
			cairo_move_to(cr, xs[i], ys[j] + sy * a);
			cairo_line_to(cr, xs[i], ys[j] + sy * z);
		}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* One side of a record: the front, or (back) the back of a double-sided
 * layout; either is checked by preflight as a page of its own. */
static int draw_side(run *r, cairo_t *cr, const pl_record *rec, bool back, pl_error *err)
{
	int rc;
	pl_page_items items = {0};
	pl_page_ctx *pc = back ? r->pc_back : r->pc;
	const pl_layout *lay = back ? r->layout->back : r->layout;

	cairo_save(cr);
	cairo_translate(cr, r->margin, r->margin);
	if (r->o->print) {
		/* Nothing of the artwork beyond the bleed: the marks stand on
		 * blank paper, outside the BleedBox. */
		cairo_save(cr);
		cairo_rectangle(cr, -r->bleed, -r->bleed, r->layout->trim_w + 2 * r->bleed,
				r->layout->trim_h + 2 * r->bleed);
		cairo_clip(cr);
	}
	pl_page_collect(pc, &items);
	rc = pl_page_draw(pc, cr, rec, &r->res->problems, NULL, err);
	pl_page_collect(pc, NULL);
	if (r->o->print)
		cairo_restore(cr);
	/* Preflight (preflight.h): findings join the others as warnings or
	 * errors; they never stop the drawing. */
	if (rc == 0)
		rc = pl_preflight_page_async(lay, rec, &items, &r->res->problems, &r->qa, err);
	if (rc == 0 && r->o->pdfx)
		rc = pl_shop_check_page(&r->shop, rec, &items, &r->res->problems, err);
	pl_page_items_clear(&items);
	if (rc == 0 && r->o->print && !r->o->no_marks && !r->o->impose.sheet && !r->o->impose.tile)
		crop_marks(cr, r);
	cairo_restore(cr);
	if (rc == 0 && cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		pl_error_set(err, PL_EIO, "drawing failed: %s.", cairo_status_to_string(cairo_status(cr)));
		rc = -1;
	}
	return rc;
}

/* Threads for a batch (same output whichever): by default two more, the
 * records read and made ready ahead of the drawing (feed.h) and the QR
 * codes' rasters decoded by zbar (scanq.h), both on the second core while
 * this thread draws; PLACARD_THREADS=1 keeps everything on this thread. */
static bool threaded(void)
{
	const char *env = getenv("PLACARD_THREADS");

	return !(env && *env && strtol(env, NULL, 10) == 1);
}

static const char no_record[] =
	"no record could be rendered, so nothing was written. Fix the problems listed above.";

/* A record that cannot be rendered is left out and reported, with its
 * file, line and number; the others go on. */
static int skip_record(run *r, const pl_record *rec, pl_error *e, pl_error *err)
{
	if (e->code == PL_ENOMEM) {
		*err = *e;
		return -1;
	}
	pl_error_field(e, rec->index, NULL);
	pl_error_at(e, rec->source, rec->line, 0);
	e->code = PL_EINPUT;
	r->res->skipped++;
	if (pl_diag_add(&r->res->problems, e)) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	return 0;
}

static int draw_record(run *r, cairo_t *cr, const pl_record *rec, pl_error *err)
{
	return draw_side(r, cr, rec, false, err);
}

/* The back page of a record on a page of its own: where the duplex flip
 * puts it behind the front (turned 180° for a short-edge flip), moved by
 * --back-offset (duplex.h). */
static int draw_back_page(run *r, cairo_t *cr, const pl_record *rec, pl_error *err)
{
	int rc;

	cairo_save(cr);
	pl_duplex_sheet(cr, r->page_w, r->page_h, &r->o->impose);
	pl_duplex_design(cr, r->page_w);
	rc = draw_side(r, cr, rec, true, err);
	cairo_restore(cr);
	return rc;
}

/* A streamed sheet is full, or the last one is done: its marks, its cut
 * lines (operators and resources of the page, pdfstream.h), then the page;
 * for a double-sided layout then the back sheet, each back behind its
 * front (duplex.h). */
static int sheet_done(run *r, cairo_t *cr, pl_error *err)
{
	int rc = 0;

	if (!r->slot)
		return 0;
	pl_impose_marks(r->imp, cr);
	pl_impose_cut_ops(r->imp, r->slot, pl_pdfw_page_extra(r->stream), pl_pdfw_page_resources(r->stream));
	cairo_show_page(cr);
	if (r->held) {
		for (size_t k = 0; k < r->slot; k++) {
			if (rc == 0) {
				pl_page_use(r->pc_back, r->held[k].ready);
				cairo_save(cr);
				pl_duplex_slot(r->imp, &r->o->impose, cr, k, r->page_w);
				rc = draw_side(r, cr, r->held[k].rec, true, err);
				cairo_restore(cr);
				pl_page_use(r->pc_back, NULL);
			}
			pl_feed_item_free(&r->held[k]);
		}
		pl_duplex_marks(r->imp, &r->o->impose, cr);
		cairo_show_page(cr);
	}
	r->slot = 0;
	return rc;
}

/* A streamed banner page's grommet marks (grommets.h), with the resources
 * they name, in cairo's y-down page space. */
static void grommet_ops(run *r)
{
	pl_buf *res = pl_pdfw_page_resources(r->stream);

	pl_grommet_ops(pl_pdfw_page_extra(r->stream), r->margin, r->margin, r->layout->trim_w, r->layout->trim_h);
	pl_buf_printf(res, "/ColorSpace /PlGrommet %s\n/ExtGState /PlGrommetGS %s\n", pl_grommet_cs, pl_grommet_gs);
}

static cairo_status_t to_nothing(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

/* Render the feed's records into one document: a PDF through r->stream,
 * into `out` (PDF, SVG, PNG), or nowhere when out is NULL (check). */
static int render_doc(run *r, fmt f, pl_feed *feed, pl_buf *out, pl_error *err)
{
	cairo_surface_t *s;
	cairo_t *cr;
	int rc = 0;
	double scale = f == FMT_PNG ? r->dpi / 72.0 : 1;
	pl_buf *links = NULL, scratch[2] = {{0}};

	double page_w = r->sheet ? r->sheet->paper_w : r->page_w, page_h = r->sheet ? r->sheet->paper_h : r->page_h;

	r->drawn = 0;
	r->slot = 0;
	if (r->sheet && !(f == FMT_PDF && r->stream)) {
		pl_error_set(err, PL_EIO, "sheets are streamed into PDF files only. This is a bug in placard; please report it.");
		return -1;
	}
	if (r->sheet && r->pc_back && !(r->held = calloc(r->sheet->n, sizeof *r->held))) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	if (!out) {
		/* A check draws what a render would, QR operators and links
		 * included, into scratch buffers emptied after every page. */
		s = cairo_pdf_surface_create_for_stream(to_nothing, NULL, r->page_w, r->page_h);
		pl_qr_attach_ops(s, &scratch[0]);
		pl_qr_attach_links(s, links = &scratch[1]);
	} else if (f == FMT_PDF && r->stream) {
		s = cairo_pdf_surface_create_for_stream(pl_pdfw_write, r->stream, page_w, page_h);
		pl_qr_attach_ops(s, pl_pdfw_page_extra(r->stream)); /* QR codes as a few operators of our own (qr.h) */
		pl_qr_attach_zpieces(s, pl_pdfw_page_zpieces(r->stream)); /* ... compressed on the second core */
		/* and their links as annotations of our own (pdfstream.h) */
		pl_qr_attach_links(s, links = pl_pdfw_page_links(r->stream));
	} else {
		s = rn_memory_surface(f, out, r->page_w, r->page_h, scale);
	}
	if (f == FMT_PDF) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "placard " PL_VERSION);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
	}
	cr = cairo_create(s);
	if (f == FMT_PDF && !links)
		cairo_tag_begin(cr, "Document", NULL); /* PRINT-NOTES: else link-only docs dangle */
	cairo_scale(cr, scale, scale);
	if (f != FMT_PNG && threaded())
		r->qa.q = pl_scanq_start(); /* NULL: zbar runs on this thread */
	while (rc == 0) {
		pl_feed_item it;
		pl_error e = {0};
		bool kept = false;
		int got = pl_feed_take(feed, &it, err);

		if (got <= 0) {
			rc = got;
			break;
		}
		r->done++;
		if (!it.ready) {
			rc = skip_record(r, it.rec, &it.e, err);
		} else {
			pl_page_use(r->pc, it.ready);
			if (r->pc_back)
				pl_page_use(r->pc_back, it.ready);
			if (pl_page_prepare(r->pc, it.rec, &e) ||
			    (r->pc_back && pl_page_prepare(r->pc_back, it.rec, &e))) {
				rc = skip_record(r, it.rec, &e, err);
			} else { /* (a PNG is one record: one page) */
				if (r->stream && !r->drawn)
					pl_pdfw_set_title(r->stream, pl_page_title(it.rec));
				if (r->sheet) {
					cairo_save(cr);
					pl_impose_slot(r->imp, cr, r->slot++);
				}
				if (r->back_side && r->pc_back && f != FMT_PDF)
					rc = draw_back_page(r, cr, it.rec, err); /* PNG, SVG: the back asked for */
				else
					rc = draw_record(r, cr, it.rec, err);
				if (r->sheet)
					cairo_restore(cr);
				if (rc == 0 && r->held) { /* its back goes on the back sheet */
					r->held[r->slot - 1] = it;
					kept = true;
				}
				if (rc == 0 && r->sheet && r->slot == r->sheet->n)
					rc = sheet_done(r, cr, err);
				else if (rc == 0 && f != FMT_PNG && !r->sheet) {
					if (r->grommets && r->stream)
						grommet_ops(r);
					cairo_show_page(cr);
				}
				/* the back on the next page (PNG, SVG: in a file of its own) */
				if (rc == 0 && r->pc_back && !r->sheet && f == FMT_PDF) {
					rc = draw_back_page(r, cr, it.rec, err);
					if (rc == 0)
						cairo_show_page(cr);
				}
				scratch[0].len = scratch[1].len = 0;
				if (rc == 0 && r->stream && !r->slot && pl_pdfw_page_extra(r->stream)->len) {
					/* cairo did not write the page when shown: its QR
					 * code would land on another page. */
					pl_error_set(err, PL_EIO, "could not produce the output: a page was not written in order. This is a bug in placard; please report it.");
					rc = -1;
				}
				if (rc == 0)
					r->drawn++;
			}
			pl_page_use(r->pc, NULL);
			if (r->pc_back)
				pl_page_use(r->pc_back, NULL);
		}
		if (!kept)
			pl_feed_item_free(&it);
		if (r->o->progress)
			r->o->progress(r->o->progress_ctx, r->done, r->total);
	}
	if (rc == 0 && r->sheet)
		rc = sheet_done(r, cr, err); /* the last sheet, not full */
	for (size_t k = 0; r->held && k < r->slot; k++) /* after a failure */
		pl_feed_item_free(&r->held[k]);
	if (r->qa.q) {
		/* every verdict back, its findings in place, before anyone reads them */
		if (pl_preflight_settle(&r->qa, err))
			rc = -1;
		pl_scanq_stop(r->qa.q);
		r->qa = (pl_qr_async){0};
	}
	if (f == FMT_PDF && !links)
		cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	if (rc == 0 && f == FMT_PNG && r->drawn)
		cairo_surface_write_to_png_stream(s, rn_to_buf, out);
	cairo_surface_finish(s);
	if (rc == 0 && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || (out && out->oom))) {
		pl_error_set(err, out && out->oom ? PL_ENOMEM : PL_EIO, "could not produce the output: %s.",
			     cairo_status_to_string(cairo_surface_status(s)));
		rc = -1;
	}
	cairo_surface_destroy(s);
	free(r->held);
	r->held = NULL;
	pl_buf_free(&scratch[0]);
	pl_buf_free(&scratch[1]);
	r->res->rendered += rc == 0 ? r->drawn : 0;
	return rc;
}

/* cairo's PDF post-processed (pdfpost.c), converted for --cmyk or --pdfx;
 * before imposition. */
static int convert_pdf(run *r, const pl_record *first, pl_buf *doc, unsigned char **pdf, size_t *n,
		       pl_error *err)
{
	pl_pdf_meta m = {.title = pl_page_title(first), .date = rn_doc_date()};

	m.cmyk_map = pl_page_cmyk_map(r->pc, &m.n_cmyk); /* colours written cmyk(…) */
	if (r->o->print && !r->o->impose.sheet && !r->o->impose.tile) {
		double mg = r->margin, W = r->layout->trim_w, H = r->layout->trim_h, b = r->bleed;
		double t[4] = {mg, mg, mg + W, mg + H}, bb[4] = {mg - b, mg - b, mg + W + b, mg + H + b};
		memcpy(m.trim, t, sizeof t);
		memcpy(m.bleed, bb, sizeof bb);
		m.grommets = r->grommets;
	}
	if (r->o->pdfx)
		return pl_pdfx_pdf((unsigned char *)doc->s, doc->len, &m, (pl_pdfx)r->o->pdfx, &r->press, pdf, n, err);
	if (r->o->cmyk)
		return pl_cmyk_pdf((unsigned char *)doc->s, doc->len, &m, pdf, n, err);
	return pl_pdf_finish((unsigned char *)doc->s, doc->len, &m, pdf, n, err);
}

/* Post-process (PDF) and write one file; `pdf` when already converted
 * (--pdfx: checked before anything is written), taken over. */
static int finish_file(run *r, fmt f, const char *path, const pl_record *first, pl_buf *doc,
		       unsigned char *pdf, size_t n, pl_error *err)
{
	int rc;

	if (f == FMT_PDF) {
		if (!pdf && convert_pdf(r, first, doc, &pdf, &n, err))
			return -1;
		/* Imposition comes last, so a CMYK conversion never touches the
		 * cut line's spot colour. */
		if (r->imp && pl_impose_apply(r->imp, r->fonts, &pdf, &n, err)) {
			free(pdf);
			return -1;
		}
		/* --pdfx: the marks and labels imposition drew are black in RGB;
		 * as DeviceGray they stay black ink only and PDF/X allows them. */
		if (r->imp && r->o->pdfx) {
			pl_pdf_meta m = {.title = pl_page_title(first), .date = rn_doc_date(), .gray_black = 1};
			unsigned char *g = NULL;
			size_t gn = 0;
			int grc = pl_pdf_finish(pdf, n, &m, &g, &gn, err);
			free(pdf);
			if (grc)
				return -1;
			pdf = g;
			n = gn;
		}
		rc = rn_write_atomic(path, pdf, n, err);
		free(pdf);
	} else {
		if (f == FMT_PNG && rn_png_srgb(doc, err))
			return -1;
		rc = rn_write_atomic(path, doc->s, doc->len, err);
	}
	if (rc == 0)
		r->res->files++;
	return rc;
}

static int render_streamed(run *r, const char *path, pl_feed *feed, pl_atomic **at, int anonymous,
			   pl_error *err)
{
	pl_pdf_meta m = {.date = rn_doc_date(), .page_h = r->sheet ? r->sheet->paper_h : r->page_h};
	FILE *fp = rn_temp_beside(path, at, anonymous, err);
	pl_buf unused = {0}; /* cairo writes to the stream, not here */
	int rc = -1;

	if (!fp)
		return -1;
	if (r->o->print && !r->sheet) {
		double mg = r->margin, W = r->layout->trim_w, H = r->layout->trim_h, b = r->bleed;
		double t[4] = {mg, mg, mg + W, mg + H}, bb[4] = {mg - b, mg - b, mg + W + b, mg + H + b};
		memcpy(m.trim, t, sizeof t);
		memcpy(m.bleed, bb, sizeof bb);
	}
	r->stream = pl_pdfw_new(fp, &m);
	if (!r->stream)
		pl_error_set(err, PL_ENOMEM, "out of memory.");
	else if (render_doc(r, FMT_PDF, feed, &unused, err) == 0 && r->drawn &&
		 pl_pdfw_finish(r->stream, err) == 0)
		rc = 0;
	pl_pdfw_free(r->stream);
	r->stream = NULL;
	if (fclose(fp) != 0 && rc == 0) {
		pl_error_set(err, PL_EIO, "cannot write the output (%s). Free some disk space or choose another folder.",
			     strerror(errno));
		rc = -1;
	}
	if (rc) {
		if (err->code != PL_OK) /* else: no record could be drawn; the caller says so */
			pl_error_at(err, path, 0, 0);
		pl_atomic_abort(*at);
		free(*at);
		*at = NULL;
	} else {
		pl_atomic_park(*at);
	}
	return rc;
}

/* A finished temporary file becomes `path`: permissions as for a new
 * file, on disk, then renamed over it in one step (atomic.h). */
typedef struct job {
	char *path;
	const pl_record **recs;
	size_t n;
	bool back;             /* PNG, SVG of a double-sided layout: the back's file */
	pl_buf doc;
	pl_atomic *at;         /* streamed PDF: the finished temporary file */
	unsigned char *pdf;    /* --pdfx: converted and checked, not yet written */
	size_t pdf_n;
} job;

int pl_render_source(const pl_render_opts *o, pl_source *src, pl_render_result *res, pl_error *err)
{
	pl_records held = {0};
	run r = {.o = o, .res = res};
	const pl_record **ok = NULL;
	size_t n_ok = 0, n_jobs = 0;
	job *jobs = NULL;
	fmt f = FMT_PDF;
	int rc = -1;
	pl_page_opts po = {.datadir = o->datadir, .lang = o->lang, .theme = o->theme,
			   .latin_digits = o->latin_digits, .cmyk_colors = o->cmyk || o->pdfx};
	rn_sched sched = {0};
	pl_feed *feed = NULL;
	bool streamed;

	memset(res, 0, sizeof *res);
	/* The time zone is read here, before any thread starts: ICU (dates,
	 * on the reading thread) and cairo (this one) both read it, and the
	 * first read sets up libc's copy. */
	tzset();
	if (o->out && rn_out_format(o->out, &f, err))
		return -1;
	if (o->out && (o->cmyk || o->pdfx) && f != FMT_PDF) {
		pl_error_set(err, PL_EUSAGE, "%s makes PDF files only; PNG and SVG are for screens and office printers. Give -o a name ending in .pdf, or leave out %s.",
			     o->pdfx ? "--pdfx" : "--cmyk", o->pdfx ? "--pdfx" : "--cmyk");
		return -1;
	}
	r.layout = pl_layout_load(o->datadir, o->layout, err);
	if (!r.layout)
		return -1;
	r.bleed = o->print ? (o->bleed_pt >= 0 ? o->bleed_pt : r.layout->bleed) : 0;
	r.margin = o->print ? r.bleed + (o->no_marks ? 0 : (PL_CROP_MARK_GAP_MM + PL_CROP_MARK_LEN_MM) * PL_MM_TO_PT) : 0;
	/* --pdfx: the press profile is found before anything is drawn, so a
	 * missing one costs no time and writes nothing. */
	if (o->pdfx &&
	    pl_press_find(o->datadir, o->intent ? (pl_intent)o->intent : pl_intent_for_size(r.layout->trim_w, r.layout->trim_h),
			  &r.press, err))
		goto done;
	if (o->impose.sheet || o->impose.tile) {
		/* Designs for a sheet carry their bleed (impose.c lets it run
		 * half way into the gaps) and no marks of their own; tiles are
		 * cut from the poster's trim. */
		if (o->out && f != FMT_PDF) {
			pl_error_set(err, PL_EUSAGE, "--sheet and --tile make PDF files. Give -o a name ending in .pdf.");
			goto done;
		}
		r.bleed = o->impose.tile ? 0 : o->bleed_pt >= 0 ? o->bleed_pt : r.layout->bleed;
		r.margin = r.bleed;
	}
	if (o->out && f == FMT_PDF && (o->impose.sheet || o->impose.tile || (o->print && r.layout->shape))) {
		r.imp = pl_impose_new(o->datadir, &o->impose, r.layout, o->print, r.bleed, r.margin, err);
		if (!r.imp)
			goto done;
	}
	r.shop = (pl_shop_check){.pdfx = o->pdfx, .ink_limit = o->ink_limit > 0 ? o->ink_limit : PL_INK_LIMIT,
				 .layout = r.layout, .offset = r.margin};
	r.page_w = r.layout->trim_w + 2 * r.margin;
	r.page_h = r.layout->trim_h + 2 * r.margin;
	r.dpi = r.layout->px && !o->print ? PL_PX_DPI : o->dpi;
	r.grommets = o->print && f == FMT_PDF && !o->impose.sheet && !o->impose.tile && r.layout->kind &&
		     !strcmp(r.layout->kind, "banner");
	if (o->out && f == FMT_PNG && rn_raster_ok(r.page_w, r.page_h, r.dpi, o->out, err))
		goto done;
	po.bleed = r.bleed;
	r.po = po;
	if (pl_layout_is_schedule(r.layout)) {
		/* One page (or a few) listing every event: all read first. */
		if (!(r.fonts = rn_fonts(o, err)) || !(r.pc = pl_page_ctx_new(r.layout, r.fonts, &po, err)) ||
		    rn_schedule(r.pc, src, res, &sched, err))
			goto done;
		src = sched.src;
	}
	r.total = pl_source_count(src);
	/* A check, or one plain PDF: records are read, drawn and let go one at
	 * a time, the file streamed to disk (pdfstream.h). They start being
	 * read, checked and made ready (dates, QR codes) on the second core
	 * now, while this one loads the fonts. */
	/* N-up sheets are streamed too (impose.h), drawn slot by slot. */
	r.sheet = o->out && f == FMT_PDF && !o->cmyk && !o->pdfx ? pl_impose_stream_plan(r.imp) : NULL;
	/* check --pdfx holds the records too: its ink check needs the PDF. */
	streamed = (!o->out && !o->pdfx) ||
		   (o->out && f == FMT_PDF && !strchr(o->out, '{') && !o->cmyk && !o->pdfx && (!r.imp || r.sheet));
	if (!streamed)
		r.sheet = NULL;
	if (r.layout->back && o->impose.sheet && !r.sheet) {
		pl_error_set(err, PL_EUSAGE, "the layout '%s' is double-sided: its sheets are made with their backs as one "
			     "plain PDF file. Leave out --fill, --cmyk and a {field} pattern in -o when you use --sheet "
			     "with it.", r.layout->name);
		goto done;
	}
	if (streamed) {
		r.po.qr_ops = o->out != NULL;
		feed = pl_feed_start(src, r.layout, &r.po, threaded(), err);
		if (!feed)
			goto done;
	}
	if (!r.fonts && !(r.fonts = rn_fonts(o, err)))
		goto done;
	if (!r.pc && !(r.pc = pl_page_ctx_new(r.layout, r.fonts, &po, err)))
		goto done;
	res->two_sided = r.layout->back && (f == FMT_PDF || o->side == PL_SIDE_BOTH);
	if (r.layout->back && !(r.pc_back = pl_page_ctx_new(r.layout->back, r.fonts, &po, err)))
		goto done;

	if (streamed) {
		pl_atomic *at = NULL;
		if (!o->out)
			rc = render_doc(&r, FMT_PDF, feed, NULL, err);
		else
			rc = render_streamed(&r, o->out, feed, &at, 1, err);
		pl_feed_stop(feed);
		feed = NULL;
		if (!r.drawn && err->code == PL_OK) {
			pl_error_set(err, PL_EINPUT, "%s", no_record);
			rc = -1;
		}
		if (rc == 0 && at && !(o->strict && pl_diag_failing(&res->problems, 1))) {
			rc = rn_put_in_place(at, err);
			at = NULL;
			res->files += rc == 0;
		} else if (at) { /* --strict with problems: nothing is written */
			pl_atomic_abort(at);
			free(at);
		}
		goto done;
	}

	/* Otherwise every record is held (file names, PNG pages, imposition). */
	for (;;) {
		pl_error e = {0};
		pl_record *rec = pl_source_next(src, &e);
		if (!rec && e.code != PL_OK) {
			*err = e;
			goto done;
		}
		if (!rec)
			break;
		if (pl_records_push(&held, rec)) {
			pl_record_free(rec);
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			goto done;
		}
	}

	/* 1. Validate: a bad record is skipped and reported, the rest go on. */
	ok = calloc(held.n ? held.n : 1, sizeof *ok);
	if (!ok) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		goto done;
	}
	for (size_t i = 0; i < held.n; i++) {
		pl_error e = {0};
		if (pl_record_validate(held.v[i], &e) == 0 && pl_page_prepare(r.pc, held.v[i], &e) == 0 &&
		    (!r.pc_back || pl_page_prepare(r.pc_back, held.v[i], &e) == 0))
			ok[n_ok++] = held.v[i];
		else if (skip_record(&r, held.v[i], &e, err))
			goto done;
	}
	if (!n_ok) {
		pl_error_set(err, PL_EINPUT, "%s", no_record);
		goto done;
	}
	/* 2. Group records into files. */
	jobs = calloc(2 * n_ok, sizeof *jobs);
	if (!jobs) {
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		goto done;
	}
	if (!o->out || (!strchr(o->out, '{') && f == FMT_PDF)) {
		jobs[0] = (job){.path = pl_strdup(o->out ? o->out : ""), .recs = ok, .n = n_ok};
		n_jobs = 1;
	} else {
		for (size_t i = 0; i < n_ok; i++) {
			char *p = strchr(o->out, '{') ? rn_pattern_name(o->out, ok[i])
				  : n_ok > 1 ? rn_numbered(o->out, i + 1) : pl_strdup(o->out);
			/* Two records with the same name: number the later ones. */
			for (size_t k = 2; p && k < n_ok + 2; k++) {
				bool clash = false;
				for (size_t j = 0; j < n_jobs && !clash; j++)
					clash = !strcmp(jobs[j].path, p);
				if (!clash)
					break;
				{
					char *q = rn_numbered(p, k);
					free(p);
					p = q;
				}
			}
			jobs[n_jobs++] = (job){.path = p, .recs = ok + i, .n = 1};
		}
	}
	/* PNG and SVG of a double-sided layout: each back in a file of its own
	 * beside its front's, NAME-back.png. */
	if (f != FMT_PDF && r.layout->back && o->side == PL_SIDE_BOTH) {
		size_t n_front = n_jobs;
		for (size_t j = 0; j < n_front && jobs[j].path; j++) {
			const char *ext = pl_path_ext(jobs[j].path);
			pl_buf b = {0};
			pl_buf_add(&b, jobs[j].path, (size_t)(ext - jobs[j].path));
			pl_buf_printf(&b, "-back%s", ext);
			jobs[n_jobs++] = (job){.path = pl_buf_take(&b), .recs = jobs[j].recs, .n = jobs[j].n, .back = true};
		}
		res->side_files = true;
	}
	for (size_t j = 0; j < n_jobs; j++)
		if (!jobs[j].path) {
			pl_error_set(err, PL_ENOMEM, "out of memory.");
			goto done;
		}

	/* 3. Draw everything first (plain PDF straight into temporary files,
	 * the rest in memory): under --strict a finding means nothing is
	 * written at all, and findings are known only once drawn. */
	for (size_t j = 0; j < n_jobs; j++) {
		bool to_file = f == FMT_PDF && !o->cmyk && !o->pdfx && !r.imp;
		r.back_side = o->side == PL_SIDE_BACK || jobs[j].back;
		pl_source *js = pl_source_new();
		pl_records lent = {.v = (pl_record **)jobs[j].recs, .n = jobs[j].n};
		pl_feed *jf = js && !pl_source_add_records(js, &lent, err)
			      ? pl_feed_start(js, r.layout, &r.po, threaded() && jobs[j].n > 1, err) : NULL;
		int jrc = !jf ? -1
			  : to_file ? render_streamed(&r, jobs[j].path, jf, &jobs[j].at, n_jobs <= PL_MAX_OPEN_TEMPS, err)
				    : render_doc(&r, f, jf, &jobs[j].doc, err);
		pl_feed_stop(jf);
		pl_source_free(js);
		if (!js)
			pl_error_set(err, PL_ENOMEM, "out of memory.");
		/* --pdfx: converted now, so the print shop's findings count for
		 * --strict like the others */
		if (!jrc && o->pdfx && f == FMT_PDF &&
		    (convert_pdf(&r, jobs[j].recs[0], &jobs[j].doc, &jobs[j].pdf, &jobs[j].pdf_n, err) ||
		     pl_shop_check_pdf(&r.shop, jobs[j].pdf, jobs[j].pdf_n, (unsigned char *)jobs[j].doc.s, jobs[j].doc.len,
				       jobs[j].recs, jobs[j].n, &res->problems, err)))
			jrc = -1;
		if (jrc)
			goto done;
		if (jobs[j].back) /* the records were counted with their fronts */
			res->rendered -= r.drawn;
	}
	if (!o->out) { /* check --pdfx: nothing is written */
		rc = 0;
		goto done;
	}
	if (o->strict && pl_diag_failing(&res->problems, 1)) {
		rc = 0;
		goto done;
	}
	for (size_t j = 0; j < n_jobs; j++) {
		if (jobs[j].at) {
			pl_atomic *at = jobs[j].at;
			jobs[j].at = NULL;
			if (rn_put_in_place(at, err))
				goto done;
			res->files++;
			continue;
		}
		{
			unsigned char *pdf = jobs[j].pdf;
			jobs[j].pdf = NULL;
			if (finish_file(&r, f, jobs[j].path, jobs[j].recs[0], &jobs[j].doc, pdf, jobs[j].pdf_n, err))
				goto done;
		}
		pl_buf_free(&jobs[j].doc);
	}
	rc = 0;
done:
	pl_feed_stop(feed); /* before the layout it reads goes */
	for (size_t j = 0; j < n_jobs; j++) {
		free(jobs[j].path);
		free(jobs[j].pdf);
		pl_buf_free(&jobs[j].doc);
		if (jobs[j].at) { /* not put in place: --strict, or a failure */
			pl_atomic_abort(jobs[j].at);
			free(jobs[j].at);
		}
	}
	free(jobs);
	free(ok);
	pl_impose_free(r.imp);
	rn_schedule_free(&sched);
	pl_page_ctx_free(r.pc);
	pl_page_ctx_free(r.pc_back);
	pl_fonts_free(r.fonts);
	pl_layout_free(r.layout);
	pl_records_free(&held);
	/* The QR decode cache (scan.c) is per thread and serves one batch: a
	 * server's request threads would otherwise keep it after they end (1.3 MB
	 * per 52 pages, found by make sanitize on t_serve.sh). */
	pl_scan_cache_clear();
	return rc;
}

int pl_render(const pl_render_opts *o, const pl_records *recs, pl_render_result *res, pl_error *err)
{
	pl_source *src = pl_source_new();
	int rc;

	memset(res, 0, sizeof *res);
	if (!src || pl_source_add_records(src, recs, err)) {
		pl_source_free(src);
		pl_error_set(err, PL_ENOMEM, "out of memory.");
		return -1;
	}
	rc = pl_render_source(o, src, res, err);
	pl_source_free(src);
	return rc;
}

void pl_render_result_free(pl_render_result *res)
{
	pl_diag_free(&res->problems);
}
