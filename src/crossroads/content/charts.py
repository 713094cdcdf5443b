"""Bar charts drawn on the server as inline SVG: light, no script, no external file.
Surveys' results, the pledge tracker and the dashboards draw theirs here.

A chart is decorative for screen readers (``aria-hidden``): the page puts a table of the
same numbers beside it. Each row is a label over one bar per series (the years a survey
compares, the latest darkest; a single bar in the darkest colour); text is escaped
here, as the SVG is marked safe.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 560
LABEL_HEIGHT = 16
BAR_HEIGHT = 11
BAR_GAP = 2
ROW_GAP = 8
#: Room on the right for the figure written after the longest bar.
FIGURE_ROOM = 64
#: Bar colours from the latest series (a survey's year) back to the earliest compared.
COLOURS = ("#1f5f8b", "#7fa9c9", "#c5d8e6", "#e3ecf3", "#eef3f7")


def year_colour(position_from_latest: int) -> str:
    return COLOURS[min(position_from_latest, len(COLOURS) - 1)]


def bar_chart(rows: list[tuple[str, list[tuple[float, str]]]], *, scale_to: float) -> SafeString:
    """``rows``: (label, [(value, figure text) per series, earliest first]); bars are
    drawn as a share of ``scale_to`` (100 for percentages, else the largest value)."""
    scale_to = scale_to or 1
    room = WIDTH - FIGURE_ROOM
    parts = []
    y = 0
    for label, bars in rows:
        y += LABEL_HEIGHT
        parts.append(f'<text x="0" y="{y - 4}">{escape(label[:90])}</text>')
        for position, (value, figure) in enumerate(bars):
            width = max(room * max(value, 0) / scale_to, 0)
            colour = year_colour(len(bars) - 1 - position)
            parts.append(
                f'<rect x="0" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
                f'<text x="{width + 4:.1f}" y="{y + BAR_HEIGHT - 2}">{escape(figure)}</text>'
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {y}" width="100%" aria-hidden="true" '
        f'focusable="false" font-size="11" font-family="sans-serif" fill="#222">'
        f"{''.join(parts)}</svg>"
    )
