#!/usr/bin/env python3
"""simulate_check.py -- check what `mzgeno simulate` wrote, from outside.

Used by tests/cli/test_simulate.sh. The standard library alone decodes the
uncompressed and zlib arrays (base64, zlib, struct): that is the reference
for "what we wrote". Third-party readers (pymzML, MALDIquantForeign via an
R dump, ProteoWizard msconvert via its re-encoded output) are compared with
it.

  simulate_check.py structure FILE PLATE [POINTS MZMIN MZMAX]
      index offsets, indexListOffset, SHA-1 fileChecksum, spotIDs in plate
      order, unique ids, and (profile) a time-uniform axis of POINTS points
  simulate_check.py same FILE_A FILE_B MZ_TOL INT_REL
      both decoded by the standard library; arrays agree within tolerances
  simulate_check.py pymzml FILE REF MZ_TOL INT_REL
      FILE read by pymzML agrees with REF decoded by the standard library
  simulate_check.py rdump DUMP REF
      a MALDIquantForeign dump (id, mass, intensity rows) agrees with REF
Prints one line and exits 0 when the check holds, 1 otherwise.
"""
import base64
import hashlib
import math
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

NS = "{http://psi.hupo.org/ms/mzml}"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def decode_array(bda):
    acc = {cv.get("accession") for cv in bda.iter(NS + "cvParam")}
    raw = base64.b64decode(bda.find(NS + "binary").text or "")
    if "MS:1000574" in acc:
        raw = zlib.decompress(raw)
    elif "MS:1000576" not in acc:
        fail("array encoding not decodable by the standard library: %s" % sorted(acc))
    fmt = "d" if "MS:1000523" in acc else "f" if "MS:1000521" in acc else None
    if not fmt:
        fail("unknown value type: %s" % sorted(acc))
    n = len(raw) // struct.calcsize(fmt)
    kind = "mz" if "MS:1000514" in acc else "int" if "MS:1000515" in acc else "?"
    return kind, list(struct.unpack("<%d%s" % (n, fmt), raw))


def read_std(path):
    """[(spotID, id, mz[], intensity[])] decoded with the standard library."""
    out = []
    for _, el in ET.iterparse(path):
        if el.tag != NS + "spectrum":
            continue
        arrays = dict(decode_array(b) for b in el.iter(NS + "binaryDataArray"))
        n = int(el.get("defaultArrayLength"))
        if len(arrays.get("mz", [])) != n or len(arrays.get("int", [])) != n:
            fail("%s: spectrum %s: array lengths differ from defaultArrayLength %d"
                 % (path, el.get("id"), n))
        out.append((el.get("spotID"), el.get("id"), arrays["mz"], arrays["int"]))
        el.clear()
    return out


def plate_wells(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path)]
    if rows[0][:3] != ["well", "sample", "role"]:
        fail("plate header: %s" % rows[0])
    return [r[0] for r in rows[1:]]


