#!/usr/bin/env python3
"""make_synthetic.py -- write testdata/process/synthetic.mzML, a small mzML
with known peaks for the `mzgeno peaks` command-line tests.

Spectra (all MS1, one per pad):
  0  spotID A01: profile, 64-bit + zlib, 4000 points on a linear-TOF grid
     (uniform in sqrt(m/z)) over 4000..9000, Gaussian peaks at resolution
     600 on a decaying baseline with Gaussian noise (sd 4)
  1  spotID B02: profile, 32-bit, no compression, other peaks, noise sd 2
  2  spotID C03: centroid, 64-bit, 6 peaks
  3  spotID D04: empty (defaultArrayLength 0)
The peaks are printed on standard output as TSV (spectrum, mz, height) and
kept in synthetic.truth.tsv. synthetic_holes.mzML holds spectrum 0 again
(spotID E05) with its low points (below 60, above m/z 5000) removed, as
converters that drop zero intensities leave a profile: a grid with holes. Deterministic (fixed seed); standard library only.
Usage: python3 make_synthetic.py OUTDIR
"""
import base64, math, random, struct, sys, zlib, os

R = 600.0
SPECTRA = [
    ("A01", [(4512.3, 800), (5021.7, 400), (5037.7, 250), (6789.1, 1200), (8123.4, 600)], 4.0, "f64z"),
    ("B02", [(4700.5, 300), (5555.5, 900), (7200.2, 500), (8800.8, 700)], 2.0, "f32"),
]
CENTROID = [(4100.25, 150.0), (4500.5, 3000.0), (5000.75, 80.0), (6000.0, 1200.0), (7500.5, 640.0), (9900.0, 55.0)]


def profile(peaks, sd, rng, n=4000, lo=4000.0, hi=9000.0):
    a, b = math.sqrt(lo), (math.sqrt(hi) - math.sqrt(lo)) / (n - 1)
    mz, y = [], []
    for i in range(n):
        m = (a + b * i) ** 2
        v = 120 * math.exp(-(m - lo) / 1500) + 40 + rng.gauss(0, sd)
        for pm, h in peaks:
            s = pm / R / 2.3548200450309493
            u = (m - pm) / s
            if abs(u) < 12:
                v += h * math.exp(-0.5 * u * u)
        mz.append(m)
        y.append(v)
    return mz, y


def encode(values, kind):
    if kind == "f32":
        raw = struct.pack("<%df" % len(values), *values)
        return base64.b64encode(raw).decode(), "MS:1000521", "32-bit float", "MS:1000576", "no compression"
    raw = struct.pack("<%dd" % len(values), *values)
    if kind == "f64z":
        return base64.b64encode(zlib.compress(raw)).decode(), "MS:1000523", "64-bit float", "MS:1000574", "zlib compression"
    return base64.b64encode(raw).decode(), "MS:1000523", "64-bit float", "MS:1000576", "no compression"


def array(values, kind, acc, name):
    text, tacc, tname, cacc, cname = encode(values, kind)
    return ('      <binaryDataArray encodedLength="%d">\n'
            '       <cvParam cvRef="MS" accession="%s" name="%s"/>\n'
            '       <cvParam cvRef="MS" accession="%s" name="%s"/>\n'
            '       <cvParam cvRef="MS" accession="%s" name="%s" unitCvRef="MS" unitAccession="MS:1000131" unitName="number of detector counts"/>\n'
            '       <binary>%s</binary>\n'
            '      </binaryDataArray>\n') % (len(text), tacc, tname, cacc, cname, acc, name, text)


