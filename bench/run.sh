#!/usr/bin/env bash
# meterflow benchmark: bench/run.sh [--events N] [--scenarios uniform,zipf,meters3,dup10] [--parallelism 1,2] [--out docs/]
# (./meterflow bench calls this). Builds bench and what it depends on when sources are newer than the
# last build, then runs io.meterflow.bench.MeterflowBench. Environment:
#   MF_BENCH_JAVA_OPTS  JVM options (default -Xmx4g)
#   MF_MAVEN_OPTS       extra Maven options for the automatic build (e.g. -o for offline)
#   MF_SKIP_BUILD=1     never build
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/bench/target"
STAMP="$TARGET/.bench-build-stamp"

# The stamp holds the list of source files it was built from: a file deleted since (a migration
# taken out, say) leaves its old copy in target/, so a changed list rebuilds from clean.
SOURCES=("$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/runtimes/*/pom.xml "$ROOT"/*/src/main "$ROOT"/sql)
sources() {
  find "${SOURCES[@]}" -type f 2>/dev/null | sort
}

CLEAN=""
needs_build() {
  [ -f "$TARGET/bench.classpath" ] && [ -d "$TARGET/classes/io/meterflow/bench" ] && [ -f "$STAMP" ] || return 0
  if [ "$(sources)" != "$(cat "$STAMP")" ]; then
    CLEAN=clean
    return 0
  fi
  local newer
  newer="$(find "${SOURCES[@]}" -newer "$STAMP" -type f -print -quit 2>/dev/null || true)"
  [ -n "$newer" ]
}

if [ "${MF_SKIP_BUILD:-0}" != 1 ] && needs_build; then
  echo "building meterflow-bench..." >&2
  if [ -n "$CLEAN" ]; then
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -B -q ${MF_MAVEN_OPTS:-} -pl bench -am clean) >/dev/null 2>&1 || true
  fi
  mkdir -p "$TARGET"
  # shellcheck disable=SC2086
  # package, not install: the classpath points into the modules' target directories, and ~/.m2 is
  # shared with other checkouts' builds.
  if ! (cd "$ROOT" && mvn -B -q -DskipTests ${MF_MAVEN_OPTS:-} -pl bench -am package) >"$TARGET/bench-build.log" 2>&1; then
    echo "bench: build failed (mvn -DskipTests -pl bench -am package); see $TARGET/bench-build.log" >&2
    grep -E '^\[ERROR\]' "$TARGET/bench-build.log" | head -20 >&2 || true
    exit 1
  fi
  sources > "$STAMP"
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# meterflow's own jars are copied for this run: a concurrent build replacing them (in target/ or ~/.m2)
# would otherwise pull classes away from under a benchmark that runs for many minutes.
RUN_LIB="$(mktemp -d "${TMPDIR:-/tmp}/meterflow-bench-lib.XXXXXX")"
trap 'rm -rf "$RUN_LIB"' EXIT
CP="$TARGET/classes"
IFS=":" read -r -a ENTRIES < "$TARGET/bench.classpath" || true  # no trailing newline
for entry in "${ENTRIES[@]}"; do
  case "$entry" in
    */io/meterflow/*.jar|"$ROOT"/*/target/*.jar) cp "$entry" "$RUN_LIB/" && entry="$RUN_LIB/$(basename "$entry")" ;;
  esac
  CP="$CP:$entry"
done
# Flink's JVM module flags: a java argument file, the one list the build and ./meterflow use too.
JVM_FLAGS=("@$ROOT/build-support/jvm-add-opens.txt")
# shellcheck disable=SC2086
cd "$ROOT"
"$JAVA" ${MF_BENCH_JAVA_OPTS:--Xmx4g} -XX:+UseParallelGC "${JVM_FLAGS[@]}" \
  -Djava.awt.headless=true -Dlog4j.configurationFile=log4j2.properties \
  -cp "$CP" io.meterflow.bench.MeterflowBench "$@"
