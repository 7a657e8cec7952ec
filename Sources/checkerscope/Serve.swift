import ArgumentParser
import Dispatch
import Explorer
import Foundation

/// `checkerscope serve`: the explorer pages and their JSON API on a local port.
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the explorer: layers, grids and models in the browser, on this machine.",
    discussion: """
      Prints 'checkerscope explorer at http://127.0.0.1:PORT/' once it listens, and serves until \
      SIGTERM or Ctrl-C. Pages: / (layer explorer), /grid (kernel × stride grids), /model (audit and \
      probe of a model). API: GET /api/overlap?<overlap's options without the dashes> (overlap's JSON, \
      byte for byte), GET /api/overlap.svg?…, POST /api/audit and /api/probe with the model's bytes. \
      Only requests naming this server's own address are answered; see Docs/EXPLORER.md. With -o FILE \
      the address line goes to FILE instead (for scripts that start the server in the background).
      """)

  @Argument(help: ArgumentHelp("Models to offer on /model (read by the server).", valueName: "MODEL"))
  var models: [String] = []

  @Option(help: "The port to listen on (0: any free port).")
  var port: Int = 8421

  @Option(help: "The IPv4 address to bind (default 127.0.0.1; 0.0.0.0 listens on every interface).")
  var host = "127.0.0.1"

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Write the address line to FILE (atomically, once the server listens) instead of standard output.",
      valueName: "FILE"),
    completion: .file(extensions: ["txt"]))
  var output = OutputKind.standardStream

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
    for model in models where !FileManager.default.isReadableFile(atPath: model) {
      throw ValidationError("\(model): no such readable file")
    }
  }

  func run() throws {
    try ResultOutput.check(output)
    let server: ExplorerServer
    do {
      server = try ExplorerServer(
        configuration: ExplorerConfiguration(
          host: host, port: UInt16(port), budget: resources.budget, version: Checkerscope.version,
          models: models))
    } catch let error as APIError {
      throw CLIError(error.message)
    }
    // SIGTERM and SIGINT stop the server; the command then returns normally (exit 0).
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
    let finished = DispatchSemaphore(value: 0)
    let outcome = Outcome()
    let stopping = Outcome()
    let task = Task {
      do { try await server.run() } catch {
        // run() returns once stopped; an error while stopping is not a failure.
        if stopping.value == nil { outcome.set("\(error)") }
      }
      finished.signal()
    }
    for source in sources {
      source.setEventHandler {
        stopping.set("stop")
        Task { await server.stop() }
      }
      source.resume()
    }
    let ready = DispatchSemaphore(value: 0)
    Task {
      do { try await server.waitUntilListening(timeout: 30) } catch {
        outcome.set("the server did not start: \(error)")
      }
      ready.signal()
    }
    ready.wait()
    if let failure = outcome.value {
      task.cancel()
      throw CLIError(failure)
    }
    try ResultOutput.write("checkerscope explorer at \(server.url)\n", to: output)
    finished.wait()
    sources.forEach { $0.cancel() }
    if let failure = outcome.value { throw CLIError(failure) }
  }
}

/// A message set from another thread.
private final class Outcome: @unchecked Sendable {
  private let lock = NSLock()
  private var message: String?

  func set(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    if message == nil { message = text }
  }

  var value: String? {
    lock.lock()
    defer { lock.unlock() }
    return message
  }
}
