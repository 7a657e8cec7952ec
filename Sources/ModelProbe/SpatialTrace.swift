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
/// - `Reshape`, `Flatten`, `Squeeze`, `Unsqueeze`, `Transpose`, `MatMul`, `Gemm`, `Softmax`, the
///   normalisations and reductions move, merge and split axes: the trace follows which tensor axes hold
///   which spatial axes (`SpatialTrace+Layout.swift`), so VAE bottlenecks and attention are followed and
///   the nodes after them measured again once the model's layout returns;
/// - a value that depends on the input but whose spatial structure was lost (or a constant that varies
///   along a spatial axis, such as a positional embedding), merged into a traced one, makes every sample
///   border-reached (`everywhereBorder`): the node is still measured, with confidence 0.
public struct SpatialTrace: Sendable, Equatable {
  /// Samples at the start of each spatial axis that borders can reach.
  public var begin: [Int]
  /// Samples at the end of each spatial axis that borders can reach.
  public var end: [Int]
  /// The lattice period per spatial axis created by upstream upsampling (1 = none).
  public var lattice: [Int]
  /// The traced tensor's axes and the factors each holds, outermost first; nil for the model's own
  /// layout `(N, C, spatial…)`.
  var layout: [[TraceFactor]]?
  /// The spatial extents when `layout` is set (the model layout reads them from the shape).
  var extents: [Int] = []

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

  /// Whether the traced tensor has the model's layout `(N, C, spatial…)` (only those are measured).
  public var hasModelLayout: Bool { layout == nil }

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
    node: ModelNode, path: String, inputs: [TraceInput], output: [Int], pads: [Int]? = nil,
    integers: (String) -> [Int]? = { _ in nil }
  ) -> SpatialTrace? {
    guard let first = inputs.first(where: { $0.trace != nil }), let trace = first.trace else {
      return untracedSource(node: node, inputs: inputs, output: output)
    }
    switch OperatorRegistry.role(of: node) {
    case .window, .pooling, .padding, .resampling: break
    case .elementwise, .concatenation, .opaque:
      return propagateLayout(node: node, path: path, inputs: inputs, output: output, integers: integers)
    }
    let rank = trace.begin.count
    guard trace.hasModelLayout, output.count == rank + 2, first.shape.count == output.count else {
      return nil
    }
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
    case .opaque, .elementwise, .concatenation:
      // Routed to `propagateLayout` above.
      return nil
    }
  }
}
