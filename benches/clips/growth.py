#!/usr/bin/env python3
"""Generates a workload for the growth test: the same number of rules touched per fact set
whatever the number of rules R, in the neutral format of /work/shared/bench/gen.py (rules.json,
facts.jsonl; same semantics, so reference.py and translate.py read it).

usage: growth.py -R RULES -N SETS [--seed S] -o OUTDIR

Why not gen.py: there a fact set holds 20-60 % of F facts and F grows with R, so the rules a
set touches grow with R too (about 12 % of all rules fire). Here F = 3R/4 facts and every set
holds K = 12 of them, so a fact is read by about 2.7 rules and a set touches about 30 rules,
at R = 40 as at R = 10 000. Rules are ANDs of 1 to 3 comparisons on distinct facts; one in
eight has a `not` term after its first one (a rule never consists of a lone `not`, which
would make it fire for every set at every R).
"""
import argparse
import json
import os
import random

K = 12
INT_MAX = 31


def generate(R, N, seed):
    rng = random.Random(seed)
    F = max(K + 4, (3 * R) // 4)
    C = max(3, R // 8)
    facts = [{"name": f"f{i}", "type": "int", "min": 0, "max": INT_MAX} for i in range(F)]
    causes = [f"cause_{k}" for k in range(C)]

    def cond(f):
        op = rng.choice(["==", "!=", "<", "<=", ">", ">="])
        val = rng.randint(4, INT_MAX - 4)
        return {"fact": f, "op": op, "value": val}

    rules = []
    for ri in range(R):
        n = rng.choice([1, 2, 2, 3])
        terms = [cond(f"f{i}") for i in rng.sample(range(F), n)]
        if n >= 2 and rng.random() < 0.125:
            terms[-1] = {"not": terms[-1]}
        w = rng.randint(1, 947) / 997.0
        rules.append({"id": f"r{ri}", "when": terms,
                      "then": {"cause": rng.choice(causes), "weight": w}})
    spec = {"meta": {"R": R, "F": F, "N": N, "seed": seed, "C": C, "K": K,
                     "semantics": "see bench/gen.py docstring"},
            "facts": facts, "causes": causes, "rules": rules}
    sets = ({"id": si, "facts": {f"f{j}": rng.randint(0, INT_MAX)
                                 for j in sorted(rng.sample(range(F), K))}} for si in range(N))
    return spec, sets


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-R", type=int, required=True)
    ap.add_argument("-N", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--outdir", required=True)
    a = ap.parse_args()
    spec, sets = generate(a.R, a.N, a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "rules.json"), "w") as fh:
        json.dump(spec, fh, indent=1)
    with open(os.path.join(a.outdir, "facts.jsonl"), "w") as fh:
        for s in sets:
            fh.write(json.dumps(s, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
