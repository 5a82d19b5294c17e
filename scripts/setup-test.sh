#!/usr/bin/env bash
# Creates .venv-test with what only the tests use (the official MCP client, requirements-test.txt).
# Does nothing when .venv-test already matches the file.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-test
requirements=requirements-test.txt
stamp=$venv/.requirements.sha256
wanted=$(sha256sum < "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi

echo "setup: installing the test tools into $venv (the MCP client)"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
"$venv/bin/python" -c "import mcp"
echo "$wanted" > "$stamp"
