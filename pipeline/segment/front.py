"""Front matter: title, document number, addressees, issuer, date, plan title and preamble.

Each is found by what it is, not by being the first lines: a title names a plan or notice, a document
number has a year in brackets, an addressee list ends with a colon, an issuer is a body's name next to the
date, a seal line (``（国家知识产权局代章）``) belongs to the signature. Web furniture (breadcrumbs, share bars,
"Updated:", "Source:", copyright and ICP lines, blog intros) is recognised from the word lists in
``rules/<language>/labels.json`` and kept out of every field; a web page's publication date is furniture too.
"""

from __future__ import annotations

import regex

from ..gazetteer import name_regex, split_agency_list
from ..model import Metadata, Span
from ..patterns import (
    ADDRESSEE_LABEL,
    DATE,
    DATE_CN_NUMERALS,
    DISCLOSURE_OPTION,
    DOC_NUMBER,
    DOC_NUMBER_INLINE,
    PREAMBLE_OPENER_ZH,
    PUBLICATION_NOTE,
    SEAL_LINE,
    SERIAL_FIRST_EN,
    TITLE_WORD,
    YEAR_IN_TEXT,
)
from .dates import BRACKETED_LINE, find_date, standalone_date
from .identity import (
    CJK,
    PROMULGATION_BRACKET,
    agency_like,
    is_deadline,
    is_furniture,
    title_year,
    without_adoption_note,
)
from .paragraphs import _Para

SENTENCE_END = (".", "。", ";", "；", ":", "：", "!", "?", "！", "？")
NOTICE_END = "通知"
CLOSING_MARKS = "\"”’'」』"  # a sentence may end inside its quotation: …governance.”


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSING_MARKS).endswith(SENTENCE_END)


def _names_document(text: str) -> bool:
    return bool(TITLE_WORD.search(text)) and not _ends_sentence(text) and len(text) < 400


# A numbered announcement's number on a line of its own without brackets: "2024年第1号".
YEAR_SERIAL = regex.compile(r"^\s*(?P<number>(?P<year>(?:19|20)\d\d)\s*年\s*第\s*\d{1,4}\s*号)\s*$")


def _doc_number(text: str) -> regex.Match | None:
    m = DOC_NUMBER.match(text) or YEAR_SERIAL.match(text) or SERIAL_FIRST_EN.match(text)
    if m:
        return m
    note = PROMULGATION_BRACKET.search(text) if len(text) < 300 else None
    if note:  # (2023年3月16日中国人民银行令〔2023〕第2号公布 …): the number follows the date
        day = DATE.search(text, note.start(), note.end())
        m = DOC_NUMBER_INLINE.match(text, day.end()) if day else None
        return m if m and m.end() <= note.end() else None
    if len(text) < 80:
        m = DOC_NUMBER_INLINE.search(text)
        rest = (text[: m.start()] + text[m.end() :]).strip() if m else ""
        if m and (not rest or find_date(rest)):
            return m
    return None


