/* data.h — event data in: YAML/JSON (through yaml.c) and CSV (csv.c) into
 * pl_records. Handles the SPEC's three shapes: one record, a list of
 * records, and a campaign whose fields every event inherits and may
 * override. Invalid files are rejected whole (-1 with err); per-record
 * validation is pl_record_validate's job so a batch can skip bad records. */
#ifndef PL_DATA_H
#define PL_DATA_H

#include "record.h"
#include "yaml.h"

/* Load a data file, choosing the reader by extension (.yaml .yml .json
 * .csv; anything else is read as YAML). Appends records to out. */
int pl_data_load(const char *path, pl_records *out, pl_error *err);

/* Records from an already parsed YAML/JSON tree (used by the web studio and
 * the fuzzers). `source` names the file for messages and relative paths. */
int pl_data_from_tree(const char *source, const pl_node *root, pl_records *out, pl_error *err);

/* CSV from a buffer: UTF-8, BOM tolerated, first row names the fields,
 * `field@lang` columns are translations, hashtags space-separated. */
int pl_csv_parse(const char *source, const char *buf, size_t len, pl_records *out, pl_error *err);

#endif
