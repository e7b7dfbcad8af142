#!/usr/bin/env python3
"""score.py -- score one `mzgeno call` run against `mzgeno simulate`'s truth.

Part of the accuracy benchmark (bench/accuracy.sh, docs/benchmarks.md
"Accuracy"). Standard library only; independent of mzgeno's code: it reads
the files a user gets (truth.tsv, pads.tsv, plate.tsv from the simulator;
calls.tsv, qc.json from the caller; docs/formats.md, docs/simulate.md).

  score.py plant SIM PLATE_OUT
      Writes PLATE_OUT: SIM/plate.tsv with a planted sample swap. Two
      sample pads of one multiplex, each the only pad of its sample in that
      multiplex and neither failed, with truth genotypes that differ on at
      least two callable assays, both get the sample ID SWAP1: a duplicate
      set whose pads disagree, as after a plate mix-up. Writes
      SIM/planted.tsv (well, original sample) so that `score` knows.
      The simulator makes only concordant duplicates, so without this the
      duplicate check would never be seen to fire.

  score.py header | worst-header
      The header rows of the two files below.

  score.py summarize RESULTS WORST [N]
      Markdown totals per group of configurations (seeds pooled) and over
      all, the targets met or missed, and the first N cases worth a look.
      Exit status 1 when a target is missed.

  score.py score SIM OUT LABEL [--worst FILE]
      Prints one TSV row of figures (header with --header) for the
      configuration LABEL and appends every case worth a look (wrong call,
      call on an NTC, a dropout or a failed pad, missed or false
      contamination, missed planted discordance, discordant natural
      duplicate) to FILE.

Figures (columns of the row; see docs/benchmarks.md for the targets):
  ok          pad x assay rows whose truth status is ok (should be called)
  called_ok   of those, rows with a genotype in calls.tsv
  wrong       of those calls, genotype different from truth
  call_rate   called_ok / ok;   concordance  (called_ok - wrong) / called_ok
  q_A,q_B,q_C calls on ok rows by quality letter
  miss_D,miss_N,miss_I  ok rows without a call, by quality letter
  dropout, dropout_called   assay_dropout rows / with a call
  failed_pads, failed_all_I, failed_calls   truth failed pads / with
              quality I on every assay / calls made on them
  ntc_calls   genotypes on NTC pads (must be 0)
  ntc_pads, contam_pads, contam_flagged, clean_flagged   NTC pads / with a
              truth ntc_contaminated assay / of those flagged contaminated
              in qc.json controls[] / NTCs without one but flagged
  clean_flagged_zero   of clean_flagged, pads with no contamination at all
              (pads.tsv contamination 0): a real false alarm
  pos, pos_discordant  positive controls / reported discordant
  dup_sets, dup_discordant  natural duplicate sets compared on >= 1 assay
              / reported discordant (expected 0: duplicates share genotypes)
  planted_expect, planted_found  assays of the planted set whose truth
              differs and that both pads called / of those, reported in
              qc.json duplicates[].discordant_assays
  planted_extra  assays reported discordant for the planted set that truth
              says agree (wrong)
  ok_lowres, called_lowres  ok rows on pads of resolution R < 500
              (pads.tsv) / with a call: crowded low-resolution spectra
"""
import json
import os
import sys

FIELDS = ("label ok called_ok wrong call_rate concordance q_A q_B q_C miss_D miss_N "
          "miss_I dropout dropout_called failed_pads failed_all_I failed_calls "
          "ntc_calls ntc_pads contam_pads contam_flagged clean_flagged "
          "clean_flagged_zero pos pos_discordant dup_sets dup_discordant "
          "planted_expect planted_found planted_extra ok_lowres called_lowres").split()


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("#")]
    head = lines[0].split("\t")
    return head, [dict(zip(head, ln.split("\t"))) for ln in lines[1:]]


def plant(sim, plate_out):
    head, rows = read_tsv(os.path.join(sim, "plate.tsv"))
    _, pads = read_tsv(os.path.join(sim, "pads.tsv"))
    _, truth = read_tsv(os.path.join(sim, "truth.tsv"))
    failed = {p["well"]: p["failed"] != "no" for p in pads}
    gt = {}
    for t in truth:
        if t["status"] == "ok":
            gt.setdefault(t["well"], {})[t["assay"]] = t["genotype"]
    count = {}
    for r in rows:
        if r["role"] in ("sample", "positive"):
            key = (r["sample"], r["multiplex"])
            count[key] = count.get(key, 0) + 1
    single = [r for r in rows if r["role"] == "sample" and not failed[r["well"]]
              and count[(r["sample"], r["multiplex"])] == 1]
    pair = None
    for i, a in enumerate(single):
        for b in single[i + 1:]:
            if a["multiplex"] != b["multiplex"]:
                continue
            ga, gb = gt.get(a["well"], {}), gt.get(b["well"], {})
            differ = [k for k in ga if k in gb and ga[k] != gb[k]]
            if len(differ) >= 2:
                pair = (a, b)
                break
        if pair:
            break
    if not pair:
        print("score.py plant: no pair of single sample pads to swap", file=sys.stderr)
        return 1
    with open(os.path.join(sim, "planted.tsv"), "w", encoding="utf-8") as f:
        f.write("well\tsample\n")
        for r in pair:
            f.write("%s\t%s\n" % (r["well"], r["sample"]))
            r["sample"] = "SWAP1"
    with open(plate_out, "w", encoding="utf-8") as f:
        f.write("\t".join(head) + "\n")
        for r in rows:
            f.write("\t".join(r.get(h, "") for h in head) + "\n")
    return 0


