import CheckerscopeCore
import ModelIO
import ModelRuntime
import TransposedConv

/// Choosing the input size when the model leaves spatial dimensions open: the smallest candidate
/// extent whose output has an interior large enough for the measurement, within the memory budget.
extension Probe {
  /// The extents tried per open spatial axis, smallest first: 1D signals 64…65536 samples, planes
  /// 8…1024, volumes 8…128 (powers of two, so encoders that halve the map several times fit; small
  /// first, so a generator's latent stays small).
  public static func candidateExtents(spatialRank: Int) -> [Int] {
    switch spatialRank {
    case 1: return [64, 256, 1024, 4096, 16384, 65536]
    case 2: return [8, 16, 32, 64, 128, 256, 512, 1024]
    default: return [8, 16, 32, 64, 128]
    }
  }

  /// Probes `graph`, whose single input has open spatial dimensions (an open batch becomes 1), at the
  /// candidate extents in turn (`candidateExtents`), keeping the first report whose output was measured
  /// on its interior (confidence 1). A size the budget refuses ends the search with the best report so
  /// far; a size the model refuses (shapes that do not fit, an output too small) moves to the next.
  /// The report's `inputChoice` says what was chosen and why. `makeInput` builds the input of a shape;
  /// `extents` replaces the candidates (smallest first).
  ///
  /// - Throws: `ProbeError.inputShapeNotFixed` when the rank or a channel-like axis (1) is open; the
  ///   last error when no size could be probed.
  public static func runChoosingSize(
    graph: ModelGraph, makeInput: ([Int]) -> Tensor, inputLabel: String, keepTiles: Bool = false,
    budget: MemoryBudget = .default, extents: [Int]? = nil,
    observe: ((Interpreter.NodeResult) throws -> Void)? = nil
  ) throws -> ProbeReport {
    guard graph.inputs.count == 1, let dimensions = graph.inputs[0].dimensions, dimensions.count >= 3,
      dimensions[1].value != nil
    else {
      throw ProbeError.inputShapeNotFixed(path: graph.path, shape: graph.inputs.first?.shapeDescription)
    }
    let spatialRank = dimensions.count - 2
    let candidates = extents ?? candidateExtents(spatialRank: spatialRank)
    var best: ProbeReport?
    var lastError: (any Error)?
    var tried: [Int] = []
    var stoppedByBudget = false
    for extent in candidates {
      let shape = dimensions.enumerated().map { index, dimension in
        dimension.value ?? (index == 0 ? 1 : extent)
      }
      guard let count = CheckedSize.productOrNil(shape + [4]),
        (try? budget.require(bytes: count, what: "")) != nil
      else {
        stoppedByBudget = true
        break
      }
      tried.append(extent)
      do {
        let shaped = try graph.withInputShape(shape)
        var report = try run(
          graph: shaped, input: makeInput(shape), inputLabel: inputLabel, keepTiles: keepTiles,
          budget: budget,
          observe: observe)
        let interior = report.output.measure.confidence >= 1
        report.inputChoice = Self.choiceText(shape: shape, tried: tried, found: interior, budget: false)
        best = report
        if interior { return report }
      } catch let error as RuntimeError {
        if case .resource = error {
          stoppedByBudget = true
          break
        }
        if case .tooLarge = error {
          stoppedByBudget = true
          break
        }
        lastError = error
      } catch {
        lastError = error
      }
    }
    if var best {
      best.inputChoice = Self.choiceText(
        shape: best.inputShape, tried: tried, found: false, budget: stoppedByBudget)
      return best
    }
    throw lastError
      ?? ProbeError.inputShapeNotFixed(path: graph.path, shape: graph.inputs[0].shapeDescription)
  }

  static func choiceText(shape: [Int], tried: [Int], found: Bool, budget: Bool) -> String {
    let size = shape.map(String.init).joined(separator: "x")
    let list = tried.map(String.init).joined(separator: ", ")
    if found {
      return
        "\(size), chosen by the probe: the smallest of \(list) per open axis whose output has an interior for the measurement"
    }
    let why =
      budget
      ? "larger sizes exceed the memory budget (--max-memory)" : "no size tried gives the output an interior"
    return
      "\(size), chosen by the probe from \(list) per open axis; \(why), so the border reaches part of the window measured"
  }
}
