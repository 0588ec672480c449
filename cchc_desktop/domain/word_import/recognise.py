"""Recognising a report typed in Word: header, narrative, signature, "Nơi nhận" and appendices.

Pure: it works on the neutral picture of the document (model.py) that export/docx_import.py reads
with python-docx. Everything it could not place is listed in the Review, so the user can correct
the guesses before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog import Catalog
from ..periods import Period
from ..report import (
    Footnote,
    Narrative,
    Paragraph,
    ParagraphStyle,
    Report,
    Run,
    Section,
    Unit,
    append_text,
    default_symbol,
)
from ..signature import RECIPIENTS_HEADING, normalize_recipients
from ..vn import clean_line, nfc
from .appendices import AppendixReader
from .model import Block, Recognition, Review, WordDocument, WordParagraph, WordTable
from .text import (
    PlaceDate,
    abbreviation_of,
    heading_mark,
    is_authority_line,
    is_upper,
    parse_number_symbol,
    parse_place_date,
    period_from_text,
    proper_case,
    short,
    signer_from_lines,
)

# --- recognising the whole document ------------------------------------------------------------

_HEADING_STYLES = {"heading 1": 1, "heading 2": 2, "heading 3": 3, "heading 4": 3}
_APPENDIX_RE = re.compile(r"^phụ\s+lục\s+(?:số\s+)?([ivx]+|\d+)\b", re.IGNORECASE)
_NATIONAL = ("cộng hòa xã hội", "cộng hoà xã hội", "độc lập - tự do", "độc lập – tự do")
_DASH_PREFIXES = ("- ", "– ", "-\u00a0", "–\u00a0")


_REFERENCE_RE = re.compile(r"^\(?\s*(?:Kèm|Ban hành kèm) theo .{0,80}?\bcủa\s+(.{2,80}?)\s*\)")


def _is_national(line: str) -> bool:
    low = line.casefold()
    return any(low.startswith(n) for n in _NATIONAL) or set(line) <= set("-_–—. ")


def recognise(
    doc: WordDocument,
    catalog: Catalog,
    *,
    fallback_period: Period,
) -> Recognition:
    """The report a Word document holds, and the review of what was and was not recognised."""
    return _Recogniser(doc, catalog, fallback_period).run()


class _Recogniser:
    def __init__(self, doc: WordDocument, catalog: Catalog, fallback: Period) -> None:
        self.doc = doc
        self.catalog = catalog
        self.fallback = fallback
        self.review = Review()
        self.footnotes: list[Footnote] = []
        self.narrative = Narrative()
        self.stack: list[tuple[int, Section]] = []  # the open sections, outermost first
        self.in_closing = False
        self.authority_lines: list[str] = []
        self.number: tuple[str, str] | None = None
        self.place_date: PlaceDate | None = None
        self.subject = ""
        self.recipient_to = ""
        self.recipients: list[str] = []
        self.signer_lines: list[str] = []
        self.appendices = AppendixReader(catalog, self.review)
        self.all_texts: list[str] = []

    # -- driving ---------------------------------------------------------------------------
    def run(self) -> Recognition:
        blocks = list(self.doc.blocks)
        for b in blocks:
            self.all_texts.extend(_texts(b))
        i = self._header(blocks)
        i = self._title(blocks, i)
        zone = "narrative"
        while i < len(blocks):
            block = blocks[i]
            i += 1
            if isinstance(block, WordTable):
                if self.appendices.read(block):
                    zone = "appendix"
                elif self._signature_table(block):
                    zone = "signature"
                else:
                    self.review.body_text.append(
                        f"Bảng {len(block.rows)} dòng không phải phụ lục I, II, III hay khối chữ ký"
                        " (chưa nhập)"
                    )
                continue
            line = block.line
            if not line and not any(r.footnote for r in block.runs):
                continue
            if _APPENDIX_RE.match(line) and len(line) < 40:
                zone = "appendix"
                continue
            if zone == "appendix":
                continue  # the appendix's title and "(Kèm theo ...)" line: implied by its table
            if line.casefold().startswith(RECIPIENTS_HEADING.casefold().rstrip(":")):
                zone = "signature"
                rest = line[len(RECIPIENTS_HEADING) :].strip(" :")
                if rest:
                    self.recipients.append(rest)
                continue
            if zone == "signature" or (self.in_closing and self._signature_line(line)):
                zone = "signature"
                if line.startswith(("-", "–", "•")):
                    self.recipients.append(line)
                else:
                    self.signer_lines.append(line)
                continue
            self._narrative(block)
        return Recognition(self._report(), self.review)

    # -- header ----------------------------------------------------------------------------
    def _header(self, blocks: list[Block]) -> int:
        """The lines before "BÁO CÁO": a header table, or the first paragraphs when there is none."""
        i = 0
        lines: list[tuple[str, str]] = []  # (text, side)
        first = blocks[0] if blocks else None
        if (
            isinstance(first, WordTable)
            and len(first.rows) <= 4
            and max(map(len, first.rows), default=0) <= 3
        ):
            table = first
            for row in table.rows:
                for col, cell in enumerate(row):
                    side = "left" if col == 0 else "right"
                    for p in cell:
                        for part in p.text.split("\n"):
                            lines.append((part, side))
            i = 1
        # Without a "BÁO CÁO" line near the top there is no header to read: the paragraphs are text.
        has_title = any(
            isinstance(b, WordParagraph) and self._is_title(b.line) for b in blocks[i : i + 15]
        )
        while has_title and i < len(blocks) and isinstance(blocks[i], WordParagraph):
            para = blocks[i]
            assert isinstance(para, WordParagraph)
            if self._is_title(para.line) or heading_mark(para.line) or len(para.line) > 200:
                break
            parts = re.split(r"\t+", para.text)
            for n, part in enumerate(parts):
                side = "" if len(parts) == 1 else ("left" if n == 0 else "right")
                for piece in part.split("\n"):
                    lines.append((piece, side))
            i += 1
        for raw, side in lines:
            line = clean_line(raw)
            if not line or _is_national(line):
                continue
            number = parse_number_symbol(line)
            if number is not None and self.number is None:
                self.number = number
                continue
            when = parse_place_date(line)
            if when is not None and self.place_date is None:
                self.place_date = when
                continue
            if side in ("left", "") and self.number is None and len(line) <= 120:
                self.authority_lines.append(line)
            else:
                self.review.body_text.append(f"Dòng đầu văn bản không nhận ra: “{line}”")
        return i

    @staticmethod
    def _is_title(line: str) -> bool:
        return clean_line(line.split("\n", 1)[0]).casefold() == "báo cáo" or (
            line.casefold().startswith("báo cáo") and is_upper(line[:7]) and len(line) < 300
        )

    def _title(self, blocks: list[Block], i: int) -> int:
        """ "BÁO CÁO", the trích yếu under it, and "Kính gửi"."""
        if i >= len(blocks) or not isinstance(blocks[i], WordParagraph):
            return i
        p = blocks[i]
        assert isinstance(p, WordParagraph)
        if not self._is_title(p.line):
            self.review.guesses.append("Không thấy dòng “BÁO CÁO”: trích yếu chưa nhận ra")
            return i
        i += 1
        rest = clean_line(p.text.replace("\n", " ")[len("BÁO CÁO") :])
        if rest:
            self.subject = rest
        while i < len(blocks) and isinstance(blocks[i], WordParagraph):
            q = blocks[i]
            assert isinstance(q, WordParagraph)
            line = q.line
            if not line:
                i += 1
                if self.subject:
                    break  # the rule under the trích yếu, or a blank line
                continue
            if line.casefold().startswith("kính gửi"):
                break
            if self.subject or heading_mark(line) or len(line) > 300:
                break
            self.subject = line
            i += 1
        while i < len(blocks) and isinstance(blocks[i], WordParagraph):
            q = blocks[i]
            assert isinstance(q, WordParagraph)
            line = q.line
            if not line:
                i += 1
                continue
            if line.casefold().startswith("kính gửi"):
                to = line[len("kính gửi") :].lstrip(" :")
                self.recipient_to = to
                i += 1
                continue
            break
        return i

    # -- narrative -------------------------------------------------------------------------
    def _narrative(self, p: WordParagraph) -> None:
        line = p.line
        style_level = _HEADING_STYLES.get(p.style.casefold())
        mark = heading_mark(line)
        if line.casefold().startswith("trên đây") and self.narrative.sections:
            self.in_closing = True
        if self.in_closing:
            self.narrative.closing.append(self._paragraph(p))
            return
        if style_level is not None or (mark is not None and mark.level > 0 and _heading_like(p)):
            level = style_level or (mark.level if mark else 1)
            title = mark.title if mark is not None and mark.level > 0 else line
            numbered = mark is not None and mark.level > 0
            self._open_section(level, Section(title=title, numbered=numbered))
            return
        if mark is not None and mark.level == 0 and p.all_bold and len(line) <= 200 and self.stack:
            # "a) Tuyên truyền": a sub-heading the outline has no numbering for; kept with its letter
            depth = self.stack[-1][0]
            self._open_section(depth + 1, Section(title=line, numbered=False))
            return
        if mark is not None and mark.level > 0:
            self.review.body_text.append(
                f"Đoạn đánh số nhưng dài hoặc là câu, giữ là đoạn văn: “{short(line)}”"
            )
        paragraph = self._paragraph(p)
        if self.stack:
            self.stack[-1][1].paragraphs.append(paragraph)
        else:
            self.narrative.intro.append(paragraph)

    def _open_section(self, level: int, section: Section) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if not self.stack:
            if level > 1:
                self.review.guesses.append(
                    f"Mục “{short(section.title)}” không nằm dưới mục La Mã nào: đặt làm mục cấp 1"
                )
            self.narrative.sections.append(section)
            self.stack.append((1, section))
            return
        parent_level, parent = self.stack[-1]
        parent.children.append(section)
        self.stack.append((parent_level + 1, section))

    def _paragraph(self, p: WordParagraph) -> Paragraph:
        runs: list[Run] = []
        for r in p.runs:
            if r.footnote is not None:
                note = Footnote(text=clean_line(r.footnote))
                self.footnotes.append(note)
                runs.append(Run("", footnote_id=note.id))
                continue
            append_text(runs, nfc(r.text), bold=r.bold, italic=r.italic)
        style = ParagraphStyle.BODY
        first = next((r for r in runs if r.footnote_id is None), None)
        if first is not None and first.text.lstrip().startswith(_DASH_PREFIXES):
            style = ParagraphStyle.DASH
            first.text = first.text.lstrip()[2:].lstrip()
        if runs and runs[0].footnote_id is None:
            runs[0].text = runs[0].text.lstrip()
        if runs and runs[-1].footnote_id is None:
            runs[-1].text = runs[-1].text.rstrip()
        return Paragraph([r for r in runs if r.text or r.footnote_id], style)

    # -- signature -------------------------------------------------------------------------
    @staticmethod
    def _signature_line(line: str) -> bool:
        return is_authority_line(line) or (is_upper(line) and len(line) <= 60)

    def _signature_table(self, table: WordTable) -> bool:
        cells = [c for row in table.rows for c in row]
        lines = [clean_line(p.text) for c in cells for p in c]
        if not any(x.casefold().startswith("nơi nhận") or is_authority_line(x) for x in lines if x):
            return False
        for row in table.rows:
            for cell in row:
                texts = [clean_line(t) for p in cell for t in p.text.split("\n") if clean_line(t)]
                if texts and texts[0].casefold().startswith("nơi nhận"):
                    rest = texts[0][len(RECIPIENTS_HEADING) :].strip(" :")
                    self.recipients.extend(([rest] if rest else []) + texts[1:])
                else:
                    self.signer_lines.extend(texts)
        return True

    # -- appendices ------------------------------------------------------------------------

    def _report(self) -> Report:
        review = self.review
        parent, issuer = "", ""
        if len(self.authority_lines) >= 2:
            parent, issuer = self.authority_lines[-2], self.authority_lines[-1]
            for extra in self.authority_lines[:-2]:
                review.body_text.append(f"Dòng đầu văn bản không nhận ra: “{extra}”")
        elif self.authority_lines:
            issuer = self.authority_lines[0]
        name = ""
        if issuer:
            review.unit_found = True
            name = proper_case(issuer, self.all_texts) or ""
            if not name:
                name = issuer[:1] + issuer[1:].lower() if is_upper(issuer) else issuer
                review.guesses.append(
                    f"Tên đơn vị “{name}” đoán từ dòng “{issuer}”: hãy sửa chữ hoa cho đúng"
                )
        else:
            name = self._name_in_reference()
            review.guesses.append(
                f"Không thấy cơ quan ban hành ở đầu văn bản: tên đơn vị “{name}” lấy từ dòng "
                "“(Kèm theo Báo cáo ... của ...)”, hãy kiểm tra"
                if name
                else "Không thấy cơ quan ban hành ở đầu văn bản: hãy nhập tên đơn vị"
            )
        number, symbol = self.number or ("", "")
        abbreviation = abbreviation_of(symbol)
        place = self.place_date.place if self.place_date else ""
        date = self.place_date.date if self.place_date else None
        known_year = self.place_date.year if self.place_date else self._year_in_text()
        period = period_from_text(self.subject, known_year) if self.subject else None
        if period is None:
            intro = " ".join(p.text for p in self.narrative.intro[:2])
            period = period_from_text(intro, known_year)
            if period is not None:
                review.guesses.append(f"Kỳ báo cáo đoán từ đoạn mở đầu: {period.wording}")
        if period is not None:
            review.period_found = True
        else:
            year = self.place_date.year if self.place_date else self.fallback.year
            try:
                period = Period(year, self.fallback.kind)
            except ValueError:
                period = self.fallback
            review.guesses.append(
                f"Không nhận ra kỳ báo cáo từ trích yếu: tạm đặt {period.wording}, hãy chọn lại"
            )
        recipients = normalize_recipients(self.recipients)
        signer = signer_from_lines(self.signer_lines)
        report = Report(
            unit=Unit(name, parent, abbreviation, place),
            period=period,
            catalog_id=self.catalog.id,
            catalog_version=self.catalog.version,
            number=number,
            symbol=symbol or default_symbol(abbreviation),
            place=place,
            date=date,
            subject=self.subject,
            recipient_to=self.recipient_to,
            signer=signer,
            recipients=recipients,
            narrative=self.narrative,
            footnotes=self.footnotes,
            propaganda=self.appendices.propaganda,
            remediation=self.appendices.remediation,
            values=self.appendices.values,
            optional_groups=self.appendices.optional_groups,
        )
        self._summarise(report)
        return report

    def _name_in_reference(self) -> str:
        """The unit an appendix names: "(Kèm theo Báo cáo số .../BC-STC ngày ... của Sở Tài chính)"."""
        for text in self.all_texts:
            m = _REFERENCE_RE.search(clean_line(text))
            if m:
                return m.group(1).strip()
        return ""

    def _year_in_text(self) -> int | None:
        """The first "năm 2020" of the narrative, for a title that names no year."""
        for p in list(self.narrative.paragraphs())[:8]:
            m = re.search(r"\bnăm\s+(20\d\d)\b", p.text)
            if m:
                return int(m.group(1))
        return None

    def _summarise(self, r: Report) -> None:
        found = self.review.found

        def add(what: str, value: str) -> None:
            if value:
                found.append((what, value))

        add("Cơ quan chủ quản", r.unit.parent_authority)
        add("Cơ quan ban hành", r.unit.name)
        add("Số, ký hiệu", r.number_symbol if self.number else "")
        add("Địa danh, ngày", f"{r.place}, {r.date:%d/%m/%Y}" if r.date else r.place)
        add("Trích yếu", r.subject)
        add("Kính gửi", r.recipient_to)
        sections = sum(1 for _ in r.narrative.numbered())
        paragraphs = sum(1 for _ in r.narrative.paragraphs())
        add("Nội dung", f"{sections} mục, {paragraphs} đoạn, {len(r.footnotes)} chú thích")
        add(
            "Người ký",
            " / ".join(x for x in (r.signer.authority, r.signer.title, r.signer.name) if x),
        )
        add("Nơi nhận", f"{len(r.recipients)} nơi" if r.recipients else "")
        add("Phụ lục I", f"{len(r.propaganda)} dòng" if r.propaganda else "")
        add("Phụ lục II", f"{len(r.remediation)} mục" if r.remediation else "")
        add("Phụ lục III", f"{len(r.values)} chỉ tiêu có số liệu" if r.values else "")
        if self.doc.converted_paragraphs:
            add(
                "Phông cũ",
                f"{self.doc.converted_paragraphs} đoạn gõ bằng phông "
                + ", ".join(sorted(self.doc.encodings))
                + " đã chuyển sang Unicode",
            )


def _heading_like(p: WordParagraph) -> bool:
    """A numbered paragraph is a heading when it is bold, or (a file that lost its formatting)
    short and not a sentence: "I. KẾT QUẢ", "2. Cải cách thể chế:", but not "1. Tiếp tục
    triển khai ... ;" in a list of tasks."""
    line = p.line
    if p.all_bold:
        return len(line) <= 300
    return len(line) <= 150 and not line.endswith((".", ";", ","))


def _texts(block: Block) -> Iterator[str]:
    if isinstance(block, WordParagraph):
        yield block.text
    else:
        for row in block.rows:
            for cell in row:
                for p in cell:
                    yield p.text
