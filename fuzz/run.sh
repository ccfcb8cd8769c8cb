#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset (clang++, ASan + UBSan, build/fuzz) and runs
# each one for N inputs (first argument, default 20000) with -max_len=512, starting from its seed
# corpus fuzz/corpus/<name>/ (SPEC test vectors). New inputs go to a scratch directory, so the
# seed corpus stays as committed. Prints per target the number of inputs executed; exits non-zero
# if any target crashes (sanitizer report or a violated property) or fails to run.
set -euo pipefail

runs="${1:-20000}"
if ! [[ "$runs" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [RUNS]   (RUNS: number of inputs per target, default 20000)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
targets=(lcp pap chap cbcp ipcp ipv4 icmp q931 call_event frame_body async_deframer sync from_hex pcapng)

cmake --preset fuzz
# Only the fuzzers (and ppp_wire under them), not the rest of the project.
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/ppp-fuzz-XXXXXX")"
trap 'rm -rf -- "$scratch"' EXIT

export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

failed=()
for name in "${targets[@]}"; do
  binary="build/fuzz/fuzz/fuzz_${name}"
  corpus="$scratch/corpus_${name}"
  log="$scratch/${name}.log"
  mkdir -p "$corpus"
  status=0
  "$binary" -runs="$runs" -max_len=512 -artifact_prefix="$scratch/${name}-" \
    "$corpus" "fuzz/corpus/${name}" >"$log" 2>&1 || status=$?
  executed="$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)"
  if [[ $status -eq 0 && -n "$executed" ]]; then
    printf 'fuzz_%-15s %8s inputs executed, no crash\n' "$name" "$executed"
  else
    printf 'fuzz_%-15s CRASH (exit %d) after %s inputs\n' "$name" "$status" "${executed:-?}"
    tail -n 40 "$log" >&2
    for artifact in "$scratch/${name}"-*; do
      [[ -e "$artifact" ]] || continue
      mkdir -p build/fuzz/crashes
      cp -- "$artifact" build/fuzz/crashes/
      echo "  reproducer kept: build/fuzz/crashes/$(basename -- "$artifact")" >&2
    done
    failed+=("$name")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "crashed: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#targets[@]} fuzz targets ran ${runs} inputs each without a crash"
