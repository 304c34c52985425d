"""Full-text search in either script: analysis, index units, the engine seam, queries, snippets."""
