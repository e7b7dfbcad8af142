#!/usr/bin/env python3
"""make_chip.py -- write a synthetic SpectroCHIP run as one indexed mzML file.

A small, standalone generator (plain python3: zlib, base64, hashlib, random,
struct) for benchmarks and for tests that need a realistically sized chip:
one linear-mode MALDI-TOF profile spectrum per pad (96 or 384 pads), sampled
uniformly in flight time over m/z 3500..9500 (so points get sparser in m/z as
mass grows, like a real TOF), with a decaying baseline, noise, and a few
oligo-like peaks per pad (unextended primers and allele products with
Na/K adducts, FWHM = m/660). Every pad gets spotID "A01".."P24", the file is
an <indexedmzML> with verified offsets and a valid SHA-1 fileChecksum.

This is NOT the project's simulator (`mzgeno simulate` is); it makes no
attempt at truthful genotypes. It exists so that readers can be timed on a
~100 MB chip (384 pads, default encoding) without any other tool.

Usage:
  make_chip.py OUT.mzML [--wells 96|384|1] [--points N] [--seed S]
               [--mz-bits 32|64] [--int-bits 32|64] [--compression zlib|none]
               [--gzip] [--ref-groups]

Spectrum params are inline by default (pymzML 2.5.2 fails on
referenceableParamGroupRef under Python >= 3.9); --ref-groups puts them in a
group. Defaults: 384 wells, 20000 points, 64-bit m/z, 32-bit intensity, zlib:
about 100 MB. Output is deterministic for a given seed and options.
"""
import argparse
import base64
import gzip
import hashlib
import math
import random
import struct
import sys
import zlib

MZ_LO, MZ_HI = 3500.0, 9500.0


def wells(n):
    if n == 1:
        return ["A01"]
    rows = "ABCDEFGH" if n == 96 else "ABCDEFGHIJKLMNOP"
    cols = 12 if n == 96 else 24
    return [f"{r}{c:02d}" for r in rows for c in range(1, cols + 1)]


def mz_axis(n):
    """Uniform in flight time t ~ sqrt(m): m = (a + i*b)^2."""
    a = math.sqrt(MZ_LO)
    b = (math.sqrt(MZ_HI) - a) / (n - 1)
    return [(a + i * b) ** 2 for i in range(n)]


def add_peak(y, mz, centre, height, fwhm):
    """Add a Gaussian peak, touching only points within 4 FWHM."""
    sigma = fwhm / 2.3548
    # mz is sorted: find the window by bisection
    lo, hi = 0, len(mz)
    left = centre - 4 * fwhm
    while lo < hi:
        mid = (lo + hi) // 2
        if mz[mid] < left:
            lo = mid + 1
        else:
            hi = mid
    inv = -0.5 / (sigma * sigma)
    i = lo
    right = centre + 4 * fwhm
    while i < len(mz) and mz[i] <= right:
        d = mz[i] - centre
        y[i] += height * math.exp(d * d * inv)
        i += 1


def spectrum(rng, mz, pad):
    n = len(mz)
    base = 400.0 + 200.0 * rng.random()
    y = [base * math.exp(-(m - MZ_LO) / 1500.0) + 20.0 for m in mz]
    noise = 8.0 + 4.0 * rng.random()
    g = rng.gauss
    y = [v + abs(g(0.0, noise)) for v in y]
    # a multiplex of 6 assays at fixed masses, genotype random per pad
    for k in range(6):
        uep = 4400.0 + k * 780.0
        geno = rng.choice(("AA", "AB", "BB"))
        h = 2000.0 + 3000.0 * rng.random()
        fw = uep / 660.0
        add_peak(y, mz, uep, h * 0.3, fw)            # unextended primer
        for allele, inc in (("A", 271.2), ("B", 327.1)):
            if allele in geno:
                m = uep + inc
                hh = h * (1.0 if geno in ("AA", "BB") else 0.55)
                add_peak(y, mz, m, hh, m / 660.0)
                add_peak(y, mz, m + 21.98, hh * 0.08, m / 660.0)
                add_peak(y, mz, m + 38.09, hh * 0.05, m / 660.0)
    return y


def encode(values, bits, compression):
    fmt = "<%d%s" % (len(values), "d" if bits == 64 else "f")
    raw = struct.pack(fmt, *values)
    if compression == "zlib":
        raw = zlib.compress(raw, 6)
    return base64.b64encode(raw).decode("ascii")


