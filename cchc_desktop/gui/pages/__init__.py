"""The pages of the report window, one module each (built when first shown)."""
