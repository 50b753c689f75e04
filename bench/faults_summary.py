"""Worst and median of every number in the fault measurement lines of bench/faults.sh (bench/results/faults/*.txt)."""
import re
import statistics
import sys
from pathlib import Path

# (file, label, regex of the number in each line)
MEASURES = [
    ("frozen.txt", "frozen leader: survivors' largest gap (ms)", r"largest gap (\d+) ms"),
    ("frozen.txt", "frozen leader: thaw to one leader and one feed connection (ms)", r"feed connection (\d+) ms after the thaw"),
    ("partition.txt", "partition: majority has a leader after (ms)", r"majority leader after (\d+) ms"),
    ("partition.txt", "partition: majority's clients' largest gap (ms)", r"clients' largest gap (\d+) ms"),
    ("partition.txt", "partition: minority stale and not ingesting after (ms)", r"not ingesting after (\d+) ms"),
    ("partition.txt", "heal: one leader and one feed connection after (ms)", r"one feed connection in (\d+) ms"),
    ("partition.txt", "heal: every node ready after (ms)", r"every node ready in (\d+) ms"),
    ("storm.txt", "kill -9 behind HAProxy: all current after the kill (ms)", r"\((\d+) ms after the kill\)"),
    ("storm.txt", "kill -9 behind HAProxy: drop to snapshot, max (ms)", r"max (\d+) ms"),
    ("storm.txt", "kill -9 behind HAProxy: seq violations", r"(\d+) seq violations"),
    ("storm.txt", "kill -9 behind HAProxy: final mismatches", r"(\d+) mismatches"),
]


def main(folder):
    print("| measure | runs | median | worst | all |")
    print("|---|---|---|---|---|")
    for name, label, pattern in MEASURES:
        path = Path(folder) / name
        if not path.exists():
            continue
        values = [int(m.group(1)) for line in path.read_text().splitlines() if (m := re.search(pattern, line))]
        if values:
            print(f"| {label} | {len(values)} | {statistics.median(values):g} | {max(values)} | {', '.join(map(str, values))} |")


if __name__ == "__main__":
    main(sys.argv[1])
