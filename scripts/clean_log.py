#!/usr/bin/env python3
"""The run log of a county run, as an office keeps it: qgis_process's output without what is not ours.

    python scripts/clean_log.py RAW_OUTPUT > run.log

qgis_process prints, around the messages of MultiPlan's algorithms: a Python deprecation line, an
``Inputs`` block echoing every input with its machine path, its progress ticks (``0...10...20``)
glued to the start of the message lines, ``WARNING:`` prefixes, an English closing line and a
``Results`` block of output paths. This keeps the messages (in the language they were written in),
strips the ticks, and under a Chinese locale (MULTIPLAN_LOCALE, default zh_CN) writes the prefix and
the closing line in Chinese. Used by scripts/run-county.
"""
import os
import re
import sys

TICKS = "0...10...20...30...40...50...60...70...80...90...100"
RULE = "----------------"
# QGIS 3.22: "… Executed 33 algorithms total in 38.66 s."; 3.40: "… Executed 33 algorithm(s) total in …"
DONE = re.compile(r"^Model processed OK\. Executed (\d+) algorithm(?:s|\(s\))? total in ([\d.]+) s\.$")


def strip_ticks(line, position):
    """(the line without the progress ticks it starts with, the new position in TICKS)."""
    taken = 0
    while taken < len(line) and position < len(TICKS) and line[taken] == TICKS[position]:
        taken += 1
        position += 1
    # a number is a tick only whole: "10" then text, never "1" of "15 个…"
    if taken and position < len(TICKS) and TICKS[position].isdigit() and TICKS[position - 1].isdigit():
        while taken and TICKS[position - 1].isdigit():
            taken -= 1
            position -= 1
    return line[taken:], position


def clean(text, chinese=True):
    out, position, skipping = [], 0, None
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if "DeprecationWarning" in line and line.startswith("<string>"):
            continue
        if line == RULE and number + 2 < len(lines) and lines[number + 2] == RULE:
            skipping = lines[number + 1]  # "Inputs" or "Results"
            continue
        if skipping is not None:
            if line in ("Inputs", "Results", RULE):
                continue
            if skipping == "Results" or re.match(r"^[A-Z0-9_]+:\t", line):
                continue  # the echo of an input or an output path
            if line.strip():
                skipping = None
            else:
                continue
        line, position = strip_ticks(line, position)
        done = DONE.match(line.strip())
        if done:
            line = (f"模型运行完成：执行 {done.group(1)} 个算法，用时 {float(done.group(2)):.1f} 秒。" if chinese
                    else f"Model finished: {done.group(1)} algorithms in {float(done.group(2)):.1f} s.")
        if line.startswith("WARNING:\t"):
            line = ("警告：" if chinese else "Warning: ") + line[len("WARNING:\t"):]
        if line.strip() in ("- done.", "100 - done."):
            continue  # the end of the progress ticks
        if not line.strip():
            if out and out[-1] == "":
                continue
            line = ""
        out.append(line)
    while out and out[0] == "":
        out.pop(0)
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8", errors="replace") as raw:
        text = raw.read()
    sys.stdout.write(clean(text, chinese=os.environ.get("MULTIPLAN_LOCALE", "zh_CN").startswith("zh")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
