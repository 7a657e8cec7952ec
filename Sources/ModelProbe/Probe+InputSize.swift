import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelRuntime
import TransposedConv

/// Choosing the input size when the model leaves spatial dimensions open: the smallest candidate
/// extent whose output has an interior large enough for the measurement, within the memory budget.
///
/// The sizes are tested without running the model: shape inference through the operator registry
/// (`ModelAuditor.staticValues`) gives every value's shape at a candidate size, and the probe's own
/// trace (`TraceWalk`) walks those shapes to the output's border margins, so the output's interior is
/// known before any kernel runs (`predictOutput`). The model then runs once, at the size chosen. Only
/// when shape inference cannot decide a size is the model run to find out, and those trial runs stop
/// at a time limit.
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

  /// The trial runs of the fallback search (sizes shape inference cannot decide) start only within this
  /// time from the start of the search.
  public static let trialTimeLimit: Duration = .seconds(20)

  /// What shape inference predicts for one input shape: the output's shape and trace, and the
  /// confidence its measurement would have (nil when the output is too small to be measured).
  public struct SizePrediction: Sendable {
    /// The input shape predicted for.
    public var inputShape: [Int]
    /// The graph output's shape.
    public var outputShape: [Int]
    /// The output's interior per spatial axis.
    public var interior: [Int]
    /// The predicted confidence of the output's measurement (1: measured on its interior); nil when
    /// an output extent is below `PeriodicMeasure.neededExtent`.
    public var confidence: Double?
  }

  /// The output of `graph` (shape already applied, input shape `inputShape`) as shape inference and
  /// the probe's trace see it before any run; nil when shape inference cannot decide the output's
  /// shape or the trace loses it.
  public static func predictOutput(graph: ModelGraph, inputShape: [Int]) -> SizePrediction? {
    let values = ModelAuditor.staticValues(of: graph)
    var walk = TraceWalk(graph: graph, inputShape: inputShape, integers: values.integers)
    for node in graph.nodes {
      let outputs = node.outputs.filter { !$0.isEmpty }.compactMap { name -> TraceWalk.Output? in
        guard let shape = values.shapes[name] else { return nil }
        let integers = values.integers[name]
        let isInteger = integers != nil || (graph.constant(name)?.int64Values != nil)
        return TraceWalk.Output(name: name, shape: shape, isFloat: !isInteger, integers: integers)
      }
      _ = walk.step(node: node, outputs: outputs)
    }
    guard let shape = values.shapes[walk.outputName], let trace = walk.traces[walk.outputName],
      trace.hasModelLayout, shape.count >= 3, shape.count == trace.begin.count + 2
    else { return nil }
    let extents = Array(shape.dropFirst(2))
    return SizePrediction(
      inputShape: inputShape, outputShape: shape, interior: trace.interior(extents),
      confidence: predictedConfidence(extents: extents, trace: trace))
  }

  /// The confidence `PeriodicMeasure.measureAnyway` gives a map of spatial `extents` traced by
  /// `trace`: 1 when the interior holds `neededExtent` samples per axis, else the product over the
  /// short axes of the centred window's share inside the interior; nil when an extent is too small.
  static func predictedConfidence(extents: [Int], trace: SpatialTrace) -> Double? {
    let needed = PeriodicMeasure.neededExtent
    let interior = trace.interior(extents)
    if interior.allSatisfy({ $0 >= needed }) { return 1 }
    var confidence = 1.0
    for a in extents.indices where interior[a] < needed {
      let n = extents[a]
      guard n >= needed else { return nil }
      let target = min(n, max(needed, PeriodicMeasure.minimumPeriods * trace.lattice[a]))
      let lo = min(trace.begin[a], n)
      let hi = max(0, n - trace.end[a])
      let centre = lo < hi ? (lo + hi) / 2 : n / 2
      let start = max(0, min(n - target, centre - target / 2))
      let inside = max(0, min(start + target, hi) - max(start, lo))
      confidence *= Double(inside) / Double(target)
    }
    return confidence
  }

  /// The input size the probe chooses for `graph`, whose single input has open spatial dimensions (an
  /// open batch becomes 1), and why; decided by shape inference alone (`predictOutput`).
  public struct SizeChoice: Sendable {
    /// The input shape chosen; nil when shape inference decided no candidate (the probe then runs
    /// the undecided candidates in turn: `undecided`).
    public var shape: [Int]?
    /// The predicted output at the chosen shape.
    public var prediction: SizePrediction?
    /// The candidate extents examined, smallest first (those within the memory budget).
    public var examined: [Int]
    /// The candidate input shapes whose output shape inference could not decide, smallest first.
    public var undecided: [[Int]]
    /// True when a larger candidate exceeded the memory budget.
    public var budgetLimited: Bool

    /// The report's `inputChoice` for the chosen shape.
    public var text: String {
      let list = examined.map(String.init).joined(separator: ", ")
      guard let shape, let prediction else { return "no size decided by shape inference from \(list)" }
      let size = shape.map(String.init).joined(separator: "x")
      if prediction.confidence == 1 {
        return
          "\(size), chosen by the probe: the smallest of \(list) per open axis whose output has an interior for the measurement (by shape inference)"
      }
      let why =
        budgetLimited
        ? "larger sizes exceed the memory budget (--max-memory)"
        : "the border reaches the output's measured window at every size"
      let share = NumberFormat.fixed(prediction.confidence ?? 0, 2)
      return
        "\(size), chosen by the probe from \(list) per open axis (by shape inference): \(why); the largest share beyond the border's reach is \(share)"
    }
  }

  /// Chooses the input shape for `graph` without running it: the smallest candidate (`extents`, else
  /// `candidateExtents`) within `budget` whose predicted output has an interior for the measurement;
  /// failing that, the candidate with the largest predicted confidence (the smallest of equals).
  ///
  /// - Throws: `ProbeError.inputShapeNotFixed` when the rank or a channel-like axis (1) is open.
  public static func chooseInputShape(
    graph: ModelGraph, budget: MemoryBudget = .default, extents: [Int]? = nil
  ) throws -> SizeChoice {
    guard graph.inputs.count == 1, let dimensions = graph.inputs[0].dimensions, dimensions.count >= 3,
      dimensions[1].value != nil
    else {
      throw ProbeError.inputShapeNotFixed(path: graph.path, shape: graph.inputs.first?.shapeDescription)
    }
    let candidates = extents ?? candidateExtents(spatialRank: dimensions.count - 2)
    var choice = SizeChoice(shape: nil, prediction: nil, examined: [], undecided: [], budgetLimited: false)
    var best: SizePrediction?
    for extent in candidates {
      let shape = dimensions.enumerated().map { index, dimension in
        dimension.value ?? (index == 0 ? 1 : extent)
      }
      guard let count = CheckedSize.productOrNil(shape + [4]),
        (try? budget.require(bytes: count, what: "")) != nil
      else {
        choice.budgetLimited = true
        break
      }
      choice.examined.append(extent)
      guard let shaped = try? graph.withInputShape(shape),
        let prediction = predictOutput(graph: shaped, inputShape: shape)
      else {
        choice.undecided.append(shape)
        continue
      }
      guard let confidence = prediction.confidence else { continue }
      if confidence >= 1 {
        choice.shape = shape
        choice.prediction = prediction
        choice.budgetLimited = false
        return choice
      }
      if confidence > (best?.confidence ?? -1) { best = prediction }
    }
    if let best {
      choice.shape = best.inputShape
      choice.prediction = best
    }
    return choice
  }

  /// Probes `graph`, whose single input has open spatial dimensions (an open batch becomes 1), at the
  /// size `chooseInputShape` picks by shape inference, running the model once. When shape inference
  /// cannot decide some candidates and picked no size with an interior, those candidates are run in
  /// turn (smallest first) until one's output is measured on its interior, a size exceeds the budget,
  /// or `timeLimit` has passed since the search began; the best report is kept. The report's
  /// `inputChoice` says what was chosen and why. `makeInput` builds the input of a shape; `extents`
  /// replaces the candidates (smallest first).
  ///
  /// - Throws: `ProbeError.inputShapeNotFixed` when the rank or a channel-like axis (1) is open; the
  ///   last error when no size could be probed.
  public static func runChoosingSize(
    graph: ModelGraph, makeInput: ([Int]) -> Tensor, inputLabel: String, keepTiles: Bool = false,
    budget: MemoryBudget = .default, extents: [Int]? = nil, timeLimit: Duration = trialTimeLimit,
    observe: ((Interpreter.NodeResult) throws -> Void)? = nil
  ) throws -> ProbeReport {
    let clock = ContinuousClock()
    let start = clock.now
    let choice = try chooseInputShape(graph: graph, budget: budget, extents: extents)
    var best: ProbeReport?
    var lastError: (any Error)?
    if let shape = choice.shape {
      do {
        var report = try run(
          graph: try graph.withInputShape(shape), input: makeInput(shape), inputLabel: inputLabel,
          keepTiles: keepTiles, budget: budget, observe: observe)
        report.inputChoice = choice.text
        if report.output.measure.confidence >= 1 || choice.undecided.isEmpty { return report }
        best = report
      } catch {
        if choice.undecided.isEmpty { throw error }
        lastError = error
      }
    }
    // Shape inference left sizes undecided: run them, smallest first, within the time limit.
    var tried: [Int] = []
    var stoppedByBudget = choice.budgetLimited
    var stoppedByTime = false
    var bestFromTrials = false
    for shape in choice.undecided {
      guard clock.now - start < timeLimit else {
        stoppedByTime = true
        break
      }
      tried.append(shape.last ?? 0)
      do {
        var report = try run(
          graph: try graph.withInputShape(shape), input: makeInput(shape), inputLabel: inputLabel,
          keepTiles: keepTiles, budget: budget, observe: observe)
        let interior = report.output.measure.confidence >= 1
        report.inputChoice = Self.choiceText(
          shape: shape, tried: tried, found: interior, budget: false, time: false)
        if interior { return report }
        if report.output.measure.confidence > best?.output.measure.confidence ?? -1 {
          best = report
          bestFromTrials = true
        }
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
      if bestFromTrials {
        best.inputChoice = Self.choiceText(
          shape: best.inputShape, tried: tried, found: false, budget: stoppedByBudget, time: stoppedByTime)
      }
      return best
    }
    throw lastError
      ?? ProbeError.inputShapeNotFixed(path: graph.path, shape: graph.inputs[0].shapeDescription)
  }

  static func choiceText(shape: [Int], tried: [Int], found: Bool, budget: Bool, time: Bool) -> String {
    let size = shape.map(String.init).joined(separator: "x")
    let list = tried.map(String.init).joined(separator: ", ")
    if found {
      return
        "\(size), chosen by the probe: the smallest of \(list) per open axis (run in turn; shape inference could not decide them) whose output has an interior for the measurement"
    }
    let why =
      budget
      ? "larger sizes exceed the memory budget (--max-memory)"
      : time
        ? "the search stopped at its time limit (\(trialTimeLimit))"
        : "no size tried gives the output an interior"
    return
      "\(size), chosen by the probe from \(list) per open axis (run in turn); \(why), so the border reaches part of the window measured"
  }
}
