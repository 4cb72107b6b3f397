#!/usr/bin/env bash
# Compile cost of generated code: generates SDK crates from the largest sample-corpus folders into
# a scratch workspace outside the repository, builds their dependencies once, then times
# `cargo check` and a debug `cargo build` of each generated crate alone (its sources touched, every
# dependency already built) and counts its code lines.
#
#   tools/bench-compile.sh [FOLDER...]        default: ulb-api uedn-api uhost-api
#
# Environment:
#   SDKGEN_CORPUS      the corpus (default: shared/corpus/ucloud-docs in the nearest folder above
#                      the repository that has one)
#   BENCH_DIR          scratch workspace (default /tmp/sdkgen-compile; wiped first)
#   BENCH_TARGET_DIR   its target dir (default $BENCH_DIR/target; give a persistent one to keep
#                      the dependencies built between runs)
#   RUNS               timed runs per figure, the median is reported (default 5)
#   INSTRUCTIONS=1     also count the instructions rustc executes to check each crate, under
#                      valgrind's cachegrind: the same from run to run, unlike the timings, so
#                      it shows a change too small for this machine's noise (needs valgrind;
#                      about a minute a crate)
#
# Each crate is compiled from scratch (CARGO_INCREMENTAL=0), as it is when users build it as a
# dependency; the incremental re-check of unchanged sources after a touch (what an edit-compile
# loop inside the generated crate costs) is reported beside it. The figures include cargo's and
# rustc's start-up (about 0.3 s a run), which is not per action.
#
# Code lines are our own count (tokei's "code" rule for Rust): lines of src/**/*.rs that are
# neither blank nor `//` comments (so `///` and `//!` docs do not count). The breakdown classifies
# each code line by its first token. Prints a Markdown table; never fails on slow figures.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${SDKGEN_CORPUS:-}
if [[ -z $corpus ]]; then
    dir=$repo
    while [[ $dir != / ]]; do
        if [[ -d $dir/shared/corpus/ucloud-docs ]]; then
            corpus=$dir/shared/corpus/ucloud-docs
            break
        fi
        dir=$(dirname "$dir")
    done
fi
if [[ -z $corpus || ! -d $corpus ]]; then
    echo "bench-compile: no sample corpus (shared/corpus/ucloud-docs) found; nothing to measure"
    exit 0
