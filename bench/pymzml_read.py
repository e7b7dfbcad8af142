#!/usr/bin/env python3
"""pymzml_read.py -- the peer of the reading benchmarks: pymzML merely
reading an mzML file (iterate every spectrum, decode and sum its m/z and
intensity arrays, nothing else). Used by bench_read.sh, bench_call.sh and
bench_all.sh, so that every benchmark times the same peer program.

Usage: pymzml_read.py FILE.mzML   (prints: spectra, sum of all values)
"""
import sys

import pymzml

n = 0
total = 0.0
for spec in pymzml.run.Reader(sys.argv[1]):
    total += float(spec.mz.sum()) + float(spec.i.sum())
    n += 1
print(n, total)
