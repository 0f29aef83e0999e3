#!/usr/bin/env bash
# Serving benchmark for the README: wrk against /feed.atom with 100 entries,
# cached (rendered once per change) and rendered on every request
# (publish.cache: false). Needs wrk and python3 (apt-get install wrk).
# Usage: bench/wrk.sh [DURATION] [CONNECTIONS]
#
# wrk runs on the same two cores as the server. By default each gets one:
# the server runs with GOMAXPROCS=1 and wrk with one thread, so neither
# preempts the other mid-request (on this 2-vCPU machine the server's
# throughput is the same either way, and the latency tail measures the
# server, not the two fighting). SHARE=1 lets both use both cores
# (GOMAXPROCS=2, wrk -t2) for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
dur=${1:-10s}
conns=${2:-64}
if [ "${SHARE:-0}" = 1 ]; then procs=2 threads=2; else procs=1 threads=1; fi
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/tipwire" ./cmd/tipwire

# A feed of 120 matching stories, served from loopback. Their words are
# drawn at random (seeded), so story clustering keeps them apart.
mkdir -p "$work/www"
python3 - "$work/www/feed.xml" <<'PY'
import random, string, sys
rnd = random.Random(7)
word = lambda: "".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(4, 9)))
words = lambda n: " ".join(word() for _ in range(n))
out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Wire</title>'
       '<link>https://bench.example/</link><description>d</description>']
for i in range(1, 121):
    out.append(f'<item><title>{words(4).capitalize()} human trafficking {words(3)}</title>'
               f'<link>https://bench.example/story/{i}</link><guid isPermaLink="false">b-{i}</guid>'
               f'<pubDate>Thu, 26 Nov 2026 {i // 60 + 8:02d}:{i % 60:02d}:00 GMT</pubDate>'
               f'<description>{words(20)} human trafficking {words(25)}.</description></item>')
out.append('</channel></rss>')
open(sys.argv[1], "w").write("\n".join(out))
PY
(cd "$work/www" && exec python3 -m http.server 18981 --bind 127.0.0.1 >/dev/null 2>&1) &
pids+=($!)

config() { # $1: publish.cache
  cat > "$work/config.yaml" <<YAML
db: $work/tipwire.db
listen: 127.0.0.1:18980
seeds: false
log: {level: warn}
fetch: {allow_private_networks: true}
publish: {limit: 100, cache: $1}
sources: [{url: "http://127.0.0.1:18981/feed.xml", name: Bench Wire}]
topics: [{name: trafficking, title: Human trafficking news, any: ["human trafficking"]}]
YAML
}

serve() {
  GOMAXPROCS=$procs "$work/tipwire" --config "$work/config.yaml" serve & pids+=($!)
  for _ in $(seq 50); do curl -sf http://127.0.0.1:18980/healthz >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}

stop() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

run() { # $1: label, rest: wrk args
  local label=$1; shift
  echo "== $label"
  wrk -t"$threads" -c"$conns" -d"$dur" --latency "$@" http://127.0.0.1:18980/feed.atom | grep -E 'Requests/sec|Latency |  50%|  99%|Non-2xx'
}

for _ in $(seq 50); do curl -sf http://127.0.0.1:18981/feed.xml >/dev/null && break; sleep 0.1; done
config true
"$work/tipwire" --config "$work/config.yaml" fetch >/dev/null
serve
entries=$(curl -s http://127.0.0.1:18980/feed.atom | grep -c '<entry>')
etag=$(curl -sI http://127.0.0.1:18980/feed.atom | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
echo "server GOMAXPROCS=$procs, wrk $threads thread(s), $conns connections, $dur per run"
echo "feed.atom: $entries entries, ETag $etag, $(curl -s http://127.0.0.1:18980/feed.atom | wc -c) bytes"
run "cached, full response"
run "cached, gzip" -H 'Accept-Encoding: gzip'
run "cached, conditional (304)" -H "If-None-Match: $etag"
stop

config false
serve
run "render every request, full response"
run "render every request, conditional (304)" -H "If-None-Match: $etag"
stop
