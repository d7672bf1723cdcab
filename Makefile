# The two commands of the README: `make demo` and `make test`. Each installs
# missing Debian packages (as root), configures, builds and runs.
SHELL := /bin/bash
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CMAKE_FLAGS ?=
# CI (which sets CI=true) builds with -Werror: a new warning fails it there.
ifeq ($(CI),true)
WERROR := -DIAMEVAL_WERROR=ON
endif
# Debian 12's clang 14 tools (scripts/install-deps.sh with IAMEVAL_WITH_LINT=1).
CLANG_FORMAT ?= $(shell command -v clang-format-14 || echo clang-format)
CLANG_TIDY ?= $(shell command -v clang-tidy-14 || echo clang-tidy)
RUN_CLANG_TIDY ?= $(shell command -v run-clang-tidy-14 || echo run-clang-tidy)

.PHONY: all deps configure build demo test test-sanitize bench bench-json fuzz clean format \
	format-check tidy lint-deps

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(LAUNCHER) $(WERROR) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD)/simulator/iameval

CTEST_ARGS ?=
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

# ASan + UBSan build of the whole suite (CI runs it too). The generated-
# scenario tests run 20,000 scenarios each here; the Release run does 100,000.
test-sanitize:
	@IAMEVAL_DIFF_COUNT=20000 IAMEVAL_PROP_COUNT=20000 $(MAKE) --no-print-directory test BUILD=build-asan BUILD_TYPE=RelWithDebInfo \
	  CMAKE_FLAGS="-DIAMEVAL_SANITIZE=ON -DIAMEVAL_BUILD_BENCHMARKS=OFF" \
	  CTEST_ARGS="-LE slow"

bench: deps
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release $(LAUNCHER) \
	  -DIAMEVAL_BUILD_BENCHMARKS=ON -DIAMEVAL_BUILD_TESTS=OFF >/dev/null
	@cmake --build build-bench -j$(JOBS)
	@build-bench/bench/iameval_bench $(BENCH_ARGS)

# make bench-json > results.json
bench-json:
	@$(MAKE) --no-print-directory bench BENCH_ARGS="--benchmark_format=json"

# The project's own C++ files: tracked, outside third_party/ (vendored).
FORMAT_FILES = git ls-files -- '*.h' '*.cc' ':!:third_party/**'

lint-deps:
	@IAMEVAL_WITH_LINT=1 bash scripts/install-deps.sh

format: lint-deps
	@$(FORMAT_FILES) | xargs $(CLANG_FORMAT) -i

# Fails, naming the files, when any differs from clang-format's output.
format-check: lint-deps
	@bad=$$($(FORMAT_FILES) | xargs $(CLANG_FORMAT) --dry-run --Werror 2>&1 | \
	  sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u); \
	if [ -n "$$bad" ]; then \
	  echo "format-check: not clang-formatted ($$($(CLANG_FORMAT) --version)); run make format:"; \
	  echo "$$bad" | sed 's/^/  /'; exit 1; \
	fi

# clang-tidy (.clang-tidy) over the library and the CLI, with the compile
# commands of $(BUILD); any finding fails. Clang does not know every GCC
# warning option of those commands (-Wno-error=restrict): not a finding.
tidy: configure lint-deps
	@set -o pipefail; \
	$(RUN_CLANG_TIDY) -clang-tidy-binary $(CLANG_TIDY) -p $(BUILD) -j$(JOBS) -quiet \
	  -extra-arg=-Wno-unknown-warning-option '^$(CURDIR)/(lib|simulator)/.*\.cc$$' 2>&1 | \
	  { grep -v -e '^clang-tidy' -e 'warnings generated' -e '^Suppressed [0-9]* warnings' \
	    -e '^Use -header-filter' -e 'display errors from system headers' || true; }

clean:
	@rm -rf build build-asan build-bench build-fuzz

# libFuzzer (clang) on every fuzz target, FUZZ_SECONDS each, two at a time.
# New inputs go to build-fuzz/corpus-*; copy crashes into tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
fuzz:
	@IAMEVAL_WITH_CLANG=1 bash scripts/install-deps.sh
	@CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DIAMEVAL_FUZZ=ON -DIAMEVAL_BUILD_SIMULATOR=OFF $(LAUNCHER) >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target \
	  $$(ls tests/fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/_fuzz.cc/_fuzzer/')
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh build-fuzz
