"""The charts of the evaluation pages, as :class:`lotse.core.charts.Chart` (drawn as SVG by
:func:`lotse.core.charts.line_chart_svg` the same on the page, in the PDF and in a report).
The numbers always also stand in a table next to the chart (its text alternative)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lotse.core.charts import Chart, Series
from lotse.core.german import de_number


def share_chart(series: list[tuple[str, dict[int, float | None]]], guide: dict[int, float]) -> Chart:
    """A line per window (1/3/6 months) over the month ends, with the guide values."""
    windows = (1, 3, 6)
    return Chart(
        title=_("Share of clients with a contact within 1, 3 and 6 months"),
        x_labels=[label for label, _v in series],
        series=[
            Series(
                _("within %(n)s months") % {"n": n} if n > 1 else _("within 1 month"),
                [values.get(n) for _label, values in series],
            )
            for n in windows
        ],
        unit="%",
        guides=[
            (value, _("%(n)s mo.: %(v)s %%") % {"n": n, "v": de_number(value)})
            for n, value in sorted(guide.items())
        ],
    )


def count_chart(
    title: str, series: list[tuple[str, dict[str, float]]], lines: list[tuple[str, str]], **kwargs
) -> Chart:
    """A line per figure (key, label) over the months."""
    return Chart(
        title=title,
        x_labels=[label for label, _v in series],
        series=[Series(label, [values.get(key, 0) for _l, values in series]) for key, label in lines],
        **kwargs,
    )
