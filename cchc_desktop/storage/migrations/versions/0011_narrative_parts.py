"""The narrative stored part by part: one row per part (the opening paragraphs, each section's
heading and paragraphs in document order, the closing paragraphs) instead of one JSON value.

Typing in the Nội dung page wrote the whole narrative again on every save: at twenty times the
demo's sections a 560 KB value, some 140 pages into the log and fsync'd, 40-100 ms a save. Now a
save writes the row of the part that was typed in (records.narrative_rows /
records.narrative_from_rows read and write these rows; benchmarks/bench_undo.py measures it).

A section's place in the outline is its depth in document order (a child follows its parent,
one level deeper). Each part's paragraphs are copied as they were stored, text for text. A stored
narrative that cannot be read (a damaged file) is kept whole, as it was, in the opening row:
`cchc check` names it and nothing of it is lost.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from alembic import op

revision = "0011"
down_revision: str | None = "0010"
branch_labels = None
depends_on = None

_INSERT = (
    "INSERT INTO narrative_parts (report_id, position, kind, depth, title, numbered, paragraphs)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _json(value: Any) -> str:
    # as records.narrative_rows writes a part's paragraphs
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _parts(stored: Any) -> list[tuple[str, int, str, int, str]]:
    """(kind, depth, title, numbered, paragraphs) of each part of a stored narrative, in order;
    raises when the value is not a narrative as the app wrote it."""
    data = json.loads(stored) if stored is not None else {}
    if not isinstance(data, dict):
        raise ValueError("not a narrative")

    def paragraphs(value: Any) -> str:
        if not isinstance(value, list):
            raise ValueError("not a list of paragraphs")
        return _json(value)

    def sections(items: Any, depth: int) -> Iterator[tuple[str, int, str, int, str]]:
        if not isinstance(items, list):
            raise ValueError("not a list of sections")
        for s in items:
            title, numbered = s["title"], s.get("numbered", True)
            if not isinstance(title, str) or not isinstance(numbered, bool):
                raise ValueError("not a section")
            yield "section", depth, title, int(numbered), paragraphs(s.get("paragraphs", []))
            yield from sections(s.get("children", []), depth + 1)

    return [
        ("intro", 0, "", 1, paragraphs(data.get("intro", []))),
        *sections(data.get("sections", []), 0),
        ("closing", 0, "", 1, paragraphs(data.get("closing", []))),
    ]


def _as_stored(raw: bytes) -> str | bytes:
    """The value as text when it is UTF-8 (as it was stored), its bytes otherwise."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def upgrade() -> None:
    op.execute(
        "CREATE TABLE narrative_parts ("
        " report_id INTEGER NOT NULL,"
        " position INTEGER NOT NULL,"
        " kind VARCHAR(10) NOT NULL,"
        " depth INTEGER NOT NULL,"
        " title TEXT NOT NULL,"
        " numbered INTEGER NOT NULL,"
        # last: reading the outline (the columns before it) never walks the paragraphs' pages
        " paragraphs TEXT NOT NULL,"
        " CONSTRAINT pk_narrative_parts PRIMARY KEY (report_id, position),"
        " CONSTRAINT fk_narrative_parts_report_id_reports FOREIGN KEY(report_id)"
        " REFERENCES reports (id) ON DELETE CASCADE)"
    )
    # the migration's own connection (its transaction), as sqlite3
    db = op.get_bind().connection.driver_connection
    assert isinstance(db, sqlite3.Connection)
    # a save reads the outline from this index alone, never the paragraphs' pages
    op.execute(
        "CREATE INDEX ix_narrative_parts_outline ON narrative_parts"
        " (report_id, position, kind, depth, title, numbered)"
    )
    # as bytes: a damaged value that is not even UTF-8 is moved too, not refused
    factory, db.text_factory = db.text_factory, bytes
    try:
        stored_rows = db.execute("SELECT id, narrative FROM reports").fetchall()
    finally:
        db.text_factory = factory
    for rid, stored in stored_rows:
        parts: list[tuple[str, int, str, int, Any]]
        try:
            parts = list(_parts(stored))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            # damaged: kept as stored, where `cchc check` and opening the report find it
            parts = [("intro", 0, "", 1, _as_stored(stored)), ("closing", 0, "", 1, "[]")]
        db.executemany(_INSERT, [(rid, i, *p) for i, p in enumerate(parts)])
    # SQLite drops a column in place (3.35+): the reports table keeps its indexes and triggers
    op.execute("ALTER TABLE reports DROP COLUMN narrative")


def downgrade() -> None:
    raise NotImplementedError("the narrative's parts are not joined back into one value")