def score(sim, out, label, worst_path):
    _, truth = read_tsv(os.path.join(sim, "truth.tsv"))
    _, pads = read_tsv(os.path.join(sim, "pads.tsv"))
    _, calls = read_tsv(os.path.join(out, "calls.tsv"))
    with open(os.path.join(out, "qc.json"), encoding="utf-8") as f:
        qc = json.load(f)
    planted = {}
    if os.path.exists(os.path.join(sim, "planted.tsv")):
        planted = {r["well"]: r["sample"] for r in read_tsv(os.path.join(sim, "planted.tsv"))[1]}
    call = {(c["well"], c["assay"]): c for c in calls}
    pad = {p["well"]: p for p in pads}
    s = dict.fromkeys(FIELDS, 0)
    s["label"] = label
    worst = []

    def note(kind, t, c, extra=""):
        worst.append("\t".join([label, kind, t["well"], t["sample"], t["assay"],
                                t["genotype"], t["status"],
                                c["genotype"] if c else "-", c["quality"] if c else "-",
                                c["probability"] if c else "-",
                                c["snr1"] if c else "-", c["snr2"] if c else "-",
                                c["flags"] if c else "-", extra]))

    ntc_wells, contam, failed_wells = {}, set(), {}
    first_row = {}
    for t in truth:
        first_row.setdefault(t["well"], t)
    for t in truth:
        c = call.get((t["well"], t["assay"]))
        if c is None:
            note("missing_row", t, None)
            continue
        gtc = c["genotype"]
        st = t["status"]
        if st == "ok":
            s["ok"] += 1
            low = float(pad[t["well"]]["resolution"]) < 500
            s["ok_lowres"] += low
            s["called_lowres"] += low and gtc != "."
            if gtc != ".":
                s["called_ok"] += 1
                s["q_" + c["quality"]] = s.get("q_" + c["quality"], 0) + 1
                if gtc != t["genotype"]:
                    s["wrong"] += 1
                    note("wrong_call", t, c)
            else:
                key = "miss_" + c["quality"]
                s[key] = s.get(key, 0) + 1
        elif st == "assay_dropout":
            s["dropout"] += 1
            if gtc != ".":
                s["dropout_called"] += 1
                note("call_on_dropout", t, c)
        elif st == "failed_pad":
            w = failed_wells.setdefault(t["well"], [0, 0])
            w[0] += c["quality"] == "I"
            w[1] += 1
            if gtc != ".":
                s["failed_calls"] += 1
                note("call_on_failed_pad", t, c, "failed=" + pad[t["well"]]["failed"])
        if t["role"] == "ntc":
            ntc_wells[t["well"]] = t
            if st == "ntc_contaminated":
                contam.add(t["well"])
            if gtc != ".":
                s["ntc_calls"] += 1
                note("call_on_ntc", t, c)
    s["failed_pads"] = len(failed_wells)
    s["failed_all_I"] = sum(1 for v in failed_wells.values() if v[0] == v[1])
    for w, v in sorted(failed_wells.items()):
        if v[0] != v[1]:
            t = dict(first_row[w], assay="*", genotype=".", status="failed_pad")
            note("failed_pad_not_I", t, None, "%d of %d rows I, failed=%s"
                 % (v[0], v[1], pad[w]["failed"]))

    flagged = {c["well"] for c in qc["controls"]
               if c["role"] == "ntc" and c["status"] == "contaminated"}
    s["ntc_pads"] = len(ntc_wells)
    s["contam_pads"] = len(contam)
    s["contam_flagged"] = len(contam & flagged)
    for w in sorted(set(ntc_wells) - flagged):
        if w in contam:
            t = dict(ntc_wells[w], assay="*", genotype=".", status="ntc_contaminated")
            note("contaminated_ntc_missed", t, None,
                 "contamination=" + pad[w]["contamination"])
    for w in sorted(flagged - contam):
        s["clean_flagged"] += 1
        zero = float(pad[w]["contamination"]) == 0
        s["clean_flagged_zero"] += zero
        t = dict(ntc_wells[w], assay="*", genotype=".", status="ntc")
        note("clean_ntc_flagged", t, None, "contamination=" + pad[w]["contamination"])

    for c in qc["controls"]:
        if c["role"] == "positive":
            s["pos"] += 1
            if c["status"] == "discordant":
                s["pos_discordant"] += 1
                for ch in c.get("checks", []):
                    if ch["status"] == "discordant":
                        t = {"well": c["well"], "sample": c["sample"], "assay": ch["assay"],
                             "genotype": ch["expected"], "status": "positive"}
                        note("positive_discordant", t, call.get((c["well"], ch["assay"])))

    gt = {(t["well"], t["assay"]): t["genotype"] for t in truth if t["status"] == "ok"}
    for d in qc["duplicates"]:
        reported = {x["assay"] for x in d["discordant_assays"]}
        if d["sample"] == "SWAP1" and planted:
            wells = d["wells"]
            expect = set()
            for a in {c["assay"] for c in calls if c["well"] in wells}:
                g = [gt.get((w, a)) for w in wells]
                cs = [call[(w, a)]["genotype"] for w in wells if (w, a) in call]
                if None not in g and len(set(g)) > 1 and len(cs) == len(wells) and "." not in cs:
                    expect.add(a)
            s["planted_expect"] = len(expect)
            s["planted_found"] = len(expect & reported)
            s["planted_extra"] = len(reported - expect)
            for a in sorted(expect ^ reported):
                t = {"well": ",".join(wells), "sample": "SWAP1", "assay": a,
                     "genotype": "/".join(gt.get((w, a), "?") for w in wells),
                     "status": "planted"}
                note("planted_missed" if a in expect else "planted_extra", t, None)
            continue
        if d["compared"] > 0:
            s["dup_sets"] += 1
        if d["discordant"] > 0:
            s["dup_discordant"] += 1
            for x in d["discordant_assays"]:
                t = {"well": ",".join(d["wells"]), "sample": d["sample"],
                     "assay": x["assay"], "genotype": json.dumps(x["genotypes"]),
                     "status": "duplicate"}
                note("duplicate_discordant", t, None)
    if planted and not any(d["sample"] == "SWAP1" for d in qc["duplicates"]):
        t = {"well": ",".join(planted), "sample": "SWAP1", "assay": "*",
             "genotype": ".", "status": "planted"}
        note("planted_set_absent", t, None)

    s["call_rate"] = "%.4f" % (s["called_ok"] / s["ok"]) if s["ok"] else "NA"
    s["concordance"] = ("%.5f" % ((s["called_ok"] - s["wrong"]) / s["called_ok"])
                        if s["called_ok"] else "NA")
    print("\t".join(str(s[k]) for k in FIELDS))
    if worst_path:
        with open(worst_path, "a", encoding="utf-8") as f:
            for ln in worst:
                f.write(ln + "\n")
    return 0


