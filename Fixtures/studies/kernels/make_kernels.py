"""Writes the example kernels of Fixtures/studies (run from this folder: python3 make_kernels.py).

upsample-2x.npy: a PyTorch ConvTranspose2d weight of shape (C_in=2, C_out=1, 4, 4), float32.
Input channel 0 holds the bilinear 4x4 kernel (0.25, 0.75, 0.75, 0.25 per axis); input channel 1
a small checker perturbation (+0.05 on even/even taps, -0.05 elsewhere on the even rows), so the
summed kernel of output channel 0 is a bilinear kernel whose polyphase sums are no longer equal.
"""
import numpy as np

tri = np.array([0.25, 0.75, 0.75, 0.25], dtype=np.float32)
bilinear = np.outer(tri, tri)
perturb = np.zeros((4, 4), dtype=np.float32)
perturb[0::2, 0::2] = 0.05
perturb[0::2, 1::2] = -0.05
weight = np.stack([bilinear, perturb])[:, None, :, :].astype(np.float32)
np.save("upsample-2x.npy", weight)
