#!/usr/bin/env bash
# Starts the local LLM server `make llm` installed: llama.cpp's OpenAI-compatible server with
# Gemma 3 270M, on loopback only, in the foreground (Ctrl-C stops it). manifests/llm.yaml points
# the detector and the analyzer at it.
#   LLM_PORT     port (default 8080)       LLM_THREADS  CPU threads (default: every core)
#   LLM_CONTEXT  context window in tokens (default 16384; the model's limit is 32768)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${LLM_VENV:-.venv-llm}
model=$venv/models/gemma-3-270m-q4_k_m.gguf
[ -f "$model" ] || { echo "llm-server: no model at $model: run \`make llm\` first" >&2; exit 1; }
exec "$venv/bin/python" scripts/llm_server.py --model "$model" --model_alias gemma-3-270m \
  --host 127.0.0.1 --port "${LLM_PORT:-8080}" --n_ctx "${LLM_CONTEXT:-16384}" \
  --n_threads "${LLM_THREADS:-$(nproc)}" --chat_format gemma3
