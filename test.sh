#!/usr/bin/env bash
# Installs what the tests need where it is missing, then runs the whole build with its tests.
# Tests that need OpenSTA fail (not skip) when it is absent and CI is set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

need=()
command -v sta >/dev/null 2>&1 || need+=(opensta)
[ -f /usr/share/qflow/tech/osu018/osu018_stdcells.lib ] || need+=(qflow-tech-osu018)
[ -f /usr/share/qflow/tech/osu035/osu035_stdcells.lib ] || need+=(qflow-tech-osu035)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

mvn -B verify "$@"

# The Python client against a real `stadb serve` (the jar mvn verify just built).
if command -v python3 >/dev/null 2>&1; then
  echo "test.sh: Python client tests (clients/python)" >&2
  (cd clients/python && python3 -m unittest discover -s tests -v)
else
  echo "test.sh: python3 not found: skipping the Python client tests (clients/python)" >&2
fi
