extension PageAssets {
  /// Shared by the pages: colormaps from the server, number formatting, errors, and the SVG
  /// drawing of maps (2D cells, 1D bars, 3D slices) and small tiles.
  static let commonScript = #"""
    "use strict";
    const CS = {};
    CS.colormaps = {};
    CS.loadColormaps = async function (select, chosen) {
      const { body } = await CS.getJSON("/api/colormaps");
      for (const map of body.colormaps) {
        const colors = [];
        for (let i = 0; i < 256; i++) colors.push("#" + map.colors.slice(6 * i, 6 * i + 6));
        CS.colormaps[map.name] = { colors, diverging: map.diverging };
        if (select) {
          const option = document.createElement("option");
          option.value = map.name;
          option.textContent = map.name;
          select.appendChild(option);
        }
      }
      if (select) select.value = CS.colormaps[chosen] ? chosen : "viridis";
    };
    // The renderer's rule: index min(floor(clamp(t, 0, 1) * 256), 255).
    CS.color = function (name, t) {
      const map = (CS.colormaps[name] || CS.colormaps.viridis);
      if (!map) return "#888";
      const u = Number.isFinite(t) ? Math.min(Math.max(t, 0), 1) : 0;
      return map.colors[Math.min(Math.floor(u * 256), 255)];
    };
    // Text colour readable on a background colour.
    CS.ink = function (hex) {
      const r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? "#111" : "#fff";
    };
    // Six significant digits, like the command's text output (%g).
    CS.num = function (x) {
      if (x === null || x === undefined) return "none";
      if (!Number.isFinite(x)) return String(x);
      return String(Number(x.toPrecision(6)));
    };
    CS.esc = function (text) {
      return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
        "'": "&#39;" })[c]);
    };
    CS.error = function (message) {
      const box = document.getElementById("error");
      if (!box) return;
      if (message) {
        box.textContent = message;
        box.hidden = false;
      } else {
        box.textContent = "";
        box.hidden = true;
      }
    };
    // Fetches JSON; a refusal throws an Error with the server's one-line reason.
    // The page asks for refusals as 200 answers with an X-Explorer-Status header (the API's own
    // status otherwise), so that an expected refusal is shown on the page, not logged as a failed load.
    CS.getJSON = async function (url, options) {
      const init = { ...(options || {}) };
      init.headers = { ...(init.headers || {}), "X-Explorer-Envelope": "1" };
      const response = await fetch(url, init);
      const text = await response.text();
      const status = Number(response.headers.get("X-Explorer-Status") || response.status);
      let body = null;
      try { body = JSON.parse(text); } catch (e) { body = null; }
      if (status < 200 || status > 299) {
        const reason = body && body.error ? body.error : status + " " + response.statusText;
        const error = new Error(reason);
        error.status = status;
        throw error;
      }
      return { body, text, response };
    };
    CS.flatten = function (values) {
      const out = [];
      const walk = (v) => { if (Array.isArray(v)) v.forEach(walk); else out.push(v); };
      walk(values);
      return out;
    };
    // One 2D grid of cells as SVG elements at (x0, y0); big grids become one embedded image.
    CS.cells = function (rows, x0, y0, cell, domain, cmap, showValues, integral) {
      const h = rows.length, w = h ? rows[0].length : 0;
      const span = domain[1] - domain[0] || 1;
      if (h * w > 6000) {
        const canvas = document.createElement("canvas");
        canvas.width = w;
        canvas.height = h;
        const ctx = canvas.getContext("2d");
        const image = ctx.createImageData(w, h);
        for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
          const c = CS.color(cmap, (rows[i][j] - domain[0]) / span);
          const k = 4 * (i * w + j);
          image.data[k] = parseInt(c.slice(1, 3), 16);
          image.data[k + 1] = parseInt(c.slice(3, 5), 16);
          image.data[k + 2] = parseInt(c.slice(5, 7), 16);
          image.data[k + 3] = 255;
        }
        ctx.putImageData(image, 0, 0);
        return `<image x="${x0}" y="${y0}" width="${w * cell}" height="${h * cell}" ` +
          `image-rendering="pixelated" preserveAspectRatio="none" href="${canvas.toDataURL()}"/>`;
      }
      const parts = [];
      const labels = showValues && cell >= 16;
      const size = Math.max(7, Math.min(14, cell * 0.42));
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
        const v = rows[i][j];
        const fill = CS.color(cmap, (v - domain[0]) / span);
        parts.push(`<rect x="${x0 + j * cell}" y="${y0 + i * cell}" width="${cell}" height="${cell}" fill="${fill}">` +
          (h * w <= 1200 ? `<title>row ${i}, column ${j}: ${CS.num(v)}</title>` : "") + "</rect>");
        if (labels) {
          const text = integral ? String(v) : CS.num(v).slice(0, 5);
          parts.push(`<text x="${x0 + (j + 0.5) * cell}" y="${y0 + (i + 0.5) * cell}" font-size="${size}" ` +
            `fill="${CS.ink(fill)}" text-anchor="middle" dominant-baseline="central">${text}</text>`);
        }
      }
      return parts.join("");
    };
    CS.colorBar = function (x, y, height, domain, cmap, integral) {
      const parts = [`<defs><linearGradient id="cs-bar" x1="0" y1="1" x2="0" y2="0">`];
      for (let i = 0; i <= 16; i++) {
        parts.push(`<stop offset="${i / 16}" stop-color="${CS.color(cmap, Math.min(i / 16, 0.9999))}"/>`);
      }
      parts.push(`</linearGradient></defs><rect x="${x}" y="${y}" width="14" height="${height}" fill="url(#cs-bar)" ` +
        `stroke="#8888"/>`);
      const fmt = (v) => integral ? String(Math.round(v)) : CS.num(v);
      parts.push(`<text x="${x + 20}" y="${y + 10}" font-size="12" fill="currentColor">${fmt(domain[1])}</text>`);
      parts.push(`<text x="${x + 20}" y="${y + height}" font-size="12" fill="currentColor">${fmt(domain[0])}</text>`);
      return parts.join("");
    };
    // The map of an /api/overlap document as an SVG string.
    CS.mapSVG = function (doc, options) {
      const cmap = options.colormap || "viridis";
      const flat = CS.flatten(doc.values);
      const integral = flat.every((v) => Number.isInteger(v));
      let lo = 0, hi = Math.max(...flat, 0);
      if (Math.min(...flat) < 0) lo = Math.min(...flat);
      if (hi <= lo) hi = lo + 1;
      const domain = [lo, hi];
      const width = options.width || 640;
      const title = `${integral ? "overlap count" : "gain"}, ${doc.dims}D, input ${doc.inputSize.join("×")} → ` +
        `output ${doc.outputSize.join("×")}, ${doc.layers.length} layer${doc.layers.length > 1 ? "s" : ""}`;
      const head = 26;
      let body = "", w = 0, h = 0;
      if (doc.dims === 1) {
        const n = flat.length;
        const bar = Math.max(1, Math.min(40, Math.floor((width - 60) / n)));
        const plot = 200;
        const parts = [];
        for (let i = 0; i < n; i++) {
          const v = flat[i];
          const t = (v - lo) / (hi - lo);
          const fill = CS.color(cmap, Math.max(t, 0.08));
          const bh = Math.max(0, t * plot);
          parts.push(`<rect x="${i * bar}" y="${head + plot - bh}" width="${Math.max(bar - (bar > 4 ? 1 : 0), 1)}" ` +
            `height="${bh}" fill="${fill}"><title>position ${i}: ${CS.num(v)}</title></rect>`);
          if (options.showValues && bar >= 14) {
            parts.push(`<text x="${(i + 0.5) * bar}" y="${head + plot - bh - 4}" font-size="10" text-anchor="middle" ` +
              `fill="currentColor">${integral ? v : CS.num(v).slice(0, 4)}</text>`);
          }
        }
        parts.push(`<line x1="0" y1="${head + plot}" x2="${n * bar}" y2="${head + plot}" stroke="currentColor"/>`);
        body = parts.join("");
        w = n * bar + 50;
        h = head + plot + 18;
        body += `<text x="0" y="${h - 2}" font-size="11" fill="currentColor">output position 0…${n - 1}</text>`;
      } else {
        const slices = doc.dims === 3 ? doc.values : [doc.values];
        const rows = slices[0].length, cols = rows ? slices[0][0].length : 0;
        const shown = slices.slice(0, 16);
        const perRow = doc.dims === 3 ? Math.max(1, Math.min(shown.length, Math.floor(width / 150))) : 1;
        const avail = (width - 50) / perRow - (doc.dims === 3 ? 10 : 0);
        const tall = doc.dims === 3 ? 200 : 430;
        const cell = Math.max(1, Math.min(40, Math.floor(avail / cols), Math.floor(tall / rows)));
        const sw = cols * cell, sh = rows * cell;
        const gap = doc.dims === 3 ? 22 : 0;
        const parts = [];
        shown.forEach((slice, k) => {
          const x = (k % perRow) * (sw + 12), y = head + Math.floor(k / perRow) * (sh + gap) + (doc.dims === 3 ? 16 : 0);
          if (doc.dims === 3) parts.push(`<text x="${x}" y="${y - 4}" font-size="11" fill="currentColor">depth ${k}</text>`);
          parts.push(CS.cells(slice, x, y, cell, domain, cmap, options.showValues, integral));
        });
        const gridRows = Math.ceil(shown.length / perRow);
        w = perRow * (sw + 12) + 50;
        h = head + gridRows * (sh + gap) + (doc.dims === 3 ? 16 : 4);
        if (slices.length > shown.length) {
          parts.push(`<text x="0" y="${h}" font-size="11" fill="currentColor">first 16 of ${slices.length} depth ` +
            `slices</text>`);
          h += 14;
        }
        body = parts.join("") + CS.colorBar(w - 44, head, Math.min(sh, 220), domain, cmap, integral);
      }
      if (doc.dims === 1) body += CS.colorBar(w - 44, head, 200, domain, cmap, integral);
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
        `font-family="DejaVu Sans, sans-serif" role="img" aria-label="${CS.esc(title)}">` +
        `<text x="0" y="15" font-size="13" font-weight="600" fill="currentColor">${CS.esc(title)}</text>${body}</svg>`;
    };
    // A small tile (row-major values over `period`) as an SVG string.
    CS.tileSVG = function (values, period, cmap) {
      if (!values || !values.length) return "";
      const dims = period.length;
      const w = dims >= 2 ? period[dims - 1] : values.length;
      const h = Math.max(1, Math.floor(values.length / w));
      const cell = Math.max(4, Math.min(14, Math.floor(56 / Math.max(w, h))));
      const hi = Math.max(...values), lo = Math.min(0, ...values);
      const rows = [];
      for (let i = 0; i < h; i++) rows.push(values.slice(i * w, i * w + w));
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${w * cell}" height="${h * cell}" role="img" ` +
        `aria-label="tile ${period.join("×")}">${CS.cells(rows, 0, 0, cell, [lo, hi > lo ? hi : lo + 1], cmap, false, false)}</svg>`;
    };
    CS.download = function (name, blob) {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    };
    """#
}
