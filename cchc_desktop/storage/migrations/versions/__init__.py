"""Migration scripts, applied in order on open."""
