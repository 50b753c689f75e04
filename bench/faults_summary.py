"""Worst and median of every number in the fault measurement lines of bench/faults.sh (bench/results/faults/*.txt)."""
import re
import statistics
import sys
from pathlib import Path

# (file, label, regex of the number in each line; lines of the partition file are told apart by how they start)
LEADER = r"partition of the leader.*"
FOLLOWER = r"partition of a follower.*"
MEASURES = [
    ("frozen.txt", "frozen leader: survivors' largest gap (ms)", r"largest gap (\d+) ms"),
    ("frozen.txt", "frozen leader: thaw to one leader and one feed connection (ms)", r"feed connection (\d+) ms after the thaw"),
    ("partition.txt", "partition of the leader: majority has a leader after (ms)", LEADER + r"majority leader after (\d+) ms"),
    ("partition.txt", "partition of the leader: majority's clients' largest gap (ms)", LEADER + r"clients' largest gap (\d+) ms"),
    ("partition.txt", "partition of the leader: minority stale and not ingesting after (ms)", LEADER + r"not ingesting after (\d+) ms"),
    ("partition.txt", "heal: one leader and one feed connection after (ms)", LEADER + r"one feed connection in (\d+) ms"),
    ("partition.txt", "heal: every node ready after (ms)", LEADER + r"every node ready in (\d+) ms"),
    ("partition.txt", "partition of a follower: it ingests itself after (ms)", FOLLOWER + r"ingests itself after (\d+) ms"),
    ("partition.txt", "partition of a follower: majority's clients' largest gap (ms)", FOLLOWER + r"majority's clients' largest gap (\d+) ms"),
    ("partition.txt", "partition of a follower: its own clients' largest gap (ms)", FOLLOWER + r"the follower's (\d+) ms"),
    ("partition.txt", "follower heal: one leader and one feed connection after (ms)", FOLLOWER + r"one feed connection in (\d+) ms"),
    ("partition.txt", "follower heal: every node ready after (ms)", FOLLOWER + r"every node ready in (\d+) ms"),
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
