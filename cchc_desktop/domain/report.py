"""The report being compiled: header, narrative with footnotes, signer, recipients and the three appendices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum

from .frozen import Record
from .periods import Period
from .vn import clean_line, format_date_long, format_date_short

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class ReportStatus(Enum):
    DRAFT = "draft"
    FINAL = "final"
    SENT = "sent"  # sent to the recipients: read-only until reopened (domain/lifecycle.py)

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ReportStatus.DRAFT: "Dự thảo",
    ReportStatus.FINAL: "Hoàn thành",
    ReportStatus.SENT: "Đã gửi",
}


class SentVia(Enum):
    """How the report went out."""

    PAPER = "paper"
    SYSTEM = "system"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return _SENT_VIA_LABELS[self]


_SENT_VIA_LABELS = {
    SentVia.PAPER: "văn bản giấy",
    SentVia.SYSTEM: "hệ thống quản lý văn bản",
    SentVia.EMAIL: "thư điện tử",
}


# The value classes below are Records (domain/frozen.py): a dataclass's behaviour, with the
# __init__ written here, so that importing them costs no generated code.
class Sending(Record):
    """The report's sending (Đã gửi) and its reopenings: kept after a reopening, so that the
    corrected version can name the one it replaces."""

    __match_args__ = ("sent_on", "via", "number", "reopen_count", "reopen_reason")
    sent_on: dt.date | None
    via: SentVia | None
    number: str  # the number the văn thư gave it ("125/BC-STC")
    reopen_count: int  # times it was reopened after sending: > 0 = a corrected version
    reopen_reason: str  # the last reopening's reason

    def __init__(
        self,
        sent_on: dt.date | None = None,
        via: SentVia | None = None,
        number: str = "",
        reopen_count: int = 0,
        reopen_reason: str = "",
    ) -> None:
        self.sent_on = sent_on
        self.via = via
        self.number = number
        self.reopen_count = reopen_count
        self.reopen_reason = reopen_reason

    @property
    def corrected(self) -> bool:
        return self.reopen_count > 0


class Unit(Record):
    """The reporting unit (Sở, Ban, Ngành) and what its documents print about it."""

    __match_args__ = ("name", "parent_authority", "abbreviation", "place", "id")
    name: str  # "Sở Tài chính"
    parent_authority: str  # "UBND TỈNH HÀ TĨNH"
    abbreviation: str  # used in the document symbol: "STC" -> "BC-STC"
    place: str  # "Hà Tĩnh"
    id: int | None

    def __init__(
        self,
        name: str,
        parent_authority: str = "",
        abbreviation: str = "",
        place: str = "",
        id: int | None = None,
    ) -> None:
        self.name = name
        self.parent_authority = parent_authority
        self.abbreviation = abbreviation
        self.place = place
        self.id = id


def unit_key(name: str) -> str:
    """What identifies a unit by its name: "Sở Tài chính", "SỞ TÀI CHÍNH" and "sở  tài chính"
    are one unit (case and spacing are how it was typed, not which unit it is)."""
    return clean_line(name).casefold()


MAX_SIGNER_LINES = 3  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"


class Signer(Record):
    """Who signs: the signing authority line(s), the title and the name."""

    __match_args__ = ("authority", "title", "name")
    # "KT. GIÁM ĐỐC" (TM., KT., TL., Q., TUQ.); empty when the head signs. Up to two lines,
    # newline-separated: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH" above the title "PHÓ CHỦ TỊCH".
    authority: str
    title: str  # "PHÓ GIÁM ĐỐC"
    name: str  # "Phạm Chí Hiếu"

    def __init__(self, authority: str = "", title: str = "", name: str = "") -> None:
        self.authority = authority
        self.title = title
        self.name = name

    @property
    def lines(self) -> list[str]:
        """The lines printed above the signature, as typed: the authority lines, then the title."""
        return [ln.strip() for ln in (*self.authority.split("\n"), self.title) if ln.strip()]

    @staticmethod
    def split_lines(lines: list[str]) -> tuple[str, str]:
        """(authority, title) for 1-3 signer lines: the last line is the title, those before it
        the authority (newline-separated). Blank lines are dropped."""
        kept = [clean_line(ln) for ln in lines if clean_line(ln)]
        if not kept:
            return "", ""
        return "\n".join(kept[:-1]), kept[-1]


class ParagraphStyle(Enum):
    BODY = "body"  # justified, first-line indent
    DASH = "dash"  # a "- ..." list paragraph; the "- " is added by the export, not stored


class Run(Record):
    """A piece of paragraph text. A run with footnote_id set is the footnote's reference mark."""

    __match_args__ = ("text", "bold", "italic", "footnote_id")
    text: str
    bold: bool
    italic: bool
    footnote_id: str | None

    def __init__(
        self,
        text: str = "",
        bold: bool = False,
        italic: bool = False,
        footnote_id: str | None = None,
    ) -> None:
        self.text = text
        self.bold = bold
        self.italic = italic
        self.footnote_id = footnote_id


