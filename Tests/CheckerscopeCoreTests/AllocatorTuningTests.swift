import CheckerscopeCore
import Testing

@Suite("AllocatorTuning")
struct AllocatorTuningTests {
  #if os(Linux) && canImport(Glibc)
    @Test("glibc accepts both thresholds, and memory still allocates and frees afterwards")
    func accepted() {
      #expect(AllocatorTuning.keepFreedBlocks())
      // A block above glibc's default mmap threshold and below the new one, written, freed, reused.
      for round in 0..<3 {
        var block = [Float](repeating: Float(round), count: 4 << 20)
        block[block.count - 1] += 1
        #expect(block[0] == Float(round) && block[block.count - 1] == Float(round + 1))
      }
    }
  #else
    @Test("without glibc the tuning reports that it did nothing")
    func ignored() { #expect(!AllocatorTuning.keepFreedBlocks()) }
  #endif

  @Test("the tunables follow the user's own, and a user's choice of any of them stands")
  func tunables() {
    let ours =
      "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912"
    #expect(AllocatorTuning.tunables(existing: nil) == ours)
    #expect(AllocatorTuning.tunables(existing: "") == ours)
    #expect(
      AllocatorTuning.tunables(existing: "glibc.malloc.arena_max=2") == "glibc.malloc.arena_max=2:" + ours)
    #expect(AllocatorTuning.tunables(existing: "glibc.malloc.hugetlb=0") == nil)
    #expect(AllocatorTuning.tunables(existing: "glibc.malloc.mmap_threshold=65536") == nil)
  }
}
