"""The REST API under /api/v1/ (routes in articles/api/urls.py).

Reads are open to everyone (published articles only); writes need a token or
an admin session and Django's model permissions. Rules worth knowing:

- a query parameter the operation does not know, or one left empty, is
  answered 400;
- article details carry an ETag; If-None-Match answers 304, and a write whose
  If-Match names an older version answers 412;
- every write runs in one transaction: a payload that fails anywhere
  changes nothing.

This package imports nothing on purpose: settings name
``articles.api.authentication`` and ``articles.api.schema`` before the views
can be imported.
"""
