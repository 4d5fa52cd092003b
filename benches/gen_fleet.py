#!/usr/bin/env python3
"""Makes a synthetic fleet for the batch benchmarks (BENCHMARKS.md): copies of examples/*.yaml
and *.json with the host varied, as N fact files in a directory or N lines of one JSON Lines file.

    python3 benches/gen_fleet.py dir /tmp/fleet 20000
    python3 benches/gen_fleet.py jsonl /tmp/fleet.jsonl 1000000
"""
import json
import pathlib
import sys

import yaml  # PyYAML (Debian: python3-yaml)


def examples():
    root = pathlib.Path(__file__).resolve().parent.parent / "examples"
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".json"))
    return [(p.suffix, p.read_text(encoding="utf-8")) for p in files]


def main():
    kind, target, n = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
    ex = examples()
    if kind == "dir":
        target.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            suffix, text = ex[i % len(ex)]
            # A comment keeps the facts as they are while making each file distinct.
            if suffix == ".yaml":
                text = f"# machine {i}\n{text}"
            (target / f"m{i:07d}{suffix}").write_text(text, encoding="utf-8")
    elif kind == "jsonl":
        facts = [yaml.safe_load(text) for _, text in ex]
        lines = [json.dumps(f, default=str, separators=(",", ":")) for f in facts]
        with open(target, "w", encoding="utf-8") as out:
            for i in range(n):
                out.write(lines[i % len(lines)])
                out.write("\n")
    else:
        sys.exit("usage: gen_fleet.py dir|jsonl TARGET N")


if __name__ == "__main__":
    main()
