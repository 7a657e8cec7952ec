#!/usr/bin/env python3
"""Export small instances of real architectures (the model zoo of issue 21) with ONNX Runtime's outputs.

Run from the repository root (needs torch, onnx, onnxruntime, onnxscript, monai,
segmentation-models-pytorch, diffusers, torchvision; no network: every model is built from its
library's constructor with seeded random weights, nothing is downloaded):

    python3 Scripts/make_zoo.py                 # the full zoo into zoo/ (git-ignored)
    python3 Scripts/make_zoo.py --fixtures      # the reduced subset into Fixtures/models/zoo/
    python3 Scripts/make_zoo.py --seed 7 --only dcgan,monai_unet3d --out /tmp/zoo2
    python3 Scripts/make_zoo.py --seed 11 --scale 1.5 --out /tmp/zoo3   # other weights, other sizes

`--scale F` multiplies every spatial extent of the export size by F (rounded; an extent of 1, DCGAN's
latent, stays 1), and the architectures whose size is part of the model (UNETR's patch grid, the
VarAutoEncoder's Linear) are built for the scaled size. 1.5 keeps every size divisible by what the
encoders need (64 -> 96, 32 -> 48, 16 -> 24, 14 -> 21).

Each architecture is exported twice, with the legacy TorchScript exporter (`dynamo=False`, suffix
`_legacy`; spatial axes symbolic — `dynamic_axes` — unless the architecture fixes its size, so the probe
chooses the size and the audit folds the shape subgraphs this exporter writes) and with the default
dynamo exporter (suffix `_dynamo`; every dimension fixed, so the probe measures at the export size). Per export it writes `<name>.onnx`
(weights inline), the seeded uniform [0, 1) input `<name>.noise.in.npy` and ONNX Runtime's output on it
`<name>.noise.out.npy`, and one MANIFEST.json entry: library, architecture, exporter, opset, input shape,
whether the spatial axes were exported symbolic, the median ONNX Runtime forward time (2 threads, 5 runs;
a noisy shared machine) and, when an export failed, the exception's first line. The fixture subset keeps
models whose .onnx is small (the whole subset stays under 20 MB).
"""
import argparse
import json
import os
import statistics
import sys
import time
import traceback
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn

warnings.filterwarnings("ignore")


# ---- architectures defined here (textbook shapes, small widths) ------------------------------------


class DCGANGenerator(nn.Module):
    """Radford et al.'s generator: latent (nz, 1, 1) -> 64x64 RGB, ConvTranspose k4 s2 p1."""

    def __init__(self, nz=16, ngf=8):
        super().__init__()
        layers = [nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(True)]
        for a, b in [(8, 4), (4, 2), (2, 1)]:
            layers += [nn.ConvTranspose2d(ngf * a, ngf * b, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * b), nn.ReLU(True)]
        layers += [nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, z):
        return self.main(z)


class ResnetBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.block = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c))

    def forward(self, x):
        return x + self.block(x)


