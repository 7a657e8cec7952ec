/// Ordering a graph's nodes so each comes after the producers of its inputs.
enum TopologicalOrder {
  /// `nodes` in a topological order: the given order when it already is one (ONNX requires it, and
  /// exporters write it), otherwise Kahn's algorithm, ready nodes taken in file order.
  ///
  /// `available` holds the values present before any node runs (graph inputs and initializers).
  /// Refuses a value produced by two nodes, an input nothing provides, and cycles. O(nodes + edges)
  /// for an ordered file; O((nodes + edges) log nodes) for an unordered one.
  static func sort(_ nodes: [ModelNode], available: Set<String>, path: String) throws(ModelIOError)
    -> [ModelNode]
  {
    var producer: [String: Int] = [:]
    for (index, node) in nodes.enumerated() {
      for output in node.outputs where !output.isEmpty {
        guard producer[output] == nil, !available.contains(output) else {
          throw .malformedGraph(
            path: path, reason: "value '\(output)' is produced twice (again by node '\(node.displayName)')")
        }
        producer[output] = index
      }
    }
    for node in nodes {
      for input in node.inputs where !input.isEmpty && !available.contains(input) && producer[input] == nil {
        throw .malformedGraph(
          path: path,
          reason:
            "node '\(node.displayName)' reads '\(input)', which no node, initializer or graph input provides")
      }
    }
    var done = [Bool](repeating: false, count: nodes.count)
    func ready(_ index: Int) -> Bool {
      nodes[index].inputs.allSatisfy { input in
        input.isEmpty || available.contains(input) || producer[input].map { done[$0] } ?? false
      }
    }
    var inFileOrder = true
    for index in nodes.indices {
      guard ready(index) else {
        inFileOrder = false
        break
      }
      done[index] = true
    }
    if inFileOrder { return nodes }

    return try kahn(nodes, producer: producer, path: path)
  }

  /// Kahn's algorithm with the ready nodes kept in a min-heap of file positions. O((nodes + edges) log nodes).
  static func kahn(_ nodes: [ModelNode], producer: [String: Int], path: String) throws(ModelIOError)
    -> [ModelNode]
  {
    var waiting = [Int](repeating: 0, count: nodes.count)
    var consumers = [[Int]](repeating: [], count: nodes.count)
    for (index, node) in nodes.enumerated() {
      for input in node.inputs where !input.isEmpty {
        guard let source = producer[input] else { continue }
        waiting[index] += 1
        consumers[source].append(index)
      }
    }
    var heap = MinHeap()
    for index in nodes.indices where waiting[index] == 0 { heap.push(index) }
    var order: [ModelNode] = []
    order.reserveCapacity(nodes.count)
    while let index = heap.pop() {
      order.append(nodes[index])
      for consumer in consumers[index] {
        waiting[consumer] -= 1
        if waiting[consumer] == 0 { heap.push(consumer) }
      }
    }
    if let stuck = waiting.firstIndex(where: { $0 > 0 }) {
      throw .malformedGraph(path: path, reason: "node '\(nodes[stuck].displayName)' is on a cycle")
    }
    return order
  }
}

/// A binary min-heap of integers.
struct MinHeap {
  private var items: [Int] = []

  mutating func push(_ value: Int) {
    items.append(value)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child] < items[parent] else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Int? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    guard !items.isEmpty else { return first }
    items[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < items.count && items[left] < items[smallest] { smallest = left }
      if right < items.count && items[right] < items[smallest] { smallest = right }
      guard smallest != parent else { break }
      items.swapAt(parent, smallest)
      parent = smallest
    }
    return first
  }
}
