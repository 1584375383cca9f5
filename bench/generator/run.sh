#!/usr/bin/env bash
# berth-generator beside Podman's Quadlet 5.4, same machine, same units,
# output to a tmpfs as systemd does. Prints median wall times and ratios.
#   bench/generator/run.sh [RUNS]      (default 30 runs per command)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-30}
command -v hyperfine >/dev/null || { echo "needs hyperfine (scripts/install-deps.sh)"; exit 1; }

swift build -c release --product berth-generator >/dev/null
berth=$(swift build -c release --show-bin-path)/berth-generator
work=$(mktemp -d /dev/shm/berth-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
quadlet=$(../shared/tools/reference-quadlet "$work/ref" | tail -n 1)

# 1,001 units: 500 containers, 500 volumes, one network.
big=$work/units-1001
mkdir -p "$big"
printf '[Network]\nSubnet=10.90.0.0/16\n' > "$big/net.network"
for i in $(seq 1 500); do
    printf '[Volume]\nLabel=app=bench\n' > "$big/data$i.volume"
    cat > "$big/app$i.container" <<UNIT
[Unit]
Description=Benchmark container $i

[Container]
Image=registry.example.org/bench/app:$i
Exec=/bin/server --port 8080 --name "app $i"
PublishPort=127.0.0.1:$((20000 + i)):8080
Volume=data$i.volume:/data
Network=net.network
Environment=APP_ID=$i MODE=production
Label=app=bench tier=web

[Install]
WantedBy=multi-user.target
UNIT
done

# 3 units.
small=$work/units-3
mkdir -p "$small"
cp "$big/net.network" "$big/data1.volume" "$big/app1.container" "$small/"

median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
measure() {  # name units-dir binary
    local out=$work/out-$1
    QUADLET_UNIT_DIRS=$2 PODMAN=/usr/bin/podman hyperfine -N -w 3 -r "$runs" \
        --prepare "rm -rf $out" --export-json "$work/$1.json" "$3 -no-kmsg-log $out" >/dev/null 2>&1
    median "$work/$1.json"
}

# The floor: the same opens, reads, writes and symlinks with no parsing
# (bench/generator/floor.c), so the ratio berth cannot go below is shown.
floor=$work/floor
gcc -O2 -o "$floor" bench/generator/floor.c
floor_time() {  # name units-dir
    hyperfine -N -w 3 -r "$runs" --prepare "rm -rf $work/out-$1" --export-json "$work/$1.json" \
        "$floor $2 $work/out-$1" >/dev/null 2>&1
    median "$work/$1.json"
}

echo "units  berth-generator  quadlet-5.4  ratio (berth/quadlet; goal: 1,001 <= 0.25, 3 <= 1.0)  floor  floor/quadlet"
for set in 1001 3; do
    dir=$work/units-$set
    b=$(measure "berth-$set" "$dir" "$berth")
    q=$(measure "quadlet-$set" "$dir" "$quadlet")
    f=$(floor_time "floor-$set" "$dir")
    python3 -c 'import sys; n,b,q,f=sys.argv[1],float(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4]); print(f"{n:>5}  {b*1000:12.2f} ms  {q*1000:8.2f} ms  {b/q:6.3f}  {f*1000:8.2f} ms  {f/q:6.3f}")' "$set" "$b" "$q" "$f"
done
