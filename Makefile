# Familiar verbs in front of meson + ninja.
#   make                  build into $(BUILD)
#   make install          install ioc, libioc, ioc.h, ioc.pc, man pages
#                         (PREFIX, DESTDIR honoured)
#   make install-dev      install every build and test dependency
#   make check            static analysis (-Werror build, clang-tidy,
#                         cppcheck, clang-format, mandoc, a short fuzz run)
#   make test             unit and system tests (root, real ZFS pool)
#   make cross-freebsd    compile everything for x86_64-freebsd14 (zig cc)
#   make quickstart       set everything up and run a jail (root, Debian)
#   make bench            bench/list, bench/runtime, bench/fetch: ioc
#                         against the raw zfs, nsenter, unshare and curl
#                         (root)

BUILD ?= build
PREFIX ?= /usr/local
MESONFLAGS ?=
DESTDIR ?=

.PHONY: all install install-dev check test unit-test system-test quickstart \
	cross-freebsd fuzz bench clean

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD) --prefix=$(PREFIX) $(MESONFLAGS)

install: all
	DESTDIR="$(DESTDIR)" meson install -C $(BUILD) --no-rebuild
	@# a new shared library in /usr/local/lib needs the linker cache
	@if [ -z "$(DESTDIR)" ] && [ "$$(uname -s)" = Linux ]; then ldconfig; fi

install-dev:
	scripts/install-deps

check: all
	scripts/check $(BUILD)

test: all
	tests/run -b $(BUILD) all

unit-test: all
	tests/run -b $(BUILD) unit

system-test: all
	tests/run -b $(BUILD) system

cross-freebsd:
	scripts/cross-freebsd

quickstart:
	scripts/quickstart

fuzz:
	scripts/check --fuzz-only

bench: all
	bench/list -b $(BUILD)
	bench/runtime -b $(BUILD)
	bench/fetch -b $(BUILD)

clean:
	rm -rf $(BUILD) build-asan build-fuzz .cross
