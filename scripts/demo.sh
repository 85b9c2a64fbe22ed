#!/usr/bin/env bash
# Install ficlens into .venv and analyse the example story that ships in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/ficlens analyze examples/the-lighthouse-keeper.txt --format table
