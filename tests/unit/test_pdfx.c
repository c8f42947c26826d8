/* test_pdfx.c — the names of --pdfx and --intent (pdfx.c), the default
 * press by paper size, the press profiles found for each intent, and the
 * print-shop presets with their file names (render/shop.c). */
#include "check.h"
#include "base/config.h"
#include "pdf/pdfx.h"
#include "render/shop.h"

#include <stdlib.h>

#define MM(v) ((v) * PL_MM_TO_PT)
#define IN(v) ((v) * 72.0)

int main(void)
{
	const char *dd = getenv("PLACARD_DATADIR") ? getenv("PLACARD_DATADIR") : ".";
	pl_press p;
	pl_shop s;
	pl_error e = {0};
	char *name, list[512];

	CHECK(pl_pdfx_parse("x4") == PL_PDFX_X4 && pl_pdfx_parse("X3") == PL_PDFX_X3 && pl_pdfx_parse("x1a") == PL_PDFX_X1A);
	CHECK(pl_pdfx_parse("x5") < 0 && pl_pdfx_parse("") < 0);
	CHECK(pl_intent_parse("fogra39") == PL_INTENT_FOGRA39 && pl_intent_parse("GRACoL") == PL_INTENT_GRACOL);
	CHECK(pl_intent_parse("swop") == PL_INTENT_SWOP && pl_intent_parse("fogra51") == PL_INTENT_FOGRA51);
	CHECK(pl_intent_parse("iso") < 0);
	CHECK_STR(pl_intent_name(PL_INTENT_GRACOL), "gracol");
	/* A3 297 × 420 mm and stickers are metric; tabloid 11 × 17 in and
	 * half letter 5.5 × 8.5 in are US */
	CHECK(pl_intent_for_size(MM(297), MM(420)) == PL_INTENT_FOGRA39);
	CHECK(pl_intent_for_size(MM(60), MM(60)) == PL_INTENT_FOGRA39);
	CHECK(pl_intent_for_size(IN(11), IN(17)) == PL_INTENT_GRACOL);
	CHECK(pl_intent_for_size(IN(5.5), IN(8.5)) == PL_INTENT_GRACOL);
	/* profiles: swop is Ghostscript's, fogra39 the one make deps built */
	setenv("HOME", "/nonexistent", 1);
	unsetenv("XDG_CONFIG_HOME");
	CHECK(pl_press_find(dd, PL_INTENT_SWOP, &p, &e) == 0);
	CHECK_STR(p.id, "CGATS TR 001");
	CHECK_STR(p.path, PL_CMYK_ICC);
	CHECK(pl_press_find(dd, PL_INTENT_FOGRA39, &p, &e) == 0);
	CHECK_STR(p.id, "FOGRA39");
	CHECK(pl_press_find(dd, PL_INTENT_GRACOL, &p, &e) == 0 && !strcmp(p.id, "CGATS TR 006"));
	CHECK(pl_press_find(dd, PL_INTENT_FOGRA51, &p, &e) == -1 && e.code == PL_EDEP);
	CHECK(strstr(e.msg, "FOGRA51.icc") != NULL);
	pl_error_clear(&e);
	CHECK(pl_press_find("/nonexistent", PL_INTENT_FOGRA39, &p, &e) == -1 && e.code == PL_EDEP);
	CHECK(strstr(e.msg, "icc-profiles-free") && strstr(e.msg, "argyll"));
	pl_error_clear(&e);
	/* presets */
	CHECK(pl_shop_find(dd, "eu-online", &s, &e) == 0);
	CHECK(s.pdfx == PL_PDFX_X4 && s.intent == PL_INTENT_FOGRA39 && s.marks == 0 && s.ink_limit == 300);
	CHECK(s.bleed_pt > MM(3) - 0.01 && s.bleed_pt < MM(3) + 0.01);
	name = pl_shop_output(&s, "data/week.yaml", "poster-a3");
	CHECK_STR(name, "week-poster-a3-PDFX4.pdf");
	free(name);
	CHECK(pl_shop_find(dd, "us-online", &s, &e) == 0 && s.pdfx == PL_PDFX_X3 && s.intent == PL_INTENT_GRACOL);
	CHECK(s.bleed_pt > IN(0.125) - 0.01 && s.bleed_pt < IN(0.125) + 0.01);
	CHECK(pl_shop_find(dd, "COPY-SHOP", &s, &e) == 0 && s.marks == 1 && s.pdfx == PL_PDFX_X3);
	CHECK(pl_shop_find(dd, "sticker-printer", &s, &e) == 0 && !strcmp(s.cut_name, "CutContour") && s.intent == 0);
	CHECK(pl_shop_find(dd, "nowhere", &s, &e) == -1 && e.code == PL_EUSAGE);
	CHECK(strstr(e.msg, "eu-online, us-online, copy-shop, sticker-printer") != NULL);
	pl_shop_names(dd, list, sizeof list);
	CHECK_STR(list, "eu-online, us-online, copy-shop, sticker-printer");
	return CHECK_DONE();
}
