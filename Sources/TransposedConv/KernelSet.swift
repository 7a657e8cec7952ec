import CKernels
import Foundation

/// The micro-kernels the blocked path runs its long passes with.
///
/// `.avx2` and `.avx512` are the C kernels of the `CKernels` target (fused multiply-adds, 16 or
/// 32 positions per register tile), compiled for those instruction sets by function attributes
/// and used only on CPUs that report them; `.portable` is the Swift path, which every CPU runs
/// (arm64 included). The two C sets give bit-identical results; they differ from `.portable` in
/// the last bits, since a fused multiply-add rounds once where the Swift path (in a default
/// build) rounds twice. The probe's measurement kernel (`ckern_measure_map_avx2`) is the exception:
/// it uses no fused multiply-add and gives the Swift path's bits.
///
/// The set in use is `active`: the one named by the environment variable `CHECKERSCOPE_KERNELS`
/// (`portable`, `avx2` or `avx512`) when this CPU runs it, else `best`.
public enum KernelSet: String, Sendable, Hashable, CaseIterable {
  case portable
  case avx2
  case avx512

  /// The environment variable that chooses the set: `CHECKERSCOPE_KERNELS`.
  public static let environmentVariable = "CHECKERSCOPE_KERNELS"

  /// The fastest set this CPU supports, fixed for the life of the process.
  public static let best: KernelSet = {
    switch ckern_simd_level() {
    case 2: return .avx512
    case 1: return .avx2
    default: return .portable
    }
  }()

  /// Every set this CPU supports, `.portable` first.
  public static var supported: [KernelSet] { allCases.filter(\.isSupported) }

  /// Whether this CPU runs the set (`.portable` always).
  public var isSupported: Bool {
    switch self {
    case .portable: return true
    case .avx2: return Self.best != .portable
    case .avx512: return Self.best == .avx512
    }
  }

  /// The set a value of `CHECKERSCOPE_KERNELS` asks for: `best` when `value` is nil or empty,
  /// else the set of that name (letter case and surrounding spaces ignored).
  /// - Throws: `KernelSetError.unknown` for another name, `.unsupported` for a set this CPU
  ///   cannot run.
  public static func choose(_ value: String?) throws(KernelSetError) -> KernelSet {
    let name = (value ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    if name.isEmpty { return best }
    guard let set = KernelSet(rawValue: name) else { throw .unknown(name: value ?? "") }
    guard set.isSupported else { throw .unsupported(set) }
    return set
  }

  /// `choose` applied to this process's `CHECKERSCOPE_KERNELS`.
  static let environmentChoice: Result<KernelSet, KernelSetError> = Result {
    () throws(KernelSetError) -> KernelSet in
    // getenv, not ProcessInfo's environment: that copies every variable into a dictionary, a
    // measurable part of a short command's start.
    try choose(getenv(environmentVariable).map { String(cString: $0) })
  }

  /// The set the fast transposed convolution uses, fixed for the life of the process: the one
  /// `CHECKERSCOPE_KERNELS` names, or `best` when it is unset — or unusable (then
  /// `environmentError` says why, for the caller to report: libraries do not print).
  public static let active: KernelSet = (try? environmentChoice.get()) ?? best

  /// Why `CHECKERSCOPE_KERNELS` could not be honoured (an unknown name, or a set this CPU cannot
  /// run), or nil when it is unset or names a supported set.
  public static var environmentError: KernelSetError? {
    if case .failure(let error) = environmentChoice { return error }
    return nil
  }
}

/// A value of `CHECKERSCOPE_KERNELS` that cannot be honoured.
public enum KernelSetError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No kernel set has this name.
  case unknown(name: String)
  /// This CPU cannot run the set.
  case unsupported(KernelSet)

  public var description: String {
    let variable = KernelSet.environmentVariable
    let choices = KernelSet.supported.map(\.rawValue).joined(separator: ", ")
    switch self {
    case .unknown(let name):
      return
        "\(variable)=\(name): unknown kernel set; use portable, avx2 or avx512 (this CPU runs \(choices)), or unset it for the best"
    case .unsupported(let set):
      return
        "\(variable)=\(set.rawValue): this CPU cannot run the \(set.rawValue) kernels; use one of \(choices), or unset it for the best"
    }
  }
}
