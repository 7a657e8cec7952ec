#!/usr/bin/env python3
"""Side-by-side timing of checkerscope, ONNX Runtime and PyTorch on real architectures (not committed).

    python3 Scripts/bench_models.py export            # writes /tmp/checkerscope-models/*.onnx (seeded)
    python3 Scripts/bench_models.py run [--rounds 3] [--runs 3] [--threads 2] [--models a,b] [--tool PATH]
    python3 Scripts/bench_models.py memory [--rounds 3] [--threads 2] [--models a,b] [--tool PATH]

`export` builds each network in PyTorch with seeded weights and exports it with a fixed input size
(opset 17). `run` interleaves, per model and round: the whole `checkerscope probe MODEL --input noise`
(process wall time: load, forward pass, trace, measure; "refused" when the probe refuses the input
size), our interpreter's forward pass (`checkerscope-bench model-NAME-forward`, median of `--runs`),
ONNX Runtime session creation + one run ("load+run") and its forward pass alone (median of `--runs`),
the same load+run in a fresh Python process ("fresh": timed inside the process after `import
onnxruntime`, so neither Python's start nor the import counts, but the session's memory is new to the
process, as the probe's is; the in-process figure reuses the memory of the rounds before), PyTorch's forward pass (median of `--runs`), each with `--threads` intra-op threads (checkerscope
uses both cores).
Prints a Markdown table of medians over rounds plus the load average before and after, since
the machine may be shared: compare ratios, not absolute times. `memory` compares peak resident set
sizes (`/usr/bin/time -v`): the whole `checkerscope probe` process against a Python process that
creates an ONNX Runtime session and runs it once (and one that only creates it).

    pip install torch onnx onnxruntime monai diffusers segmentation-models-pytorch numpy
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

OUT = "/tmp/checkerscope-models"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cyclegan():
    sys.path.insert(0, os.path.join(ROOT, "Scripts"))
    from bench_onnxruntime import generator
    return generator(), (1, 3, 256, 256)


def smp_unet():
    import segmentation_models_pytorch as smp
    return smp.Unet("resnet18", encoder_weights=None, classes=1), (1, 3, 256, 256)


def dynunet64():
    from monai.networks.nets import DynUNet
    net = DynUNet(spatial_dims=3, in_channels=1, out_channels=2, kernel_size=[3, 3, 3, 3, 3],
                  strides=[1, 2, 2, 2, 2], upsample_kernel_size=[2, 2, 2, 2], norm_name="instance")
    return net, (1, 1, 64, 64, 64)


def basicunet32():
    from monai.networks.nets import BasicUNet
    return BasicUNet(spatial_dims=3, in_channels=1, out_channels=2), (1, 1, 32, 32, 32)


def unet3d32():
    from monai.networks.nets import UNet
    net = UNet(spatial_dims=3, in_channels=1, out_channels=2, channels=(16, 32, 64, 128), strides=(2, 2, 2),
               num_res_units=2)
    return net, (1, 1, 32, 32, 32)


def vae_decoder():
    import torch
    from diffusers import AutoencoderKL
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4,
                        block_out_channels=(64, 128, 256), layers_per_block=1,
                        down_block_types=("DownEncoderBlock2D",) * 3, up_block_types=("UpDecoderBlock2D",) * 3)

    class Decoder(torch.nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, z):
            return self.vae.decode(z).sample

    return Decoder(vae), (1, 4, 32, 32)


# The networks issue 24's "done when" names; the others are extra 3D sizes.
ISSUE_24_MODELS = ("cyclegan256", "smp_unet256", "dynunet3d64", "vae_decoder32")
MODELS = {"cyclegan256": cyclegan, "smp_unet256": smp_unet, "dynunet3d64": dynunet64,
          "basicunet3d32": basicunet32, "unet3d32": unet3d32, "vae_decoder32": vae_decoder}


def export(names):
    import torch
    os.makedirs(OUT, exist_ok=True)
    for name in names:
        torch.manual_seed(0)
        model, shape = MODELS[name]()
        model.eval()
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, torch.zeros(shape), path, input_names=["input"], output_names=["output"],
                          opset_version=17, dynamo=False)
        print(f"{name}: {shape} -> {path}")


def median_ms(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def ort_times(path, shape, threads, runs):
    import onnxruntime as ort
    x = np.random.default_rng(1).random(shape, dtype=np.float32)
    start = time.perf_counter()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    session.run(None, {name: x})
    load_run = (time.perf_counter() - start) * 1000
    forward = median_ms(lambda: session.run(None, {name: x}), runs)
    return load_run, forward


ORT_FRESH = """
import sys, time, numpy as np, onnxruntime as ort
path, threads = sys.argv[1], int(sys.argv[2])
shape = [int(v) for v in sys.argv[3].split("x")]
x = np.random.default_rng(1).random(shape, dtype=np.float32)
start = time.perf_counter()
options = ort.SessionOptions()
options.intra_op_num_threads = threads
options.inter_op_num_threads = 1
session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
session.run(None, {session.get_inputs()[0].name: x})
print((time.perf_counter() - start) * 1000)
"""


def ort_fresh(path, shape, threads):
    """ONNX Runtime load+run timed inside a new Python process (after its imports)."""
    result = subprocess.run([sys.executable, "-c", ORT_FRESH, path, str(threads), "x".join(map(str, shape))],
                            capture_output=True, text=True, check=True)
    return float(result.stdout)


def torch_forward(name, shape, threads, runs):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = MODELS[name]()[0].eval()  # the same seeded weights as the exported file
    x = torch.rand(shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        return median_ms(lambda: model(x), runs)


def ours_probe(tool, path):
    """Wall time of the whole `checkerscope probe` process, or None when the probe refuses the model."""
    start = time.perf_counter()
    result = subprocess.run([tool, "probe", path, "--input", "noise", "--quiet", "-o", os.path.join(OUT, "probe.json")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        return None
    return (time.perf_counter() - start) * 1000


def ours_forward(bench, path, runs):
    """Median forward pass of the interpreter (`checkerscope-bench model-NAME-forward`)."""
    import json
    name = os.path.splitext(os.path.basename(path))[0]
    env = dict(os.environ, CHECKERSCOPE_BENCH_MODELS=path)
    result = subprocess.run([bench, "--json", "--runs", str(runs), f"model-{name}-forward"], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:  # e.g. an operator the interpreter does not run
        print(result.stderr.strip(), flush=True)
        return None
    return json.loads(result.stdout)[0]["medianMs"]


def load():
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def run(args):
    import onnx
    names = args.models.split(",") if args.models else list(MODELS)
    tool = args.tool or os.path.join(ROOT, ".build/release/checkerscope")
    bench = os.path.join(os.path.dirname(tool), "checkerscope-bench")
    print(f"load average before: {load()}", flush=True)
    rows = []
    med = statistics.median
    for name in names:
        path = os.path.join(OUT, name + ".onnx")
        dims = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim
        shape = tuple(d.dim_value for d in dims)
        probe, forward, ort_lr, ort_fw, torch_fw, fresh = [], [], [], [], [], []
        for _ in range(args.rounds):  # interleaved: ours, ONNX Runtime, PyTorch, ours, ...
            p = ours_probe(tool, path)
            if p is not None:
                probe.append(p)
            f = ours_forward(bench, path, args.runs)
            if f is not None:
                forward.append(f)
            lr, fw = ort_times(path, shape, args.threads, args.runs)
            ort_lr.append(lr)
            ort_fw.append(fw)
            fresh.append(ort_fresh(path, shape, args.threads))
            torch_fw.append(torch_forward(name, shape, args.threads, args.runs))
        rows.append((name, shape, med(probe) if probe else None, med(ort_lr), med(forward) if forward else None,
                     med(ort_fw), med(torch_fw), med(fresh)))
        print(f"{name}: probe {probe} forward {forward} ort load+run {ort_lr} fresh {fresh} ort forward {ort_fw} "
              f"torch forward {torch_fw} (load {load()})", flush=True)
    print(f"load average after: {load()}\n")
    print("| model | input | whole probe | ORT load+run | ratio | ORT fresh | ratio | our forward | ORT forward "
          "| ratio | PyTorch forward | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, shape, p, lr, f, fw, tf, fr in rows:
        probe_cells = (f"{p:.0f} ms | {lr:.0f} ms | {p / lr:.2f}x | {fr:.0f} ms | {p / fr:.2f}x" if p
                       else f"refused | {lr:.0f} ms | - | {fr:.0f} ms | -")
        forward_cells = f"{f:.0f} ms | {fw:.0f} ms | {f / fw:.2f}x" if f else f"unsupported | {fw:.0f} ms | -"
        torch_cells = f"{tf:.0f} ms | {f / tf:.2f}x" if f else f"{tf:.0f} ms | -"
        print(f"| {name} | {'x'.join(map(str, shape))} | {probe_cells} | {forward_cells} | {torch_cells} |")
    def geomean(values):
        return float(np.exp(np.mean(np.log(values)))) if values else float("nan")
    print(f"\ngeometric mean of the forward ratios to ONNX Runtime: "
          f"{geomean([f / fw for _, _, _, _, f, fw, _, _ in rows if f]):.2f}x")
    print(f"geometric mean of the whole-probe ratios to ONNX Runtime load+run: "
          f"{geomean([p / lr for _, _, p, lr, _, _, _, _ in rows if p]):.2f}x in process, "
          f"{geomean([p / fr for _, _, p, _, _, _, _, fr in rows if p]):.2f}x fresh")
    named = [row for row in rows if row[0] in ISSUE_24_MODELS and row[2]]
    if named:
        print(f"the same over issue 24's four networks ({', '.join(r[0] for r in named)}): "
              f"{geomean([p / lr for _, _, p, lr, _, _, _, _ in named]):.2f}x in process, "
              f"{geomean([p / fr for _, _, p, _, _, _, _, fr in named]):.2f}x fresh")


ORT_RUN = """
import sys, numpy as np, onnxruntime as ort
path, threads = sys.argv[1], int(sys.argv[2])
options = ort.SessionOptions()
options.intra_op_num_threads = threads
options.inter_op_num_threads = 1
session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
shape = [d if isinstance(d, int) else 1 for d in session.get_inputs()[0].shape]
if len(sys.argv) > 3:
    x = np.random.default_rng(1).random(shape, dtype=np.float32)
    session.run(None, {session.get_inputs()[0].name: x})
