#!/usr/bin/env bash
# Peer yardstick for the parser benchmark: zstd -3 compression speed on the same real sta report text
# that ParserBenchmark repeats in memory (bench/target/corpus/report-*.txt, made by bench/run parser).
#
#   bench/peers.sh [report-file] [runs]
#
# Prints, MB = 10^6 bytes, zstd single-threaded (its default):
#  1. `zstd -3 -c FILE > /dev/null` wall-clock (bash `time`, ms resolution), median and best of <runs>
#     (default 10) after one untimed run with the file in the page cache, on
#     a. the cached report itself, and
#     b. the benchmark input: the same report repeated as ParserBenchmark does (whole copies nearest
#        64 MiB), written once to bench/target/corpus/input-<N>x.txt, so process start-up is amortized;
#  2. zstd's own in-memory benchmark on the cached report (`zstd -b3`: no file I/O, no process start-up),
#     the closest match to the in-memory parser benchmark.
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

# The benchmark input: ReportCorpus.repeated() uses round(64 MiB / size) whole copies (at least one).
copies="$(awk -v b="$bytes" 'BEGIN { c = int(67108864 / b + 0.5); print (c < 1) ? 1 : c }')"
big="$(dirname "$file")/input-${copies}x-$(basename "$file")"
if [ ! -f "$big" ] || [ "$big" -ot "$file" ]; then
  for _ in $(seq "$copies"); do cat "$file"; done > "$big.tmp" && mv "$big.tmp" "$big"
fi

echo "zstd $(zstd --version | sed -n 's/.*\(v[0-9.]*\).*/\1/p'), $(nproc) CPUs, $runs runs each"

timed() { # file -> "median_ns best_ns"
  local f="$1" t
  local -a times=()
  cat "$f" >/dev/null
  zstd -q -3 -c "$f" >/dev/null
  for _ in $(seq "$runs"); do
    t="$( { TIMEFORMAT=%3R; time zstd -q -3 -c "$f" >/dev/null; } 2>&1 )"
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, a[1] }'
}

report() { # label file
  local label="$1" f="$2" n r
  n="$(stat -c %s "$f")"
  read -r med best < <(timed "$f")
  r="$(zstd -q -3 -c "$f" | wc -c)"
  awk -v l="$label" -v b="$n" -v m="$med" -v s="$best" -v c="$r" 'BEGIN {
    printf "zstd -3 -c %s > /dev/null: %d bytes, median %.3f s = %.0f MB/s, best %.3f s = %.0f MB/s (ratio %.1f)\n",
      l, b, m, b / m / 1e6, s, b / s / 1e6, b / c }'
}

report "$(basename "$file")" "$file"
report "$(basename "$big")" "$big"
# zstd -b prints progress with carriage returns; the last line is "... (xR), C MB/s, D MB/s".
last="$(zstd -b3 -i3 "$file" 2>&1 | tr '\r' '\n' | grep -E 'MB/s, ' | tail -1)"
comp="$(printf '%s' "$last" | sed -n 's/.*), *\([0-9.]*\) MB\/s,.*/\1/p')"
echo "zstd -b3 (in memory, $(basename "$file")): compression ${comp} MB/s  [${last#"${last%%[! ]*}"}]"
