#!/usr/bin/env bash
# Issue 14 item 4: the end-to-end run against the real sandbox Asterisk (README.md here, "(e)").
# sipp callers at rising rates, a scripted agent and specialist, a transfer on a share of the calls;
# first Asterisk alone, then with the CTI under each JVM setting below. Holds the sandbox's test
# lock while it runs (integration tests wait for it, and it for them). Needs root (the sandbox) and
# the jars: mvn -B -q -DskipTests package.
#
#   benchmarks/e2e.sh                       # every rate, Asterisk alone + the JVM settings below
#   benchmarks/e2e.sh --rates 2,10 --window 10 --warmup 10
#   E2E_JVMS='c1=-XX:TieredStopAtLevel=1' benchmarks/e2e.sh --no-asterisk-alone
#   # a hotline's calls: RTP both ways (--voice), 90 s talk, a desk of 5 agents, R10's 4 % transferred,
#   # this build against a baseline jar in the same run (README.md, "A hotline's calls end to end"):
#   E2E_JVMS='c1=-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xmx256m' benchmarks/e2e.sh --rates 2 --voice --hold 90 \
#       --desk 5 --share 0.04 --window 20 --warmup 110 \
#       --jar cti-server/target/cti-server.jar --jar /path/to/cti-server-before.jar
set -euo pipefail
cd "$(dirname "$0")/.."
for jar in cti-server/target/cti-server.jar benchmarks/target/benchmarks.jar; do
  [ -f "$jar" ] || { echo "e2e: $jar is missing; build first: mvn -B -q -DskipTests package" >&2; exit 1; }
done

# The CDS archive of the server's classes (AppCDS, JDK 17's dynamic archive): a setting naming a
# missing archive gets it written first by a short training run (a few calls and transfers).
cds=cti-server/target/cti-server.jsa

# NAME=FLAGS, separated by ';'. The shipped setting is the last one (README.md, "JVM settings").
default_jvms="c2=-Xmx256m;c1=-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:-UsePerfData -Xmx256m;c1-cds=-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:-UsePerfData -Xmx256m -XX:SharedArchiveFile=$cds"
IFS=';' read -r -a jvms <<< "${E2E_JVMS:-$default_jvms}"
args=()
for j in "${jvms[@]}"; do
  args+=(--jvm "$j")
done

exec java -Xmx512m -jar benchmarks/target/benchmarks.jar e2e "${args[@]}" "$@"
