#!/usr/bin/env bash
# One-command local load run: a private Redis with the shipped share-log durability settings
# (config/redis-sharelog.conf: AOF, appendfsync always), three stub partners, the gateway (serve),
# N seeded devices, then the open-model load generator at a fixed rate.
#
#   loadtest/scripts/run-local.sh [--rate 500] [--duration 20s] [--consent granted|denied|none] [--devices 1000]
#
# --consent granted: every request shares identity, so every request appends to the share log.
# --consent denied|none: nothing is shared, no append: the difference is the ledger's cost.
# Needs: built jars (mvn -q -B package -DskipTests), redis-server, redis-cli. Loopback only; it stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=500; DURATION=20s; CONSENT=granted; DEVICES=1000; WARMUP=5s
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2;; --duration) DURATION=$2; shift 2;; --consent) CONSENT=$2; shift 2;;
    --devices) DEVICES=$2; shift 2;; --warmup) WARMUP=$2; shift 2;;
    *) echo "unknown option $1"; exit 2;;
  esac
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

REDIS_PORT=$(free_port); GW_PORT=$(free_port); INT_PORT=$(free_port)
mkdir -p "$WORK/redis"
redis-server config/redis-sharelog.conf --port "$REDIS_PORT" --dir "$WORK/redis" --daemonize no \
  --logfile "$WORK/redis.log" & PIDS+=($!)
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis on $REDIS_PORT: appendfsync $(redis-cli -p "$REDIS_PORT" config get appendfsync | tail -1)"

STUB_PORTS=()
for name in acme-ssp brightline measurely; do
  p=$(free_port); STUB_PORTS+=("$p")
  java -cp gateway/target/gateway.jar dev.idgw.partners.stub.StubPartnerMain --name "$name" --port "$p" \
    >"$WORK/stub-$name.log" 2>&1 & PIDS+=($!)
done
sed -e "s#127.0.0.1:9001#127.0.0.1:${STUB_PORTS[0]}#" -e "s#127.0.0.1:9002#127.0.0.1:${STUB_PORTS[1]}#" \
    -e "s#127.0.0.1:9003#127.0.0.1:${STUB_PORTS[2]}#" config/partners.yaml > "$WORK/partners.yaml"
cp config/jurisdictions.yaml "$WORK/"
cat > "$WORK/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $GW_PORT}
redis: {uri: "redis://127.0.0.1:$REDIS_PORT", commandTimeout: 100ms}
keys: {dir: $WORK/keys}
shareLog: {writerId: load-1}
archive: {enabled: false, dir: $WORK/archive}
compliance: {enabled: true, port: $INT_PORT}
partners: partners.yaml
jurisdictions: jurisdictions.yaml
YAML

seq -f "6f1c2d3e-0000-4000-8000-%012g" 1 "$DEVICES" > "$WORK/devices.txt"
if [ "$CONSENT" != none ]; then
  AD=$([ "$CONSENT" = granted ] && echo 1 || echo 0)
  while read -r d; do
    printf 'HSET idgw:consent:{%s} ad %s jur US-CA age adult v 1 ts 0\n' "$d" "$AD"
  done < "$WORK/devices.txt" | redis-cli -p "$REDIS_PORT" >/dev/null
fi

java -jar gateway/target/gateway.jar serve --config "$WORK/gateway.yaml" >"$WORK/gateway.log" 2>&1 & PIDS+=($!)
for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$GW_PORT/" && break; sleep 0.5; done

java -jar loadtest/target/loadtest.jar --target "http://127.0.0.1:$GW_PORT" --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --devices-file "$WORK/devices.txt" --label "gateway-$CONSENT" --json-out "$WORK/report.json"
echo "share-log entries appended: $(redis-cli -p "$REDIS_PORT" xlen 'idgw:shares:{load-1}')"
cp "$WORK/report.json" "./loadtest-report-$CONSENT.json"
echo "report: ./loadtest-report-$CONSENT.json"
