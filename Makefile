# Thin wrapper over CMake so the common jobs are one word each.
BUILD ?= build
ASAN_BUILD ?= build-asan
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

DEBIAN_PACKAGES = cmake make g++ libcli11-dev libfmt-dev libtomlplusplus-dev \
	libsqlitecpp-dev doctest-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libpq-dev postgresql \
	mandoc man-db \
	clang libclang-rt-14-dev clang-format shellcheck zsh bash-completion time

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
N ?= 1000000
RUNS ?= 3
# make stress: full-scale kill and concurrency campaigns (make test runs a
# short pass of the same tests). STRESS_SEED replays a kill campaign.
STRESS_ROUNDS ?= 200
STRESS_ROWS ?= 100000
STRESS_WRITES ?= 300
# CRT_WERROR=ON in the environment (CI sets it) makes every warning an error.
CMAKE_FLAGS = $(if $(CRT_WERROR),-DCRT_WERROR=$(CRT_WERROR))

.PHONY: all build configure test demo install uninstall asan clean deps bench fuzz format format-check \
	lint stress test-pg

all: build

deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)

# make test-browser: the site crt publish writes, opened in headless Chromium
# (tests/browser/run.sh). Its packages are not in DEBIAN_PACKAGES: make test
# needs no browser. npm comes with the nodejs of some images; else Debian's.
BROWSER_PACKAGES = chromium
.PHONY: deps-browser test-browser

deps-browser:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PACKAGES)
	command -v npm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm

test-browser: build
	bash tests/browser/run.sh $(BUILD)

configure:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

demo: build
	rm -rf $(BUILD)/demo-site
	CRT=$(CURDIR)/$(BUILD)/cmd/crt CRT_DEMO_SITE=$(CURDIR)/$(BUILD)/demo-site bash data/demo.sh

# install records what it put under PREFIX in PREFIX/share/crt/install_manifest.txt
# (paths without DESTDIR), so uninstall removes exactly that, whatever the
# build directory has done since; uninstall then removes the manifest and
# crt's own data directory, and nothing else.
MANIFEST = $(PREFIX)/share/crt/install_manifest.txt

install: build
	DESTDIR='$(DESTDIR)' cmake --install $(BUILD) --prefix '$(PREFIX)'
	awk -v d='$(DESTDIR)' 'd != "" && index($$0, d) == 1 { $$0 = substr($$0, length(d) + 1) } { print }' \
		$(BUILD)/install_manifest.txt > '$(DESTDIR)$(MANIFEST)'

uninstall:
	@test -f '$(DESTDIR)$(MANIFEST)' || { echo "no crt installed under $(DESTDIR)$(PREFIX)" >&2; exit 1; }
	awk -v d='$(DESTDIR)' '{ print d $$0 }' '$(DESTDIR)$(MANIFEST)' | xargs -d '\n' rm -f
	rm -f '$(DESTDIR)$(MANIFEST)'
	rmdir '$(DESTDIR)$(PREFIX)/share/crt'

# ENGINE=pg runs the PostgreSQL cases (bench/run_pg.sh) on a throwaway
# server instead; PG_N requests (default 100000).
ENGINE ?= sqlite
PG_N ?= 100000
bench: build
ifeq ($(ENGINE),pg)
	bash bench/run_pg.sh $(BUILD) $(PG_N) $(RUNS)
else
	bash bench/run.sh $(BUILD) $(N) $(RUNS)
endif

# Each libFuzzer target runs FUZZ_SECONDS on a scratch copy of its seed corpus;
# crashes are written to $(FUZZ_BUILD)/crashes and fail the target.
fuzz:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCRT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_csv fuzz_ndjson fuzz_catalogue fuzz_batch_line
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRT_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.cpp' '*.h')

# Checks that need no build: formatting and shellcheck of the scripts (the
# generated completion is shellchecked by a CLI test, once it is built).
lint: format-check
	bash tests/lint.sh

stress: build
	CRT_STRESS_ROUNDS=$(STRESS_ROUNDS) CRT_STRESS_ROWS=$(STRESS_ROWS) CRT_STRESS_WRITES=$(STRESS_WRITES) \
		$(if $(STRESS_SEED),CRT_STRESS_SEED=$(STRESS_SEED)) \
		ctest --test-dir $(BUILD) --output-on-failure -V -L stress

# The CLI suite against a throwaway PostgreSQL cluster (tests/pg/run.sh);
# PG_TESTS=test_request limits it to the tests named.
test-pg: build
	bash tests/pg/run.sh $(BUILD) $(PG_TESTS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
