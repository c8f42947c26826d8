# placard — build, demo, tests. Plain make + pkg-config.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/placard

PKGS = cairo cairo-pdf cairo-png cairo-svg pangocairo pangofc fontconfig \
       libqrencode libfyaml icu-uc icu-i18n zbar zlib
# Opened with dlopen when first needed (src/base/lazy.c), so a plain render does
# not load them at start: their headers only, never on the link line.
LAZY_PKGS = librsvg-2.0 gdk-pixbuf-2.0 libqpdf libmicrohttpd

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
ALL_CFLAGS  = -std=c11 $(WARN) $(CFLAGS) -D_DEFAULT_SOURCE $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS)) \
              -DPL_DATADIR='"$(DATADIR)"'
ALL_LDLIBS  = $(shell pkg-config --libs $(PKGS)) -lcsv -lm -lpthread $(LDLIBS)

B        = build
# src/ is in folders that are the pipeline (src/README.md); objects keep
# the folder: build/draw/text.o.
LIB_SRC  = $(filter-out src/cli/%,$(wildcard src/*/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(B)/%.o)
HEADERS  = $(wildcard src/*/*.h)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/%)

all: $(B)/.deps placard

# The tests run $(B)/placard (PLACARD), so a sanitizer build in another
# folder never disturbs the normal one.
PLACARD_BIN = $(B)/placard

$(B)/.deps: assets/debian-packages.txt tools/deps.sh tools/profiles.sh
	@mkdir -p $(B)
	./tools/deps.sh
	./tools/profiles.sh
	@touch $@

deps:
	./tools/deps.sh
	./tools/profiles.sh

$(B)/%.o: src/%.c $(HEADERS) | $(B)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC  $<"; $(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(B)/libplacard.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

CLI_OBJ  = $(patsubst src/%.c,$(B)/%.o,$(wildcard src/cli/*.c))
$(B)/placard: $(CLI_OBJ) $(B)/libplacard.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

placard: $(B)/placard
	cp $< $@

$(B)/test_%: tests/unit/test_%.c tests/unit/check.h $(B)/libplacard.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(B)/libplacard.a $(ALL_LDLIBS)
# test_image makes its JPEG fixture with gdk-pixbuf itself.
$(B)/test_image: ALL_LDLIBS += $(shell pkg-config --libs gdk-pixbuf-2.0)

demo: all
	./tools/demo.sh

# make test: the whole suite, then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, then valgrind's memcheck of a multi-page
# render. Every stage runs; tests/total.sh prints one "N passed, N failed"
# line for all of them and fails if any stage failed or did not finish.
SUMMARY = $(CURDIR)/tests/summary.txt
test: $(B)/.deps
	@rm -f $(SUMMARY)
	-@$(MAKE) --no-print-directory suite PLACARD_SUMMARY=$(SUMMARY)
	-@$(MAKE) --no-print-directory sanitize PLACARD_SUMMARY=$(SUMMARY)
	-@if $(MAKE) --no-print-directory valgrind; then echo "valgrind: 1 passed, 0 failed" >>$(SUMMARY); \
	  else echo "valgrind: 0 passed, 1 failed" >>$(SUMMARY); fi
	@./tests/total.sh $(SUMMARY) 3

# One pass of the suite with this build ($(B)).
PLACARD_TEST_OUT ?= tests/out
suite: $(B)/.deps $(PLACARD_BIN) $(UNIT_BIN)
	PLACARD=$(PLACARD_BIN) PLACARD_TEST_OUT=$(PLACARD_TEST_OUT) ./tests/run.sh $(UNIT_BIN)

# The suite under AddressSanitizer and UndefinedBehaviorSanitizer, in its own
# build and output folders.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
sanitize:
	$(MAKE) --no-print-directory B=build-san CFLAGS='$(SAN_FLAGS)' LDFLAGS='$(SAN_FLAGS)' \
		PLACARD_TEST_OUT=tests/out-san suite

# Fuzzing (tests/fuzz, not part of `make test`): libFuzzer harnesses for the
# data, CSV and layout readers and the template expander, built with clang
# in build-fuzz/ and run FUZZ_SECONDS each on corpora seeded from the real
# samples. Needs Debian's clang (with libclang-rt-14-dev).
FUZZ_SECONDS ?= 150
FUZZERS   = data csv layout template
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
fuzz:
	$(MAKE) B=build-fuzz CC=clang CFLAGS='$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link' \
		$(FUZZERS:%=build-fuzz/fuzz_%)
	FUZZ_B=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) ./tests/fuzz/run.sh $(FUZZERS)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(B)/libplacard.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(B)/libplacard.a $(ALL_LDLIBS)

# Valgrind memcheck of a multi-page render (the main path: YAML with an SVG
# logo → layout → Pango text, vector QR → PDF post-processing → file): no
# errors and no leaks; only system-library internals are suppressed, each
# explained in tests/valgrind.supp.
VALGRIND = valgrind --error-exitcode=99 --num-callers=40 --leak-check=full --show-leak-kinds=definite,indirect,possible \
	   --errors-for-leak-kinds=definite,indirect,possible --suppressions=tests/valgrind.supp
valgrind: $(B)/.deps $(PLACARD_BIN)
	PLACARD_DATADIR=$(CURDIR) $(VALGRIND) $(PLACARD_BIN) render assets/examples/week-of-action.yaml \
		-l poster-a3 -o $(B)/valgrind.pdf --quiet
	pdfinfo $(B)/valgrind.pdf | grep -q '^Pages: *4$$'
# end valgrind

# Benchmark (tests/bench, not part of `make test`): the reference job at
# 1, 200, 1,000 and 10,000 records through placard and through a minimal
# cairo+Pango+libqrencode program, paired; prints the table kept in README.
BENCH_PKGS = pangocairo cairo-pdf libqrencode
$(B)/bench-baseline: tests/bench/baseline.c | $(B)/.deps
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(BENCH_PKGS)) -o $@ $< \
		$(shell pkg-config --libs $(BENCH_PKGS))

$(B)/bench-qrmatrix: tests/bench/qrmatrix.c | $(B)/.deps
	$(CC) -std=c11 $(WARN) $(CFLAGS) $(shell pkg-config --cflags libqrencode) -o $@ $< \
		$(shell pkg-config --libs libqrencode)

bench: $(B)/.deps $(PLACARD_BIN) $(B)/bench-baseline $(B)/bench-qrmatrix
	PLACARD=$(PLACARD_BIN) BASELINE=$(B)/bench-baseline QRMATRIX=$(B)/bench-qrmatrix \
		./tests/bench/bench.sh $(BENCH_SIZES)

# Typst for `make bench` only (from npm, into the git-ignored .bench/); never in deps or CI.
# Reference images of every built-in layout (tests/ref/, compared by
# tests/t_refs.sh): after a deliberate change of a layout's look, run this,
# look at every picture that changed (git status), and commit them.
refs: all
	PLACARD=./placard ./tools/refs.sh tests/ref

bench-typst:
	./tools/typst.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 placard $(DESTDIR)$(BINDIR)/placard
	cp -r layouts assets $(DESTDIR)$(DATADIR)/

clean:
	rm -rf build build-san build-fuzz placard out tests/out tests/out-san tests/summary.txt

.PHONY: all deps demo test suite sanitize bench bench-typst refs install clean fuzz valgrind
