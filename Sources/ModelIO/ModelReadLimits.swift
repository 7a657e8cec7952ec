/// Bounds on the work and memory a model reader spends on untrusted bytes.
///
/// Every size read from a file is checked against these (overflow-safe) before anything is allocated.
public struct ModelReadLimits: Sendable, Hashable {
  /// The largest model or weights file read, in bytes (ONNX's protobuf itself stops at 2 GiB).
  public var maximumFileBytes: Int
  /// The most elements one tensor may hold.
  public var maximumTensorElements: Int
  /// The most bytes all decoded tensors together may take.
  public var maximumTotalTensorBytes: Int
  /// The most nodes a graph may have. Work grows linearly with it: a chain of 200,000 `Relu`
  /// nodes took 12 s to probe in a release build, hence 100,000.
  public var maximumNodes: Int
  /// The most inputs or outputs one node may have (a `Concat` or `Sum` of 100,000 inputs is a
  /// model built to exhaust the reader, not a network).
  public var maximumNodeInputs: Int
  /// The most input and output names all nodes together may have (the graph's edges), which bounds
  /// the work of sorting, planning and auditing a very wide graph.
  public var maximumEdges: Int
  /// The largest safetensors JSON header, in bytes (the format's own limit is 100 MB).
  public var maximumSafetensorsHeaderBytes: Int

  /// Explicit limits.
  public init(
    maximumFileBytes: Int, maximumTensorElements: Int, maximumTotalTensorBytes: Int, maximumNodes: Int,
    maximumSafetensorsHeaderBytes: Int, maximumNodeInputs: Int = 10_000, maximumEdges: Int = 1_000_000
  ) {
    self.maximumNodeInputs = maximumNodeInputs
    self.maximumEdges = maximumEdges
    self.maximumFileBytes = maximumFileBytes
    self.maximumTensorElements = maximumTensorElements
    self.maximumTotalTensorBytes = maximumTotalTensorBytes
    self.maximumNodes = maximumNodes
    self.maximumSafetensorsHeaderBytes = maximumSafetensorsHeaderBytes
  }

  /// 4 GiB files, 2^31 elements per tensor, 8 GiB of decoded tensors, 100,000 nodes of at most
  /// 10,000 inputs or outputs each and 1,000,000 edges in all, 100 MB headers.
  public static let standard = ModelReadLimits(
    maximumFileBytes: 1 << 32, maximumTensorElements: 1 << 31, maximumTotalTensorBytes: 1 << 33,
    maximumNodes: 100_000, maximumSafetensorsHeaderBytes: 100_000_000, maximumNodeInputs: 10_000,
    maximumEdges: 1_000_000)
}