"""


def peak_rss_mb(command):
    """Peak resident set size of `command` in MB (`/usr/bin/time -v`), or None when it fails."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        return None
    for line in result.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024
    return None


def memory(args):
    """Peak RSS of the whole `checkerscope probe` against ONNX Runtime load+run, per model (medians of
    `--rounds`), with each side's bare cost: our process on a refused file, and Python with numpy and
    onnxruntime imported and the session created but not run."""
    names = args.models.split(",") if args.models else list(MODELS)
    tool = args.tool or os.path.join(ROOT, ".build/release/checkerscope")
    med = statistics.median
    print(f"load average before: {load()}", flush=True)
    print("| model | file MB | probe peak RSS | ORT load+run peak RSS | ratio | ORT load only |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        path = os.path.join(OUT, name + ".onnx")
        ours, ort_run, ort_load = [], [], []
        for _ in range(args.rounds):
            ours.append(peak_rss_mb([tool, "probe", path, "--input", "noise", "--quiet", "-o",
                                     os.path.join(OUT, "probe.json")]))
            ort_run.append(peak_rss_mb([sys.executable, "-c", ORT_RUN, path, str(args.threads), "run"]))
            ort_load.append(peak_rss_mb([sys.executable, "-c", ORT_RUN, path, str(args.threads)]))
        size = os.path.getsize(path) / 1e6
        o = med(ours) if None not in ours else None
        r = med(ort_run)
        cells = f"{o:.0f} MB | {r:.0f} MB | {o / r:.2f}x" if o else f"refused | {r:.0f} MB | -"
        print(f"| {name} | {size:.1f} | {cells} | {med(ort_load):.0f} MB |", flush=True)
    print(f"load average after: {load()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["export", "run", "memory"])
    parser.add_argument("--models", default="")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tool", default="", help="the checkerscope binary (default .build/release/checkerscope)")
    args = parser.parse_args()
    if args.command == "export":
        export(args.models.split(",") if args.models else list(MODELS))
    elif args.command == "memory":
        memory(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
