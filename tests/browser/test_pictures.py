"""The seed story on a phone: the lead image the browser picks from the
``<picture>`` weighs at most 100 KB, and it is a rendition, never the
original."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

SEED_PATH = "/articulos/peru-aliado-extra-otan/"
PHONE = {"width": 375, "height": 812}
LIMIT = 100 * 1024


@pytest.fixture
def phone(browser, site):
    """A 375-pixel-wide phone at 2×, after a worker made the renditions."""
    call_command("work", "--batch", stdout=StringIO())
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="es-EC"
    )
    page = context.new_page()
    yield page
    page.goto("about:blank")
    context.close()


def test_a_phone_loads_a_lead_image_of_at_most_100_kb(phone, site):
    images = {}

    def record(response):
        if response.request.resource_type == "image":
            images[response.url] = len(response.body())

    phone.on("response", record)
    phone.goto(site.url + SEED_PATH)
    lead = phone.locator(".article__figure picture img")
    lead.wait_for()
    phone.wait_for_load_state("networkidle")
    chosen = lead.evaluate("image => image.currentSrc")
    assert "/media/renditions/" in chosen and chosen.endswith("/16x9-960.avif")
    # Shown at the 375 CSS pixels that sizes gives (density-corrected).
    assert lead.evaluate("image => image.complete && image.naturalWidth") == 375
    assert chosen in images
    assert 10 * 1024 < images[chosen] <= LIMIT
    assert not any("/originals/" in url or "/photos/" in url for url in images)
