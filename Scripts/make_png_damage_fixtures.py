"""Writes Fixtures/png-damage/: small PNGs with damaged chunks, made chunk by chunk with correct CRCs.

  empty_ancillary_chunks.png  the layout of libpng's contrib/testpngs/crashers/empty_ancillary_chunks.png
                              (a 1x1, 1-bit palette image; a zero-length bKGD, cHRM, eXIf, gAMA, hIST,
                              iCCP, iTXt, juNk, juNK, pCAL, pHYs, sCAL, sPLT, sRGB, sTER, tEXt, tIME and
                              zTXt before PLTE, between PLTE and IDAT, and after IDAT). libpng decodes it
                              with warnings: its one pixel is palette entry 0, (128, 0, 128).
  grey_with_bad_plte.png      a 2x2 8-bit grey image with a PLTE of 4 bytes (not a multiple of 3) and
                              a PLTE in a grey image: damage to a critical chunk, refused.
  palette_short_plte.png      a 1x1 palette image whose PLTE holds 4 bytes: refused.

Run: python3 Scripts/make_png_damage_fixtures.py  (writes into Fixtures/png-damage)
"""
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "png-damage")
SIGNATURE = b"\x89PNG\r\n\x1a\n"
ANCILLARY = [b"bKGD", b"cHRM", b"eXIf", b"gAMA", b"hIST", b"iCCP", b"iTXt", b"juNk", b"juNK", b"pCAL",
             b"pHYs", b"sCAL", b"sPLT", b"sRGB", b"sTER", b"tEXt", b"tIME", b"zTXt"]


def chunk(kind, data=b""):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def ihdr(width, height, depth, colour):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


os.makedirs(OUT, exist_ok=True)
empties = b"".join(chunk(kind) for kind in ANCILLARY)
# One row: filter byte 0, then one 1-bit index 0 (padded to a byte).
idat = chunk(b"IDAT", zlib.compress(b"\x00\x00", 9))
write("empty_ancillary_chunks.png",
      SIGNATURE + ihdr(1, 1, 1, 3) + empties + chunk(b"PLTE", b"\x80\x00\x80") + empties + idat + empties
      + chunk(b"IEND"))
grey = chunk(b"IDAT", zlib.compress(b"\x00\x07\x07" * 2, 9))
write("grey_with_bad_plte.png", SIGNATURE + ihdr(2, 2, 8, 0) + chunk(b"PLTE", b"\x01\x02\x03\x04") + grey
      + chunk(b"IEND"))
write("palette_short_plte.png",
      SIGNATURE + ihdr(1, 1, 1, 3) + chunk(b"PLTE", b"\x80\x00\x80\x00") + idat + chunk(b"IEND"))
