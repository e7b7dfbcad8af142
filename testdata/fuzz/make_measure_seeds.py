#!/usr/bin/python3
"""Write the seeds of testdata/fuzz/measure (layout: tests/fuzz/fuzz_measure.c).

Run:  python3 testdata/fuzz/make_measure_seeds.py testdata/fuzz/measure

A pad of the unit tests' 8-assay iPLEX multiplex (tests/unit/synth.c): UEP
masses, the targets (UEP, alleles, Na and K adducts), a detected-peak list
at masses distorted by +600 ppm, and a 6000-point TOF-grid signal of
Gaussian peaks (R 500) with noise from a fixed seed. Variants: profile,
centroid, hostile values (NaN/infinity sprinkled, no calibration passed),
no UEPs, and a header alone. Only the standard library is used.
"""
import math
import os
import random
import struct
import sys

UEPS = [4518.0, 5012.3, 5499.7, 6003.9, 6511.2, 7020.6, 7565.4, 8123.8]
ALLELES = ['AG', 'CT', 'AG', 'GT', 'AG', 'CG', 'AG', 'AT']
INC = {'A': 271.2, 'C': 247.2, 'G': 287.2, 'T': 327.1}
NA, K = 21.98, 38.09
R = 500.0


def species(with_ueps=True):
    """(mass, height, kind, assay, allele) of every species of the pad."""
    out = []
    for a, (u, al) in enumerate(zip(UEPS, ALLELES)):
        parents = [(u, 800.0 if with_ueps else 0.0, 0, -1)]
        parents += [(u + INC[b], h, 1, i) for i, (b, h) in
                    enumerate(zip(al, (1500.0, 500.0)))]
        for m, h, kind, i in parents:
            out.append((m, h, kind, a, i))
            out.append((m + NA, 0.2 * h, 2, a, i))
            out.append((m + K, 0.1 * h, 3, a, i))
    return out


def seed(flags, with_ueps=True, n_sig=6000):
    rnd = random.Random(1)
    sp = species(with_ueps)
    dist = 1 + 600e-6
    head = bytes([flags, len(UEPS), len(sp), 0, 40, (3 << 4) | 2])
    body = b''.join(struct.pack('<d', u) for u in UEPS)
    for m, h, kind, a, i in sp:
        body += struct.pack('<d', m) + bytes([kind, a, i + 1])
    peaks = [(m * dist, h, h / 2, m / R) for m, h, *_ in sp if h > 0]
    head = head[:3] + bytes([len(peaks)]) + head[4:]
    for p in peaks:
        body += struct.pack('<4d', *p)
    a, b = math.sqrt(3500), math.sqrt(9500)
    sig = b''
    for j in range(n_sig):
        x = (a + (b - a) * j / (n_sig - 1)) ** 2
        y = sum(h * math.exp(-0.5 * ((x - m * dist) / (m / R / 2.3548)) ** 2)
                for m, h, *_ in sp if h > 0 and abs(x - m * dist) < 60)
        v = int(round(y + rnd.gauss(0, 3))) + 2000
        sig += struct.pack('<H', max(0, min(65535, v)))
    return head + body + sig


def main():
    out = sys.argv[1]
    seeds = {
        'profile': seed(0),
        'centroid': seed(1),
        'hostile_nocalib': seed(0x20 | 0x10 | 0x40),
        'no_ueps': seed(0x08, with_ueps=False),
        'header_only': bytes([2, 3, 4, 5, 0, 0xff]),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


main()
