"""Lead images and portraits drawn with Pillow: text-free, deterministic, nothing downloaded."""

import functools
import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

#: Sky top, sky bottom, sun, and the ridge colours from far to near.
PALETTES = [
    ((38, 70, 120), (240, 170, 110), (255, 226, 160), [(120, 110, 150), (86, 84, 120), (52, 60, 84), (30, 38, 52)]),
    (
        (120, 180, 220),
        (230, 240, 245),
        (255, 250, 225),
        [(150, 170, 150), (110, 140, 110), (70, 105, 80), (40, 70, 55)],
    ),
    ((60, 40, 90), (230, 120, 90), (255, 200, 120), [(140, 80, 100), (105, 60, 85), (70, 40, 66), (40, 24, 44)]),
    (
        (200, 210, 220),
        (250, 236, 210),
        (255, 255, 240),
        [(190, 170, 140), (160, 135, 105), (125, 100, 75), (90, 70, 55)],
    ),
    ((20, 40, 60), (80, 120, 150), (230, 235, 240), [(60, 90, 110), (45, 70, 90), (30, 50, 68), (18, 30, 44)]),
]


#: Alt text for each palette's picture, in the same order.
PALETTE_ALT = [
    "Illustration: blue-grey mountain ridges under an evening sky glowing orange near the horizon",
    "Illustration: green hills in layers under a pale blue sky and a white sun",
    "Illustration: purple ridges under a dusk sky with a low orange sun",
    "Illustration: sand-coloured hills under a hazy morning sky",
    "Illustration: dark blue ridges under a night sky with a pale moon",
]


def landscape_alt(seed):
    return PALETTE_ALT[seed % len(PALETTE_ALT)]


def _gradient(draw, size, top, bottom, *, height=None):
    width, full = size
    height = height or full
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


@functools.cache
def draw_landscape(seed, size=(960, 540)):
    """A text-free landscape (sky, sun, ridges) as JPEG bytes; the same seed gives the same picture.

    Flat shapes stay sharp when scaled up, so a modest size keeps the demo (and its renditions) quick to make.
    """
    rnd = random.Random(seed)
    sky_top, sky_bottom, sun, ridges = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _gradient(draw, size, sky_top, sky_bottom)
    radius = rnd.randint(width // 30, width // 15)
    cx, cy = rnd.randint(radius, width - radius), rnd.randint(height // 6, height // 2)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=sun)
    for layer, colour in enumerate(ridges):
        base = height * (0.45 + 0.15 * layer)
        points, x = [(0, height)], 0
        while x < width:
            points.append((x, base - rnd.uniform(0, height * (0.28 - 0.05 * layer))))
            x += rnd.randint(width // 20, width // 7)
        points += [(width, base - rnd.uniform(0, height * 0.1)), (width, height)]
        draw.polygon(points, fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@functools.cache
def draw_portrait(colour, size=(400, 400)):
    """A faceless head-and-shoulders silhouette on a plain background, as PNG bytes."""
    width, height = size
    image = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    shade = tuple(max(c - 70, 0) for c in colour)
    draw.ellipse([width * 0.33, height * 0.18, width * 0.67, height * 0.52], fill=shade)
    draw.ellipse([width * 0.15, height * 0.58, width * 0.85, height * 1.25], fill=shade)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
