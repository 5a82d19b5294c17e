#!/usr/bin/env bash
# Installs the system packages callsift needs, only when something is missing.
# Checks first (pkg-config, command -v, the test-data folder) so a machine that has everything
# runs no package manager at all: `make test` calls this every time.
set -euo pipefail

missing=()
for lib in libavformat:libavformat-dev libavcodec:libavcodec-dev libswresample:libswresample-dev \
           libavutil:libavutil-dev sqlite3:libsqlite3-dev; do
  pc=${lib%%:*}; pkg=${lib##*:}
  pkg-config --exists "$pc" 2>/dev/null || missing+=("$pkg")
done
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v ffmpeg     >/dev/null || missing+=(ffmpeg)
command -v espeak-ng  >/dev/null || missing+=(espeak-ng)
command -v sox        >/dev/null || missing+=(sox)
[ -d /usr/share/pocketsphinx/test/data ] || missing+=(pocketsphinx-testdata)
# A run's progress on a terminal is tested as a person watches it: in a tmux pane.
command -v tmux       >/dev/null || missing+=(tmux)
# The store's tests and the many-host tests run against a real PostgreSQL server, started by the
# tests in a temporary folder (postgresql-client for createdb and psql).
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v createdb   >/dev/null || missing+=(postgresql-client)
# The Slurm launcher is tested by submitting it to a private one-node cluster the test starts.
command -v sbatch     >/dev/null || missing+=(slurm-wlm)
[ -x /usr/sbin/munged ]           || missing+=(munge)
# The report tests open the HTML pages in a headless browser and screenshot them.
command -v chromium-headless-shell >/dev/null || command -v chromium >/dev/null || missing+=(chromium-headless-shell)
# The speech engine's virtualenv (make setup) needs a Python 3 with venv and pip.
command -v python3 >/dev/null && python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3 python3-venv)
# The local LLM server (make llm, and the tests of the LLM stages) is llama.cpp, which pip compiles.
command -v c++ >/dev/null || missing+=(g++)

# The held-out evaluation set (heldout/generate.py) speaks some parts with mbrola voices. Debian
# keeps them in contrib and non-free, which a stock machine does not enable: they are installed
# from a temporary source list, and the machine's own lists are refreshed afterwards, so its apt
# configuration is left as it was.
mbrola=()
for voice in us1 us2 en1; do
  [ -e "/usr/share/mbrola/$voice/$voice" ] || mbrola+=("mbrola-$voice")
done
command -v mbrola >/dev/null || mbrola+=(mbrola)

if [ ${#missing[@]} -eq 0 ] && [ ${#mbrola[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ${#mbrola[@]} -gt 0 ]; then
  echo "deps: installing ${mbrola[*]} (Debian contrib and non-free)"
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  list=$(mktemp)
  echo "deb http://deb.debian.org/debian $codename contrib non-free" > "$list"
  extra=(-o "Dir::Etc::SourceList=$list" -o "Dir::Etc::SourceParts=/nonexistent")
  $sudo apt-get "${extra[@]}" update -qq
  $sudo apt-get "${extra[@]}" install -y -qq --no-install-recommends "${mbrola[@]}" >/dev/null
  rm -f "$list"
  $sudo apt-get update -qq
fi