def split_front_lines(paras: list[_Para]) -> list[_Para]:
    """Split front-matter paragraphs of Chinese notices that run together on one line: around document
    numbers and dates, after an addressee list's colon and after full stops, at spaces between Chinese
    words, around seal lines, and before the preamble's opening words."""
    out: list[_Para] = []
    for p in paras:
        note = regex.search(r"\s[(（]", p.text)
        if note and PUBLICATION_NOTE.match(p.text[note.end() - 1 :]) and len(CJK.findall(p.text)) * 3 < len(p.text):
            s = p.start + note.end() - 1  # "Office of ... (This publication is released ...)"
            out.extend(
                [
                    _Para(p.start, p.start + note.start(), p.text[: note.start()], p.full_text),
                    _Para(s, p.end, p.text[note.end() - 1 :], p.full_text),
                ]
            )
            continue
        if len(CJK.findall(p.text)) * 3 < len(p.text) or len(p.text) < 6:
            out.extend(_split_number_tail(p))
            continue
        cuts: set[int] = set()
        dates = [m.span() for pattern in (DATE, DATE_CN_NUMERALS) for m in pattern.finditer(p.text)]
        numbers = [
            m.span() for m in DOC_NUMBER_INLINE.finditer(p.text) if not CITED_NUMBER.search(p.text, 0, m.start())
        ]
        glued = ZH_TITLE_THEN_ADDRESSEES.match(p.text)
        if glued and _addressee_run(glued.group("to")):
            cuts.add(glued.end("title"))
        elif glued := ZH_TITLE_THEN_PREAMBLE.match(p.text):  # "…的通知为提高…": no addressees printed
            cuts.add(glued.end("title"))
        head = p.text[: max(cuts, default=len(p.text))]  # a title glued to its addressees ends at its kind word
        for m in regex.finditer(r"(?<=[。：:])|(?<=[\p{Han}”》）)])\s+(?=[\p{Han}“《（(\d])", p.text):
            # "2026年 4月 20 日" is one date; "中国人民银行 公安部令〔2014〕第1号" one number
            inside_date = any(a < m.start() < b for a, b in dates + numbers)
            if (
                not inside_date
                and not _inside_title(head if m.start() < len(head) else p.text, m.start(), m.end())
                and not _zh_spacing(p.text, m)
            ):
                cuts.update((m.start(), m.end()))
        for pattern in (DOC_NUMBER_INLINE, DATE, DATE_CN_NUMERALS):
            for m in pattern.finditer(p.text):
                start = m.start()
                if pattern is not DOC_NUMBER_INLINE and not _date_stands_apart(p.text, m.start(), m.end()):
                    continue  # a date inside a sentence or a title (…已经2011年12月20日会议审议通过, 于…前报送)
                end = m.end()
                if pattern is DOC_NUMBER_INLINE and CITED_NUMBER.search(p.text, 0, start):
                    continue  # 根据《…条例》（国发〔1983〕95号文印发）: a cited document's number inside a sentence
                if pattern is DOC_NUMBER_INLINE:  # "…的通知国知战联办发〔2032〕7号": the title ends at 通知
                    start += (
                        p.text.rfind(NOTICE_END, start, m.start("year")) + len(NOTICE_END) - start
                        if NOTICE_END in p.text[start : m.start("year")]
                        else 0
                    )
                    if start and p.text[start - 1] in "(（" and p.text[end : end + 1] in (")", "）"):
                        start, end = start - 1, end + 1  # "…的通知（余府发〔2012〕3号）"
                cuts.update((start, end))
        for m in regex.finditer(r"[(（][^()（）]{2,30}[)）]", p.text):
            if SEAL_LINE.match(m.group()) or PUBLICATION_NOTE.match(m.group()[1:]):
                cuts.update((m.start(), m.end()))
        for m in PREAMBLE_OPENER_ZH.finditer(p.text):
            if not regex.search(r"[，,、]\s*$", p.text[: m.start()]):  # "…市场，根据《…》" goes on one sentence
                cuts.add(m.start())
        notes = [m.span() for m in PROMULGATION_BRACKET.finditer(p.text)]  # (2023年3月16日…令〔2023〕第2号公布 …)
        bounds = sorted(c for c in cuts if 0 < c < len(p.text) and not any(a < c < b for a, b in notes))
        pos = 0
        for c in [*bounds, len(p.text)]:
            piece = p.text[pos:c]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece and not regex.fullmatch(r"[\p{P}\s]+", piece):
                s = p.start + pos + lead
                out.append(_Para(s, s + len(piece), piece, p.full_text))
            pos = c
    return out


# A notice's title run into its addressee list, as PDF copies join the two lines: "…关于…的通知中国人民银行上海总部，
# 各分行…：". The title ends at its kind word after 的 (outside 《》); the rest is a list ending in a colon.
_GLUED_TITLE = (
    r"(?P<title>[^：:。；;]{0,300}?[关關][于於](?:[^：:。；;《》]|《[^《》]*》){2,300}?的"
    r"(?:补充通知|紧急通知|通知|指导意见|实施意见|意见|决定|通告|公告|批复|复函))"
)
ZH_TITLE_THEN_ADDRESSEES = regex.compile(rf"^{_GLUED_TITLE}(?P<to>(?!的)[^：:。《》]{{2,3000}}[：:])")


