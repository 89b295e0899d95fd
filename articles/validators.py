from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]*$"
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"
# A practical subset of BCP 47: language, optional script, optional region.
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"

validate_wikidata_id = RegexValidator(
    WIKIDATA_ID_PATTERN,
    _("A Wikidata ID is a Q followed by digits, e.g. Q419 for Peru."),
    code="invalid_wikidata_id",
)
validate_country_code = RegexValidator(
    COUNTRY_CODE_PATTERN,
    _("Use the two capital letters of ISO 3166-1 alpha-2, e.g. PE."),
    code="invalid_country_code",
)
validate_language_tag = RegexValidator(
    LANGUAGE_TAG_PATTERN,
    _("Use a BCP 47 language tag such as es, en or es-EC."),
    code="invalid_language_tag",
)
