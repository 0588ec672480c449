"""The neutral picture of a Word document the import recognises (paragraphs with their runs and
style names, tables as cells of paragraphs, footnote texts at their references), and the review of
what was and was not recognised."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Report
from ..vn import clean_line

# --- the document as read ----------------------------------------------------------------------


@dataclass
class WordRun:
    text: str = ""
    bold: bool = False
    italic: bool = False
    footnote: str | None = None  # the note's text, when this run is a footnote reference


@dataclass
class WordParagraph:
    runs: list[WordRun] = field(default_factory=list)
    style: str = ""  # the paragraph style's name ("heading 1", "Normal"), as Word names it

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.footnote is None)

    @property
    def line(self) -> str:
        return clean_line(self.text)

    @property
    def all_bold(self) -> bool:
        texts = [r for r in self.runs if r.footnote is None and r.text.strip()]
        return bool(texts) and all(r.bold for r in texts)

    @classmethod
    def of(
        cls, text: str, *, bold: bool = False, italic: bool = False, style: str = ""
    ) -> WordParagraph:
        return cls([WordRun(text, bold=bold, italic=italic)], style)


Cell = list[WordParagraph]


@dataclass
class WordTable:
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self, row: int) -> list[str]:
        return [cell_text(c) for c in self.rows[row]] if row < len(self.rows) else []


Block = WordParagraph | WordTable


@dataclass
class WordDocument:
    blocks: list[Block] = field(default_factory=list)
    converted_paragraphs: int = 0  # paragraphs typed in a TCVN3/VNI font, converted to Unicode
    encodings: set[str] = field(default_factory=set)


def cell_text(cell: Cell) -> str:
    return "\n".join(p.text for p in cell)


# --- the review ------------------------------------------------------------------------------------


@dataclass
class Review:
    """What the import recognised and what it could not place, shown before anything is saved."""

    found: list[tuple[str, str]] = field(default_factory=list)  # (what, as read)
    body_text: list[str] = field(default_factory=list)  # paragraphs kept as plain text, and why
    unmatched_rows: list[str] = field(default_factory=list)  # Phụ lục III rows of no indicator
    problems: list[str] = field(default_factory=list)  # figures that could not be read
    guesses: list[str] = field(default_factory=list)  # proposals the user should check
    period_found: bool = False
    unit_found: bool = False


@dataclass
class Recognition:
    report: Report
    review: Review
