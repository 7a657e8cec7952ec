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
}
