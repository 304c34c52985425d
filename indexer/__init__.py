"""The indexer: files in, knowledge out (load, clean, normalise, parse, extract, store)."""