def array_xml(kind_acc, kind_name, bits, compression, text):
    prec = ("MS:1000523", "64-bit float") if bits == 64 else ("MS:1000521", "32-bit float")
    comp = ("MS:1000574", "zlib compression") if compression == "zlib" else \
           ("MS:1000576", "no compression")
    return (
        f'          <binaryDataArray encodedLength="{len(text)}">\n'
        f'            <cvParam cvRef="MS" accession="{prec[0]}" name="{prec[1]}" value=""/>\n'
        f'            <cvParam cvRef="MS" accession="{comp[0]}" name="{comp[1]}" value=""/>\n'
        f'            <cvParam cvRef="MS" accession="{kind_acc}" name="{kind_name}" value=""/>\n'
        f'            <binary>{text}</binary>\n'
        f'          </binaryDataArray>\n')


HEADER = """<?xml version="1.0" encoding="utf-8"?>
<indexedmzML xmlns="http://psi.hupo.org/ms/mzml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://psi.hupo.org/ms/mzml http://psi.hupo.org/ms/mzml/mzML1.1.2_idx.xsd">
  <mzML xmlns="http://psi.hupo.org/ms/mzml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://psi.hupo.org/ms/mzml http://psi.hupo.org/ms/mzml/mzML1.1.0.xsd" id="chip" version="1.1.0">
    <cvList count="2">
      <cv id="MS" fullName="Proteomics Standards Initiative Mass Spectrometry Ontology" version="4.1.180" URI="https://raw.githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo"/>
      <cv id="UO" fullName="Unit Ontology" version="09:04:2014" URI="https://raw.githubusercontent.com/bio-ontology-research-group/unit-ontology/master/unit.obo"/>
    </cvList>
    <fileDescription>
      <fileContent>
        <cvParam cvRef="MS" accession="MS:1000579" name="MS1 spectrum" value=""/>
        <cvParam cvRef="MS" accession="MS:1000128" name="profile spectrum" value=""/>
      </fileContent>
    </fileDescription>
    <referenceableParamGroupList count="1">
      <referenceableParamGroup id="CommonMS1SpectrumParams">
        <cvParam cvRef="MS" accession="MS:1000579" name="MS1 spectrum" value=""/>
        <cvParam cvRef="MS" accession="MS:1000511" name="ms level" value="1"/>
        <cvParam cvRef="MS" accession="MS:1000128" name="profile spectrum" value=""/>
        <cvParam cvRef="MS" accession="MS:1000130" name="positive scan" value=""/>
      </referenceableParamGroup>
    </referenceableParamGroupList>
    <softwareList count="1">
      <software id="make_chip" version="1">
        <cvParam cvRef="MS" accession="MS:1000799" name="custom unreleased software tool" value="make_chip.py"/>
      </software>
    </softwareList>
    <instrumentConfigurationList count="1">
      <instrumentConfiguration id="IC1">
        <cvParam cvRef="MS" accession="MS:1000031" name="instrument model" value=""/>
        <componentList count="3">
          <source order="1">
            <cvParam cvRef="MS" accession="MS:1000075" name="matrix-assisted laser desorption ionization" value=""/>
          </source>
          <analyzer order="2">
            <cvParam cvRef="MS" accession="MS:1000084" name="time-of-flight" value=""/>
          </analyzer>
          <detector order="3">
            <cvParam cvRef="MS" accession="MS:1000114" name="microchannel plate detector" value=""/>
          </detector>
        </componentList>
      </instrumentConfiguration>
    </instrumentConfigurationList>
    <dataProcessingList count="1">
      <dataProcessing id="make_chip_processing">
        <processingMethod order="0" softwareRef="make_chip">
          <cvParam cvRef="MS" accession="MS:1000544" name="Conversion to mzML" value=""/>
        </processingMethod>
      </dataProcessing>
    </dataProcessingList>
    <run id="chip" defaultInstrumentConfigurationRef="IC1">
      <spectrumList count="{count}" defaultDataProcessingRef="make_chip_processing">
"""

