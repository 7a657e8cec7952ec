/// The polyphase (gather) decomposition of one axis of a transposed convolution.
///
/// With `t = o + paddingBegin`, output `o` belongs to phase `r = t mod stride` and sits at
/// position `q = t div stride` of that phase. Tap `j` lands on phase `(j·dilation) mod stride`
/// with offset `m_j = (j·dilation) div stride`, and feeds that phase's position `q` from input
/// `i = q − m_j` (when `0 ≤ i < n`). So each phase is a small dense correlation of the input with
/// the taps that land on it, over a contiguous range of positions per tap — borders included,
/// with no per-element tests.
struct PhasePlan: Sendable {
  /// One kernel tap's contribution to one phase: `phase[outStart + u] += x[inStart + u] · w[tap]`
  /// for `u` in `0..<count`.
  struct Tap: Sendable {
    var tap: Int
    var outStart: Int
    var inStart: Int
    var count: Int
  }

  /// One output phase: outputs `firstOutput, firstOutput + stride, …` (`count` of them), stored
  /// contiguously from `bufferOffset` in the phase-major scratch row.
  struct Phase: Sendable {
    var firstOutput: Int
    var count: Int
    var bufferOffset: Int
    var taps: [Tap]
  }

  let stride: Int
  let outputLength: Int
  /// The non-empty phases in residue order (all `stride` of them when `stride ≤ outputLength`,
  /// else one per output); their counts add up to `outputLength`.
  let phases: [Phase]

  /// Builds the plan for an input of `input` samples and a kernel of `kernel` taps.
  /// Only the residues that hold an output get a phase, so a stride far beyond the output length
  /// costs nothing: O(min(stride, outputLength) · kernel) time.
  /// Precondition: the parameters were validated and `outputLength` is their output length.
  init(axis: AxisParameters, input: Int, kernel: Int, outputLength: Int) {
    stride = axis.stride
    self.outputLength = outputLength
    let s = axis.stride
    let pb = axis.paddingBegin
    var phases: [Phase] = []
    var offset = 0
    // Residue r = (o + pb) mod s of the outputs o; consecutive outputs have distinct residues.
    let residues: [Int] =
      s <= outputLength ? Array(0..<s) : (0..<outputLength).map { ($0 + pb % s) % s }.sorted()
    for r in residues {
      // Outputs o = q·s + r − pb with 0 ≤ o < outputLength.
      let qMin = pb - r > 0 ? (pb - r - 1) / s + 1 : 0
      let top = outputLength - 1 + pb - r
      let qMax = top >= 0 ? top / s : -1
      let count = max(0, qMax - qMin + 1)
      var taps: [Tap] = []
      if count > 0 {
        for j in 0..<kernel where (j * axis.dilation) % s == r {
          let m = (j * axis.dilation) / s
          // Input i = q − m must lie in 0..<input.
          let lo = max(qMin, m)
          let hi = min(qMax, m + input - 1)
          if hi >= lo {
            taps.append(Tap(tap: j, outStart: lo - qMin, inStart: lo - m, count: hi - lo + 1))
          }
        }
      }
      phases.append(Phase(firstOutput: qMin * s + r - pb, count: count, bufferOffset: offset, taps: taps))
      offset += count
    }
    self.phases = phases
  }

  /// For every output position, the `(tap, input)` pairs that reach it, flattened: the pairs of
  /// output `o` are `pairs[starts[o]..<starts[o + 1]]`.
  func gatherLists() -> (starts: [Int], pairs: [(tap: Int, input: Int)]) {
    var perOutput = [[(tap: Int, input: Int)]](repeating: [], count: outputLength)
    for phase in phases {
      for tap in phase.taps {
        for u in 0..<tap.count {
          let o = phase.firstOutput + (tap.outStart + u) * stride
          perOutput[o].append((tap.tap, tap.inStart + u))
        }
      }
    }
    var starts = [0]
    var pairs: [(tap: Int, input: Int)] = []
    for list in perOutput {
      pairs.append(contentsOf: list.sorted { $0.tap < $1.tap })
      starts.append(pairs.count)
    }
    return (starts, pairs)
  }
}
