"""Writes the resource-limit reproductions of issue 11 into a folder (default /tmp/checkerscope-hostile),
for measuring `checkerscope` with /usr/bin/time -v. Nothing here is a test fixture.

  chunk-bomb-<type>.png  56 bytes: a chunk header claiming 0x7FFFFFF0 bytes of tEXt/zTXt/iTXt/sPLT
  ztxt-200x7MiB.png      about 1.4 MB: 200 zTXt chunks of 7 MiB of text each
  rgba16-16384.png       about 2 MB: a valid 16384 x 16384 RGBA 16-bit image (all zero)
  u1-1x100M.npy          100 MB: a (1, 100000000) uint8 array
"""
import os
import struct
import sys
import zlib

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/checkerscope-hostile"
os.makedirs(out, exist_ok=True)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def ihdr(width, height, depth, colour):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))


SIGNATURE = b"\x89PNG\r\n\x1a\n"
TINY_IDAT = chunk(b"IDAT", zlib.compress(b"\x00\x00"))
IEND = chunk(b"IEND", b"")

for kind in [b"tEXt", b"zTXt", b"iTXt", b"sPLT"]:
    data = SIGNATURE + ihdr(1, 1, 8, 0) + struct.pack(">I", 0x7FFFFFF0) + kind + b"k" + bytes(14)
    assert len(data) == 56
    open(os.path.join(out, f"chunk-bomb-{kind.decode()}.png"), "wb").write(data)

text = zlib.compress(b"A" * (7 << 20), 9)
chunks = b"".join(chunk(b"zTXt", b"k%d\x00\x00" % i + text) for i in range(200))
open(os.path.join(out, "ztxt-200x7MiB.png"), "wb").write(SIGNATURE + ihdr(1, 1, 8, 0) + chunks + TINY_IDAT + IEND)

side = 16384
row = b"\x00" + bytes(side * 8)
compressor = zlib.compressobj(9)
idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
open(os.path.join(out, "rgba16-16384.png"), "wb").write(SIGNATURE + ihdr(side, side, 16, 6) + chunk(b"IDAT", idat) + IEND)

np.save(os.path.join(out, "u1-1x100M.npy"), np.full((1, 100_000_000), 7, dtype=np.uint8))
