#!/usr/bin/env python3
"""peaks_compare.py -- compare two peak lists (oracle test of `mzgeno peaks`).

Usage: peaks_compare.py EXPECTED.tsv OURS.tsv MIN_FRACTION

EXPECTED: spectrum mz intensity snr (MALDIquant, testdata/maldiquant/).
OURS:     spectrum well mz intensity snr (`mzgeno peaks --tsv`).
A peak of one list is found in the other when the same spectrum has a peak
within 1e-4 Da. Prints the counts; exits 1 unless at least MIN_FRACTION of
the expected peaks are found in ours and of ours in the expected, and the
matched peaks' intensities and SNRs agree within 1e-5 (relative).
"""
import sys
from bisect import bisect_left


def load(path, mz_col):
    peaks = {}
    with open(path) as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            peaks.setdefault(int(c[0]), []).append(
                (float(c[mz_col]), float(c[mz_col + 1]), float(c[mz_col + 2])))
    for v in peaks.values():
        v.sort()
    return peaks


def nearest(lst, mz):
    i = bisect_left(lst, (mz,))
    best = None
    for j in (i - 1, i):
        if 0 <= j < len(lst) and (best is None or abs(lst[j][0] - mz) < abs(best[0] - mz)):
            best = lst[j]
    return best if best is not None and abs(best[0] - mz) <= 1e-4 else None


def close(a, b):
    return abs(a - b) <= 1e-5 * max(abs(a), abs(b), 1e-12)


def main():
    exp, ours, minf = load(sys.argv[1], 1), load(sys.argv[2], 2), float(sys.argv[3])
    n_exp = sum(len(v) for v in exp.values())
    n_ours = sum(len(v) for v in ours.values())
    found = mine = bad = 0
    for s, lst in exp.items():
        for p in lst:
            q = nearest(ours.get(s, []), p[0])
            if q:
                found += 1
                if not (close(p[1], q[1]) and close(p[2], q[2])):
                    bad += 1
                    print(f"spectrum {s} m/z {p[0]}: intensity/snr {p[1]}/{p[2]} vs {q[1]}/{q[2]}")
            else:
                print(f"spectrum {s}: MALDIquant peak {p[0]} not found")
    for s, lst in ours.items():
        for q in lst:
            if nearest(exp.get(s, []), q[0]):
                mine += 1
            else:
                print(f"spectrum {s}: our peak {q[0]} is not MALDIquant's")
    print(f"expected {n_exp}, ours {n_ours}, expected found {found}, ours in expected {mine}, "
          f"value mismatches {bad}")
    ok = n_exp > 0 and n_ours > 0 and found >= minf * n_exp and mine >= minf * n_ours and bad == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
