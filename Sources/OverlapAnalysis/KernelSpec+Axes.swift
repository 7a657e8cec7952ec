import TransposedConv

extension KernelSpec {
  /// The kernel's taps (row-major) and shape for `dims` axes, 1 to 3.
  ///
  /// `KernelSpec.kernel(dims:)` builds separable kernels for one or two axes; in 3D the
  /// `bilinear` (trilinear) kernel is built here as the outer product of the three 1D triangles,
  /// multiplied in Float like the 2D one (`a·b·c` for taps `a`, `b`, `c` of the three axes).
  public func taps(dims: Int) throws(ConvTransposeError) -> (shape: [Int], values: [Float]) {
    guard dims == 3, kind == .bilinear else {
      let tensor = try kernel(dims: dims)
      return (tensor.shape, tensor.data)
    }
    let sizes = try size.resolved(dims: 3)
    var axes: [[Float]] = []
    for k in sizes {
      axes.append(try KernelSpec(kind: .bilinear, size: PerAxis([k]), seed: seed).kernel(dims: 1).data)
    }
    let (plane, planeOverflow) = sizes[1].multipliedReportingOverflow(by: sizes[2])
    let (count, overflow) = sizes[0].multipliedReportingOverflow(by: plane)
    guard !planeOverflow, !overflow, count <= Self.maximumTaps else {
      throw .invalidArgument(
        "kernel spec '\(self)' has too many taps (at most \(Self.maximumTaps)); use a smaller size")
    }
    let values = axes[0].flatMap { a in axes[1].flatMap { b in axes[2].map { a * b * $0 } } }
    return (sizes, values)
  }
}