# The words a preamble ends on before its colon: 现就有关事项通知如下：, 中国人民银行决定：.
PREAMBLE_COLON = regex.compile(r"(?:如下|决定|決定)\s*[：:]\s*$")


def _preamble_like(text: str) -> bool:
    """A line ending in a colon that opens the text rather than lists addressees: it starts with a preamble's
    words (为贯彻…, 根据…, 为丰富…), or ends on 如下： / 决定：."""
    t = text.strip()
    first = regex.split(r"[，,、；;：:]", t, maxsplit=1)[0]
    return bool(
        PREAMBLE_OPENER_ZH.match(t)
        or PREAMBLE_COLON.search(t)
        or (regex.match(r"[为為]\p{Han}", first) and not agency_like(first))
    )


# A cited document's number: in brackets right after its title in 《》 (《…条例》（国发〔1983〕95号文印发）).
CITED_NUMBER = regex.compile(r"》\s*[（(][^（）()《》]{0,20}$")


# A notice may be addressed to a firm or a market body alone: "跨境银行间支付清算（上海）有限责任公司：".
ADDRESSED_FIRM = regex.compile(r"(?:公司|集团|交易所|协会|中心)$")


# The same title run into its preamble where no addressee list is printed: "…机制的通知为提高…效率，…".
ZH_TITLE_THEN_PREAMBLE = regex.compile(
    rf"^{_GLUED_TITLE}(?=[为為]\p{{Han}}{{2}}|根据|根據|按照|依据|依據|近年来|近年來|现将|現將|现就|現就)"
)


def _addressee_run(text: str) -> bool:
    """What follows a glued title is an addressee list: it opens with a body's name (or 各…) and runs on as a list
    (or is one short name)."""
    first = regex.split(r"[，,、；;：:]", text, maxsplit=1)[0].strip()
    listed = bool(regex.search(r"[，,、；;]", text)) or len(text) < 40
    return listed and (first.startswith("各") or agency_like(first) or bool(ADDRESSED_FIRM.search(first)))


def _zh_spacing(text: str, m: regex.Match) -> bool:
    """White space that a PDF copy sets around numbers and inside brackets, not a line break lost: before a digit
    (经 2018 年 11 月 23 日第 16 次 …, 〔2006〕第 3 号; a date set apart is cut where it stands), or inside an open
    bracket (（国务院令 第285号）)."""
    if text[m.end() : m.end() + 1].isdigit():
        return True
    before = text[: m.start()]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


# A translation's number closing the title's paragraph (a PDF set them on consecutive lines): "… Initiative State
# Council [2031] Document No. 11", "… Plan State Council Document [2031] No. 35".
NUMBER_TAIL = regex.compile(
    r"\s+(?:Document\s+)?[\[(（〔]\s*(?:19|20)\d\d\s*[\])）〕]\s*"
    r"(?:Document\s+)?No\.?\s*\d{1,4}\s*$"
)


def _split_number_tail(p: _Para) -> list[_Para]:
    """An English title and its document number on one paragraph, as two: the number starts at the issuing
    body's name (a gazetteer name) just before its bracketed year."""
    tail = NUMBER_TAIL.search(p.text) if len(p.text) < 400 else None
    if not tail:
        return [p]
    body = next((m for m in name_regex().finditer(p.text, 0, tail.start()) if m.end() == tail.start()), None)
    if body is None or body.start() == 0 or not TITLE_WORD.search(p.text[: body.start()]):
        return [p]
    head = p.text[: body.start()].rstrip()
    return [
        _Para(p.start, p.start + len(head), head, p.full_text),
        _Para(p.start + body.start(), p.end, p.text[body.start() :], p.full_text),
    ]


