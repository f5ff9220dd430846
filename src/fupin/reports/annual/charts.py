"""A report's charts drawn on the server with matplotlib (Agg, no display) in the look of the
pages' ECharts: the red of the bars, the yellow-to-red scale, grey axes, a white ground
without top and right spines, a light grid, the value axis' unit at its top."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .document import Chart, Document, Section
from .fonts import chart_font, cjk_font
from .render_common import TEXT_WIDTH_CM, chart_height_cm, check_chart, is_chinese
from .render_common import wrap_em as _wrap

DPI = 200
RED = "#b91c1c"  # the pages' bars (--brand)
SCALE = ("#fde68a", "#b91c1c")  # the map's scale, light to dark
GREY, INK, LINE = "#6b7280", "#111827", "#e5e7eb"
#: several series: the red, the grey, then the scale's middle, the ink and the scale's light end
SERIES_COLOURS = (RED, GREY, "#eba657", INK, "#fde68a", "#9ca3af")

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


#: the charts of the document being written, drawn ahead by `charts_drawn`:
#: {(id of the chart, width, chinese): (the chart, its PNG)}
_DRAWN: ContextVar[dict[tuple[int, float, bool | None], tuple[Chart, bytes]] | None] = ContextVar(
    "charts_drawn", default=None
)


def charts_of(document: Document) -> list[Chart]:
    """Every chart of the document, in reading order."""

    def walk(sections: list[Section]) -> Iterator[Chart]:
        for section in sections:
            yield from (block for block in section.blocks if isinstance(block, Chart))
            yield from walk(section.subsections)

    return list(walk(document.sections))


@contextmanager
def charts_drawn(
    document: Document, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[int]:
    """Draw the document's charts once, at the text width and in its language, before it is
    written (the job's stage 绘制图表, one step a chart); inside the block the writers'
    `chart_png` takes these pictures instead of drawing them again. Yields how many."""
    chinese = is_chinese(document)
    charts = charts_of(document)
    drawn: dict[tuple[int, float, bool | None], tuple[Chart, bytes]] = {}
    for n, chart in enumerate(charts, start=1):
        drawn[(id(chart), TEXT_WIDTH_CM, chinese)] = (
            chart,
            chart_png(chart, width_cm=TEXT_WIDTH_CM, chinese=chinese),
        )
        if progress is not None:
            progress(n, len(charts))
    token = _DRAWN.set(drawn)
    try:
        yield len(charts)
    finally:
        _DRAWN.reset(token)


def chart_png(chart: Chart, *, width_cm: float, chinese: bool | None = None) -> bytes:
    """The chart as a PNG of `width_cm` at 200 dpi; the same chart gives the same bytes.
    `chinese`: the report's language (its words: 单位 or Unit); by default, whether the
    chart's texts have Chinese characters. Inside `charts_drawn`, the picture drawn there."""
    ahead = (_DRAWN.get() or {}).get((id(chart), width_cm, chinese))
    if ahead is not None and ahead[0] is chart:
        return ahead[1]
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    check_chart(chart)
    family = chart_font(cjk_font())
    if chinese is None:
        chinese = _has_cjk(chart)
    # in English, Latin letters in a Latin face and Chinese names in the CJK one (matplotlib
    # falls back glyph by glyph); in Chinese, all in the CJK face
    fonts = [family, "DejaVu Sans"] if chinese else ["DejaVu Sans", family]
    with matplotlib.rc_context(_style(fonts)):
        figure = Figure(
            figsize=(width_cm / 2.54, chart_height_cm(chart, width_cm) / 2.54),
            dpi=DPI,
            layout=None if chart.kind == "pie" else "constrained",
        )
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        if not chart.categories or not chart.series or _nothing_to_show(chart):
            _no_data(axes, chinese)
        elif chart.kind == "pie":
            _pie(axes, chart, chinese)
        else:
            _bars_or_line(figure, axes, chart, chinese)
        buffer = io.BytesIO()
        # no Software entry: the bytes do not change with matplotlib's version
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style(fonts: list[str]) -> dict[str, Any]:
    return {
        "font.family": fonts,  # a list: matplotlib falls back glyph by glyph
        "font.size": 9,
        "axes.unicode_minus": False,
        "axes.facecolor": "white",
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "axes.edgecolor": GREY,
        "axes.linewidth": 0.7,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": LINE,
        "grid.linewidth": 0.6,
        "xtick.color": GREY,
        "ytick.color": GREY,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": GREY,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "text.color": INK,
        "legend.frameon": False,
        "legend.fontsize": 8.5,
    }


def _has_cjk(chart: Chart) -> bool:
    texts = [chart.caption, chart.unit, *chart.categories, *(s.name for s in chart.series)]
    return any(_CJK.search(text) for text in texts)


def _nothing_to_show(chart: Chart) -> bool:
    values = [value for series in chart.series for value in series.values]
    return not values or (chart.kind == "pie" and sum(values) == 0)


def _no_data(axes, chinese: bool) -> None:
    axes.set_axis_off()
    axes.text(
        0.5,
        0.5,
        "无数据" if chinese else "No data",
        ha="center",
        va="center",
        color=GREY,
        fontsize=10,
        transform=axes.transAxes,
    )


def figure_number(value: float) -> str:
    """1234567 → 1,234,567; 1234.5 → 1,234.5; at most two decimals."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _bars_or_line(figure, axes, chart: Chart, chinese: bool) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    count, many = len(chart.categories), len(chart.series) > 1
    positions = list(range(count))
    labelled = count * len(chart.series) <= 16
    if chart.kind == "bar":
        width = 0.72 / len(chart.series)
        for index, series in enumerate(chart.series):
            shift = (index - (len(chart.series) - 1) / 2) * width
            bars = axes.bar(
                [p + shift for p in positions],
                series.values,
                width * 0.92,
                color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                label=series.name,
                zorder=2,
            )
            if labelled:
                axes.bar_label(
                    bars,
                    labels=[figure_number(v) for v in series.values],
                    padding=1.5,
                    fontsize=7,
                    color=INK,
                )
        # room for at least four categories: one or two do not become wide slabs
        pad = max(0.0, (4 - count) / 2)
        axes.set_xlim(-0.6 - pad, count - 0.4 + pad)
    else:
        for index, series in enumerate(chart.series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            axes.plot(
                positions,
                series.values,
                color=colour,
                linewidth=1.6,
                marker="o",
                markersize=3.2,
                label=series.name,
                zorder=2,
            )
            if labelled and not many:
                for x, y in zip(positions, series.values, strict=True):
                    axes.annotate(
                        figure_number(y),
                        (x, y),
                        xytext=(0, 4),
                        textcoords="offset points",
                        ha="center",
                        fontsize=7,
                        color=INK,
                    )
        axes.set_xlim(-0.4, count - 0.6) if count > 1 else axes.set_xlim(-1, 1)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, min_n_ticks=3))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: figure_number(value)))
    axes.margins(y=0.12)
    axes.set_ylim(bottom=min(0, axes.get_ylim()[0]))
    _category_labels(figure, axes, chart)
    if chart.unit:
        axes.set_title(
            f"单位：{chart.unit}" if chinese else f"Unit: {chart.unit}",
            loc="left",
            fontsize=7.5,
            color=GREY,
            pad=6,
        )
    if many:
        axes.legend(
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncol=min(len(chart.series), 4),
            handlelength=1.2,
            handleheight=0.8,
            borderaxespad=0.2,
            columnspacing=1.2,
        )


def _category_labels(figure, axes, chart: Chart) -> None:
    """Long labels wrapped to the room each category has; when that takes more than three
    lines, or there are many categories, turned by 30 degrees."""
    width_pt = figure.get_figwidth() * 72 * 0.85
    room_em = width_pt / len(chart.categories) / 9 * 0.92  # 9 pt labels
    wrapped = [_wrap(label, max(room_em, 2.0)) for label in chart.categories]
    axes.set_xticks(range(len(chart.categories)))
    if len(chart.categories) > 12 or any(label.count("\n") > 2 for label in wrapped):
        axes.set_xticklabels(
            [_wrap(label, 9) for label in chart.categories],
            rotation=30,
            ha="right",
            rotation_mode="anchor",
        )
    else:
        axes.set_xticklabels(wrapped)


def _scale(count: int) -> list[str]:
    """`count` colours from the scale's dark end to its light end."""
    from matplotlib.colors import to_hex, to_rgb

    dark, light = to_rgb(SCALE[1]), to_rgb(SCALE[0])
    if count == 1:
        return [SCALE[1]]
    return [to_hex(_mix(dark, light, i / (count - 1))) for i in range(count)]


def _pie(axes: Any, chart: Chart, chinese: bool) -> None:
    values = chart.series[0].values
    total = sum(values)
    colours = _scale(len(values))
    wedges, _ = axes.pie(
        values,
        colors=colours,
        startangle=90,
        counterclock=False,
        wedgeprops={"edgecolor": "white", "linewidth": 1.0},
        radius=1.0,
    )
    for wedge, value, colour in zip(wedges, values, colours, strict=True):
        share = value / total
        if share >= 0.06:
            angle = (wedge.theta1 + wedge.theta2) / 2
            x, y = 0.68 * math.cos(math.radians(angle)), 0.68 * math.sin(math.radians(angle))
            dark = _luminance(colour) < 0.5
            axes.text(
                x,
                y,
                f"{share:.1%}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if dark else INK,
            )
    unit = f" {chart.unit}" if chart.unit and not _CJK.search(chart.unit) else chart.unit
    labels = [
        f"{_wrap(name, 10)}  {figure_number(value)}{unit}（{value / total:.1%}）"
        if chinese
        else f"{_wrap(name, 16)}  {figure_number(value)}{unit} ({value / total:.1%})"
        for name, value in zip(chart.categories, values, strict=True)
    ]
    axes.legend(
        wedges,
        labels,
        loc="center left",
        bbox_to_anchor=(1.02, 0.5),
        handlelength=1.0,
        handleheight=1.0,
        labelspacing=0.7,
    )
    axes.set_aspect("equal")
    axes.grid(False)
    # the pie in the left half, its legend in the right: constrained layout leaves no room
    axes.set_position((0.02, 0.04, 0.46, 0.92))


def _mix(
    dark: tuple[float, float, float], light: tuple[float, float, float], share: float
) -> tuple[float, float, float]:
    r, g, b = (d + (li - d) * share for d, li in zip(dark, light, strict=True))
    return r, g, b


def _luminance(colour: str) -> float:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b
