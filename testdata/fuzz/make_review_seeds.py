#!/usr/bin/python3
"""Write the seeds of testdata/fuzz/review (fuzz_review) and
testdata/fuzz/tables (fuzz_tables).

Run (from the repository, after a build):

    S=$(mktemp -d)
    build/src/cli/mzgeno simulate --out $S/sim --wells 96 --seed 1 --points 2000 -q
    build/src/cli/mzgeno call -q --plate $S/sim/plate.tsv --out $S/report \\
        $S/sim/chip.mzML
    python3 testdata/fuzz/make_review_seeds.py build/src/cli/mzgeno $S/report \\
        testdata/fuzz

The report set of the simulated 96-pad chip is cut to a few pads (a
sample, a duplicate pair, a bad pad, a positive control, an NTC) and the
first three assays of its multiplex, consistently in every file
(calls.tsv, qc.json, design.tsv, snippets.tsv with every 12th value), so
that mzg_review_load() accepts it. The cut set is then reviewed once with
`mzgeno review` to get an audit.tsv and a reviewed set.

fuzz_review inputs are report directories packed one file after the other
(layout in tests/fuzz/fuzz_review.c): each file starts with a line
"@@@ NAME\\n" and runs to the next such line.
"""
import json
import os
import subprocess
import sys
import tempfile

WELLS = ['A01', 'A02', 'A03', 'A05', 'B02', 'C04', 'D05']
N_ASSAYS = 3
PACKED = ['calls.tsv', 'qc.json', 'design.tsv', 'snippets.tsv', 'audit.tsv',
          'overrides.tsv']
OV_HEADER = 'well\tassay\tgenotype\treviewer\treason\n'


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def cut_qc(qc, assays):
    qc['reasons'] = qc['reasons'][:1]
    qc['wells'] = [w for w in qc['wells'] if w['well'] in WELLS]
    qc['assays'] = [a for a in qc['assays'] if a['assay'] in assays]
    qc['duplicates'] = [d for d in qc['duplicates']
                        if all(w in WELLS for w in d['wells'])]
    ctl = [c for c in qc['controls'] if c['well'] in WELLS]
    for c in ctl:
        c['checks'] = [k for k in c.get('checks', []) if k['assay'] in assays]
    qc['controls'] = ctl
    for m in qc['design']['multiplexes']:
        m['assays'] = [a for a in m['assays'] if a in assays]
    qc['inputs'][0]['path'] = 'chip.mzML'
    qc['plate']['source'] = 'plate.tsv'
    return compact(qc)


def compact(qc):
    """qc.json on one line, without the parameters the loader only
    carries along (the QC thresholds and two others stay)."""
    qc['parameters'] = {k: v for k, v in qc['parameters'].items()
                        if k.startswith('qc.') or k in ('proc.snip_da',
                                                        'call.threads')}
    return json.dumps(qc, separators=(',', ':')) + '\n'


def cut_report(src, dst):
    """Write the cut report set of @src into directory @dst."""
    qc = json.loads(read(os.path.join(src, 'qc.json')))
    assays = qc['design']['multiplexes'][0]['assays'][:N_ASSAYS]
    files = {'qc.json': cut_qc(qc, assays)}
    lines = read(os.path.join(src, 'calls.tsv')).splitlines(keepends=True)
    files['calls.tsv'] = lines[0] + ''.join(
        l for l in lines[1:]
        if l.split('\t')[1] in WELLS and l.split('\t')[5] in assays)
    lines = read(os.path.join(src, 'design.tsv')).splitlines(keepends=True)
    head = [l for l in lines if l.startswith('#')]
    rows = [l for l in lines if not l.startswith('#')]
    files['design.tsv'] = ''.join(head[:1] + rows[:1] + [
        l for l in rows[1:] if l.split('\t')[2] in assays])
    out = []
    for l in read(os.path.join(src, 'snippets.tsv')).splitlines(keepends=True):
        f = l.rstrip('\n').split('\t')
        if l.startswith('#') or f[0] == 'well':
            out.append(l)
        elif f[0] in WELLS and f[1] in assays:
            f[6] = ','.join(f[6].split(',')[::12])
            out.append('\t'.join(f) + '\n')
    files['snippets.tsv'] = ''.join(out)
    os.makedirs(dst, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(dst, name), 'w', encoding='utf-8') as f:
            f.write(text)
    return assays


def pack(files):
    return ''.join('@@@ %s\n%s' % (n, files[n]) for n in PACKED if n in files)


def load_set(d):
    return {n: read(os.path.join(d, n)) for n in PACKED
            if os.path.exists(os.path.join(d, n))}


def write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    print('%s: %d bytes' % (path, len(text.encode())))


def main():
    mzgeno, report, out = sys.argv[1:4]
    rdir = os.path.join(out, 'review')
    tdir = os.path.join(out, 'tables')
    os.makedirs(rdir, exist_ok=True)
    os.makedirs(tdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cut = os.path.join(tmp, 'cut')
        a = cut_report(report, cut)
        base = load_set(cut)
        ov = (OV_HEADER + 'A01\t%s\tAA\tjd\tcluster edge\n' % a[0] +
              'a2\t%s\t.\tjd\tlow peaks, withdrawn\n' % a[1] +
              'B02\t%s\tno call\tjd\t"quoted" reason\n' % a[2])
        write(os.path.join(tmp, 'ov.tsv'), ov)
        subprocess.run([mzgeno, 'review', '-q', '--in', cut, '--overrides',
                        os.path.join(tmp, 'ov.tsv'), '--time',
                        '2026-01-02T03:04:05Z', '--out',
                        os.path.join(tmp, 'rev')], check=True)
        rev = load_set(os.path.join(tmp, 'rev'))
        rev['qc.json'] = compact(json.loads(rev['qc.json']))
    write(os.path.join(rdir, 'set_plain'), pack(base))
    write(os.path.join(rdir, 'set_overrides'),
          pack(dict(base, **{'overrides.tsv': ov})))
    nosnip = {k: v for k, v in base.items() if k != 'snippets.tsv'}
    write(os.path.join(rdir, 'set_no_snippets_override'),
          pack(dict(nosnip, **{'overrides.tsv': OV_HEADER +
                               'A05\t%s\tAG\trev\tcontrol\n' % a[1]})))
    write(os.path.join(rdir, 'set_reviewed_again'),
          pack(dict(rev, **{'overrides.tsv':
                            '# a second review\nReason\tWELL\tassay\t'
                            'genotype\treviewer\n'
                            'recheck\tA01\t%s\tGA\tmk\n' % a[0]})))
    write(os.path.join(rdir, 'set_refused_ntc'),
          pack(dict(base, **{'overrides.tsv': OV_HEADER +
                             'C04\t%s\tGG\tjd\tntc\n' % a[0]})))
    # fuzz_tables: the first byte picks the reader (see fuzz_tables.c).
    write(os.path.join(tdir, 'c_calls.tsv'), 'c' + base['calls.tsv'])
    write(os.path.join(tdir, 'a_audit.tsv'), 'a' + rev['audit.tsv'])
    write(os.path.join(tdir, 'o_overrides.tsv'), 'o' + ov)


if __name__ == '__main__':
    main()
