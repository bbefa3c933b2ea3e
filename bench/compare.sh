#!/bin/sh
# compare.sh runs pyn's five benchmark workloads and Brian2's versions of
# them side by side, one workload at a time (Brian2 first, then pyn), so
# that both see the same machine state, and prints one Markdown table.
#
#	bench/compare.sh PEERS [PYN_COUNT] [BRIAN_REPS]
#
# PEERS is the folder holding Brian2's peer scripts (izh.py, coba.py; see
# docs/benchmarks.md). pyn's figure is the benchstat-style median of
# PYN_COUNT runs (default 6) of `go test -bench`, one thread (-cpu 1), and,
# where a threads=2 sub-benchmark exists, of the same with -cpu 2.
# Brian2's is the median of its C++ standalone loop times (run_s) over
# BRIAN_REPS re-runs of the compiled binary (default 5). Needs Debian's
# python3-brian, cython3, g++ and time; run it from the repository root.
set -eu
peers=${1:?usage: bench/compare.sh PEERS [PYN_COUNT] [BRIAN_REPS]}
count=${2:-6}
reps=${3:-5}
py=/usr/bin/python3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

go test -c -o "$out/pyn.test" ./pyn

brian() { # name script args...
	name=$1 script=$2
	shift 2
	"$py" "$peers/$script" --target cpp --name "pyncmp-$name" "$@" >"$out/$name.brian.log" 2>&1 ||
		{ cat "$out/$name.brian.log" >&2; echo "compare.sh: Brian2 $name failed" >&2; exit 1; }
	grep '^RESULT ' "$out/$name.brian.log" | sed 's/^RESULT //' >"$out/$name.brian"
}

gobench() { # name cpu benchregexp benchtime
	(cd pyn && "$out/pyn.test" -test.run XXX -test.bench "$3" -test.count "$count" \
		-test.cpu "$2" -test.benchtime "$4") >"$out/$1.pyn" 2>&1 ||
		{ cat "$out/$1.pyn" >&2; echo "compare.sh: pyn $1 failed" >&2; exit 1; }
}

load0=$(cut -d' ' -f1 /proc/loadavg)
start=$(date -u '+%Y-%m-%d %H:%M UTC')
brian Izh1000 izh.py --dt 0.25 --reps "$reps"
gobench Izh1000 1 '^BenchmarkIzh1000$' 1s
gobench Izh1000eq 1 '^BenchmarkIzh1000Equations$' 1s
brian Izh1000STDP izh.py --dt 0.25 --stdp --reps "$reps"
gobench Izh1000STDP 1 '^BenchmarkIzh1000STDP$' 1s
brian Sparse100k izh.py --dt 0.25 --conn sparse --K 100 --N 100000 --reps "$reps"
gobench Sparse100k 1 '^BenchmarkSparse100k$/^threads=1$' 2x
gobench Sparse100k-2 2 '^BenchmarkSparse100k$/^threads=2$' 2x
brian COBA coba.py --model coba --reps "$reps"
gobench COBA 1 '^BenchmarkCOBA$/^euler$' 1s
brian COBAHH coba.py --model cobahh --reps "$reps"
gobench COBAHH 1 '^BenchmarkCOBAHH$/^threads=1$' 1x
gobench COBAHH-2 2 '^BenchmarkCOBAHH$/^threads=2$' 1x
load1=$(cut -d' ' -f1 /proc/loadavg)

"$py" - "$out" "$start" "$load0" "$load1" "$count" "$reps" <<'PY'
import json, statistics, sys
out, start, l0, l1, count, reps = sys.argv[1:]

def pyn(name):
    rows = []
    for line in open(f"{out}/{name}.pyn"):
        if not line.startswith("Benchmark"):
            continue
        f = line.split()
        m = {f[i + 1]: float(f[i]) for i in range(2, len(f) - 1, 2)}
        rows.append(m)
    if not rows:
        sys.exit(f"compare.sh: no benchmark lines for {name}")
    med = lambda k: statistics.median(r[k] for r in rows)
    return med("ns/op") / 1e9, med("cpu-s/op"), med("spikes/op"), len(rows)

print(f"Measured {start}, {count} pyn runs and {reps} Brian2 re-runs per workload, "
      f"load average {l0} before and {l1} after.\n")
print("| workload | Brian2 C++ loop (median) | pyn 1 thread wall | pyn CPU | pyn / Brian2 | pyn 2 threads | 2 / 1 thread | Brian2 spikes | pyn spikes | spikes Δ |")
print("|---|---|---|---|---|---|---|---|---|---|")
def sep(x):
    return f"{x:,.0f}".replace(",", " ")
def fmt(s):
    return f"{s*1e3:.1f} ms" if s < 1 else f"{s:.3f} s"
rows = [("Izh1000", "Izh1000"), ("Izh1000, pyn model as equations", "Izh1000eq"),
        ("Izh1000STDP", "Izh1000STDP"), ("Sparse100k", "Sparse100k"), ("COBA", "COBA"), ("COBAHH", "COBAHH")]
for label, name in rows:
    b = json.load(open(f"{out}/{label.split(',')[0]}.brian"))
    bt = statistics.median(r["run_s"] for r in b["runs"])
    bs = b["spikes"]
    w, c, s, n = pyn(name)
    two, ratio2 = "–", "–"
    try:
        w2, _, s2, _ = pyn(name + "-2")
        two, ratio2 = fmt(w2), f"{w2 / w:.2f}" + ("" if s2 == s else " (spikes differ!)")
    except FileNotFoundError:
        pass
    print(f"| {label} | {fmt(bt)} | {fmt(w)} | {fmt(c)} | **{w / bt:.2f}** | {two} | {ratio2} | {sep(bs)} | {sep(s)} | {100 * (s - bs) / bs:+.1f} % |".replace("-", "−"))
PY