def group_of(label):
    """fas8/384/s3/zlib -> fas8/384/zlib (seeds pooled)."""
    parts = label.split("/")
    return "/".join(parts[:2] + parts[3:])


def summarize(results, worst_path, max_worst):
    """Markdown: totals per group (design/wells/variant) and overall, the
    targets, and the cases worth a look. Returns 1 when a target is missed."""
    head, rows = read_tsv(results)
    groups = {}
    for r in rows:
        groups.setdefault(group_of(r["label"]), []).append(r)
    groups["all"] = rows
    cols = ("configs ok called_ok wrong call_rate min_call_rate rate_R<500 concordance "
            "dropout_called "
            "failed_pads failed_all_I failed_calls ntc_calls contam_flagged/contam_pads "
            "clean_flagged(zero) pos_discordant dup_discordant/dup_sets "
            "planted_found/expect(extra)").split()
    print("| " + " | ".join(["group"] + cols) + " |")
    print("|" + "---|" * (len(cols) + 1))
    for g, rs in groups.items():
        t = {k: sum(int(r[k]) for r in rs) for k in head
             if k not in ("label", "call_rate", "concordance")}
        rates = [float(r["call_rate"]) for r in rs if r["call_rate"] != "NA"]
        vals = [len(rs), t["ok"], t["called_ok"], t["wrong"],
                "%.2f %%" % (100 * t["called_ok"] / t["ok"]) if t["ok"] else "NA",
                "%.2f %%" % (100 * min(rates)) if rates else "NA",
                "%.2f %%" % (100 * t["called_lowres"] / t["ok_lowres"]) if t["ok_lowres"] else "NA",
                "%.3f %%" % (100 * (t["called_ok"] - t["wrong"]) / t["called_ok"])
                if t["called_ok"] else "NA",
                t["dropout_called"], t["failed_pads"], t["failed_all_I"], t["failed_calls"],
                t["ntc_calls"], "%d/%d" % (t["contam_flagged"], t["contam_pads"]),
                "%d (%d)" % (t["clean_flagged"], t["clean_flagged_zero"]), t["pos_discordant"],
                "%d/%d" % (t["dup_discordant"], t["dup_sets"]),
                "%d/%d (%d)" % (t["planted_found"], t["planted_expect"], t["planted_extra"])]
        name = "**all**" if g == "all" else g
        print("| " + " | ".join([name] + [str(v) for v in vals]) + " |")
    t = {k: sum(int(r[k]) for r in rows) for k in head
         if k not in ("label", "call_rate", "concordance")}
    rates = [(float(r["call_rate"]), r["label"]) for r in rows if r["call_rate"] != "NA"]
    low = min(rates) if rates else (0, "-")
    conc = (t["called_ok"] - t["wrong"]) / t["called_ok"] if t["called_ok"] else 0
    checks = [
        ("concordance >= 99.9 %% (%.4f %%, %d wrong of %d calls)"
         % (100 * conc, t["wrong"], t["called_ok"]), conc >= 0.999),
        ("call rate on ok pads >= 95 %% in every configuration (lowest %.2f %%, %s)"
         % (100 * low[0], low[1]), low[0] >= 0.95),
        ("no call on an NTC (%d)" % t["ntc_calls"], t["ntc_calls"] == 0),
        ("every contaminated NTC flagged (%d of %d)" % (t["contam_flagged"], t["contam_pads"]),
         t["contam_flagged"] == t["contam_pads"]),
        ("no clean NTC without contamination flagged (%d)" % t["clean_flagged_zero"],
         t["clean_flagged_zero"] == 0),
        ("no natural duplicate set discordant (%d of %d)" % (t["dup_discordant"], t["dup_sets"]),
         t["dup_discordant"] == 0),
        ("planted discordant duplicate found in every run (%d of %d assays, %d extra)"
         % (t["planted_found"], t["planted_expect"], t["planted_extra"]),
         t["planted_found"] == t["planted_expect"] and t["planted_extra"] == 0),
        ("positive controls concordant (%d discordant)" % t["pos_discordant"],
         t["pos_discordant"] == 0),
    ]
    print()
    failed = 0
    for text, ok in checks:
        print("- %s: %s" % ("met" if ok else "**MISSED**", text))
        failed += not ok
    print("- failed pads with quality I on every assay: %d of %d; calls made on failed "
          "pads: %d; calls on assay dropouts: %d (reported, not targets)"
          % (t["failed_all_I"], t["failed_pads"], t["failed_calls"], t["dropout_called"]))
    if worst_path and os.path.exists(worst_path):
        _, worst = read_tsv(worst_path)
        kinds = {}
        for w in worst:
            kinds[w["kind"]] = kinds.get(w["kind"], 0) + 1
        print()
        print("Cases worth a look (%s): %s" % (worst_path, ", ".join(
            "%s %d" % kv for kv in sorted(kinds.items())) or "none"))
        order = ["wrong_call", "call_on_ntc", "planted_missed", "planted_extra",
                 "planted_set_absent", "duplicate_discordant", "positive_discordant",
                 "contaminated_ntc_missed", "clean_ntc_flagged", "call_on_dropout",
                 "call_on_failed_pad", "failed_pad_not_I", "missing_row"]
        worst.sort(key=lambda w: order.index(w["kind"]) if w["kind"] in order else 99)
        if worst:
            print()
            print("| " + " | ".join(WORST_HEADER.split("\t")) + " |")
            print("|" + "---|" * len(WORST_HEADER.split("\t")))
            for w in worst[:max_worst]:
                print("| " + " | ".join(w[k] for k in WORST_HEADER.split("\t")) + " |")
            if len(worst) > max_worst:
                print("\n(%d more in %s)" % (len(worst) - max_worst, worst_path))
    return 1 if failed else 0


WORST_HEADER = ("config\tkind\twell\tsample\tassay\ttruth\tstatus\tcall\tquality\t"
                "probability\tsnr1\tsnr2\tflags\tnote")


def main(argv):
    if len(argv) >= 2 and argv[1] == "header":
        print("\t".join(FIELDS))
        return 0
    if len(argv) >= 2 and argv[1] == "worst-header":
        print(WORST_HEADER)
        return 0
    if len(argv) in (4, 5) and argv[1] == "summarize":
        return summarize(argv[2], argv[3], int(argv[4]) if len(argv) == 5 else 40)
    if len(argv) == 4 and argv[1] == "plant":
        return plant(argv[2], argv[3])
    if len(argv) in (5, 7) and argv[1] == "score":
        worst = argv[6] if len(argv) == 7 and argv[5] == "--worst" else None
        return score(argv[2], argv[3], argv[4], worst)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