def _date_stands_apart(text: str, start: int, end: int) -> bool:
    """A date that a line run together could have carried on a line of its own: at an edge of the text or
    set off by white space or punctuation, and not a deadline or a range bound (pipeline.segment.identity)."""
    before = text[start - 1] if start else " "
    # Not after a colon: "失效日期：2026年06月01日" is a labelled value, never a date line of its own.
    # Anything may follow: a one-line notice runs the date into the plan's title ("…（代章）2026年2月27日知识…").
    apart = before.isspace() or before in "。；;)）》”"
    return apart and not is_deadline(text, start, end)


# "2019年深入实施国家知识产权战略 加快建设知识产权强国推进计划": a space between the two halves of a title.
TITLE_HALF = regex.compile(rf"\p{{Han}}[^\s。；;：:，,《》()（）]{{0,40}}?(?:{TITLE_WORD.pattern})")


def _inside_title(text: str, start: int, end: int) -> bool:
    """A space between Han characters that splits a title: the words before it open a sentence-free run
    with a year, the words after it run on to a title word (计划, 规划, 纲要 ...) without punctuation."""
    before = regex.search(r"(?:19|20)\d\d\s*年[^\s。；;：:，,《》()（）]{2,40}$", text[max(0, start - 50) : start])
    if before and start and regex.match(r"\p{Han}", text[start - 1]) and TITLE_HALF.match(text, end):
        return True
    # Joint issuers before a notice's title: "广州市民政局 广州市财政局关于印发…的通知".
    name = regex.search(r"(?:^|\s)(\p{Han}{2,30})$", text[:start])
    return bool(name and agency_like(name.group(1)) and ISSUERS_TITLE.match(text, end))


# What follows an issuer's name in a notice's title: more names, then 关于 … (or 印发《…》, the joint offices' form
# "中共某区委办公室 某区人民政府办公室印发《…》的通知") and a title word, unpunctuated.
ISSUERS_TITLE = regex.compile(
    rf"[^。；;：:，,]{{0,80}}?(?:关于|關於|印发|印發)[^。；;：:]{{2,200}}?(?:{TITLE_WORD.pattern})\s*$"
)


# A translation's title glued to the original's (a bilingual page): the English title starts after the last Han
# character, with its kind word.
TITLE_AFTER_ORIGINAL = regex.compile(
    rf"(?<=\p{{Han}}[”》」）)]?)\s*(?=(?:{TITLE_WORD.pattern})\s+(?:of|on|for|regarding|concerning)\s)", regex.I
)
# A number a copy set in brackets at its title's end: "… of Animal Husbandry (Su Zhengban Fa [2031] No. 8)".
TITLE_NUMBER = regex.compile(r"\s*[(（](?P<n>[^()（）]{4,60})[)）]\s*$")


RUN_ON_COLON = regex.compile(r"[:：]\s*\S")  # a colon with the body run on after it
TO_RUN_ON = regex.compile(r"^\s*To\s+(?=[^:：]{10,600}[:：]\s*\S)")
LABEL_MAX_ZH = 6  # "摘要：", "栏目：", "• 索引号：": a page's field label is a word or two
LABEL_MAX_WORDS = 2  # "Release Time:"
LEADING_NON_LETTERS = regex.compile(r"^[^\p{L}]+")  # a bullet or numbering before a field label


def _field_label(text: str) -> bool:
    """A page's field label ending with its colon, or a line of labelled fields ("By: Date: … Tags:"), not an
    addressee list: a colon inside the line, or a word or two before the colon that name no body."""
    t = text.strip().rstrip(":：,，").strip()
    if RUN_ON_COLON.search(t):
        return True
    if agency_like(t) or "各" in t or t.startswith(("All ", "all ")):  # 区属各单位：, 各幼儿园：
        return False
    words = LEADING_NON_LETTERS.sub("", t)
    return len(words) <= LABEL_MAX_ZH if CJK.search(words) else len(words.split()) <= LABEL_MAX_WORDS