def append_text(runs: list[Run], text: str, *, bold: bool, italic: bool) -> None:
    """Add text to a paragraph's runs: joined to the last run when that one has the same format
    and is not a footnote reference, else as a run of its own (nothing for empty text)."""
    if not text:
        return
    last = runs[-1] if runs else None
    if last is not None and last.footnote_id is None and (last.bold, last.italic) == (bold, italic):
        last.text += text
    else:
        runs.append(Run(text, bold=bold, italic=italic))


class Paragraph(Record):
    """A paragraph of the narrative: its runs and its style."""

    __match_args__ = ("runs", "style")
    runs: list[Run]
    style: ParagraphStyle

    def __init__(
        self, runs: list[Run] | None = None, style: ParagraphStyle = ParagraphStyle.BODY
    ) -> None:
        self.runs = [] if runs is None else runs
        self.style = style

    @classmethod
    def of(
        cls,
        text: str,
        style: ParagraphStyle = ParagraphStyle.BODY,
        *,
        bold: bool = False,
        italic: bool = False,
    ) -> Paragraph:
        return cls([Run(text, bold=bold, italic=italic)], style)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.footnote_id is None)

    def footnote_ids(self) -> list[str]:
        return [r.footnote_id for r in self.runs if r.footnote_id is not None]


class Section(Record):
    """A heading of the narrative with its paragraphs and sub-sections. Numbers are derived from position:
    level 1 "I.", level 2 "1.", level 3 "4.1." (see Narrative.numbered())."""

    __match_args__ = ("title", "paragraphs", "children", "numbered")
    title: str
    paragraphs: list[Paragraph]
    children: list[Section]
    numbered: bool

    def __init__(
        self,
        title: str,
        paragraphs: list[Paragraph] | None = None,
        children: list[Section] | None = None,
        numbered: bool = True,
    ) -> None:
        self.title = title
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.children = [] if children is None else children
        self.numbered = numbered


def _new_footnote_id() -> str:
    import uuid  # here: it imports the platform module, a few ms of every command's start

    return uuid.uuid4().hex[:12]


class Footnote(Record):
    """A footnote of the narrative (its reference mark is a Run carrying its id)."""

    __match_args__ = ("text", "id", "document_id")
    text: str
    id: str  # a new one when not given
    document_id: int | None  # the cited document in the unit's register, if inserted from it

    def __init__(self, text: str, id: str | None = None, document_id: int | None = None) -> None:
        self.text = text
        self.id = _new_footnote_id() if id is None else id
        self.document_id = document_id


