"""Media storage follows the environment: an S3-compatible bucket through
django-storages when one is named, local files otherwise."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
S3_VARIABLES = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_QUERYSTRING_AUTH",
]
CODE = """
import json
from django.core.files.storage import default_storage, storages
storage = storages["default"]
print(json.dumps({
    "class": type(storage).__module__ + "." + type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "url": default_storage.url("fotos/desfile.jpg"),
    "cache": (getattr(storage, "object_parameters", None) or {}).get("CacheControl"),
}))
"""


def storage_with(**env):
    clean = {key: value for key, value in os.environ.items() if key not in S3_VARIABLES}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", CODE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_media_stays_on_local_disk_without_a_bucket():
    storage = storage_with()

    assert storage["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert storage["url"] == "/media/fotos/desfile.jpg"


def test_media_goes_to_the_s3_compatible_bucket_that_is_named():
    storage = storage_with(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://objects.example",
        AWS_S3_CUSTOM_DOMAIN="media.newsroom.example",
        AWS_ACCESS_KEY_ID="test-key-id",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert storage["class"] == "storages.backends.s3.S3Storage"
    assert storage["bucket"] == "newsroom-media"
    assert storage["endpoint"] == "https://objects.example"
    # Public, unsigned URLs on the CDN's domain.
    assert storage["url"] == "https://media.newsroom.example/fotos/desfile.jpg"
    # Content-addressed renditions and random original names never change.
    assert storage["cache"] == "public, max-age=31536000, immutable"
