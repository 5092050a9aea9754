# Thin wrapper over CMake so the common jobs are one word each.
BUILD ?= build
ASAN_BUILD ?= build-asan
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

DEBIAN_PACKAGES = cmake make g++ libcli11-dev libfmt-dev libtomlplusplus-dev \
	libsqlitecpp-dev doctest-dev libsqlite3-dev sqlite3 nlohmann-json3-dev mandoc man-db \
	clang libclang-rt-14-dev clang-format

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
N ?= 1000000
RUNS ?= 3

.PHONY: all build configure test demo install uninstall asan clean deps bench fuzz format format-check stress

all: build

deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

configure:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

demo: build
	CRT=$(CURDIR)/$(BUILD)/cmd/crt bash data/demo.sh

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

uninstall:
	@test -f $(BUILD)/install_manifest.txt || { echo "nothing installed from $(BUILD)"; exit 1; }
	xargs -d '\n' rm -f < $(BUILD)/install_manifest.txt
	rm -f $(BUILD)/install_manifest.txt

bench: build
	bash bench/run.sh $(BUILD) $(N) $(RUNS)

# Each libFuzzer target runs FUZZ_SECONDS on a scratch copy of its seed corpus;
# crashes are written to $(FUZZ_BUILD)/crashes and fail the target.
fuzz:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCRT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_csv fuzz_ndjson fuzz_catalogue fuzz_batch_line
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRT_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.cpp' '*.h')

stress: build
	CRT_STRESS_ROUNDS=500 ctest --test-dir $(BUILD) --output-on-failure -R 'killed|concurrent'

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
