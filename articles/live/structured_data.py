"""JSON-LD ``LiveBlogPosting`` for a live coverage page, as Google's live
coverage guidance describes: the article's NewsArticle data, the coverage
times, and the entries on the page as ``liveBlogUpdate``."""

from articles.site.structured_data import article_json_ld, iso, publisher


def entry_author(entry, request):
    if entry.author_id:
        return {
            "@type": "Person",
            "name": entry.author.name,
            "url": request.build_absolute_uri(entry.author.get_absolute_url()),
        }
    return publisher(request)


def entry_json_ld(entry, article, request):
    data = {
        "@type": "BlogPosting",
        "@id": f"urn:uuid:{entry.uuid}",
        "url": request.build_absolute_uri(
            f"{article.get_absolute_url()}#{entry.anchor}"
        ),
        "headline": entry.headline(),
        "datePublished": iso(entry.published_at),
        "dateModified": iso(entry.modified_at),
        "author": entry_author(entry, request),
        "articleBody": entry.body_text(),
    }
    corrections = entry.published_corrections()
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.note,
                "datePublished": iso(correction.published_at),
            }
            for correction in corrections
        ]
    return data


def live_json_ld(article, entries, request):
    """``entries``: the published entries the page shows (newest first)."""
    live = article.live_coverage
    data = article_json_ld(article, request)
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = iso(live.started_at)
    if live.ended_at:
        data["coverageEndTime"] = iso(live.ended_at)
    if entries:
        latest = max(entry.modified_at for entry in entries)
        data["dateModified"] = max(data["dateModified"], iso(latest))
    data["liveBlogUpdate"] = [
        entry_json_ld(entry, article, request) for entry in entries
    ]
    return data
