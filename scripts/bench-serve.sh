#!/usr/bin/env bash
# Usage: scripts/bench-serve.sh [CLIENTS] [DURATION]   (defaults 200 20s)
#
# The load test of `feedloom serve`: refreshes 200 feeds x 50 items from the
# shared loopback workload (../shared/tools/workload), starts serve on the
# result, and runs scripts/loadgen: CLIENTS concurrent clients fetching the
# outputs for DURATION, half the requests conditional. Prints requests per
# second, latency percentiles and errors, and serve's peak RSS (GNU time).
set -euo pipefail
clients=${1:-200} duration=${2:-20s}
root=$(cd "$(dirname "$0")/.." && pwd)
wl=$root/../shared/tools/workload
[ -d "$wl" ] || { echo "bench-serve: $wl not found: the workload lives in ../shared beside the repository" >&2; exit 2; }
tmp=$(mktemp -d /tmp/feedloom-serve.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/feedloom" ./cmd/feedloom && go build -o "$tmp/loadgen" ./scripts/loadgen)
(cd "$wl" && go build -o "$tmp/" ./cmd/feedserver)
mkdir -p "$tmp/srv"
(cd "$tmp/srv" && exec "$tmp/feedserver" -n 200 -m 50 -addr 127.0.0.1:0 -ready ready >server.log 2>&1) &
for _ in $(seq 100); do [ -s "$tmp/srv/ready" ] && break; sleep 0.1; done
fl=("$tmp/feedloom" --opml "$tmp/srv/feeds.opml" --db "$tmp/feedloom.db" --out "$tmp/public")
"${fl[@]}" refresh >/dev/null
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/time -f '%M' -o "$tmp/rss" "${fl[@]}" serve --listen "127.0.0.1:$port" 2>"$tmp/serve.log" &
timer=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
cat=$(ls "$tmp/public" | grep -v -e '\.' -e '^all$' | head -1)
paths="/all/rss.xml,/all/atom.xml,/all/feed.json,/all/,/,/health.html${cat:+,/$cat/rss.xml,/$cat/feed.json}"
"$tmp/loadgen" -base "http://127.0.0.1:$port" -c "$clients" -d "$duration" -paths "$paths"
pkill -TERM -P "$timer" 2>/dev/null || true # serve, the child of time
wait "$timer" 2>/dev/null || true
echo "serve peak RSS: $(awk '{ printf "%.0f MB", $1 / 1024 }' "$tmp/rss")"
