"""A dozen demo photos, drawn with Pillow and stored once through lib.uploads.accept_image; every
problem of the demo history points at these same files (before-photos by category, after-photos)."""

from __future__ import annotations

import datetime
import io
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from chuangwen.lib.uploads import StoredImage, accept_image, delete_stored

WIDTH, HEIGHT = 960, 720
FOLDER = "problems"
Draw = ImageDraw.ImageDraw
Painter = Callable[[Draw, random.Random], None]


@dataclass(frozen=True)
class DemoPhoto:
    """What the problem services keep of a photo (the StoredPhoto protocol)."""

    name: str
    thumb_name: str
    width: int
    height: int
    sha256: str
    lat: Decimal | None
    lng: Decimal | None
    taken_at: datetime.datetime | None


class PhotoLibrary:
    """The stored demo photos: before-photos by problem category and after-photos for fixes."""

    def __init__(self, before: dict[str, StoredImage], after: dict[str, StoredImage]):
        self.before, self.after = before, after

    @property
    def names(self) -> list[str]:
        return [n for image in [*self.before.values(), *self.after.values()] for n in image.names]

    def _photo(self, image: StoredImage, lat, lng, when: datetime.datetime) -> DemoPhoto:
        return DemoPhoto(image.name, image.thumb_name, image.width, image.height, image.sha256, lat, lng, when)

    def before_photos(self, category: str, count: int, lat, lng, when: datetime.datetime) -> list[DemoPhoto]:
        scenes = [BEFORE_OF.get(category, "litter"), *[s for s in self.before if s != BEFORE_OF.get(category)]]
        return [self._photo(self.before[scene], lat, lng, when) for scene in scenes[:count]]

    def after_photos(self, category: str, count: int, lat, lng, when: datetime.datetime) -> list[DemoPhoto]:
        first = AFTER_OF.get(category, "clean")
        scenes = [first, *[s for s in self.after if s != first]]
        return [self._photo(self.after[scene], lat, lng, when) for scene in scenes[:count]]


def _font(size: int) -> ImageFont.FreeTypeFont | None:
    """A CJK font found by fc-match, or None (the photos then carry no caption)."""
    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", "sans-serif:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
        path, _, index = found.partition("|")
        font = ImageFont.truetype(path, size, index=int(index or 0))
        return font if font.getbbox("创文")[2] > 0 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


# --- painting ---------------------------------------------------------------------------------


def _street(d: Draw, rng: random.Random) -> None:
    """Sky, a row of buildings, the pavement and the road: the background of every scene."""
    for y in range(0, 300):
        shade = 235 - y // 6
        d.line([(0, y), (WIDTH, y)], fill=(shade - 40, shade - 15, shade))
    x = 0
    while x < WIDTH:
        w, h = rng.randint(110, 190), rng.randint(150, 280)
        tone = rng.randint(150, 215)
        d.rectangle([x, 330 - h, x + w - 6, 330], fill=(tone, tone - 10, tone - 25))
        for wy in range(330 - h + 15, 310, 32):
            for wx in range(x + 12, x + w - 24, 28):
                d.rectangle([wx, wy, wx + 14, wy + 18], fill=(120, 150, 175))
        x += w
    d.rectangle([0, 330, WIDTH, 460], fill=(196, 192, 184))  # pavement
    for px in range(0, WIDTH, 48):
        d.line([(px, 330), (px - 30, 460)], fill=(176, 172, 165), width=2)
    d.rectangle([0, 460, WIDTH, HEIGHT], fill=(72, 74, 78))  # road
    for lx in range(20, WIDTH, 140):
        d.rectangle([lx, 585, lx + 70, 595], fill=(235, 235, 225))


def _litter(d: Draw, rng: random.Random) -> None:
    for _ in range(7):
        cx, cy = rng.randint(60, WIDTH - 60), rng.randint(360, 450)
        d.ellipse([cx - 40, cy - 18, cx + 40, cy + 18], fill=(110, 95, 70))
        for _ in range(6):
            bx, by = cx + rng.randint(-35, 35), cy + rng.randint(-22, 8)
            d.rectangle([bx, by, bx + 14, by + 10], fill=rng.choice([(240, 240, 240), (200, 60, 60), (60, 120, 200)]))
    d.rectangle([700, 300, 760, 400], fill=(40, 120, 60))
    d.ellipse([690, 285, 770, 320], fill=(120, 100, 80))


def _stalls(d: Draw, rng: random.Random) -> None:
    for x in (80, 330, 580):
        d.rectangle([x, 380, x + 190, 450], fill=(170, 120, 60))
        d.pieslice(
            [x - 10, 250, x + 200, 390], 180, 360, fill=rng.choice([(220, 60, 50), (40, 110, 200), (240, 180, 40)])
        )
        d.line([(x + 95, 320), (x + 95, 450)], fill=(90, 90, 90), width=4)
        for i in range(6):
            d.ellipse([x + 15 + i * 28, 362, x + 37 + i * 28, 384], fill=(230, 140 + i * 12, 40))


