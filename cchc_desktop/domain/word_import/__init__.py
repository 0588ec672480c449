"""Importing a report typed in Word: the neutral document model, the pure parsers of its lines,
and the recognition of header, narrative, signature, "Nơi nhận" and appendices."""

from .model import (
    Block,
    Cell,
    Recognition,
    Review,
    WordDocument,
    WordParagraph,
    WordRun,
    WordTable,
    cell_text,
)
from .recognise import recognise
from .text import (
    HeadingMark,
    PlaceDate,
    abbreviation_of,
    heading_mark,
    is_authority_line,
    parse_number_symbol,
    parse_place_date,
    period_from_text,
    proper_case,
    signer_from_lines,
)

__all__ = [
    "Block",
    "Cell",
    "HeadingMark",
    "PlaceDate",
    "Recognition",
    "Review",
    "WordDocument",
    "WordParagraph",
    "WordRun",
    "WordTable",
    "abbreviation_of",
    "cell_text",
    "heading_mark",
    "is_authority_line",
    "parse_number_symbol",
    "parse_place_date",
    "period_from_text",
    "proper_case",
    "recognise",
    "signer_from_lines",
]
