/// The register-tile vector of the blocked path in Swift: 8 positions, two SSE registers on
/// baseline x86-64; four channels of it fill eight of the sixteen vector registers. On CPUs with
/// AVX2 or AVX-512 the C kernels of `CKernels` run the tiles instead (`KernelSet.active`).
typealias TileVector = SIMD8<Float>
/// One packed weight, broadcast to four lanes ahead of time (SSE has no broadcast load).
typealias WeightSlot = SIMD4<Float>

extension RowKernel {
  /// `acc += x·w`, lane by lane: a multiply then an add (two roundings). Each lane's additions
  /// happen in a fixed order, so results never depend on the number of threads.
  @inline(__always)
  static func mac(_ acc: inout TileVector, _ x: TileVector, _ w: TileVector) {
    acc += x * w
  }

  /// A weight as stored in the packed panel.
  @inline(__always)
  static func slot(_ value: Float) -> WeightSlot {
    WeightSlot(repeating: value)
  }

  /// A packed weight in every lane of a tile vector.
  @inline(__always)
  static func splat(_ slot: WeightSlot) -> TileVector {
    TileVector(lowHalf: slot, highHalf: slot)
  }
}
