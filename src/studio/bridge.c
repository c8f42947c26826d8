/* bridge.c — the studio's calls into render/: GET /api/meta (the layouts
 * with their sizes, the themes) and POST /api/render (a preview PNG with
 * its findings, or a download: PDF, print-shop PDF, PNG, data as YAML). */
#include "studio/serve_int.h"
#include "layout/events.h"

/* ---- GET /api/meta ---- */

enum MHD_Result st_do_meta(pl_serve *s, struct MHD_Connection *c)
{
	char **names = pl_layout_list(s->datadir), **themes = pl_theme_list(s->datadir);
	pl_buf b = {0};
	bool first = true;

	pl_buf_printf(&b, "{\"version\": \"%s\", \"limits\": {\"image_bytes\": %ld, \"file_bytes\": %ld, "
		      "\"form_bytes\": %ld}, \"layouts\": [", PL_VERSION, (long)PL_MAX_IMAGE_BYTES,
		      (long)PL_MAX_FILE_BYTES, (long)PL_SERVE_MAX_BODY_BYTES);
	for (size_t i = 0; names && names[i]; i++) {
		pl_error e = {0};
		pl_layout *l = pl_layout_load(s->datadir, names[i], &e);
		if (!l)
			continue; /* a broken layout file is the CLI's to report */
		pl_buf_puts(&b, first ? "\n  {\"name\": " : ",\n  {\"name\": ");
		first = false;
		st_json_str(&b, l->name ? l->name : names[i]);
		pl_buf_puts(&b, ", \"kind\": ");
		st_json_str(&b, l->kind ? l->kind : "");
		pl_buf_puts(&b, ", \"description\": ");
		st_json_str(&b, l->description ? l->description : "");
		pl_buf_printf(&b, ", \"two_sided\": %s", l->back ? "true" : "false");
		pl_buf_printf(&b, ", \"width_mm\": %g, \"height_mm\": %g, \"theme\": ",
			      round(l->trim_w / PL_MM_TO_PT * 10) / 10, round(l->trim_h / PL_MM_TO_PT * 10) / 10);
		st_json_str(&b, l->theme ? l->theme : "");
		if (l->px) /* a screen image: its size in pixels */
			pl_buf_printf(&b, ", \"width_px\": %g, \"height_px\": %g", round(l->trim_w / PL_PX_TO_PT),
				      round(l->trim_h / PL_PX_TO_PT));
		pl_buf_puts(&b, "}");
		pl_layout_free(l);
	}
	pl_buf_puts(&b, "],\n\"themes\": [");
	for (size_t i = 0; themes && themes[i]; i++) {
		if (i)
			pl_buf_puts(&b, ", ");
		st_json_str(&b, themes[i]);
	}
	/* Pre-cut label sheets for --sheet, by name (assets/label-sheets.yaml). */
	pl_buf_puts(&b, "],\n\"label_sheets\": [");
	{
		pl_buf p = {0};
		pl_error e = {0};
		pl_node *root;
		const pl_node *list;
		pl_buf_printf(&p, "%s/assets/label-sheets.yaml", s->datadir);
		root = p.s ? pl_yaml_load(p.s, &e) : NULL;
		list = root && root->kind == PL_NODE_MAP ? pl_node_get(root, "sheets") : NULL;
		for (size_t i = 0, w = 0; list && list->kind == PL_NODE_SEQ && i < list->n; i++) {
			const char *name = list->kids[i]->kind == PL_NODE_MAP ? pl_node_str(list->kids[i], "name") : NULL;
			const char *product = name ? pl_node_str(list->kids[i], "product") : NULL;
			if (!name || !st_lang_ok(name))
				continue;
			pl_buf_puts(&b, w++ ? ", {\"name\": " : "{\"name\": ");
			st_json_str(&b, name);
			pl_buf_puts(&b, ", \"product\": ");
			st_json_str(&b, product ? product : name);
			pl_buf_puts(&b, "}");
		}
		pl_node_free(root);
		pl_buf_free(&p);
	}
	/* Print-shop presets for the print-shop download (render/shop.h). */
	pl_buf_puts(&b, "],\n\"shops\": [");
	{
		char list[512], *save = NULL;
		size_t w = 0;
		pl_shop_names(s->datadir, list, sizeof list);
		for (char *nm = strtok_r(list, ", ", &save); nm; nm = strtok_r(NULL, ", ", &save)) {
			pl_shop sh;
			pl_error e = {0};
			if (!st_lang_ok(nm) || pl_shop_find(s->datadir, nm, &sh, &e))
				continue;
			pl_buf_puts(&b, w++ ? ", {\"name\": " : "{\"name\": ");
			st_json_str(&b, sh.name);
			pl_buf_puts(&b, ", \"description\": ");
			st_json_str(&b, sh.description);
			pl_buf_puts(&b, "}");
		}
	}
	pl_buf_puts(&b, "]}\n");
	st_free_names(names);
	st_free_names(themes);
	return st_reply_json(c, 200, &b);
}

