/// ICNR initialisation (Aitken et al. 2017, "Checkerboard artifact free sub-pixel convolution").
public enum ICNR {
  /// The weight of a stride-1 convolution followed by `PixelShuffle.shuffle(factor: r)` that starts
  /// out as nearest-neighbour upsampling of the `subKernel` convolution, hence artifact-free.
  ///
  /// `subKernel` has PyTorch's Conv layout `(C_out, C_in, kH, kW)`; the result has shape
  /// `(C_out·r², C_in, kH, kW)` with `result[c·r² + s] = subKernel[c]` for every `s < r²`: one
  /// sub-kernel copied to the `r²` channels that pixel shuffle reads into the `r × r` block of
  /// output channel `c`. A 3D sub-kernel `(C_out, C_in, kD, kH, kW)` is copied to `r³` channels
  /// the same way, for the 3D `PixelShuffle.shuffle`.
  ///
  /// Complexity: O(result elements).
  public static func weight(subKernel: Tensor, factor r: Int) throws(ConvTransposeError) -> Tensor {
    guard subKernel.rank == 4 || subKernel.rank == 5 else {
      throw .rankMismatch(
        expected: "a sub-kernel of shape (C_out, C_in, kH, kW) or (C_out, C_in, kD, kH, kW)",
        actual: subKernel.shape)
    }
    guard r >= 1, r <= 1 << 10 else { throw .invalidArgument("ICNR factor must be 1 to 1024, got \(r)") }
    let copies = subKernel.rank == 4 ? r * r : r * r * r
    let block = subKernel.count / max(1, subKernel.shape[0])
    var data: [Float] = []
    data.reserveCapacity(subKernel.count * copies)
    for c in 0..<subKernel.shape[0] {
      let kernel = subKernel.data[(c * block)..<((c + 1) * block)]
      for _ in 0..<copies { data.append(contentsOf: kernel) }
    }
    var shape = subKernel.shape
    shape[0] *= copies
    return Tensor(shape: shape, data: data)
  }
}
