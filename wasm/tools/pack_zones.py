#!/usr/bin/env python3
"""Packs a zoneinfo tree into the compact archive the wasm build loads (zones.bin).

    pack_zones.py [--root /usr/share/zoneinfo] OUT

A name is packed exactly when the native FileZoneSource would accept it: a safe IANA-style name
([A-Za-z0-9_+-] components joined by '/'), a regular file (symlinks followed), at most 1 MiB,
starting with "TZif". Skipped on top: the posix/ and right/ trees and `localtime` (it points at
the build machine's own zone). Files with identical bytes (IANA links such as US/Eastern) are
stored once. The TZif bytes are kept verbatim, so the engine parses the very same data natively
and in the browser.

Layout (little-endian):
    "FCZONES1"                         magic
    u32 name_count, u32 blob_count
    blob_count x (u32 offset, u32 size)   offsets into the data area
    name_count x (u16 length, name bytes, u32 blob index)   sorted by name (bytewise)
    data area                          the TZif files, back to back
"""
import argparse
import hashlib
import os
import re
import struct
import sys

MAX_BYTES = 1 << 20
SAFE = re.compile(r'^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$')
SKIP_TOP = {'posix', 'right', 'localtime'}


def collect(root):
    zones = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir == '.':
            dirnames[:] = [d for d in dirnames if d not in SKIP_TOP]
            filenames = [f for f in filenames if f not in SKIP_TOP]
        dirnames.sort()
        for f in sorted(filenames):
            path = os.path.join(dirpath, f)
            name = f if rel_dir == '.' else rel_dir.replace(os.sep, '/') + '/' + f
            if not SAFE.match(name) or not os.path.isfile(path):
                continue
            if os.path.getsize(path) > MAX_BYTES:
                continue
            with open(path, 'rb') as fh:
                data = fh.read()
            if data[:4] != b'TZif':
                continue
            zones[name] = data
    return zones


def pack(zones):
    blobs, blob_index, names = [], {}, []
    for name in sorted(zones, key=lambda n: n.encode()):
        data = zones[name]
        key = hashlib.sha256(data).digest()
        if key not in blob_index:
            blob_index[key] = len(blobs)
            blobs.append(data)
        names.append((name.encode(), blob_index[key]))
    out = bytearray(b'FCZONES1')
    out += struct.pack('<II', len(names), len(blobs))
    offset = 0
    for b in blobs:
        out += struct.pack('<II', offset, len(b))
        offset += len(b)
    for name, idx in names:
        out += struct.pack('<H', len(name)) + name + struct.pack('<I', idx)
    for b in blobs:
        out += b
    return bytes(out), len(names), len(blobs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--root', default='/usr/share/zoneinfo')
    ap.add_argument('out')
    args = ap.parse_args()
    zones = collect(args.root)
    if 'Europe/Paris' not in zones:
        sys.exit(f'pack_zones: no usable zoneinfo under {args.root} (is tzdata installed?)')
    data, n_names, n_blobs = pack(zones)
    tmp = args.out + '.tmp'
    with open(tmp, 'wb') as fh:
        fh.write(data)
    os.replace(tmp, args.out)
    print(f'zones: {n_names} names, {n_blobs} distinct TZif files, {len(data)} bytes -> {args.out}')


if __name__ == '__main__':
    main()
