#!/usr/bin/env python3
"""qc_check.py OUTDIR -- check a report directory written by mzgeno call.

An independent re-implementation of the QC of docs/qc.md from calls.tsv
alone (Python, exact HWE by full enumeration with fractions), compared with
what mzgeno wrote into qc.json and qc.tsv, plus the documented layout of
every file: calls.tsv columns in the SPEC order, genotypes.tsv, the qc.json
keys of docs/formats.md, the qc.tsv blocks. Prints one line per problem and
exits 1 if there is any.
"""
import csv
import json
import math
import sys
from fractions import Fraction

CALLS_COLUMNS = ("chip well sample role multiplex assay genotype quality "
                 "probability allele1 allele2 height1 height2 height_uep snr1 "
                 "snr2 snr_uep extension theta mass_error_ppm flags").split()
QC_KEYS = ["schema", "mzgeno_version", "chip", "chip_wells", "started",
           "seconds", "verdict", "reasons", "summary", "assays", "wells",
           "duplicates", "controls", "inputs", "design", "plate",
           "parameters", "notes"]
CALLED = set("ABCE")
problems = []


def problem(msg):
    problems.append(msg)


def hwe_exact(aa, ab, bb):
    """Exact HWE p by enumerating heterozygote counts (Levene/Haldane)."""
    n = aa + ab + bb
    if n == 0:
        return None
    na, nb = 2 * aa + ab, 2 * bb + ab
    rare = min(na, nb)
    probs = {}
    for h in range(rare % 2, rare + 1, 2):
        x = (rare - h) // 2
        y = n - h - x
        probs[h] = Fraction(math.factorial(n) * 2 ** h *
                            math.factorial(na) * math.factorial(nb),
                            math.factorial(x) * math.factorial(h) *
                            math.factorial(y) * math.factorial(2 * n))
    obs = probs[ab]
    tail = sum(p for p in probs.values() if p <= obs * Fraction(10**7 + 1, 10**7))
    return min(1.0, float(tail))


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def check_calls(rows):
    if rows[0] != CALLS_COLUMNS:
        problem(f"calls.tsv header {rows[0]}")
    out = [dict(zip(CALLS_COLUMNS, r)) for r in rows[1:]]
    for r in out:
        if len(r) != 21:
            problem(f"calls.tsv row with {len(r)} fields")
    return out


def assay_figures(calls, assay):
    pads = [r for r in calls if r["assay"] == assay and
            r["role"] in ("sample", "positive")]
    called = [r for r in pads if r["quality"] in CALLED]
    seen, counts = set(), {}
    for r in sorted(called, key=lambda r: r["well"]):
        if r["role"] != "sample" or r["sample"] in seen:
            continue
        seen.add(r["sample"])
        counts[r["genotype"]] = counts.get(r["genotype"], 0) + 1
    return pads, called, counts


def check_assays(calls, qc):
    for a in qc["assays"]:
        pads, called, counts = assay_figures(calls, a["assay"])
        if a["pads"] != len(pads) or a["called"] != len(called):
            problem(f"{a['assay']}: pads/called {a['pads']}/{a['called']}, "
                    f"oracle {len(pads)}/{len(called)}")
        rate = len(called) / len(pads) if pads else None
        if rate is not None and abs(a["call_rate"] - rate) > 6e-5:
            problem(f"{a['assay']}: call rate {a['call_rate']} vs {rate}")
        if a["genotypes"] != {k: counts.get(k, 0) for k in a["genotypes"]} or \
                sum(counts.values()) != a["samples"]:
            problem(f"{a['assay']}: genotypes {a['genotypes']} vs {counts}")
        g = list(a["genotypes"].values())
        p = hwe_exact(*g)
        if (p is None) != (a["hwe_p"] is None) or \
                (p is not None and abs(a["hwe_p"] - p) > 1e-3 * p + 1e-300):
            problem(f"{a['assay']}: hwe_p {a['hwe_p']} vs {p}")


