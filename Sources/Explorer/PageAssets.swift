/// The explorer's files, embedded: the three pages, the style sheet and the scripts. Plain HTML,
/// CSS and JavaScript written by hand (no build step); nothing is loaded from another host.
enum PageAssets {
  /// An embedded file: its text and `Content-Type`.
  struct Asset: Sendable {
    var text: String
    var type: String
  }

  /// The file served at `path`, or nil. Only these exact paths exist.
  static func asset(at path: String) -> Asset? {
    let html = "text/html; charset=utf-8"
    let js = "text/javascript; charset=utf-8"
    switch path {
    case "/", "/index.html": return Asset(text: explorerPage, type: html)
    case "/grid": return Asset(text: gridPage, type: html)
    case "/model": return Asset(text: modelPage, type: html)
    case "/static/style.css": return Asset(text: style, type: "text/css; charset=utf-8")
    case "/static/common.js": return Asset(text: commonScript, type: js)
    case "/static/explorer.js": return Asset(text: explorerScript, type: js)
    case "/static/grid.js": return Asset(text: gridScript, type: js)
    case "/static/model.js": return Asset(text: modelScript, type: js)
    default: return nil
    }
  }

  /// A page: the shared head and navigation around `body`, then `scripts`.
  static func page(title: String, current: String, body: String, scripts: [String]) -> String {
    let links = [("/", "Layers"), ("/grid", "Grid"), ("/model", "Model")].map { href, label in
      "<a href=\"\(href)\"\(href == current ? " aria-current=\"page\"" : "")>\(label)</a>"
    }
    return """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(title) · checkerscope</title>
      <link rel="icon" href="data:,">
      <link rel="stylesheet" href="/static/style.css">
      </head>
      <body>
      <header class="top">
      <span class="brand"><span class="logo" aria-hidden="true"></span>checkerscope <span class="muted">explorer</span></span>
      <nav aria-label="Views">\(links.joined())</nav>
      </header>
      \(body)
      \(scripts.map { "<script src=\"/static/\($0).js\"></script>" }.joined(separator: "\n"))
      </body>
      </html>

      """
  }
}
