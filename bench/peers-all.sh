#!/usr/bin/env bash
# stadb against its peers, in one go, on the same inputs (io.stadb.bench.PeerComparison per input set):
#  1. real: two real OpenSTA reports (CodecCorpus allfields and its re-run with a tighter clock: ~30K paths
#     each, all fields) as two stages — size, load, and every query including the diff;
#  2. gen-full: `stadb gen` full-format paths (1M, ~4 GB; --quick: 25K) as one stage — size and load
#     (DuckDB gets a row per path and one per point);
#  3. gen-end: two `stadb gen --format end` reports of 1M paths (seeds 1 and 2) — queries at 1M (the query
#     engine reads only the path index, so a row costs a query what a full path does), size and load.
# Peers: text, gzip -6, zstd -3, zstd -19 -T1 (run on a prefix and scaled where the input is too big for
# it to finish in minutes: the table says so), DuckDB (org.duckdb:duckdb_jdbc, Appender, file after
# CHECKPOINT, SQL for each query). Ratios are stadb / peer. Noise: min/median/max of several runs.
#
#   bench/peers-all.sh [--quick]      (--quick: a few minutes; full: an hour or more)
#
# Output: stdout, also saved to bench/target/peers/peers-all[-quick].md. Also checks that the CLI jar
# (tools/target/stadb.jar) holds no DuckDB class: the peer lives in the bench module only.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0
[ "${1:-}" = "--quick" ] && quick=1
work="$root/bench/target/peers"
inputs="$work/inputs"
mkdir -p "$inputs"
log="$work/peers-all$([ "$quick" = 1 ] && echo -quick || true).md"

bench_jar
"$root/stadb" --version >/dev/null # builds tools/target/stadb.jar when stale
if unzip -l "$root/tools/target/stadb.jar" | grep -qi 'org/duckdb'; then
  echo "peers-all.sh: tools/target/stadb.jar contains DuckDB classes; the peer must stay in bench" >&2
  exit 1
fi

gen() { # file stadb-gen-args...
  local f="$1"; shift
  [ -s "$f" ] || { "$root/stadb" gen "$@" > "$f.tmp" && mv "$f.tmp" "$f"; }
}

if [ "$quick" = 1 ]; then
  full_paths=25000; runs=5; load_runs=1; z19=30000000
else
  full_paths=1000000; runs=7; load_runs=3; z19=0
fi
gen "$inputs/full-$full_paths.txt" --paths "$full_paths"
gen "$inputs/end-1000000-s1.txt" --paths 1000000 --format end --seed 1
gen "$inputs/end-1000000-s2.txt" --paths 1000000 --format end --seed 2
mapfile -t real < <(bench_java io.stadb.bench.CodecCorpus 2>/dev/null)

{
  echo "## bench/peers-all.sh$([ "$quick" = 1 ] && echo ' --quick')"
  echo
  machine | sed 's/^/- /'
  echo "- CLI jar has no DuckDB classes: checked (unzip -l tools/target/stadb.jar | grep -i org/duckdb: none)"
  bench_java io.stadb.bench.PeerComparison --label real --work "$work" --runs "$runs" --load-runs "$load_runs" \
    --zstd19-limit "$z19" --queries "${real[@]}"
  # zstd -19 on a whole multi-GB file takes hours at ~1 MB/s: a 100 MB prefix of each file, scaled.
  bench_java io.stadb.bench.PeerComparison --label gen-full --work "$work" --runs "$runs" \
    --load-runs 1 --zstd19-limit 100000000 "$inputs/full-$full_paths.txt"
  bench_java io.stadb.bench.PeerComparison --label gen-end --work "$work" --runs "$runs" --load-runs "$load_runs" \
    --zstd19-limit "$([ "$quick" = 1 ] && echo 20000000 || echo 0)" --queries \
    "$inputs/end-1000000-s1.txt" "$inputs/end-1000000-s2.txt"
  echo
  echo "finished: $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
} 2> >(grep -v '^SLF4J' >&2) | tee "$log"
echo "saved: ${log#"$root"/}"
