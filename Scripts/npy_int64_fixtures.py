"""Writes the 64-bit integer .npy fixtures in Fixtures/npy with NumPy.

Run from the repository root: python3 Scripts/npy_int64_fixtures.py

int64 is NumPy's default integer (and torch.long); the Swift tests restate these values
independently and check which of them Float32 and Float64 hold exactly.
"""
import os

import numpy as np

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "npy")
ints = [0, 1, -2, 100, -100, 7]
uints = [0, 1, 2, 100, 200, 7]

# The same small values as the other integer fixtures, shape (2, 3), both byte orders.
np.save(os.path.join(out, "i8.npy"), np.array(ints, dtype="<i8").reshape(2, 3))
np.save(os.path.join(out, "i8_be.npy"), np.array(ints, dtype=">i8").reshape(2, 3))
np.save(os.path.join(out, "u8.npy"), np.array(uints, dtype="<u8").reshape(2, 3))
np.save(os.path.join(out, "u8_be.npy"), np.array(uints, dtype=">u8").reshape(2, 3))
# Values at the edges of exactness: 2^53 and -2^53 (exact in both), 2^24 + 1 (not in float32),
# 2^62 and -2^63 (powers of two, exact in both), 2^53 + 1 (not in float64).
np.save(os.path.join(out, "i8_wide.npy"),
        np.array([2**53, -2**53, 2**24 + 1, 2**62, -2**63, 2**53 + 1], dtype="<i8"))
# 2^63 is exact in both; 2^64 - 1 is in neither.
np.save(os.path.join(out, "u8_wide.npy"), np.array([0, 2**63, 2**64 - 1], dtype="<u8"))
