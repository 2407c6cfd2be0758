#!/usr/bin/env bash
# Sets everything up (first run only) and checks the bundled 合肥 2017 两节送温暖 roster
# against its ruleset, the register of workers on file and the campaign's earlier list,
# printing every failure with its explanation.
#
#   bash scripts/run-example.sh [extra fundrules check options, e.g. --lang en --format json]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
build_dir=${FUNDRULES_BUILD_DIR:-build/default}
set +e
"$build_dir/fundrules" check --rules rules/cn/hefei/2017-liangjie.yaml \
  --ref registry=examples/data/hefei-2017-registry.csv \
  --ref earlier=examples/data/hefei-2017-earlier.csv \
  examples/data/hefei-2017-roster.csv "$@"
status=$?
set -e
# Exit status 1 means "the list has violations", which is what the example shows.
if [ $status -eq 1 ]; then
  echo
  echo "(exit status 1: the example roster has planted violations, as it should)"
  exit 0
fi
exit $status
