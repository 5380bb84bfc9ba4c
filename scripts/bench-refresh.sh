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
# every feed, on the same server state; it is reported per new item too, with
# the CPU the floor's fetch and parse of the changed documents alone takes per
# new item (the cold floor's CPU is reported beside feedloom's as well).
#
# Each run also times, against the same server state, a cold refresh with
# --max-items 0 (every stored item in every output) into its own empty
# database, and the peers where they are installed (Debian packages):
# newsboat 2.x (`newsboat -x reload`, 8 reload threads, into an empty cache)
# and sfeed (`sfeed_update`, 8 jobs, then `sfeed_atom` merging every feed
# into one Atom document, as feedloom's "everything" output does).
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
measure() { # runs "$@", prints "seconds peakMB cpuSeconds"
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; return 1; }
	awk '{ printf "%s %.0f %.2f\n", $1, $2 / 1024, $3 + $4 }' "$tmp/time"
}
timed() { # prints "seconds peakMB cpuSeconds"
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$tmp/feedloom" --opml "$opml" --db "${db:-$tmp/feedloom.db}" --out "${out:-$tmp/public}" "$@" >/dev/null
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
# The peers read the same feeds: newsboat a list of URLs, sfeed an sfeedrc.
grep -o 'xmlUrl="[^"]*"' "$opml" | sed 's/^xmlUrl="//; s/"$//' >"$tmp/urls"
have_newsboat= have_sfeed=
if command -v newsboat >/dev/null; then
	have_newsboat=1
	printf 'reload-threads 8\nmax-items 0\n' >"$tmp/newsboat.conf"
fi
if command -v sfeed_update >/dev/null && command -v sfeed_atom >/dev/null; then
	have_sfeed=1
	{
		echo "sfeedpath=\"$tmp/sfeed\""
		echo "maxjobs=8"
		echo "feeds() {"
		awk '{ printf "\tfeed \"f%d\" \"%s\"\n", NR, $0 }' "$tmp/urls"
		echo "}"
	} >"$tmp/sfeedrc"
	printf '#!/bin/sh\nsfeed_update "$1" && sfeed_atom "$2"/* >"$3"\n' >"$tmp/sfeed.sh"
fi
# rows: "run label seconds peakMB cpu floor" for every timed run
: >"$tmp/rows" >"$tmp/steady" >"$tmp/floorcpu"
row() { echo "$r $1 $2 $3 $4 $f" >>"$tmp/rows"; }
for ((r = 1; r <= runs; r++)); do
	rm -rf "$tmp/feedloom.db" "$tmp/all.db" "$tmp/public" "$tmp/public-all" "$tmp/sfeed" "$tmp/newsboat.db"
	nb= sf=
	if [ -n "$have_newsboat" ]; then
		nb=$(measure newsboat -u "$tmp/urls" -c "$tmp/newsboat.db" -C "$tmp/newsboat.conf" -x reload)
	fi
	if [ -n "$have_sfeed" ]; then
		mkdir -p "$tmp/sfeed"
		sf=$(measure sh "$tmp/sfeed.sh" "$tmp/sfeedrc" "$tmp/sfeed" "$tmp/sfeed.xml")
	fi
	# The floor right before feedloom: this machine's speed drifts within
	# a minute, and the peers take longer than that at 1,000 feeds.
	/usr/bin/time -f '%U %S' -o "$tmp/time" "$tmp/gofeedfloor" -list "$opml" -mode refresh -c 8 >"$tmp/floor.log"
	f=$(wall 1 <"$tmp/floor.log") f304=$(wall 2 <"$tmp/floor.log")
	awk '{ print $1 + $2 }' "$tmp/time" >>"$tmp/floorcpu"
	[ -z "$nb" ] || row newsboat $nb
	[ -z "$sf" ] || row sfeed $sf
	read -r c cmb ccpu < <(timed refresh)
	row cold "$c" "$cmb" "$ccpu"
	row cold-all $(db=$tmp/all.db out=$tmp/public-all timed refresh --max-items 0)
	# The steady state: one new item in 20% of the feeds.
	etags >"$tmp/etags.before"
	curl -sf "$base/_publish?k=1&frac=0.2" >/dev/null
	etags >"$tmp/etags.after"
	join "$tmp/etags.before" "$tmp/etags.after" | awk '$2 != $3 { print $1 }' >"$tmp/changed.txt"
	changed=$(wc -l <"$tmp/changed.txt")
	fs=$(/usr/bin/time -f '%U %S' -o "$tmp/time" "$tmp/gofeedfloor" -list "$tmp/changed.txt" -mode refresh -c 8 | wall 1)
	fscpu=$(awk '{ print $1 + $2 }' "$tmp/time")
	read -r st stmb stcpu < <(timed refresh --force)
	echo "$st $stmb $stcpu $changed $(awk -v a="$fs" -v b="$f304" 'BEGIN { print a + b }') $fscpu" >>"$tmp/steady"
	if [ -n "${PG:-}" ]; then
		s0=$(pgcpu)
		read -r p pmb pcpu < <(db=$(pgdb "$r") timed refresh)
		scpu=$(awk -v a="$s0" -v b="$(pgcpu)" 'BEGIN { print b - a }')
		psql "$PG" -qc "DROP DATABASE feedloom_bench_$$_$r" >/dev/null
		row postgres "$p" "$pmb" "$(awk -v a="$pcpu" -v b="$scpu" 'BEGIN { print a + b }')"
	fi
	awk -v r="$r" '$1 == r { printf "run %d: %s %.2f s (%d MB), %.2f x the floor of %.2f s\n", r, $2, $3, $4, $3 / $6, $6 }' "$tmp/rows"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v l="$1" -v c="$2" '$2 == l { print $c }' "$tmp/rows"; }