def read_front_matter(paras: list[_Para], text: str) -> tuple[Metadata, list[Span]]:
    """Title, number, addressees, issuer, date, plan title and preamble from the paragraphs before the body."""
    # A line of page furniture stays furniture when it is cut into pieces ("发表时间：… 信息来源：…" gives a piece
    # "发表时间：", which would read as an addressee).
    web_lines = [(p.start, p.end) for p in paras if is_furniture(p.text)]
    paras = split_front_lines(paras)
    furniture = [is_furniture(p.text) or any(a <= p.start < b for a, b in web_lines) for p in paras]
    live = [i for i in range(len(paras)) if not furniture[i]]
    meta: dict = {}
    number_i, m = next(((i, m) for i in live if (m := _doc_number(paras[i].text))), (None, None))
    if number_i is not None and m is not None:
        p = paras[number_i]
        meta.update(
            doc_number=m.group("number").strip(),
            year=int(m.group("year")),
            doc_number_span=Span(
                p.start + m.start("number"), p.start + m.start("number") + len(m.group("number").strip())
            ),
        )
    title = _title(paras, live, number_i)
    if title:
        meta.update(_title_fields(text, Span(paras[title[0]].start, paras[title[1]].end), "doc_number" in meta))
    addressees: list[Span] = []
    addressee_i = None
    for i in live:
        if title and title[0] <= i <= title[1]:
            continue
        p = paras[i]
        # "To the people's governments …: The plan … is issued to you": a list run into the body, ended by its colon
        label = ADDRESSEE_LABEL.match(p.text) or (TO_RUN_ON.match(p.text) if len(p.text) > 120 else None)
        if not label and _preamble_like(p.text):  # "为贯彻…，中国人民银行决定：" opens the text: none above it
            break
        if label or (
            p.text.rstrip().endswith((",", ":", "：", "，")) and len(p.text) < 3000 and not _field_label(p.text)
        ):
            run_on = RUN_ON_COLON.search(p.text, label.end()) if label else None
            spans = split_agency_list(
                text, p.start + (label.end() if label else 0), p.start + run_on.start() if run_on else p.end
            )
            next_to_head = i - 1 in (number_i, title[1] if title else None)
            each = p.text.lstrip().startswith("各") and p.text.rstrip().endswith(("：", ":"))  # 各幼儿园：
            if spans and (label or next_to_head or each or any(agency_like(text[s.start : s.end]) for s in spans)):
                addressees, addressee_i = spans, i
                break
        if _ends_sentence(p.text) and len(p.text) > 120:
            break
    date_i, issue_date = None, None
    for i in live:
        d = standalone_date(paras[i].text)
        if d is None and i == number_i:
            found = find_date(paras[i].text)
            d = found[0] if found else None
        if d is not None:
            date_i, issue_date = i, d
            break
    # The signature and what follows come after the title block, the number and the addressees above the date.
    limit = date_i if date_i is not None else len(paras)
    first_free = max(
        [0] + [x + 1 for x in (title[1] if title else None, number_i, addressee_i) if x is not None and x < limit]
    )
    issuer_i = seal_i = None
    if date_i is not None:
        p = paras[date_i]
        meta.update(issue_date=issue_date, date_span=Span(p.start, p.end))
        meta.setdefault("year", issue_date.year)
        # A date in brackets under a title ("(18th April 2003)") is the title's note: no signature stands above it.
        bracketed = BRACKETED_LINE.fullmatch(p.text.strip())
        signature = (
            None
            if bracketed
            else _signature(paras, date_i, first=first_free, skip=set(i for i, f in enumerate(furniture) if f))
        )
        if signature is not None:
            a, issuer_i, seal_i = signature
            meta.update(
                issuer=text[paras[a].start : paras[issuer_i].end], issuer_span=Span(paras[a].start, paras[issuer_i].end)
            )
    else:  # no date: a body's name standing alone in the front matter signs it
        for i in live:
            t = paras[i].text
            if i >= first_free and not _ends_sentence(t) and len(t) < 300 and agency_like(t) and not _names_document(t):
                issuer_i = i
                meta.update(issuer=t, issuer_span=Span(paras[i].start, paras[i].end))
                break
    # The plan's own title follows the signature block; what follows it is the preamble.
    after = max(
        x for x in (first_free, date_i, issuer_i, seal_i, number_i, title[1] if title else None, -1) if x is not None
    ) + (0 if date_i is None and issuer_i is None else 1)
    if date_i is None and issuer_i is None:
        after = max(after, first_free)
    rest = [i for i in live if i >= after and not SEAL_LINE.match(paras[i].text)]
    plan_i = next(
        (
            i
            for i in rest[:3]
            if not _ends_sentence(paras[i].text)
            and len(paras[i].text) < 300
            and (_names_document(paras[i].text) or date_i is not None)
        ),
        None,
    )
    if plan_i is not None:
        q = paras[plan_i]
        meta.update(plan_title=q.text, plan_title_span=Span(q.start, q.end))
        rest = [i for i in rest if i > plan_i]
    if rest:
        meta["preamble_span"] = Span(paras[rest[0]].start, paras[-1].end)
    if "plan_title" not in meta and "title" in meta:
        inner = regex.search(r"《(?P<t>[^《》]+)》", meta["title"])
        if inner:
            s = meta["title_span"].start + inner.start("t")
            meta.update(plan_title=inner.group("t"), plan_title_span=Span(s, s + len(inner.group("t"))))
        else:
            meta["plan_title"], meta["plan_title_span"] = meta["title"], meta["title_span"]
    if "year" not in meta:
        meta["year"] = title_year(meta.get("title") or "") or title_year(meta.get("plan_title") or "")
    if (
        any(CJK.search(p.text) for p in paras[:5])
        and sum(len(CJK.findall(p.text)) for p in paras) > sum(len(p.text) for p in paras) / 3
    ):
        meta["language"] = "zh"
    return Metadata(**meta), addressees


