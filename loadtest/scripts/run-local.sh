#!/usr/bin/env bash
# One-command local load run: a thin wrapper around `loadtest.jar scenario`, which starts a private
# Redis with the shipped durable share-log settings (config/redis-sharelog.conf: AOF, appendfsync
# always), stub partners that check every payload against the seeded truth, the gateway (serve), seeds
# devices through the consent API, runs warm-up and the measured phase at a fixed rate, checks the
# share log, and stops everything. See loadtest/PERFORMANCE.md.
#
#   loadtest/scripts/run-local.sh [--rate 500] [--duration 20s] [--warmup 20s] [--devices 2000] [--baseline] [--find-max] ...
#   loadtest/scripts/run-local.sh --rate 300 --duration 30s --warmup 10s --fault redis-killed   # a named fault
#
# Every option of `java -jar loadtest/target/loadtest.jar scenario --help` passes through. Writes
# ./loadtest-report.json (and the HTML report beside it, ./loadtest-report.html) unless --json-out is given. Exit 0 = no violation and no missing share record
# (and with --fault: recovered, deadline kept).
# Needs: built jars (mvn -q -B package -DskipTests) and redis-server. Loopback only; it stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
for arg in "$@"; do
  if [ "$arg" = "--consent" ]; then
    echo "run-local.sh: --consent is gone: every run now seeds a realistic mix (consented, denied, no record," >&2
    echo "minors, GB opt-in, ...) through the consent API; see loadtest/PERFORMANCE.md" >&2
    exit 2
  fi
done
DEFAULTS=(--gateway-jar gateway/target/gateway.jar --jurisdictions config/jurisdictions.yaml)
case " $* " in *" --json-out "*|*" --json-out="*) ;; *) DEFAULTS+=(--json-out ./loadtest-report.json) ;; esac
case " $* " in *" --redis "*|*" --redis="*|*" --redis-server "*|*" --redis-server="*) ;;
  *) DEFAULTS+=(--redis-server config/redis-sharelog.conf) ;; esac
exec java -jar loadtest/target/loadtest.jar scenario "${DEFAULTS[@]}" "$@"
