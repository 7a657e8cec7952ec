import TestSupport
import Testing

/// The comparison every differential and PyTorch test relies on.
@Suite("Approximate")
struct ApproximateTests {
  @Test("infinities equal only themselves; NaN equals nothing")
  func nonFinite() {
    #expect(!Approximate.equal(.infinity, 1))
    #expect(!Approximate.equal(3, -.infinity))
    #expect(!Approximate.equal(.infinity, -.infinity))
    #expect(!Approximate.equal(.nan, .nan))
    #expect(!Approximate.equal(.nan, 0))
    #expect(Approximate.equal(.infinity, .infinity))
    #expect(Approximate.firstMismatch([Float(1), .infinity], [1.0, 2.0])?.index == 1)
  }

  @Test("finite values within the tolerance are equal, others not")
  func finite() {
    #expect(Approximate.equal(1, 1 + 1e-6))
    #expect(Approximate.equal(1e6, 1e6 + 5))
    #expect(!Approximate.equal(1, 1.001))
    #expect(!Approximate.equal(1e300, 1.1e300))
  }
}
