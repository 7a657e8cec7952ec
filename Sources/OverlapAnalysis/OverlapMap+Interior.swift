import TransposedConv

extension OverlapMap {
  /// Per axis, the interior positions of the finite map for `layers` and `inputSize`.
  ///
  /// Definition: an output position is interior when every source it draws on exists and is itself
  /// interior, so its value equals the infinite-input pattern there. For one layer this is the
  /// closed range `[d(k−1) − pb, (n−1)s − pb]` (FACTS.md: "where every tap's source exists"),
  /// clipped to the map. For a stack, with the previous layer's interior `[a, b]`, the next layer's
  /// interior is `[a·s + d(k−1) − pb, b·s − pb]`, clipped to its output. Empty when `a > b`.
  public static func interiorRanges(layers: [LayerConfig], inputSize: [Int]) -> [Range<Int>] {
    (0..<inputSize.count).map { axis in
      var low = 0
      var high = inputSize[axis] - 1
      var length = inputSize[axis]
      for layer in layers {
        let p = layer.axes[axis]
        let k = layer.kernel[axis]
        length =
          (length - 1) * p.stride - p.paddingBegin - p.paddingEnd + p.dilation * (k - 1) + p.outputPadding + 1
        let newLow = low * p.stride + p.dilation * (k - 1) - p.paddingBegin
        let newHigh = high * p.stride - p.paddingBegin
        low = max(newLow, 0)
        high = min(newHigh, length - 1)
        if low > high { return 0..<0 }
      }
      return low..<(high + 1)
    }
  }

  /// True when `position` (one index per axis) is interior on every axis.
  public func isInterior(_ position: [Int]) -> Bool {
    zip(position, interior).allSatisfy { $1.contains($0) }
  }

  /// The tile phase of `position`: `(position + tile.offset) mod tile.shape` per axis, so the
  /// value at an interior position equals `tile[phase]`.
  public func phase(of position: [Int]) -> [Int] {
    (0..<dims).map { axis in
      let period = tile.shape[axis]
      return ((position[axis] + tile.offset[axis]) % period + period) % period
    }
  }

  /// The number of interior positions (the product of the interior lengths).
  public var interiorCount: Int { interior.reduce(1) { $0 * $1.count } }
}