/* ---- POST /api/render ---- */

typedef enum out_kind { OUT_PREVIEW, OUT_PDF, OUT_PRINT, OUT_PNG, OUT_YAML } out_kind;

enum MHD_Result st_do_render(pl_serve *s, struct MHD_Connection *c, req *r)
{
	static const struct { const char *name; out_kind k; } kinds[] = {
		{"preview", OUT_PREVIEW}, {"pdf", OUT_PDF}, {"print", OUT_PRINT}, {"png", OUT_PNG}, {"yaml", OUT_YAML},
	};
	pl_error e = {0};
	pl_node *root;
	const pl_node *rec_node;
	const char *fmt, *layout, *theme, *lang, *sheet, *bleed, *logo_id, *image_id, *rtheme, *missing = NULL;
	const char *shop_name;
	pl_shop shop = {.bleed_pt = -1};
	out_kind kind = OUT_PREVIEW;
	bool found = false, print;
	char **names = NULL, **themes = NULL;
	pl_records recs = {0};
	pl_render_opts ro = {0};
	pl_render_result res = {0};
	double bleed_pt = -1, dpi = 150;
	char out[PATH_MAX + 64], fname[160], sl[64], qr_logo_name[128] = "";
	enum MHD_Result ret;
	pl_buf b = {0};
	char *data = NULL;
	bool two_sided = false;  /* the layout has a back: the preview shows both sides */
	size_t len = 0;
	unsigned long n;
	int rc;

