"""The public door: pages, previews, feeds, sitemaps and structured data."""
