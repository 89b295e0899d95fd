"""ETags of articles, for the public page and the API.

An ETag is a digest of everything the answer shows that can change: the
article's version and ``modified_at``, the updates that have come due, the
related articles as the requester sees them. The API's ETags also start with
the article's uuid and version (``"<uuid>-v<version>-…"``): that is what
``If-Match`` compares, and what the 412 message reads to say what changed.
"""

import hashlib
import re

ARTICLE_ETAG = re.compile(r'^"(?P<uuid>[0-9a-f-]{36})-v(?P<version>\d+)-')


def strong_etag(parts, prefix="", length=32):
    """A strong ETag from ``parts`` (strings): their digest after ``prefix``."""
    digest = hashlib.sha256(":".join(parts).encode()).hexdigest()[:length]
    return f'"{prefix}{digest}"'


def versioned_etag(article, representation, parts):
    """The API's ETag: uuid, version and representation, then the digest."""
    prefix = f"{article.uuid}-v{article.version}-{representation}-"
    return strong_etag(parts, prefix=prefix, length=16)


def etag_version(tag):
    """(uuid, version) as written in one of our API ETags; None for any other
    tag, weak ones (``W/"…"``) included."""
    match = ARTICLE_ETAG.match(tag)
    return (match["uuid"], match["version"]) if match else None


def matches_current(tags, article):
    """Whether If-Match's ``tags`` (``parse_etags``) name the article's
    current version, in any representation, or are ``*``."""
    current = (str(article.uuid), str(article.version))
    return "*" in tags or any(etag_version(tag) == current for tag in tags)