read -r warm warmmb _ < <(timed refresh --force)
floor=$(awk '!seen[$1]++ { print $6 }' "$tmp/rows" | median)
printf 'workload: %d feeds x %d items on %d host(s), %d cores; medians of %d runs (peak RSS: the largest)\n' "$n" "$m" "$hosts" "$(nproc)" "$runs"
printf '%-50s %8s %8s %9s %8s\n' run seconds x-floor items/s peak-MB
printf '%-50s %8.2f %8.2f %9.0f %8s\n' "floor: fetch + gofeed parse (gofeedfloor -c 8)" "$floor" 1 "$(awk -v i="$items" -v f="$floor" 'BEGIN { print i / f }')" -
for l in newsboat sfeed cold cold-all postgres; do
	[ -n "$(col "$l" 3)" ] || continue
	case $l in
	newsboat) label="newsboat -x reload (8 threads)" ;;
	sfeed) label="sfeed_update (8 jobs) + sfeed_atom merge" ;;
	cold) label="feedloom refresh, cold (--max-items 100)" ;;
	cold-all) label="feedloom refresh, cold, --max-items 0" ;;
	postgres) label="feedloom refresh, cold, PostgreSQL store" ;;
	esac
	s=$(col "$l" 3 | median)
	printf '%-50s %8.2f %8.2f %9.0f %8d\n' "$label" "$s" "$(awk -v l="$l" '$2 == l { print $3 / $6 }' "$tmp/rows" | median)" \
		"$(awk -v i="$items" -v s="$s" 'BEGIN { print i / s }')" "$(col "$l" 4 | sort -n | tail -1)"
done
printf '%-50s %8.2f %8s %9s %8d\n' "feedloom refresh --force, warm (all 304)" "$warm" - - "$warmmb"
ccpu=$(col cold 5 | median) acpu=$(col cold-all 5 | median) fcpu=$(median <"$tmp/floorcpu")
awk -v c="$(col cold 3 | median)" -v a="$(col cold-all 3 | median)" -v ccpu="$ccpu" -v acpu="$acpu" -v fcpu="$fcpu" -v items="$items" 'BEGIN {
	printf "--max-items 0 / default: %.2f x the time; ", a / c
	printf "cold CPU: feedloom %.2f s, %.0f us per item (--max-items 0: %.2f s); the floor %.2f s (both passes)\n", ccpu, ccpu / items * 1e6, acpu, fcpu
}'
if [ -n "${PG:-}" ]; then
	awk -v c="$(col postgres 5 | median)" -v items="$items" 'BEGIN { printf "PostgreSQL cold CPU, feedloom + server: %.2f s, %.0f us per item\n", c, c / items * 1e6 }'
fi
read -r st stmb stcpu changed sfloor sfcpu < <(sort -n "$tmp/steady" | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }')
awk -v st="$st" -v stmb="$stmb" -v stcpu="$stcpu" -v changed="$changed" -v sfloor="$sfloor" -v sfcpu="$sfcpu" -v ccpu="$ccpu" -v items="$items" 'BEGIN {
	printf "steady state (1 new item in %d feeds, refresh --force): %.2f s, %d MB; its floor %.2f s, steady / floor = %.2f\n", changed, st, stmb, sfloor, st / sfloor
	printf "steady CPU: %.2f s, %.0f us per new item (cold: %.0f us per item); ", stcpu, stcpu / changed * 1e6, ccpu / items * 1e6
	printf "the floor fetching and parsing the changed documents alone: %.0f us per new item\n", sfcpu / changed * 1e6
}'
