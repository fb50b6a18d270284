#!/usr/bin/env bash
# The first ad requests after /health/ready, timed by curl (a native client: no JIT of its own in the
# figure, unlike the load test's generator JVM). The shared bench's setup: its nginx partners echoing ids,
# a private Redis with appendfsync always, the gateway with 3 third_party partners allowed every identity
# field and the bench device consented, so the first request takes the consented path (consent read,
# share record appended, identity in three payloads).
#
#   bench/first-request.sh                  # gateway warm-up 10s (the default), 10 requests, one start
#   STARTS=3 N=5 WARMUP=3s bench/first-request.sh
#
# Prints, per start: how long until ready, then each request's status, total time and whether the answer
# is a pod with bids. Needs: nginx-light libnginx-mod-http-js redis-server curl (Debian), JDK 17, Maven;
# SHARED_BENCH points at the shared bench folder (default: ../shared/bench next to this repository).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${SHARED_BENCH:-$ROOT/../shared/bench}"
[[ -x $BENCH/partners.sh ]] || { echo "no partners.sh in $BENCH (set SHARED_BENCH)" >&2; exit 1; }
OUT_DIR="${OUT_DIR:-/tmp/first-request}" REDIS_PORT="${REDIS_PORT:-16380}" WARMUP="${WARMUP:-10s}"
N="${N:-10}" STARTS="${STARTS:-1}" JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m}"
JAR="$ROOT/gateway/target/gateway.jar"
[[ -f $JAR ]] || mvn -q -B -f "$ROOT/pom.xml" package -DskipTests
. "$ROOT/bench/bench-config.sh"
rm -rf "$OUT_DIR" && mkdir -p "$OUT_DIR"
write_bench_config "$OUT_DIR/cfg" "$REDIS_PORT" "$WARMUP" first
# the shared bench's request body (wrk's post.lua), as measure.sh extracts it
sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' "$BENCH/post.lua" | tr -d '\n' >"$OUT_DIR/body.json"

GATEWAY=""
cleanup() {
  [[ -n $GATEWAY ]] && kill "$GATEWAY" 2>/dev/null && wait "$GATEWAY" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  "$BENCH/partners.sh" stop >/dev/null || true
}
trap cleanup EXIT
"$BENCH/partners.sh" start >/dev/null
redis-server --port "$REDIS_PORT" --save '' --appendonly yes --appendfsync always --dir "$OUT_DIR" \
  --daemonize yes --logfile "$OUT_DIR/redis.log"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

for start in $(seq "$STARTS"); do
  echo "start $start (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  rm -rf "$OUT_DIR/cfg/keys"
  began=$(date +%s%N)
  java $JAVA_OPTS -jar "$JAR" serve --config "$OUT_DIR/cfg/gateway.yaml" >"$OUT_DIR/gateway-$start.log" 2>&1 &
  GATEWAY=$!
  ready=""
  for _ in $(seq 1200); do
    curl -sf -o /dev/null http://127.0.0.1:18090/health/ready && { ready=1; break; }
    kill -0 "$GATEWAY" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n $ready ]] || { echo "gateway not ready: see $OUT_DIR/gateway-$start.log" >&2; exit 1; }
  echo "  ready after $(( ($(date +%s%N) - began) / 1000000 )) ms; $(grep -o 'warmed up with [^"]*' "$OUT_DIR/gateway-$start.log" || echo 'no warm-up line')"
  seed_bench_consent
  for i in $(seq "$N"); do
    line=$(curl -s -o "$OUT_DIR/reply.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
      --data-binary "@$OUT_DIR/body.json" http://127.0.0.1:18090/openrtb2/adpod || echo "000 0")
    grep -q '"seatbid"' "$OUT_DIR/reply.json" 2>/dev/null && bids="pod with bids" || bids="NO BIDS"
    awk -v i="$i" -v b="$bids" '{ printf "  request %d: %s in %.1f ms, %s\n", i, $1, $2 * 1000, b }' <<<"$line"
  done
  kill "$GATEWAY" && wait "$GATEWAY" 2>/dev/null || true
  GATEWAY=""
done
