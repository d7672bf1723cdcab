# The two commands of the README: `make demo` and `make test`. Each installs
# missing Debian packages (as root), configures, builds and runs.
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test test-sanitize bench bench-json fuzz clean format

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(LAUNCHER) $(CMAKE_FLAGS) >/dev/null

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

format:
	@clang-format -i $$(git ls-files '*.h' '*.cc')

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
