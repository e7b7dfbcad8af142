#!/usr/bin/python3
"""Write the generated seeds of testdata/fuzz/mzml and testdata/fuzz/binary.

Run:  /usr/bin/python3 testdata/fuzz/make_seeds.py testdata

mzml/cut_*.mzML: the first spectrum of each redistributable external file in
testdata/mzml/external (see its README for sources and licences), kept
byte for byte with the file's header (cvList, referenceableParamGroupList,
...) and closing tags, so the fuzzer starts from every writer's dialect
(pwiz, OpenMS, MSDK, pyteomics, numpress, param groups) without the bulk.

binary/*.bin: inputs for fuzz_binary (see tests/fuzz/fuzz_binary.c for the
layout: dtype byte, compression byte, mode byte, payload), one per
encoding, with raw payloads (mode bit 0) so the fuzzer mutates the zlib
and numpress data itself. Numpress payloads use pymzML's independent
MS-Numpress encoder.
"""
import gzip
import os
import re
import struct
import sys
import zlib

from pymzml.ms_numpress import MSNumpress

DT = {'unknown': 0, 'f32': 1, 'f64': 2, 'i32': 3, 'i64': 4}
ZLIB, LIN, PIC, SLOF = 1, 2, 4, 8
PACK = {'f32': '<f', 'f64': '<d', 'i32': '<i', 'i64': '<q'}


def cut(text):
    """Header + first <spectrum>...</spectrum> + closing tags, or None."""
    m = re.search(r'<spectrum\s.*?</spectrum>', text, re.S)
    if not m:
        return None
    start = text.rfind('<spectrumList', 0, m.start())
    head = text[:text.index('>', start) + 1]
    head = re.sub(r'(<spectrumList[^>]*count=")\d+', r'\g<1>1', head)
    tail = '\n</spectrumList>\n</run>\n</mzML>\n'
    if '<indexedmzML' in head:
        tail += '</indexedmzML>\n'
    return head + '\n' + m.group(0) + tail


def mzml_seeds(data, out):
    ext = os.path.join(data, 'mzml', 'external')
    for name in sorted(os.listdir(ext)):
        path = os.path.join(ext, name)
        if name.endswith('.gz'):
            raw = gzip.open(path).read()
        elif name.endswith('.mzML'):
            raw = open(path, 'rb').read()
        else:
            continue
        text = raw.decode('latin-1')
        c = cut(text)
        if c is None or len(c) > 65536:  # no spectrum, or too big a seed
            continue
        stem = name.replace('.mzML', '').replace('.gz', '')
        with open(os.path.join(out, f'cut_{stem}.mzML'), 'wb') as f:
            f.write(c.encode('latin-1'))
        if name.endswith('.gz'):  # keep one gzip seed
            with open(os.path.join(out, f'cut_{stem}.mzML.gz'), 'wb') as f:
                f.write(gzip.compress(c.encode('latin-1'), mtime=0))


def seed(out, name, dtype, comp, payload, raw=True, max_k=3):
    mode = (1 if raw else 0) | (max_k << 1)
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes([DT[dtype], comp, mode]) + payload)


def binary_seeds(out):
    mz = [5000.0 + 0.37 * i for i in range(48)]
    inten = [float((i * 37) % 101) for i in range(48)]
    for dt in ('f32', 'f64', 'i32', 'i64'):
        vals = inten if dt[0] == 'i' else mz
        packed = b''.join(struct.pack(PACK[dt], int(v) if dt[0] == 'i' else v)
                          for v in vals)
        seed(out, f'{dt}_none.bin', dt, 0, packed)
        seed(out, f'{dt}_zlib.bin', dt, ZLIB, zlib.compress(packed))
    # the payload as base64 text, as it stands in a file
    import base64
    seed(out, 'f64_none_b64text.bin', 'f64', 0,
         base64.b64encode(struct.pack('<4d', 1, 2, 3, 4)), raw=False)
    seed(out, 'f64_zlib_b64text_wrapped.bin', 'f64', ZLIB,
         b'\n  '.join(re.findall(rb'.{1,16}', base64.b64encode(
             zlib.compress(struct.pack('<8d', *mz[:8]))))), raw=False)
    lin = bytes(MSNumpress(list(mz)).encode_linear())
    pic = bytes(MSNumpress(list(inten)).encode_pic())
    slof = bytes(MSNumpress(list(inten)).encode_slof())
    seed(out, 'np_linear.bin', 'f64', LIN, lin)
    seed(out, 'np_linear_zlib.bin', 'f64', LIN | ZLIB, zlib.compress(lin))
    seed(out, 'np_linear_declared_f32.bin', 'f32', LIN, lin)
    seed(out, 'np_pic.bin', 'f64', PIC, pic)
    seed(out, 'np_pic_zlib.bin', 'f32', PIC | ZLIB, zlib.compress(pic))
    seed(out, 'np_slof.bin', 'f64', SLOF, slof)
    seed(out, 'np_slof_zlib.bin', 'f64', SLOF | ZLIB, zlib.compress(slof))
    seed(out, 'empty.bin', 'f64', 0, b'')


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else 'testdata'
    for sub, fn in (('mzml', lambda o: mzml_seeds(data, o)),
                    ('binary', binary_seeds)):
        out = os.path.join(data, 'fuzz', sub)
        os.makedirs(out, exist_ok=True)
        fn(out)


if __name__ == '__main__':
    main()
