#!/usr/bin/env python3
"""Names the tests a swift-testing log shows as started and never finished
(what a hung run was doing when scripts/test.sh's time limit stopped it)."""
import re
import sys

START = re.compile(r"^\S+ Test (.+) started\.$")
# Parameterized tests and the run itself end "... with N test cases passed".
END = re.compile(r"^\S+ Test (.+?)(?: with \d+ (?:test cases?|tests?)(?: in \d+ suites?)?)? (?:passed|failed) after|^\S+ Test (.+) skipped")

started, finished = {}, set()
with open(sys.argv[1], errors="replace") as log:
    for number, line in enumerate(log, 1):
        line = line.rstrip("\n")
        if match := START.match(line):
            started[match.group(1)] = number
        elif match := END.match(line):
            finished.add(match.group(1) or match.group(2))
for name, number in started.items():
    if name not in finished:
        print(f"  {name}  (started at log line {number})")
