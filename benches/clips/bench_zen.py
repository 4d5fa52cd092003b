#!/usr/bin/env python3
"""GoRules zen-engine (PyPI `zen-engine`, the Rust engine behind Python bindings) on the shared
synthetic benchmark: evaluates gen.py's `zen.json` decision table (collect policy: the indices of
the rules that fire) on every fact set of `facts.jsonl`, combines the fired rules' weights from
`rules.json` as the reference does (in rule order) and prints the reference's lines.

usage: benches/clips/bench_zen.py DIR   (a directory written by ../shared/bench/gen.py)
"""
import json
import os
import sys

import zen


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "rules.json")) as fh:
        spec = json.load(fh)
    cidx = {c: i for i, c in enumerate(spec["causes"])}
    then = [(cidx[r["then"]["cause"]], r["then"]["weight"]) for r in spec["rules"]]
    with open(os.path.join(d, "zen.json")) as fh:
        decision = zen.ZenEngine().create_decision(fh.read())
    out = []
    with open(os.path.join(d, "facts.jsonl")) as fh:
        for line in fh:
            s = json.loads(line)
            res = decision.evaluate(s["facts"])["result"]
            res = [res] if isinstance(res, dict) else res  # one match may come back alone
            fired = sorted(int(x["r"]) for x in res)
            cf = {}
            for r in fired:
                k, w = then[r]
                old = cf.get(k, 0.0)
                cf[k] = old + w * (1.0 - old)
            best_k, best_q, best_s = -1, -1, 0.0
            for k, v in cf.items():
                q = int(v * 1000000000.0 + 0.5)
                if q > best_q or (q == best_q and k < best_k):
                    best_k, best_q, best_s = k, q, v
            out.append("%d none 0.000000" % s["id"] if best_k < 0 else "%d cause_%d %.6f" % (s["id"], best_k, best_s))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
