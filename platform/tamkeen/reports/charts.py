"""Charts as SVG drawn on the server: no chart library, no script, no inline style.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``; the page also
prints the same numbers as a table beside it, ``<chart_id>-table``, which the chart names
in ``aria-details`` so that a screen reader can go from one to the other. Colours and
sizes are attributes, which the Content-Security-Policy allows where ``style=`` would not;
the same markup is embedded in the PDF report. In a right-to-left language the bars grow
from the right.

The ``<svg>`` carries ``direction``, so ``text-anchor`` reads in the page's direction:
"start" is the right edge of an Arabic text. Anchors are therefore the same in both
directions, and only x positions are mirrored (``_x``).
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
FONT = "Noto Sans, Noto Naskh Arabic, system-ui, sans-serif"
INK, MUTED, LINE = "#1d1d1f", "#4f5257", "#c9cfcc"
COLOURS = ("#0b4d3a", "#0b6b4f", "#3f8f74", "#8cbfa9")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def _open(chart_id: str, height: int, title: str, description: str, rtl: bool) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" aria-details="{chart_id}-table" '
        f'font-family="{FONT}" '
        f'font-size="14" fill="{INK}" direction="{"rtl" if rtl else "ltr"}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _x(x: float, width: float, rtl: bool) -> float:
    """Where a box starting at ``x`` (from the reading start) begins on the page."""
    return WIDTH - x - width if rtl else x


def bar_chart(
    chart_id: str, title: str, description: str, bars: list[Bar], *, rtl: bool = False
) -> Markup:
    """Horizontal bars, each labelled above with what it counts, its value just past its
    end (room is kept for the value of the longest bar, so none is clipped or covered)."""
    row, bar_height, value_room, inset = 46, 20, 64, 2
    height = row * len(bars) + 8
    scale_max = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - value_room - inset
    parts = _open(chart_id, height, title, description, rtl)
    anchor = "start"  # the reading start: the left edge in LTR, the right edge in RTL
    for index, bar in enumerate(bars):
        top = index * row + 4
        width = round(span * bar.value / scale_max, 1)
        parts.append(
            f'<text x="{_x(inset, 0, rtl)}" y="{top + 14}" text-anchor="{anchor}">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{_x(inset, width, rtl)}" y="{top + 20}" width="{width}" '
            f'height="{bar_height}" fill="{COLOURS[index % len(COLOURS)]}"/>'
        )
        parts.append(
            f'<text x="{_x(inset + width + 6, 0, rtl)}" y="{top + 35}" text-anchor="{anchor}" '
            f'fill="{MUTED}">{bar.value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text escaped above)  # nosec B704


@dataclass(frozen=True)
class BarRow:
    label: str
    value: int
    bar: Markup  # the bar alone, as an SVG without text


def bar_rows(bars: list[Bar], *, rtl: bool = False) -> list[BarRow]:
    """The same bars for the PDF, whose label and value are HTML beside an SVG of the bar
    alone: WeasyPrint draws SVG text glyph by glyph, which breaks Arabic letters apart."""
    width, height = 400, 14
    scale_max = max((bar.value for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        length = round(width * bar.value / scale_max, 1)
        x = width - length if rtl else 0
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" aria-hidden="true" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<rect x="{x}" y="0" width="{length}" height="{height}" '
            f'fill="{COLOURS[index % len(COLOURS)]}"/></svg>'
        )
        rows.append(BarRow(bar.label, bar.value, Markup(svg)))  # noqa: S704  # nosec B704
    return rows


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    points: list[tuple[str, int]],
    *,
    rtl: bool = False,
) -> Markup:
    """A rising line of running totals (one point per period), with its first and last
    labels and the highest value marked on the axis."""
    height, left, bottom, top = 220, 48, 30, 12
    plot_width, plot_height = WIDTH - left - 16, height - top - bottom
    highest = max((value for _label, value in points), default=0) or 1
    step = plot_width / max(len(points) - 1, 1)
    parts = _open(chart_id, height, title, description, rtl)

    def at(index: int, value: int) -> tuple[float, float]:
        x = left + index * step
        return (WIDTH - x if rtl else x), top + plot_height * (1 - value / highest)

    axis_x = WIDTH - left if rtl else left
    parts.append(
        f'<line x1="{axis_x}" y1="{top}" x2="{axis_x}" y2="{top + plot_height}" stroke="{LINE}"/>'
    )
    parts.append(
        f'<line x1="{left if not rtl else 16}" y1="{top + plot_height}" '
        f'x2="{WIDTH - 16 if not rtl else WIDTH - left}" y2="{top + plot_height}" '
        f'stroke="{LINE}"/>'
    )
    label_x = axis_x + (6 if rtl else -6)
    label_anchor = "end"  # in either direction: the value ends just before the axis
    for value in (0, highest):
        y = at(0, value)[1] + 5
        parts.append(
            f'<text x="{label_x}" y="{y}" text-anchor="{label_anchor}" fill="{MUTED}">'
            f"{value}</text>"
        )
    if points:
        coordinates = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (at(i, v) for i, (_l, v) in enumerate(points))
        )
        parts.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{COLOURS[1]}" stroke-width="3"/>'
        )
        for index, (_label, value) in enumerate(points):
            x, y = at(index, value)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{COLOURS[0]}"/>')
        # The first date reads on from its point, the last one ends at its own: both whole.
        for index, anchor in {len(points) - 1: "end", 0: "start"}.items():
            x = at(index, 0)[0]
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}" fill="{MUTED}">'
                f"{escape(points[index][0])}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text escaped above)  # nosec B704
