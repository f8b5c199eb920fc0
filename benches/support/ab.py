#!/usr/bin/env python3
"""A/B timing of two portal binaries on one tree, alternating them run by run.

python3 benches/support/ab.py TREE RUNS BEFORE_BINARY AFTER_BINARY

Each binary keeps its own index (PORTAL_CACHE_DIR), so the warm rows are warm for both;
one untimed run each warms the file cache. Prints a Markdown row per command: the two
medians in ms and after / before. Run it with the same binary twice for the noise floor."""
import subprocess, sys, time, statistics, os
org, runs = sys.argv[1], int(sys.argv[2])
bins = {'before': sys.argv[3], 'after': sys.argv[4]}
cmds = [['validate','--no-cache'], ['list','--json','--no-cache'], ['list','--json'], ['show','component:onboarding-processor']]
envs = {n: dict(os.environ, PORTAL_CACHE_DIR='/tmp/ab-cache-'+n, NO_COLOR='1') for n in bins}
res = {}
for c in cmds:
    for n, b in bins.items():
        subprocess.run([b]+c, cwd=org, env=envs[n], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for i in range(runs):
        for name, b in (bins.items() if i % 2 == 0 else reversed(list(bins.items()))):
            t = time.perf_counter()
            subprocess.run([b]+c, cwd=org, env=envs[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            res.setdefault((' '.join(c), name), []).append((time.perf_counter()-t)*1000)
for c in cmds:
    k = ' '.join(c)
    mb, ma = statistics.median(res[(k,'before')]), statistics.median(res[(k,'after')])
    print(f"| `portal {k}` | {mb:.1f} | {ma:.1f} | {ma/mb:.3f} |")