def spectrum(idx, spot, mz, y, kind, centroid):
    rep_acc, rep_name = ("MS:1000127", "centroid spectrum") if centroid else ("MS:1000128", "profile spectrum")
    out = ['   <spectrum index="%d" id="scan=%d" spotID="%s" defaultArrayLength="%d">\n' % (idx, idx + 1, spot, len(mz)),
           '    <cvParam cvRef="MS" accession="MS:1000579" name="MS1 spectrum"/>\n',
           '    <cvParam cvRef="MS" accession="MS:1000511" name="ms level" value="1"/>\n',
           '    <cvParam cvRef="MS" accession="%s" name="%s"/>\n' % (rep_acc, rep_name),
           '    <binaryDataArrayList count="2">\n']
    out.append(array(mz, kind, "MS:1000514", "m/z array").replace('unitAccession="MS:1000131" unitName="number of detector counts"', 'unitAccession="MS:1000040" unitName="m/z"'))
    out.append(array(y, kind, "MS:1000515", "intensity array"))
    out.append('    </binaryDataArrayList>\n   </spectrum>\n')
    return "".join(out)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "."
    rng = random.Random(20240611)
    body, truth = [], ["spectrum\tmz\theight"]
    for idx, (spot, peaks, sd, kind) in enumerate(SPECTRA):
        mz, y = profile(peaks, sd, rng)
        body.append(spectrum(idx, spot, mz, y, kind, False))
        truth += ["%d\t%.2f\t%g" % (idx, m, h) for m, h in peaks]
    body.append(spectrum(2, "C03", [m for m, _ in CENTROID], [h for _, h in CENTROID], "f64", True))
    truth += ["2\t%.2f\t%g" % (m, h) for m, h in CENTROID]
    body.append(spectrum(3, "D04", [], [], "f64", False))
    doc = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<mzML xmlns="http://psi.hupo.org/ms/mzml" version="1.1.0" id="synthetic">\n'
           ' <cvList count="2">\n'
           '  <cv id="MS" fullName="Proteomics Standards Initiative Mass Spectrometry Ontology" version="4.1.0" URI="https://raw.githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo"/>\n'
           '  <cv id="UO" fullName="Unit Ontology" version="09:04:2014" URI="https://raw.githubusercontent.com/bio-ontology-research-group/unit-ontology/master/unit.obo"/>\n'
           ' </cvList>\n'
           ' <fileDescription><fileContent><cvParam cvRef="MS" accession="MS:1000579" name="MS1 spectrum"/></fileContent></fileDescription>\n'
           ' <softwareList count="1"><software id="make_synthetic" version="1"><cvParam cvRef="MS" accession="MS:1000799" name="custom unreleased software tool" value="make_synthetic.py"/></software></softwareList>\n'
           ' <instrumentConfigurationList count="1"><instrumentConfiguration id="IC"><cvParam cvRef="MS" accession="MS:1000031" name="instrument model"/></instrumentConfiguration></instrumentConfigurationList>\n'
           ' <dataProcessingList count="1"><dataProcessing id="DP"><processingMethod order="0" softwareRef="make_synthetic"><cvParam cvRef="MS" accession="MS:1000544" name="Conversion to mzML"/></processingMethod></dataProcessing></dataProcessingList>\n'
           ' <run id="synthetic_run" defaultInstrumentConfigurationRef="IC">\n'
           '  <spectrumList count="%d" defaultDataProcessingRef="DP">\n' % (len(body),)
           + "".join(body) +
           '  </spectrumList>\n </run>\n</mzML>\n')
    with open(os.path.join(outdir, "synthetic.mzML"), "w") as f:
        f.write(doc)
    # the same first spectrum with its low points removed, as converters
    # that drop zero intensities leave it: a profile grid with holes
    mz, y = profile(SPECTRA[0][1], SPECTRA[0][2], random.Random(1))
    keep = [(m, v) for m, v in zip(mz, y) if v > 60 or m < 5000]
    holes = doc.split('  <spectrumList')[0] + \
        '  <spectrumList count="1" defaultDataProcessingRef="DP">\n' + \
        spectrum(0, "E05", [m for m, _ in keep], [v for _, v in keep], "f64z", False) + \
        '  </spectrumList>\n </run>\n</mzML>\n'
    with open(os.path.join(outdir, "synthetic_holes.mzML"), "w") as f:
        f.write(holes)
    with open(os.path.join(outdir, "synthetic.truth.tsv"), "w") as f:
        f.write("\n".join(truth) + "\n")
    print("\n".join(truth))


if __name__ == "__main__":
    main()
