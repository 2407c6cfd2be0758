#!/usr/bin/env bash
# Sets everything up (first run only) and runs every test: the C++ tests (ctest), the Python
# package's tests (pytest, after `pip install` of the package into the checkout's virtualenv),
# and the bundled rulesets' own checks. CI runs exactly this (.ci/run).
#
#   bash scripts/run-tests.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
build_dir=${FUNDRULES_BUILD_DIR:-build/default}
venv=${FUNDRULES_VENV:-.venv}
jobs=$(nproc 2>/dev/null || echo 2)

echo "== C++ tests (ctest)"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"

if [ -f pyproject.toml ]; then
  echo "== Python package (pip install .[test]) and its tests (pytest)"
  "$venv/bin/python" -m pip install -q ".[test]"
  # The C++ program is handed to the tests that compare the Python and CLI outputs.
  FUNDRULES_CLI="$root/$build_dir/fundrules" "$venv/bin/python" -m pytest tests/python
fi
