#!/usr/bin/env python3
"""make_design.py -- write the larger design of the accuracy benchmark.

bench/accuracy.sh scores `mzgeno call` on the built-in 8-plex fas8 and on a
larger design with several multiplexes, because a caller tuned on one small
multiplex can fail on a crowded one (more species per spectrum, more
calibrants, 2+ ions of heavy assays landing among light UEPs, plate sheets
with a multiplex column, duplicate sets spanning multiplexes). No real
Assay Design export is public (domain.md section 4), so this script makes
one: PLEXES multiplexes of ASSAYS iPLEX assays each, made-up SNP IDs
(bench01...), real-looking extension primers (the rules of
scripts/fas8_uep_search.py: 15-28 nt, 35-65 % GC, no homopolymer longer than
4, no dinucleotide repeat, no self-priming 3' end), allele pairs drawn with
the frequencies of human SNP classes (transitions A/G and C/T twice as
common as each transversion) and both primer directions.

Every species (UEP, allele products, their Na+ and K+ adducts and 2+ ions;
the mass model of docs/design.md through scripts/fas8_uep_search.py) keeps
at least the peak width at resolving power MIN_RES (m/MIN_RES, plus 2 Da)
from every species of any other assay of its multiplex wherever one of the
two lies in 4,300-9,000 Da; singly charged species stay inside that window.
MIN_RES is 400, the lowest resolution `mzgeno simulate` draws, so the
design passes `mzgeno design check --strict --resolution 400` (checked by
bench/accuracy.sh before it runs). Masses are written with one decimal, as
Agena's exports have them, next to the sequences.

Usage: /usr/bin/python3 bench/make_design.py [--plexes 2] [--assays 16]
       [--seed 2026] > testdata/design/bench_2plex_32.tsv
The same seed writes the same file.
"""
import argparse
import importlib.util
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "fas8_uep_search", os.path.join(HERE, "..", "scripts", "fas8_uep_search.py"))
fas8 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fas8)

MIN_RES = 400.0
MARGIN = 2.0
LO, HI = fas8.LO, fas8.HI
# SNP classes with rough human frequencies: transitions twice as common.
CLASSES = [("AG", 2), ("GA", 2), ("CT", 2), ("TC", 2), ("AC", 1), ("CA", 1),
           ("AT", 1), ("TA", 1), ("CG", 1), ("GC", 1), ("GT", 1), ("TG", 1)]


def clear(sp_a, sp_b):
    """No species of one assay within the MIN_RES peak width of the other's."""
    for ma, _ in sp_a:
        for mb, _ in sp_b:
            if not (LO <= ma <= HI or LO <= mb <= HI):
                continue
            width = (ma + mb) / 2 / MIN_RES + MARGIN
            if abs(ma - mb) < width:
                return False
    return True


def pick_class(rng):
    total = sum(w for _, w in CLASSES)
    x = rng.uniform(0, total)
    for alleles, w in CLASSES:
        x -= w
        if x <= 0:
            return alleles
    return CLASSES[-1][0]


def plex(rng, n):
    """n assays (seq, alleles, dir, species) or None when they do not fit."""
    chosen = []
    lengths = [15 + (i * 14) // n for i in range(n)]  # spread over 15..28
    rng.shuffle(lengths)
    for length in lengths:
        for _try in range(3000):
            seq = "".join(rng.choice("ACGT") for _ in range(length))
            if not fas8.looks_real(seq):
                continue
            alleles = pick_class(rng)
            d = rng.choice("FR")
            sp = fas8.species(seq, alleles, d)
            if not fas8.in_window(sp):
                continue
            if all(clear(sp, c[3]) for c in chosen):
                chosen.append((seq, alleles, d, sp))
                break
        else:
            return None
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plexes", type=int, default=2)
    ap.add_argument("--assays", type=int, default=16)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    out.write("# made by bench/make_design.py --plexes %d --assays %d --seed %d:"
              " made-up SNP IDs, primers and masses for the accuracy benchmark"
              " (not real assays)\n" % (args.plexes, args.assays, args.seed))
    out.write("WELL\tTERM\tSNP_ID\tUEP_DIR\tUEP_MASS\tUEP_SEQ\tEXT1_CALL\tEXT1_MASS"
              "\tEXT1_SEQ\tEXT2_CALL\tEXT2_MASS\tEXT2_SEQ\n")
    k = 0
    for p in range(args.plexes):
        for _attempt in range(200):
            assays = plex(rng, args.assays)
            if assays is not None:
                break
        else:
            print("make_design: %d assays do not fit in one multiplex" % args.assays,
                  file=sys.stderr)
            return 1
        assays.sort(key=lambda a: fas8.oligo(a[0]))
        for seq, alleles, d, _sp in assays:
            k += 1
            uep = fas8.oligo(seq)
            row = ["W%d" % (p + 1), "iPLEX", "bench%02d" % k, d, "%.1f" % uep, seq]
            for a in alleles:
                base = fas8.COMP[a] if d == "R" else a
                row += [a, "%.1f" % fas8.r2(uep + fas8.IPLEX[base]), seq + base]
            out.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
