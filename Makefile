# taizhang (党建台账) — build, test, install.
#
#   make run        install missing Debian packages, build, open the UI on a copy of sample.db
#   make test       -Werror build, lint (of the built objects), sanitizer build, unit tests,
#                   end-to-end tests in tmux
#   make install    PREFIX=/usr/local DESTDIR= honoured
#   make install-server  the same, plus the taizhang group, its database folder (STATEDIR,
#                   default /var/lib/taizhang) and the binary setgid to it; as root
#   make sample.db  regenerate the committed sample database
#   make V=1 ...    show the full commands
#
# Two variants share this file: VARIANT=release (build/release) and VARIANT=asan
# (build/asan, AddressSanitizer + UndefinedBehaviorSanitizer). Top-level targets call
# $(MAKE) for the variant they need, so pkg-config runs only after `deps` installed things.

PREFIX    ?= /usr/local
DESTDIR   ?=
TZ_GROUP  ?= taizhang
STATEDIR  ?= /var/lib/taizhang
CC        ?= cc
CFLAGS    ?= -O2 -g
VARIANT   ?= release
VERSION   := 0.1.0

PKGS      := ncursesw sqlite3 xlsxwriter libxcrypt pangocairo cairo-pdf
STD       := -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
UNIHAN    ?= /usr/share/unicode/Unihan_Readings.txt.bz2

ifeq ($(VARIANT),asan)
B         := build/asan
SANFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B         := build/release
SANFLAGS  :=
endif
G         := build/gen
# the sanitizer build runs with the known leaks of system libraries suppressed (tests/lsan.supp)
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

ifeq ($(V),1)
Q :=
else
Q := @
endif

PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS)))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm -pthread
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(SANFLAGS) -pthread -Iinclude -DTZ_VERSION='"$(VERSION)"' $(PKG_CFLAGS) -MMD -MP
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

