/* yamlerr.c — libfyaml's diagnostics, collected rather than printed, turned
 * into sentences for people who do not know what a "flow mapping" is, with
 * the line and column where the problem is (tabs used to indent, JSON
 * comments, trailing commas, unclosed quotes). */
#include "data/yaml_int.h"

#include <stdio.h>

/* ---- errors ---- */

int yp_fail_at(builder *b, pl_code code, int line, int col, const char *fmt, const char *arg)
{
	pl_error_set(b->err, code, fmt, arg ? arg : "");
	pl_error_at(b->err, b->name, line, col);
	return -1;
}

int yp_oom(builder *b)
{
	pl_error_set(b->err, PL_ENOMEM, "out of memory while reading the file.");
	pl_error_at(b->err, b->name, 0, 0);
	return -1;
}

void yp_mark_of(struct fy_event *e, int *line, int *col)
{
	const struct fy_mark *m = fy_event_start_mark(e);

	*line = m ? m->line + 1 : 0;
	*col = m ? m->column + 1 : 0;
}

/* The last line at or before `upto` whose indentation contains a tab, and
 * the tab's column; 0 if none. libfyaml's own message for a tab is often
 * about something else ("invalid multiline plain key"). */
static int find_tab_indent(const char *s, size_t len, int upto, int *col)
{
	int line = 1, found = 0;
	size_t i = 0;

	while (i < len && line <= upto) {
		size_t j = i;
		int c = 1, tab_col = 0;
		while (j < len && (s[j] == ' ' || s[j] == '\t')) {
			if (s[j] == '\t' && !tab_col)
				tab_col = c;
			j++;
			c++;
		}
		if (tab_col && j < len && s[j] != '\n' && s[j] != '\r' && s[j] != '#') {
			*col = tab_col;
			found = line;
		}
		while (j < len && s[j] != '\n')
			j++;
		i = j + 1;
		line++;
	}
	return found;
}

/* Whether 1-based line `line` of a JSON text has a // or slash-star comment
 * outside the strings (an "https://" in a string is not one). */
static bool json_comment_on_line(const char *s, size_t len, int line)
{
	const char *p = s, *end = s + len;
	bool in_str = false;

	for (int l = 1; l < line && p < end; l++) {
		if (!(p = memchr(p, '\n', (size_t)(end - p))))
			return false;
		p++;
	}
	for (; p < end && *p != '\n'; p++) {
		if (in_str && *p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"')
			in_str = !in_str;
		else if (!in_str && *p == '/' && p + 1 < end && (p[1] == '/' || p[1] == '*'))
			return true;
	}
	return false;
}

/* libfyaml's diagnostic turned into plain words. */
void yp_parse_error(builder *b, const char *msg, int line, int col)
{
	const char *m = msg ? msg : "";
	int tcol = 0, tline = find_tab_indent(b->buf, b->len, line + 1, &tcol);

	if (yp_has_suffix(b->name, ".json") && line > 0 && json_comment_on_line(b->buf, b->len, line)) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"JSON does not allow comments (// or /* */). Remove the comment, or write the file as "
			"YAML (.yaml), where a comment starts with #.", NULL);
		return;
	}
	/* A tab next to the failing line is almost always the cause (libfyaml
	 * may blame the line above, still reading a multi-line text). */
	if (tline > 0 && (strstr(m, "tab") || tline >= line - 1)) {
		yp_fail_at(b, PL_EINPUT, tline, tcol,
			"a tab is used to indent this line; YAML needs spaces. Replace the tab with spaces.", NULL);
	} else if (strstr(m, "tab")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"a tab is used where YAML needs spaces. Replace the tab with spaces.", NULL);
	} else if (strstr(m, "trailing comma")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"there is a comma just before a closing bracket or brace; JSON does not allow that. "
			"Remove the last comma.", NULL);
	} else if (strstr(m, "escape")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"a backslash escape (\\...) in this quoted text is not valid (%s). Write the character itself, "
			"or write \\\\ for a plain backslash.", m);
	} else if (strstr(m, "without closing quote") || strstr(m, "quoted scalar")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"a quoted text that starts here is never closed. Add the missing closing quote "
			"(\" or ') at the end of the text.", NULL);
	} else if (strstr(m, "closing bracket")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"a list opened with [ is never closed. Add the missing ] at its end.", NULL);
	} else if (strstr(m, "closing brace")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"a group opened with { is never closed. Add the missing } at its end.", NULL);
	} else if (strstr(m, "same line")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"there is a second 'name: value' on this line. Put each field on its own line, or put "
			"the text in quotes if it contains ': '.", NULL);
	} else if (strstr(m, "missing comma")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"a comma is missing here, between two values of a list [ ] or a group { }. Add the comma.", NULL);
	} else if (strstr(m, "JSON") || yp_has_suffix(b->name, ".json")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"this is not valid JSON here (%s). Check the commas, quotes and brackets around this place.", m);
	} else if (strstr(m, "indent") || strstr(m, "indend") || strstr(m, "multiline") || strstr(m, "expected key")) {
		yp_fail_at(b, PL_EINPUT, line, col,
			"the indentation does not line up here (%s). Fields of the same group must start in the "
			"same column, with spaces; a text that contains ': ' must be in quotes.", m);
	} else {
		yp_fail_at(b, PL_EINPUT, line, col,
			"the file cannot be read as YAML here (%s). Check the indentation, the colons after "
			"field names and the quotes on this line and the one above.", m);
	}
}