def _cars(d: Draw, rng: random.Random) -> None:
    for x in (40, 300, 560):
        color = rng.choice([(200, 30, 30), (230, 230, 230), (30, 30, 30), (40, 80, 160)])
        d.rounded_rectangle([x, 360, x + 230, 440], 18, fill=color)
        d.rounded_rectangle([x + 40, 320, x + 180, 370], 14, fill=color)
        d.rectangle([x + 55, 330, x + 165, 362], fill=(150, 190, 215))
        for wx in (x + 45, x + 185):
            d.ellipse([wx - 24, 420, wx + 24, 468], fill=(20, 20, 20))


def _flyers(d: Draw, rng: random.Random) -> None:
    d.rectangle([120, 120, 840, 460], fill=(215, 205, 190))
    for _ in range(60):
        x, y = rng.randint(130, 800), rng.randint(130, 430)
        d.rectangle([x, y, x + 36, y + 26], fill=rng.choice([(250, 250, 250), (255, 240, 120), (250, 200, 200)]))
        d.line([(x + 4, y + 8), (x + 30, y + 8)], fill=(60, 60, 60), width=2)


def _pothole(d: Draw, rng: random.Random) -> None:
    d.ellipse([330, 520, 640, 640], fill=(40, 38, 36))
    d.ellipse([360, 540, 610, 620], fill=(90, 110, 130))
    d.line([(760, 470), (760, 250)], fill=(80, 80, 80), width=10)
    d.line([(760, 250), (700, 240)], fill=(80, 80, 80), width=6)
    d.polygon([(690, 236), (712, 236), (706, 256), (696, 256)], fill=(60, 60, 60))


def _billboard(d: Draw, rng: random.Random, fresh: bool = False) -> None:
    d.rectangle([200, 120, 760, 330], fill=(90, 90, 90))
    if fresh:
        d.rectangle([215, 135, 745, 315], fill=(200, 30, 40))
        d.rectangle([235, 155, 725, 295], outline=(250, 210, 80), width=6)
    else:
        d.rectangle([215, 135, 745, 315], fill=(200, 175, 170))
        d.polygon([(520, 135), (745, 135), (745, 260), (640, 315), (560, 315)], fill=(160, 160, 150))
    d.line([(320, 330), (320, 460)], fill=(80, 80, 80), width=10)
    d.line([(640, 330), (640, 460)], fill=(80, 80, 80), width=10)


def _shed(d: Draw, rng: random.Random) -> None:
    d.rectangle([260, 120, 700, 330], fill=(190, 180, 170))
    d.polygon([(240, 120), (720, 120), (660, 60), (300, 60)], fill=(40, 110, 190))
    d.rectangle([300, 60, 660, 120], outline=(30, 80, 150), width=3)
    for x in range(310, 660, 30):
        d.line([(x, 62), (x - 20, 118)], fill=(30, 90, 170), width=2)


def _dust(d: Draw, rng: random.Random) -> None:
    d.rectangle([0, 330, WIDTH, HEIGHT], fill=(150, 120, 80))
    for _ in range(10):
        x, y = rng.randint(0, WIDTH), rng.randint(340, 640)
        d.polygon([(x - 80, y + 40), (x, y - 40), (x + 90, y + 40)], fill=(130, 100, 65))
    for _ in range(40):
        x, y = rng.randint(0, WIDTH), rng.randint(150, 500)
        d.ellipse([x - 50, y - 20, x + 50, y + 20], outline=(205, 190, 160), width=3)


def _clean(d: Draw, rng: random.Random) -> None:
    for x in (120, 480, 840):
        d.ellipse([x - 40, 250, x + 40, 330], fill=(60, 140, 70))
        d.line([(x, 320), (x, 360)], fill=(100, 70, 40), width=8)
    d.rectangle([700, 330, 740, 400], fill=(40, 120, 60))


def _bikes(d: Draw, rng: random.Random) -> None:
    d.rectangle([60, 360, 900, 450], outline=(250, 250, 250), width=4)
    for x in range(90, 880, 60):
        d.ellipse([x - 14, 410, x + 14, 438], outline=(30, 30, 30), width=4)
        d.ellipse([x + 16, 410, x + 44, 438], outline=(30, 30, 30), width=4)
        d.line([(x, 424), (x + 15, 395), (x + 30, 424)], fill=rng.choice([(250, 200, 0), (0, 160, 220)]), width=4)


