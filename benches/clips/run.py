#!/usr/bin/env python3
"""fixplan beside CLIPS on the shared synthetic benchmark, in one run, on this machine.

usage: benches/clips/run.py [--bench ../shared/bench] [--work DIR] [--sets N]

For R=40 F=30 and R=1000 F=300 (N fact sets each, 10 000 by default): generates the workload
with gen.py, translates rules.json with translate.py, runs CLIPS (`clips -f2 run.bat`, Debian
package `clips`), reference.py and fixplan (the `cfbench` example: certainty factors, both
cores), checks that fixplan's lines and CLIPS's equal the reference's exactly, and times each
whole process. Then the growth test (growth.py: the same rules touched per set at R=40 and
R=10 000; per-set cost on one thread, load excluded, best of three runs) and peak memory over
1 000 000 fact sets from one JSON Lines file (the R=40 sets repeated with new ids; the expected
lines likewise).
The product command, `fixplan eval --no-plan --format json` (full reports, both cores), runs on
the same rules and fact sets (written one plain JSON object per line) at all three sizes,
R=10 000 F=2 000 N=1 000 included; its reports are turned back into the reference's lines (each
cause's evidence factors combined in report order, the benchmark's top-cause rule) and compared.
GoRules zen-engine (PyPI `zen-engine`) joins when it is installed (`bench_zen.py`).
Prints Markdown tables. Run it from the project root.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sh(cmd, cwd=None, out=None):
    start = time.perf_counter()
    with open(out, "w") if out else open(os.devnull, "w") as fh:
        r = subprocess.run(cmd, cwd=cwd, stdout=fh, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return took, r.stderr


def same(a, b, limit=None):
    with open(a) as fa, open(b) as fb:
        la, lb = fa.read().splitlines(), fb.read().splitlines()
    if limit is not None:
        la = la[:limit]
    return la == lb


def product_lines(reports, out):
    """The reference's line for each report of `fixplan eval --format json`: the cause with the
    largest certainty factor (its evidence factors combined in order, as the reference does)."""
    with open(reports) as fh, open(out, "w") as o:
        for line in fh:
            r = json.loads(line)
            sid = int(r["input"].rsplit(":", 1)[1]) - 1
            best_k, best_q, best_s = -1, -1, 0.0
            for c in r["causes"]:
                if not c["evidence"]:
                    continue
                s = 0.0
                for e in c["evidence"]:
                    s = s + e["factor"] * (1.0 - s)
                k = int(c["id"].rsplit("_", 1)[1])
                q = int(s * 1000000000.0 + 0.5)
                if q > best_q or (q == best_q and k < best_k):
                    best_k, best_q, best_s = k, q, s
            o.write("%d none 0.000000\n" % sid if best_k < 0 else "%d cause_%d %.6f\n" % (sid, best_k, best_s))


def plain(d):
    """facts.jsonl without the ids: one fact object per line, as `fixplan eval` reads it."""
    out = os.path.join(d, "plain.jsonl")
    with open(os.path.join(d, "facts.jsonl")) as fh, open(out, "w") as o:
        for line in fh:
            o.write(json.dumps(json.loads(line)["facts"]) + "\n")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--work", default="/tmp/fixplan-cfbench")
    ap.add_argument("--sets", type=int, default=10000)
    a = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    subprocess.run(["cargo", "build", "-q", "--release", "--example", "cfbench"], cwd=ROOT, check=True)
    fixplan = os.path.join(target, "release", "examples", "cfbench")
    gen, ref = os.path.join(a.bench, "gen.py"), os.path.join(a.bench, "reference.py")
    subprocess.run(["cargo", "build", "-q", "--release", "--bin", "fixplan"], cwd=ROOT, check=True)
    product = os.path.join(target, "release", "fixplan")
    zen = os.path.join(HERE, "bench_zen.py")
    try:
        import zen as _zen  # noqa: F401  (PyPI zen-engine)
        have_zen = True
    except ImportError:
        have_zen = False
    rows, ok = [], True
    for R, F, N in [(40, 30, a.sets), (1000, 300, a.sets), (10000, 2000, max(1, a.sets // 10))]:
        d = os.path.join(a.work, f"R{R}")
        sh([sys.executable, gen, "-R", str(R), "-F", str(F), "-N", str(N), "--seed", "1", "-o", d])
        sh([sys.executable, os.path.join(HERE, "translate.py"), os.path.join(d, "rules.json"), os.path.join(d, "fp")])
        t_clips, _ = sh(["clips", "-f2", "run.bat"], cwd=d, out=os.path.join(d, "clips.out"))
        t_ref, _ = sh([sys.executable, ref, d], out=os.path.join(d, "ref.out"))
        t_fp, _ = sh([fixplan, os.path.join(d, "fp"), os.path.join(d, "facts.jsonl")], out=os.path.join(d, "fp.out"))
        fp_ok = same(os.path.join(d, "fp.out"), os.path.join(d, "ref.out"))
        clips_ok = same(os.path.join(d, "clips.out"), os.path.join(d, "ref.out"))
        facts = plain(d)
        t_prod, _ = sh([product, "eval", "--kb", os.path.join(d, "fp"), "--no-plan", "--format", "json", facts],
                       out=os.path.join(d, "product.json"))
        product_lines(os.path.join(d, "product.json"), os.path.join(d, "product.out"))
        prod_ok = same(os.path.join(d, "product.out"), os.path.join(d, "ref.out"))
        t_zen, zen_ok = None, None
        if have_zen:
            t_zen, _ = sh([sys.executable, zen, d], out=os.path.join(d, "zen.out"))
            zen_ok = same(os.path.join(d, "zen.out"), os.path.join(d, "ref.out"))
        ok &= fp_ok and prod_ok
        rows.append((R, F, N, N / t_clips, N / t_zen if t_zen else None, N / t_prod, N / t_fp, N / t_ref,
                     fp_ok, prod_ok, clips_ok, zen_ok))
    yn = lambda b: "–" if b is None else ("yes" if b else "NO")
    num = lambda x: "–" if x is None else f"{x:,.0f}"
    print("| R, F, N | CLIPS | zen-engine | `fixplan eval --no-plan --format json` | ÷ CLIPS | ÷ zen | cfbench (rule index) | reference.py | product = reference | cfbench = reference | CLIPS = reference | zen = reference |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for R, F, N, c, z, pr, f, p, fo, po, co, zo in rows:
        zr = f"{pr / z:.1f}×" if z else "–"
        print(f"| {R}, {F}, {N} | {c:,.0f} | {num(z)} | {pr:,.0f} | {pr / c:.1f}× | {zr} | {f:,.0f} | {p:,.0f} | "
              f"{yn(po)} | {yn(fo)} | {yn(co)} | {yn(zo)} |")
    print("\n(fact sets per second, whole process: start, loading the rules, reading the sets, writing the results)")

    growth = []
    for R in (40, 10000):
        d = os.path.join(a.work, f"growth{R}")
        sh([sys.executable, os.path.join(HERE, "growth.py"), "-R", str(R), "-N", "100000", "-o", d])
        sh([sys.executable, os.path.join(HERE, "translate.py"), os.path.join(d, "rules.json"), os.path.join(d, "fp")])
        best = None
        for _ in range(3):  # the best of three: other work on the machine only slows a run down
            _, err = sh([fixplan, os.path.join(d, "fp"), os.path.join(d, "facts.jsonl"), "--threads", "1"],
                        out=os.path.join(d, "fp.out"))
            m = re.search(r"load=([\d.]+)s eval=([\d.]+)s", err)
            if best is None or float(m.group(2)) < float(best.group(2)):
                best = m
        sh([sys.executable, ref, d, "--limit", "5000"], out=os.path.join(d, "ref.out"))
        g_ok = same(os.path.join(d, "fp.out"), os.path.join(d, "ref.out"), limit=5000)
        ok &= g_ok
        m = best
        growth.append((R, float(m.group(1)), float(m.group(2)) / 100000 * 1e6, g_ok))
    print()
    print("| growth (growth.py, N=100 000, one thread, best of 3) | load s | µs per fact set | = reference (first 5 000) |")
    print("|---|---|---|---|")
    for R, load, us, g_ok in growth:
        print(f"| R={R} | {load:.2f} | {us:.2f} | {'yes' if g_ok else 'NO'} |")
    print(f"\nper-set cost R=10 000 ÷ R=40: {growth[1][2] / growth[0][2]:.2f}×")

    d = os.path.join(a.work, "R40")
    big, big_ref = os.path.join(a.work, "facts_1m.jsonl"), os.path.join(a.work, "ref_1m.out")
    with open(os.path.join(d, "facts.jsonl")) as fh:
        sets = [line.split(",", 1)[1] for line in fh]
    with open(os.path.join(d, "ref.out")) as fh:
        refs = [line.split(" ", 1)[1] for line in fh]
    with open(big, "w") as out, open(big_ref, "w") as rout:
        for i in range(1_000_000):
            out.write('{"id":%d,%s' % (i, sets[i % len(sets)]))
            rout.write("%d %s" % (i, refs[i % len(refs)]))
    t, err = sh(["/usr/bin/time", "-v", fixplan, os.path.join(d, "fp"), big], out=os.path.join(a.work, "fp_1m.out"))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    m_ok = same(os.path.join(a.work, "fp_1m.out"), big_ref)
    ok &= m_ok
    print(f"\n1 000 000 fact sets (R=40) from one JSON Lines file: peak RSS {rss / 1024:.1f} MB, "
          f"{t:.2f} s, {1_000_000 / t:,.0f} sets/s, = expected: {'yes' if m_ok else 'NO'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
