"""Images in unusual modes keep their tones: a 16-bit or transparent or print (CMYK) upload is stored
as an 8-bit picture that looks the same, or refused with a message; one pixel is compared per mode."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageCms

from images.uploads import clean_upload, to_display_mode

MID_GREY_16 = 32896  # 128 × 257: the 16-bit value of 8-bit 128


def png(width, height, colour_type, pixel, bit_depth=16):
    """A PNG written by hand, every pixel ``pixel``; Pillow cannot write 16-bit colour itself."""
    sample = ">H" if bit_depth == 16 else ">B"
    row = b"\x00" + b"".join(struct.pack(sample, value) for value in pixel) * width

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def stored(data, name="upload.png"):
    """Upload ``data`` and reopen what would be stored."""
    clean, _size = clean_upload(SimpleUploadedFile(name, data))
    image = PILImage.open(io.BytesIO(clean.read()))
    image.load()
    return image


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def close(a, b, tolerance=1):
    a, b = (a,) if isinstance(a, int) else a, (b,) if isinstance(b, int) else b
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(("value", "grey"), [(MID_GREY_16, 128), (2570, 10), (65535, 255), (0, 0)])
def test_a_16_bit_grey_png_keeps_its_tone_instead_of_turning_white(value, grey):
    before = PILImage.open(io.BytesIO(png(6, 4, 0, (value,))))
    assert before.mode == "I;16"

    after = stored(png(6, 4, 0, (value,)))

    assert after.mode == "L" and close(after.getpixel((3, 2)), grey)


def test_a_16_bit_grey_png_written_by_pillow_keeps_its_tone():
    after = stored(encoded(PILImage.new("I;16", (5, 5), MID_GREY_16), "PNG"))

    assert close(after.getpixel((0, 0)), 128)


def test_a_32_bit_integer_grey_is_read_as_16_bit_range():
    # No accepted file format decodes to "I" today; the conversion is checked directly.
    after = to_display_mode(PILImage.new("I", (3, 3), MID_GREY_16))

    assert after.mode == "L" and close(after.getpixel((1, 1)), 128)


def test_a_floating_point_image_is_refused_with_a_reason():
    with pytest.raises(ValidationError, match="floating-point numbers"):
        to_display_mode(PILImage.new("F", (3, 3), 0.5))


def test_a_16_bit_rgb_png_keeps_its_colour():
    after = stored(png(4, 4, 2, (MID_GREY_16, 16448, 65535)))

    assert after.mode == "RGB" and close(after.getpixel((2, 2)), (128, 64, 255))


@pytest.mark.parametrize(
    ("colour_type", "pixel", "expected"),
    [(6, (MID_GREY_16, 16448, 65535, 32768), (128, 64, 255, 128)), (4, (MID_GREY_16, 32768), (128, 128, 128, 128))],
    ids=["rgba", "grey-alpha"],
)
def test_a_16_bit_png_with_alpha_keeps_colour_and_transparency(colour_type, pixel, expected):
    after = stored(png(4, 4, colour_type, pixel))

    assert close(after.convert("RGBA").getpixel((1, 1)), expected)


def test_a_grey_png_with_alpha_stays_grey_with_alpha():
    after = stored(encoded(PILImage.new("LA", (4, 4), (100, 50)), "PNG"))

    assert after.mode == "LA" and after.getpixel((0, 0)) == (100, 50)


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_a_palette_image_with_a_transparent_colour_keeps_both(fmt):
    image = PILImage.new("P", (4, 4), 1)
    image.putpalette([0, 0, 0, 200, 30, 40] + [0] * 762)
    image.putpixel((0, 0), 0)

    after = stored(encoded(image, fmt, transparency=0), f"upload.{fmt.lower()}").convert("RGBA")

    assert after.getpixel((0, 0))[3] == 0
    assert after.getpixel((2, 2)) == (200, 30, 40, 255)


@pytest.mark.parametrize(("cmyk", "rgb"), [((0, 0, 0, 0), (255, 255, 255)), ((0, 0, 0, 128), (127, 127, 127))])
def test_a_cmyk_jpeg_from_a_print_workflow_is_stored_as_rgb_with_the_same_tone(cmyk, rgb):
    after = stored(encoded(PILImage.new("CMYK", (16, 16), cmyk), "JPEG", quality=95), "upload.jpg")

    assert after.mode == "RGB" and close(after.getpixel((8, 8)), rgb, tolerance=4)


def test_an_embedded_colour_profile_is_applied_and_a_broken_one_ignored():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    for profile in (srgb, lab, b"not a profile"):
        after = stored(encoded(PILImage.new("RGB", (4, 4), (90, 140, 200)), "PNG", icc_profile=profile))
        assert after.mode == "RGB" and close(after.getpixel((0, 0)), (90, 140, 200), tolerance=2)
        assert "icc_profile" not in after.info
