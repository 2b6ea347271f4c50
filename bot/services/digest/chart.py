"""The digest's chart of the week: questions asked and answers posted per side per day, as a PNG.

Drawn with matplotlib's object API on an Agg canvas chosen here in code (never pyplot, so no
GUI backend and no global figure state), under fixed settings so the same numbers always give
the same bytes. The chart's own labels are language-neutral (dates, numbers, "EN"/"ZH" and
symbols in DejaVu Sans, which matplotlib bundles): the words, in both languages, are in the
caption and the alt text (``chart_text``), so no font with Chinese glyphs is needed.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from db.enums import Side

# Okabe-Ito blue and vermillion: told apart with every common colour blindness; answer bars
# are hatched too, so the chart reads in greyscale.
COLOURS = {Side.EN: "#0072B2", Side.ZH: "#D55E00"}
LABELS = {Side.EN: "EN", Side.ZH: "ZH"}
ASKED_MARK, ANSWERED_MARK = "?", "\u2713"  # ✓ is in DejaVu Sans
SIZE_INCHES = (6.4, 3.0)
DPI = 100
# Settings the drawing depends on, pinned so a user's matplotlibrc cannot change the bytes.
_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "hatch.linewidth": 0.8,
    "path.simplify": True,
    "axes.unicode_minus": False,
}
# Font cache and rcParams are process-wide: one drawing at a time.
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class WeekCounts:
    """Per day of one ISO week (Monday first, the digest's time zone): questions asked on each
    side, and answers (replies in question threads) posted by each side. The questions sum to
    the digest's numbers; answers are counted by who wrote them, whatever side asked."""

    week: str
    days: tuple[date, ...]
    asked: dict[Side, tuple[int, ...]]
    answers: dict[Side, tuple[int, ...]]

    @property
    def is_empty(self) -> bool:
        return not any(sum(v) for v in (*self.asked.values(), *self.answers.values()))


def draw_week_chart(counts: WeekCounts) -> bytes:
    """The chart as PNG bytes (blocking: call it in a worker thread)."""
    with _DRAWING, matplotlib.rc_context(_RC):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
        FigureCanvasAgg(figure)  # the figure draws on this canvas: Agg, whatever the rc says
        axes = figure.add_subplot()
        width = 0.2
        positions = range(len(counts.days))
        offsets = {(Side.EN, False): -1.5, (Side.EN, True): -0.5}
        offsets |= {(Side.ZH, False): 0.5, (Side.ZH, True): 1.5}
        for (side, answered), offset in offsets.items():
            values = (counts.answers if answered else counts.asked)[side]
            mark = ANSWERED_MARK if answered else ASKED_MARK
            bars = axes.bar(
                [p + offset * width for p in positions],
                values,
                width,
                color=COLOURS[side],
                alpha=0.55 if answered else 1.0,
                hatch="///" if answered else None,
                edgecolor=COLOURS[side],
                label=f"{LABELS[side]} {mark}",
            )
            axes.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7)
        axes.set_xticks(list(positions), [day.strftime("%m-%d") for day in counts.days])
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(0, max(1, *_all_values(counts)) * 1.2)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(counts.week, loc="left", fontsize=10)
        # Above the bars, beside the title: never over a tall bar.
        axes.legend(
            ncols=4, loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8
        )
        figure.tight_layout()
        buffer = io.BytesIO()
        # No "Software" entry (matplotlib's version) and no time: the same bytes every time.
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def _all_values(counts: WeekCounts) -> list[int]:
    return [v for values in (*counts.asked.values(), *counts.answers.values()) for v in values]
