#!/usr/bin/env python3
"""Per-thread CPU of a JVM during a bench run, to see where a window's CPU went (JIT, GC, event loops).

  bench/threadcpu.py sample PIDFILE OUT.json
      waits for PIDFILE (e.g. bench/run/b-service.pid), then every 2 s adds up utime+stime (in clock
      ticks) per thread name, digits dropped ("C2 CompilerThread0" and "C1 ..." both count as
      "C CompilerThre": /proc truncates names to 15 characters), until the process exits.
  bench/threadcpu.py share FROM TO OUT.json...
      the compiler threads' share of the process's CPU between FROM and TO seconds after sampling began.

The sampler starts before the process, so its time 0 is within a second of the JVM's start.
"""
import json
import os
import sys
import time

COMPILER = "C CompilerThre"


def sample(pidfile, out):
    while not os.path.exists(pidfile):
        time.sleep(0.5)
    pid = open(pidfile).read().strip()
    samples = []
    while os.path.exists(f"/proc/{pid}"):
        row = {}
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            break
        for tid in tids:
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue  # the thread ended meanwhile
            name = "".join(c for c in stat[stat.index("(") + 1:stat.rindex(")")] if not c.isdigit()).strip()
            fields = stat[stat.rindex(")") + 2:].split()
            row[name] = row.get(name, 0) + int(fields[11]) + int(fields[12])
        samples.append((time.time(), row))
        time.sleep(2)
    with open(out, "w") as f:
        json.dump(samples, f)


def share(start, end, files):
    for path in files:
        samples = json.load(open(path))
        t0 = samples[0][0]
        compiler = total = 0
        for (_, before), (t, after) in zip(samples, samples[1:]):
            step = sum(after.values()) - sum(before.values())
            if step < 0:
                break  # threads ended as the process stopped
            if start <= t - t0 <= end:
                compiler += after.get(COMPILER, 0) - before.get(COMPILER, 0)
                total += step
        hz = os.sysconf("SC_CLK_TCK")
        print(f"{path}: compiler threads {100 * compiler / max(total, 1):.1f}% of {total / hz:.1f} CPU s")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 5 and sys.argv[1] == "share":
        share(float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(__doc__)
