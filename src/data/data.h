/* data.h — event data in: YAML/JSON (through yaml.c) and CSV (csv.c) into
 * pl_records. Handles the SPEC's three shapes: one record, a list of
 * records, and a campaign whose fields every event inherits and may
 * override. Invalid files are rejected whole (-1 with err); per-record
 * validation is pl_record_validate's job so a batch can skip bad records. */
#ifndef PL_DATA_H
#define PL_DATA_H

#include "data/record.h"
#include "data/yaml.h"

/* Load a data file, choosing the reader by extension (.yaml .yml .json
 * .csv; anything else is read as YAML). Appends records to out. */
int pl_data_load(const char *path, pl_records *out, pl_error *err);

/* Records from an already parsed YAML/JSON tree (used by the web studio and
 * the fuzzers). `source` names the file for messages and relative paths. */
int pl_data_from_tree(const char *source, const pl_node *root, pl_records *out, pl_error *err);

/* CSV from a buffer: UTF-8, BOM tolerated, first row names the fields,
 * `field@lang` columns are translations, hashtags space-separated. A row
 * that cannot be read (too few or too many cells, a stray quote) is a
 * record with a fault (record.h), skipped and reported when validated; a
 * file that cannot be read at all is rejected whole (-1 with err). */
int pl_csv_parse(const char *source, const char *buf, size_t len, pl_records *out, pl_error *err);

/* A CSV file read in pieces (memory stays flat whatever its size), as
 * pl_csv_parse reads it. pl_csv_check reads it whole once: -1 with err when
 * it would be rejected, else the number of records (`before` records were
 * read in this run before it: the limit is per run). Then pl_csv_open and
 * pl_csv_next give its records one at a time (the caller frees each), NULL
 * at the end, or NULL with err when the file changed since it was checked. */
typedef struct pl_csv_file pl_csv_file;
enum { PL_CSV_PIECE = 1 << 18 }; /* bytes read at a time */
int pl_csv_check(const char *path, size_t before, size_t *records, pl_error *err);
pl_csv_file *pl_csv_open(const char *path, pl_error *err);
pl_record *pl_csv_next(pl_csv_file *r, pl_error *err);
void pl_csv_close(pl_csv_file *r);

/* Event data for a run, one record at a time: what the renderer reads.
 * Files are checked when added (a bad file is rejected whole, as by
 * pl_data_load) and counted; CSV files are then read again record by record
 * while pages are drawn, so a batch's memory does not grow with its size;
 * YAML and JSON files (and pipes) are held whole. */
typedef struct pl_source pl_source;
pl_source *pl_source_new(void);
void pl_source_free(pl_source *s);
/* -1 with err when the file is rejected: nothing of it will be read. */
int pl_source_add(pl_source *s, const char *path, pl_error *err);
/* Records already in memory, borrowed: pl_source_next gives copies. */
int pl_source_add_records(pl_source *s, const pl_records *recs, pl_error *err);
/* Records added so far. */
size_t pl_source_count(const pl_source *s);
/* The next record (the caller frees it); NULL at the end (err untouched)
 * or on a failure (err set: out of memory, a file changed since added). */
pl_record *pl_source_next(pl_source *s, pl_error *err);

#endif
