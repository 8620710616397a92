#!/usr/bin/env bash
# Cluster bench: a CPU-bound re-extraction of a generated site (PAGES article
# pages as a folder source, written by bench/cluster_site.py: no network, so
# politeness plays no part), run
#   1. on one machine, pinned to one core (taskset -c 0), as the reference;
#   2. as a cluster with 1 worker pinned to core 0;
#   3. as a cluster with 2 workers pinned to cores 0 and 1;
#   4. as a cluster with 2 workers over SMALL pages, for the coordinator's memory.
# The coordinator and nats-server run unpinned beside the workers and are counted
# in the wall time. Prints pages/s, the ratios against the targets (2 workers
# >= 1.8x 1 worker; 1 worker within 15% of one machine; coordinator RSS flat as
# the site grows), the CPU seconds of each process and each stage (where the
# time goes; run.json's totals, which must match the single machine's), and the
# speed-up ceiling the CPU seconds allow on these two cores.
#
# Usage: bench/cluster.sh [PAGES] [SMALL]   (defaults 20000 and 5000)
# Needs nats-server (apt-get install nats-server), python3, taskset, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-20000}"
SMALL="${2:-5000}"
NATS="$(command -v nats-server || echo /usr/sbin/nats-server)"
[ -x "$NATS" ] || { echo "nats-server not found (apt-get install nats-server)" >&2; exit 2; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --locked -p newsmill >&2
BIN="$(cd "$CARGO_TARGET_DIR" && pwd)/release/newsmill"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "generating $PAGES and $SMALL pages" >&2
python3 bench/cluster_site.py "$work/site-$PAGES" "$PAGES"
python3 bench/cluster_site.py "$work/site-$SMALL" "$SMALL"

# config DIR SITE [NATS_PORT]
config() {
  mkdir -p "$1"
  cat > "$1/newsmill.toml" <<TOML
[output]
dir = "out"

[export]
formats = ["csv", "jsonl"]

[[sources]]
name = "generated"
kind = "folder"
url = "https://generated.example/"
path = "$2"
TOML
  if [ -n "${3:-}" ]; then
    printf '\n[cluster]\nurl = "nats://127.0.0.1:%s"\nname = "bench"\n' "$3" >> "$1/newsmill.toml"
  fi
}

# CPU seconds (user + system) a live process has used.
cpu_of() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"
}

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# cluster NAME PAGES WORKERS: prints "wall user+sys maxrss_kb cpu_workers cpu_nats"
cluster() {
  local name="$1" n="$2" workers="$3" dir="$work/$1" p
  p="$(port)"
  config "$dir" "$work/site-$n" "$p"
  "$NATS" -js -a 127.0.0.1 -p "$p" -sd "$dir/nats" > "$dir/nats.log" 2>&1 &
  local nats=$!
  pids+=("$nats")
  for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
  local wpids=()
  for i in $(seq 0 $((workers - 1))); do
    (cd "$dir" && exec taskset -c "$i" "$BIN" worker --config newsmill.toml --id "w$i" 2> "w$i.log") &
    wpids+=($!)
    pids+=($!)
  done
  for i in $(seq 0 $((workers - 1))); do
    until grep -q "Worker started" "$dir/w$i.log" 2>/dev/null; do sleep 0.1; done
  done
  (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o time.txt "$BIN" -q run --config newsmill.toml 2> coordinator.log)
  local wcpu=""
  for w in "${wpids[@]}"; do wcpu="$wcpu $(cpu_of "$w")"; done
  local ncpu
  ncpu="$(cpu_of "$nats")"
  for w in "${wpids[@]}"; do kill -TERM "$w"; done
  for w in "${wpids[@]}"; do wait "$w" 2>/dev/null || true; done
  kill -TERM "$nats"; wait "$nats" 2>/dev/null || true
  local exported
  exported="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["exported"])' "$dir/out/latest/run.json")"
  [ "$exported" = "$n" ] || { echo "$name exported $exported of $n" >&2; exit 1; }
  cp "$dir/out/latest/run.json" "$work/$name.run.json"
  read -r wall user sys rss < "$dir/time.txt"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss ${wcpu# } | nats $ncpu"
}

echo "single machine, 1 core, $PAGES pages" >&2
config "$work/single" "$work/site-$PAGES"
(cd "$work/single" && taskset -c 0 /usr/bin/time -f "%e %U %S %M" -o time.txt "$BIN" -q run --config newsmill.toml 2> run.log)
read -r s_wall s_user s_sys s_rss < "$work/single/time.txt"
cp "$work/single/out/latest/run.json" "$work/single.run.json"
echo "cluster, 1 worker, $PAGES pages" >&2
c1="$(cluster one "$PAGES" 1)"
echo "cluster, 2 workers, $PAGES pages" >&2
c2="$(cluster two "$PAGES" 2)"
echo "cluster, 2 workers, $SMALL pages" >&2
cs="$(cluster small "$SMALL" 2)"

python3 - "$PAGES" "$SMALL" "$s_wall" "$s_user" "$s_sys" "$s_rss" "$c1" "$c2" "$cs" "$work" <<'PY'
import json, sys
pages, small = int(sys.argv[1]), int(sys.argv[2])
s_wall, s_cpu, s_rss = float(sys.argv[3]), float(sys.argv[4]) + float(sys.argv[5]), int(sys.argv[6])
def parse(line):
    head, nats = line.split("|")
    f = head.split()
    return dict(wall=float(f[0]), coord=float(f[1]), rss=int(f[2]), workers=[float(x) for x in f[3:]],
                nats=float(nats.split()[1]))
c1, c2, cs = (parse(a) for a in sys.argv[7:10])
def row(name, n, r):
    cpu = r["coord"] + sum(r["workers"]) + r["nats"]
    workers = " + ".join(f"{w:.1f}" for w in r["workers"])
    print(f"{name:<22} {n:>6} pages {r['wall']:>7.1f} s {n / r['wall']:>7.1f} pages/s | CPU s: coordinator {r['coord']:.1f}, "
          f"workers {workers}, nats-server {r['nats']:.1f}, total {cpu:.1f} | coordinator RSS {r['rss'] / 1024:.0f} MB")
print(f"{'single machine, 1 core':<22} {pages:>6} pages {s_wall:>7.1f} s {pages / s_wall:>7.1f} pages/s | CPU s: {s_cpu:.1f} | RSS {s_rss / 1024:.0f} MB")
row("cluster, 1 worker", pages, c1)
row("cluster, 2 workers", pages, c2)
row("cluster, 2 workers", small, cs)
work = sys.argv[10]
reports = {n: json.load(open(f"{work}/{n}.run.json")) for n in ("single", "one", "two")}
def cpu_line(name, r):
    c = r["cpu"]
    return (f"{name:<22} run.json cpu s: extract {c['extract_s']:.1f}, tag {c['tag_s']:.1f}, store {c['store_s']:.1f}, "
            f"export {c['export_s']:.1f}, other {c['fetch_s']:.1f} | requests {r['totals']['requests']}, "
            f"pages fetched {r['totals']['pages']['fetched']}, tagged {r['totals']['pages']['tagged']}")
print(cpu_line("single machine", reports["single"]))
print(cpu_line("cluster, 1 worker", reports["one"]))
print(cpu_line("cluster, 2 workers", reports["two"]))
for name in ("one", "two"):
    if reports[name]["totals"]["pages"] != reports["single"]["totals"]["pages"]:
        print(f"WARNING: {name}: page totals differ from the single machine's")
speedup = c1["wall"] / c2["wall"]
one_vs_single = (pages / c1["wall"]) / (pages / s_wall)
rss_growth = c2["rss"] / cs["rss"]
print(f"2 workers / 1 worker: {speedup:.2f}x pages/s (target >= 1.8)")
print(f"1-worker cluster / single machine: {one_vs_single:.2f} of the pages/s (target >= 0.85)")
print(f"coordinator peak RSS at {pages} / {small} pages: {rss_growth:.2f}x (target: flat)")
# The ceiling on these two cores, from CPU seconds (so it holds whatever else
# the machine runs): a CPU-bound run on 2 cores lasts at least as long as its
# busiest pinned worker and at least half its total CPU (every process
# included). 1 worker: max(worker, total / 2); 2 workers: max(workers, total / 2).
def floor(r):
    return max(max(r["workers"]), (r["coord"] + sum(r["workers"]) + r["nats"]) / 2)
def floor_workers_only(r):
    return max(max(r["workers"]), sum(r["workers"]) / 2)
busy = sum(c2["workers"]) + c2["coord"] + c2["nats"]
print(f"ceiling of 2 workers / 1 worker on 2 cores, from CPU s: {floor(c1) / floor(c2):.2f}x with the "
      f"coordinator and nats-server on the same cores ({c2['coord'] + c2['nats']:.1f} of {busy:.1f} CPU s, "
      f"{(c2['coord'] + c2['nats']) / busy:.0%}); {floor(c1) / floor_workers_only(c2):.2f}x with them elsewhere")
print(f"cluster bench: 2 workers {speedup:.2f}x of 1 worker (CPU ceiling {floor(c1) / floor(c2):.2f}x on 2 cores), 1 worker {one_vs_single:.2f} of one machine, coordinator RSS {c2['rss'] / 1024:.0f} MB at {pages} pages ({rss_growth:.2f}x of {small})")
PY
