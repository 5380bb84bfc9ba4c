#!/usr/bin/env bash
# Usage: scripts/bench-refresh.sh [FEEDS] [ITEMS] [HOSTS]   (defaults 200 50 1)
#
# Times feedloom on the shared loopback workload (../shared/tools/workload):
# starts a server of FEEDS generated feeds x ITEMS items (1-5 KB of HTML each,
# 3% cross-feed reposts), measures the fetch+parse floor (gofeedfloor: GET and
# gofeed-parse every feed, nothing else), then a cold `feedloom refresh` into an
# empty database and a warm `feedloom refresh --force` where every source
# answers 304, each as a whole process. Prints wall time, feeds/s, items/s and
# peak RSS. RUNS (default 3) repeats the floor and the cold refresh, one after
# the other, and reports each pair and the medians: on a shared machine single
# runs vary by a third. Needs ../shared beside the repository, Go, and GNU time.
#
# Each run then measures the steady state cron users live in: the server's
# /_publish?k=1&frac=0.2 gives 20% of the feeds one new item, and
# `refresh --force` polls everything again. Its floor is gofeedfloor's fetch and
# parse of just the changed documents plus its all-304 conditional pass over
# every feed, on the same server state; it is reported per new item too.
#
# PG=postgres://USER@HOST:PORT/DB also times, in each run, a cold refresh into
# a fresh PostgreSQL database made on that server (dropped afterwards), and the
# CPU both stores cost: feedloom's own, and the PostgreSQL server's (its
# postmaster's counters, which include every backend it reaped).
set -euo pipefail
n=${1:-200} m=${2:-50} hosts=${3:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
wl=$root/../shared/tools/workload
[ -d "$wl" ] || { echo "bench-refresh: $wl not found: the workload lives in ../shared beside the repository" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-refresh: needs GNU time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d /tmp/feedloom-bench.XXXXXX)
trap 'kill "$srv" 2>/dev/null || true; rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/feedloom" ./cmd/feedloom)
(cd "$wl" && go build -o "$tmp/" ./cmd/feedserver ./cmd/gofeedfloor)
hostlist=127.0.0.1
for ((i = 2; i <= hosts; i++)); do hostlist="$hostlist,127.0.0.$i"; done
mkdir -p "$tmp/srv"
(cd "$tmp/srv" && exec "$tmp/feedserver" -n "$n" -m "$m" -addr 127.0.0.1:0 -ready ready $([ "$hosts" -gt 1 ] && echo -hosts "$hosts") >server.log 2>&1) &
srv=$!
for _ in $(seq 100); do [ -s "$tmp/srv/ready" ] && break; sleep 0.1; done
[ -s "$tmp/srv/ready" ] || { echo "bench-refresh: feedserver did not start" >&2; cat "$tmp/srv/server.log" >&2; exit 1; }
opml=$tmp/srv/feeds.opml
items=$((n * m))

runs=${RUNS:-3}
timed() { # prints "seconds peakMB cpuSeconds"
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$tmp/feedloom" --opml "$opml" --db "${db:-$tmp/feedloom.db}" --out "$tmp/public" "$@" >/dev/null
	awk '{ printf "%s %.0f %.2f\n", $1, $2 / 1024, $3 + $4 }' "$tmp/time"
}
pgcpu() { # the PostgreSQL server's CPU seconds so far, reaped backends included
	local pid
	pid=$(head -1 /var/run/postgresql/*.pid 2>/dev/null || pgrep -o -x postgres)
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$pid/stat"
}
pgdb() { # a fresh database's URL on the server $PG names
	local name=feedloom_bench_$$_$1
	PGOPTIONS="-c client_min_messages=warning" psql "$PG" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
	echo "${PG%/*}/$name"
}
wall() { # the wall seconds of gofeedfloor's pass $1
	awk -v p="pass=$1" '$0 ~ p { for (i = 1; i <= NF; i++) if ($i ~ /^wall=/) { sub("wall=", "", $i); sub("ms", "", $i); print $i / 1000 } }'
}
etags() { # "URL ETag" of every feed, sorted by URL
	grep -o 'xmlUrl="[^"]*"' "$opml" | sed 's/^xmlUrl="//; s/"$//' | while read -r u; do
		printf '%s %s\n' "$u" "$(curl -sfI "$u" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')"
	done | sort
}
base=$(head -1 "$tmp/srv/ready")
: >"$tmp/runs" >"$tmp/steady"
for ((r = 1; r <= runs; r++)); do
	rm -rf "$tmp/feedloom.db" "$tmp/public"
	"$tmp/gofeedfloor" -list "$opml" -mode refresh -c 8 >"$tmp/floor.log"
	f=$(wall 1 <"$tmp/floor.log") f304=$(wall 2 <"$tmp/floor.log")
	read -r c cmb ccpu < <(timed refresh)
	# The steady state: one new item in 20% of the feeds.
	etags >"$tmp/etags.before"
	curl -sf "$base/_publish?k=1&frac=0.2" >/dev/null
	etags >"$tmp/etags.after"
	join "$tmp/etags.before" "$tmp/etags.after" | awk '$2 != $3 { print $1 }' >"$tmp/changed.txt"
	changed=$(wc -l <"$tmp/changed.txt")
	fs=$("$tmp/gofeedfloor" -list "$tmp/changed.txt" -mode refresh -c 8 | wall 1)
	read -r st stmb stcpu < <(timed refresh --force)
	echo "$st $stmb $stcpu $changed $(awk -v a="$fs" -v b="$f304" 'BEGIN { print a + b }')" >>"$tmp/steady"
	p=0 pmb=0 pcpu=0 scpu=0
	if [ -n "${PG:-}" ]; then
		s0=$(pgcpu)
		read -r p pmb pcpu < <(db=$(pgdb "$r") timed refresh)
		scpu=$(awk -v a="$s0" -v b="$(pgcpu)" 'BEGIN { print b - a }')
		psql "$PG" -qc "DROP DATABASE feedloom_bench_$$_$r" >/dev/null
	fi
	echo "$f $c $cmb $ccpu $p $pmb $pcpu $scpu" >>"$tmp/runs"
	awk -v r="$r" -v f="$f" -v c="$c" -v m="$cmb" -v p="$p" 'BEGIN { printf "run %d: floor %.2f s, cold %.2f s (%d MB), cold / floor = %.2f", r, f, c, m, c / f; if (p > 0) printf ", PostgreSQL cold %.2f s (%.2f)", p, p / f; print "" }'
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
floor=$(awk '{ print $1 }' "$tmp/runs" | median)
cold=$(awk '{ print $2 }' "$tmp/runs" | median)
coldmb=$(awk '{ print $3 }' "$tmp/runs" | sort -n | tail -1)
ratio=$(awk '{ print $2 / $1 }' "$tmp/runs" | median)
read -r warm warmmb _ < <(timed refresh --force)
ccpu=$(awk '{ print $4 }' "$tmp/runs" | median)

awk -v n="$n" -v m="$m" -v hosts="$hosts" -v cores="$(nproc)" -v floor="$floor" \
	-v cold="$cold" -v coldmb="$coldmb" -v ratio="$ratio" -v warm="$warm" -v warmmb="$warmmb" -v ccpu="$ccpu" 'BEGIN {
	items = n * m
	printf "workload: %d feeds x %d items on %d host(s), %d cores\n", n, m, hosts, cores
	printf "%-44s %8s %10s %10s %9s\n", "run", "seconds", "feeds/s", "items/s", "peak-MB"
	printf "%-44s %8.2f %10.0f %10.0f %9s\n", "floor: fetch + gofeed parse (gofeedfloor -c 8)", floor, n / floor, items / floor, "-"
	printf "%-44s %8.2f %10.0f %10.0f %9d\n", "feedloom refresh, cold (empty database)", cold, n / cold, items / cold, coldmb
	printf "%-44s %8.2f %10.0f %10s %9d\n", "feedloom refresh --force, warm (all 304)", warm, n / warm, "-", warmmb
	printf "cold / floor = %.2f (median of the runs\x27 ratios; seconds are medians, peak-MB the largest)\n", ratio
	printf "cold CPU: feedloom %.2f s, %.0f us per item\n", ccpu, ccpu / items * 1e6
}'
read -r st stmb stcpu changed sfloor < <(awk '{ print $1, $2, $3, $4, $5 }' "$tmp/steady" | sort -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }')
awk -v st="$st" -v stmb="$stmb" -v stcpu="$stcpu" -v changed="$changed" -v sfloor="$sfloor" -v ccpu="$ccpu" -v items="$items" 'BEGIN {
	printf "steady state (1 new item in %d feeds, refresh --force): %.2f s, %d MB; its floor %.2f s, steady / floor = %.2f\n", changed, st, stmb, sfloor, st / sfloor
	printf "steady CPU: %.2f s, %.0f us per new item (cold: %.0f us per item)\n", stcpu, stcpu / changed * 1e6, ccpu / items * 1e6
}'
if [ -n "${PG:-}" ]; then
	awk -v n="$n" -v m="$m" -v floor="$floor" \
		-v p="$(awk '{ print $5 }' "$tmp/runs" | median)" -v pmb="$(awk '{ print $6 }' "$tmp/runs" | sort -n | tail -1)" \
		-v pr="$(awk '{ print $5 / $1 }' "$tmp/runs" | median)" -v pcpu="$(awk '{ print $7 }' "$tmp/runs" | median)" \
		-v scpu="$(awk '{ print $8 }' "$tmp/runs" | median)" 'BEGIN {
		items = n * m
		printf "%-44s %8.2f %10.0f %10.0f %9d\n", "feedloom refresh, cold, PostgreSQL store", p, n / p, items / p, pmb
		printf "PostgreSQL cold / floor = %.2f; CPU: feedloom %.2f s + server %.2f s, %.0f us per item\n", pr, pcpu, scpu, (pcpu + scpu) / items * 1e6
	}'
fi
