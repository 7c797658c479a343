#!/usr/bin/env bash
# Scaling curves: ingest time, store bytes (segments, path index, dictionary), query latencies (worst-100,
# a page of 1000 at 50 %, stats, a full walk) and peak heap / RSS of the ingest and of the queries, at
# 100K, 1M, 2M, 4M and 10M paths. The inputs are end-format reports (one table row per path, from
# EndTableGenerator, as `stadb gen --format end`): the query engine reads only the path index, so a row
# costs a query what a full path does, and 10M full paths (40 GB of text) would not fit this machine's time.
# Each ingest and each query run is its own JVM (io.stadb.bench.ScalingProbe), so peaks are its own.
#
#   bench/scaling.sh [--quick] [--out PREFIX]
#
#   --quick   100K, 300K and 1M paths, 3 query runs (about 2 minutes), written to bench/target/scaling-quick.*
#   default   100K, 1M, 2M, 4M, 10M paths, 5 query runs, written to docs/scaling.{csv,md,svg}
#   --out     where to write PREFIX.csv, PREFIX.md and PREFIX.svg
#   --sizes "N …"   the path counts to run (default as above)
#   --endpoints N   a fixed design of N endpoints at every size (default: one per four paths, a design that
#             grows with the report, so the store meets ever more names)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sizes=(100000 1000000 2000000 4000000 10000000)
runs=5
out="$root/docs/scaling"
endpoints=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) sizes=(100000 300000 1000000); runs=3; out="$root/bench/target/scaling-quick"; shift ;;
    --out) out="$2"; shift 2 ;;
    --endpoints) endpoints="$2"; shift 2 ;;
    --sizes) read -r -a sizes <<< "$2"; shift 2 ;;
    -h|--help) sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "scaling.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
bench_jar
work="$root/bench/target/scaling"
mkdir -p "$work" "$(dirname "$out")"
results="$work/results.kv"
: > "$results"
machine
for n in "${sizes[@]}"; do
  text="$work/end-$n${endpoints:+-e$endpoints}.txt"
  [ -s "$text" ] || bench_java io.stadb.bench.ScalingProbe gen "$n" 1 "$text" $endpoints
  rm -rf "$work/store-$n"
  sync
  ing="$(bench_java io.stadb.bench.ScalingProbe ingest "$text" "$work/store-$n" 2>/dev/null | tail -1)"
  qry="$(bench_java io.stadb.bench.ScalingProbe query "$work/store-$n" "$runs" 2>/dev/null | tail -1)"
  echo "$ing,$qry" >> "$results"
  echo "$n paths: $ing"
  echo "$n paths: $qry"
  rm -rf "$work/store-$n"
done
bench_java io.stadb.bench.ScalingChart "$results" "$out"
echo "wrote ${out}.csv, ${out}.md, ${out}.svg"
cat "${out}.md"
