"""domain.steps: an edit kept as a small reversible step undoes and redoes exactly what the whole
before/after copies of the report did (the same patch is written), and keeps only what changed."""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.domain.changes import ReportPatch, diff, outline_of
from cchc_desktop.domain.outline import CLOSING, INTRO, part_key
from cchc_desktop.domain.report import (
    Footnote,
    IndicatorValue,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    Report,
    Run,
    Section,
    Signer,
)
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.domain.steps import (
    ReportState,
    Splice,
    Step,
    capture,
    narrative_of,
    narrative_parts,
    splice_between,
)
from cchc_desktop.errors import ConflictError
from cchc_desktop.services import operations
from cchc_desktop.services.catalogs import demo_report_data

Change = Callable[[Report], None]


@pytest.fixture
def report() -> Report:
    return report_from_dict(demo_report_data())


def _step(report: Report, change: Change) -> tuple[Report, Step]:
    """Apply change to report (in place, as the window does) and return (before copy, step)."""
    before_copy = copy.deepcopy(report)
    before = capture(report)
    change(report)
    return before_copy, Step.between(before, capture(report))


def _same(a: Report, b: Report) -> bool:
    """Equal in every field an edit changes; the footnotes' order aside (a footnote put back by
    an undo comes last in the list, as it always did: Word numbers them by the text)."""
    patch = diff(a, b)
    n = patch.narrative
    if n is not None and n.parts == {} and not n.footnotes:
        patch.narrative = None
    return patch.is_empty()


def _all_parts(report: Report) -> list[str]:
    keys = [INTRO, CLOSING]

    def walk(sections: list[Section], prefix: tuple[int, ...]) -> None:
        for i, sec in enumerate(sections):
            keys.append(part_key((*prefix, i)))
            walk(sec.children, (*prefix, i))

    walk(report.narrative.sections, ())
    return keys


def _paths(report: Report) -> list[tuple[int, ...]]:
    return [tuple(int(i) for i in k[2:].split(".")) for k in _all_parts(report)[2:]]


# --- the state: taken and given back without loss ----------------------------------------------
def test_the_narrative_as_nodes_and_back(report: Report) -> None:
    report.narrative.closing = [Paragraph.of("Trên đây là báo cáo."), Paragraph.of("Kết.")]
    report.narrative.sections[0].numbered = False
    again = narrative_of(outline_of(report.narrative), narrative_parts(report.narrative))
    assert again == report.narrative and again is not report.narrative


def test_an_empty_narrative_and_deep_nesting() -> None:
    from cchc_desktop.domain.report import Narrative

    assert narrative_of((), {}) == Narrative()
    deep = Narrative(
        sections=[
            Section("A", children=[Section("B", children=[Section("C", [Paragraph.of("c")])])]),
            Section("D"),
        ],
        closing=[Paragraph.of("hết")],
    )
    assert narrative_of(outline_of(deep), narrative_parts(deep)) == deep


def test_a_state_onto_its_report_differs_in_nothing(report: Report) -> None:
    state = capture(report)
    again = state.onto(report)
    assert diff(report, again).is_empty() and diff(again, report).is_empty()
    assert again.narrative is report.narrative  # equal text is shared, not rebuilt
    assert again.values is not report.values and again.unit is not report.unit


def test_a_state_shares_the_reports_strings_and_is_not_changed_by_edits(report: Report) -> None:
    state = capture(report)
    text = report.narrative.intro[0].runs[0].text
    assert state.parts[("intro",)][0][1][0][0] is text
    report.narrative.intro[0].runs[0].text = "khác"
    report.unit.abbreviation = "X"
    report.signer.name = "Người khác"
    assert capture(report) != state
    assert state.onto(report).narrative.intro[0].runs[0].text == text
    assert state.onto(report).signer.name != "Người khác"


# --- each kind of edit: the step is small and gives the old patch back -------------------------
def _text_edit(r: Report) -> None:
    p = r.narrative.sections[0].children[1].paragraphs[1]
    p.runs = [*p.runs, Run(" thêm chữ")]


