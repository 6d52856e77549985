"""The circular's charts, drawn with Pillow as PNG so that Word and PDF carry the same picture.

Pillow is already a dependency and its PNG output has no timestamp, so the same figures give the
same bytes. Chinese labels use the Noto CJK font that fontconfig finds (Debian's fonts-noto-cjk).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

SCALE = 2  # drawn at twice the size it is shown, for print
WIDTH = 660 * SCALE
ROW = 22 * SCALE
BAR = 14 * SCALE
TOP = 40 * SCALE
BOTTOM = 26 * SCALE
LEFT_MIN = 90 * SCALE
RIGHT = 56 * SCALE
COLOURS = {"red": (192, 0, 0), "black": (38, 38, 38), "": (47, 111, 176), "vetoed": (140, 140, 140)}
GRID = (215, 215, 215)
TEXT = (30, 30, 30)
MUTED = (110, 110, 110)


@lru_cache(maxsize=8)
def font_file(pattern: str = "Noto Sans CJK SC") -> tuple[str, int] | None:
    """(path, index in the collection) of a CJK font fontconfig matches, or None."""
    if not shutil.which("fc-match"):
        return None
    for query in (pattern, "sans-serif:lang=zh-cn"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}|%{lang}", query],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        path, index, langs = (found.split("|", 2) + ["", ""])[:3]
        if path and "zh-cn" in langs.split("|"):
            return path, int(index or 0)
    return None


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = font_file("Noto Sans CJK SC:bold" if bold else "Noto Sans CJK SC")
    if found is None:
        logger.warning("no CJK font found by fontconfig: the circular's charts will not show Chinese")
        return ImageFont.load_default(size)
    return ImageFont.truetype(found[0], size, index=found[1])


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    kind: str = ""  # "red", "black", "vetoed" or "" (the colour)
    text: str = ""  # shown at the end of the bar; the value when empty


def bar_chart(
    bars: list[Bar], *, title: str, maximum: float | None = None, average: float | None = None,
    average_label: str = "", legend: list[tuple[str, str]] | None = None,
) -> bytes:  # fmt: skip
    """A horizontal bar chart, one row per bar in the given order, as PNG bytes."""
    row = ROW if len(bars) <= 12 else ROW * 3 // 4  # long lists a little denser
    bar = BAR if len(bars) <= 12 else row * 2 // 3
    label_font, small = font(13 * SCALE if len(bars) <= 12 else 12 * SCALE), font(11 * SCALE)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left = max([LEFT_MIN] + [int(scratch.textlength(b.label, font=label_font)) + 12 * SCALE for b in bars])
    left = min(left, WIDTH // 3)
    height = TOP + max(len(bars), 1) * row + BOTTOM
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    top_value = maximum or max([b.value for b in bars] + [1])
    plot = WIDTH - left - RIGHT

    def x_of(value: float) -> int:
        return left + round(plot * max(0.0, min(value, top_value)) / top_value)

    draw.text((8 * SCALE, 10 * SCALE), title, font=font(14 * SCALE, bold=True), fill=TEXT)
    _legend(draw, legend or [], small)
    for tick in _ticks(top_value):
        x = x_of(tick)
        draw.line([(x, TOP - 4 * SCALE), (x, height - BOTTOM)], fill=GRID, width=SCALE)
        text = f"{tick:g}"
        draw.text(
            (x - scratch.textlength(text, font=small) / 2, height - BOTTOM + 4 * SCALE), text, font=small, fill=MUTED
        )
    for i, b in enumerate(bars):
        y = TOP + i * row + (row - bar) // 2
        label = _fit(scratch, b.label, label_font, left - 12 * SCALE)
        width = scratch.textlength(label, font=label_font)
        draw.text((left - 8 * SCALE - width, y + bar // 2), label, font=label_font, fill=TEXT, anchor="lm")
        end = x_of(b.value)
        draw.rectangle([left, y, max(end, left + SCALE), y + bar], fill=COLOURS.get(b.kind, COLOURS[""]))
        draw.text((end + 5 * SCALE, y + bar // 2), b.text or f"{b.value:g}", font=small, fill=TEXT, anchor="lm")
    draw.line([(left, TOP - 4 * SCALE), (left, height - BOTTOM)], fill=MUTED, width=SCALE)
    if average is not None and bars:
        x = x_of(average)
        for y in range(TOP - 4 * SCALE, height - BOTTOM, 8 * SCALE):
            draw.line([(x, y), (x, y + 4 * SCALE)], fill=(230, 120, 0), width=SCALE)
        draw.text((x + 4 * SCALE, TOP - 16 * SCALE), average_label, font=small, fill=(200, 100, 0))
    return _png(image)


def _legend(draw: ImageDraw.ImageDraw, items: list[tuple[str, str]], small) -> None:
    x = WIDTH - 10 * SCALE
    for label, kind in reversed(items):
        width = draw.textlength(label, font=small)
        x -= width
        draw.text((x, 12 * SCALE), label, font=small, fill=TEXT)
        x -= 16 * SCALE
        draw.rectangle([x, 14 * SCALE, x + 11 * SCALE, 25 * SCALE], fill=COLOURS.get(kind, COLOURS[""]))
        x -= 12 * SCALE


def _ticks(top: float) -> list[float]:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if top / step <= 6:
            return [step * i for i in range(int(top // step) + 1)]
    return [0, top]


def _fit(draw: ImageDraw.ImageDraw, text: str, used_font, width: int) -> str:
    """The text, cut with an ellipsis to fit the width."""
    if draw.textlength(text, font=used_font) <= width:
        return text
    while text and draw.textlength(text + "…", font=used_font) > width:
        text = text[:-1]
    return text + "…"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def placeholder_photo(text: str, size: tuple[int, int] = (400, 300)) -> bytes:
    """A grey picture with a caption: sample data for checking an uploaded template."""
    image = Image.new("RGB", size, (200, 205, 210))
    draw = ImageDraw.Draw(image)
    used = font(28)
    width = draw.textlength(text, font=used)
    draw.text(((size[0] - width) / 2, size[1] / 2 - 16), text, font=used, fill=(70, 70, 70))
    return _png(image)
