import CheckerscopeCore

/// What `checkerscope serve` was told: where to listen, the memory budget of each request and the
/// models named on the command line.
public struct ExplorerConfiguration: Sendable {
  /// The IPv4 address to bind (`127.0.0.1` unless told otherwise; `localhost` means that).
  public var host: String
  /// The port; 0 lets the system choose a free one.
  public var port: UInt16
  /// The memory budget of one request's work; uploads are refused above a third of it.
  public var budget: MemoryBudget
  /// The tool's version, for the SVG's `Software` entry.
  public var version: String
  /// The model files named on the command line, offered on `/model` by their index (a client
  /// never names a path).
  public var models: [String]

  public init(
    host: String = "127.0.0.1", port: UInt16 = 8421, budget: MemoryBudget = .default, version: String = "",
    models: [String] = []
  ) {
    self.host = host == "localhost" ? "127.0.0.1" : host
    self.port = port
    self.budget = budget
    self.version = version
    self.models = models
  }

  /// The largest request body accepted: a third of the budget (the bytes, the decoded model and its
  /// working copies), at most 2 GiB.
  public var uploadLimit: Int { min(budget.bytes / 3, 2 << 30) }
}
