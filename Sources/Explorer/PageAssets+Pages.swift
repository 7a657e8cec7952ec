extension PageAssets {
  /// A labelled text input named like the command's option.
  static func field(_ name: String, _ label: String, _ value: String, hint: String) -> String {
    """
    <div class="field"><label for="f-\(name)">\(label)</label>\
    <input id="f-\(name)" name="\(name)" value="\(value)" autocomplete="off" spellcheck="false" \
    inputmode="text" pattern="[0-9]+(x[0-9]+){0,2}" aria-describedby="h-\(name)">\
    <small id="h-\(name)" class="hint">\(hint)</small></div>
    """
  }

  /// `/`: the layer explorer.
  static let explorerPage = page(
    title: "Layer explorer", current: "/",
    body: """
      <main class="layout">
      <section class="panel controls" aria-labelledby="controls-title">
      <h1 id="controls-title">Transposed-convolution layer</h1>
      <form id="layer-form" autocomplete="off">
      <div class="field"><label for="f-dims">Spatial axes (dims)</label>
      <select id="f-dims" name="dims"><option value="1">1D</option><option value="2" selected>2D</option>\
      <option value="3">3D</option></select></div>
      \(field("kernel", "Kernel", "4", hint: "K, or KHxKW"))
      \(field("stride", "Stride", "2", hint: "S, or SHxSW"))
      \(field("padding", "Padding", "0", hint: "removed at both ends"))
      \(field("dilation", "Dilation", "1", hint: "spacing of the taps"))
      \(field("output-padding", "Output padding", "0", hint: "below max(stride, dilation)"))
      \(field("input-size", "Input size", "8", hint: "of the first layer"))
      <fieldset class="stack"><legend>Layer stack</legend>
      <p class="hint">Layers after the first, applied in order.</p>
      <ol id="stack"></ol>
      <button type="button" id="add-layer">Add layer</button>
      </fieldset>
      <fieldset class="display"><legend>Display</legend>
      <div class="field"><label for="f-colormap">Colormap</label><select id="f-colormap" name="colormap"></select></div>
      <div class="field check"><input type="checkbox" id="f-values" name="values" checked>\
      <label for="f-values">Numbers in cells</label></div>
      </fieldset>
      </form>
      </section>
      <section class="panel view" aria-labelledby="view-title">
      <h2 id="view-title" class="sr-only">Overlap map</h2>
      <div data-testid="error" id="error" class="error" role="alert" hidden></div>
      <div data-testid="overlap-summary" id="summary" class="summary" aria-live="polite"></div>
      <figure class="heatmap-figure">
      <div data-testid="overlap-heatmap" id="heatmap" class="heatmap"></div>
      <figcaption id="caption" class="muted"></figcaption>
      </figure>
      <div class="cli"><label for="cli-command">Command line</label>
      <div class="cli-row"><input id="cli-command" readonly spellcheck="false">\
      <button type="button" id="copy-cli">Copy</button></div></div>
      <div class="downloads" role="group" aria-label="Download">
      <button type="button" id="download-svg">SVG</button>
      <button type="button" id="download-png">PNG</button>
      <button type="button" id="download-json">JSON</button>
      </div>
      </section>
      </main>
      """,
    scripts: ["common", "explorer"])

  /// `/grid`: kernel × stride grids of a metric.
  static let gridPage = page(
    title: "Kernel × stride grid", current: "/grid",
    body: """
      <main class="layout">
      <section class="panel controls" aria-labelledby="grid-title">
      <h1 id="grid-title">Kernel × stride grid</h1>
      <form id="grid-form" autocomplete="off">
      <div class="field"><label for="g-dims">Spatial axes (dims)</label>
      <select id="g-dims" name="dims"><option value="1">1D</option><option value="2" selected>2D</option></select></div>
      <div class="field"><label for="g-kernels">Kernels</label><input id="g-kernels" name="kernels" value="1-8"></div>
      <div class="field"><label for="g-strides">Strides</label><input id="g-strides" name="strides" value="1-4"></div>
      <div class="field"><label for="g-padding">Padding</label><input id="g-padding" name="padding" value="0"></div>
      <div class="field"><label for="g-metric">Metric</label><select id="g-metric" name="metric">
      <option value="maxMinRatio">max/min ratio (interior)</option><option value="cv">coefficient of variation</option>
      <option value="zeroFraction">fraction of holes</option></select></div>
      <div class="field"><label for="g-colormap">Colormap</label><select id="g-colormap" name="colormap"></select></div>
      </form>
      <p class="hint">Each cell is the interior of one layer's overlap map (input 16 per axis). Choose a cell to open that layer.</p>
      </section>
      <section class="panel view">
      <div data-testid="error" id="error" class="error" role="alert" hidden></div>
      <div id="grid" data-testid="grid-heatmap" class="heatmap"></div>
      </section>
      </main>
      """,
    scripts: ["common", "grid"])

  /// `/model`: the audit of a model, and the probe on demand.
  static let modelPage = page(
    title: "Model audit", current: "/model",
    body: """
      <main class="layout">
      <section class="panel controls" aria-labelledby="model-title">
      <h1 id="model-title">Audit a model</h1>
      <form id="model-form" autocomplete="off">
      <div class="field"><label for="m-file">Model file (ONNX or safetensors)</label>
      <input type="file" id="m-file" name="model" accept=".onnx,.safetensors"></div>
      <div id="served" class="served" hidden><p class="hint">Models given to <code>serve</code>:</p><ul id="served-list"></ul></div>
      <div class="field"><label for="m-input-shape">Input shape</label>
      <input id="m-input-shape" name="input-shape" placeholder="1x3x256x256" spellcheck="false"></div>
      <div class="field"><label for="m-threshold">PEF threshold</label>
      <input id="m-threshold" name="threshold" type="number" min="0" max="0.99" step="0.005" value="0.01"></div>
      <div class="field"><label for="m-layers">Safetensors layers, one per line</label>
      <textarea id="m-layers" name="layer" rows="3" placeholder="up.weight:k=4,s=2,p=1" spellcheck="false"></textarea></div>
      <button type="submit" id="audit-button">Audit</button>
      </form>
      <div class="probe" aria-labelledby="probe-title">
      <h2 id="probe-title">Probe</h2>
      <p class="hint">Runs the network on a constant input and finds where a periodic pattern starts.</p>
      <div class="field"><label for="m-probe-input">Probe input</label><select id="m-probe-input" name="input">\
      <option value="constant">constant</option><option value="noise">noise</option></select></div>
      <button type="button" id="probe-button" disabled>Run probe</button>
      <progress id="probe-progress" max="1" value="0" hidden></progress>
      <p id="probe-status" class="status" aria-live="polite"></p>
      </div>
      </section>
      <section class="panel view" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit</h2>
      <div data-testid="error" id="error" class="error" role="alert" hidden></div>
      <div id="model-summary" class="summary" aria-live="polite"><p class="muted">Choose a model file.</p></div>
      <div class="table-wrap">
      <table data-testid="audit-table" id="audit-table">
      <thead><tr><th scope="col">Layer</th><th scope="col">Parameters</th><th scope="col">Overlap</th>\
      <th scope="col">Pattern</th><th scope="col">Learned PEF</th><th scope="col">Verdict</th><th scope="col">Remedy</th></tr></thead>
      <tbody></tbody>
      </table>
      </div>
      </section>
      </main>
      """,
    scripts: ["common", "model"])
}
