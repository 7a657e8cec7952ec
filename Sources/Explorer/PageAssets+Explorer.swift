extension PageAssets {
  /// The layer explorer: reads the form, asks `/api/overlap`, draws the map and its metrics, keeps
  /// the state in the address bar, offers the command line and downloads.
  static let explorerScript = #"""
    "use strict";
    (function () {
      const form = document.getElementById("layer-form");
      const names = ["dims", "kernel", "stride", "padding", "dilation", "output-padding", "input-size"];
      // The command's defaults: an option at its default is left out of the command line and the query.
      const defaults = { stride: "1", padding: "0", dilation: "1", "output-padding": "0" };
      const field = (name) => form.elements.namedItem(name);
      const stackList = document.getElementById("stack");
      const heatmap = document.getElementById("heatmap");
      const summary = document.getElementById("summary");
      const cli = document.getElementById("cli-command");
      let lastText = "", lastDoc = null, controller = null, generation = 0;
      window.csTimings = [];

      function stackRow(values) {
        const li = document.createElement("li");
        const index = stackList.children.length + 2;
        const parts = [["k", "kernel", values.k || "3"], ["s", "stride", values.s || "1"], ["p", "padding", values.p || "0"],
          ["d", "dilation", values.d || "1"], ["op", "output padding", values.op || "0"]];
        li.innerHTML = `<div class="row">${parts.map(([key, label, value]) =>
          `<div><label for="stack-${index}-${key}">${key}</label><input id="stack-${index}-${key}" ` +
          `data-key="${key}" aria-label="layer ${index} ${label}" value="${CS.esc(value)}" spellcheck="false"></div>`
        ).join("")}<button type="button" class="remove" aria-label="remove layer ${index}">✕</button></div>`;
        li.querySelector("button.remove").addEventListener("click", () => { li.remove(); renumber(); update(); });
        stackList.appendChild(li);
      }
      function renumber() {
        [...stackList.children].forEach((li, i) => {
          li.querySelectorAll("input").forEach((input) => {
            input.setAttribute("aria-label", `layer ${i + 2} ${input.dataset.key}`);
          });
          li.querySelector("button.remove").setAttribute("aria-label", `remove layer ${i + 2}`);
        });
      }
      function stackSpecs() {
        return [...stackList.children].map((li) => [...li.querySelectorAll("input")]
          .map((input) => `${input.dataset.key}=${input.value.trim()}`).join(","));
      }
      function value(name) { return field(name).value.trim(); }
      // The API's parameters: the command's options without the dashes, defaults left out.
      function apiParams() {
        const params = [];
        const specs = stackSpecs();
        if (value("dims") !== "2") params.push(["dims", value("dims")]);
        if (specs.length) {
          const first = `k=${value("kernel")},s=${value("stride")},p=${value("padding")},d=${value("dilation")},` +
            `op=${value("output-padding")}`;
          [first, ...specs].forEach((spec) => params.push(["layer", spec]));
        } else {
          for (const name of ["kernel", "stride", "padding", "dilation", "output-padding"]) {
            if (name === "kernel" || value(name) !== defaults[name]) params.push([name, value(name)]);
          }
        }
        params.push(["input-size", value("input-size")]);
        return params;
      }
      const encode = (params) => params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
      function commandLine(params) {
        const quote = (v) => /^[A-Za-z0-9x.=,_-]+$/.test(v) ? v : `'${v}'`;
        return "checkerscope overlap " + params.map(([k, v]) => `--${k} ${quote(v)}`).join(" ") + " --format json";
      }
      function saveState(params) {
        const state = [...params];
        const cmap = value("colormap");
        if (cmap && cmap !== "viridis") state.push(["colormap", cmap]);
        if (!field("values").checked) state.push(["values", "false"]);
        history.replaceState(null, "", "?" + encode(state));
      }
      function loadState() {
        const query = new URLSearchParams(location.search);
        for (const name of names) if (query.has(name)) field(name).value = query.get(name);
        const layers = query.getAll("layer");
        if (layers.length) {
          const parse = (spec) => Object.fromEntries(spec.split(/[,\s]+/).filter(Boolean).map((p) => p.split("=")));
          const first = parse(layers[0]);
          field("kernel").value = first.k || "3";
          field("stride").value = first.s || "1";
          field("padding").value = first.p || "0";
          field("dilation").value = first.d || "1";
          field("output-padding").value = first.op || "0";
          layers.slice(1).forEach((spec) => stackRow(parse(spec)));
        }
        if (query.get("values") === "false") field("values").checked = false;
        return query.get("colormap") || "viridis";
      }
      function metric(label, text, key) {
        return `<div><dt>${label}</dt><dd data-metric="${key}">${CS.esc(text)}</dd></div>`;
      }
      function render(doc) {
        const options = { colormap: value("colormap"), showValues: field("values").checked };
        heatmap.innerHTML = CS.mapSVG(doc, options);
        const i = doc.interior, f = doc.full;
        const holes = i.zeroFraction > 0;
        summary.innerHTML = "<dl>" +
          metric("max/min (interior)", i.maxMinRatio === null ? "∞ (holes)" : CS.num(i.maxMinRatio), "maxMinRatio") +
          metric("period", i.period.join("x"), "period") +
          metric("holes", holes ? `yes, ${CS.num(100 * i.zeroFraction)}% of positions` : "no", "holes") +
          metric("uniform", i.uniform ? "yes" : "no", "uniform") +
          metric("cv (interior)", i.cv === null ? "none" : CS.num(i.cv), "cv") +
          metric("range (interior)", `${CS.num(i.min)} … ${CS.num(i.max)}`, "range") +
          metric("mean (interior)", CS.num(i.mean), "mean") +
          metric("max/min, whole map", f.maxMinRatio === null ? "∞ (holes)" : CS.num(f.maxMinRatio), "fullMaxMinRatio") +
          metric("output size", doc.outputSize.join("x"), "outputSize") + "</dl>";
        summary.dataset.maxMinRatio = i.maxMinRatio === null ? "null" : String(i.maxMinRatio);
        summary.dataset.period = i.period.join("x");
        document.getElementById("caption").textContent = (doc.values.flat(2).every(Number.isInteger) ?
          "Each cell counts the kernel taps that reach that output position. " : "") +
          "Interior metrics describe one period of the pattern away from the borders.";
      }
      async function update() {
        const started = performance.now();
        const params = apiParams();
        cli.value = commandLine(params);
        saveState(params);
        if (controller) controller.abort();
        controller = new AbortController();
        const mine = ++generation;
        const url = "/api/overlap?" + encode(params);
        try {
          const { body, text } = await CS.getJSON(url, { signal: controller.signal });
          if (mine !== generation) return;
          lastText = text;
          lastDoc = body;
          render(body);
          summary.dataset.query = encode(params);
          CS.error("");
          heatmap.classList.remove("stale");
          const entry = performance.getEntriesByName(new URL(url, location.href).href).pop();
          const server = entry && entry.serverTiming && entry.serverTiming[0] ? entry.serverTiming[0].duration : null;
          const total = performance.now() - started;
          window.csTimings.push({ total, server });
          summary.dataset.redrawMs = total.toFixed(1);
        } catch (error) {
          if (error.name === "AbortError" || mine !== generation) return;
          CS.error(error.message);
          heatmap.classList.add("stale");
        }
      }
      function redrawOnly() {
        if (lastDoc) render(lastDoc);
        saveState(apiParams());
      }
      document.getElementById("add-layer").addEventListener("click", () => {
        stackRow({});
        update();
        stackList.lastElementChild.querySelector("input").focus();
      });
      form.addEventListener("input", (event) => {
        if (event.target.name === "colormap" || event.target.name === "values") redrawOnly(); else update();
      });
      form.addEventListener("change", (event) => {
        if (event.target.name === "colormap" || event.target.name === "values") redrawOnly();
      });
      form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
      document.getElementById("copy-cli").addEventListener("click", async () => {
        cli.select();
        try { await navigator.clipboard.writeText(cli.value); } catch (e) { document.execCommand("copy"); }
      });
      const svgText = () => {
        const svg = heatmap.querySelector("svg");
        return svg ? new XMLSerializer().serializeToString(svg).replaceAll("currentColor", "#222") : "";
      };
      document.getElementById("download-svg").addEventListener("click", () => {
        CS.download("overlap.svg", new Blob([svgText()], { type: "image/svg+xml" }));
      });
      document.getElementById("download-json").addEventListener("click", () => {
        CS.download("overlap.json", new Blob([lastText], { type: "application/json" }));
      });
      document.getElementById("download-png").addEventListener("click", () => {
        const svg = heatmap.querySelector("svg");
        if (!svg) return;
        const image = new Image();
        const url = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
        image.onload = () => {
          const canvas = document.createElement("canvas");
          canvas.width = svg.width.baseVal.value * 2;
          canvas.height = svg.height.baseVal.value * 2;
          const ctx = canvas.getContext("2d");
          ctx.fillStyle = "#fff";
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
          URL.revokeObjectURL(url);
          canvas.toBlob((blob) => CS.download("overlap.png", blob), "image/png");
        };
        image.src = url;
      });
      const chosen = loadState();
      CS.loadColormaps(field("colormap"), chosen).then(update, (error) => CS.error(error.message));
    })();
    """#
}
