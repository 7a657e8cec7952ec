import CKernels

/// The micro-kernels the blocked path runs its long passes with.
///
/// `.avx2` and `.avx512` are the C kernels of the `CKernels` target (fused multiply-adds, 16 or
/// 32 positions per register tile), compiled for those instruction sets by function attributes
/// and used only on CPUs that report them; `.swift` is the portable Swift path. The two C sets
/// give bit-identical results; they differ from `.swift` in the last bits, since a fused
/// multiply-add rounds once where the Swift path (in a default build) rounds twice.
enum KernelSet: Sendable, Hashable, CaseIterable {
  case swift
  case avx2
  case avx512

  /// The fastest set this CPU supports, fixed for the life of the process.
  static let best: KernelSet = {
    switch ckern_simd_level() {
    case 2: return .avx512
    case 1: return .avx2
    default: return .swift
    }
  }()

  /// Every set this CPU supports, `.swift` first.
  static var supported: [KernelSet] {
    allCases.filter { set in
      switch set {
      case .swift: return true
      case .avx2: return best != .swift
      case .avx512: return best == .avx512
      }
    }
  }
}