# ---- sources, one list per layer -------------------------------------------------------
CORE_SRC   := $(wildcard src/core/*.c)
SPEC_SRC   := $(wildcard src/spec/*.c)
DB_SRC     := $(wildcard src/db/*.c)
REPORT_SRC := $(wildcard src/report/*.c)
UI_SRC     := $(wildcard src/ui/*.c)
APP_SRC    := src/main.c src/report_cli.c src/sync_cli.c

obj = $(patsubst %.c,$(B)/%.o,$(1))
CORE_OBJ   := $(call obj,$(CORE_SRC)) $(B)/gen/pinyin_table.o
SPEC_OBJ   := $(call obj,$(SPEC_SRC))
DB_OBJ     := $(call obj,$(DB_SRC)) $(B)/gen/migrations.o
REPORT_OBJ := $(call obj,$(REPORT_SRC))
UI_OBJ     := $(call obj,$(UI_SRC))
APP_OBJ    := $(call obj,$(APP_SRC)) $(B)/gen/builtin_forms.o
ALL_OBJ    := $(CORE_OBJ) $(SPEC_OBJ) $(DB_OBJ) $(REPORT_OBJ) $(UI_OBJ) $(APP_OBJ)

UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all run deps test unit e2e lint install install-server uninstall clean sample.db variant-all bench
all: $(B)/taizhang $(B)/taizhang-crypt taizhang

taizhang: $(B)/taizhang
	$(Q)ln -sf $(B)/taizhang taizhang

# ---- compile and link --------------------------------------------------------------------
$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen/%.o: $(G)/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/taizhang: $(ALL_OBJ)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

# the password-hashing helper (src/crypt_main.c): libcrypt alone, so that it stays small
$(B)/taizhang-crypt: $(B)/src/crypt_main.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(shell pkg-config --libs libxcrypt)

GEN_OBJ := $(call obj,$(wildcard src/tools/gensample*.c))
$(B)/gensample: $(GEN_OBJ) $(DB_OBJ) $(SPEC_OBJ) $(CORE_OBJ)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

# ---- generated sources -------------------------------------------------------------------
$(G)/pinyin_table.c: src/tools/mkpinyin.sh
	@mkdir -p $(G)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh src/tools/mkpinyin.sh $(UNIHAN) > $@.tmp && mv $@.tmp $@

$(G)/migrations.c: src/tools/embed.sh $(sort $(wildcard src/db/migrations/*.sql))
	@mkdir -p $(G)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh src/tools/embed.sh tz_migrations $(sort $(wildcard src/db/migrations/*.sql)) > $@.tmp && mv $@.tmp $@

$(G)/builtin_forms.c: src/tools/embed.sh $(sort $(wildcard forms/*.form forms/*.menu forms/*.report))
	@mkdir -p $(G)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh src/tools/embed.sh tz_builtin_forms $(sort $(wildcard forms/*.form forms/*.menu forms/*.report)) > $@.tmp && mv $@.tmp $@

# ---- unit tests: each links only the layers it tests ---------------------------------------
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
$(B)/tests/test_core: $(B)/tests/unit/test_core.o $(CORE_OBJ)
$(B)/tests/test_spec: $(B)/tests/unit/test_spec.o $(SPEC_OBJ) $(CORE_OBJ)
# every other unit test (test_db, the ledgers' rules, reports) links the layers below the ui
# with the database fixtures of tests/unit/dbtest.c
$(filter-out $(B)/tests/test_core $(B)/tests/test_spec,$(UNIT_TESTS)): $(B)/tests/%: \
		$(B)/tests/unit/%.o $(B)/tests/unit/dbtest.o $(REPORT_OBJ) $(DB_OBJ) $(SPEC_OBJ) $(CORE_OBJ)
$(UNIT_TESTS):
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS) $(CMOCKA_LIBS)

# the stress helper used by the crash and concurrency tests (tests/e2e/t_crash.sh, t_concurrency.sh)
$(B)/tests/saver: $(B)/tests/stress/saver.o $(DB_OBJ) $(SPEC_OBJ) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

variant-all: $(B)/taizhang $(B)/taizhang-crypt $(UNIT_TESTS) $(B)/tests/saver

unit: $(UNIT_TESTS) $(B)/taizhang-crypt
	@for t in $(UNIT_TESTS); do echo "== $$t"; LC_ALL=C.UTF-8 TZ_FORMS_DIR=forms \
		TZ_CRYPT_HELPER=$(B)/taizhang-crypt $$t || exit 1; done

# ---- top-level workflows -----------------------------------------------------------------
deps:
	@sh src/tools/deps.sh

run:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@test -f build/work.db || install -m 600 sample.db build/work.db   # ID numbers, password hashes: private
	@echo "Opening build/work.db (a working copy of sample.db)"
	./taizhang build/work.db

# the borders between layers, from the sources' includes and from the symbols of the built objects
lint: $(ALL_OBJ) $(B)/src/crypt_main.o
	@CC="$(CC)" LINT_CORE="$(CORE_OBJ)" LINT_SPEC="$(SPEC_OBJ)" LINT_DB="$(DB_OBJ)" \
		LINT_REPORT="$(REPORT_OBJ)" LINT_UI="$(UI_OBJ)" \
		LINT_MAIN="$(APP_OBJ) $(B)/src/crypt_main.o" sh src/tools/lint.sh

test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory VARIANT=release variant-all
	@$(MAKE) --no-print-directory VARIANT=release lint
	@$(MAKE) --no-print-directory VARIANT=asan variant-all
	@$(MAKE) --no-print-directory VARIANT=asan unit
	@TZ_BIN=$(CURDIR)/build/asan/taizhang TZ_SAVER=$(CURDIR)/build/asan/tests/saver sh tests/e2e/run.sh

e2e:
	@$(MAKE) --no-print-directory VARIANT=asan build/asan/taizhang build/asan/taizhang-crypt \
		build/asan/tests/saver
	@TZ_BIN=$(CURDIR)/build/asan/taizhang TZ_SAVER=$(CURDIR)/build/asan/tests/saver sh tests/e2e/run.sh $(T)

sample.db:
	@$(MAKE) --no-print-directory VARIANT=release build/release/gensample
	rm -f sample.db.tmp sample.db.tmp-writer
	build/release/gensample sample.db.tmp
	mv sample.db.tmp sample.db
	rm -f sample.db.tmp-writer

install: $(B)/taizhang $(B)/taizhang-crypt
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/taizhang \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -m 755 $(B)/taizhang-crypt $(DESTDIR)$(PREFIX)/libexec/taizhang/taizhang-crypt
	install -m 644 taizhang.1 $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1

# A server where township clerks sign in over SSH (README: Running it for a whole county): only
# the group TZ_GROUP may enter STATEDIR, where the database lives; the binary runs setgid to
# that group and uses its rights only to open a database there. chmod after chgrp, which
# clears the setgid bit.
install-server: install
	getent group $(TZ_GROUP) >/dev/null || groupadd --system $(TZ_GROUP)
	chgrp $(TZ_GROUP) $(DESTDIR)$(PREFIX)/bin/taizhang
	chmod 2755 $(DESTDIR)$(PREFIX)/bin/taizhang
	install -d -m 2770 -o root -g $(TZ_GROUP) $(DESTDIR)$(STATEDIR)
	@echo "Now: sudo $(PREFIX)/bin/taizhang init $(STATEDIR)/taizhang.db (README: Running it for a whole county)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/taizhang $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1 \
		$(DESTDIR)$(PREFIX)/libexec/taizhang/taizhang-crypt

clean:
	rm -rf build taizhang

# ---- benchmarks: `make bench` (separate from `make test`; never asserts on time) ----------
# The national-scale generator, the saver the concurrency section runs 20 of, the probe that
# reads a process's CPU time, and the driver src/tools/bench.sh. BENCH_OPTS go to gennational
# (e.g. BENCH_OPTS=--counties=300 for a quick run); results in build/bench/.
NAT_OBJ := $(call obj,src/tools/gennational.c src/tools/gennational_names.c src/tools/gennational_ledgers.c \
                          src/tools/gensample_contracts.c)
$(B)/gennational: $(NAT_OBJ) $(DB_OBJ) $(SPEC_OBJ) $(CORE_OBJ)
$(B)/bench_saver: $(B)/src/tools/bench_saver.o $(B)/gen/builtin_forms.o $(DB_OBJ) $(SPEC_OBJ) $(CORE_OBJ)
$(B)/bench_probe: $(B)/src/tools/bench_probe.o
$(B)/bench_xlsx_floor: $(B)/tests/bench/xlsx_floor.o
$(B)/gennational $(B)/bench_saver $(B)/bench_probe $(B)/bench_xlsx_floor:
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDFLAGS_ALL) $(PKG_LIBS)

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory VARIANT=release build/release/taizhang \
		build/release/taizhang-crypt build/release/gennational build/release/bench_saver build/release/bench_probe \
		build/release/bench_xlsx_floor
	@sh src/tools/bench.sh $(BENCH_OPTS)

-include $(ALL_OBJ:.o=.d) $(wildcard $(B)/tests/unit/*.d $(B)/tests/stress/*.d $(B)/tests/bench/*.d $(B)/src/tools/*.d)
