# Shared by bench/peers-all.sh and bench/scaling.sh (sourced): the repository root, the benchmark jar
# (rebuilt with mvn package when missing or older than a source, as bench/run does), and the JVM flags
# of config/jvm.properties, the one flag list.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

bench_jar() {
  local srcs=("$root/pom.xml" "$root/config")
  for m in codec engine ingest query bench; do srcs+=("$root/$m/pom.xml" "$root/$m/src/main"); done
  if [ ! -f "$jar" ] || [ -n "$(find "${srcs[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "building the benchmark jar (mvn package)..." >&2
    (cd "$root" && mvn -q -B -DskipTests -Djacoco.skip=true -pl bench -am package) >&2
  fi
}

jvm_flags() {
  local prop flags major
  prop() { sed -n "s/^$1=//p" "$root/config/$2"; }
  flags="$(prop stadb.jvm.flags jvm.properties)"
  major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${major%%.*}" -ge 24 ] 2>/dev/null; then
    flags="$flags $(prop stadb.jvm.extra jvm-jdk24.properties)"
  fi
  printf '%s -Djava.io.tmpdir=%s' "$flags" "${TMPDIR:-/tmp}"
}

# bench_java CLASS ARGS...: a main class of the benchmark jar in its own JVM.
bench_java() {
  local cls="$1"; shift
  # shellcheck disable=SC2046
  "$java_bin" $(jvm_flags) -cp "$jar" "$cls" "$@"
}

machine() {
  echo "machine: $(nproc) vCPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
    "$(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1e6}' /proc/meminfo)," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), $("$java_bin" -version 2>&1 | head -1)," \
    "zstd $(zstd --version | sed -n 's/.*\(v[0-9.]*\).*/\1/p'), $(gzip --version | head -1)"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ' (+ uncommitted edits)')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}
