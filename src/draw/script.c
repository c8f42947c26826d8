/* script.c — see script.h. */
#include "draw/script.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

char *pl_arabic_separators(const char *text, pl_text_span *spans, size_t n)
{
	size_t len = strlen(text), *pos = malloc((len + 1) * sizeof *pos);
	pl_buf b = {0};

	if (!pos)
		return NULL;
	for (size_t i = 0; i <= len; i++) {
		bool value = false;
		pos[i] = b.len;
		if (i == len)
			break;
		for (size_t j = 0; j < n && !value; j++)
			value = i >= spans[j].start && i < spans[j].end;
		if (!value && text[i] == ',' && (text[i + 1] == ' ' || !text[i + 1]))
			pl_buf_puts(&b, "\xD8\x8C"); /* U+060C ARABIC COMMA */
		else
			pl_buf_add(&b, text + i, 1);
	}
	for (size_t j = 0; j < n; j++) {
		spans[j].start = pos[spans[j].start <= len ? spans[j].start : len];
		spans[j].end = pos[spans[j].end <= len ? spans[j].end : len];
	}
	free(pos);
	pl_buf_puts(&b, ""); /* NUL-terminated even when empty */
	if (b.oom) {
		pl_buf_free(&b);
		return NULL;
	}
	return pl_buf_take(&b);
}
