# helios — build, test and install.  `make V=1` shows the commands.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR ?=

# O is the build directory; SAN=1 builds with AddressSanitizer and UBSan.
O ?= build
SAN ?=
CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
SAN_FLAGS = -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=undefined,float-cast-overflow

# pkg-config module = Debian package that provides it
DEPS = ncursesw=libncurses-dev libcjson=libcjson-dev check=check

ifeq ($(V),1)
Q =
else
Q = @
endif

# Check (and as root on Debian, install) the build libraries, except for a
# bare `make clean`.
ifneq ($(MAKECMDGOALS),clean)
$(shell tools/deps.sh $(DEPS) >&2)
endif

PKG_CFLAGS := $(shell pkg-config --cflags libcjson ncursesw 2>/dev/null)
CJSON_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null)
CURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) $(WARNINGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS)
ifeq ($(SAN),1)
ALL_CFLAGS += $(SAN_FLAGS)
ALL_LDFLAGS += $(SAN_FLAGS)
endif

# The pure core is a library of its own: tools/core-check.sh proves from it
# that it calls only memory and string functions.
CORE_SRC = $(wildcard src/core/*.c)
LIB_SRC = $(wildcard src/job/*.c src/proc/*.c src/run/*.c src/render/*.c src/export/*.c)
CLI_SRC = $(wildcard src/cli/*.c)
TUI_SRC = $(wildcard src/tui/*.c)
UNIT_SRC = $(wildcard tests/unit/*.c)

# Text the binaries carry, kept as files of their own language.
EMBED_OBJ = $(O)/gen/render/timescript.o
CORE_OBJ = $(CORE_SRC:%.c=$(O)/%.o)
LIB_OBJ = $(LIB_SRC:%.c=$(O)/%.o) $(EMBED_OBJ)
CLI_OBJ = $(CLI_SRC:%.c=$(O)/%.o)
TUI_OBJ = $(TUI_SRC:%.c=$(O)/%.o)
UNIT_OBJ = $(UNIT_SRC:%.c=$(O)/%.o)
# The TUI's curses-free model, linked into the unit tests too.
TUI_MODEL_OBJ = $(patsubst %.c,$(O)/%.o,$(wildcard src/tui/state.c src/tui/session.c src/tui/picker.c))

# libFuzzer harnesses (tests/fuzz/): built with clang, ASan and UBSan into
# $(O)/fuzz/, the library objects they link compiled again with those flags.
FUZZ_CC ?= clang
FUZZ_TIME ?= 5
FUZZ_SAN = -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined,float-cast-overflow
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) $(WARNINGS) -g -O1 $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link -MMD -MP
FUZZ_LIB_SRC = $(wildcard src/core/*.c src/job/*.c) src/run/mp4.c
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=$(O)/fuzz/obj/%.o)
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_NAMES:%=$(O)/fuzz/fuzz_%)
FUZZ_MISSING = helios: clang with libFuzzer is missing (Debian: clang libclang-rt-14-dev; sh tools/deps.sh --install)

CORE_LIB = $(O)/libhelios-core.a
LIB = $(O)/libhelios.a $(CORE_LIB)
PROGRAMS = $(O)/helios $(if $(TUI_SRC),$(O)/helios-tui)
# Shell completion, written by helios itself from its tables (src/cli/complete.c).
COMPLETION = $(O)/completion/helios.bash $(O)/completion/_helios
MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)

.PHONY: all demo check check-all check-rounds check-core check-layers check-unit check-shell check-san check-fuzz fuzz fuzz-build install uninstall clean bench screenshots man-lint

all: $(PROGRAMS) $(COMPLETION)

$(O)/completion/helios.bash: $(O)/helios
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(O)/helios --completion bash >$@.tmp && mv $@.tmp $@

$(O)/completion/_helios: $(O)/helios
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(O)/helios --completion zsh >$@.tmp && mv $@.tmp $@

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/gen/render/timescript.c: src/render/timescript.js tools/embed.sh
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  EMBED   $<")
	$(Q)tools/embed.sh $< render_time_script render/page.h >$@.tmp && mv $@.tmp $@

$(O)/gen/%.o: $(O)/gen/%.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(O)/libhelios.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(CORE_LIB): $(CORE_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/helios: $(CLI_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(CJSON_LIBS) -lm

$(O)/helios-tui: $(TUI_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(TUI_OBJ) $(LIB) $(CURSES_LIBS) $(CJSON_LIBS) -lm

$(O)/unit-tests: $(UNIT_OBJ) $(TUI_MODEL_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(TUI_MODEL_OBJ) $(LIB) $(CHECK_LIBS) $(CJSON_LIBS) -lm

$(UNIT_OBJ): ALL_CFLAGS += $(CHECK_CFLAGS) -Isrc

$(O)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(O)/fuzz/libhelios-fuzz.a: $(FUZZ_LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/fuzz/fuzz_%: $(O)/fuzz/obj/tests/fuzz/fuzz_%.o $(O)/fuzz/libhelios-fuzz.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(CJSON_LIBS) -lm

fuzz:
	$(Q)tests/fuzz/run.sh --probe $(FUZZ_CC) || { echo "$(FUZZ_MISSING)" >&2; exit 1; }
	$(Q)$(MAKE) --no-print-directory fuzz-build

fuzz-build: $(FUZZ_BIN)

# Keep the harness objects: they are not intermediate files to delete.
.SECONDARY: $(FUZZ_NAMES:%=$(O)/fuzz/obj/tests/fuzz/fuzz_%.o)

# Every test: the unit tests on both builds, the shell tests once, on the
# sanitizer build (the plain build's code under AddressSanitizer and
# UndefinedBehaviorSanitizer), the fuzzers; each runner prints its own
# summary line.  check-all adds the shell tests on the plain build (CI runs
# it).  A round that fails does not stop the others (their results are
# what tells a flaky test from a broken build); the last line names the
# rounds that failed.
CHECK_ROUNDS = check-core check-layers check-unit check-fuzz check-san
check:
	$(Q)$(MAKE) --no-print-directory ROUNDS="$(CHECK_ROUNDS)" check-rounds

check-all:
	$(Q)$(MAKE) --no-print-directory ROUNDS="$(CHECK_ROUNDS) check-shell" check-rounds

check-rounds:
	$(Q)failed=; for round in $(ROUNDS); do \
		$(MAKE) --no-print-directory $$round || failed="$$failed $$round"; \
	done; \
	if [ -n "$$failed" ]; then echo "make check: failed:$$failed"; exit 1; fi

check-core: $(CORE_LIB)
	$(Q)tools/core-check.sh $(CORE_LIB)

check-layers:
	$(Q)tools/layers.sh

check-unit: $(O)/unit-tests
	$(Q)CK_DEFAULT_TIMEOUT=60 $(O)/unit-tests

# The shell tests run the installed programs: install into a staging tree.
check-shell: $(PROGRAMS)
	$(Q)rm -rf $(O)/stage && $(MAKE) --no-print-directory install DESTDIR=$(abspath $(O))/stage PREFIX=/usr >/dev/null
	$(Q)HELIOS_BIN_DIR=$(abspath $(O))/stage/usr/bin MANPATH=$(abspath $(O))/stage/usr/share/man tests/run.sh

check-san:
	$(Q)$(MAKE) -k --no-print-directory O=build/san SAN=1 check-unit check-shell

# Each harness for FUZZ_TIME seconds from its seed corpus alone, so that a
# regression on a known input fails here.  Skipped, saying so, without clang.
check-fuzz:
	$(Q)if tests/fuzz/run.sh --probe $(FUZZ_CC); then \
		$(MAKE) --no-print-directory fuzz-build && rm -rf $(O)/fuzz/corpus && \
		tests/fuzz/run.sh $(O)/fuzz $(FUZZ_TIME); \
	else echo "skip fuzz: $(FUZZ_MISSING)"; fi

# The main job on the bundled example: the planner on a 10-second render in
# 4 chunks; F2 writes $(O)/demo/job.json.
demo: $(PROGRAMS)
	$(Q)mkdir -p $(O)/demo
	$(Q)$(O)/helios-tui examples/intro.html -o $(O)/demo/intro.mp4 --duration 10 \
		--width 1280 --height 720 --concurrency 4 --emit-job $(O)/demo/job.json
	$(Q)if [ -f $(O)/demo/job.json ]; then \
		echo "make demo: the job is $(O)/demo/job.json; render it with: $(O)/helios job run $(O)/demo/job.json"; \
	else \
		echo "make demo: no job was saved (press F2 in the planner before q), so there is nothing to run"; \
	fi

bench: $(PROGRAMS)
	$(Q)bench/run.sh $(abspath $(O))

# screenshots/*.png from the real helios-tui (tmux, python3, chromium).
screenshots: $(PROGRAMS)
	$(Q)tools/screenshots.sh $(abspath $(O))

man-lint:
	$(Q)for m in $(MAN1) $(MAN5) $(MAN7); do \
		out=$$(LC_ALL=C.UTF-8 groff -ww -z -man -t -Tutf8 $$m 2>&1); \
		if [ -n "$$out" ]; then echo "$$m: $$out"; exit 1; fi; done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(O)/completion/helios.bash $(DESTDIR)$(BASHCOMPDIR)/helios
	install -m 644 $(O)/completion/_helios $(DESTDIR)$(ZSHCOMPDIR)/_helios
	$(if $(strip $(MAN1)),install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(strip $(MAN5)),install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/)
	$(if $(strip $(MAN7)),install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/helios $(DESTDIR)$(ZSHCOMPDIR)/_helios
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7)))

clean:
	rm -rf build

-include $(CORE_OBJ:.o=.d) $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_NAMES:%=$(O)/fuzz/obj/tests/fuzz/fuzz_%.d)
