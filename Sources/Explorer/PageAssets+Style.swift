extension PageAssets {
  /// The style sheet: system fonts (DejaVu Sans where installed), a light and a dark scheme.
  static let style = #"""
    :root {
      --bg: #f6f7f9; --panel: #ffffff; --ink: #1d2330; --muted: #5d6677; --line: #dde1e8;
      --accent: #3b5bdb; --accent-ink: #ffffff; --bad: #c92a2a; --bad-bg: #fff0f0; --ok: #2b8a3e;
      --warn: #e67700; --focus: #4c6ef5; --code: #f1f3f7;
      font-family: "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif;
      color: var(--ink); background: var(--bg); font-size: 15px; line-height: 1.45;
    }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #14171c; --panel: #1c2027; --ink: #e6e9ef; --muted: #9aa3b2; --line: #2e343e;
        --accent: #748ffc; --accent-ink: #0b0d12; --bad-bg: #3a1c1c; --bad: #ff8787; --code: #252a33; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; }
    .top { display: flex; align-items: center; gap: 2rem; padding: .7rem 1.4rem; background: var(--panel);
      border-bottom: 1px solid var(--line); }
    .brand { font-weight: 700; letter-spacing: .01em; display: flex; align-items: center; gap: .5rem; }
    .logo { width: 18px; height: 18px; display: inline-block; border-radius: 3px;
      background: conic-gradient(#3b5bdb 0 25%, #fab005 0 50%, #3b5bdb 0 75%, #fab005 0);
      background-size: 9px 9px; }
    .muted { color: var(--muted); font-weight: 400; }
    nav { display: flex; gap: .3rem; }
    nav a { color: var(--ink); text-decoration: none; padding: .3rem .8rem; border-radius: 6px; }
    nav a:hover { background: var(--code); }
    nav a[aria-current="page"] { background: var(--accent); color: var(--accent-ink); }
    .layout { display: grid; grid-template-columns: minmax(250px, 300px) 1fr; gap: 1.2rem; padding: 1.2rem;
      align-items: start; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
    .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.2rem; }
    h1 { font-size: 1.1rem; margin: 0 0 .8rem; }
    h2 { font-size: 1rem; margin: 0 0 .6rem; }
    .field { display: grid; grid-template-columns: 8.5rem 1fr; align-items: center; gap: .1rem .6rem;
      margin: .45rem 0; }
    .field label { font-size: .9rem; }
    .field .hint { grid-column: 2; }
    .field.check { grid-template-columns: auto 1fr; }
    .hint { color: var(--muted); font-size: .78rem; margin: 0; }
    input, select, textarea, button { font: inherit; color: inherit; }
    input:not([type="checkbox"]):not([type="file"]), select, textarea { width: 100%; padding: .32rem .5rem;
      border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
    input:invalid { border-color: var(--bad); }
    input[type="file"] { grid-column: 1 / -1; }
    textarea { grid-column: 1 / -1; font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .85rem; }
    #model-form .field { grid-template-columns: 1fr; }
    button { padding: .35rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent);
      color: var(--accent-ink); cursor: pointer; }
    button.secondary, .downloads button, #copy-cli, .stack button.remove { background: transparent;
      color: var(--accent); }
    button:disabled { opacity: .45; cursor: default; }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; margin: .9rem 0 0; padding: .4rem .8rem .7rem; }
    legend { font-weight: 600; font-size: .9rem; padding: 0 .3rem; }
    .stack ol { margin: .3rem 0; padding-left: 1.2rem; }
    .stack li { margin: .3rem 0; }
    .stack .row { display: grid; grid-template-columns: repeat(5, 1fr) auto; gap: .25rem; align-items: end; }
    .stack .row label { font-size: .7rem; color: var(--muted); display: block; }
    .stack .row input { padding: .2rem .3rem; }
    .stack button.remove { padding: .2rem .45rem; }
    .view { min-width: 0; }
    .heatmap-figure { margin: 0; }
    .heatmap { overflow: auto; min-height: 120px; }
    .heatmap svg { max-width: 100%; height: auto; display: block; }
    .heatmap svg image { image-rendering: pixelated; }
    figcaption { font-size: .85rem; margin-top: .3rem; }
    .summary dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(132px, 1fr)); gap: .45rem;
      margin: 0 0 1rem; }
    .summary dl div { background: var(--code); border-radius: 8px; padding: .45rem .7rem; }
    .summary dt { font-size: .75rem; color: var(--muted); }
    .summary dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
    .cli { margin: .8rem 0; }
    .cli label { font-size: .8rem; color: var(--muted); }
    .cli-row { display: flex; gap: .4rem; }
    .cli-row input { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .82rem;
      background: var(--code) !important; }
    .downloads { display: flex; gap: .4rem; }
    .error { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); border-radius: 8px;
      padding: .55rem .8rem; margin-bottom: .8rem; white-space: pre-wrap; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: .88rem; }
    th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
    th { font-size: .78rem; color: var(--muted); font-weight: 600; }
    tr.origin td { background: color-mix(in srgb, var(--warn) 16%, transparent); }
    td code, .served code { background: var(--code); padding: .05rem .3rem; border-radius: 4px; font-size: .82rem; }
    .badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-size: .78rem;
      font-weight: 600; color: #fff; background: var(--muted); white-space: nowrap; }
    .badge.artifacts { background: var(--bad); }
    .badge.ok { background: var(--ok); }
    .badge.compensated { background: #1971c2; }
    .badge.gradient-only { background: #868e96; }
    .node { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .8rem; overflow-wrap: anywhere; }
    .remedy { font-size: .8rem; max-width: 26rem; }
    .remedy summary { cursor: pointer; }
    .probe { margin-top: 1.2rem; border-top: 1px solid var(--line); padding-top: .8rem; }
    progress { width: 100%; margin: .5rem 0 0; }
    .status { font-size: .85rem; }
    .served ul { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-direction: column; gap: .3rem; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    #grid svg rect.cell { cursor: pointer; }
    #grid svg rect.cell:focus { outline: none; stroke: var(--focus); stroke-width: 3; }
    """#
}