class CycleGANGenerator(nn.Module):
    """Zhu et al.'s ResNet generator (reflection padding, instance norm, ConvTranspose k3 s2 p1 op1)."""

    def __init__(self, ngf=8, blocks=3):
        super().__init__()
        m = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
        for i in range(2):
            c = ngf * 2 ** i
            m += [nn.Conv2d(c, 2 * c, 3, 2, 1), nn.InstanceNorm2d(2 * c), nn.ReLU(True)]
        m += [ResnetBlock(ngf * 4) for _ in range(blocks)]
        for i in range(2):
            c = ngf * 4 // 2 ** i
            m += [nn.ConvTranspose2d(c, c // 2, 3, 2, 1, output_padding=1), nn.InstanceNorm2d(c // 2), nn.ReLU(True)]
        m += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
        self.model = nn.Sequential(*m)

    def forward(self, x):
        return self.model(x)


class Pix2PixUNet(nn.Module):
    """Isola et al.'s U-Net generator: Conv k4 s2 p1 down, ConvTranspose k4 s2 p1 up, skips by Concat."""

    def __init__(self, ngf=8, depth=5):
        super().__init__()
        chans = [3] + [ngf * min(2 ** i, 8) for i in range(depth)]
        self.down = nn.ModuleList(
            nn.Sequential(nn.LeakyReLU(0.2) if i else nn.Identity(), nn.Conv2d(chans[i], chans[i + 1], 4, 2, 1),
                          nn.BatchNorm2d(chans[i + 1]) if 0 < i < depth - 1 else nn.Identity())
            for i in range(depth))
        self.up = nn.ModuleList()
        for i in reversed(range(depth)):
            cin = chans[i + 1] * (1 if i == depth - 1 else 2)
            cout = chans[i] if i else 3
            self.up.append(nn.Sequential(nn.ReLU(), nn.ConvTranspose2d(cin, cout, 4, 2, 1),
                                         nn.BatchNorm2d(cout) if i else nn.Tanh()))

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
        skips.pop()
        for i, u in enumerate(self.up):
            if i:
                x = torch.cat([x, skips.pop()], 1)
            x = u(x)
        return x


class SRResNet(nn.Module):
    """Ledig et al.'s SRResNet: residual blocks, then x2 PixelShuffle (sub-pixel convolution) twice."""

    def __init__(self, c=16, blocks=2):
        super().__init__()
        self.head = nn.Sequential(nn.Conv2d(3, c, 9, padding=4), nn.PReLU())
        self.body = nn.Sequential(*[nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.BatchNorm2d(c), nn.PReLU(),
                                                  nn.Conv2d(c, c, 3, padding=1), nn.BatchNorm2d(c))
                                    for _ in range(blocks)])
        self.up = nn.Sequential(*[nn.Sequential(nn.Conv2d(c, 4 * c, 3, padding=1), nn.PixelShuffle(2), nn.PReLU())
                                  for _ in range(2)])
        self.tail = nn.Conv2d(c, 3, 9, padding=4)

    def forward(self, x):
        h = self.head(x)
        y = h
        for b in self.body:
            y = y + b(y)
        return self.tail(self.up(h + y))


class ESPCN(nn.Module):
    """Shi et al.'s efficient sub-pixel network (x3)."""

    def __init__(self, r=3):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.Tanh(), nn.Conv2d(32, 16, 3, padding=1), nn.Tanh(),
                                 nn.Conv2d(16, r * r, 3, padding=1), nn.PixelShuffle(r))

    def forward(self, x):
        return self.net(x)


