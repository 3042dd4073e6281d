"""Reading an essay: YAML front matter, the schema, and the one reader Pelican caches."""
