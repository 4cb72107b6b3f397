#!/usr/bin/env bash
# Generates every family of the sample corpus into a scratch workspace and runs each crate's
# generated smoke test (every action, with its required params, against the crate's own fake
# server). What "a new family is tested for free" means, measured over every corpus family.
#
#   tools/corpus-smoke.sh [CORPUS_DIR]     (default ../shared/corpus/ucloud-docs)
#
# Uses the repository's target dir, so registry crates are built once. Prints one line per
# family and a total; exits 1 when any action fails.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$repo/../shared/corpus/ucloud-docs}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$repo/Cargo.toml" -p sdkgen
"$repo/target/debug/sdkgen" generate "$corpus" --out "$work/generated" --runtime-path "$repo/runtime" \
  --no-cargo-check > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
# The repository's [profile.*] sections too: with other profile settings every registry crate
# would be built again (with full debug info, gigabytes on a small disk).
{ printf '[workspace]\nmembers = ["generated/*"]\nresolver = "2"\n\n'
  sed -n '/^\[profile\./,/^$/p' "$repo/Cargo.toml"; } > "$work/Cargo.toml"
cp "$repo/Cargo.lock" "$work/"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
cd "$work"
cargo test --quiet --workspace --test smoke --no-run 2> "$work/build.log" || { tail -30 "$work/build.log"; exit 1; }
passed=0; failed=0
for manifest in generated/*/Cargo.toml; do
  krate="$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)"
  out="$(cargo test --quiet -p "$krate" --test smoke 2>&1)"
  line="$(grep '^test result' <<< "$out")"
  p=$(awk '{print $4}' <<< "$line"); f=$(awk '{print $6}' <<< "$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  echo "$krate: ${p:-0} passed, ${f:-0} failed"
  grep -E "^[A-Z][A-Za-z0-9]+: " <<< "$out" | sort -u | sed 's/^/  /'
done
echo "total: $passed actions passed, $failed failed"
[ "$failed" -eq 0 ]
