"""The seed story on a phone: the lead image the browser picks from the
``<picture>`` weighs at most 100 KB, and it is a rendition, never the
original."""

import pytest

from tests.browser.leaving import leave

pytestmark = pytest.mark.browser

SEED_PATH = "/articulos/peru-aliado-extra-otan/"
PHONE = {"width": 375, "height": 812}
LIMIT = 100 * 1024


@pytest.fixture
def phone(browser, site):
    """A 375-pixel-wide phone at 2× (the site's worker made the renditions)."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="es-EC"
    )
    page = context.new_page()
    yield page
    leave(page)
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


PASSWORD = "una-clave-larga-para-la-prueba"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_a_click_on_the_preview_sets_the_focal_point(page, site):
    from django.contrib.auth import get_user_model

    from articles.models import Photo

    get_user_model().objects.create_superuser("editora", "e@example.org", PASSWORD)
    photo = Photo.objects.get()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{site.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editora")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site.url}/admin/articles/photo/{photo.pk}/change/")
    preview = page.locator(".focal-point img")
    preview.wait_for()
    page.wait_for_function("document.querySelector('.focal-point img').complete")
    marker = page.locator(".focal-point__marker")
    assert marker.is_visible()
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    x = float(page.input_value("#id_focal_x"))
    y = float(page.input_value("#id_focal_y"))
    assert abs(x - 0.25) < 0.02 and abs(y - 0.75) < 0.02
    marker_box = marker.bounding_box()
    centre = marker_box["x"] + marker_box["width"] / 2 - box["x"]
    assert abs(centre / box["width"] - 0.25) < 0.03
    page.click("input[name=_continue]")
    photo.refresh_from_db()
    assert (round(photo.focal_x, 2), round(photo.focal_y, 2)) == (0.25, 0.75)
    assert page.evaluate("() => window.__cspViolations") == []
