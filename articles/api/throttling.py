"""The API's throttles count in ``CACHES["throttles"]``, a store that every
worker and server shares (Redis, or the database without it), so that a rate
holds for the whole site and not once per gunicorn worker."""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

THROTTLE_CACHE = "throttles"


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = ConnectionProxy(caches, THROTTLE_CACHE)
