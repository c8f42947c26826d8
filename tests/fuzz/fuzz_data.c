/* fuzz_data.c — libFuzzer harness for the event-data reader: bytes → YAML or
 * JSON tree (pl_yaml_parse) → records (pl_data_from_tree) → what every
 * record goes through before drawing (validation, --lang localisation, the
 * QR URL with utm parameters). Input that starts with '{' or '[' is read as
 * a .json file (libfyaml's JSON mode), anything else as .yaml. Built by
 * `make fuzz`; replayed on tests/fuzz/regress/data by test_fuzz_regress. */
#include <stdint.h>
#include <stdlib.h>

#include "data/data.h"
#include "data/derive.h"
#include "layout/page.h"
#include "data/record.h"
#include "data/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const char *name = size && (buf[0] == '{' || buf[0] == '[') ? "fuzz.json" : "fuzz.yaml";
	pl_error err = {0};
	pl_records recs = {0};
	pl_node *root = pl_yaml_parse(name, buf, size, &err);

	if (!root)
		return 0;
	if (pl_data_from_tree(name, root, &recs, &err) == 0) {
		for (size_t i = 0; i < recs.n; i++) {
			const pl_record *r = recs.v[i];
			pl_error e = {0};
			char *url;
			(void)pl_record_validate(r, &e);
			url = pl_derive_qr_url(r, "flyer");
			free(url);
			(void)pl_page_title(r);
			for (size_t k = 0; k < r->n; k++) {
				if (r->fields[k].lang) {
					pl_record *l = pl_record_localize(r, r->fields[k].lang);
					pl_record_free(l);
					break;
				}
			}
		}
	}
	pl_records_free(&recs);
	pl_node_free(root);
	return 0;
}
