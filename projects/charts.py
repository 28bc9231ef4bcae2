"""Simple bar charts drawn on the server as SVG (``includes/bar_chart.html``), each with
the table of its figures behind it: readable without JavaScript, by screen readers (the
chart is one image with a name; the table has every number) and in print."""

from dataclasses import dataclass, field

BAR_HEIGHT = 14
ROW_HEIGHT = 40  # a label line above each bar
WIDTH = 320


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as the page writes it
    y: int = 0
    width: float = 0


@dataclass
class BarChart:
    id: str
    caption: str
    label_heading: str
    value_heading: str
    bars: list = field(default_factory=list)

    def __post_init__(self):
        top = max((bar.value for bar in self.bars), default=0) or 1
        for number, bar in enumerate(self.bars):
            bar.y = number * ROW_HEIGHT
            # Room on the right for the value beside the longest bar.
            bar.width = round(max(bar.value / top * (WIDTH - 60), 1 if bar.value else 0), 1)

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT

    @property
    def width(self):
        return WIDTH

    @property
    def bar_height(self):
        return BAR_HEIGHT
