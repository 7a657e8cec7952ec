import CheckerscopeCore
import ModelIO
import ModelRuntime

/// What the probe follows through the network for each spatial tensor: how far in from each border
/// the zero padding, reflection and edge effects reach, and the sampling lattice the upsampling layers
/// upstream create.
///
/// Border margins (per spatial axis, begin and end) are conservative: an output sample is *interior*
/// when every input sample its receptive field reads is interior and no padding is read. On a constant
/// input every interior sample of a shift-invariant network is then the same value, whatever the
/// padding mode, so a pattern in the interior is the network's and not the border's.
///
/// - input: margins 0, lattice 1;
/// - `Conv`/pools (kernel `k`, stride `s`, dilation `d`, begin padding `p`, input extent `n`): the first
///   interior output is `⌈(b₀ + p) / s⌉`; the last is `⌊(n − 1 − b₁ + p − d(k − 1)) / s⌋`; the lattice
///   becomes `L / gcd(L, s)`;
/// - `ConvTranspose`: first interior output `s·b₀ + d(k − 1) − p`, last `s·(n − 1 − b₁) − p`; lattice `L·s`;
/// - `Pad`: margins grow by the pads (crops shrink them); `Resize`/`Upsample` by factor `f`:
///   `⌈(b + 1)·f⌉` (interpolation reads one neighbour), lattice `L·f` for integer `f`;
///   `DepthToSpace` by `r`: `b·r`, lattice `L·r`;
/// - elementwise operators, normalisations and `Concat` on channels: the largest margin and the least
///   common multiple of the lattices of the inputs with the same spatial extents;
/// - anything that reshapes or mixes spatial axes ends the trace (the node is not measured).
public struct SpatialTrace: Sendable, Equatable {
  /// Samples at the start of each spatial axis that borders can reach.
  public var begin: [Int]
  /// Samples at the end of each spatial axis that borders can reach.
  public var end: [Int]
  /// The lattice period per spatial axis created by upstream upsampling (1 = none).
  public var lattice: [Int]

  /// A trace for a graph input with `rank` spatial axes.
  public init(rank: Int) {
    begin = [Int](repeating: 0, count: rank)
    end = [Int](repeating: 0, count: rank)
    lattice = [Int](repeating: 1, count: rank)
  }

  init(begin: [Int], end: [Int], lattice: [Int]) {
    self.begin = begin
    self.end = end
    self.lattice = lattice
  }

  /// The interior extent per spatial axis for spatial extents `extents` (0 when the borders meet).
  public func interior(_ extents: [Int]) -> [Int] {
    extents.indices.map { max(0, extents[$0] - begin[$0] - end[$0]) }
  }

  /// The trace of `node`'s first output, from its inputs' traces and shapes; nil when spatial
  /// structure is lost (or the output has no spatial axes).
  ///
  /// `pads` is the value of a `Pad` node's `pads` input when known (all begins, then all ends; an
  /// opset-18 `axes` input is not followed, the change then counts at both ends).
  static func propagate(
    node: ModelNode, path: String, inputs: [(trace: SpatialTrace?, shape: [Int])], output: [Int],
    pads: [Int]? = nil
  ) -> SpatialTrace? {
    guard output.count >= 3, let first = inputs.first(where: { $0.trace != nil }), let trace = first.trace
    else {
      return nil
    }
    let rank = output.count - 2
    guard trace.begin.count == rank, first.shape.count == output.count else { return nil }
    let inExtents = Array(first.shape[2...])
    let outExtents = Array(output[2...])
    switch OperatorRegistry.role(of: node) {
    case .window, .pooling:
      let weight = inputs.count > 1 ? inputs[1].shape : nil
      guard let g = try? WindowGeometry.of(node: node, path: path, input: inExtents, weight: weight) else {
        return nil
      }
      var result = trace
      for a in 0..<rank {
        let (s, d, k, p, n, out) = (
          g.strides[a], g.dilations[a], g.kernel[a], g.padBegin[a], inExtents[a], outExtents[a]
        )
        if g.transposed {
          result.begin[a] = max(0, s * trace.begin[a] + d * (k - 1) - p)
          result.end[a] = max(0, out - 1 - (s * (n - 1 - trace.end[a]) - p))
          result.lattice[a] = trace.lattice[a] * s
        } else {
          result.begin[a] = (trace.begin[a] + p + s - 1) / s
          let last = n - 1 - trace.end[a] + p - d * (k - 1)
          result.end[a] = last < 0 ? out : max(0, out - 1 - last / s)
          result.lattice[a] = trace.lattice[a] / gcd(trace.lattice[a], s)
        }
      }
      return result
    case .padding:
      var result = trace
      let r = output.count
      let known = pads.map { $0.count == 2 * r } ?? false
      for a in 0..<rank {
        let added = outExtents[a] - inExtents[a]
        // The pads say how the change splits between the ends; without them, count it at both.
        let before = known ? (pads?[a + 2] ?? 0) : max(0, added)
        let after = known ? (pads?[a + 2 + r] ?? 0) : max(0, added)
        result.begin[a] = max(0, trace.begin[a] + before)
        result.end[a] = max(0, trace.end[a] + after)
      }
      return result
    case .resampling(let interpolating):
      var result = trace
      for a in 0..<rank {
        let ratio = Double(outExtents[a]) / Double(max(1, inExtents[a]))
        let integral = outExtents[a] % max(1, inExtents[a]) == 0
        let extra = interpolating ? 1 : 0
        result.begin[a] = Int((Double(trace.begin[a] + extra) * ratio).rounded(.up))
        result.end[a] = Int((Double(trace.end[a] + extra) * ratio).rounded(.up))
        result.lattice[a] =
          integral ? trace.lattice[a] * (outExtents[a] / max(1, inExtents[a])) : trace.lattice[a]
      }
      return result
    case .opaque:
      return nil
    case .elementwise, .concatenation:
      // Elementwise, normalisation, Concat along channels: merge the inputs with the same extents.
      guard inExtents == outExtents else { return nil }
      if OperatorRegistry.role(of: node) == .concatenation, let axis = try? node.int("axis", path: path),
        axis != 1,
        axis != 1 - output.count
      {
        return nil
      }
      var result = trace
      for input in inputs {
        guard let t = input.trace, input.shape.count == output.count, Array(input.shape[2...]) == outExtents
        else {
          continue
        }
        for a in 0..<rank {
          result.begin[a] = max(result.begin[a], t.begin[a])
          result.end[a] = max(result.end[a], t.end[a])
          result.lattice[a] = lcm(result.lattice[a], t.lattice[a])
        }
      }
      return result
    }
  }
}
