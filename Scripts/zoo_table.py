#!/usr/bin/env python3
"""Measure checkerscope on the model zoo (Scripts/make_zoo.py) and print the table of Docs/MODELS.md.

Run from the repository root after `python3 Scripts/make_zoo.py` and a build:

    python3 Scripts/zoo_table.py [--zoo zoo] [--binary .build/release/checkerscope] > /tmp/models.md

Per model: `checkerscope probe MODEL --input <name>.noise.in.npy --dump DIR --node <output node>` runs the
interpreter at the export size on ONNX Runtime's input (max error against ONNX Runtime's output, relative
to max(1, max|y|), and the probe's wall time); `checkerscope probe MODEL` with no input (what a user gets:
all-ones input, the model's size, or a size the probe chooses when the spatial axes are open) gives the
verdict, its confidence, the origin and the CPU time of that whole run (size choice included);
`checkerscope audit MODEL` (with `--input-shape` of the export
size when the model leaves it open) gives the number of layers audited against the number of upsampling
nodes in the file. Times are the child process's CPU time (user + system), since wall time on a shared,
busy machine mostly measures the other jobs; ONNX Runtime's are make_zoo.py's wall-time medians.
"""
import argparse
import json
import os
import resource
import subprocess
import tempfile

import numpy as np
import onnx


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args, timeout=1800):
    """Exit status, stdout, stderr and the child's CPU time (user + system): on a shared machine under
    load the wall time says more about the other builds than about the tool."""
    start = cpu_seconds()
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr.strip(), cpu_seconds() - start
    except subprocess.TimeoutExpired:
        return 124, "", "timed out", cpu_seconds() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zoo", default="zoo")
    parser.add_argument("--binary", default=".build/debug/checkerscope")
    parser.add_argument("--json", default=None, help="also write the measurements here")
    args = parser.parse_args()
    with open(os.path.join(args.zoo, "MANIFEST.json")) as f:
        manifest = json.load(f)["models"]
    rows = []
    results = {}
    for name, entry in sorted(manifest.items()):
        r = {"name": name, "library": entry["library"], "architecture": entry["architecture"],
             "exporter": entry["exporter"]}
        results[name] = r
        if "error" in entry:
            r["export"] = entry["error"]
            rows.append(r)
            continue
        path = os.path.join(args.zoo, name + ".onnx")
        model = onnx.load(path)
        r["upsampling"] = sum(n.op_type in ("ConvTranspose", "Resize", "Upsample", "DepthToSpace") for n in model.graph.node)
        out_node = next(n for n in model.graph.node if model.graph.output[0].name in n.output)
        node_name = out_node.name or f"{out_node.op_type}_{list(model.graph.node).index(out_node)}"
        shape = "x".join(map(str, entry["inputShape"]))
        with tempfile.TemporaryDirectory() as dump:
            code, out, err, seconds = run([args.binary, "probe", path, "--input", os.path.join(args.zoo, name + ".noise.in.npy"),
                                           "--format", "json", "-q", "--dump", dump, "--node", node_name])
            r["probeSeconds"] = seconds
            r["ortSeconds"] = entry.get("ortSeconds")
            dumped = os.path.join(dump, "".join(c if c.isalnum() or c in "._-" else "_" for c in model.graph.output[0].name) + ".npy")
            if os.path.exists(dumped):
                y = np.load(dumped)
                ref = np.load(os.path.join(args.zoo, name + ".noise.out.npy"))
                r["runs"] = True
                r["maxError"] = float(np.max(np.abs(y - ref)) / max(1.0, float(np.max(np.abs(ref))))) if y.shape == ref.shape else None
            else:
                r["runs"] = False
                r["error"] = err.splitlines()[-1] if err else f"exit {code}"
        code, out, err, r["verdictSeconds"] = run([args.binary, "probe", path, "--format", "json", "-q"])
        if code == 0:
            d = json.loads(out)
            r["verdict"] = d["verdict"]
            r["confidence"] = d.get("confidence", 1)
            r["origin"] = d["origin"]
            r["probeShape"] = "x".join(map(str, d["inputShape"]))
            r["chosen"] = d.get("inputChoice") is not None
        else:
            r["verdictError"] = err.splitlines()[-1] if err else f"exit {code}"
        audit = [args.binary, "audit", path, "--format", "json"]
        if entry.get("symbolicSpatialAxes"):
            audit += ["--input-shape", shape]
        code, out, err, _ = run(audit)
        if code == 0:
            r["auditLayers"] = len([l for l in json.loads(out)["layers"] if l["op"] != "Conv"])
        else:
            r["auditError"] = err.splitlines()[-1] if err else f"exit {code}"
        rows.append(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    print("| model | exporter | runs | max error vs ORT | audit (upsampling layers / in file) | probe verdict (confidence) | origin (layer) | probe input | probe / ORT time | verdict run |")
    print("| --- | --- | --- | ---: | --- | --- | --- | --- | ---: | ---: |")
    for r in rows:
        if "export" in r:
            print(f"| {r['name']} | {r['exporter']} | export failed: {r['export'][:80]} | | | | | | |")
            continue
        runs = "yes" if r.get("runs") else f"no: {r.get('error', '')[:90]}"
        err = f"{r['maxError']:.1e}" if r.get("maxError") is not None else "-"
        audit = f"{r['auditLayers']} / {r['upsampling']}" if "auditLayers" in r else f"refused ({r.get('auditError', '')[:60]})"
        if "verdict" in r:
            verdict = f"{r['verdict']} ({r['confidence']:.2f})"
            o = r["origin"]
            origin = f"{o['node']} ({o['op']}; {o.get('layer') or '-'})" if o else "none"
            probe_input = r["probeShape"] + (" chosen" if r.get("chosen") else "")
        else:
            verdict, origin, probe_input = "-", "-", "-"
        times = f"{r['probeSeconds']:.2f} s / {r['ortSeconds'] * 1000:.1f} ms" if r.get("runs") and r.get("ortSeconds") else "-"
        search = f"{r['verdictSeconds']:.2f} s" if "verdictSeconds" in r else "-"
        print(f"| {r['name']} | {r['exporter']} | {runs} | {err} | {audit} | {verdict} | {origin} | {probe_input} | {times} | {search} |")
    measured = [r for r in rows if "export" not in r]
    ran = [r for r in measured if r.get("runs")]
    verdicts = [r for r in measured if "verdict" in r]
    audited = [r for r in measured if r.get("auditLayers") == r.get("upsampling")]
    errors = [r["maxError"] for r in ran if r.get("maxError") is not None]
    searches = sorted(r["verdictSeconds"] for r in verdicts)
    print()
    print(f"Summary: {len(ran)} of {len(measured)} exports run ({len(rows) - len(measured)} did not export); "
          f"{len(verdicts)} with a probe verdict ({sum(r['confidence'] >= 1 for r in verdicts)} with confidence 1); "
          f"{len(audited)} audited with every upsampling node listed; max error {max(errors) if errors else float('nan'):.1e}; "
          f"within 1e-4: {sum(e <= 1e-4 for e in errors)} of {len(errors)}; verdict run (no options) "
          f"median {searches[len(searches) // 2] if searches else float('nan'):.2f} s, "
          f"max {searches[-1] if searches else float('nan'):.2f} s.")


if __name__ == "__main__":
    main()
