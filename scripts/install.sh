#!/usr/bin/env bash
# make install: callsift, its resources and the speech engine's virtualenv under PREFIX/lib/callsift,
# the command on PATH (PREFIX/bin/callsift, a link), the man page and bash/zsh/fish completions.
#   PREFIX          where to install (default /usr/local)
#   INSTALL_CONFIG  release (default) or debug
#   SPEECH_VENV     an existing speech virtualenv to link instead of creating one there
#   INSTALL_BIN     a build's bin folder to install from, instead of building (the tests)
# The binary finds the virtualenv beside itself (PREFIX/lib/callsift/.venv); CALLSIFT_HOME or
# CALLSIFT_PYTHON point it elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=${PREFIX:-/usr/local}
config=${INSTALL_CONFIG:-release}
swift=${SWIFT:-swift}
build=${BUILD_DIR:-.build}
home="$prefix/lib/callsift"

if [ -n "${INSTALL_BIN:-}" ]; then
  bin=$INSTALL_BIN
else
  echo "install: building callsift ($config)"
  "$swift" build --build-path "$build" -c "$config" --product callsift
  bin=$("$swift" build --build-path "$build" -c "$config" --show-bin-path)
fi

mkdir -p "$home" "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
# Each file replaced whole (a copy, then a rename): a run going on with the old binary keeps it.
install -m 755 "$bin/callsift" "$home/.callsift.new"
mv -f "$home/.callsift.new" "$home/callsift"
for resources in "$bin"/callsift_*.resources; do
  rm -rf "$home/$(basename "$resources")"
  cp -R "$resources" "$home/"
done
ln -sfn ../lib/callsift/callsift "$prefix/bin/callsift"

if [ -n "${SPEECH_VENV:-}" ]; then
  ln -sfn "$(cd "$SPEECH_VENV" && pwd)" "$home/.venv"
else
  VENV="$home/.venv" scripts/setup-speech.sh
fi

"$home/callsift" --generate-completion-script bash > "$prefix/share/bash-completion/completions/callsift"
"$home/callsift" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_callsift"
"$home/callsift" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/callsift.fish"

# The man page: man/callsift.1, made from the commands' own help by `make man` (a test checks it
# names every command and option of this build).
install -m 644 man/callsift.1 "$prefix/share/man/man1/callsift.1"

echo "install: $prefix/bin/callsift ($("$prefix/bin/callsift" --version))"
