"""The stamp drawn on an inspection photo: site, time, inspector and position, in a band at the foot."""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


@functools.cache
def font_path() -> str | None:
    """A font that draws Chinese: a known path, else what fontconfig offers for zh."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=5, check=False
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and Path(out).exists() and "dejavu" not in out.lower():
            return out
    logger.warning("no CJK font found: photo stamps will not show Chinese (install fonts-noto-cjk)")
    return None


def _font(size: int):
    path = font_path()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def draw_stamp(img: Image.Image, lines: list[str]) -> Image.Image:
    """A copy of the image with the lines written in white on a dark band along the bottom."""
    img = img.copy()
    size = max(14, img.width // 40)
    font = _font(size)
    pad = size // 2
    line_height = int(size * 1.35)
    band = pad * 2 + line_height * len(lines)
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rectangle([0, img.height - band, img.width, img.height], fill=(0, 0, 0, 140))
    img = Image.alpha_composite(img.convert("RGBA"), overlay)
    draw = ImageDraw.Draw(img)
    y = img.height - band + pad
    for line in lines:
        draw.text((pad, y), line, font=font, fill=(255, 255, 255, 255))
        y += line_height
    return img.convert("RGB")
