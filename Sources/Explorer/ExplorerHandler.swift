import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Rendering

/// Answers the explorer's requests: the pages, their scripts and style (all embedded), and the
/// JSON API. Every request first passes `RequestGuard`; paths are matched as whole strings and
/// never opened.
public struct ExplorerHandler: HTTPHandler {
  let configuration: ExplorerConfiguration
  let guardian: RequestGuard
  let overlapWork = WorkLimiter(limit: 2, queueLength: 256)
  let modelWork = WorkLimiter(limit: 1, queueLength: 2)
  let progress = ProgressBoard()

  /// A handler for a server listening on `port` (the port actually bound, which the `Host` header
  /// must name).
  public init(configuration: ExplorerConfiguration, port: UInt16) {
    self.configuration = configuration
    self.guardian = RequestGuard(boundHost: configuration.host, port: port)
  }

  /// Answers `request`. A refusal is a 4xx (or 503) with `{"error": "…"}`; the pages ask with
  /// `X-Explorer-Envelope: 1` to get it as a 200 carrying the status in `X-Explorer-Status`, so that
  /// the browser does not log an expected refusal (a bad value, a hostile model) as a failed load.
  public func handleRequest(_ request: HTTPRequest) throws -> HTTPResponse {
    let refusal: APIError
    do {
      try guardian.check(request)
      return try route(request)
    } catch let error as APIError {
      refusal = error
    } catch {
      refusal = APIError(422, "\(error)")
    }
    var response = refusal.response
    // Only for a request that passed the Host check: a refused Host always gets its 421.
    if request.headers[HTTPHeader("X-Explorer-Envelope")] == "1", refusal.status != 421 {
      response.statusCode = .ok
      response.headers[HTTPHeader("X-Explorer-Status")] = String(refusal.status)
    }
    return response
  }

  private var query: (HTTPRequest) -> [(name: String, value: String)] {
    { request in request.query.map { ($0.name, $0.value) } }
  }

  private func route(_ request: HTTPRequest) throws -> HTTPResponse {
    let isGet = request.method == .GET || request.method == .HEAD
    if let asset = PageAssets.asset(at: request.path) {
      guard isGet else { throw APIError(405, "\(request.path) answers GET") }
      return ExplorerResponse.text(asset.text, type: asset.type)
    }
    switch (request.path, isGet) {
    case ("/api/overlap", true): return try overlap(request, svg: false)
    case ("/api/overlap.svg", true): return try overlap(request, svg: true)
    case ("/api/colormaps", true): return try json(Self.colormaps)
    case ("/api/models", true):
      return try json(.object([("models", .array(configuration.models.map { .string($0) }))]))
    case ("/api/progress", true):
      let job = request.query.first { $0.name == "job" }?.value ?? ""
      let state = progress.progress(job)
      return try json(
        .object([("done", .int(state?.done ?? 0)), ("total", .int(state?.total ?? 0))]))
    case ("/api/audit", false) where request.method == .POST: return try model(request, probe: false)
    case ("/api/probe", false) where request.method == .POST: return try model(request, probe: true)
    case ("/api/overlap", false), ("/api/overlap.svg", false), ("/api/colormaps", false),
      ("/api/models", false),
      ("/api/progress", false):
      throw APIError(405, "\(request.path) answers GET")
    case ("/api/audit", _), ("/api/probe", _): throw APIError(405, "\(request.path) answers POST")
    default: throw APIError(404, "nothing at \(request.path)")
    }
  }

  private func json(_ value: CheckerscopeCore.JSONValue) throws -> HTTPResponse {
    ExplorerResponse.text(try value.encoded() + "\n", type: "application/json; charset=utf-8")
  }

