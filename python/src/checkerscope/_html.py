"""Notebook display: HTML tables and small inline SVG heatmaps (presentation only; every number
comes from the binary's JSON)."""

from __future__ import annotations

import html
from typing import Optional, Sequence

# viridis at five stops (matplotlib's table), interpolated linearly in between.
_VIRIDIS = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]


def _colour(t: float) -> str:
    t = 0.0 if t != t else min(1.0, max(0.0, t))
    x = t * (len(_VIRIDIS) - 1)
    i = min(int(x), len(_VIRIDIS) - 2)
    f = x - i
    rgb = [round(a + (b - a) * f) for a, b in zip(_VIRIDIS[i], _VIRIDIS[i + 1])]
    return "#%02x%02x%02x" % tuple(rgb)


def heatmap_svg(values: Sequence[float], shape: Sequence[int], title: str, cell: int = 18) -> str:
    """A small heatmap of ``values`` (row-major over ``shape``; 1D as one row, 3D as its first
    slice) as inline SVG with the values in the cells."""
    if not values or not shape:
        return ""
    if len(shape) == 1:
        rows, cols = 1, shape[0]
    else:
        rows, cols = shape[-2], shape[-1]
    values = list(values)[: rows * cols]
    low, high = min(values), max(values)
    span = high - low
    top = 14
    width, height = cols * cell, rows * cell + top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{html.escape(title)}</title>',
        f'<text x="0" y="10" font-size="9" font-family="sans-serif">{html.escape(title)}</text>',
    ]
    for index, value in enumerate(values):
        r, c = divmod(index, cols)
        t = 0.5 if span == 0 else (value - low) / span
        parts.append(
            f'<rect x="{c * cell}" y="{top + r * cell}" width="{cell}" height="{cell}" fill="{_colour(t)}"/>'
        )
        if cell >= 16:
            ink = "#000" if t > 0.6 else "#fff"
            parts.append(
                f'<text x="{c * cell + cell / 2}" y="{top + r * cell + cell * 0.65}" font-size="7" '
                f'text-anchor="middle" fill="{ink}" font-family="sans-serif">{value:.3g}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_svg(value: Optional[float], scale: float, width: int = 80, height: int = 10) -> str:
    """A horizontal bar for ``value`` out of ``scale`` (log-free; clipped at the full width)."""
    if value is None or scale <= 0:
        return ""
    filled = max(0.0, min(1.0, value / scale)) * width
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<rect width="{width}" height="{height}" fill="#eee"/>'
        f'<rect width="{filled:.1f}" height="{height}" fill="{_colour(value / scale if scale else 0)}"/></svg>'
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    """An HTML table; cells are HTML already (escape text with ``html.escape``)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<table class="checkerscope"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
