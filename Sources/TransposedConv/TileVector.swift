#if CHECKERSCOPE_AVX2
  /// The register-tile vector of the blocked path: 16 positions, two AVX registers.
  ///
  /// Selected by building with `-Xswiftc -target-cpu -Xswiftc haswell -Xswiftc -DCHECKERSCOPE_AVX2`
  /// (or a later CPU): four channels of it fill eight of the sixteen AVX registers, and
  /// `RowKernel.mac` uses fused multiply-adds.
  typealias TileVector = SIMD16<Float>
  /// One packed weight: a scalar, broadcast by the load (`vbroadcastss`).
  typealias WeightSlot = Float
#else
  /// The register-tile vector of the blocked path: 8 positions, two SSE registers on baseline
  /// x86-64; four channels of it fill eight of the sixteen vector registers.
  typealias TileVector = SIMD8<Float>
  /// One packed weight, broadcast to four lanes ahead of time (SSE has no broadcast load).
  typealias WeightSlot = SIMD4<Float>
#endif

extension RowKernel {
  /// `acc += x·w`, lane by lane: a fused multiply-add (one rounding) in `CHECKERSCOPE_AVX2`
  /// builds, a multiply then an add (two roundings) otherwise. Either way each lane's additions
  /// happen in a fixed order, so results never depend on the number of threads.
  @inline(__always)
  static func mac(_ acc: inout TileVector, _ x: TileVector, _ w: TileVector) {
    #if CHECKERSCOPE_AVX2
      acc.addProduct(x, w)
    #else
      acc += x * w
    #endif
  }

  /// A weight as stored in the packed panel.
  @inline(__always)
  static func slot(_ value: Float) -> WeightSlot {
    #if CHECKERSCOPE_AVX2
      value
    #else
      WeightSlot(repeating: value)
    #endif
  }

  /// A packed weight in every lane of a tile vector.
  @inline(__always)
  static func splat(_ slot: WeightSlot) -> TileVector {
    #if CHECKERSCOPE_AVX2
      TileVector(repeating: slot)
    #else
      TileVector(lowHalf: slot, highHalf: slot)
    #endif
  }
}
