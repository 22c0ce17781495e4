"""Small server-rendered SVG charts: no JavaScript, no CDN, and the numbers always also
stand in a table next to the chart (its text alternative)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Line:
    label: str
    css: str
    points: str  # "x,y x,y …" in the chart's coordinates


@dataclass
class LineChart:
    width: int
    height: int
    lines: list[Line]
    # Coordinates are strings: a template would print floats localised ("34,0" in German),
    # which SVG cannot read.
    guides: list[tuple[str, str]]  # (y, label) of horizontal guide lines
    x_labels: list[tuple[str, str]]

    @property
    def label_y(self) -> str:
        return str(self.height - 8)


def share_series_chart(
    series: list[tuple[str, dict[int, float | None]]],
    guide: dict[int, float],
    width: int = 720,
    height: int = 260,
) -> LineChart:
    """A line per window (1/3/6 months) over the months, y from 0 to 100 %."""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(value: float) -> float:
        return round(top + plot_h * (1 - value / 100), 1)

    def x(i: int) -> float:
        return round(left + (plot_w * i / max(len(series) - 1, 1)), 1)

    lines = []
    for n, css in ((1, "s1"), (3, "s3"), (6, "s6")):
        pts = " ".join(f"{x(i)},{y(v[n])}" for i, (_, v) in enumerate(series) if v[n] is not None)
        lines.append(Line(f"{n}", css, pts))
    guides = [(f"{y(g):.1f}", f"{g:.0f} %") for g in guide.values()]
    step = max(1, len(series) // 8)
    x_labels = [(f"{x(i):.1f}", label) for i, (label, _) in enumerate(series) if i % step == 0]
    return LineChart(width, height, lines, guides, x_labels)


def count_series_chart(
    series: list[tuple[str, dict[str, int]]],
    lines: list[tuple[str, str, str]],
    width: int = 720,
    height: int = 260,
) -> LineChart:
    """A line per figure (key, label, css class) over the months, y from 0 to the maximum."""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v.get(key, 0) for _, v in series for key, _l, _c in lines] + [1])

    def y(value: float) -> float:
        return round(top + plot_h * (1 - value / peak), 1)

    def x(i: int) -> float:
        return round(left + (plot_w * i / max(len(series) - 1, 1)), 1)

    drawn = [
        Line(label, css, " ".join(f"{x(i)},{y(v.get(key, 0))}" for i, (_, v) in enumerate(series)))
        for key, label, css in lines
    ]
    half = f"{peak / 2:g}" if peak < 10_000 else f"{peak / 2:.0f}"  # never "7.5e+06" on an axis
    guides = [
        (f"{y(peak):.1f}", f"{peak:g}" if peak < 10_000 else f"{peak:.0f}"),
        (f"{y(peak / 2):.1f}", half),
    ]
    step = max(1, len(series) // 8)
    x_labels = [(f"{x(i):.1f}", label) for i, (label, _) in enumerate(series) if i % step == 0]
    return LineChart(width, height, drawn, guides, x_labels)
