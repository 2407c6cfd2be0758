#!/usr/bin/env bash
# Regenerates the expected outputs of the CLI golden tests (tests/golden/cases.txt) from the
# built fundrules program. Review the diff before committing: every change in it is a change
# users will see.
#
# Usage: tests/golden/update.sh [BUILD_DIR]   (default: build)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
program=$build/fundrules
if [[ ! -x $program ]]; then
  echo "update.sh: no fundrules program at $program; build it first" >&2
  exit 2
fi

golden=$root/tests/golden
cd "$root"
declare -A written=()
while read -r name status stdout args; do
  [[ -z ${name} || ${name} == \#* ]] && continue
  eval "set -- $args"
  set +e
  "$program" "$@" >"$golden/$name.out.tmp" 2>"$golden/$name.err.tmp"
  actual=$?
  set -e
  if [[ $actual != "$status" ]]; then
    echo "update.sh: $name exits $actual; cases.txt expects $status (update cases.txt if intended)" >&2
  fi
  if [[ -n ${written[$stdout]:-} ]] && ! cmp -s "$golden/$name.out.tmp" "$golden/$stdout"; then
    echo "update.sh: $name writes other output than ${written[$stdout]} into $stdout" >&2
  fi
  if [[ -z ${written[$stdout]:-} ]]; then
    mv "$golden/$name.out.tmp" "$golden/$stdout"
    written[$stdout]=$name
  else
    rm "$golden/$name.out.tmp"
  fi
  if [[ -s $golden/$name.err.tmp ]]; then
    mv "$golden/$name.err.tmp" "$golden/$name.stderr"
  else
    rm -f "$golden/$name.err.tmp" "$golden/$name.stderr"
  fi
done <"$golden/cases.txt"
echo "updated; review with: git diff -- tests/golden" >&2
