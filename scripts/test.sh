#!/usr/bin/env bash
# Install ficlens with its test dependencies into .venv and run the whole test suite.
# Used verbatim by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Headless Chromium for the web UI's end-to-end tests (Debian packages; skipped where apt is absent).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null || \
    echo "warning: could not install chromium; browser tests will be skipped" >&2
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

# Property-based tests derandomized (tests/conftest.py): a run never fails on a change that did nothing
# wrong. Deep, randomized exploration is scripts/fuzz.sh.
export FICLENS_HYPOTHESIS_PROFILE=ci
set +e
.venv/bin/python -m pytest -q "$@"
status=$?
set -e
# pytest exits 5 when it collected no tests: that is not a failure of the code under test.
if [ "$status" -eq 5 ]; then
  echo "no tests were collected"
  exit 0
fi
exit "$status"
