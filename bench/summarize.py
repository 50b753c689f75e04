#!/usr/bin/env python3
"""bench/summarize.py RESULTS_DIR [DURATION]: one table (results.md) and one JSON (results.json) of every
scenario found in RESULTS_DIR (X.run.json from run.sh + X.json from the load test), with the machine."""
import json, os, platform, subprocess, sys, datetime

res = sys.argv[1]
duration = sys.argv[2] if len(sys.argv) > 2 else "?"

def sh(cmd):
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip()
    except Exception as e:
        return str(e)

mem = next((l.split(":")[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
machine = {
    "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    "nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
    "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines(),
    "fdLimit": sh("ulimit -n"), "duration": duration,
}

def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def fmt(v, nd=0):
    if v is None:
        return "–"
    if isinstance(v, (int, float)):
        return f"{v:,.{nd}f}"
    return str(v)

rows, scenarios = [], []
idle_lines = []
for name in [n + variant for n in "abcdef" for variant in ("", "+auth", "+sec")] + ["i"]:
    run = load(os.path.join(res, f"{name}.run.json"))
    if run is None:
        continue
    if "idle" in run:  # scenario i: no load-test report, memory figures of its own
        i = run["idle"]
        scenarios.append({"run": run, "loadtest": None})
        idle_lines.append(f"- **{name}** ({run['description']}): {fmt(i['connections'])} connections; heap in use after a full GC "
                          f"{fmt(i['heapBaselineBytes'] / 2**20, 1)} → {fmt(i['heapBytes'] / 2**20, 1)} MB, "
                          f"**{fmt(i['heapPerConnectionBytes'] / 1024 if i['heapPerConnectionBytes'] is not None else None, 1)} KB per connection**; "
                          f"RSS {fmt(i['rssBaselineMb'])} → {fmt(i['rssMb'])} MB ({fmt(i['rssPerConnectionKb'])} KB per connection).")
        continue
    lt = load(os.path.join(res, f"{name}.json")) if "skipped" not in run else None
    entry = {"run": run, "loadtest": None}
    if lt:
        entry["loadtest"] = {k: lt.get(k) for k in ("label", "passed", "failures", "config", "connections",
                                                     "throughput", "tickAgeMs", "correctness", "stalled", "server")}
    scenarios.append(entry)
    if not lt:
        rows.append(f"| {name} | {run.get('description','')} | skipped: {run.get('skipped', 'no report (exit ' + str(run.get('exitCode')) + ')')} |" + " |" * 20)
        continue
    c, t, a, k, st = lt["connections"], lt["throughput"], lt["tickAgeMs"], lt["correctness"], lt["stalled"]
    srv = lt.get("server") or []
    procs = run.get("serviceProcesses") or []
    ticks_out = sum((s.get("ticksOutPerSec") or 0) for s in srv) if srv else None
    cpu_s = sum(p["cpuSeconds"] for p in procs) if procs else None
    wall = run.get("wallSeconds") or 0
    rss = sum(p["rssMb"] for p in procs) if procs else None
    # CPU per written tick from the server's own meters over the same window (process_cpu_time / ticks out)
    srv_cpu = sum((s.get("cpuSeconds") or 0) for s in srv) if srv else None
    srv_ticks = sum((s.get("ticksOutPerSec") or 0) * (s.get("seconds") or 0) for s in srv) if srv else None
    us_per_tick = srv_cpu / srv_ticks * 1e6 if srv_cpu and srv_ticks else None
    srv_frames = sum((s.get("framesOutPerSec") or 0) * (s.get("seconds") or 0) for s in srv) if srv else None
    us_per_frame = srv_cpu / srv_frames * 1e6 if srv_cpu and srv_frames else None
    floor = ((run.get("sendfloor") or {}).get("result") or {}).get("usPerFrame")
    apart = ((run.get("sendfloor") or {}).get("readerApart") or {}).get("usPerFrame")
    vs_floor = f"{fmt(us_per_frame, 1)} / {fmt(floor, 1)}" + (f" ({us_per_frame / floor:.1f}×)" if us_per_frame and floor else "") \
        + (f"; reader apart {fmt(apart, 1)} ({us_per_frame / apart:.1f}×)" if us_per_frame and apart else "")
    window_cores = sum((s.get("cpuCores") or 0) for s in srv) if srv else None
    # the service's own tick age (tick time to the frame built), without the load test's queueing: the worst node
    worst = lambda key: max((s[key] for s in srv if s.get(key) is not None), default=None)
    srv_age_p99, srv_age_p999, feed_p99 = worst("tickAgeP99AtMostMs"), worst("tickAgeP999AtMostMs"), worst("feedAgeP99AtMostMs")
    heap_pc = [s.get("heapPerConnectionBytes") for s in srv if s.get("heapPerConnectionBytes")]
    heap_kb = sum(heap_pc) / len(heap_pc) / 1024 if heap_pc else None
    stalled = f"{st['closedByServer']}/{st['target']} (srv {fmt(st.get('serverSlowConsumerCloses'))}) {st.get('closeCodes') or ''}" if st["target"] else "–"
    # due: one update per interval per reading connection (every connection's symbols change within an interval here)
    cfg = lt.get("config") or {}
    due = c["openAtEnd"] * 1000 / cfg["intervalMs"] if cfg.get("intervalMs") else None
    result = "PASS" if lt["passed"] else "FAIL: " + "; ".join(lt["failures"])
    rows.append("| " + " | ".join([
        name, run.get("description", ""), f"{c['openAtEnd']}/{c['target']}", fmt(c["connectFailures"]) + "/" + fmt(c["disconnects"]),
        fmt(t["ticksPerSec"]), fmt(t["framesPerSec"]) + (f" of {fmt(due)}" if due else ""), fmt(t["mbPerSec"], 1),
        # drain-only runs parse nothing, so they have no tick ages
        (f"{fmt(a.get('p50'))} / {fmt(a.get('p99'))} / {fmt(a.get('p99.9'))} / {fmt(a.get('max'))}" if a.get("p50") is not None else "– (drain-only)")
        + (f" (service p99 ≤ {fmt(srv_age_p99)}, p99.9 ≤ {fmt(srv_age_p999)}" + (f"; feed p99 ≤ {fmt(feed_p99)}" if feed_p99 is not None else "")
           + ")" if srv_age_p99 is not None else ""),
        fmt(k["seqViolations"]), f"{fmt(k['mismatches'])} of {fmt(k['checkedSymbolValues'])}",
        fmt(ticks_out), fmt(us_per_tick, 2), vs_floor, fmt(window_cores, 2), f"{fmt(cpu_s, 1)} ({fmt(cpu_s / wall if cpu_s and wall else None, 2)})",
        fmt(run.get("loadtestCpuSeconds"), 1), fmt(rss), fmt(heap_kb, 1), stalled, run.get("loadAvgAfter", "?"), result]) + " |")

header = ("| | scenario | conns open/target | conn fail/disc | client ticks/s | frames/s of due | MB/s | tick age ms p50/p99/p99.9/max "
          "| seq viol | mismatches | server ticks out/s | server CPU µs per tick out | server CPU µs per frame / sendfloor (ratio) | server window cores | server CPU s (cores) | loadtest CPU s | server RSS MB | heap/conn KB | stalled closed (1013) | load avg after | result |\n"
          "|" + "---|" * 21)
md = [f"# Ticker benchmark results\n",
      f"{machine['date']} — {machine['nproc']} cores ({machine['cpu']}), {machine['memory']} RAM, kernel {machine['kernel']}, "
      f"{machine['java'][0] if machine['java'] else 'java ?'}; measured duration {duration} per scenario (after the ramp and the warm-up); "
      "service, feed simulator and load test each in their own JVM on the same machine (they share the cores).\n",
      header, *rows, "", *([*idle_lines, ""] if idle_lines else []),
      "Columns: client figures are measured by the load test over the measurement window; frames/s due is one update per "
      "interval per reading connection open at the end; server ticks out/s is the rate of "
      "`ticker_ticks_out_total` between /metrics scrapes at the start and the end of the measurement window (the window of the client figures: "
      "no ramp handshakes, no final check); the service p99 beside the tick ages is from the service's own histogram "
      "`ticker_tick_latency_seconds` over the same window (tick time to the frame carrying it being built, the upper bound of "
      "its bucket), so it leaves out the load test's own queueing, and the feed's p99 is how late ticks reached the service "
      "(`ticker_feed_age_seconds`, the oldest tick of each feed frame), a part of the service's figure; CPU µs per tick out is the service's "
      "`process_cpu_time_ns_total` over `ticker_ticks_out_total` between the same scrapes (per frame: over `ticker_frames_out_total`) "
      "and window cores is that CPU time over the window's length, "
      "and sendfloor is ../shared/tools/sendfloor.c writing the same frames/s of the same average size over the same connections, "
      "one send() per frame, pinned like the service, its reader first on the same core, then (reader apart) on the load test's "
      "cores, where the scenario's reader is: a reader on another core costs the writer a cross-core wake-up per send that "
      "wakes it; server CPU is utime+stime of the service "
      "JVM(s) from /proc/PID/stat over the whole load-test run (ramp, measurement, final check) and cores = CPU s / wall s; RSS is VmRSS at the end; "
      "heap/conn = jvm_memory_used_bytes{area=heap} / ticker_connections at the end (includes garbage not yet collected); "
      "load avg = /proc/loadavg 1-min right after the run: the machine is shared, anything above ~2 means other work competed for the 2 cores.",
      "", "Commands:", ""]
for e in scenarios:
    md.append(f"- {e['run']['name']}: `{e['run'].get('command', e['run'].get('skipped'))}`")
with open(os.path.join(res, "results.md"), "w") as f:
    f.write("\n".join(md) + "\n")
with open(os.path.join(res, "results.json"), "w") as f:
    json.dump({"machine": machine, "scenarios": scenarios}, f, indent=2)
print("\n".join(md[2:4 + len(rows)]))
