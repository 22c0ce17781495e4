"""Line charts as SVG, drawn on the server the same for pages, PDFs and reports.

Every line carries its own stroke colour, dash pattern and marker shape as attributes (not
CSS classes), so a chart survives printing, greyscale and a PDF viewer: the legend names
each line with a sample of it. Axis numbers are German ("15.076.845", "24,8"); guide values
and plan lines are drawn as labelled horizontal lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from lotse.core.german import NBSP, axis_number


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per x label; None: no value (a gap)


@dataclass
class Chart:
    title: str
    x_labels: list[str]
    series: list[Series]
    unit: str = ""  # "%", "€" or "" (counts)
    guides: list[tuple[float, str]] = field(default_factory=list)  # guide values, plan lines
    note: str = ""


# colour (dark enough for 4.5:1 on white), dash pattern, marker — distinct also in greyscale
STYLES = (
    ("#0b4f8a", "", "circle"),
    ("#a34700", "9 4", "square"),
    ("#1d6b2c", "2 3", "triangle"),
    ("#6a3d9a", "12 3 3 3", "diamond"),
    ("#8a1c0b", "5 2", "circle"),
    ("#4a5360", "1 2", "square"),
)
GUIDE = "#6b7480"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def nice_step(peak: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) for an axis up to ``peak``."""
    if peak <= 0:
        return 1.0
    raw = peak / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    corners = {
        "triangle": ((0, -4), (-4, 3), (4, 3)),
        "diamond": ((0, -4), (-4, 0), (0, 4), (4, 0)),
    }.get(shape)
    if corners:
        points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def _text(x: float, y: float, content: str, anchor: str = "start", size: float = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="#222" {FONT}>'
        f"{escape(content)}</text>"
    )


def _line(x1: float, x2: float, y1: float, y2: float, colour: str, width: float, dash: str = "") -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"{dash_attr}/>'
    )


def _unit(value: str, unit: str) -> str:
    return f"{value}{NBSP}{unit}" if unit else value


def line_chart_svg(chart: Chart, width: int = 680, height: int = 250) -> str:
    """The chart as an ``<svg>`` element (role="img" with the title as its name; the numbers
    stand in a table beside it as the text alternative)."""
    values = [v for s in chart.series for v in s.values if v is not None]
    guides = [g for g, _label in chart.guides]
    peak = max([*values, *guides, 0.0])
    if chart.unit == "%":
        peak = min(100.0, max(peak, 10.0))
    step = nice_step(peak * 1.05 if peak else 1)
    top_value = step * math.ceil((peak or 1) / step)
    left, right, top, bottom = 64, 110, 10, 28
    legend_rows = math.ceil(len(chart.series) / 3)
    total_h = height + 20 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(chart.x_labels)

    def x(i: int) -> float:
        return left + (plot_w * i / max(n - 1, 1))

    def y(v: float) -> float:
        return top + plot_h * (1 - v / top_value)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_h}" width="{width}" '
        f'height="{total_h}" role="img" aria-label="{escape(chart.title)}" class="report-chart">',
        f"<title>{escape(chart.title)}</title>",
    ]
    tick = 0.0
    while tick <= top_value + 1e-9:
        ty = y(tick)
        out.append(_line(left, left + plot_w, ty, ty, "#d5dae1", 0.6))
        out.append(_text(left - 6, ty + 4, _unit(axis_number(tick, step), chart.unit), "end"))
        tick += step
    out.append(_line(left, left, top, top + plot_h, "#333", 1))
    every = max(1, math.ceil(n / 8))
    for i, text in enumerate(chart.x_labels):
        if i % every == 0:  # every k-th month (the last one too when it falls on the grid)
            out.append(_text(x(i), top + plot_h + 18, text, "middle"))
    for value, label in chart.guides:
        gy = y(value)
        out.append(_line(left, left + plot_w, gy, gy, GUIDE, 1.2, "6 4"))
        out.append(_text(left + plot_w + 4, gy + 4, label, size=10.5))
    for index, series in enumerate(chart.series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        points = [(x(i), y(v)) for i, v in enumerate(series.values) if v is not None]
        if len(points) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr}/>'
            )
        out.extend(_marker(shape, px, py, colour) for px, py in points)
    for index, series in enumerate(chart.series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        lx = left + (index % 3) * (plot_w / 3)
        ly = height + 8 + 20 * (index // 3)
        out.append(_line(lx, lx + 28, ly, ly, colour, 2.2, dash))
        out.append(_marker(shape, lx + 14, ly, colour))
        out.append(_text(lx + 34, ly + 4, series.label))
    out.append("</svg>")
    return "".join(out)
