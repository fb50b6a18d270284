# Sourced by shared-bench.sh and first-request.sh: the gateway's config for the shared bench.
#
#   write_bench_config DIR REDIS_PORT WARMUP KEY_PREFIX
#
# Writes DIR/gateway.yaml (player port 18090, compliance and consent on 18091, Redis on REDIS_PORT,
# server.warmup WARMUP), DIR/partners.yaml (three third_party partners, the shared bench's nginx mocks on
# 127.0.0.1:18081-18083, allowed every identity field, 200 ms timeout) and the bundled jurisdictions, and
# sets BENCH_TOKEN to a fresh bearer token with the consent and compliance roles (its sha256 is in the config).
BENCH_DEVICE=6d92078a-8246-4ba4-ae5b-76104861e7dc

write_bench_config() {
  local dir=$1 redis_port=$2 warmup=$3 prefix=$4 root token_sha p
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  BENCH_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  token_sha=$(printf '%s' "$BENCH_TOKEN" | sha256sum | cut -d' ' -f1)
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$root/config/jurisdictions.yaml" "$dir/"
  cat >"$dir/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: 18090, warmup: $warmup}
redis: {uri: "redis://127.0.0.1:$redis_port", keyPrefix: $prefix}
keys: {dir: keys}
shareLog: {writerId: $prefix-1}
archive: {enabled: false, dir: archive}
compliance:
  host: 127.0.0.1
  port: 18091
  tokens: [{name: bench, sha256: $token_sha, roles: [consent, compliance]}]
partners: partners.yaml
jurisdictions: jurisdictions.yaml
YAML
  {
    echo "partners:"
    for p in 1 2 3; do
      cat <<YAML
  - id: nginx-$p
    endpoint: http://127.0.0.1:1808$p/bid
    role: third_party
    category: advertising network
    identityFields: [hashed_email, device_id, ip]
    hashedEmail: {format: sha256_hex, eidSource: nginx-$p.example}
    strippedIp: truncate
    timeout: 200ms
YAML
    done
  } >"$dir/partners.yaml"
}

# The bench device's consent (adult, US-CA, with an email), through the consent API.
seed_bench_consent() {
  curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
    "http://127.0.0.1:18091/consent/v1/devices/$BENCH_DEVICE" \
    -d '{"adConsent":true,"jurisdiction":"US-CA","ageBand":"adult","email":"bench.viewer@example.com"}'
}