class Narrative(Record):
    """The report's text: the opening paragraphs, the numbered sections, the closing."""

    __match_args__ = ("intro", "sections", "closing")
    intro: list[Paragraph]  # before section I ("Thực hiện ...")
    sections: list[Section]
    closing: list[Paragraph]  # "Trên đây là báo cáo ..."

    def __init__(
        self,
        intro: list[Paragraph] | None = None,
        sections: list[Section] | None = None,
        closing: list[Paragraph] | None = None,
    ) -> None:
        self.intro = [] if intro is None else intro
        self.sections = [] if sections is None else sections
        self.closing = [] if closing is None else closing

    def numbered(self) -> Iterator[tuple[str, int, Section]]:
        """Walk the sections in document order as (number label, level, section)."""

        def walk(
            items: list[Section], level: int, prefix: str
        ) -> Iterator[tuple[str, int, Section]]:
            n = 0
            for sec in items:
                label = ""
                if sec.numbered:
                    n += 1
                    if level == 1:
                        label = f"{ROMAN[n - 1] if n <= len(ROMAN) else n}."
                    elif level == 2:
                        label = f"{n}."
                    else:
                        label = f"{prefix}{n}."
                yield label, level, sec
                yield from walk(sec.children, level + 1, label if level >= 2 else "")

        yield from walk(self.sections, 1, "")

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in document order."""

        # a plain walk, not numbered(): its labels, built for every section, were most of the
        # cost of the report-level check run on every save of typed text
        def walk(items: list[Section]) -> Iterator[Paragraph]:
            for sec in items:
                yield from sec.paragraphs
                yield from walk(sec.children)

        yield from self.intro
        yield from walk(self.sections)
        yield from self.closing


class PropagandaRow(Record):
    """A row of Phụ lục I (báo cáo tuyên truyền CCHC)."""

    __match_args__ = ("number", "label", "unit", "quantity", "note")
    number: str  # "01"; empty on a sub-row ("Số người tham dự ...")
    label: str
    unit: str
    quantity: Decimal | None
    note: str

    def __init__(
        self,
        number: str,
        label: str,
        unit: str = "",
        quantity: Decimal | None = None,
        note: str = "",
    ) -> None:
        self.number = number
        self.label = label
        self.unit = unit
        self.quantity = quantity
        self.note = note


class RemediationItem(Record):
    """A row of Phụ lục II: a criterion that lost points in last year's appraisal and what was done."""

    __match_args__ = (
        "number",
        "criterion",
        "assessment",
        "score_got",
        "score_max",
        "findings",
        "remedies",
        "deadlines",
        "progress",
    )
    number: str  # "1"
    criterion: str  # bold title: "Tiêu chí 1: Công tác triển khai cải cách hành chính:"
    assessment: str  # "Đoàn thẩm định đánh giá đạt 6,981/10 điểm. Bị trừ các tiêu chí cụ thể sau:"
    score_got: Decimal | None
    score_max: Decimal | None
    findings: list[str]  # sub-criteria with their reasons
    remedies: list[str]
    deadlines: list[str]
    progress: list[str]

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        number: str,
        criterion: str,
        assessment: str = "",
        score_got: Decimal | None = None,
        score_max: Decimal | None = None,
        findings: list[str] | None = None,
        remedies: list[str] | None = None,
        deadlines: list[str] | None = None,
        progress: list[str] | None = None,
    ) -> None:
        self.number = number
        self.criterion = criterion
        self.assessment = assessment
        self.score_got = score_got
        self.score_max = score_max
        self.findings = [] if findings is None else findings
        self.remedies = [] if remedies is None else remedies
        self.deadlines = [] if deadlines is None else deadlines
        self.progress = [] if progress is None else progress


class IndicatorValue(Record):
    """A Phụ lục III figure (or text, or None: not reported) and its note."""

    __match_args__ = ("value", "note")
    value: Decimal | str | None
    note: str

    def __init__(self, value: Decimal | str | None = None, note: str = "") -> None:
        self.value = value
        self.note = note

    @property
    def is_reported(self) -> bool:
        """A value with neither a figure nor a note is "not reported": it is not stored at all."""
        return self.value is not None or bool(self.note)


def default_symbol(abbreviation: str) -> str:
    """The report's ký hiệu made from its unit's abbreviation: "BC-STC"; "BC" without one."""
    return f"BC-{abbreviation}" if abbreviation else "BC"


