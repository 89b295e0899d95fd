"""The desk's private working state: unsaved forms kept by autosave and who
has an article open. A Django app of its own (label ``desk``) so that its rows,
written every few seconds, are never history records and never mark the
public pages stale (``articles.caching.on_change`` follows the ``articles``
label only)."""
