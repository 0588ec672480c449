"""Alembic migrations of the report database."""
