import Testing
import TransposedConv

/// Per-axis values and kernel specs with three axes (D, H, W).
@Suite struct PerAxis3DTests {
  @Test func parsesThreeValues() throws {
    #expect(PerAxis(parsing: "2x3x4")?.values == [2, 3, 4])
    #expect(PerAxis(parsing: "2×2×2")?.values == [2, 2, 2])
    #expect(PerAxis(parsing: "2x2x2x2") == nil)
    #expect(try PerAxis(parsing: "3")?.resolved(dims: 3) == [3, 3, 3])
    #expect(throws: ConvTransposeError.self) { try PerAxis([2, 3, 4]).resolved(dims: 2) }
    #expect(throws: ConvTransposeError.self) { try PerAxis([2, 3]).resolved(dims: 3) }
  }

  /// `bilinear:4` is the triangle 0.25, 0.75, 0.75, 0.25 on each axis; in 3D the value at
  /// (i, j, k) is the product of the three.
  @Test func bilinearKernelIsTheOuterProductIn3D() throws {
    let triangle: [Float] = [0.25, 0.75, 0.75, 0.25]
    let kernel = try KernelSpec(parsing: "bilinear:4").kernel(dims: 3)
    #expect(kernel.shape == [4, 4, 4])
    var expected: [Float] = []
    for a in triangle { for b in triangle { for c in triangle { expected.append(a * b * c) } } }
    #expect(kernel.data == expected)
    let mixed = try KernelSpec(parsing: "ones:2x3x4").kernel(dims: 3)
    #expect(mixed.shape == [2, 3, 4])
    #expect(mixed.data.allSatisfy { $0 == 1 })
  }
}