def _repaired(d: Draw, rng: random.Random) -> None:
    d.rectangle([330, 520, 640, 640], fill=(60, 62, 66))
    d.line([(760, 470), (760, 250)], fill=(90, 90, 90), width=10)
    d.line([(760, 250), (700, 240)], fill=(90, 90, 90), width=6)
    d.ellipse([680, 228, 720, 262], fill=(255, 240, 150))


def _banner(d: Draw, rng: random.Random) -> None:
    _billboard(d, rng, fresh=True)


# scene -> (painter, caption)
BEFORE_SCENES: dict[str, tuple[Painter, str]] = {
    "litter": (_litter, "整改前：暴露垃圾、卫生死角"),
    "stalls": (_stalls, "整改前：占道经营"),
    "cars": (_cars, "整改前：车辆乱停乱放"),
    "flyers": (_flyers, "整改前：乱贴小广告"),
    "pothole": (_pothole, "整改前：设施破损"),
    "billboard": (_billboard, "整改前：公益广告破损褪色"),
    "shed": (_shed, "整改前：违章搭建"),
    "dust": (_dust, "整改前：裸土未覆盖、扬尘"),
}
AFTER_SCENES: dict[str, tuple[Painter, str]] = {
    "clean": (_clean, "整改后：路面干净整洁"),
    "bikes": (_bikes, "整改后：停放有序"),
    "repaired": (_repaired, "整改后：设施已修复"),
    "banner": (_banner, "整改后：公益广告已更新"),
}
BEFORE_OF = {
    "sanitation": "litter", "civility": "litter", "street_vending": "stalls", "market": "stalls", "traffic": "cars",
    "appearance": "flyers", "other": "flyers", "facilities": "pothole", "public_ads": "billboard",
    "service": "billboard", "illegal_building": "shed", "ecology": "dust", "noise": "dust",
}  # fmt: skip
AFTER_OF = {"traffic": "bikes", "facilities": "repaired", "public_ads": "banner", "service": "banner"}


SLOGANS = {_banner: ("讲文明 树新风", (250, 215, 90)), _billboard: ("文明城市 共建共享", (150, 120, 115))}


def draw(painter: Painter, caption: str, rng: random.Random, font, small_font) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(image)
    _street(d, rng)
    painter(d, rng)
    slogan = SLOGANS.get(painter)
    if slogan is not None and font is not None:
        d.text((480, 225), slogan[0], font=font, fill=slogan[1], anchor="mm")
    d.rectangle([0, HEIGHT - 64, WIDTH, HEIGHT], fill=(20, 24, 30))
    if font is not None:
        d.text((24, HEIGHT - 52), caption, font=font, fill=(255, 255, 255))
        d.text((WIDTH - 250, HEIGHT - 44), "示范市创文督查（演示）", font=small_font, fill=(200, 200, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def store_photos(seed: int) -> PhotoLibrary:
    """Draw and store the demo photos (the same pictures for the same seed)."""
    rng = random.Random(f"photos-{seed}")
    font, small_font = _font(34), _font(20)
    stored: list[dict[str, StoredImage]] = []
    try:
        for scenes in (BEFORE_SCENES, AFTER_SCENES):
            group: dict[str, StoredImage] = {}
            stored.append(group)
            for scene, (painter, caption) in scenes.items():
                data = draw(painter, caption, rng, font, small_font)
                group[scene] = accept_image(ContentFile(data, name=f"{scene}.jpg"), folder=FOLDER)
    except BaseException:
        delete_stored(*[n for group in stored for image in group.values() for n in image.names])
        raise
    return PhotoLibrary(stored[0], stored[1])


# --- what an inspector's phone uploads -------------------------------------------------------

PHONE_SIZE = (480, 360)  # small, so that stamping hundreds of them stays quick (about 15 ms each)


def phone_shots(seed: int) -> dict[str, bytes]:
    """One JPEG per before-scene as a phone would upload it (no caption: the server stamps the
    photo with site, time, inspector and position), drawn once and uploaded for every failed item."""
    rng = random.Random(f"phone-{seed}")
    font = _font(34)
    shots = {}
    for scene, (painter, _caption) in BEFORE_SCENES.items():
        image = Image.new("RGB", (WIDTH, HEIGHT))
        d = ImageDraw.Draw(image)
        _street(d, rng)
        painter(d, rng)
        slogan = SLOGANS.get(painter)
        if slogan is not None and font is not None:
            d.text((480, 225), slogan[0], font=font, fill=slogan[1], anchor="mm")
        buffer = io.BytesIO()
        image.resize(PHONE_SIZE, Image.Resampling.BILINEAR).save(buffer, "JPEG", quality=80)
        shots[scene] = buffer.getvalue()
    return shots
