import ModelIO

/// Learned-weight analysis: the phase energy fraction of each output channel's response to a flat input.
///
/// For an all-ones input (every input channel 1, bias excluded) a lattice-changing layer's output
/// channel `o` repeats a tile of one period; with `g_o[φ]` its value at phase `φ`,
/// `PEF_o = Σ_φ (g_o[φ] − mean(g_o))² / Σ_φ g_o[φ]²` (0 when the tile is all zero): 0 for a flat
/// response, at most `1 − 1/phases`.
public enum PhaseEnergy {
  /// The phase energy fraction of one tile.
  public static func fraction(_ gains: [Double]) -> Double {
    guard !gains.isEmpty else { return 0 }
    // Scale by the largest magnitude first, so huge weights cannot overflow the squares.
    let largest = gains.reduce(0) { Swift.max($0, abs($1)) }
    guard largest > 0, largest.isFinite else { return 0 }
    let gains = gains.map { $0 / largest }
    let energy = gains.reduce(0) { $0 + $1 * $1 }
    guard energy > 0 else { return 0 }
    let mean = gains.reduce(0, +) / Double(gains.count)
    let deviation = gains.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return deviation / energy
  }

  /// The phase tiles of a `ConvTranspose` weight `W (C_in, C_out/groups, k…)`, one per output channel.
  ///
  /// `g_o[φ] = Σ_i Σ_{j : (dilation·j) mod stride = φ per axis} W[i, o', j]` over the input channels
  /// `i` of `o`'s group (`o' = o mod (C_out/groups)`). Tiles are row-major over `stride`.
  /// O(C_in · C_out/groups · taps).
  public static func convTransposeGains(
    weight: [Double], shape: [Int], stride: [Int], dilation: [Int], groups: Int
  ) -> [[Double]] {
    let dims = shape.count - 2
    let inChannels = shape[0]
    let perGroupOut = shape[1]
    let kernel = Array(shape.dropFirst(2))
    let taps = kernel.reduce(1, *)
    let inPerGroup = inChannels / groups
    let phases = stride.reduce(1, *)
    // The phase of each tap, row-major over the stride tile.
    var tapPhase = [Int](repeating: 0, count: taps)
    for tap in 0..<taps {
      var rest = tap
      var index = [Int](repeating: 0, count: dims)
      for axis in (0..<dims).reversed() {
        index[axis] = rest % kernel[axis]
        rest /= kernel[axis]
      }
      var phase = 0
      for axis in 0..<dims { phase = phase * stride[axis] + (index[axis] * dilation[axis]) % stride[axis] }
      tapPhase[tap] = phase
    }
    var result: [[Double]] = []
    result.reserveCapacity(perGroupOut * groups)
    for output in 0..<(perGroupOut * groups) {
      let group = output / perGroupOut
      let local = output % perGroupOut
      var gains = [Double](repeating: 0, count: phases)
      for input in (group * inPerGroup)..<((group + 1) * inPerGroup) {
        let base = (input * perGroupOut + local) * taps
        for tap in 0..<taps { gains[tapPhase[tap]] += weight[base + tap] }
      }
      result.append(gains)
    }
    return result
  }

  /// The phase tiles of a `DepthToSpace` fed by a `Conv` with weight `(C·r², C_in/groups, k…)`.
  ///
  /// Each conv output channel's response to an all-ones input is its total weight sum `T_c` (interior,
  /// bias excluded). Output channel `o` at phase `(by, bx)` comes from conv channel
  /// `(by·r + bx)·C + o` in DCR mode and `o·r² + by·r + bx` in CRD mode. Tiles are row-major `r × r`.
  public static func depthToSpaceGains(convWeight: [Double], shape: [Int], blocksize r: Int, crd: Bool)
    -> [[Double]]
  {
    let convChannels = shape[0]
    let perChannel = shape.dropFirst().reduce(1, *)
    let totals = (0..<convChannels).map { channel in
      convWeight[(channel * perChannel)..<((channel + 1) * perChannel)].reduce(0, +)
    }
    let outputs = convChannels / (r * r)
    return (0..<outputs).map { o in
      var gains: [Double] = []
      for by in 0..<r {
        for bx in 0..<r {
          gains.append(totals[crd ? o * r * r + by * r + bx : (by * r + bx) * outputs + o])
        }
      }
      return gains
    }
  }
}
