"""Writes the .npy fixtures in this folder with NumPy (run: python3 make_fixtures.py).

Every file holds small, hand-chosen values that the Swift tests restate independently.
"""
import numpy as np
from numpy.lib import format as npf

ints = [0, 1, -2, 100, -100, 7]
uints = [0, 1, 2, 100, 200, 7]


def save(name, array, version=None):
    if version is None:
        np.save(name, array)
    else:
        with open(name, "wb") as f:
            npf.write_array(f, array, version=version)


# Every dtype, little-endian, shape (2, 3).
save("bool.npy", np.array([True, False, True, True, False, False]).reshape(2, 3))
save("i1.npy", np.array(ints, dtype="<i1").reshape(2, 3))
save("u1.npy", np.array(uints, dtype="|u1").reshape(2, 3))
for code in ["i2", "i4"]:
    save(f"{code}.npy", np.array(ints, dtype="<" + code).reshape(2, 3))
    save(f"{code}_be.npy", np.array(ints, dtype=">" + code).reshape(2, 3))
for code in ["u2", "u4"]:
    save(f"{code}.npy", np.array(uints, dtype="<" + code).reshape(2, 3))
    save(f"{code}_be.npy", np.array(uints, dtype=">" + code).reshape(2, 3))
floats = [0.5, -1.25, 3.0, 1024.0, -0.0, 0.1]
for code in ["f4", "f8"]:
    save(f"{code}.npy", np.array(floats, dtype="<" + code).reshape(2, 3))
    save(f"{code}_be.npy", np.array(floats, dtype=">" + code).reshape(2, 3))
# Half floats: zero, negative zero, one, -2, the largest half, the smallest subnormal (2^-24),
# infinities and NaN, and 0.1 (rounded to half: 0.0999755859375).
halves = [0.0, -0.0, 1.0, -2.0, 65504.0, 2.0**-24, np.inf, -np.inf, np.nan, 0.1]
save("f2.npy", np.array(halves, dtype="<f2"))
save("f2_be.npy", np.array(halves, dtype=">f2"))
# Format versions 2.0 and 3.0 (3.0 allows a UTF-8 header; the content is the same).
save("v2.npy", np.arange(6, dtype="<f4").reshape(3, 2), version=(2, 0))
save("v3.npy", np.arange(6, dtype="<f4").reshape(3, 2), version=(3, 0))
# Fortran order, which NPYIO refuses for more than one axis.
save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
# Files numpy.save writes, which NPYIO's encoder must reproduce byte for byte.
save("write_f4.npy", np.array([[1.5, -2.0, 0.0], [3.25, 1e-3, -7.0]], dtype="<f4"))
save("write_u1.npy", np.arange(24, dtype="|u1").reshape(2, 3, 4))
save("write_u2.npy", np.array([0, 1, 256, 65535, 4660], dtype="<u2"))
save("write_scalar.npy", np.array(2.5, dtype="<f4"))
save("write_empty.npy", np.zeros((0, 3), dtype="|u1"))
