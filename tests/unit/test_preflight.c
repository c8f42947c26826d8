/* test_preflight.c — unit tests for preflight.c's measures: the WCAG 2.x
 * contrast ratio (values from the WCAG definition: black on white 21:1,
 * #777777 on white just under 4.5:1, the classic "fails AA" grey), the
 * phone-camera raster model (never closer than the focus distance), and the
 * item list (copies the URL, clears). */
#include "check.h"
#include "base/config.h"
#include "print/preflight.h"

#include <math.h>

static int close_to(double a, double b, double eps)
{
	return fabs(a - b) < eps;
}

int main(void)
{
	const double black[3] = {0, 0, 0}, white[3] = {1, 1, 1};
	const double grey77[3] = {0x77 / 255.0, 0x77 / 255.0, 0x77 / 255.0};
	const double grey76[3] = {0x76 / 255.0, 0x76 / 255.0, 0x76 / 255.0};
	const double red[3] = {1, 0, 0};
	pl_page_items l = {0};
	pl_page_item it = {.kind = PL_ITEM_QR, .module_mm = 0.5};
	char url[] = "https://example.org/a";

	/* WCAG: L = 0.2126 R + 0.7152 G + 0.0722 B on linearised sRGB */
	CHECK(close_to(pl_luminance(white), 1.0, 1e-9));
	CHECK(close_to(pl_luminance(black), 0.0, 1e-9));
	CHECK(close_to(pl_luminance(red), 0.2126, 1e-9));
	CHECK(close_to(pl_contrast(black, white), 21.0, 1e-9));
	CHECK(close_to(pl_contrast(white, black), 21.0, 1e-9)); /* order does not matter */
	CHECK(close_to(pl_contrast(red, red), 1.0, 1e-9));
	CHECK(pl_contrast(grey77, white) < PL_CONTRAST_MIN);     /* 4.48:1 */
	CHECK(close_to(pl_contrast(grey77, white), 4.48, 0.01));
	CHECK(pl_contrast(grey76, white) >= PL_CONTRAST_MIN);    /* 4.54:1 */
	CHECK(close_to(pl_contrast(red, white), 4.0, 0.01));

	/* A 35 mm flyer code seen from 35 cm; a 5 mm code from the focus distance. */
	CHECK(close_to(pl_phone_px_per_mm(35), PL_PHONE_FRAME_PX / (PL_PHONE_FOV_RATIO * 350), 1e-9));
	CHECK(close_to(pl_phone_px_per_mm(5), PL_PHONE_FRAME_PX / (PL_PHONE_FOV_RATIO * PL_PHONE_MIN_DISTANCE_MM), 1e-9));
	CHECK(pl_phone_px_per_mm(5) == pl_phone_px_per_mm(8)); /* both closer than it focuses */
	CHECK(pl_phone_px_per_mm(100) < pl_phone_px_per_mm(35));

	/* the list keeps its own copy of the URL */
	CHECK(pl_page_items_add(&l, &it, url) == 0);
	url[0] = 'X';
	CHECK(l.n == 1);
	CHECK_STR(l.v[0].url, "https://example.org/a");
	CHECK(l.v[0].module_mm == 0.5);
	for (int i = 0; i < 100; i++)
		CHECK(pl_page_items_add(&l, &it, NULL) == 0);
	CHECK(l.n == 101 && !l.oom && l.v[100].url == NULL);
	pl_page_items_clear(&l);
	CHECK(l.n == 0 && l.v == NULL);
	return CHECK_DONE();
}
