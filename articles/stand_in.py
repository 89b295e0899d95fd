"""A labelled stand-in for a photo whose file the desk does not have."""

import io
import textwrap
import unicodedata

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1200, 675


def plain(text):
    """Pillow's built-in font has no accented letters: 'Perú' is drawn 'Peru'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def photograph_like(width=WIDTH, height=HEIGHT):
    """Pixels that compress like a photograph (smooth gradients, fine grain,
    detailed edges), not like a flat colour: renditions' sizes and the
    benchmark's qualities are measured on them."""
    across = Image.linear_gradient("L").rotate(90).resize((width, height))
    down = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 40).filter(ImageFilter.GaussianBlur(1))
    detail = Image.effect_mandelbrot(
        (width, height), (-2.2, -1.1, 0.8, 1.1), 60
    ).filter(ImageFilter.GaussianBlur(1.5))
    red = ImageChops.blend(across, detail, 0.5)
    green = ImageChops.blend(down, grain, 0.5)
    blue = ImageChops.blend(ImageChops.invert(across), detail, 0.3)
    return Image.merge("RGB", (red, green, blue))


def stand_in_image(caption, credit_line):
    """Return PNG bytes that say plainly they are not the real photo, over a
    photograph-like background (so its renditions weigh what a photo's do)."""
    image = photograph_like()
    draw = ImageDraw.Draw(image)
    draw.rectangle([24, 24, WIDTH - 24, HEIGHT - 24], fill=(38, 50, 56))
    image = Image.blend(photograph_like(), image, 0.55)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    small = ImageFont.load_default(size=26)
    draw.rectangle([24, 24, WIDTH - 24, HEIGHT - 24], outline=(255, 193, 7), width=6)
    draw.text((60, 60), "IMAGEN DE SUSTITUCION", font=font, fill=(255, 193, 7))
    draw.text(
        (60, 115),
        "Stand-in image: not the original photo",
        font=small,
        fill=(236, 239, 241),
    )
    y = 200
    for line in textwrap.wrap(plain(caption), 70)[:6]:
        draw.text((60, y), line, font=small, fill=(236, 239, 241))
        y += 38
    draw.text(
        (60, HEIGHT - 100),
        f"Foto original: {plain(credit_line)}",
        font=small,
        fill=(176, 190, 197),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