def check_structure(path, plate, points=None, mz_min=None, mz_max=None):
    data = open(path, "rb").read()
    m = re.search(rb"<indexListOffset>(\d+)</indexListOffset>", data)
    if not m:
        fail("no indexListOffset")
    off = int(m.group(1))
    if not data.startswith(b"<indexList ", off):
        fail("indexListOffset %d does not point at <indexList" % off)
    offsets = re.findall(rb'<offset idRef="([^"]*)"(?: spotID="([^"]*)")?>(\d+)</offset>',
                         data[off:])
    for i, (sid, spot, o) in enumerate(offsets):
        want = b'<spectrum index="%d" id="%s"' % (i, sid)
        if not data.startswith(want, int(o)):
            fail("offset of %s (%s) does not point at its spectrum" % (sid, o))
    m = re.search(rb"<fileChecksum>([0-9a-f]{40})</fileChecksum>", data)
    if not m:
        fail("no fileChecksum")
    digest = hashlib.sha1(data[:m.start(1)]).hexdigest()
    if digest != m.group(1).decode():
        fail("fileChecksum %s, computed %s" % (m.group(1).decode(), digest))
    spectra = read_std(path)
    if len(spectra) != len(offsets):
        fail("%d spectra, %d index entries" % (len(spectra), len(offsets)))
    wells = [s[0] for s in spectra]
    if plate:
        pw = plate_wells(plate)
        if len(spectra) > 1 and wells != pw:
            fail("spotIDs differ from the plate wells")
        if len(spectra) == 1 and wells[0] not in pw:
            fail("spotID %s not in the plate" % wells[0])
    if len({s[1] for s in spectra}) != len(spectra):
        fail("spectrum ids are not unique")
    for spot, sid, mz, it in spectra:
        if any(b <= a for a, b in zip(mz, mz[1:])):
            fail("%s: m/z not increasing" % spot)
        if any(v < 0 or not math.isfinite(v) for v in it):
            fail("%s: negative or non-finite intensity" % spot)
        if points:
            if len(mz) != points:
                fail("%s: %d points, expected %d" % (spot, len(mz), points))
            if abs(mz[0] - mz_min) > 1e-6 or abs(mz[-1] - mz_max) > 1e-6:
                fail("%s: axis %g..%g, expected %g..%g" % (spot, mz[0], mz[-1], mz_min, mz_max))
            d = [math.sqrt(b) - math.sqrt(a) for a, b in zip(mz, mz[1:])]
            if max(d) - min(d) > 1e-9 * max(d) + 1e-12:
                fail("%s: axis is not uniform in sqrt(m/z)" % spot)
    print("ok: %d spectra, index and SHA-1 verified" % len(spectra))


def compare(name, ref, got, mz_tol, int_rel):
    if len(ref) != len(got):
        fail("%s: %d spectra, reference %d" % (name, len(got), len(ref)))
    worst_mz = worst_int = 0.0
    for (rs, _, rmz, rint), (gs, gmz, gint) in zip(ref, got):
        if gs is not None and gs != rs:
            fail("%s: spot %s, reference %s" % (name, gs, rs))
        if len(rmz) != len(gmz) or len(rint) != len(gint):
            fail("%s: %s: %d points, reference %d" % (name, rs, len(gmz), len(rmz)))
        for a, b in zip(rmz, gmz):
            worst_mz = max(worst_mz, abs(a - b))
        for a, b in zip(rint, gint):
            worst_int = max(worst_int, abs(a - b) / (abs(a) + 1))
    if worst_mz > mz_tol or worst_int > int_rel:
        fail("%s: largest differences m/z %.3g (tolerance %g), intensity %.3g "
             "relative (tolerance %g)" % (name, worst_mz, mz_tol, worst_int, int_rel))
    print("ok: %s agrees with the reference (%d spectra; m/z within %.2g, "
          "intensity within %.2g relative)" % (name, len(got), worst_mz, worst_int))


def read_pymzml(path):
    import pymzml  # noqa: only for this mode
    out = []
    for spec in pymzml.run.Reader(path):
        out.append((None, [float(v) for v in spec.mz], [float(v) for v in spec.i]))
    return out


def read_rdump(path):
    spectra, cur = [], None
    for line in open(path):
        spot, mz, it = line.rstrip("\n").split("\t")  # spot: the spectrum id
        if cur is None or cur[0] != spot:
            cur = (spot, [], [])
            spectra.append(cur)
        cur[1].append(float(mz))
        cur[2].append(float(it))
    return spectra


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    mode, args = argv[1], argv[2:]
    if mode == "structure":
        pts = int(args[2]) if len(args) > 2 else None
        check_structure(args[0], args[1] if args[1] != "-" else None, pts,
                        float(args[3]) if pts else None, float(args[4]) if pts else None)
    elif mode == "same":
        other = [(s, m, i) for s, _, m, i in read_std(args[1])]
        compare(args[1], read_std(args[0]), other, float(args[2]), float(args[3]))
    elif mode == "pymzml":
        compare("pymzML " + args[0], read_std(args[1]), read_pymzml(args[0]),
                float(args[2]), float(args[3]))
    elif mode == "rdump":  # MALDIquantForeign keeps the spectrum id, not the spotID
        ref = [(sid, sid, m, i) for _, sid, m, i in read_std(args[1])]
        compare("MALDIquantForeign", ref, read_rdump(args[0]), 1e-9, 1e-6)
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
