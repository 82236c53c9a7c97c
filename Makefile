# franca — run foreign programs on Linux.
#
#   make            build build/franca
#   make demo       install dependencies, build, run the real FreeBSD esbuild
#   make check      every test: unit, generated-file staleness, fuzz corpus,
#                   CLI errors, conformance against native oracles
#   make fuzz       run the libFuzzer targets (FUZZ_TIME seconds each)
#   make bench      franca/native wall-time ratios, written to docs/bench.md
#   make install    PREFIX=/usr/local

CC ?= gcc
PREFIX ?= /usr/local
BUILD := build
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -Iinclude -I$(BUILD)/gen \
	  -fno-strict-aliasing -MMD -MP
LDLIBS := -lpthread
# A static PIE: no run-time linker to load at start-up (measured: 0.17 ms
# of a Go hello's 0.8 ms overhead), and still out of the way of guests
# linked at 0x400000.
FRANCA_LDFLAGS := -static-pie

SRCS := $(wildcard loader/*.c) $(wildcard syscalls/trap/*.c) $(wildcard syscalls/freebsd/*.c) \
	$(wildcard abi/freebsd/*.c) $(wildcard abi/x86_64/*.c)
ASMS := $(wildcard syscalls/trap/*.S)
GEN_C := $(BUILD)/gen/fbsd_sysent.c
GEN_H := $(BUILD)/gen/fbsd_sysent.h
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o) $(ASMS:%.S=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/fbsd_sysent.o
COMPAT_MD := docs/compat/freebsd-syscalls.md

.PHONY: all demo check test fuzz fuzz-replay bench install clean setup gen gen-check \
	cli-test conformance conformance-full

all: $(BUILD)/franca

# One generator, one rule: the dispatch table, its prototypes and the report.
$(GEN_C) $(GEN_H) $(COMPAT_MD) &: syscalls/freebsd/syscalls.tbl tools/gensyscalls.py
	@mkdir -p $(BUILD)/gen
	python3 tools/gensyscalls.py $< $(GEN_C) $(GEN_H) $(COMPAT_MD)

gen: $(GEN_C)

$(BUILD)/obj/%.o: %.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

$(BUILD)/obj/gen/fbsd_sysent.o: $(GEN_C) $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/franca: $(OBJS)
	$(CC) $(LDFLAGS) $(FRANCA_LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

-include $(OBJS:.o=.d)

setup:
	bash tools/setup.sh

demo: setup $(BUILD)/franca
	bash tools/demo.sh

# ---- tests ---------------------------------------------------------------

TEST_SRCS := $(filter-out tests/fuzz/%,$(wildcard tests/*/*.c))
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
LIB_OBJS := $(filter-out $(BUILD)/obj/loader/main.o,$(OBJS))

$(BUILD)/tests/%: tests/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iabi/freebsd -o $@ $< $(LIB_OBJS) -lcriterion $(LDLIBS)

test: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; $$t --jobs 2; done

# Generated files that are committed must match their sources.
gen-check:
	@mkdir -p $(BUILD)/gen-check
	@python3 tools/gensyscalls.py syscalls/freebsd/syscalls.tbl $(BUILD)/gen-check/s.c \
		$(BUILD)/gen-check/s.h $(BUILD)/gen-check/freebsd-syscalls.md
	@cmp -s $(BUILD)/gen-check/freebsd-syscalls.md $(COMPAT_MD) || \
		{ echo "$(COMPAT_MD) is stale: run make gen"; exit 1; }
	@echo "generated files are current"

FUZZ_TIME ?= 60
FUZZ_SRC := tests/fuzz/fuzz_image.c
LOADER_CORE := loader/image.c

$(BUILD)/fuzz/fuzz_image: $(FUZZ_SRC) $(LOADER_CORE)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Iinclude -o $@ $^

# The corpus replays without libFuzzer, under ASan and UBSan.
$(BUILD)/fuzz/replay_image: $(FUZZ_SRC) tests/fuzz/replay.c $(LOADER_CORE)
	@mkdir -p $(dir $@)
	$(CC) -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE -Iinclude -o $@ $^

fuzz: $(BUILD)/fuzz/fuzz_image
	@mkdir -p $(BUILD)/fuzz/corpus
	$(BUILD)/fuzz/fuzz_image -max_total_time=$(FUZZ_TIME) $(BUILD)/fuzz/corpus tests/fuzz/corpus

fuzz-replay: $(BUILD)/fuzz/replay_image
	$(BUILD)/fuzz/replay_image tests/fuzz/corpus/*

cli-test: $(BUILD)/franca
	bash tests/cli/run.sh

conformance: $(BUILD)/franca
	bash conformance/run.sh

conformance-full: $(BUILD)/franca
	FULL=1 bash conformance/run.sh

check: setup gen-check $(BUILD)/franca test fuzz-replay cli-test conformance
	@echo "make check: all passed"

bench: setup $(BUILD)/franca
	bash tools/bench.sh

install: $(BUILD)/franca
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/franca $(DESTDIR)$(PREFIX)/bin/franca
	install -m 755 tools/go_freebsd_amd64_exec $(DESTDIR)$(PREFIX)/bin/go_freebsd_amd64_exec
	install -m 644 docs/franca.1 $(DESTDIR)$(PREFIX)/share/man/man1/franca.1

clean:
	rm -rf $(BUILD)
