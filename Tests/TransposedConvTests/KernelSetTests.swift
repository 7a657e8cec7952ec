import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import TransposedConv

/// The blocked path's micro-kernels: the C kernels (AVX2+FMA, AVX-512F) that this CPU supports
/// and the portable Swift path, each against the literal reference and against one another.
@Suite struct KernelSetTests {
  /// A multi-channel configuration for the four-channel tiles: rows from 1 to 90 positions
  /// (full 16- and 32-wide tiles and every tail length), 4 to 40 input channels per group (more
  /// than one 32-item chunk), strides 1–4, dilation, asymmetric padding, groups and batches.
  static func randomBlockedCase(_ rng: inout SplitMix64) -> DifferentialTests.Case {
    DifferentialTests.randomBlockedCase(
      .init(
        groups: 1...2, inputs: 1...12, wideInputs: 33...40, wideOneIn: 4, channelBlock: 4,
        axes: [(1...6, 1...5, 1...4), (1...45, 1...5, 1...4)], maximumOutput: nil), &rng)
  }

  /// Slow (300 multi-channel cases against the Float64 reference): runs with `CHECKERSCOPE_SLOW_TESTS=1`.
  @Test(.tags(.slow), .onlyWithSlowTests) func everySupportedKernelSetMatchesReference() throws {
    let sets = KernelSet.supported
    var rng = SplitMix64(seed: 20_261_129)
    for index in 0..<300 {
      let c = Self.randomBlockedCase(&rng)
      let expected = try TransposedConvolution.reference(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      var results: [KernelSet: Tensor] = [:]
      for set in sets {
        let actual = try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: nil,
          kernels: set)
        let serial = try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: 1,
          kernels: set)
        let label = "case \(index), \(set): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape)"
        let threadFree = actual.data == serial.data
        #expect(threadFree, "\(label): threads changed the result")
        #expect(actual.shape == expected.shape, "\(label)")
        let mismatch = Approximate.firstMismatch(actual.data, expected.data)
        #expect(mismatch == nil, "\(label): \(String(describing: mismatch))")
        results[set] = actual
      }
      // The C kernels round identically (same fused order); the Swift path only approximately.
      if let avx2 = results[.avx2], let avx512 = results[.avx512] {
        let identical = avx2.data == avx512.data
        #expect(identical, "case \(index): AVX2 and AVX-512 kernels differ")
      }
      if let portable = results[.portable], let native = results[KernelSet.best], KernelSet.best != .portable
      {
        #expect(Approximate.firstMismatch(native.data, portable.data) == nil, "case \(index)")
      }
    }
  }

  /// The CPU's flags from `/proc/cpuinfo` (Linux x86-64), or nil where there is no `flags` line
  /// (macOS, Linux arm64 — whose line is `Features`).
  static let cpuFlags: Set<String>? = {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return nil }
    return Set(line.split(separator: " ").map(String.init))
  }()

  /// The run-time choice follows the CPU's flags (Linux x86-64: `/proc/cpuinfo`).
  @Test(.enabled(if: cpuFlags != nil, "needs the flags line of /proc/cpuinfo (Linux x86-64)"))
  func bestSetFollowsCPUFlags() throws {
    let flags = try #require(Self.cpuFlags)
    let expected: KernelSet
    if flags.contains("avx2"), flags.contains("fma") {
      expected = flags.contains("avx512f") ? .avx512 : .avx2
    } else {
      expected = .portable
    }
    #expect(KernelSet.best == expected)
    #expect(KernelSet.supported.first == .portable)
    #expect(KernelSet.supported.last == KernelSet.best)
  }

  /// Off x86 (arm64: macOS, Linux) only the portable set exists.
  @Test func otherArchitecturesRunThePortableSet() {
    #if arch(x86_64) || arch(i386)
      #expect(KernelSet.supported.first == .portable)
    #else
      #expect(KernelSet.best == .portable)
      #expect(KernelSet.supported == [.portable])
    #endif
  }

  /// `CHECKERSCOPE_KERNELS`: unset or empty is the best set, a supported name is that set (any
  /// letter case), an unknown name or a set this CPU cannot run is an error naming the choices.
  @Test func theEnvironmentChoosesTheSet() throws {
    #expect(try KernelSet.choose(nil) == KernelSet.best)
    #expect(try KernelSet.choose("") == KernelSet.best)
    #expect(try KernelSet.choose(" Portable ") == .portable)
    #expect(throws: KernelSetError.unknown(name: "neon")) { try KernelSet.choose("neon") }
    #expect(throws: KernelSetError.unknown(name: "swift")) { try KernelSet.choose("swift") }
    for set in KernelSet.allCases {
      if set.isSupported {
        #expect(try KernelSet.choose(set.rawValue.uppercased()) == set)
      } else {
        #expect(throws: KernelSetError.unsupported(set)) { try KernelSet.choose(set.rawValue) }
      }
    }
    let message = KernelSetError.unknown(name: "neon").description
    #expect(message.hasPrefix("CHECKERSCOPE_KERNELS=neon: unknown kernel set; use portable, avx2 or avx512"))
    #expect(KernelSetError.unsupported(.avx512).description.contains("cannot run the avx512 kernels"))
  }

  /// This test process's own setting is honoured: `CHECKERSCOPE_KERNELS=portable swift test` runs
  /// everything on the portable set, and a setting this CPU cannot honour fails here instead of
  /// passing on another set.
  @Test func thisRunUsesTheSetTheEnvironmentNames() throws {
    let value = ProcessInfo.processInfo.environment[KernelSet.environmentVariable]
    #expect(KernelSet.environmentError == nil, "\(KernelSet.environmentError?.description ?? "")")
    #expect(KernelSet.active == (try? KernelSet.choose(value)) ?? KernelSet.best)
    if value == nil { #expect(KernelSet.active == KernelSet.best) }
  }

  /// A hand-computed case through every supported set: one input channel of ones over `width`
  /// positions, a 1×1 kernel with weight `k + 1` for output channel `k` of `channels`, stride 1,
  /// summed over 4 identical kernel rows (H: input 4 rows, k = 4, p = 3 gives one output row
  /// reached by all 4): output channel `k` is `4·(k + 1)` everywhere. Four channels over 37
  /// positions are a 32-wide tile and a 5-wide tail of the four-channel kernels; sixteen over 70
  /// are two blocks of the eight-channel AVX-512 kernel, two 32-wide tiles and a 6-wide tail.
  @Test(arguments: [(channels: 4, width: 37), (channels: 16, width: 70)])
  func handComputedTilesAndTails(channels: Int, width: Int) throws {
    let input = Tensor(shape: [1, 1, 4, width], data: [Float](repeating: 1, count: 4 * width))
    var weights: [Float] = []
    for k in 0..<channels { weights += [Float](repeating: Float(k + 1), count: 4) }
    let weight = Tensor(shape: [1, channels, 4, 1], data: weights)
    let parameters = ConvTransposeParameters(
      axes: [AxisParameters(stride: 1, padding: 3), AxisParameters()])
    for set in KernelSet.supported {
      let y = try TransposedConvolution.apply(
        input: input, weight: weight, bias: nil, parameters: parameters, parallelism: 1, kernels: set)
      #expect(y.shape == [1, channels, 1, width])
      for k in 0..<channels {
        #expect(
          y.data[(k * width)..<((k + 1) * width)].allSatisfy { $0 == Float(4 * (k + 1)) },
          "\(set), channel \(k)")
      }
    }
  }
}