EDITS: dict[str, Change] = {
    "typing in a paragraph": _text_edit,
    "a paragraph added": lambda r: operations.set_paragraphs(
        r, "s:1.0", [*r.narrative.sections[1].children[0].paragraphs, Paragraph.of("Mới.")]
    ),
    "a section added": lambda r: operations.add_section(r, (0, 1), "Mục mới thêm", child=False),
    "a sub-section added": lambda r: operations.add_section(r, (1,), "Mục con", child=True),
    "a section renamed": lambda r: operations.rename_section(r, (1, 0), "Tên mới"),
    "a section moved": lambda r: operations.move_section(r, (0, 1), 1),
    "a section deleted": lambda r: operations.delete_section(r, (0, 0)),
    "a footnote added": lambda r: (
        r.narrative.intro[0].runs.append(Run("", footnote_id="moi")),
        operations.add_footnote(r, Footnote("Chú thích mới", id="moi")),
    ),
    "a footnote edited": lambda r: operations.edit_footnote(r, "fn2", "Sửa chú thích"),
    "a footnote deleted": lambda r: operations.delete_footnote(r, "fn1"),
    "the subject": lambda r: operations.set_subject(r, "Trích yếu mới"),
    "the date": lambda r: operations.set_date(r, dt.date(2024, 7, 1)),
    "the signer": lambda r: setattr(r, "signer", Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "A")),
    "the abbreviation (and symbol)": lambda r: operations.set_abbreviation(r, "stc2"),
    "the recipients": lambda r: operations.set_recipients(r, ["Sở Nội vụ;", "Lưu: VT."]),
    "a Phụ lục I row": lambda r: setattr(r.propaganda[1], "quantity", Decimal(99)),
    "a Phụ lục I row added": lambda r: r.propaganda.append(PropagandaRow("9", "Mới")),
    "a Phụ lục II item": lambda r: r.remediation[0].remedies.append("Biện pháp mới"),
    "a Phụ lục II item removed": lambda r: r.remediation.pop(),
    "figures": lambda r: (
        r.values.__setitem__("1.1.1", IndicatorValue(Decimal(41))),
        r.values.pop("1.1.2"),
        r.values.__setitem__("9.9", IndicatorValue("có")),
    ),
    "an optional group": lambda r: operations.set_optional_group(r, "hs", True),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_undo_and_redo_write_what_the_whole_copies_wrote(report: Report, name: str) -> None:
    before, step = _step(report, EDITS[name])
    after = copy.deepcopy(report)
    assert not step.is_empty()
    # the patch an undo writes is the one the old whole-report snapshots gave
    assert step.patch(report, forward=False) == diff(after, before)
    undone = copy.deepcopy(after)
    step.patch(undone, forward=False).apply_to(undone)
    assert _same(undone, before)
    # and a redo, from the state before
    assert step.patch(before, forward=True) == diff(before, after)
    redone = copy.deepcopy(before)
    step.patch(redone, forward=True).apply_to(redone)
    assert _same(redone, after)


def test_typing_keeps_one_paragraph_and_a_section_one_heading(report: Report) -> None:
    _b, typing = _step(report, _text_edit)
    (splice,) = typing.parts.values()
    assert isinstance(splice, Splice) and (len(splice.old), len(splice.new)) == (1, 1)
    assert typing.size() == 2 and not typing.changed and typing.outline is None
    _b, added = _step(report, lambda r: operations.add_section(r, (0,), "Mục", child=False))
    assert added.outline is not None and added.size() == 1  # the headings; an empty part
    _b, renamed = _step(report, lambda r: operations.rename_section(r, (2, 1), "Khác"))
    assert renamed.size() == 1 + 2 * len(report.narrative.sections[2].children[1].paragraphs)
    _b, subject = _step(report, lambda r: operations.set_subject(r, "Khác"))
    assert not subject.parts and list(subject.changed) == ["header:subject"]


