#!/usr/bin/env bash
# Explore ingest at depth, outside the default suite: the property tests of tests/ingest/test_fuzz.py
# (text, AO3 HTML, saved page, EPUB, Markdown front matter, JSON Lines for passages and batch) with
# the `fuzz` hypothesis profile, FICLENS_FUZZ_EXAMPLES cases each (default 10,000) and a random seed
# (FICLENS_FUZZ_SEED to replay one). A failure prints the seed and a @reproduce_failure blob; keep it
# as a plain test in tests/ingest/test_hostile_inputs.py. Figures go to docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "run scripts/test.sh first (it creates .venv)" >&2; exit 2; }
export FICLENS_HYPOTHESIS_PROFILE=fuzz
export FICLENS_FUZZ_EXAMPLES="${FICLENS_FUZZ_EXAMPLES:-10000}"
seed="${FICLENS_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
echo "fuzz: ${FICLENS_FUZZ_EXAMPLES} cases per format, seed ${seed}"
exec .venv/bin/python -m pytest -q -p no:cacheprovider tests/ingest/test_fuzz.py \
  --hypothesis-seed="${seed}" --hypothesis-show-statistics "$@"
