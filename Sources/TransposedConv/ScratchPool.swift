import Synchronization

/// Float scratch memory kept between calls of the GEMM paths (`ConvolutionGEMM`, `Winograd`,
/// `PhaseGEMM`), so a network's layers reuse the same pages instead of faulting in (and the
/// kernel zeroing) fresh ones on every call. A buffer is taken by one call at a time; at most
/// `kept` buffers wait in the pool, the smallest beyond that are freed. Contents are undefined.
final class ScratchPool: Sendable {
  static let shared = ScratchPool()
  /// Buffers kept after use.
  static let kept = 8

  struct Buffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int
  }

  private let free = Mutex<[Buffer]>([])

  /// A buffer of at least `count` floats: the smallest pooled one that fits, or a new one.
  func take(_ count: Int) -> Buffer {
    let wanted = max(1, count)
    let reused = free.withLock { buffers -> Buffer? in
      var best: Int?
      for (index, buffer) in buffers.enumerated() where buffer.capacity >= wanted {
        if let b = best, buffers[b].capacity <= buffer.capacity { continue }
        best = index
      }
      guard let best else { return nil }
      return buffers.remove(at: best)
    }
    if let reused { return reused }
    let pointer = UnsafeMutablePointer<Float>.allocate(capacity: wanted)
    MemoryAdvice.preferHugePages(UnsafeMutableBufferPointer(start: pointer, count: wanted))
    return Buffer(pointer: pointer, capacity: wanted)
  }

  /// Returns `buffer` to the pool (freeing the smallest when more than `kept` wait).
  func give(_ buffer: Buffer) {
    let dropped = free.withLock { buffers -> Buffer? in
      buffers.append(buffer)
      guard buffers.count > Self.kept,
        let smallest = buffers.indices.min(by: { buffers[$0].capacity < buffers[$1].capacity })
      else { return nil }
      return buffers.remove(at: smallest)
    }
    dropped?.pointer.deallocate()
  }
}

/// The scratch of one GEMM call, taken from the pool together and given back together: the
/// product's input (`source`), its row offsets, the packed weights, a block of biases and the
/// wide-row output scratch.
struct GEMMScratch {
  let sourceBuffer: ScratchPool.Buffer
  let packedBuffer: ScratchPool.Buffer
  let biasBlockBuffer: ScratchPool.Buffer
  let scratchBuffer: ScratchPool.Buffer
  let offsets: UnsafeMutablePointer<Int>

  var source: UnsafeMutablePointer<Float> { sourceBuffer.pointer }
  var packed: UnsafeMutablePointer<Float> { packedBuffer.pointer }
  var biasBlock: UnsafeMutablePointer<Float> { biasBlockBuffer.pointer }
  var scratch: UnsafeMutablePointer<Float> { scratchBuffer.pointer }

  /// Takes buffers of at least the given numbers of floats (and `offsets` integers; at least one each).
  init(source: Int, offsets: Int, packed: Int, biasBlock: Int, scratch: Int) {
    let pool = ScratchPool.shared
    sourceBuffer = pool.take(source)
    self.offsets = UnsafeMutablePointer<Int>.allocate(capacity: max(1, offsets))
    packedBuffer = pool.take(packed)
    biasBlockBuffer = pool.take(biasBlock)
    scratchBuffer = pool.take(scratch)
  }

  /// Gives every buffer back; the pointers must not be used afterwards.
  func release() {
    let pool = ScratchPool.shared
    pool.give(sourceBuffer)
    offsets.deallocate()
    pool.give(packedBuffer)
    pool.give(biasBlockBuffer)
    pool.give(scratchBuffer)
  }
}
