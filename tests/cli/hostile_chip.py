#!/usr/bin/python3
"""Damage one pad of a chip mzML (for tests/cli/test_hostile_call.sh).

  hostile_chip.py IN OUT badb64 WELL     invalid base64 in WELL's intensity array
  hostile_chip.py IN OUT bomb WELL       WELL's intensity array becomes a zlib
                                         stream inflating to 256 MiB of zeros
  hostile_chip.py IN OUT nanmz WELL      a NaN in WELL's m/z array
  hostile_chip.py IN OUT truncate FRAC   keep the first FRAC of the bytes
  hostile_chip.py IN OUT xxe WELL PATH   an external entity pointing at PATH,
                                         used in WELL's spectrum id
  hostile_chip.py IN OUT dtd PATH        an external DTD pointing at PATH

Arrays are found by their accessions (MS:1000514 m/z, MS:1000515
intensity; MS:1000521/MS:1000523 32/64-bit float; MS:1000574 zlib). Edits
that change lengths leave the file's index stale, as a hand-edited file
would have it; mzgeno verifies the index and falls back to a scan.
"""
import base64
import re
import struct
import sys
import zlib


def spectrum_span(t, well):
    m = re.search(rb'<spectrum\s[^>]*spotID="%s"' % well.encode(), t)
    if not m:
        sys.exit(f'no spectrum with spotID {well}')
    return m.start(), t.index(b'</spectrum>', m.start())


def array_span(t, well, kind):
    """(start, end) of the <binary> text and the array's <binaryDataArray>
    header of WELL's m/z ('MS:1000514') or intensity ('MS:1000515') array."""
    s, e = spectrum_span(t, well)
    for m in re.finditer(rb'<binaryDataArray\b(.*?)</binaryDataArray>', t[s:e], re.S):
        if kind.encode() in m.group(1):
            b = re.search(rb'<binary>([^<]*)</binary>', m.group(0))
            return (s + m.start() + b.start(1), s + m.start() + b.end(1),
                    m.group(1))
    sys.exit(f'{well}: no array {kind}')


def decode(text, head):
    raw = base64.b64decode(text)
    if b'MS:1000574' in head:
        raw = zlib.decompress(raw)
    fmt = '<d' if b'MS:1000523' in head else '<f'
    size = struct.calcsize(fmt)
    return [struct.unpack_from(fmt, raw, i)[0] for i in range(0, len(raw), size)], fmt


def encode(values, fmt, head):
    raw = b''.join(struct.pack(fmt, v) for v in values)
    if b'MS:1000574' in head:
        raw = zlib.compress(raw)
    return base64.b64encode(raw)


def main():
    src, dst, op = sys.argv[1:4]
    t = open(src, 'rb').read()
    if op == 'badb64':
        a, _, _ = array_span(t, sys.argv[4], 'MS:1000515')
        t = t[:a] + b'!!!!' + t[a + 4:]
    elif op == 'bomb':
        a, b, _ = array_span(t, sys.argv[4], 'MS:1000515')
        z = zlib.compressobj(9)
        chunk = bytes(1 << 20)
        bomb = b''.join(z.compress(chunk) for _ in range(256)) + z.flush()
        t = t[:a] + base64.b64encode(bomb) + t[b:]
    elif op == 'nanmz':
        a, b, head = array_span(t, sys.argv[4], 'MS:1000514')
        values, fmt = decode(t[a:b], head)
        values[len(values) // 2] = float('nan')
        t = t[:a] + encode(values, fmt, head) + t[b:]
    elif op == 'truncate':
        t = t[:int(len(t) * float(sys.argv[4]))]
    elif op in ('xxe', 'dtd'):
        path = sys.argv[-1].encode()
        decl = t.index(b'?>') + 2
        if op == 'dtd':
            doctype = b'\n<!DOCTYPE indexedmzML SYSTEM "%s">' % path
        else:
            doctype = b'\n<!DOCTYPE indexedmzML [<!ENTITY xxe SYSTEM "%s">]>' % path
            s, _ = spectrum_span(t, sys.argv[4])
            end = t.index(b'>', s)
            tag = re.sub(rb'\sid="[^"]*"', b' id="&xxe;"', t[s:end], count=1)
            t = t[:s] + tag + t[end:]
        t = t[:decl] + doctype + t[decl:]
    else:
        sys.exit(f'unknown operation {op}')
    open(dst, 'wb').write(t)


if __name__ == '__main__':
    main()
