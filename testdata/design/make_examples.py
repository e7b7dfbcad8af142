#!/usr/bin/env python3
"""Write the example Assay Design exports of testdata/design/ (run once).

The masses are computed with the mass model of docs/design.md, independently
of the C library, so the unit tests compare two implementations. Usage:
    /usr/bin/python3 testdata/design/make_examples.py testdata/design
"""
import os
import sys

RES = {"A": 313.21, "C": 289.18, "G": 329.21, "T": 304.20}
IPLEX = {"A": 271.2, "C": 247.2, "G": 287.2, "T": 327.1}
HME = {"A": 297.21, "C": 273.18, "G": 313.21, "T": 288.20}
COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}
COLS = ("WELL TERM SNP_ID 2nd-PCRP 1st-PCRP AMP_LEN UP_CONF MP_CONF Tm(NN) "
        "PcGC PWARN UEP_DIR UEP_MASS UEP_SEQ EXT1_CALL EXT1_MASS EXT1_SEQ "
        "EXT2_CALL EXT2_MASS EXT2_SEQ").split()
TAG = "ACGTTGGATG"


def r2(x):
    return round(x, 2)


def oligo(s):
    return r2(sum(RES[b] for b in s) - 61.96)


# (well, term, id, dir, uep, alleles)
ASSAYS = [
    ("W1", "iPLEX", "rs0000001", "F", "GACCTGAAGTCCTTAGC", "AG"),
    ("W1", "iPLEX", "rs0000002", "R", "TTGCAGGACATCGTACCAGA", "CT"),
    ("W1", "iPLEX", "rs0000003", "F", "CAGTGGTTCACTCAAAGGTTCT", "GT"),
    ("W2", "iPLEX", "rs0000004", "R", "AGGCTTCATTCGAGC", "AC"),
    ("W2", "iPLEX", "rs0000005", "F", "TGATCCCAGTTGACAGCCATTAG", "AG"),
]


def row(a, term=None, masses=True, seqs=True, bump=0.0):
    well, t, sid, d, uep, al = a
    t = term or t
    inc = HME if t == "hME" else IPLEX
    um = oligo(uep) + bump
    f = {"WELL": well, "TERM": t, "SNP_ID": sid,
         "2nd-PCRP": TAG + "CTGAGCTCAGTAGTCCAGGA",
         "1st-PCRP": TAG + "GGCAAGATCAGTCTGCATCA", "AMP_LEN": "97",
         "UP_CONF": "98.5", "MP_CONF": "100.0", "Tm(NN)": "49.8",
         "PcGC": "47.1", "PWARN": "", "UEP_DIR": d,
         "UEP_MASS": "%.1f" % um if masses else "",
         "UEP_SEQ": uep if seqs else ""}
    for i, x in enumerate(al):
        b = COMP[x] if d == "R" else x
        f["EXT%d_CALL" % (i + 1)] = x
        f["EXT%d_MASS" % (i + 1)] = "%.1f" % r2(um + inc[b]) if masses else ""
        f["EXT%d_SEQ" % (i + 1)] = uep + b if seqs else ""
    return [f[c] for c in COLS]


def write(path, rows, cols=COLS, eol="\n", bom=False, extra=None):
    with open(path, "w", newline="") as fp:
        if bom:
            fp.write("\ufeff")
        fp.write("\t".join(cols) + eol)
        for r in rows:
            fp.write("\t".join(r) + eol)
        if extra:
            fp.write(extra)


def main(out):
    j = lambda n: os.path.join(out, n)
    write(j("seq_only.tsv"), [row(a, masses=False) for a in ASSAYS])
    write(j("mass_only.tsv"), [row(a, seqs=False) for a in ASSAYS])
    both = [row(a) for a in ASSAYS]
    both[2] = row(ASSAYS[2], bump=1.0)  # rs0000003: UEP_MASS 1 Da off
    write(j("both.tsv"), both)
    write(j("hme.tsv"), [row(a, term="hME") for a in ASSAYS[:3]])
    # messy: BOM, CRLF, shuffled columns, unknown column, trailing tabs,
    # blank lines, lower-case bases and TERM spelling.
    order = list(reversed(COLS)) + ["COMMENT"]
    rows = []
    for a in ASSAYS:
        r = dict(zip(COLS, row(a, term="iPlex")))
        r["COMMENT"] = "from the facility"
        r["UEP_SEQ"] = r["UEP_SEQ"].lower()
        rows.append([r[c] for c in order] + ["", ""])
    rows.insert(2, [""] * 3)
    write(j("messy.tsv"), rows, cols=order, eol="\r\n", bom=True,
          extra="\r\n\t\t\r\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