class Report(Record):
    """A report of one unit for one period: header, narrative, Phụ lục I-III, status."""

    __match_args__ = (
        "unit",
        "period",
        "catalog_id",
        "catalog_version",
        "number",
        "symbol",
        "place",
        "date",
        "subject",
        "recipient_to",
        "signer",
        "recipients",
        "narrative",
        "footnotes",
        "propaganda",
        "remediation",
        "values",
        "optional_groups",
        "status",
        "sending",
        "id",
        "created_at",
        "updated_at",
        "revision",
    )
    unit: Unit
    period: Period
    catalog_id: str
    catalog_version: str
    number: str  # the number part of "123/BC-STC"; often blank until the văn thư issues it
    symbol: str  # "BC-STC"
    place: str  # "Hà Tĩnh"
    date: dt.date | None
    subject: str  # trích yếu
    recipient_to: str  # "Kính gửi: ..." (optional)
    signer: Signer
    recipients: list[str]  # "Sở Nội vụ (b/c);" ... "Lưu: VT, VP."
    narrative: Narrative
    footnotes: list[Footnote]
    propaganda: list[PropagandaRow]  # Phụ lục I
    remediation: list[RemediationItem]  # Phụ lục II
    values: dict[str, IndicatorValue]  # Phụ lục III by clean code
    optional_groups: set[str]  # catalog groups switched on (e.g. "hs")
    status: ReportStatus
    sending: Sending  # set only by a status change
    id: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    revision: int  # raised by every write; a writer that read N and finds more was not alone

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        unit: Unit,
        period: Period,
        catalog_id: str,
        catalog_version: str,
        number: str = "",
        symbol: str = "",
        place: str = "",
        date: dt.date | None = None,
        subject: str = "",
        recipient_to: str = "",
        signer: Signer | None = None,
        recipients: list[str] | None = None,
        narrative: Narrative | None = None,
        footnotes: list[Footnote] | None = None,
        propaganda: list[PropagandaRow] | None = None,
        remediation: list[RemediationItem] | None = None,
        values: dict[str, IndicatorValue] | None = None,
        optional_groups: set[str] | None = None,
        status: ReportStatus = ReportStatus.DRAFT,
        sending: Sending | None = None,
        id: int | None = None,
        created_at: dt.datetime | None = None,
        updated_at: dt.datetime | None = None,
        revision: int = 0,
    ) -> None:
        self.unit = unit
        self.period = period
        self.catalog_id = catalog_id
        self.catalog_version = catalog_version
        self.number = number
        self.symbol = symbol
        self.place = place
        self.date = date
        self.subject = subject
        self.recipient_to = recipient_to
        self.signer = Signer() if signer is None else signer
        self.recipients = [] if recipients is None else recipients
        self.narrative = Narrative() if narrative is None else narrative
        self.footnotes = [] if footnotes is None else footnotes
        self.propaganda = [] if propaganda is None else propaganda
        self.remediation = [] if remediation is None else remediation
        self.values = {} if values is None else values
        self.optional_groups = set() if optional_groups is None else optional_groups
        self.status = status
        self.sending = Sending() if sending is None else sending
        self.id = id
        self.created_at = created_at
        self.updated_at = updated_at
        self.revision = revision

    # --- derived wording -------------------------------------------------------------------
    @property
    def number_symbol(self) -> str:
        """ "123/BC-STC", or "/BC-STC" while the number is blank (filled by hand when issued)."""
        return f"{self.number}/{self.symbol}" if self.symbol else self.number

    def place_date_line(self) -> str:
        """ "Hà Tĩnh, ngày 15 tháng 6 năm 2024" (blank day and month are left for the văn thư)."""
        if self.date is None:
            return f"{self.place}, ngày      tháng      năm {self.period.year}"
        return f"{self.place}, {format_date_long(self.date)}"

    def appendix_reference(self) -> str:
        """ "(Kèm theo Báo cáo số 123/BC-STC ngày 15/6/2024 của Sở Tài chính)"; a blank number or day
        keeps its space so the văn thư can write it in."""
        number = self.number_symbol if self.number else f"      /{self.symbol}"
        if self.date is None:
            when = f"   /   /{self.period.year}"
        elif not self.number:
            month = format_date_short(self.date).split("/", 1)[1]
            when = f"   /{month}"  # the day is written by hand together with the number
        else:
            when = format_date_short(self.date)
        return f"(Kèm theo Báo cáo số {number} ngày {when} của {self.unit.name})"

    def value(self, code: str) -> Decimal | str | None:
        iv = self.values.get(code)
        return None if iv is None else iv.value

    def footnote(self, footnote_id: str) -> Footnote | None:
        for f in self.footnotes:
            if f.id == footnote_id:
                return f
        return None

    def footnotes_in_order(self) -> list[Footnote]:
        """Footnotes in the order their references appear in the text (Word numbers them so)."""
        by_id = {f.id: f for f in self.footnotes}
        seen: list[Footnote] = []
        seen_ids: set[str] = set()  # a set, not `in seen`: a list search made it quadratic
        for para in self.narrative.paragraphs():
            for fid in para.footnote_ids():
                note = by_id.get(fid)
                if note is not None and fid not in seen_ids:
                    seen_ids.add(fid)
                    seen.append(note)
        return seen