def expected_reasons(calls, qc):
    """The (level, rule, subject) set the documented rules give."""
    o = {k[3:]: float(v) for k, v in qc["parameters"].items()
         if k.startswith("qc.")}
    want = set()
    for a in qc["assays"]:
        pads, called, counts = assay_figures(calls, a["assay"])
        if pads:
            rate = len(called) / len(pads)
            if rate < o["assay_fail"]:
                want.add(("fail", "assay_call_rate", a["assay"]))
            elif rate < o["assay_warn"]:
                want.add(("warn", "assay_call_rate", a["assay"]))
        p = hwe_exact(*[a["genotypes"][k] for k in a["genotypes"]])
        if p is not None and p < o["hwe_warn"]:
            want.add(("warn", "hwe", a["assay"]))
    wells = {}
    for r in calls:
        wells.setdefault(r["well"], []).append(r)
    for w, rs in wells.items():
        role = rs[0]["role"]
        if role in ("sample", "positive"):
            n = sum(r["assay"] != "." for r in rs)
            c = sum(r["quality"] in CALLED for r in rs)
            if n == 0 or c / n < o["sample_warn"]:
                want.add(("warn", "sample_call_rate", w))
        if role == "ntc":
            snr = max(max(float(r["snr1"]), float(r["snr2"])) for r in rs)
            bad = rs[0]["quality"] == "I"
            if bad:
                want.add(("warn", "ntc_unchecked", w))
            elif snr >= o["ntc_snr"]:
                want.add(("fail", "ntc_contamination", w))
    return want, wells


def check_duplicates(wells, qc):
    groups = {}
    for w, rs in sorted(wells.items()):
        if rs[0]["role"] in ("sample", "positive"):
            groups.setdefault(rs[0]["sample"], []).append(w)
    sets = {s: ws for s, ws in groups.items() if len(ws) > 1}
    got = {d["sample"]: d for d in qc["duplicates"]}
    if set(sets) != set(got):
        problem(f"duplicate sets {sorted(got)} vs {sorted(sets)}")
    reasons = set()
    for s, ws in sets.items():
        by_assay = {}
        for w in ws:
            for r in wells[w]:
                if r["quality"] in CALLED:
                    by_assay.setdefault(r["assay"], []).append(r["genotype"])
        comp = [g for g in by_assay.values() if len(g) > 1]
        disc = sum(len(set(g)) > 1 for g in comp)
        d = got.get(s)
        if d and (d["compared"], d["discordant"]) != (len(comp), disc):
            problem(f"duplicate {s}: {d['compared']}/{d['discordant']} vs "
                    f"{len(comp)}/{disc}")
        if disc:
            reasons.add(("warn", "duplicate_discordance", s))
    return reasons


def check_layout(outdir, qc, calls):
    if list(qc) != QC_KEYS:
        problem(f"qc.json keys {list(qc)}")
    if qc["schema"] != "mzgeno-qc/1":
        problem("qc.json schema")
    gt = read_tsv(f"{outdir}/genotypes.tsv")
    assays = [a for m in qc["design"]["multiplexes"] for a in m["assays"]]
    if gt[0] != ["well", "sample"] + assays:
        problem(f"genotypes.tsv header {gt[0]}")
    if len(gt) - 1 != len(qc["wells"]):
        problem("genotypes.tsv: one row per pad")
    qtsv = open(f"{outdir}/qc.tsv").read().split("\n\n")
    firsts = [b.split("\t", 2)[1] for b in qtsv]
    if firsts != ["verdict", "level", "assay", "well", "sample", "well"]:
        problem(f"qc.tsv blocks {firsts}")
    if len(calls) != sum(max(w["assays"], 1) for w in qc["wells"]):
        problem("calls.tsv: one row per pad x assay")


def main():
    outdir = sys.argv[1]
    calls = check_calls(read_tsv(f"{outdir}/calls.tsv"))
    qc = json.load(open(f"{outdir}/qc.json"))
    check_layout(outdir, qc, calls)
    check_assays(calls, qc)
    want, wells = expected_reasons(calls, qc)
    want |= check_duplicates(wells, qc)
    got = {(r["level"], r["rule"], r["subject"]) for r in qc["reasons"]}
    # positive-control rules need the plate's expectations: taken as given
    got_other = {g for g in got if not g[1].startswith("positive")}
    if got_other != want:
        problem(f"reasons: mzgeno only {sorted(got_other - want)}, "
                f"oracle only {sorted(want - got_other)}")
    levels = {g[0] for g in got}
    verdict = "fail" if "fail" in levels else "warn" if levels else "pass"
    if qc["verdict"] != verdict:
        problem(f"verdict {qc['verdict']} vs {verdict}")
    for p in problems:
        print(p)
    print(f"{len(qc['assays'])} assays, {len(qc['wells'])} pads, "
          f"{len(got)} reasons checked; {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