fi
folders=("$@")
[[ ${#folders[@]} -gt 0 ]] || folders=(ulb-api uedn-api uhost-api)
work=${BENCH_DIR:-/tmp/sdkgen-compile}
target=${BENCH_TARGET_DIR:-$work/target}
runs=${RUNS:-5}

rm -rf "$work/specs" "$work/crates"
mkdir -p "$work/specs"
for f in "${folders[@]}"; do
    cp -r "$corpus/$f" "$work/specs/$f"
done

echo "bench-compile: generating ${folders[*]} into $work/crates" >&2
(cd "$repo" && cargo run -q -p sdkgen -- generate "$work/specs" --out "$work/crates" \
    --runtime-path "$repo/runtime" --color never >/dev/null 2>"$work/generate.log") || {
    echo "bench-compile: sdkgen generate failed, see $work/generate.log" >&2
    exit 1
}
# The floor: a crate with the same dependency and no code, timed like the others, so the table
# can also give the cost above it (what the actions add, without cargo's and rustc's start-up).
mkdir -p "$work/floor/src"
cat >"$work/floor/Cargo.toml" <<EOF
[package]
name = "bench-floor"
version = "0.0.0"
edition = "2021"

[dependencies]
sdkgen-runtime = { path = "$repo/runtime" }
EOF
printf '%s\n' '//! The same dependency as a generated crate, and no code.' 'pub use sdkgen_runtime::Result;' \
    >"$work/floor/src/lib.rs"
cat >"$work/Cargo.toml" <<'EOF'
[workspace]
members = ["crates/*", "floor"]
resolver = "2"
EOF
# The repository's lock file: the same dependency versions the project builds with.
cp "$repo/Cargo.lock" "$work/Cargo.lock"

export CARGO_TARGET_DIR=$target
cd "$work"
echo "bench-compile: building dependencies once (target $target)" >&2
# Warnings in the generated code go to the log, not the table.
cargo build -q --workspace 2>>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
cargo check -q --workspace 2>>"$work/build.log"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Seconds of `cargo $1` for crate $2 after touching its sources, median of $runs; $4 is the
# CARGO_INCREMENTAL setting (0: from scratch).
time_cargo() {
    local cmd=$1 pkg=$2 dir=$3 incremental=$4 i t0 t1
    for ((i = 0; i < runs; i++)); do
        find "$dir/src" -name '*.rs' -exec touch {} +
        t0=$(now)
        CARGO_INCREMENTAL=$incremental cargo "$cmd" -q -p "$pkg" 2>>"$work/build.log"
        t1=$(now)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
    done | median
}
# Code lines of .rs files: not blank, not a `//` comment.
code_lines() { cat "$@" | grep -v -E '^\s*(//.*)?$' | wc -l; }

breakdown_all=$(mktemp)
floor_check=$(time_cargo check bench-floor "$work/floor" 0)
floor_build=$(time_cargo build bench-floor "$work/floor" 0)
echo "bench-compile: an empty crate with the same dependency: check ${floor_check} s, build ${floor_build} s" >&2
printf '| family | actions | code lines | lines/action | operation lines/action | check s | check ms/action | debug build s | build ms/action | incremental re-check ms/action | check / build ms/action above an empty crate |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for dir in "$work"/crates/*/; do
    dir=${dir%/}
    pkg=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1)
    actions=$(find "$dir/src/operation" -name '*.rs' ! -name mod.rs | wc -l)
    mapfile -t rs < <(find "$dir/src" -name '*.rs' | sort)
    mapfile -t ops < <(find "$dir/src/operation" -name '*.rs' ! -name mod.rs | sort)
    lines=$(code_lines "${rs[@]}")
    op_lines=$(code_lines "${ops[@]}")
    cat "${rs[@]}" | grep -v -E '^\s*(//.*)?$' >>"$breakdown_all"
    check=$(time_cargo check "$pkg" "$dir" 0)
    build=$(time_cargo build "$pkg" "$dir" 0)
    recheck=$(time_cargo check "$pkg" "$dir" 1)
    awk -v f="$(basename "$dir")" -v a="$actions" -v l="$lines" -v o="$op_lines" -v c="$check" -v b="$build" -v r="$recheck" \
        -v fc="$floor_check" -v fb="$floor_build" \
        'BEGIN { printf "| %s | %d | %d | %.1f | %.1f | %.2f | %.1f | %.2f | %.1f | %.1f | %.1f / %.1f |\n", f, a, l, l / a, o / a, c, 1000 * c / a, b, 1000 * b / a, 1000 * r / a, 1000 * (c - fc) / a, 1000 * (b - fb) / a }'
done

if [[ ${INSTRUCTIONS:-0} == 1 ]]; then
    echo
    if ! command -v valgrind >/dev/null; then
        echo "rustc instructions: valgrind is not installed; skipped"
    else
        echo "rustc instructions to check each crate from scratch (cachegrind, millions):"
        # Cargo runs rustc through this wrapper, with the environment it sets (`env!` in the
        # generated code needs it); only the crate being measured runs under cachegrind.
        cat >"$work/cachegrind-rustc.sh" <<'WRAP'
#!/bin/sh
case " $* " in
*" --crate-name $BENCH_IR_CRATE "*)
    exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null --log-file="$BENCH_IR_LOG" "$@" ;;
esac
exec "$@"
WRAP
        chmod +x "$work/cachegrind-rustc.sh"
        for dir in "$work"/crates/*/; do
            dir=${dir%/}
            pkg=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1)
            find "$dir/src" -name '*.rs' -exec touch {} +
            rm -f "$work/cachegrind.log"
            BENCH_IR_CRATE=${pkg//-/_} BENCH_IR_LOG="$work/cachegrind.log" RUSTC_WORKSPACE_WRAPPER="$work/cachegrind-rustc.sh" \
                CARGO_INCREMENTAL=0 cargo check -q -p "$pkg" 2>>"$work/build.log"
            refs=$(sed -n 's/.*I *refs: *//p' "$work/cachegrind.log" 2>/dev/null | tr -d ,)
            if [[ -n $refs ]]; then
                echo "  $(basename "$dir"): $((refs / 1000000)) M"
            else
                echo "  $(basename "$dir"): not measured (see $work/build.log)"
            fi
        done
    fi
fi

echo
echo "Code lines by kind (all families above):"
awk '
    { s = $0; sub(/^[ \t]+/, "", s) }
    s ~ /^(required|optional|list) [a-z_0-9#]+: .* = "[^"]*";$/ { k["param line (action!/params!/model!)"]++; next }
    s ~ /^[A-Za-z0-9_]+ = "[^"]*",$/ { k["enum variant line (string_enum!)"]++; next }
    s ~ /^(Range|Items|Greater|MaxSpanDays) \{/ { k["rule line"]++; next }
    s ~ /^(pub )?struct |^pub enum |^impl |^sdkgen_runtime::[a-z_]+! \{$/ { k["struct/enum/impl/macro header"]++; next }
    s ~ /^#\[serde\(/ { k["#[serde(..)] attribute"]++; next }
    s ~ /^#\[allow\(/ { k["#[allow(..)] attribute"]++; next }
    s ~ /^#\[derive\(/ { k["#[derive(..)] attribute"]++; next }
    s ~ /^#!?\[/ { k["other attribute"]++; next }
    s ~ /^(pub )?(use|mod) / { k["use / mod line"]++; next }
    s ~ /^pub fn |^pub async fn |^fn / { k["fn signature (one line)"]++; next }
    s ~ /^(pub )?[a-z_0-9]+: .*,$/ && s !~ /=/ { k["struct field / argument line"]++; next }
    s ~ /^(options|rules|pages): / { k["action! options/rules/pages line"]++; next }
    s ~ /^(self|mut self)$|^self,$|^\)|^\}|^\]|^\{/ { k["closing/bracket line"]++; next }
    { k["other"]++ }
    END { for (x in k) printf "  %6d  %s\n", k[x], x }
' "$breakdown_all" | sort -rn
rm -f "$breakdown_all"
