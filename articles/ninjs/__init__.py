"""IPTC ninjs, both ways: ``export`` writes our articles, ``read`` reads
agencies' items for the importer."""