def _title_fields(text: str, block: Span, numbered: bool) -> dict:
    """The title printed over ``block`` without what a copy set around it, and a number closing it in brackets
    ("…Animal Husbandry (Su Zhengban Fa [2031] No. 8)") when no number line was found."""
    out: dict = {}
    span = _bare_title(text, block)
    closing = TITLE_NUMBER.search(text, span.start, span.end)
    number = DOC_NUMBER.match(closing.group("n")) if closing and not numbered else None
    if closing and number:
        at = closing.start("n") + number.start("number")
        out.update(
            doc_number=number.group("number").strip(),
            year=int(number.group("year")),
            doc_number_span=Span(at, at + len(number.group("number").strip())),
        )
        span = Span(span.start, closing.start())
    value = text[span.start : span.end]
    english = TITLE_AFTER_ORIGINAL.search(value)
    if english and not CJK.search(value[english.start() :]):  # "国务院关于…的通知Circular of the State Council …"
        span = Span(span.start + english.start(), span.end)
    out.update(title=text[span.start : span.end], title_span=span)
    return out


PROSE_MIN = 120  # a sentence this long is running text, not a heading
BRACKET_NOTE = regex.compile(r"^\s*[(（][^()（）]*[)）][^\p{L}\p{N}]*$")
# A site's note of the decree that issued a rule, closing its title: "存款保险条例（国务院令 第660号）".
DECREE_NOTE = regex.compile(
    r"\s*[(（][^()（）]{0,30}?令\s*(?:[(（]?\s*\d{4}\s*[)）]?)?\s*第?\s*\d{1,5}\s*号\s*[)）]\s*$"
)


def _bare_title(text: str, span: Span) -> Span:
    """A title without what a copy set around it: the brackets of a rule's name standing alone under its decree's
    number (（中国人民银行业务领域数据安全管理办法）), a decree note closing it (…条例（国务院令 第660号）)."""
    value = text[span.start : span.end]
    if BRACKET_NOTE.match(value):
        inner = regex.match(r"^\s*[(（](?P<t>[^()（）]*)[)）]", value)
        if inner and TITLE_END.search(inner.group("t")):
            return Span(span.start + inner.start("t"), span.start + inner.end("t"))
    note = DECREE_NOTE.search(value)
    if note and note.start() > 0 and TITLE_END.search(value[: note.start()]):
        return Span(span.start, span.start + note.start())
    bare = without_adoption_note(value)  # 中华人民共和国企业破产法（2006年8月27日…会议通过）
    return Span(span.start, span.start + len(bare)) if bare != value else span


