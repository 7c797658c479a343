#!/usr/bin/env bash
# Peer yardstick for the parser benchmark: zstd -3 compression speed on the same real sta report text
# that ParserBenchmark repeats in memory (bench/target/corpus/report-*.txt, made by bench/run parser).
#
#   bench/peers.sh [report-file] [runs]
#
# Prints: the file and its size; `zstd -3 -c file > /dev/null` timed wall-clock over <runs> runs
# (default 10, after one untimed warm-up run with the file in the page cache): median and best MB/s;
# and zstd's own in-memory benchmark (`zstd -b3`, no file I/O, one thread). MB = 10^6 bytes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v zstd >/dev/null || { echo "peers.sh: zstd not found (apt-get install zstd)" >&2; exit 1; }

file="${1:-}"
runs="${2:-10}"
if [ -z "$file" ]; then
  jar="$root/bench/target/benchmarks.jar"
  [ -f "$jar" ] || { echo "peers.sh: no $jar; run bench/run parser first" >&2; exit 1; }
  file="$(cd "$root" && STADB_REPO_ROOT="$root" "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$jar" \
    io.stadb.bench.ReportCorpus 2>/dev/null)"
fi
[ -f "$file" ] || { echo "peers.sh: no such file: $file" >&2; exit 1; }
bytes="$(stat -c %s "$file")"

cat "$file" >/dev/null                 # page cache
zstd -q -3 -c "$file" >/dev/null       # warm-up
times=()
for _ in $(seq "$runs"); do
  t0="$(date +%s%N)"
  zstd -q -3 -c "$file" >/dev/null
  t1="$(date +%s%N)"
  times+=("$((t1 - t0))")
done
sorted="$(printf '%s\n' "${times[@]}" | sort -n)"
median_ns="$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')"
best_ns="$(printf '%s\n' "$sorted" | head -1)"
ratio="$(zstd -q -3 -c "$file" | wc -c)"

echo "file: $file ($bytes bytes, $(zstd --version | sed -n 's/.*\(v[0-9.]*\).*/\1/p'))"
awk -v b="$bytes" -v m="$median_ns" -v s="$best_ns" -v n="$runs" -v c="$ratio" 'BEGIN {
  printf "zstd -3 -c file > /dev/null: median %.1f MB/s, best %.1f MB/s over %d runs (%.1f ms median); ratio %.2f\n",
    b / (m / 1e9) / 1e6, b / (s / 1e9) / 1e6, n, m / 1e6, b / c }'
# zstd -b prints progress with carriage returns; keep the final line.
printf 'zstd -b3 (in memory): %s\n' "$(zstd -b3 -i5 "$file" 2>&1 | tr '\r' '\n' | grep -E 'MB/s' | tail -1 | sed 's/^ *//')"
