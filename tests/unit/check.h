/* check.h — the tiny assert header of placard's unit tests. Each test file
 * is a program; CHECK records a failure and goes on; main returns the count.
 * Prints one "ok"/"FAIL" line per check so the runner can count them. */
#ifndef PL_CHECK_H
#define PL_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed, check_passed;

#define CHECK(cond) do { \
		if (cond) { check_passed++; } \
		else { check_failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
	} while (0)
#define CHECK_STR(a, b) do { \
		const char *a_ = (a), *b_ = (b); \
		if (a_ && b_ && !strcmp(a_, b_)) { check_passed++; } \
		else { check_failed++; fprintf(stderr, "FAIL %s:%d: %s == \"%s\", got \"%s\"\n", \
					       __FILE__, __LINE__, #a, b_ ? b_ : "(null)", a_ ? a_ : "(null)"); } \
	} while (0)
#define CHECK_DONE() (printf("%d passed, %d failed\n", check_passed, check_failed), check_failed ? 1 : 0)

#endif
