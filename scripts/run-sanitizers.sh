#!/usr/bin/env bash
# Builds and runs the C++ tests under AddressSanitizer + UBSan (`asan` preset) and under
# ThreadSanitizer (`tsan` preset), stopping at the first sanitizer report.
#
#   scripts/run-sanitizers.sh [asan|tsan ...]      (both by default)
#
# Benchmarks are not built (the presets turn them off). SANITIZER_JOBS=n sets the build and test
# parallelism (default 2). Prints the time each preset took.
set -euo pipefail

presets=("$@")
if [ ${#presets[@]} -eq 0 ]; then
  presets=(asan tsan)
fi
jobs=${SANITIZER_JOBS:-2}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

timings=()
for preset in "${presets[@]}"; do
  case "$preset" in
    asan | tsan) ;;
    *) echo "unknown preset '$preset' (asan or tsan)" >&2; exit 2 ;;
  esac
  start=$(date +%s)
  echo "== $preset: configure"
  cmake --preset "$preset" -G Ninja >/dev/null
  echo "== $preset: build"
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: test"
  # The presets set halt_on_error for the sanitizers, so any report fails its test.
  ctest --preset "$preset" -j "$jobs" --timeout 600
  timings+=("$preset: $(($(date +%s) - start)) s")
done

echo "== sanitizer runs passed"
printf '%s\n' "${timings[@]}"
