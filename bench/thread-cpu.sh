#!/usr/bin/env bash
# CPU seconds per thread of one command (a JVM's threads are named: stadb-ingest-writer, C2 CompilerThread…),
# read from /proc every 0.3 s while it runs; the last reading of each thread is printed when it exits.
# For "where did the cores go" in an ingest, e.g.:
#
#   bench/thread-cpu.sh java $(sed -n 's/^stadb.jvm.flags=//p' config/jvm.properties) -jar tools/target/stadb.jar \
#       ingest --db /tmp/t.db --stage g /tmp/gen100k.txt --no-progress
#
# The command's own output goes to stderr; the table (seconds, thread name, tid) to stdout, largest first.
# Threads that end between two readings lose up to 0.3 s of their time; Linux truncates names to 15 bytes.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
"$@" >&2 &
pid=$!
declare -A ticks
while kill -0 "$pid" 2>/dev/null; do
  for t in /proc/"$pid"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    name=$(cat "$t/comm" 2>/dev/null) || continue
    # Fields after the ")" that closes the name: utime and stime are the 12th and 13th.
    read -r -a f <<< "${stat##*) }"
    ticks["$name (${t##*/})"]=$(( f[11] + f[12] ))
  done
  sleep 0.3
done
status=0
wait "$pid" || status=$?
hz=$(getconf CLK_TCK)
for k in "${!ticks[@]}"; do
  printf '%s\t%s\n' "${ticks[$k]}" "$k"
done | sort -rn | awk -F'\t' -v hz="$hz" '$1 > 0 { printf "%7.2f s  %s\n", $1 / hz, $2 }'
exit "$status"
