#!/usr/bin/env bash
# Builds and runs every test: the unit and property tests (ctest, preset ci), the tshark and
# scapy differential tests among them, and the pppd suite in User-Mode Linux, which cross-checks
# `check` with its captures; then each libFuzzer target for a bounded number of inputs, then `check`
# against `run` on the default campaign's captures with every named fault (about 1 minute).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --workflow --preset ci
./fuzz/run.sh "${PPP_FUZZ_RUNS:-20000}"
python3 scripts/check_cross.py build/ci/suites/ppp-conform --faults all
