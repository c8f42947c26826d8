/* test_fuzz_regress.c — replays every input the fuzzers ever crashed or hung
 * on (tests/fuzz/regress/<harness>/) through the same harness code that
 * `make fuzz` runs, so a fixed bug stays fixed in `make test` (and under
 * ASan/UBSan in `make sanitize`) without clang or libFuzzer. A crash fails
 * the run; each input must also finish within 2 seconds. */
#include "check.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define LLVMFuzzerTestOneInput fuzz_data
#include "../fuzz/fuzz_data.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_csv
#include "../fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_layout
#include "../fuzz/fuzz_layout.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_template
#include "../fuzz/fuzz_template.c"
#undef LLVMFuzzerTestOneInput

typedef int (*harness)(const uint8_t *, size_t);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Feed every file of dir to h; returns how many were replayed. */
static int replay(const char *dir, harness h)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024];
		FILE *f;
		uint8_t *buf;
		long len;
		double t;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		buf = malloc(len > 0 ? (size_t)len : 1);
		CHECK(buf && fread(buf, 1, (size_t)len, f) == (size_t)len);
		fclose(f);
		t = now();
		h(buf, (size_t)len);
		t = now() - t;
		if (t > 2.0)
			fprintf(stderr, "FAIL %s took %.1f s (over 2 s)\n", path, t);
		CHECK(t <= 2.0);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

int main(void)
{
	int n = 0;

	n += replay("tests/fuzz/regress/data", fuzz_data);
	n += replay("tests/fuzz/regress/csv", fuzz_csv);
	n += replay("tests/fuzz/regress/layout", fuzz_layout);
	n += replay("tests/fuzz/regress/template", fuzz_template);
	printf("replayed %d fuzz regression inputs\n", n);
	CHECK(n > 0);
	return CHECK_DONE();
}
