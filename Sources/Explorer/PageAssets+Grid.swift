extension PageAssets {
  /// The grid view: one `/api/overlap` request per kernel and stride, a heatmap of the chosen
  /// interior metric; a cell (click, Enter or Space) opens that layer in the explorer.
  static let gridScript = #"""
    "use strict";
    (function () {
      const form = document.getElementById("grid-form");
      const grid = document.getElementById("grid");
      const field = (name) => form.elements.namedItem(name);
      let generation = 0;
      function range(text) {
        const out = [];
        for (const part of text.split(",")) {
          const m = part.trim().match(/^(\d+)(?:-(\d+))?$/);
          if (!m) throw new Error(`'${part.trim()}' is not N or N-M`);
          const a = Number(m[1]), b = m[2] ? Number(m[2]) : a;
          if (a < 1 || b < a || b > 32) throw new Error(`'${part.trim()}' must lie within 1-32`);
          for (let v = a; v <= b; v++) out.push(v);
        }
        return out;
      }
      async function update() {
        const mine = ++generation;
        let kernels, strides;
        try {
          kernels = range(field("kernels").value);
          strides = range(field("strides").value);
        } catch (error) { CS.error(error.message); return; }
        const dims = field("dims").value, padding = field("padding").value.trim() || "0";
        const metricName = field("metric").value, cmap = field("colormap").value;
        const query = new URLSearchParams({ dims, kernels: field("kernels").value, strides: field("strides").value,
          padding, metric: metricName, colormap: cmap });
        history.replaceState(null, "", "?" + query.toString());
        const jobs = [];
        for (const s of strides) for (const k of kernels) {
          const params = `dims=${dims}&kernel=${k}&stride=${s}&input-size=16` + (padding !== "0" ? `&padding=${padding}` : "");
          jobs.push(CS.getJSON("/api/overlap?" + params).then(({ body }) => ({ k, s, i: body.interior }),
            (error) => ({ k, s, error: error.message })));
        }
        const results = await Promise.all(jobs);
        if (mine !== generation) return;
        CS.error("");
        const values = results.map((r) => r.i ? r.i[metricName] : null).filter((v) => v !== null && Number.isFinite(v));
        const hi = Math.max(...values, 1), lo = Math.min(...values, metricName === "maxMinRatio" ? 1 : 0);
        const cell = 46, left = 70, top = 40;
        const parts = [`<text x="${left}" y="16" font-size="13" font-weight="600" fill="currentColor">` +
          `${CS.esc(field("metric").selectedOptions[0].textContent)}, ${dims}D, padding ${CS.esc(padding)}</text>`];
        kernels.forEach((k, j) => parts.push(`<text x="${left + (j + 0.5) * cell}" y="${top - 6}" font-size="11" ` +
          `text-anchor="middle" fill="currentColor">k=${k}</text>`));
        strides.forEach((s, i) => parts.push(`<text x="${left - 8}" y="${top + (i + 0.5) * cell}" font-size="11" ` +
          `text-anchor="end" dominant-baseline="central" fill="currentColor">s=${s}</text>`));
        results.forEach((r) => {
          const j = kernels.indexOf(r.k), i = strides.indexOf(r.s);
          const v = r.i ? r.i[metricName] : null;
          const missing = v === null || v === undefined || !Number.isFinite(v);
          const fill = r.error ? "#9994" : missing ? "#c92a2a" : CS.color(cmap, (v - lo) / (hi - lo || 1));
          const label = r.error ? "—" : missing ? "∞" : CS.num(v).slice(0, 5);
          const desc = r.error ? `kernel ${r.k}, stride ${r.s}: ${r.error}` : `kernel ${r.k}, stride ${r.s}: ${label}`;
          parts.push(`<g><rect class="cell" tabindex="0" role="link" aria-label="${CS.esc(desc)}" data-kernel="${r.k}" ` +
            `data-stride="${r.s}" x="${left + j * cell}" y="${top + i * cell}" width="${cell - 2}" height="${cell - 2}" ` +
            `rx="4" fill="${fill}"><title>${CS.esc(desc)}</title></rect><text x="${left + (j + 0.5) * cell - 1}" ` +
            `y="${top + (i + 0.5) * cell - 1}" font-size="11" text-anchor="middle" dominant-baseline="central" ` +
            `pointer-events="none" fill="${r.error ? "currentColor" : CS.ink(fill.slice(0, 7))}">${label}</text></g>`);
        });
        const w = left + kernels.length * cell + 10, h = top + strides.length * cell + 10;
        grid.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
          `font-family="DejaVu Sans, sans-serif">${parts.join("")}</svg>`;
      }
      function open(target) {
        if (!target.dataset || !target.dataset.kernel) return;
        const dims = field("dims").value, padding = field("padding").value.trim() || "0";
        location.href = `/?dims=${dims}&kernel=${target.dataset.kernel}&stride=${target.dataset.stride}` +
          `&padding=${encodeURIComponent(padding)}&input-size=8`;
      }
      grid.addEventListener("click", (event) => open(event.target));
      grid.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(event.target); }
      });
      form.addEventListener("input", update);
      form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
      const query = new URLSearchParams(location.search);
      for (const name of ["dims", "kernels", "strides", "padding", "metric"]) {
        if (query.has(name)) field(name).value = query.get(name);
      }
      CS.loadColormaps(field("colormap"), query.get("colormap") || "viridis").then(update,
        (error) => CS.error(error.message));
    })();
    """#
}