  /// `/api/overlap` (the command's JSON bytes) and `/api/overlap.svg` (its heatmap, with
  /// `colormap` and `values=false` as drawing options).
  private func overlap(_ request: HTTPRequest, svg: Bool) throws -> HTTPResponse {
    let items = query(request)
    let drawing: Set<String> = svg ? ["colormap", "values"] : []
    let parsed = try OverlapQuery(items, extra: drawing)
    var options = MapFigureOptions()
    for (name, value) in items where drawing.contains(name) {
      if name == "colormap" {
        guard let map = Colormap.named(value) else {
          throw APIError.badRequest(
            "colormap '\(value)' is not one of \(Colormap.names.joined(separator: ", "))")
        }
        options.colormap = map
      } else {
        guard ["true", "false"].contains(value) else { throw APIError.badRequest("values is true or false") }
        options.showValues = value == "true"
      }
    }
    let budget = configuration.budget
    let version = configuration.version
    let drawingOptions = options
    return try overlapWork.run { () throws -> HTTPResponse in
      let clock = ContinuousClock()
      let start = clock.now
      let map = try parsed.makeMap(budget: budget)
      guard svg else {
        var response = ExplorerResponse.text(try map.jsonDocument(), type: "application/json; charset=utf-8")
        let elapsed = clock.now - start
        let milliseconds =
          Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        response.headers[HTTPHeader("Server-Timing")] = "compute;dur=\(String(format: "%.2f", milliseconds))"
        return response
      }
      let figure = try MapFigure(map: map)
      do {
        try budget.require(
          bytes: figure.bytesNeeded(cellSize: drawingOptions.cellSize, scale: 1), what: "drawing the heatmap")
      } catch {
        throw APIError(413, "\(error)")
      }
      let text = try figure.figure(drawingOptions).svg(
        scale: 1,
        metadata: [
          ("Software", "checkerscope \(version)"), ("Parameters", try figure.parameters.encoded()),
          ("Metric", figure.metricName(drawingOptions)),
        ])
      return ExplorerResponse.text(text, type: "image/svg+xml; charset=utf-8")
    }
  }

  /// `/api/audit` and `/api/probe`: the model from the body (or `model=INDEX` of the command
  /// line's models), run on a thread of its own.
  private func model(_ request: HTTPRequest, probe: Bool) throws -> HTTPResponse {
    let items = query(request)
    let source: ModelRequest.Source
    if let index = items.first(where: { $0.name == "model" })?.value {
      guard let number = Int(index), configuration.models.indices.contains(number) else {
        throw APIError.badRequest("model=\(index) is not the index of a model given to serve")
      }
      source = .file(configuration.models[number])
    } else {
      let data = try Upload.read(request, limit: configuration.uploadLimit)
      source = .upload(data, name: Upload.fileName(request.headers[HTTPHeader("X-Filename")]))
    }
    let allowed: Set<String> =
      probe
      ? ["input-shape", "input", "seed", "format"] : ["input-shape", "threshold", "probe", "layer", "format"]
    if let format = items.first(where: { $0.name == "format" })?.value, format != "json" {
      throw APIError.badRequest("format is json here, got '\(format)'")
    }
    let parsed = try ModelRequest(source: source, query: items, allowed: allowed)
    let budget = configuration.budget
    let board = progress
    let job = parsed.job
    defer { board.remove(job) }
    let text = try modelWork.run { () throws -> String in
      do {
        if probe {
          return try parsed.probeJSON(budget: budget) { done, total in
            board.update(job, done: done, total: total)
          }
        }
        return try parsed.auditJSON(budget: budget)
      } catch let error as APIError {
        throw error
      } catch let error as CoreError {
        throw APIError(413, "\(error)")
      } catch {
        throw APIError(422, "\(error)")
      }
    }
    return ExplorerResponse.text(text, type: "application/json; charset=utf-8")
  }

  /// Every colormap of the renderer: name, whether it is diverging, and its 256 colours as one
  /// string of `rrggbb` hex triples, low end first.
  static let colormaps: CheckerscopeCore.JSONValue = .object([
    (
      "colormaps",
      .array(
        Colormap.all.map { map in
          .object([
            ("name", .string(map.name)), ("diverging", .bool(map.isDiverging)),
            (
              "colors",
              .string(
                map.entries.map { String(format: "%02x%02x%02x", Int($0.red), Int($0.green), Int($0.blue)) }
                  .joined())
            ),
          ])
        })
    )
  ])
}
