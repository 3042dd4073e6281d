"""`invoke serve`: a local server that rebuilds on save and renders only what changed."""
