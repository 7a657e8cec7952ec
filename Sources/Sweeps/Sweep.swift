import CheckerscopeCore
import Dispatch
import OverlapAnalysis
import TransposedConv

/// Runs kernel/stride grid sweeps on all cores.
public enum Sweep {
  /// The outcome of one configuration: a record, or the reason it was skipped.
  public enum Outcome: Sendable, Equatable {
    case record(SweepRecord)
    case skipped(layer: LayerConfig, reason: String)

    /// The document entry: `SweepRecord.json`, or `{"layers","reason"}`.
    public var json: JSONValue {
      switch self {
      case .record(let record): return record.json
      case .skipped(let layer, let reason):
        return .object([("layers", .array([layer.json])), ("reason", .string(reason))])
      }
    }
  }

  /// The outcome of `configuration`: its record, or a skip with the error's description when the
  /// parameters break PyTorch's rules or the map is too large.
  public static func outcome(_ configuration: SweepConfiguration) -> Outcome {
    do throws(SweepError) {
      do { try configuration.layer.validate() } catch { throw .overlap(error) }
      guard let size = configuration.inputSize else {
        return .skipped(
          layer: configuration.layer, reason: "the default input size overflows; give --input-size")
      }
      return .record(try SweepRecord.compute(layer: configuration.layer, inputSize: size))
    } catch {
      return .skipped(layer: configuration.layer, reason: error.description)
    }
  }

  /// Runs the configurations of `spec` (those of `shard` when given) and returns the document.
  ///
  /// Work is spread over all cores with `DispatchQueue.concurrentPerform`; each configuration's
  /// result goes to its own slot, so the document (order and bytes) does not depend on the
  /// scheduling. `progress` is called from worker threads with the number of configurations just
  /// finished (batches of up to 16); it must be thread-safe.
  /// Errors: `spec.validate()`'s. Invalid configurations are skipped, not errors.
  public static func run(
    _ spec: SweepSpec, shard: SweepShard? = nil, version: String,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(SweepError) -> SweepDocument {
    try spec.validate()
    let selected = (0..<spec.configurationCount).filter { shard?.contains($0) ?? true }
    let slots = UnsafeMutableBufferPointer<(isRecord: Bool, json: JSONValue)>.allocate(
      capacity: selected.count)
    slots.initialize(repeating: (false, .null))
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    nonisolated(unsafe) let output = slots
    let batch = 16
    let batches = (selected.count + batch - 1) / batch
    DispatchQueue.concurrentPerform(iterations: batches) { b in
      let range = (b * batch)..<min(selected.count, (b + 1) * batch)
      for position in range {
        let result = outcome(spec.configuration(at: selected[position]))
        if case .record = result {
          output[position] = (true, result.json)
        } else {
          output[position] = (false, result.json)
        }
      }
      progress?(range.count)
    }
    var records: [JSONValue] = []
    var skipped: [JSONValue] = []
    for slot in slots {
      if slot.isRecord { records.append(slot.json) } else { skipped.append(slot.json) }
    }
    return SweepDocument(
      version: version, sweep: spec, shard: shard, records: records, skipped: skipped)
  }
}