	root = pl_yaml_parse("form", r->body.s ? r->body.s : "", r->body.len, &e);
	if (!root)
		return st_reply_error(c, 400, "the request is not valid JSON: %s", e.msg);
	if (root->kind != PL_NODE_MAP) {
		ret = st_reply_error(c, 400, "the request must be a JSON object with \"record\" and options.");
		goto done;
	}
	fmt = st_opt_str(root, "format");
	for (size_t i = 0; fmt && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(fmt, kinds[i].name))
			kind = kinds[i].k, found = true;
	if (fmt && !found) {
		ret = st_reply_error(c, 400, "unknown format '%s': use preview, pdf, print, png or yaml.", fmt);
		goto done;
	}
	rec_node = pl_node_get(root, "record");
	if (!rec_node || rec_node->kind != PL_NODE_MAP) {
		ret = st_reply_error(c, 400, "the request holds no \"record\" object with the event's fields.");
		goto done;
	}
	/* Layout and theme by built-in name only: never a path from outside. */
	layout = st_opt_str(root, "layout");
	names = pl_layout_list(s->datadir);
	if (!layout)
		layout = "flyer-a5";
	if (!st_name_in(names, layout)) {
		ret = st_reply_error(c, 422, "there is no built-in layout called '%s'. Pick one from the list.", layout);
		goto done;
	}
	themes = pl_theme_list(s->datadir);
	theme = st_opt_str(root, "theme");
	rtheme = pl_node_str(rec_node, "theme");
	if ((theme && !st_name_in(themes, theme)) || (rtheme && *rtheme && !st_name_in(themes, rtheme))) {
		ret = st_reply_error(c, 422, "there is no built-in theme called '%s'. Pick one from the list.",
				  theme && !st_name_in(themes, theme) ? theme : rtheme);
		goto done;
	}
	lang = st_opt_str(root, "lang");
	if (lang && !st_lang_ok(lang)) {
		ret = st_reply_error(c, 422, "'%s' is not a language code. Write it like en, ar or pt-BR.", lang);
		goto done;
	}
	print = kind == OUT_PRINT || st_opt_bool(root, "print");
	bleed = st_opt_str(root, "bleed");
	if (print && bleed && (pl_parse_length(bleed, 0, &bleed_pt) || bleed_pt < 0 || bleed_pt > 25 * PL_MM_TO_PT)) {
		ret = st_reply_error(c, 422, "the bleed '%s' is not between 0 and 25 mm (e.g. 3, 5mm, 0.125in).", bleed);
		goto done;
	}
	/* --shop, for the print-shop download: a preset by name only */
	shop_name = kind == OUT_PRINT ? st_opt_str(root, "shop") : NULL;
	if (shop_name && (!st_lang_ok(shop_name) || pl_shop_find(s->datadir, shop_name, &shop, &e))) {
		pl_error_clear(&e);
		ret = st_reply_error(c, 422, "there is no print-shop preset called '%s'. Pick one from the list.", shop_name);
		goto done;
	}
	if (shop_name && bleed_pt < 0)
		bleed_pt = shop.bleed_pt;
	sheet = st_opt_str(root, "sheet");
	if (sheet && !st_lang_ok(sheet)) {
		/* a paper or label-sheet name, never a path */
		ret = st_reply_error(c, 422, "'%s' is not a sheet name: use A4, letter or A3.", sheet);
		goto done;
	}

	/* The record: the same reader as a file, then file fields from uploads. */
	/* One event, or a campaign with its events (a schedule's list). */
	if (pl_data_from_tree("form", rec_node, &recs, &e) || !recs.n ||
	    (recs.n > 1 && !pl_node_get(rec_node, "events"))) {
		char msg[1400];
		if (!e.code)
			pl_error_set(&e, PL_EINPUT, "the studio shows one event at a time.");
		e.file[0] = '\0';
		e.line = e.col = 0;
		pl_error_format(&e, msg, sizeof msg);
		pl_buf_puts(&b, "{\"error\": ");
		st_json_str(&b, msg);
		pl_buf_puts(&b, ", \"field\": ");
		st_json_str(&b, e.field);
		pl_buf_puts(&b, "}\n");
		ret = st_reply_json(c, st_status_for(&e), &b);
		goto done;
	}
	for (size_t i = 0; i < recs.n; i++)
		st_drop_file_fields(recs.v[i]);
	logo_id = st_opt_str(root, "logo");
	image_id = st_opt_str(root, "image");
	pthread_mutex_lock(&s->lock);
	for (int i = 0; i < 2; i++) {
		const char *id = i ? image_id : logo_id, *field = i ? "image" : "logo";
		const upload *u = id ? st_find_upload(s, id) : NULL;
		if (!id)
			continue;
		if (!u) {
			missing = field;
			break;
		}
		for (size_t k = 0; k < recs.n; k++)
			if (pl_record_set(recs.v[k], field, NULL, u->path, 0, 0))
				b.oom = true;
		/* the YAML names the picture by its own name, beside the file */
		pl_buf_printf(&b, "%s: ", field);
		st_yaml_quoted(&b, u->name);
		pl_buf_puts(&b, "  # keep this picture next to this file\n");
	}
	/* The logo in the QR code (qr.logo): the uploaded logo, never a path
	 * from the request (file fields were dropped above). */
	if (!missing && st_opt_bool(root, "qr_logo") && logo_id) {
		const upload *u = st_find_upload(s, logo_id);
		if (u && pl_record_set(recs.v[0], "qr.logo", NULL, u->path, 0, 0))
			b.oom = true;
		if (u)
			snprintf(qr_logo_name, sizeof qr_logo_name, "%s", u->name);
	}
	n = ++s->counter;
	pthread_mutex_unlock(&s->lock);
	if (missing || b.oom) {
		ret = b.oom ? st_reply_error(c, 500, "out of memory.")
			: st_reply_error(c, 422, "the %s picture is no longer on the server (it keeps the last %d uploads). "
				      "Choose the file again.", missing, PL_SERVE_MAX_UPLOADS);
		goto done;
	}
	st_slug(sl, sizeof sl, pl_record_get(recs.v[0], pl_record_get(recs.v[0], "campaign.title") ? "campaign.title" : "title"));

