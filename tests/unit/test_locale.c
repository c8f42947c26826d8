/* test_locale.c — dates, times and digits the way each language writes them
 * (SPEC "Data": "Samstag, 15. Mai 2021", "السبت ١٥ مايو ٢٠٢١"), through
 * ICU and CLDR; Latin digits on request; the Gregorian calendar whatever the
 * locale's default; language-aware upper-casing (Turkish dotted İ, Greek
 * capitals without accents). Expected strings are CLDR 42 as shipped by
 * Debian 12's ICU 72. */
#include "check.h"
#include "data/locale.h"

#include <pthread.h>
#include <stdlib.h>

#define DATE(lang, latin, want) do { char *s_ = pl_locale_date("2021-05-15", lang, latin); \
		CHECK_STR(s_, want); free(s_); } while (0)
#define TIME(t, lang, latin, want) do { char *s_ = pl_locale_time(t, lang, latin); \
		CHECK_STR(s_, want); free(s_); } while (0)
#define UPPER(s, lang, want) do { char *s_ = pl_locale_upper(s, lang); CHECK_STR(s_, want); free(s_); } while (0)

/* A date formatted on another thread (as the record feed does). */
static void *format_elsewhere(void *lang)
{
	free(pl_locale_date("2021-05-15", lang, false));
	return NULL;
}

int main(void)
{
	/* Weekday and month names, order, native digits. */
	DATE("de", false, "Samstag, 15. Mai 2021");
	DATE("ar", false, "السبت، ١٥ مايو ٢٠٢١");
	DATE("el", false, "Σάββατο 15 Μαΐου 2021");
	DATE("he", false, "יום שבת, 15 במאי 2021");
	DATE("tr", false, "15 Mayıs 2021 Cumartesi");
	DATE("en", false, "Saturday, May 15, 2021");
	DATE("fr", false, "samedi 15 mai 2021");
	DATE("es", false, "sábado, 15 de mayo de 2021");
	DATE("nl", false, "zaterdag 15 mei 2021");
	DATE("ru", false, "суббота, 15 мая 2021\u202Fг.");
	DATE("zh", false, "2021年5月15日星期六");
	/* Persian: Extended Arabic-Indic digits, and the Gregorian date the data
	 * gives (not 25 Ordibehesht 1400, ICU's default calendar for fa). */
	DATE("fa", false, "شنبه ۱۵ مهٔ ۲۰۲۱");
	/* Moroccan Arabic writes Latin digits and its own month names. */
	DATE("ar-MA", false, "السبت، 15 ماي 2021");
	/* Saudi Arabic defaults to the Umm al-Qura calendar: still Gregorian here. */
	{
		char *s = pl_locale_date("2021-05-15", "ar-SA", false);
		CHECK(s && strstr(s, "مايو") && strstr(s, "٢٠٢١"));
		free(s);
	}
	/* Latin digits on request (--latin-digits, latin_digits: true). */
	DATE("ar", true, "السبت، 15 مايو 2021");
	DATE("fa", true, "شنبه 15 مهٔ 2021");
	DATE("de", true, "Samstag, 15. Mai 2021");
	/* Bad dates give NULL, not a wrong day. */
	CHECK(pl_locale_date("2021-02-30", "de", false) == NULL);
	CHECK(pl_locale_date("15.05.2021", "de", false) == NULL);
	/* A tag's own -u- extension is the user's choice, kept as given (with
	 * th-TH's default Buddhist calendar too: year 2564). */
	DATE("ar-u-nu-latn", false, "السبت، 15 مايو 2021");
	DATE("th-TH-u-nu-thai", false, "วันเสาร์ที่ ๑๕ พฤษภาคม ๒๕๖๔");
	/* Formatters opened on another thread give the same text here; more
	 * languages than the cache keeps still format. */
	{
		pthread_t t;
		static const char *const many[] = {"it", "pt", "pl", "cs", "sv", "da", "fi", "hu", "ro", "uk", "bg",
						   "sr", "hr", "sk", "sl", "lt", "lv", "et", "id", "vi", "ja", "ko"};
		CHECK(pthread_create(&t, NULL, format_elsewhere, "nl-BE") == 0 && pthread_join(t, NULL) == 0);
		DATE("nl-BE", false, "zaterdag 15 mei 2021");
		for (size_t i = 0; i < sizeof many / sizeof many[0]; i++) {
			char *s = pl_locale_date("2021-05-15", many[i], true);
			CHECK(s && strstr(s, "2021"));
			free(s);
		}
	}
	/* An unknown language falls back to something readable, never NULL. */
	{
		char *s = pl_locale_date("2021-05-15", "xx-nonsense-tag-that-icu-refuses", false);
		CHECK(s != NULL);
		free(s);
	}

	/* Times: the language's hour cycle and digits. */
	TIME("15:00", "de", false, "15:00");
	TIME("15:00", "en", false, "3:00\u202FPM"); /* CLDR 42: narrow no-break space */
	TIME("15:00", "ar", false, "٣:٠٠ م");
	TIME("15:00", "ar", true, "3:00 م");
	TIME("15:00", "el", false, "3:00\u202Fμ.μ.");
	TIME("15:00", "fa", false, "۱۵:۰۰");
	TIME("15:00", "he", false, "15:00");
	TIME("09:05", "tr", false, "09:05");
	CHECK(pl_locale_time("25:00", "de", false) == NULL);

	/* Upper-casing follows the language. */
	UPPER("istanbul iğdır", "tr", "İSTANBUL İĞDIR");   /* dotted capital İ */
	UPPER("istanbul", "en", "ISTANBUL");
	UPPER("Στέγη για όλους", "el", "ΣΤΕΓΗ ΓΙΑ ΟΛΟΥΣ"); /* accents dropped */
	UPPER("Μαΐου", "el", "ΜΑΪΟΥ");                     /* the dialytika stays */
	UPPER("Straße", "de", "STRASSE");
	UPPER("السكن حق", "ar", "السكن حق");              /* no case: unchanged */
	return CHECK_DONE();
}
