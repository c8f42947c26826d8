/* template.c — see template.h. */
#include "data/template.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

typedef struct piece {
	const char *s; /* literal text or field name */
	size_t n;
	int is_field;
} piece;

/* Append a literal, turning "{{" and "}}" into single braces. */
static void add_literal(pl_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pl_buf_add(b, s + i, 1);
		if ((s[i] == '{' || s[i] == '}') && i + 1 < n && s[i + 1] == s[i])
			i++;
	}
}

int pl_template_expand(const char *t, pl_lookup_fn lookup, void *ctx, char **out, char **first_field)
{
	piece *p = NULL;
	size_t np = 0, cap = 0, nfields = 0;
	const char *s = t, *lit = t;
	pl_buf b = {0};
	const char **vals = NULL;
	int rc = -1, any = 0, emitted = 0;

	*out = NULL;
	if (first_field)
		*first_field = NULL;
	/* Split into literal and field pieces. */
	while (1) {
		int end = !*s;
		int open = *s == '{' && s[1] != '{';
		if (*s == '{' && s[1] == '{') {
			s += 2;
			continue;
		}
		if (end || open) {
			if (np + 2 > cap) {
				piece *q;
				cap = cap ? cap * 2 : 8;
				q = realloc(p, cap * sizeof *p);
				if (!q)
					goto done;
				p = q;
			}
			p[np++] = (piece){lit, (size_t)(s - lit), 0};
			if (end)
				break;
			{
				const char *close = strchr(s + 1, '}');
				if (!close || close == s + 1 || memchr(s + 1, '{', (size_t)(close - s - 1)))
					goto done;
				p[np++] = (piece){s + 1, (size_t)(close - s - 1), 1};
				nfields++;
				s = lit = close + 1;
			}
			continue;
		}
		s++;
	}
	if (!nfields) {
		add_literal(&b, t, strlen(t));
		*out = pl_buf_take(&b);
		rc = *out ? 0 : -1;
		goto done;
	}
	vals = calloc(np, sizeof *vals);
	if (!vals)
		goto done;
	for (size_t i = 0; i < np; i++) {
		char *name;
		if (!p[i].is_field)
			continue;
		name = pl_strndup(p[i].s, p[i].n);
		if (!name)
			goto done;
		if (first_field && !*first_field)
			*first_field = pl_strdup(name);
		vals[i] = lookup(ctx, name);
		if (pl_str_empty(vals[i]))
			vals[i] = NULL;
		else
			any = 1;
		free(name);
	}
	if (!any) {
		rc = 0;
		goto done;
	}
	/* pieces alternate: lit field lit field ... lit */
	for (size_t i = 0; i < np; i++) {
		if (!p[i].is_field)
			continue;
		if (!vals[i])
			continue;
		/* separator: the literal just before this field; the prefix
		 * (piece 0) only before the first value shown. */
		if (emitted || i == 1)
			add_literal(&b, p[i - 1].s, p[i - 1].n);
		else
			add_literal(&b, p[0].s, p[0].n);
		pl_buf_puts(&b, vals[i]);
		emitted = 1;
	}
	add_literal(&b, p[np - 1].s, p[np - 1].n);
	*out = pl_buf_take(&b);
	rc = *out ? 0 : -1;
done:
	if (rc != 0) {
		pl_buf_free(&b);
		if (first_field) {
			free(*first_field);
			*first_field = NULL;
		}
	}
	free(vals);
	free(p);
	return rc;
}
