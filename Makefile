# callsift: the two commands a new user runs are `make run` and `make test`.
# Every target installs what is missing first (scripts/deps.sh checks, and does nothing when all is there).

SWIFT      ?= swift
BUILD_DIR  ?= .build
CALLSIFT    = $(BUILD_DIR)/debug/callsift
SAMPLES     = samples/out

.PHONY: all deps build samples run test bench clean

all: build

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build --build-path $(BUILD_DIR) --product callsift

samples: deps
	@samples/generate.sh $(SAMPLES)

run: build samples
	@$(CALLSIFT) probe $(SAMPLES)/*

test: deps
	$(SWIFT) build --build-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --build-path $(BUILD_DIR) --skip-build

bench: deps
	$(SWIFT) build --build-path $(BUILD_DIR) -c release --product callsift-bench
	$(BUILD_DIR)/release/callsift-bench

clean:
	rm -rf $(BUILD_DIR) $(SAMPLES) bench-out
