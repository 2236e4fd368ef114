"""Nothing lost silently (issue 22, item 4): a line opening with a numbering that no unit covers is a finding
naming it, and the document is partial; front matter, a table of contents, a signature block and an annex
label over annexes read are outside units legitimately. Fixtures in our own words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.model import Document, Source
from pipeline.quality import _merged, assess, numbered_text_outside_units, status_reasons
from pipeline.repair import repair
from pipeline.segment import segment

ZH = (
    "示范区办公室关于做好示范工作的通知\n\n各区人民政府：\n\n目录\n\n一、总体要求\n\n二、重点任务\n\n"
    "现就有关事项通知如下。\n\n"
    "一、总体要求\n\n坚持统筹推进，分步实施示范工作。\n\n"
    "二、重点任务\n\n（一）建设示范园区。各区年内建成一个园区。\n\n（二）培育示范企业。每年认定十家企业。\n\n"
    "三、保障措施\n\n各区要加强组织领导，落实工作经费。\n\n"
    "示范区办公室\n\n2031年3月1日\n"
)
ZH_ARTICLES = (
    "示范园区管理办法\n\n第一条 为了规范示范园区管理，制定本办法。\n\n第二条 园区由区政府统一管理。\n\n"
    "第三条 本办法自2031年1月1日起施行。\n"
)
EN = (
    "Notice of the Demo Office on the Demo Work\n\nTo the district offices:\n\nWe notify as follows.\n\n"
    "I. General Requirements\n\nAdvance the demonstration work step by step.\n\n"
    "II. Key Tasks\n\n(i) Build demonstration parks. Each district builds one park this year.\n\n"
    "(ii) Foster demonstration firms. Ten firms are recognised each year.\n\n"
    "III. Safeguards\n\nDistricts strengthen leadership and fund the work.\n\nDemo Office\n\nMarch 1, 2031\n"
)
ZH_ANNEX = (
    "示范区办公室关于印发示范清单的通知\n\n各区人民政府：\n\n一、做好示范工作\n\n各区要认真组织实施。\n\n"
    "二、按时报送材料\n\n各区于年底前报送。\n\n附件：\n\n附件1.docx\n\n附件2.docx\n"
)


def _doc(text: str, language: str) -> Document:
    return segment(repair(Source(path="x.txt", format="txt", text=text, sha256="0", language=language)))


def _without(doc: Document, label: str) -> Document:
    """``doc`` as if the outline had not read the unit printed ``label`` (and the units inside it)."""
    gone = [s.span for s in doc.sections if s.label == label]
    assert gone, label

    def inside(span) -> bool:
        return any(g.start <= span.start < g.end for g in gone)

    return replace(
        doc,
        sections=tuple(s for s in doc.sections if not inside(s.span)),
        measures=tuple(m for m in doc.measures if not inside(m.span)),
    )


def _found(doc: Document) -> list[tuple[str, str]]:
    """(label named, first characters) of each finding."""
    out = []
    for q in numbered_text_outside_units(doc):
        assert q.span is not None and q.check == "numbered_text_outside_units"
        out.append((q.message.split("text opening with ", 1)[1].split(" ", 1)[0], doc.text[q.span.start :][:4]))
    return out


@pytest.mark.parametrize(
    "text, language, dropped, expected",
    [
        # all read: the table of contents before the body, the signature block after it are not findings
        (ZH, "zh", None, []),
        (EN, "en", None, []),
        (ZH_ARTICLES, "zh", None, []),
        (ZH_ANNEX, "zh", None, []),  # 附件： over the annexes read
        # a heading the outline lost: it and the points under it are named
        (ZH, "zh", "二", [("二、", "二、重点"), ("（一）", "（一）建"), ("（二）", "（二）培")]),
        (ZH, "zh", "三", [("三、", "三、保障")]),
        # lost before the first unit read: the same scheme with a smaller number is not front matter
        (ZH, "zh", "一", [("一、", "一、总体")]),
        # (repair joins "II. Key Tasks" and its first point on one line: one finding for both)
        (EN, "en", "II", [("II.", "II. "), ("(ii)", "(ii)")]),
        (EN, "en", "I", [("I.", "I. G")]),
    ],
)
def test_numbered_text_outside_units(text, language, dropped, expected):
    doc = _doc(text, language)
    if dropped:
        doc = _without(doc, dropped)
    assert _found(doc) == expected


def test_an_article_outside_units_makes_the_document_partial():
    doc = _doc(ZH_ARTICLES, "zh")
    lost = replace(doc, measures=tuple(m for m in doc.measures if m.number != 2), sections=())
    quality = assess(lost)
    assert [q.span and lost.text[q.span.start :][:3] for q in quality if q.check == "numbered_text_outside_units"] == [
        "第二条"
    ]
    assert any("numbered_text_outside_units" in str(r) for r in status_reasons(lost, quality))
    assert not any(q.check == "numbered_text_outside_units" for q in assess(doc))


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([], []),
        ([(5, 9), (0, 3)], [(0, 3), (5, 9)]),
        ([(0, 10), (2, 4), (8, 12)], [(0, 12)]),  # a heading over its points, and one running past it
        ([(0, 3), (3, 5)], [(0, 5)]),
    ],
)
def test_units_cover_the_stretches_of_their_merged_spans(spans, expected):
    assert _merged(spans) == expected
