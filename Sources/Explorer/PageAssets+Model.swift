import ModelRuntime

extension PageAssets {
  /// The model view: uploads the chosen file to `/api/audit`, lists the audited layers, runs the
  /// probe on demand with its progress, highlights the layer the pattern starts at.
  static let modelScript = #"""
    "use strict";
    (function () {
      const form = document.getElementById("model-form");
      const fileInput = document.getElementById("m-file");
      const tbody = document.querySelector("#audit-table tbody");
      const summary = document.getElementById("model-summary");
      const probeButton = document.getElementById("probe-button");
      const progress = document.getElementById("probe-progress");
      const status = document.getElementById("probe-status");
      let current = null; // { name, bytes } or { index, name }
      let lastReport = null;

      function auditQuery() {
        const params = new URLSearchParams();
        const shape = document.getElementById("m-input-shape").value.trim();
        if (shape && !current.name.toLowerCase().endsWith(".safetensors")) params.append("input-shape", shape);
        const threshold = document.getElementById("m-threshold").value.trim();
        if (threshold && threshold !== "0.01") params.append("threshold", threshold);
        if (current.name.toLowerCase().endsWith(".safetensors")) {
          document.getElementById("m-layers").value.split("\n").map((l) => l.trim()).filter(Boolean)
            .forEach((l) => params.append("layer", l));
        }
        if (current.index !== undefined) params.append("model", String(current.index));
        return params;
      }
      function request(params) {
        // Header values must be printable ASCII; other characters of a file's name become "_".
        const headers = { "X-Filename": current.name.replace(/[^\x20-\x7e]/g, "_") };
        if (current.index !== undefined) return { method: "POST", headers, body: "" };
        return { method: "POST", headers: { ...headers, "Content-Type": "application/octet-stream" }, body: current.bytes };
      }
      const ints = (a) => a ? a.join("×") : "";
      function parameters(layer) {
        if (layer.kernel) {
          const parts = [`k ${ints(layer.kernel)}`, `s ${ints(layer.stride)}`];
          const pads = layer.padsBegin.some((p, i) => p !== layer.padsEnd[i]) ?
            `p ${ints(layer.padsBegin)} / ${ints(layer.padsEnd)}` : `p ${ints(layer.padsBegin)}`;
          parts.push(pads);
          if (layer.outputPadding.some((v) => v)) parts.push(`op ${ints(layer.outputPadding)}`);
          if (layer.dilation.some((v) => v !== 1)) parts.push(`d ${ints(layer.dilation)}`);
          if (layer.groups !== 1) parts.push(`g ${layer.groups}`);
          return parts.join(" · ");
        }
        if (layer.scale) return `${layer.mode} × ${layer.scale.map(CS.num).join("×")}`;
        if (layer.blocksize) return `block ${layer.blocksize}, ${layer.mode}`;
        return "";
      }
      function explorerLink(layer) {
        if (layer.op !== "\#(OperatorName.convTranspose)" || !layer.kernel) return "";
        if (layer.padsBegin.some((p, i) => p !== layer.padsEnd[i])) return "";
        const q = new URLSearchParams({ dims: String(layer.dims), kernel: layer.kernel.join("x"),
          stride: layer.stride.join("x"), padding: layer.padsBegin.join("x"), dilation: layer.dilation.join("x"),
          "output-padding": layer.outputPadding.join("x"), "input-size": layer.kernel.map(() => 8).join("x") });
        return ` <a href="/?${q.toString()}" class="explore">explore</a>`;
      }
      // A long remedy folds behind its first clause.
      function remedy(text) {
        if (!text) return "";
        const cut = text.indexOf(" (");
        if (text.length < 90 || cut < 0) return CS.esc(text);
        return `<details><summary>${CS.esc(text.slice(0, cut))}</summary>${CS.esc(text.slice(cut + 1))}</details>`;
      }
      function row(layer) {
        const tr = document.createElement("tr");
        tr.dataset.node = layer.node;
        const c = layer.counts;
        const overlap = c ? `period ${ints(c.period)}, max/min ${c.maxMinRatio === null ? "∞" : CS.num(c.maxMinRatio)}` +
          (c.holes ? ", holes" : "") : "—";
        const tile = c ? `<span title="one period of the counts: ${c.tile.map(CS.num).join(" ")}">` +
          CS.tileSVG(c.tile, c.period, "viridis") + "</span>" : "";
        const w = layer.weights;
        const pef = w ? `${CS.num(w.pefMax)} max, ${CS.num(w.pefMedian)} median (${w.unevenChannels}/${w.outputChannels} uneven)`
          : "—";
        const gains = w && c && w.worstGains ? `<span class="gains" title="channel ${w.worstChannel}'s gain per phase">` +
          CS.tileSVG(w.worstGains.map((g) => g - Math.min(...w.worstGains)), c.period, "magma") + "</span>" : "";
        tr.innerHTML = `<td><span class="node">${CS.esc(layer.node)}</span><br><span class="muted">${CS.esc(layer.op)}` +
          `</span></td><td>${CS.esc(parameters(layer))}${explorerLink(layer)}</td><td>${CS.esc(overlap)}</td>` +
          `<td>${tile}</td><td>${CS.esc(pef)} ${gains}</td><td><span class="badge ${CS.esc(layer.verdict)}">` +
          `${CS.esc(layer.verdict)}</span></td><td class="remedy">${remedy(layer.remedy)}</td>`;
        return tr;
      }
      function showAudit(report) {
        lastReport = report;
        tbody.replaceChildren(...report.layers.map(row));
        const first = report.firstArtifactLayer ? `, first artifact layer <code>${CS.esc(report.firstArtifactLayer)}</code>` : "";
        summary.innerHTML = `<p><strong>${CS.esc(report.model)}</strong>: verdict ` +
          `<span class="badge ${CS.esc(report.verdict)}">${CS.esc(report.verdict)}</span>${first}; ` +
          `${report.layers.length} layer(s) audited` +
          (report.inputShape ? `, input ${ints(report.inputShape)}` : "") + ".</p>";
      }
      async function audit() {
        if (!current) return;
        CS.error("");
        status.textContent = "";
        summary.innerHTML = `<p class="muted">Auditing ${CS.esc(current.name)}…</p>`;
        tbody.replaceChildren();
        probeButton.disabled = true;
        try {
          const { body } = await CS.getJSON("/api/audit?" + auditQuery().toString(), request());
          showAudit(body);
          probeButton.disabled = current.name.toLowerCase().endsWith(".safetensors");
        } catch (error) {
          summary.innerHTML = "";
          CS.error(`${current.name}: ${error.message}`);
        }
      }
      async function probe() {
        if (!current) return;
        const job = Math.random().toString(36).slice(2, 12);
        const params = new URLSearchParams({ job, input: document.getElementById("m-probe-input").value });
        const shape = document.getElementById("m-input-shape").value.trim();
        if (shape) params.append("input-shape", shape);
        if (current.index !== undefined) params.append("model", String(current.index));
        probeButton.disabled = true;
        progress.hidden = false;
        progress.removeAttribute("value");
        const started = performance.now();
        status.textContent = "Running the network…";
        const timer = setInterval(async () => {
          try {
            const { body } = await CS.getJSON("/api/progress?job=" + job);
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            if (body.total) {
              progress.max = body.total;
              progress.value = body.done;
              status.textContent = `Running: node ${body.done} of ${body.total}, ${seconds} s`;
            } else {
              status.textContent = `Running… ${seconds} s`;
            }
          } catch (e) { /* the next tick tries again */ }
        }, 250);
        try {
          const { body } = await CS.getJSON("/api/probe?" + params.toString(), request());
          const origin = body.origin ? body.origin.layer || body.origin.node : null;
          document.querySelectorAll("tr.origin").forEach((tr) => tr.classList.remove("origin"));
          const match = origin ? [...tbody.querySelectorAll("tr")].find((tr) => tr.dataset.node === origin) : null;
          if (match) match.classList.add("origin");
          const strength = body.output && body.output.strength !== null ? CS.num(body.output.strength) : "none";
          status.innerHTML = `Probe verdict <span class="badge ${CS.esc(body.verdict)}">${CS.esc(body.verdict)}</span>` +
            (origin ? `; the pattern starts at <code>${CS.esc(origin)}</code>` : "; no origin") +
            `; strength at the output ${strength}.`;
          status.dataset.verdict = body.verdict;
        } catch (error) {
          status.textContent = "";
          CS.error(`probe of ${current.name}: ${error.message}`);
        } finally {
          clearInterval(timer);
          progress.hidden = true;
          probeButton.disabled = false;
        }
      }
      fileInput.addEventListener("change", async () => {
        const file = fileInput.files[0];
        if (!file) return;
        current = { name: file.name, bytes: await file.arrayBuffer() };
        audit();
      });
      form.addEventListener("submit", (event) => { event.preventDefault(); audit(); });
      probeButton.addEventListener("click", probe);
      CS.loadColormaps(null, "viridis").catch((error) => CS.error(error.message));
      CS.getJSON("/api/models").then(({ body }) => {
        if (!body.models.length) return;
        document.getElementById("served").hidden = false;
        const list = document.getElementById("served-list");
        body.models.forEach((path, index) => {
          const li = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "secondary";
          button.textContent = path.split("/").pop();
          button.title = path;
          button.addEventListener("click", () => { current = { index, name: path }; audit(); });
          li.appendChild(button);
          list.appendChild(li);
        });
      }, (error) => CS.error(error.message));
    })();
    """#
}
