#!/usr/bin/env python3
"""histogram_diff.py BEFORE AFTER N: what N connections added to the heap, per connection and per class.

BEFORE and AFTER are `jcmd PID GC.class_histogram` outputs (each taken right after a full GC), with
no connections and with N. Prints the classes whose bytes grew, largest first: instances and bytes
per connection, and the running total, so the top rows say where a connection's heap goes.
"""
import re
import sys

ROW = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def read(path):
    table = {}
    with open(path) as f:
        for line in f:
            m = ROW.match(line)
            if m:
                table[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return table


def main():
    before, after, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
    if n <= 0:
        print("no connections")
        return
    grown = []
    for name, (count, size) in after.items():
        count0, size0 = before.get(name, (0, 0))
        if size > size0:
            grown.append((size - size0, count - count0, name))
    grown.sort(reverse=True)
    total = sum(g[0] for g in grown)
    print(f"{n} connections: {total / n:,.0f} B per connection in classes that grew")
    print(f"{'B/conn':>8} {'objs/conn':>9} {'running':>8}  class")
    running = 0
    for size, count, name in grown[:40]:
        running += size
        print(f"{size / n:8.0f} {count / n:9.2f} {running / n:8.0f}  {name}")


if __name__ == "__main__":
    main()
