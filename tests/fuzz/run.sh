#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan, UBSan) and runs each for a
# bounded time on its seed corpus, printing how many inputs each one ran.
#
#   tests/fuzz/run.sh [seconds-per-target] [target...]
#
# Targets: expr regex ruleset yaml csv decimal date validators (all by default). New inputs that
# reach new code go to build/fuzz/fuzz-corpus/<target>/ (kept between runs); a crash or failed
# property leaves its input in build/fuzz/fuzz-artifacts/<target>/ and makes the script exit
# non-zero.
# FUZZ_JOBS=n builds with n jobs (default 2).
set -euo pipefail

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(expr regex ruleset yaml csv decimal date validators)
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="$root/build/fuzz"
cd "$root"

cmake --preset fuzz -G Ninja >/dev/null
programs=()
for target in "${targets[@]}"; do programs+=("fuzz_$target"); done
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${programs[@]}"

# Leaks in a fuzzer are reported by its own exit; sanitizer errors stop at the first.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

status=0
summary=()
for target in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target"
  log="$build/fuzz-logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  # Inputs that once failed must keep passing: run each once before fuzzing. (Reproducers of
  # bugs not fixed yet wait in regressions/<target>/open/, which this does not run.)
  regressions=$(find "$root/tests/fuzz/regressions/$target" -maxdepth 1 -type f 2>/dev/null || true)
  if [ -n "$regressions" ]; then
    # shellcheck disable=SC2086 # one argument per file
    if ! "$build/tests/fuzz/fuzz_$target" -timeout=10 $regressions >"$log" 2>&1; then
      echo "   a saved regression input fails again: see $log"
      summary+=("$(printf '%-12s %10s executions  %s' "$target" 0 "REGRESSION")")
      status=1
      continue
    fi
  fi
  echo "== fuzz_$target: ${seconds}s"
  # -timeout: one input taking longer than 10 s is a hang worth reporting; -rss_limit_mb keeps
  # a runaway allocation from taking the shared machine down.
  if "$build/tests/fuzz/fuzz_$target" "$corpus" "$build/fuzz-seeds/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    grep -E "^(==[0-9]+==ERROR|SUMMARY|property failed|input \()|runtime error" "$log" | head -5 || true
    echo "   log: $log"
  fi
  # libFuzzer's final stats: "stat::number_of_executed_units: N".
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  summary+=("$(printf '%-12s %10s executions  %s' "$target" "${runs:-?}" "$result")")
done

echo "== executions per target (${seconds}s each)"
printf '%s\n' "${summary[@]}"
exit $status
