"""The pages of the report window (registry.py lists them), each built when first shown."""
