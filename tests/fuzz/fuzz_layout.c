/* fuzz_layout.c — libFuzzer harness for the layout reader: bytes → YAML tree
 * → pl_layout (pl_layout_parse, the in-memory twin of pl_layout_load).
 * Built by `make fuzz`; replayed on tests/fuzz/regress/layout by
 * test_fuzz_regress. */
#include <stdint.h>
#include <stdlib.h>

#include "layout/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_error err = {0};
	pl_layout *l = pl_layout_parse("fuzz.yaml", (const char *)data, size, &err);

	pl_layout_free(l);
	return 0;
}