def test_an_undo_leaves_another_writers_text_in_another_part(report: Report) -> None:
    before, step = _step(report, _text_edit)
    theirs = copy.deepcopy(report)
    operations.set_paragraphs(theirs, CLOSING, [Paragraph.of("Đoạn kết của người khác.")])
    theirs.subject = "Trích yếu của người khác"
    step.patch(theirs, forward=False).apply_to(theirs)
    assert theirs.narrative.sections[0].children[1] == before.narrative.sections[0].children[1]
    assert [p.text for p in theirs.narrative.closing] == ["Đoạn kết của người khác."]
    assert theirs.subject == "Trích yếu của người khác"


def test_an_undo_of_typing_after_an_outline_change_elsewhere_keeps_both(
    report: Report,
) -> None:
    before, step = _step(report, _text_edit)
    theirs = copy.deepcopy(report)
    operations.add_section(theirs, (2,), "Mục của người khác", child=False)
    step.patch(theirs, forward=False).apply_to(theirs)
    assert theirs.narrative.sections[0] == before.narrative.sections[0]
    assert theirs.narrative.sections[-1].title == "Mục của người khác"


def test_the_same_paragraph_changed_elsewhere_is_refused_not_overwritten(report: Report) -> None:
    _before, step = _step(report, _text_edit)
    theirs = copy.deepcopy(report)
    theirs.narrative.sections[0].children[1].paragraphs[1].runs.append(Run(" của người khác"))
    with pytest.raises(ConflictError, match="vừa được sửa ở nơi khác"):
        step.patch(theirs, forward=False)
    theirs.narrative.sections[0].children[1].paragraphs.pop()
    with pytest.raises(ConflictError):  # a paragraph fewer: not the narrative it left
        step.patch(theirs, forward=False)


# --- merged typing: one step from the first state to the last ------------------------------------
def test_steps_merged_are_the_step_from_first_to_last(report: Report) -> None:
    first = capture(report)
    states = [first]
    steps = []
    for word in ("một", " hai", " ba"):
        before = capture(report)
        report.narrative.intro.append(Paragraph.of(word))
        report.narrative.intro[0].runs[0].text += word
        after = capture(report)
        steps.append(Step.between(before, after))
        states.append(after)
    merged = steps[0]
    for later, end in zip(steps[1:], states[2:], strict=True):
        merged = merged.then(later, end)
    assert merged == Step.between(first, states[-1])
    assert merged.moved(states[-1], forward=False) == first
    # typed and taken back: the merged step changes nothing
    back = Step.between(states[-1], first)
    assert Step.between(first, states[-1]).then(back, first).is_empty()


