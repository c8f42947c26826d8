/* fuzz_template.c — libFuzzer harness for the template expander
 * (pl_template_expand). The input is the template, then optionally a NUL
 * byte and "name=value" lines: the fields the lookup knows. Built by
 * `make fuzz`; replayed on tests/fuzz/regress/template by test_fuzz_regress. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct tmpl_fields {
	char *names[16], *values[16];
	int n;
} tmpl_fields;

static const char *tmpl_lookup(void *ctx, const char *name)
{
	const tmpl_fields *f = ctx;

	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], name))
			return f->values[i];
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *out = NULL, *first = NULL, *p;
	tmpl_fields f = {0};
	size_t tlen;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	tlen = strlen(copy);
	/* name=value lines after the first NUL */
	for (p = tlen < size ? copy + tlen + 1 : NULL; p && p < copy + size && f.n < 16;) {
		char *nl = memchr(p, '\n', (size_t)(copy + size - p)), *eq;
		if (nl)
			*nl = '\0';
		if ((eq = strchr(p, '='))) {
			*eq = '\0';
			f.names[f.n] = p;
			f.values[f.n++] = eq + 1;
		}
		p = nl ? nl + 1 : NULL;
	}
	if (pl_template_expand(copy, tmpl_lookup, &f, &out, &first) == 0) {
		free(out);
		free(first);
	}
	free(copy);
	return 0;
}
