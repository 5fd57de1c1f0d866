"""Charts as PNG bytes: the funnel and the monthly trend. matplotlib is imported only when a chart is drawn,
with the Agg backend and the Noto Sans CJK SC font shipped inside the mplfonts package (no system font assumed)."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from bot.formatting import money
from bot.reports.funnel import Funnel
from bot.sales.vocabulary import WIN_PATH

FONT_FILE = "NotoSansCJKsc-Regular.otf"
BAR_COLOURS = ("#4C78A8", "#5B8FC9", "#72A6D9", "#8FBCE6", "#54A24B")
LEGEND_HEADROOM = 1.3  # axes reach 30 % above the tallest value, so the legend sits inside without covering it


def cjk_font_path() -> Path:
    import mplfonts

    return Path(mplfonts.__file__).resolve().parent / "fonts" / FONT_FILE


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [name]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return pyplot


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return buffer.getvalue()


def funnel_png(f: Funnel, title: str) -> bytes:
    """Centred horizontal bars, widest first: count, conversion and amount on each."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 3.6))
    widest = max(f.total, 1)
    for row, stage in enumerate(WIN_PATH):
        count = f.reached[stage]
        ax.barh(row, count or widest * 0.01, left=(widest - count) / 2, color=BAR_COLOURS[row], height=0.8)
        rate = f.conversion(stage)
        amount = f.won_amount if stage == "won" else f.amounts[stage]
        label = f"{stage.label}  {count}" + (f"（{rate * 100:.0f}%）" if rate is not None else "")
        ax.text(widest / 2, row, f"{label}  {money(amount)}", ha="center", va="center", fontsize=10, color="#222")
    ax.set_ylim(len(WIN_PATH) - 0.5, -0.5)
    ax.set_axis_off()
    ax.set_title(f"{title}（已流失 {f.lost}）", fontsize=12)
    return _png(fig)


def trend_figure(labels: list[str], amounts: list[float], counts: list[int], title: str):
    """Order amount per month as bars (万), the number of orders as a line on a second axis with whole-number
    ticks; one legend for both series, inside the plot above the bars."""
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.bar(labels, [a / 10_000 for a in amounts], color="#4C78A8", label="订单额（万）")
    ax.set_ylabel("订单额（万）")
    ax.set_ylim(0, max(max(amounts, default=0) / 10_000, 1) * LEGEND_HEADROOM)
    ax2 = ax.twinx()
    ax2.plot(labels, counts, color="#E45756", marker="o", label="订单数")
    ax2.set_ylabel("订单数")
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_ylim(0, max(max(counts, default=0), 1) * LEGEND_HEADROOM)
    ax.set_title(title, fontsize=12)
    handles, names = zip(*[pair for axis in (ax, ax2) for pair in zip(*axis.get_legend_handles_labels())])
    ax2.legend(handles, names, loc="upper left", fontsize=8, frameon=False, ncol=2)
    return fig


def trend_png(labels: list[str], amounts: list[float], counts: list[int], title: str) -> bytes:
    return _png(trend_figure(labels, amounts, counts, title))
