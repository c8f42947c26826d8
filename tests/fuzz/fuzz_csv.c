/* fuzz_csv.c — libFuzzer harness for the CSV reader (pl_csv_parse) and the
 * validation each record gets before drawing. Built by `make fuzz`; replayed
 * on tests/fuzz/regress/csv by test_fuzz_regress. */
#include <stdint.h>
#include <stdlib.h>

#include "data/data.h"
#include "data/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_error err = {0};
	pl_records recs = {0};

	if (pl_csv_parse("fuzz.csv", (const char *)data, size, &recs, &err) == 0) {
		for (size_t i = 0; i < recs.n; i++) {
			pl_error e = {0};
			(void)pl_record_validate(recs.v[i], &e);
		}
	}
	pl_records_free(&recs);
	return 0;
}
