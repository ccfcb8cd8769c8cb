#!/usr/bin/env bash
# Soak (issue #12, D23; not in CI): every property purpose of the bundled catalog (`ppp-conform list
# --format tsv`, kind property) against the unfaulted reference, at PLANS generated plans for each
# of three seeds. A failure here is a false failure of the oracle or a real bug of the reference:
# triage it against SPEC, then keep its shrunk plan as a lab test (tests/suites/lab_test.cpp).
#
# Usage: scripts/soak.sh [PLANS] (default 1000000); SEEDS="1 2 3", JOBS=2, PROFILE=cisco-ios,
# PPP_CONFORM=./build/ci/suites/ppp-conform, OUT=build/soak (one log per purpose and seed).
# Prints one line per purpose and seed (verdict, wall time, plans) and a summary with the
# reproduce lines of every failure. Exit 0 when every run passed, 1 otherwise.
#
# How long (2026-12-04, the 2-core development machine shared with other builds): the default
# 11 purposes x 3 seeds x 10^6 plans took 3105 s and 3293 s (52-160 s per run); 10^5 plans take a
# tenth of that. `SEEDS=1 scripts/soak.sh` runs one seed at 10^6 plans (about 18 minutes).
set -uo pipefail
cd "$(dirname "$0")/.."

plans=${1:-1000000}
seeds=${SEEDS:-"1 2 3"}
jobs=${JOBS:-2}
profile=${PROFILE:-cisco-ios}
bin=${PPP_CONFORM:-./build/ci/suites/ppp-conform}
out=${OUT:-build/soak}

if [ ! -x "$bin" ]; then
  echo "soak: $bin is not built (cmake --build --preset ci)" >&2
  exit 2
fi
mkdir -p "$out"
mapfile -t purposes < <("$bin" list --format tsv | awk -F'\t' '$4 == "property" { print $1 }')
if [ ${#purposes[@]} -eq 0 ]; then
  echo "soak: no property purpose in the catalog" >&2
  exit 2
fi

echo "soak: ${#purposes[@]} property purposes x seeds ($seeds) x $plans plans, profile $profile, $jobs jobs"
printf '%-14s %-22s %-7s %9s %9s\n' PURPOSE SEED VERDICT SECONDS PLANS
started=$(date +%s)
passed=0
failed=0
errors=0
reproduce=()
for tp in "${purposes[@]}"; do
  for seed in $seeds; do
    log="$out/$tp.seed$seed.log"
    t0=$(date +%s.%N)
    "$bin" run --tp "$tp" --plans "$plans" --seed "$seed" --jobs "$jobs" --profile "$profile" >"$log" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    # The verdict is the first word of the purpose's result line (pass, fail, none, inconc, error).
    verdict=$(awk -v tp="$tp" '$2 == tp && $1 ~ /^(pass|fail|none|inconc|error)$/ { print $1; exit }' "$log")
    [ -n "$verdict" ] || verdict="exit$rc"
    case $verdict in
      pass | none) passed=$((passed + 1)) ;;
      fail) failed=$((failed + 1))
            while IFS= read -r line; do reproduce+=("$line"); done < <(grep -o 'ppp-conform replay .*' "$log" | sort -u) ;;
      *) errors=$((errors + 1)) ;;
    esac
    printf '%-14s %-22s %-7s %9.1f %9s\n' "$tp" "$seed" "$verdict" "$(echo "$t1 - $t0" | bc)" "$plans"
  done
done
elapsed=$(( $(date +%s) - started ))
echo
echo "soak summary: $passed passed (or none), $failed failed, $errors errors of $(( ${#purposes[@]} * $(echo $seeds | wc -w) )) runs in ${elapsed} s (logs in $out)"
for line in "${reproduce[@]}"; do echo "  $line"; done
[ "$failed" -eq 0 ] && [ "$errors" -eq 0 ]