SPECTRUM = """        <spectrum index="{index}" id="scan={scan}" spotID="{well}" defaultArrayLength="{n}">
{params}          <cvParam cvRef="MS" accession="MS:1000285" name="total ion current" value="{tic:.6g}"/>
          <cvParam cvRef="MS" accession="MS:1000528" name="lowest observed m/z" value="{lo:.10g}" unitCvRef="MS" unitAccession="MS:1000040" unitName="m/z"/>
          <cvParam cvRef="MS" accession="MS:1000527" name="highest observed m/z" value="{hi:.10g}" unitCvRef="MS" unitAccession="MS:1000040" unitName="m/z"/>
          <scanList count="1">
            <cvParam cvRef="MS" accession="MS:1000795" name="no combination" value=""/>
            <scan>
              <scanWindowList count="1">
                <scanWindow>
                  <cvParam cvRef="MS" accession="MS:1000501" name="scan window lower limit" value="{mzlo:.1f}" unitCvRef="MS" unitAccession="MS:1000040" unitName="m/z"/>
                  <cvParam cvRef="MS" accession="MS:1000500" name="scan window upper limit" value="{mzhi:.1f}" unitCvRef="MS" unitAccession="MS:1000040" unitName="m/z"/>
                </scanWindow>
              </scanWindowList>
            </scan>
          </scanList>
          <binaryDataArrayList count="2">
"""

INLINE_PARAMS = """          <cvParam cvRef="MS" accession="MS:1000579" name="MS1 spectrum" value=""/>
          <cvParam cvRef="MS" accession="MS:1000511" name="ms level" value="1"/>
          <cvParam cvRef="MS" accession="MS:1000128" name="profile spectrum" value=""/>
          <cvParam cvRef="MS" accession="MS:1000130" name="positive scan" value=""/>
"""

SPECTRUM_END = """          </binaryDataArrayList>
        </spectrum>
"""

FOOTER = """      </spectrumList>
    </run>
  </mzML>
"""


class Out:
    """Write bytes, tracking the offset and a running SHA-1."""

    def __init__(self, fp):
        self.fp = fp
        self.pos = 0
        self.sha = hashlib.sha1()

    def write(self, s):
        b = s.encode("utf-8")
        self.fp.write(b)
        self.sha.update(b)
        self.pos += len(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--wells", type=int, default=384, choices=(1, 96, 384))
    ap.add_argument("--points", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mz-bits", type=int, default=64, choices=(32, 64))
    ap.add_argument("--int-bits", type=int, default=32, choices=(32, 64))
    ap.add_argument("--compression", default="zlib", choices=("zlib", "none"))
    ap.add_argument("--gzip", action="store_true", help="gzip the whole file")
    ap.add_argument("--ref-groups", action="store_true",
                    help="spectrum params through referenceableParamGroupRef "
                         "(pymzML 2.5.2 cannot read that on Python >= 3.9)")
    a = ap.parse_args()
    if a.points < 2:
        ap.error("--points must be at least 2")

    rng = random.Random(a.seed)
    mz = mz_axis(a.points)
    mz_text = encode(mz, a.mz_bits, a.compression)  # same axis on every pad
    names = wells(a.wells)
    params = INLINE_PARAMS if not a.ref_groups else \
        '          <referenceableParamGroupRef ref="CommonMS1SpectrumParams"/>\n'
    raw = gzip.open(a.out, "wb") if a.gzip else open(a.out, "wb")
    with raw as fp:
        out = Out(fp)
        out.write(HEADER.replace("{count}", str(len(names))))
        offsets = []
        for i, well in enumerate(names):
            y = spectrum(rng, mz, i)
            offsets.append((f"scan={i + 1}", well, out.pos + 8))
            out.write(SPECTRUM.format(params=params, index=i, scan=i + 1, well=well, n=len(mz),
                                      tic=sum(y), lo=mz[0], hi=mz[-1],
                                      mzlo=MZ_LO, mzhi=MZ_HI))
            out.write(array_xml("MS:1000514", "m/z array", a.mz_bits,
                                a.compression, mz_text))
            out.write(array_xml("MS:1000515", "intensity array", a.int_bits,
                                a.compression, encode(y, a.int_bits, a.compression)))
            out.write(SPECTRUM_END)
        out.write(FOOTER)
        index_pos = out.pos + 2
        out.write('  <indexList count="1">\n    <index name="spectrum">\n')
        for sid, well, off in offsets:
            out.write(f'      <offset idRef="{sid}" spotID="{well}">{off}</offset>\n')
        out.write("    </index>\n  </indexList>\n")
        out.write(f"  <indexListOffset>{index_pos}</indexListOffset>\n")
        out.write("  <fileChecksum>")
        out.write(out.sha.hexdigest() + "</fileChecksum>\n</indexedmzML>\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