class HiFiGANGenerator(nn.Module):
    """A HiFi-GAN/MelGAN-style 1D generator: mel (80, T) -> waveform (1, 64 T) by ConvTranspose1d k16 s8,
    k8 s4, k4 s2 with dilated residual Conv1d blocks (leaky ReLU)."""

    def __init__(self, mels=20, c=32):
        super().__init__()
        self.pre = nn.Conv1d(mels, c, 7, padding=3)
        ups, res = [], []
        for k, s in [(16, 8), (8, 4), (4, 2)]:
            ups.append(nn.ConvTranspose1d(c, c // 2, k, s, padding=(k - s) // 2))
            c //= 2
            res.append(nn.ModuleList(nn.Conv1d(c, c, 3, dilation=d, padding=d) for d in (1, 3, 5)))
        self.ups = nn.ModuleList(ups)
        self.res = nn.ModuleList(res)
        self.post = nn.Conv1d(c, 1, 7, padding=3)

    def forward(self, x):
        x = self.pre(x)
        for up, blocks in zip(self.ups, self.res):
            x = up(nn.functional.leaky_relu(x, 0.1))
            for conv in blocks:
                x = x + conv(nn.functional.leaky_relu(x, 0.1))
        return torch.tanh(self.post(nn.functional.leaky_relu(x, 0.1)))


class Decoder(nn.Module):
    """A diffusers autoencoder's decoder alone: latent -> image."""

    def __init__(self, vae, quantize=False):
        super().__init__()
        self.vae = vae
        self.quantize = quantize

    def forward(self, z):
        if self.quantize:
            return self.vae.decode(z, force_not_quantize=True).sample
        return self.vae.decode(z).sample


class Denoiser(nn.Module):
    """diffusers UNet2DModel at a fixed timestep (the probe feeds one input)."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, x):
        return self.unet(x, torch.tensor([10])).sample


class OutOnly(nn.Module):
    """The first output of a model that returns a dict, tuple or list."""

    def __init__(self, net, key=None):
        super().__init__()
        self.net = net
        self.key = key

    def forward(self, x):
        y = self.net(x)
        if isinstance(y, dict):
            return y[self.key]
        if isinstance(y, (tuple, list)):
            return y[0]
        return y


class MaskHead(nn.Module):
    """torchvision's Mask R-CNN mask head and predictor (ConvTranspose k2 s2) on pooled 14x14 features."""

    def __init__(self, c=16, classes=3):
        super().__init__()
        from torchvision.models.detection.mask_rcnn import MaskRCNNHeads, MaskRCNNPredictor
        self.heads = MaskRCNNHeads(c, [c, c, c, c], 1)
        self.predictor = MaskRCNNPredictor(c, c, classes)

    def forward(self, x):
        return self.predictor(self.heads(x))


# ---- the zoo -----------------------------------------------------------------------------------------


def zoo(scale=1.0):
    """(name, library, description, constructor, input shape) for every architecture; spatial extents
    multiplied by `scale` (an extent of 1 stays 1)."""
    import monai.networks.nets as mn
    import segmentation_models_pytorch as smp
    import diffusers
    import torchvision

    def smp_model(cls, **kw):
        return lambda: cls(encoder_name="resnet18", encoder_weights=None, encoder_depth=3, in_channels=3, classes=2, **kw)

    def vae_kl():
        vae = diffusers.AutoencoderKL(in_channels=3, out_channels=3, block_out_channels=(8, 16),
                                      down_block_types=("DownEncoderBlock2D",) * 2,
                                      up_block_types=("UpDecoderBlock2D",) * 2, layers_per_block=1,
                                      latent_channels=4, norm_num_groups=4, sample_size=32)
        return Decoder(vae)

    def vq():
        vae = diffusers.VQModel(in_channels=3, out_channels=3, block_out_channels=(8, 16),
                                down_block_types=("DownEncoderBlock2D",) * 2,
                                up_block_types=("UpDecoderBlock2D",) * 2, layers_per_block=1,
                                latent_channels=4, norm_num_groups=4, num_vq_embeddings=16, sample_size=32)
        return Decoder(vae, quantize=True)

    def unet2d():
        return Denoiser(diffusers.UNet2DModel(
            sample_size=32, in_channels=3, out_channels=3, layers_per_block=1, block_out_channels=(8, 16),
            down_block_types=("DownBlock2D", "AttnDownBlock2D"), up_block_types=("AttnUpBlock2D", "UpBlock2D"),
            norm_num_groups=4, attention_head_dim=8))

    def size(n):
        return n if n == 1 else int(round(n * scale))

    def shaped(shape):
        return tuple(shape[:2]) + tuple(size(n) for n in shape[2:])

    entries = [
        ("monai_unet3d", "MONAI", "UNet 3D (strided conv down, ConvTranspose up)",
         lambda: mn.UNet(3, 1, 2, channels=(4, 8, 16), strides=(2, 2), num_res_units=1), (1, 1, 32, 32, 32)),
        ("monai_basicunet3d", "MONAI", "BasicUNet 3D (max-pool down, ConvTranspose k2 s2 up)",
         lambda: mn.BasicUNet(3, 1, 2, features=(4, 4, 8, 8, 16, 4)), (1, 1, 32, 32, 32)),
        ("monai_dynunet", "MONAI", "DynUNet 2D (nnU-Net style, ConvTranspose k2 s2)",
         lambda: mn.DynUNet(2, 1, 2, kernel_size=[3, 3, 3], strides=[1, 2, 2], upsample_kernel_size=[2, 2],
                            filters=[8, 16, 32]), (1, 1, 64, 64)),
        ("monai_segresnet3d", "MONAI", "SegResNet 3D (trilinear upsample + 1x1 conv)",
         lambda: mn.SegResNet(3, init_filters=8, in_channels=1, out_channels=2, blocks_down=(1, 1, 1),
                              blocks_up=(1, 1)), (1, 1, 32, 32, 32)),
        ("monai_unetr3d", "MONAI", "UNETR 3D (ViT encoder, ConvTranspose decoder)",
         lambda: mn.UNETR(1, 2, img_size=size(32), feature_size=4, hidden_size=32, mlp_dim=64, num_heads=4),
         (1, 1, 32, 32, 32)),
        ("monai_swinunetr2d", "MONAI", "SwinUNETR 2D (shifted-window attention, ConvTranspose decoder)",
         lambda: mn.SwinUNETR(1, 2, feature_size=12, depths=(1, 1, 1, 1), num_heads=(1, 1, 1, 1), window_size=4,
                              spatial_dims=2), (1, 1, 64, 64)),
        ("monai_varautoencoder", "MONAI", "VarAutoEncoder 2D (Linear bottleneck, ConvTranspose decoder)",
         lambda: OutOnly(mn.VarAutoEncoder(2, (1, size(32), size(32)), 1, 8, channels=(4, 8), strides=(2, 2),
                                           use_mean_at_inference=True)), (1, 1, 32, 32)),
        ("smp_unet", "segmentation_models_pytorch", "Unet (resnet18, depth 3, nearest x2 + conv)",
         smp_model(smp.Unet, decoder_channels=(16, 8, 8)), (1, 3, 64, 64)),
        ("smp_linknet", "segmentation_models_pytorch", "Linknet (resnet18, depth 3, ConvTranspose k4 s2)",
         smp_model(smp.Linknet), (1, 3, 64, 64)),
        ("smp_fpn", "segmentation_models_pytorch", "FPN (resnet18, depth 3, bilinear x4)",
         lambda: smp.FPN(encoder_name="resnet18", encoder_weights=None, encoder_depth=3, classes=2,
                         decoder_pyramid_channels=32, decoder_segmentation_channels=32), (1, 3, 64, 64)),
        ("smp_deeplabv3plus", "segmentation_models_pytorch", "DeepLabV3+ (resnet18, ASPP, bilinear x4)",
         lambda: smp.DeepLabV3Plus(encoder_name="resnet18", encoder_weights=None, encoder_depth=4, classes=2,
                                   decoder_channels=16), (1, 3, 64, 64)),
        ("smp_manet", "segmentation_models_pytorch", "MAnet (resnet18, depth 3, attention blocks)",
         smp_model(smp.MAnet, decoder_channels=(16, 8, 8)), (1, 3, 64, 64)),
        ("diffusers_autoencoderkl_decoder", "diffusers", "AutoencoderKL decoder (mid-block attention)",
         vae_kl, (1, 4, 16, 16)),
        ("diffusers_vqmodel_decoder", "diffusers", "VQModel decoder (mid-block attention)", vq, (1, 4, 16, 16)),
        ("diffusers_unet2d", "diffusers", "UNet2DModel (attention down/up blocks, t = 10)", unet2d, (1, 3, 32, 32)),
        ("torchvision_lraspp", "torchvision", "LRASPP MobileNetV3-Large (bilinear upsampling)",
         lambda: OutOnly(torchvision.models.segmentation.lraspp_mobilenet_v3_large(
             weights=None, weights_backbone=None, num_classes=2), "out"), (1, 3, 64, 64)),
        ("torchvision_maskrcnn_maskhead", "torchvision", "Mask R-CNN mask head (ConvTranspose k2 s2)",
         MaskHead, (1, 16, 14, 14)),
        ("dcgan", "checkerscope", "DCGAN generator (latent 1x1 -> 64x64)", DCGANGenerator, (1, 16, 1, 1)),
        ("cyclegan", "checkerscope", "CycleGAN ResNet generator", CycleGANGenerator, (1, 3, 64, 64)),
        ("pix2pix", "checkerscope", "pix2pix U-Net generator", Pix2PixUNet, (1, 3, 64, 64)),
        ("srresnet", "checkerscope", "SRResNet (PixelShuffle x4)", SRResNet, (1, 3, 32, 32)),
        ("espcn", "checkerscope", "ESPCN (PixelShuffle x3)", ESPCN, (1, 1, 32, 32)),
        ("hifigan", "checkerscope", "HiFi-GAN/MelGAN-style 1D generator (ConvTranspose1d x8 x4 x2)",
         HiFiGANGenerator, (1, 20, 32)),
    ]
    return [(name, library, description, make, shaped(shape)) for name, library, description, make, shape in entries]


# The fixture subset: one export of each kept architecture (small files, ≤ 20 MB together).
FIXTURES = {
    "monai_unet3d_legacy", "monai_basicunet3d_dynamo", "monai_dynunet_legacy", "monai_segresnet3d_legacy",
    "monai_unetr3d_legacy", "monai_varautoencoder_legacy", "smp_unet_legacy", "smp_linknet_dynamo",
    "diffusers_autoencoderkl_decoder_legacy", "diffusers_unet2d_dynamo", "torchvision_maskrcnn_maskhead_legacy",
    "dcgan_legacy", "dcgan_dynamo", "cyclegan_legacy", "pix2pix_dynamo", "srresnet_legacy", "espcn_dynamo",
    "hifigan_legacy",
}


# Architectures whose size is part of the model (a Linear over the flattened map, a ViT's patch grid).
FIXED_SIZE = {"monai_unetr3d", "monai_varautoencoder", "monai_swinunetr2d"}


def export(net, shape, path, dynamo, dynamic=False):
    x = torch.zeros(shape)
    if dynamo:
        program = torch.onnx.export(net, (x,), dynamo=True, input_names=["input"], output_names=["output"],
                                    verbose=False)
        program.save(path, external_data=False)
    else:
        axes = {"input": {i: f"s{i - 2}" for i in range(2, len(shape))}} if dynamic else None
        torch.onnx.export(net, (x,), path, dynamo=False, opset_version=17, input_names=["input"],
                          output_names=["output"], do_constant_folding=True, dynamic_axes=axes)
    m = onnx.load(path)
    onnx.save(m, path, save_as_external_data=False)
    for leftover in [path + ".data"]:
        if os.path.exists(leftover):
            os.remove(leftover)
    return m


def ort_run(path, x):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: x}
    y = session.run(None, feed)[0]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        session.run(None, feed)
        times.append(time.perf_counter() - start)
    return np.asarray(y, np.float32), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None)
    parser.add_argument("--fixtures", action="store_true")
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--only", default="")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every spatial extent of the export size by this (1 stays 1)")
    args = parser.parse_args()
    out = args.out or ("Fixtures/models/zoo" if args.fixtures else "zoo")
    os.makedirs(out, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    manifest_path = os.path.join(out, "MANIFEST.json")
    manifest = {}
    if only and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f).get("models", {})
    for name, library, description, make, shape in zoo(args.scale):
        if only and name not in only:
            continue
        for dynamo in (False, True):
            full = f"{name}_{'dynamo' if dynamo else 'legacy'}"
            if args.fixtures and full not in FIXTURES:
                continue
            torch.manual_seed(args.seed)
            np.random.seed(args.seed % 2**32)
            dynamic = False
            entry = {"library": library, "architecture": description, "exporter": "dynamo" if dynamo else "legacy",
                     "torch": torch.__version__, "inputShape": list(shape), "seed": args.seed,
                     "scale": args.scale}
            path = os.path.join(out, full + ".onnx")
            print(f"{full} ...", flush=True)
            try:
                net = make().eval()
                with torch.no_grad():
                    dynamic = not dynamo and name not in FIXED_SIZE
                    m = export(net, shape, path, dynamo, dynamic)
                    entry["symbolicSpatialAxes"] = dynamic
                    x = np.random.default_rng(args.seed).random(shape, dtype=np.float32)
                    reference = net(torch.from_numpy(x)).detach().numpy()
                entry["opset"] = next((o.version for o in m.opset_import if o.domain in ("", "ai.onnx")), None)
                entry["operators"] = sorted({n.op_type for n in m.graph.node})
                entry["upsamplingNodes"] = {op: sum(n.op_type == op for n in m.graph.node)
                                            for op in ("ConvTranspose", "Resize", "Upsample", "DepthToSpace")
                                            if any(n.op_type == op for n in m.graph.node)}
                entry["bytes"] = os.path.getsize(path)
                y, seconds = ort_run(path, x)
                entry["ortSeconds"] = round(seconds, 6)
                entry["ortVsTorch"] = float(np.max(np.abs(y - reference)) / max(1.0, float(np.max(np.abs(y)))))
                entry["outputShape"] = list(y.shape)
                np.save(os.path.join(out, full + ".noise.in.npy"), x)
                np.save(os.path.join(out, full + ".noise.out.npy"), y)
            except Exception as error:  # an export or ONNX Runtime failure is recorded, not fatal
                line = (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
                entry["error"] = f"{type(error).__name__}: {line}"
                print(f"  failed: {entry['error']}", file=sys.stderr)
                if os.environ.get("ZOO_TRACEBACK"):
                    traceback.print_exc()
                for suffix in (".onnx", ".noise.in.npy", ".noise.out.npy"):
                    if os.path.exists(os.path.join(out, full + suffix)):
                        os.remove(os.path.join(out, full + suffix))
            manifest[full] = entry
    with open(manifest_path, "w") as f:
        json.dump({"generator": "Scripts/make_zoo.py", "onnx": onnx.__version__, "onnxruntime": ort.__version__,
                   "models": dict(sorted(manifest.items()))}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
