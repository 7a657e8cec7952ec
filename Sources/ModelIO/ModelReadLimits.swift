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
  /// The most nodes a graph may have.
  public var maximumNodes: Int
  /// The largest safetensors JSON header, in bytes (the format's own limit is 100 MB).
  public var maximumSafetensorsHeaderBytes: Int

  /// Explicit limits.
  public init(
    maximumFileBytes: Int, maximumTensorElements: Int, maximumTotalTensorBytes: Int, maximumNodes: Int,
    maximumSafetensorsHeaderBytes: Int
  ) {
    self.maximumFileBytes = maximumFileBytes
    self.maximumTensorElements = maximumTensorElements
    self.maximumTotalTensorBytes = maximumTotalTensorBytes
    self.maximumNodes = maximumNodes
    self.maximumSafetensorsHeaderBytes = maximumSafetensorsHeaderBytes
  }

  /// 4 GiB files, 2^31 elements per tensor, 8 GiB of decoded tensors, a million nodes, 100 MB headers.
  public static let standard = ModelReadLimits(
    maximumFileBytes: 1 << 32, maximumTensorElements: 1 << 31, maximumTotalTensorBytes: 1 << 33,
    maximumNodes: 1_000_000, maximumSafetensorsHeaderBytes: 100_000_000)
}