def closing_addressees(paras: list[_Para], text: str) -> list[Span]:
    """Addressees printed after the body, on a labelled distribution line under the signature (主 送：X，Y、Z。 in
    the red-header style of ministries and the central bank): the first such line's list."""
    for p in paras:
        option = DISCLOSURE_OPTION.match(p.text)  # 信息公开选项：主动公开主送：X，Y (a copy ran the lines together)
        at = option.end() if option else 0
        label = ADDRESSEE_LABEL.match(p.text[at:])
        if label:
            return split_agency_list(text, p.start + at + label.end(), p.end)
    return []


def _title(paras: list[_Para], live: list[int], number_i: int | None) -> tuple[int, int] | None:
    """The paragraphs (first, last) of the title: the block just above the document number, or (as in
    Chinese layouts) just below it; else the first paragraph naming a plan or notice; else a short line with
    a year in it (a plan title without the word "plan")."""

    def ok(i: int) -> bool:
        t = paras[i].text
        return (
            i in live_set
            and not _ends_sentence(t)
            and len(t) < 400
            and not ADDRESSEE_LABEL.match(t)
            and not standalone_date(t)
            and not SEAL_LINE.match(t)
        )

    live_set = set(live)
    if number_i is not None:
        below = _notice_title_below(paras, number_i, ok)
        if below:
            return below
        b = number_i - 1
        a = b
        while a - 1 >= 0 and ok(a - 1) and ok(a):
            a -= 1
        if b >= 0 and ok(b) and any(_names_document(paras[i].text) for i in range(a, b + 1)):
            return _trim_title_block(paras, a, b)
        if number_i + 1 < len(paras) and ok(number_i + 1) and _names_document(paras[number_i + 1].text):
            return number_i + 1, number_i + 1
    # A title is printed before the running text: not below the first sentence of prose ("For numerical
    # goals, the Guidelines set a goal for 2025 as" under a news item's first paragraph names no document).
    prose = next(
        (
            i
            for i in live
            if _ends_sentence(paras[i].text)
            and len(paras[i].text) > PROSE_MIN
            and not paras[i].text.rstrip().endswith((":", "："))
        ),
        len(paras),
    )  # not an addressee list
    # A note in brackets ("(Issued by the State Council … on June 5, 2008)") is not a title either.
    top = [i for i in live if i < prose and i != number_i and ok(i) and not BRACKET_NOTE.match(paras[i].text)]
    named = next(
        (i for i in top if _names_document(paras[i].text) and not agency_like(paras[i].text.split(" on ")[0])), None
    )
    if named is None:
        named = next((i for i in top if _names_document(paras[i].text)), None)
    if named is not None:
        return named, named
    dated = next(
        (
            i
            for i in top
            if YEAR_IN_TEXT.search(paras[i].text) and len(paras[i].text) < 200 and not agency_like(paras[i].text)
        ),
        None,
    )
    return (dated, dated) if dated is not None else None


def _notice_title_below(paras: list[_Para], number_i: int, ok) -> tuple[int, int] | None:
    """A notice's title set below its number, after the issuers' names on lines of their own (广州市…局 /
    中共…统战部 / 关于印发…的通知): the names and the 关于 line."""
    for k in range(number_i + 1, min(len(paras), number_i + 7)):
        t = paras[k].text.lstrip()
        if not ok(k):
            return None
        wrapped = _wrapped_title(paras, k, ok)
        if wrapped:
            return wrapped
        if t.startswith(("关于", "關於")) and _names_document(t):
            names = range(number_i + 1, k)
            return (number_i + 1, k) if all(agency_like(paras[i].text) for i in names) else None
        if not agency_like(paras[k].text):
            return None
    return None