	if (kind == OUT_YAML) {
		pl_buf y = {0};
		pl_buf_printf(&y, "# Event data saved by placard %s's studio. Render it with:\n"
			      "#   placard render %s.yaml -l %s\n", PL_VERSION, sl, layout);
		st_yaml_record(&y, rec_node, qr_logo_name[0] ? qr_logo_name : NULL);
		pl_buf_add(&y, b.s ? b.s : "", b.len);
		pl_buf_free(&b);
		snprintf(fname, sizeof fname, "%s.yaml", sl);
		len = y.len;
		if (y.oom) {
			pl_buf_free(&y);
			ret = st_reply_error(c, 500, "out of memory.");
			goto done;
		}
		ret = st_reply(c, 200, "application/yaml; charset=utf-8", pl_buf_take(&y), len, true, fname);
		goto done;
	}
	pl_buf_free(&b);

	{
		pl_layout *l = pl_layout_load(s->datadir, layout, &e);
		/* About 1000 pixels on the long side: sharp enough, quick to draw. */
		if (l && kind == OUT_PREVIEW) {
			double longest = fmax(l->trim_w, l->trim_h) / 72.0;
			dpi = fmin(150, fmax(20, 1000 / longest));
			two_sided = l->back != NULL;
		}
		/* A picture shows one design: the first event, or a schedule's
		 * first page. */
		if (l && (kind == OUT_PREVIEW || kind == OUT_PNG) && !pl_layout_is_schedule(l))
			while (recs.n > 1)
				pl_record_free(recs.v[--recs.n]);
		pl_layout_free(l);
		pl_error_clear(&e);
	}
	snprintf(out, sizeof out, "%s/r-%lu.%s", s->tmp, n, kind == OUT_PDF || kind == OUT_PRINT ? "pdf" : "png");
	ro = (pl_render_opts){
		.datadir = s->datadir, .layout = layout, .out = out, .lang = lang, .theme = theme,
		.print = print, .bleed_pt = bleed_pt, .latin_digits = st_opt_bool(root, "latin_digits"), .dpi = dpi,
		.side = PL_SIDE_FRONT, /* a PNG of one side; the preview asks for the back on its own */
		/* --sheet as the CLI passes it, for the PDF downloads: the preview
		 * and the PNG show one design. What the renderer cannot do with it
		 * comes back as its own message. */
		.impose = {.sheet = kind == OUT_PDF || kind == OUT_PRINT ? sheet : NULL,
			   .gap = -1, .margin = -1, .overlap = -1, .cut_name = shop.cut_name[0] ? shop.cut_name : NULL},
		.pdfx = shop.pdfx, .intent = shop.intent, .ink_limit = shop.ink_limit, .no_marks = shop.marks == 0,
	};
	pthread_mutex_lock(&s->render_lock);
	rc = pl_render(&ro, &recs, &res, &e);
	pthread_mutex_unlock(&s->render_lock);
	if (rc == 0 && res.files == 1) {
		rc = pl_read_file(out, LONG_MAX, &data, &len, &e);
	} else if (rc == 0 && res.files > 1 && kind != OUT_PDF && kind != OUT_PRINT) {
		/* a schedule on several pages: one picture each; the first is shown */
		char pg[PATH_MAX + 96];
		for (size_t k = 1; k <= res.files; k++) {
			snprintf(pg, sizeof pg, "%s/r-%lu-%zu.png", s->tmp, n, k);
			if (k == 1)
				rc = pl_read_file(pg, LONG_MAX, &data, &len, &e);
			unlink(pg);
		}
	} else if (rc == 0) {
		pl_error_set(&e, PL_EIO, "nothing was drawn.");
	}
	unlink(out);
	if (rc) {
		const pl_error *first = &e;
		pl_error fe;
		char msg[1400];
		for (size_t i = 0; i < res.problems.n; i++)
			if (res.problems.items[i].code == PL_EINPUT) {
				pl_finding_error(&res.problems.items[i], &fe);
				first = &fe;
				break;
			}
		st_scrub(s, first->msg, msg, sizeof msg);
		pl_buf_puts(&b, "{\"error\": ");
		st_json_str(&b, msg);
		pl_buf_puts(&b, ", \"field\": ");
		st_json_str(&b, first->field);
		pl_buf_puts(&b, ", \"findings\": ");
		st_json_findings(s, &b, &res.problems);
		pl_buf_puts(&b, "}\n");
		ret = st_reply_json(c, first == &e ? st_status_for(&e) : 422, &b);
		goto done;
	}
	if (kind == OUT_PREVIEW) {
		pl_buf_puts(&b, "{\"png\": \"data:image/png;base64,");
		st_base64(&b, (const unsigned char *)data, len);
		pl_buf_printf(&b, "\", \"dpi\": %.1f, ", dpi);
		if (two_sided) { /* and its back, drawn the same way */
			pl_render_result rb = {0};
			pl_error eb = {0};
			char *bdata = NULL;
			size_t blen = 0;
			ro.side = PL_SIDE_BACK;
			pthread_mutex_lock(&s->render_lock);
			if (pl_render(&ro, &recs, &rb, &eb) == 0 && rb.files == 1 &&
			    pl_read_file(out, LONG_MAX, &bdata, &blen, &eb) == 0) {
				pl_buf_puts(&b, "\"png_back\": \"data:image/png;base64,");
				st_base64(&b, (const unsigned char *)bdata, blen);
				pl_buf_puts(&b, "\", ");
				for (size_t i = 0; i < rb.problems.n; i++) { /* the back's findings with the front's */
					pl_error fe;
					pl_finding_error(&rb.problems.items[i], &fe);
					pl_diag_add(&res.problems, &fe);
				}
			}
			pthread_mutex_unlock(&s->render_lock);
			unlink(out);
			free(bdata);
			pl_render_result_free(&rb);
		}
		pl_buf_puts(&b, "\"findings\": ");
		st_json_findings(s, &b, &res.problems);
		pl_buf_puts(&b, "}\n");
		free(data);
		ret = st_reply_json(c, 200, &b);
	} else {
		char *named = shop_name && shop.output[0] ? pl_shop_output(&shop, sl, layout) : NULL;
		/* a pattern's {field} has no meaning for one record: the plain name */
		if (named && !strchr(named, '{') && !strchr(named, '/') && strlen(named) < sizeof fname)
			snprintf(fname, sizeof fname, "%s", named);
		else
			snprintf(fname, sizeof fname, "%s-%s%s.%s", sl, layout, kind == OUT_PRINT ? "-print" : "",
				 kind == OUT_PNG ? "png" : "pdf");
		free(named);
		ret = st_reply(c, 200, kind == OUT_PNG ? "image/png" : "application/pdf", data, len, true, fname);
	}
done:
	pl_buf_free(&b);
	pl_render_result_free(&res);
	pl_records_free(&recs);
	st_free_names(names);
	st_free_names(themes);
	pl_node_free(root);
	return ret;
}