# --- random edits: undo all then redo all, through the patches, on a live report ----------------
def _random_edit(rng: random.Random, r: Report) -> Change:
    parts = _all_parts(r)
    paths = _paths(r)
    kind = rng.randrange(9)
    word = rng.choice(["cải cách", "hành chính", "Sở", "đạt 100%", "", "x"])
    if kind <= 2 and parts:
        part = rng.choice(parts)

        def typing(rep: Report) -> None:
            from cchc_desktop.domain.outline import paragraphs_of

            paras = [copy.deepcopy(p) for p in paragraphs_of(rep, part)]
            if paras and rng.random() < 0.7:
                i = rng.randrange(len(paras))
                paras[i].runs.append(Run(word, bold=rng.random() < 0.3))
                if rng.random() < 0.2:
                    paras[i].style = ParagraphStyle.DASH
            elif paras and rng.random() < 0.5:
                paras.pop(rng.randrange(len(paras)))
            else:
                paras.insert(rng.randint(0, len(paras)), Paragraph.of(word or "mới"))
            operations.set_paragraphs(rep, part, paras)

        return typing
    if kind == 3:
        after = rng.choice([None, *paths])
        child = rng.random() < 0.5
        return lambda rep: operations.add_section(rep, after, word or "Mục", child=child)
    if kind == 4 and paths:
        path = rng.choice(paths)
        return lambda rep: operations.rename_section(rep, path, word + " đổi tên")
    if kind == 5 and paths:
        path, step = rng.choice(paths), rng.choice([-1, 1])
        return lambda rep: operations.move_section(rep, path, step)
    if kind == 6 and paths and rng.random() < 0.4:
        path = rng.choice(paths)
        return lambda rep: operations.delete_section(rep, path)
    if kind == 7:
        code = rng.choice(["1.1.1", "1.1.2", "2.1", "3.1.1"])
        value = rng.choice([None, Decimal(rng.randrange(100)), "có"])
        return lambda rep: rep.values.__setitem__(code, IndicatorValue(value, word))
    if kind == 8 and r.footnotes:
        fid = rng.choice(r.footnotes).id
        if rng.random() < 0.5:
            return lambda rep: operations.edit_footnote(rep, fid, word or "chú thích")
        return lambda rep: operations.delete_footnote(rep, fid)
    return lambda rep: operations.set_subject(rep, word + " trích yếu")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_random_edits_undone_then_redone_through_their_patches(seed: int) -> None:
    rng = random.Random(seed)
    report = report_from_dict(demo_report_data())
    history: list[ReportState] = [capture(report)]
    steps: list[Step] = []
    for _ in range(rng.randint(1, 12)):
        change = _random_edit(rng, report)
        before = capture(report)
        change(report)
        after = capture(report)
        steps.append(Step.between(before, after))
        history.append(after)
    for step, state in zip(reversed(steps), reversed(history[:-1]), strict=True):
        step.patch(report, forward=False).apply_to(report)
        assert _same(report, state.onto(report))
    for step, state in zip(steps, history[1:], strict=True):
        step.patch(report, forward=True).apply_to(report)
        assert _same(report, state.onto(report))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 5), max_size=12),
    st.lists(st.integers(0, 5), max_size=12),
)
def test_a_splice_turns_any_paragraphs_into_any_others_and_back(a: list[int], b: list[int]) -> None:
    old = tuple((ParagraphStyle.BODY, ((str(i), False, False, None),)) for i in a)
    new = tuple((ParagraphStyle.BODY, ((str(i), False, False, None),)) for i in b)
    splice = splice_between(old, new)
    if old == new:
        assert splice is None
        return
    assert splice is not None
    assert splice.apply(old, forward=True) == new
    assert splice.apply(new, forward=False) == old
    assert len(splice.old) + len(splice.new) <= len(old) + len(new)


@pytest.mark.parametrize("part", [INTRO, CLOSING, "s:1.0", "s:0.3.1", "s:2"])
@pytest.mark.parametrize("edit", ["append", "replace", "clear"])
def test_one_part_states_give_the_step_and_patch_of_whole_states(part: str, edit: str) -> None:
    """The Nội dung page's typing (ReportController.edit_text) compares and writes one part: its
    step and patch are those whole states and domain.changes.diff give for the same edit."""
    from cchc_desktop.domain.changes import part_key_of, text_patch
    from cchc_desktop.domain.outline import paragraphs_of
    from cchc_desktop.domain.steps import part_state
    from cchc_desktop.services.catalogs import demo_report_data

    report = report_from_dict(demo_report_data())
    old = copy.deepcopy(report)
    target = paragraphs_of(report, part)
    outline = outline_of(report.narrative)
    key = part_key_of(report.narrative, target, outline)
    whole_before, one_before = capture(report), part_state(key, target)
    typed = copy.deepcopy(target)
    if edit == "append":
        typed.append(Paragraph([Run("gõ thêm")]))
    elif edit == "replace":
        typed[:1] = [Paragraph([Run("thay "), Run("đậm", bold=True)])]
    else:
        typed.clear()
    operations.set_paragraphs(report, part, typed)
    whole = Step.between(whole_before, capture(report))
    one = Step.between(one_before, part_state(key, target))
    assert one == whole and not one.is_empty()
    expected = diff(old, report)
    assert text_patch(outline, {key: target}) == expected.narrative
    assert ReportPatch(narrative=expected.narrative) == expected
