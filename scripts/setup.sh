#!/usr/bin/env bash
# Installs what fundrules needs on a fresh Debian machine, then configures and builds it.
# Safe to run again: it installs only what is missing and rebuilds only what changed.
#
#   bash scripts/setup.sh          # Debian packages, Python virtualenv, C++ build
#
# Environment: FUNDRULES_BUILD_DIR (default build/default), FUNDRULES_VENV (default .venv),
# FUNDRULES_SKIP_APT=1 to skip the Debian packages (e.g. on a machine that has them).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build_dir=${FUNDRULES_BUILD_DIR:-build/default}
venv=${FUNDRULES_VENV:-.venv}

# Debian packages: compiler, CMake, Boost (Spirit X3, Multiprecision), yaml-cpp, libyaml (the
# faster ruleset parser), Catch2 v2,
# and Python with venv. Listed once here so the README, CI and a newcomer agree. clang with
# libclang-rt-dev (libFuzzer and clang's sanitizer runtimes, only recommended by clang, so
# not pulled in by --no-install-recommends) builds the fuzz targets; g++ brings GCC's
# AddressSanitizer, UBSan and ThreadSanitizer runtimes for the sanitizer presets.
debian_packages=(g++ cmake ninja-build pkg-config libboost-dev libyaml-cpp-dev libyaml-dev catch2
                 python3 python3-venv python3-dev clang libclang-rt-dev)

missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done
if [ "${FUNDRULES_SKIP_APT:-0}" != 1 ] && [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# Python: a virtualenv inside the checkout, so nothing touches the system Python (Debian's
# pip refuses to install system-wide anyway).
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating Python virtualenv $venv"
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip

# The C++ build (library, CLI, tests).
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFUNDRULES_WERROR=ON \
    -DPython3_EXECUTABLE="$root/$venv/bin/python"
fi
cmake --build "$build_dir" -j "$jobs"