TITLE_END = regex.compile(rf"(?:{TITLE_WORD.pattern})\s*$")
WRAPPED_TITLE_LINES = 3  # a Chinese title set under its number wraps onto at most this many lines
WRAPPED_TITLE_MAX = 120  # ... and is at most this long
ABOUT = regex.compile(r"[关關][于於]")


def _wrapped_title(paras: list[_Para], k: int, ok) -> tuple[int, int] | None:
    """A Chinese title wrapped under its number, its first line naming no document (常州市人民政府关于大力实施 /
    商标战略的意见): the lines from the one with 关于 to the one ending with a title word."""
    first = paras[k].text
    if not ABOUT.search(first) or _names_document(first) or _ends_sentence(first):
        return None
    length = len(first.strip())
    for m in range(k + 1, min(len(paras), k + WRAPPED_TITLE_LINES)):
        t = paras[m].text.strip()
        length += len(t)
        if not ok(m) or _ends_sentence(t) or length > WRAPPED_TITLE_MAX or not CJK.search(t):
            return None
        if TITLE_END.search(t):
            return k, m
    return None


TITLE_OPENS_EN = regex.compile(rf"^\s*(?:{TITLE_WORD.pattern})\s+(?:of|on|for|regarding|concerning)\s", regex.I)


def _trim_title_block(paras: list[_Para], a: int, b: int) -> tuple[int, int]:
    """A title block without a copy of itself: the same line printed twice (legal databases). Issuers' names on
    a line of their own above 关于… stay: they are the title's first words (发文机关 + 事由 + 文种)."""
    while a < b and paras[a].text.strip() == paras[a + 1].text.strip():
        a += 1
    # An English title opens with its document's kind ("Notice of the State Council …"): a line above it (a
    # publisher's running header, "The Foundation for …") is not its first words.
    # Where two lines open so (a site's capitalised headline, the issuer's name, then the title as the document
    # prints it), the last one is the title.
    opens = next(
        (k for k in range(b, a, -1) if not CJK.search(paras[k].text) and TITLE_OPENS_EN.match(paras[k].text)),
        None,
    )
    if opens is not None:
        a = opens
    # A headline above the notice's own title (“十四五”…规划 / 国务院关于印发…规划的通知): the title starts at the
    # line with 关于, or at the issuers' names on the lines just above it.
    about = next(
        (
            k
            for k in range(a + 1, b + 1)
            if regex.search(r"[关關][于於]", paras[k].text)
            and TITLE_END.search(" ".join(p.text for p in paras[k : b + 1]))
        ),
        None,
    )
    if about is not None:
        k = about
        while k - 1 >= a and agency_like(paras[k - 1].text):
            k -= 1
        a = k
    return a, b


def _signature(paras: list[_Para], date_i: int, first: int, skip: set[int]) -> tuple[int, int, int | None] | None:
    """The paragraphs (first, last) of the issuing body's signature, and its seal line if any: just before
    the date, or in some translations just after it; one paragraph, or two where a flush-right name was set
    on two lines. Never in the title block or the addressee list, which come before ``first``."""
    before, after = date_i - 1, date_i + 1
    seal = None
    if before >= 0 and SEAL_LINE.match(paras[before].text.strip()):
        seal, before = before, before - 1
    elif after < len(paras) and SEAL_LINE.match(paras[after].text.strip()):
        seal = after
    for a, b in ((before, before), (before - 1, before), (after, after), (after, after + 1)):
        if (
            first <= a <= b < len(paras)
            and date_i not in (a, b)
            and seal not in (a, b)
            and not any(i in skip for i in range(a, b + 1))
        ):
            name = " ".join(p.text for p in paras[a : b + 1])
            # a line ending with a comma runs on (an addressee list set under a "Date:" line), it signs nothing
            listed = any(_ends_sentence(p.text) or p.text.rstrip().endswith((",", "，")) for p in paras[a : b + 1])
            if len(name) < 300 and not listed and agency_like(name):
                if seal is not None and seal == after and b == after:
                    continue
                return a, b, seal
    return None
