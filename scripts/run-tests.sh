#!/usr/bin/env bash
# Sets everything up (first run only) and runs every test: the C++ tests (ctest), the Python
# package's tests (pytest, after `pip install` of the package into the checkout's virtualenv),
# the bundled rulesets' own checks (ruleset tests, lint), then the C++ tests again under
# AddressSanitizer + UBSan and under ThreadSanitizer, and every fuzz target for a bounded time.
# CI runs exactly this (.ci/run).
#
#   bash scripts/run-tests.sh            # everything (CI)
#   bash scripts/run-tests.sh --quick    # leave out the sanitizer builds and the fuzzers
#
# The sanitizer and fuzz part (two sanitizer builds of the whole suite, the fuzz build, and
# FUNDRULES_FUZZ_SECONDS per fuzz target, default 30) is the long one: about 30 minutes on two
# cores, against about 11 for the rest. The times of each part are printed at the end.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

full=${FUNDRULES_FULL:-1}
for arg in "$@"; do
  case "$arg" in
    --quick) full=0 ;;
    --full) full=1 ;;
    -h | --help)
      sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) echo "run-tests.sh: unknown option '$arg' (--quick, --full, --help)" >&2; exit 2 ;;
  esac
done

timings=()
stage_start=$(date +%s)
end_stage() {
  timings+=("$(printf '%-34s %5d s' "$1" $(($(date +%s) - stage_start)))")
  stage_start=$(date +%s)
}

bash scripts/setup.sh
end_stage "setup and build"
build_dir=${FUNDRULES_BUILD_DIR:-build/default}
venv=${FUNDRULES_VENV:-.venv}
jobs=$(nproc 2>/dev/null || echo 2)

echo "== C++ tests (ctest)"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
end_stage "C++ tests"

if [ -f pyproject.toml ]; then
  echo "== Python package (pip install .[test]) and its tests (pytest)"
  "$venv/bin/python" -m pip install -q ".[test]"
  # The C++ program is handed to the tests that compare the Python and CLI outputs.
  FUNDRULES_CLI="$root/$build_dir/fundrules" "$venv/bin/python" -m pytest tests/python
  end_stage "Python tests"
fi

if [ "$full" != 1 ]; then
  echo "== not run (--quick): the C++ tests under ASan+UBSan and TSan, and the fuzzers"
else
  echo "== C++ tests under AddressSanitizer + UBSan, then ThreadSanitizer"
  SANITIZER_JOBS=$jobs bash scripts/run-sanitizers.sh asan tsan
  end_stage "sanitizer builds and tests"
  echo "== fuzz targets, ${FUNDRULES_FUZZ_SECONDS:-30} s each"
  FUZZ_JOBS=$jobs bash tests/fuzz/run.sh "${FUNDRULES_FUZZ_SECONDS:-30}"
  end_stage "fuzz build and runs"
fi

echo "== all tests passed$([ "$full" != 1 ] && echo ' (--quick: no sanitizer builds, no fuzzers)')"
printf '%s\n' "${timings[@]}"
