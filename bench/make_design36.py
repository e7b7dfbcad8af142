#!/usr/bin/env python3
"""make_design36.py -- write a synthetic 36-plex iPLEX design (Agena format).

For measuring the review page on a large multiplex (docs/review.md): 36
assays in one multiplex W1 with random UEP sequences (15-29 nt, seeded),
chosen greedily so that UEPs and allele products of different assays are
at least --gap Da apart (default 16) within 4300-9000 Da. Salt adducts are
not avoided (a real 36-plex cannot avoid them all; `mzgeno design check`
lists the overlaps). Masses use the design module's model: oligo
sum(A 313.21, C 289.18, G 329.21, T 304.20) - 61.96, iPLEX terminators
A 271.2, C 247.2, G 287.2, T 327.1 (docs/design.md); the file gives
sequences only and mzgeno computes the masses.

Usage: make_design36.py [--assays 36] [--gap 16] [--seed 7] > design36.tsv
"""
import argparse
import random

BASE = {"A": 313.21, "C": 289.18, "G": 329.21, "T": 304.20}
TERM = {"A": 271.2, "C": 247.2, "G": 287.2, "T": 327.1}
COLS = ["WELL", "TERM", "SNP_ID", "2nd-PCRP", "1st-PCRP", "AMP_LEN",
        "UP_CONF", "MP_CONF", "Tm(NN)", "PcGC", "PWARN", "UEP_DIR",
        "UEP_MASS", "UEP_SEQ", "EXT1_CALL", "EXT1_MASS", "EXT1_SEQ",
        "EXT2_CALL", "EXT2_MASS", "EXT2_SEQ"]
PAIRS = [("A", "G"), ("C", "T"), ("A", "C"), ("G", "T"), ("A", "T"), ("C", "G")]


def oligo(seq):
    return round(sum(BASE[b] for b in seq) - 61.96, 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--assays", type=int, default=36)
    ap.add_argument("--gap", type=float, default=16.0)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    taken, rows = [], []
    tries = 0
    while len(rows) < a.assays and tries < 200000:
        tries += 1
        n = rng.randint(15, 29)
        seq = "".join(rng.choice("ACGT") for _ in range(n))
        a1, a2 = rng.choice(PAIRS)
        uep = oligo(seq)
        masses = [uep, round(uep + TERM[a1], 2), round(uep + TERM[a2], 2)]
        if min(masses) < 4300 or max(masses) > 9000:
            continue
        if any(abs(m - t) < a.gap for m in masses for t in taken):
            continue
        taken += masses
        rows.append((seq, a1, a2))
    rows.sort(key=lambda r: oligo(r[0]))
    print("\t".join(COLS))
    for i, (seq, a1, a2) in enumerate(rows):
        cells = dict.fromkeys(COLS, "")
        cells.update({"WELL": "W1", "TERM": "iPLEX", "SNP_ID": "rsX%03d" % (i + 1),
                      "UEP_DIR": "F", "UEP_SEQ": seq, "EXT1_CALL": a1,
                      "EXT1_SEQ": seq + a1, "EXT2_CALL": a2, "EXT2_SEQ": seq + a2})
        print("\t".join(cells[c] for c in COLS))


if __name__ == "__main__":
    main()
