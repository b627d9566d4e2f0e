#!/usr/bin/env python3
"""Assembles the static web bundle (run by the `bundle` target of wasm/CMakeLists.txt).

    bundle/
      index.html, app.js, ...   the page (web/)
      editor.js, editor.wasm     the ImGui editor module
      flowcast_wasm.js/.wasm     the headless engine module
      flowcast_api.js            the JS API over either module (node and browsers)
      flowcast_node.js           the node command line
      zones.bin                  time zones (tools/pack_zones.py)
      samples/index.json         [{"file": "abandoned_cart.json", "name": "..."}, ...]
      samples/*.json             the sample scenarios
"""
import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys


def copy(src, dst):
    if os.path.exists(dst) and filecmp.cmp(src, dst, shallow=False):
        return
    shutil.copyfile(src, dst)


def write(path, data):
    if os.path.exists(path):
        with open(path, 'rb') as fh:
            if fh.read() == data:
                return
    with open(path, 'wb') as fh:
        fh.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--web', required=True)
    ap.add_argument('--api-js', required=True)
    ap.add_argument('--node-js', required=True)
    ap.add_argument('--samples', required=True)
    ap.add_argument('--zoneinfo', required=True)
    ap.add_argument('--zone-packer', required=True)
    ap.add_argument('--modules', nargs='+', required=True, help='the .js outputs of em++')
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    for f in sorted(os.listdir(a.web)):
        src = os.path.join(a.web, f)
        if os.path.isfile(src):
            copy(src, os.path.join(a.out, f))
    copy(a.api_js, os.path.join(a.out, os.path.basename(a.api_js)))
    copy(a.node_js, os.path.join(a.out, os.path.basename(a.node_js)))
    for js in a.modules:
        base = os.path.splitext(js)[0]
        for ext in ('.js', '.wasm'):
            copy(base + ext, os.path.join(a.out, os.path.basename(base) + ext))

    zones = os.path.join(a.out, 'zones.bin')
    subprocess.run([sys.executable, a.zone_packer, '--root', a.zoneinfo, zones], check=True)

    samples_out = os.path.join(a.out, 'samples')
    os.makedirs(samples_out, exist_ok=True)
    files = sorted(f for f in os.listdir(a.samples) if f.endswith('.json')) \
        if os.path.isdir(a.samples) else []
    index = []
    for f in files:
        src = os.path.join(a.samples, f)
        copy(src, os.path.join(samples_out, f))
        name = os.path.splitext(f)[0]
        try:
            with open(src, encoding='utf-8') as fh:
                doc = json.load(fh)
            if isinstance(doc, dict) and isinstance(doc.get('name'), str) and doc['name']:
                name = doc['name']
        except (ValueError, UnicodeDecodeError):
            pass  # an invalid sample is still listed; the editor shows its diagnostics
        index.append({'file': f, 'name': name})
    for f in os.listdir(samples_out):  # samples removed from the source folder
        if f != 'index.json' and f not in files:
            os.remove(os.path.join(samples_out, f))
    write(os.path.join(samples_out, 'index.json'),
          (json.dumps(index, indent=2, ensure_ascii=False) + '\n').encode())

    total = sum(os.path.getsize(os.path.join(d, f))
                for d, _, fs in os.walk(a.out) for f in fs)
    print(f'bundle: {a.out}: {len(files)} samples, {total} bytes')


if __name__ == '__main__':
    main()
