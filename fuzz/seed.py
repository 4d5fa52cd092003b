#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the project's own
files, so that nothing is copied into git: rule files, knowledge-base files, example fact files
(and JSON made from the YAML ones), the X.224 byte layouts of the probe's unit tests, and the
hand-made certificates of fuzz/inputs/cert/. Existing corpus files are kept (they are what the
fuzzer found); the seeds are added beside them, named by content.

Usage: python3 fuzz/seed.py
"""

import hashlib
import json
import re
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"


def add(target, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def kb_files():
    """The knowledge base's files in the order of `KbSource::embedded`: YAML, then rules, by name."""
    yaml = sorted(p for p in (ROOT / "kb").rglob("*") if p.suffix in (".yaml", ".yml"))
    rules = sorted((ROOT / "rules").rglob("*.rules"))
    key = lambda p: p.relative_to(ROOT).as_posix()
    return sorted(yaml, key=key) + sorted(rules, key=key)


def x224_layouts():
    """The PDUs of engine/probe/x224_tests.rs: every byte-array constant, and the confirm varied
    the way its helpers vary it (every selected protocol, a failure, a legacy answer)."""
    text = (ROOT / "engine/probe/x224_tests.rs").read_text()
    arrays = {}
    for name, body in re.findall(r"const (\w+): \[u8; \d+\] =\s*\[([^\]]*)\]", text):
        arrays[name] = bytes(int(x, 16) for x in re.findall(r"0x([0-9a-fA-F]{2})", body))
    out = list(arrays.values())
    cc = arrays.get("SPEC_CC")
    if cc:
        for protocol in (0, 1, 2, 8, 0x10, 0xFFFFFFFF):
            out.append(cc[:15] + protocol.to_bytes(4, "little"))
        for code in (1, 2, 5, 6):
            out.append(cc[:11] + b"\x03" + cc[12:15] + code.to_bytes(4, "little"))
        out.append(bytes([3, 0, 0, 11, 6]) + cc[5:11])
    return out


def main():
    for p in sorted((ROOT / "rules").glob("*.rules")):
        add("rules", p.read_bytes())
        for block in re.split(r"\n(?=rule )", p.read_text()):
            for cond in re.findall(r"when\s+(.*?)\s+then", block, re.S):
                add("rules", cond.encode())
    for i, p in enumerate(kb_files()):
        add("kb", bytes([i]) + p.read_bytes())
    try:
        import yaml
    except ImportError:
        yaml = None
        print("seed.py: no PyYAML, so no JSON is made from the YAML examples", file=sys.stderr)
    for p in sorted((ROOT / "examples").glob("*")):
        if p.suffix == ".json":
            add("facts_json", p.read_bytes())
        elif p.suffix in (".yaml", ".yml"):
            add("facts_yaml", p.read_bytes())
            if yaml:
                data = yaml.safe_load(p.read_text())
                add("facts_json", json.dumps(data, default=str, indent=2).encode())
    for pdu in x224_layouts():
        add("x224", pdu)
    for p in sorted((FUZZ / "inputs/cert").glob("*.der")):
        add("cert", p.read_bytes())
    for t in sorted(d.name for d in CORPUS.iterdir()):
        print(f"{t}: {len(list((CORPUS / t).iterdir()))} files")


if __name__ == "__main__":
    main()
