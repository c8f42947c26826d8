/* test_template.c — template expansion: separators between present values
 * only, drop-out when every placeholder is empty, literal braces, errors. */
#include "check.h"
#include "data/template.h"

#include <stdlib.h>

static const char *look(void *ctx, const char *name)
{
	const char **kv = ctx;

	for (int i = 0; kv[i]; i += 2)
		if (!strcmp(kv[i], name))
			return kv[i + 1];
	return NULL;
}

static char *ex(const char *t, const char **kv)
{
	char *out = NULL;

	if (pl_template_expand(t, look, (void *)kv, &out, NULL) != 0)
		return strdup("ERROR");
	return out ? out : strdup("NULL");
}

#define T(tmpl, want) do { char *s_ = ex(tmpl, kv); CHECK_STR(s_, want); free(s_); } while (0)

int main(void)
{
	{
		const char *kv[] = {"venue", "Oranienplatz", "city", "Berlin", "title", "Hi", "empty", "  ", NULL};
		T("{venue}, {city}", "Oranienplatz, Berlin");
		T("{venue}, {address}, {city}", "Oranienplatz, Berlin");
		T("{address}, {venue}", "Oranienplatz");
		T("At {address}, {city}!", "At Berlin!");
		T("{address}", "NULL");
		T("{empty}", "NULL");
		T("{address} {zip}", "NULL");
		T("static text", "static text");
		T("{{not a field}}", "{not a field}");
		T("{title} {{x}}", "Hi {x}");
		T("{title", "ERROR");
		T("{}", "ERROR");
		T("a {ti{tle} b", "ERROR");
	}
	{
		const char *kv[] = {"a", "1", "c", "3", NULL};
		T("{a}, {b}, {c}", "1, 3");
		T("({b})", "NULL");
		T("[{a}|{b}]", "[1]");
	}
	{
		char *first = NULL, *out = NULL;
		const char *kv[] = {NULL};
		CHECK(pl_template_expand("x {date} {time}", look, (void *)kv, &out, &first) == 0);
		CHECK(out == NULL);
		CHECK_STR(first, "date");
		free(first);
	}
	return CHECK_DONE();
}
