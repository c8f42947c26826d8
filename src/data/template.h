/* template.h — text templates such as "{venue}, {city}". A placeholder is
 * {field} or {field@lang}; the text between placeholders is a separator kept
 * only between two values that are present, so a missing field never leaves
 * a dangling comma. Text before the first placeholder and after the last is
 * kept when any value is present. A template whose placeholders are all
 * empty expands to NULL: its block drops out. "{{" and "}}" are literal braces. */
#ifndef PL_TEMPLATE_H
#define PL_TEMPLATE_H

/* Returns a borrowed value or NULL for a field name (with "@lang" if given). */
typedef const char *(*pl_lookup_fn)(void *ctx, const char *name);

/* Expand: *out is a new string, or NULL when every placeholder is empty (or
 * the template has placeholders but all are missing). A template without
 * placeholders expands to itself. *first_field (optional) receives a new
 * string naming the first placeholder, for messages. Returns -1 on a
 * malformed template (unclosed brace) or out of memory. */
int pl_template_expand(const char *tmpl, pl_lookup_fn lookup, void *ctx, char **out, char **first_field);

#endif
