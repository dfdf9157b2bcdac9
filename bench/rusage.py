#!/usr/bin/env python3
"""Runs one command (stdout and stderr to /dev/null) and prints, as JSON, its
wall time, CPU time, peak RSS and exit status. Used by bench/run.mjs: Node
cannot read a child's rusage, and the interpreter's own start-up stays outside
the timed window."""
import json
import resource
import subprocess
import sys
import time

r0 = resource.getrusage(resource.RUSAGE_CHILDREN)  # not zero: whatever started this interpreter may count
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": wall, "user_s": ru.ru_utime - r0.ru_utime, "sys_s": ru.ru_stime - r0.ru_stime, "maxrss_kb": ru.ru_maxrss, "rc": p.returncode}))
