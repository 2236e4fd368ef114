"""Chinese originals: encodings, language, matching copy, repair, rule books and extraction."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import regex
from zhconv import convert

from pipeline.corpus import process_file
from pipeline.evaluate import score
from pipeline.extract.law_ids import make_law_id
from pipeline.extract.zh import (
    action_of,
    canonical_law,
    extract_zh,
    find_titles,
    instrument_type,
    law_id_for,
)
from pipeline.ingest.language import detect_language, is_traditional, matching_copy
from pipeline.ingest.text import decode
from pipeline.model import Document, Measure, Metadata, RepairedText, Source, Span
from pipeline.repair import repair
from pipeline.rules import RULES_DIR, rules

FIXTURE = Path(__file__).parent / "fixtures" / "zh" / "plan_2027_zh.txt"
GOLD = json.loads((Path(__file__).parent / "gold" / "plan_2027_zh.gold.json").read_text(encoding="utf-8"))
TEXT = FIXTURE.read_text(encoding="utf-8")


def traditional(text: str) -> str:
    """Traditional characters as a Big5 site prints them (Taiwan forms where the Hong Kong ones lack a
    Big5 code, e.g. 為 for 爲), without Taiwan's vocabulary (知識產權 stays)."""
    out = convert(text, "zh-hant").replace("〇", "○")  # Big5 has no 〇: such sites print ○
    return "".join(c if _big5(c) else convert(c, "zh-tw") for c in out)


def _big5(ch: str) -> bool:
    try:
        ch.encode("big5")
        return True
    except UnicodeEncodeError:
        return False


TRADITIONAL = traditional(TEXT)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- rule books ----------------------------------------------------------------------------------------------

RULES = RULES_DIR / "zh"


def _pattern_entries():
    for path in sorted(RULES.glob("*.json")):
        book = json.loads(path.read_text(encoding="utf-8"))
        assert book["description"] and isinstance(book["entries"], list), path.name
        groups = [
            book["entries"],
            *(
                v if isinstance(v, list) else [v]
                for k, v in book.items()
                if isinstance(v, (dict, list)) and k != "entries"
            ),
        ]
        for group in groups:
            for entry in group:
                # (a block whose examples state their output is run through its finder: test_rule_contracts.py)
                stated = isinstance(entry, dict) and any(isinstance(x, dict) for x in entry.get("examples", ()))
                if isinstance(entry, dict) and "pattern" in entry and not stated:
                    yield pytest.param(entry, id=f"{path.stem}:{entry['pattern'][:20]}")


@pytest.mark.parametrize("entry", list(_pattern_entries()))
def test_every_pattern_matches_its_examples_and_none_of_its_counter_examples(entry):
    pattern = regex.compile(entry["pattern"])
    assert entry["examples"]
    for example in entry["examples"]:
        assert pattern.search(matching_copy(example)), example
    for counter in entry.get("counter_examples", []):
        assert not pattern.search(matching_copy(counter)), counter


LAW_ENTRIES = json.loads((RULES / "laws.json").read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize("entry", LAW_ENTRIES, ids=[e["name"] for e in LAW_ENTRIES])
def test_every_listed_instrument_is_found_in_its_examples_only(entry):
    def found(text: str) -> list[str]:
        copy = matching_copy(text)
        return [(canonical_law(text[t.start : t.end]) or {}).get("name") for t in find_titles(copy)]

    for example in entry["examples"]:
        assert entry["name"] in found(example), example
    for counter in entry["counter_examples"]:
        assert entry["name"] not in found(counter), counter
    # the Chinese and English titles of one instrument share one law_id
    ids = {
        law_id_for(t)
        for t in (entry["name"], *entry.get("aliases", []), entry["title_en"], *entry.get("aliases_en", []))
    }
    assert ids == {make_law_id(entry["title_en"])}


# --- ingest, language, matching copy, repair -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,encoding",
    [
        (TEXT, "utf-8"),
        (TEXT, "gb18030"),
        (TEXT, "gbk"),
        (TEXT, "utf-16-le"),
        (TEXT, "utf-16-be"),
        (TEXT, "utf-16"),
        (TRADITIONAL, "big5"),
        (TRADITIONAL, "cp950"),
        (TRADITIONAL, "utf-8"),
        (TRADITIONAL, "gb18030"),
        (TRADITIONAL, "utf-16-le"),
    ],
)
def test_chinese_encodings_decode_to_the_text(text, encoding):
    decoded, _ = decode(text.encode(encoding))
    assert decoded == text


def test_a_big5_file_is_not_read_as_gb18030():
    data = TRADITIONAL.encode("big5", errors="strict")
    assert data.decode("gb18030") != TRADITIONAL  # GB18030 decodes the bytes too, to garbage
    text, encoding = decode(data)
    assert (text, encoding) == (TRADITIONAL, "cp950")


@pytest.mark.parametrize(
    "text,language",
    [
        (TEXT, "zh"),
        (TRADITIONAL, "zh"),
        ("推进修订《中华人民共和国专利法实施细则》（CNIPA负责）", "zh"),
        ("Revise the Patent Law (Responsible by SIPO). 国知发〔2014〕24号", "en"),
        (Path("data/raw/circular_2014.txt").read_text(encoding="utf-8"), "en"),
    ],
)
def test_language_by_script(text, language):
    assert detect_language(text) == language


def test_matching_copy_keeps_offsets_and_simplifies():
    copy = matching_copy(TRADITIONAL)
    assert len(copy) == len(TRADITIONAL)
    assert "（新闻出版署（国家版权局）负责）".replace("（", "(").replace("）", ")") in copy
    assert "著作权保护条例" in copy and "著作權" not in copy
    assert is_traditional(TRADITIONAL) and not is_traditional(TEXT)


def _source(text: str) -> Source:
    return Source(path="x.txt", format="txt", text=text, sha256="0", language="zh")


@pytest.mark.parametrize("width", [24, 31, 40])
def test_repair_keeps_full_width_punctuation_and_joins_wrapped_cjk_lines_without_spaces(width):
    paras = [line for line in TEXT.splitlines() if line[:1].isdigit() and "." in line[:3]]
    wrapped = "\n".join(p[i : i + width] for p in paras for i in range(0, len(p), width))
    repaired = repair(_source("一、完善知识产权制度\n\n" + wrapped)).text
    assert repaired == "一、完善知识产权制度\n\n" + "\n\n".join(paras)


def test_repair_of_a_chinese_text_changes_no_printed_character():
    repaired = repair(_source(TEXT)).text
    assert regex.sub(r"\s", "", repaired) == regex.sub(r"\s", "", TEXT)
    assert "（新闻出版署（国家版权局）负责）" in repaired and "：" in repaired


# --- extraction ----------------------------------------------------------------------------------------------


def _scores(doc):
    return {name: s for name, s in score(extract_zh(doc), GOLD).items()}


def _with_language(path: Path):
    return extract_zh(process_file(path))


@pytest.mark.parametrize("variant", ["utf-8", "gb18030", "big5-traditional", "utf-8-traditional"])
def test_fixture_against_gold_in_every_encoding_and_script(tmp_path, variant):
    if variant == "utf-8":
        path = FIXTURE
    elif variant == "gb18030":
        path = _write(tmp_path, "plan.txt", TEXT.encode("gb18030"))
    elif variant == "big5-traditional":
        path = _write(tmp_path, "plan.txt", TRADITIONAL.encode("big5"))
    else:
        path = _write(tmp_path, "plan.txt", TRADITIONAL.encode("utf-8"))
    doc = _with_language(path)
    for name, s in score(doc, GOLD).items():
        assert (s.precision, s.recall) == (1.0, 1.0), (variant, name, s.missed, s.spurious)
        assert all(v == 1.0 for k, v in s.attribute_accuracy.items() if k != "subject" or "traditional" not in variant)
    # subjects are printed in the document's script
    assert [matching_copy(t.subject) for t in doc.targets] == [g["subject"] for g in GOLD["targets"]]
    for m in [*doc.law_mentions, *doc.agency_mentions, *doc.targets]:
        assert doc.text[m.span.start : m.span.end] == m.surface


def test_run_together_traditional_copy_keeps_instruments_and_responsibility(tmp_path):
    one_line = TRADITIONAL.replace("\n", "")
    doc = _with_language(_write(tmp_path, "plan.txt", one_line.encode("utf-8")))
    # the front matter is one paragraph here, which segmentation reads as the title: measures only
    gold_titles = sorted(matching_copy(g["surface"]) for g in GOLD["instruments"] if g["measure"])
    assert sorted(matching_copy(m.surface) for m in doc.law_mentions if m.measure_id) == gold_titles
    responsible = [
        (matching_copy(a.surface), a.agency_id, a.lead) for a in doc.agency_mentions if a.role == "responsible"
    ]
    assert responsible == [
        (matching_copy(g["surface"]), g["agency_id"], g["lead"]) for g in GOLD["agencies"] if g["role"] == "responsible"
    ]


def _one(text: str, year: int = 2025) -> Document:
    """A one-measure document over ``text``."""
    repaired = RepairedText(source=_source(text), text=text, offsets=repair(_source("x")).offsets)
    measure = Measure("d/m1", None, 1, "listed", text, Span(0, len(text)))
    return Document("d", repaired, Metadata(year=year, language="zh"), measures=(measure,))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("加强保护。（X局、Y部负责）", []),  # unknown units are still recorded, with no id
        (
            "加强保护。（市场监管总局、农业农村部、知识产权局负责）",
            [("市场监管总局", "samr", False), ("农业农村部", "mara", False), ("知识产权局", "cnipa", False)],
        ),
        (
            "加强保护。（知识产权局牵头，公安部、海关总署参与）",
            [("知识产权局", "cnipa", True), ("公安部", "mps", False), ("海关总署", "gacc", False)],
        ),
        (
            "加强保护。（知识产权局牵头，中央宣传部、公安部按职责分工负责）",
            [("知识产权局", "cnipa", True), ("中央宣传部", "cpd", False), ("公安部", "mps", False)],
        ),
        ("加强保护。（中央宣传部、公安部按职责分别负责）", [("中央宣传部", "cpd", False), ("公安部", "mps", False)]),
        ("加强保护。（新闻出版署（国家版权局）负责）", [("新闻出版署（国家版权局）", "nppa", False)]),
        ("加强保护。（联席会议有关成员单位负责）", [("联席会议有关成员单位", None, False)]),
        (
            "加强保护。（中央宣传部、文化和旅游部等部门负责）",
            [("中央宣传部", "cpd", False), ("文化和旅游部", "mct", False)],
        ),
        ("加强保护。（知识产权局会同有关部门负责）", [("知识产权局", "cnipa", True), ("有关部门", None, False)]),
        (
            "加强保护。（發展改革委、工業和信息化部、人民銀行、金融監管總局、中國科協負責）",
            [
                ("發展改革委", "ndrc", False),
                ("工業和信息化部", "miit", False),
                ("人民銀行", "pbc", False),
                ("金融監管總局", "nfra", False),
                ("中國科協", "cast", False),
            ],
        ),
        ("實施《知識產權強國建設綱要（2021—2035年）》（試行）。", []),  # a bracket without a cue is no note
    ],
)
def test_responsibility_notes(text, expected):
    doc = extract_zh(_one(text))
    got = [(a.surface, a.agency_id, a.lead) for a in doc.agency_mentions if a.role == "responsible"]
    if text.startswith("加强保护。（X局"):
        assert [(s, i) for s, i, _ in got] == [("X局", None), ("Y部", None)]
    else:
        assert got == expected


@pytest.mark.parametrize(
    "text,year,expected",
    [
        ("支持中科院、林草局和贸促会开展工作。", 2025, [("中科院", "cas"), ("林草局", "nfga"), ("贸促会", "ccpit")]),
        (
            "工商总局、质检总局、银监会、保监会、新闻出版广电总局加强协作。",
            2015,
            [
                ("工商总局", "saic"),
                ("质检总局", "aqsiq"),
                ("银监会", "cbrc"),
                ("保监会", "circ"),
                ("新闻出版广电总局", "sapprft"),
            ],
        ),
        ("知识产权局加强审查。", 2016, [("知识产权局", "sipo")]),
        ("知识产权局加强审查。", 2020, [("知识产权局", "cnipa")]),
        ("贯彻《国家知识产权局专利审查规程》。", 2025, []),  # never inside a title
        # a local office is not the national one; "S&T departments" are a body named by function, never 科技部
        ("各省知识产权局和科技部门加强协作。", 2025, [("科技部门", None)]),
        # bodies named by their function: the shortest name from a level word, after a boundary word; none when
        # unnamed (有关部门), a modifier (部门预算) or inside a document number
        (
            "由区民政部门会同市财政部门负责，向登记机关申请，有关部门配合。",
            2025,
            [("区民政部门", None), ("市财政部门", None), ("登记机关", None)],
        ),
        (
            "纳入部门预算，依照国办发〔2014〕51号执行，由县级以上地方人民政府市场监督管理部门负责。",
            2025,
            [("县级以上地方人民政府市场监督管理部门", None)],
        ),
    ],
)
def test_agencies_by_every_form_never_inside_titles(text, year, expected):
    doc = extract_zh(_one(text, year))
    assert [(a.surface, a.agency_id) for a in doc.agency_mentions if a.role == "mentioned"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "推进修订《中华人民共和国反垄断法》《中华人民共和国专利法实施细则》《商业秘密保护规定》，推进制定《商标代理管理办法》。",
            [
                ("中华人民共和国反垄断法", "law", "revise"),
                ("中华人民共和国专利法实施细则", "rules", "revise"),
                ("商业秘密保护规定", "provisions", "revise"),
                ("商标代理管理办法", "measures", "formulate"),
            ],
        ),
        (
            "推进《中华人民共和国商标法》《集成电路布图设计保护条例》修改。",
            [("中华人民共和国商标法", "law", "revise"), ("集成电路布图设计保护条例", "regulations", "revise")],
        ),
        ("推进商标法、著作权法相关司法解释修改。", [("商标法", "law", "revise"), ("著作权法", "law", "revise")]),
        (
            "为贯彻落实《“十四五”国家知识产权保护和运用规划》，制定本计划。",
            [("“十四五”国家知识产权保护和运用规划", "plan", "implement")],
        ),
        (
            "研究制定《关于加快推进版权工作高质量发展指导意见》、《标准涉及专利政策指引》。",
            [
                ("关于加快推进版权工作高质量发展指导意见", "guidance", "formulate"),
                ("标准涉及专利政策指引", "guidelines", "formulate"),
            ],
        ),
        (
            "发布《知识产权（专利）密集型产业统计分类目录》和《企业知识产权合规管理规范》。",
            [
                ("知识产权（专利）密集型产业统计分类目录", "catalogue", "publish"),
                ("企业知识产权合规管理规范", "standard", "publish"),
            ],
        ),
        (
            "起草《关于审理专利纠纷案件适用法律问题的解释》。",
            [("关于审理专利纠纷案件适用法律问题的解释", "interpretation", "draft")],
        ),
        ("推动加入《工业品外观设计国际注册海牙协定》。", [("工业品外观设计国际注册海牙协定", "treaty", "accede")]),
        # an unbalanced 《 (as printed on a real page) does not swallow the titles after it; a short name defined
        # by 以下简称 is the instrument it names; a verb before 的 describes the title, 贯彻落实 governs it
        (
            "为贯彻落实国务院印发的《知识产权强国建设纲要（2021—2035年）》（《以下简称《纲要》），实施《纲要》，推进修改《商业秘密保护规定》。",
            [
                ("知识产权强国建设纲要（2021—2035年）", "outline", "implement"),
                ("纲要", "outline", "implement"),
                ("商业秘密保护规定", "provisions", "revise"),
            ],
        ),
        ("出臺《民間文學藝術作品著作權保護條例》。", [("民間文學藝術作品著作權保護條例", "regulations", "promulgate")]),
        # forms, certificates, contracts and lists of names in 《》 name no instrument
        ("填写《示范区申报登记表》并提交《营业许可证》复印件，签订《技术转让合同》，公布《示范单位名单》。", []),
        ("依照《示范区管理办法》，报送《年度报告附表》。", [("示范区管理办法", "measures", None)]),
        # a version's stop inside a standard's title is no sentence end
        ("参照《示范报文结构技术规范（V1.0）》执行。", [("示范报文结构技术规范（V1.0）", "other", "implement")]),
        ("执行《示范数据格式指南（2.0版）》。", [("示范数据格式指南（2.0版）", "other", "implement")]),
    ],
)
def test_instruments_type_and_action(text, expected):
    doc = extract_zh(_one(text))
    assert [(m.surface, m.instrument_type, m.action) for m in doc.law_mentions] == expected


@pytest.mark.parametrize(
    "title,kind",
    [
        ("国务院关于新形势下加快知识产权强国建设的若干意见", "opinions"),
        ("关于强化知识产权保护的意见", "opinions"),
        ("2025年知识产权强国建设推进计划", "plan"),
        ("专利转化运用专项行动方案（2023—2025年）", "plan"),
        ("关于印发推进计划的通知", "notice"),
        ("国家知识产权战略纲要", "outline"),
        ("中华人民共和国专利法", "law"),
        ("商标代理管理办法", "measures"),
        ("关于修改专利纠纷司法解释的决定", "decision"),
        ("视听表演北京条约", "treaty"),
        ("作品自愿登记试行办法", "measures"),
        ("知识产权工作手册", "other"),
    ],
)
def test_instrument_type_from_the_head(title, kind):
    assert instrument_type(title) == kind


@pytest.mark.parametrize(
    "text,expected",
    [
        ("到2025年，全年办理案件不少于20个。", [(">=", 20, 20, "个", "count")]),
        ("质押融资登记金额达到1800亿元。", [("=", 1.8e11, 1.8e11, "元", "yuan")]),
        ("比重提高到5%以上。", [(">=", 5, 5, "%", "%")]),
        ("审查周期压减至15个月以内。", [("<=", 15, 15, "个月", "month")]),
        ("为2.5万家企业提供服务。", [("=", 25000, 25000, "家", "count")]),
        ("培育10—15个示范区。", [("=", 10, 15, "个", "count")]),
        (
            "立案数超过5000件，结案率不低于95％。",
            [(">", 5000, 5000, "件", "count"), (">=", 95, 95, "％", "%")],
        ),
        ("在8个改革试验区推广改革举措。", []),  # where, not how many
        ("面向2030年开展“十五五”规划研究，办好第十四届知识产权宣传周和“4·26”活动。", []),
        ("依据国知发〔2021〕16号文件，落实《知识产权强国建设纲要（2021—2035年）》。", []),
    ],
)
def test_targets(text, expected):
    doc = extract_zh(_one(text))
    assert [(t.comparator, t.value_min, t.value_max, t.unit, t.unit_normalized) for t in doc.targets] == expected


@pytest.mark.parametrize(
    "gold_unit, matched",
    [("件", True), ("count", True), ("个月", False), ("month", False)],  # printed or normalized, compared normalized
)
def test_a_gold_target_unit_is_compared_normalized(gold_unit, matched):
    doc = extract_zh(_one("每万人口发明专利拥有量达到8件。"))
    target = {"measure": 1, "comparator": "=", "value_min": 8, "value_max": 8, "unit": gold_unit}
    scores = score(doc, {"instruments": [], "agencies": [], "targets": [target]})
    assert scores["targets"].correct == int(matched)


def test_counted_noun_is_kept_in_the_subject():
    doc = extract_zh(_one("建设20个知识产权保护中心。"))
    assert [(t.unit, t.unit_normalized, t.subject) for t in doc.targets] == [("个", "count", "知识产权保护中心")]


def test_action_after_a_light_verb():
    masked = "推进\u2060\u2060\u2060修改。"
    assert action_of(masked, 2, 5) == "revise"


def test_a_document_without_chinese_rules_matches_gets_no_mentions():
    doc = _one("Revise the Patent Law.")
    assert replace(extract_zh(doc), repaired=doc.repaired).law_mentions == ()


# --- links between an original and its translation -----------------------------------------------------------


@pytest.mark.slow
def test_measure_links_pair_each_translated_measure_with_its_original(tmp_path):
    import pipeline
    from pipeline.links import measure_links

    assert pipeline.run([FIXTURE, FIXTURE.with_name("plan_2027_en.txt")], tmp_path / "out", jobs=1).ok
    tables = pipeline.load(tmp_path / "out")
    rows = tables["measure_links"].to_dict("records")
    assert [
        (
            r["measure_id"].rsplit("/", 1)[1],
            r["original_measure_id"].rsplit("/", 1)[1],
            r["shared_laws"],
            r["shared_agencies"],
            r["shared_numbers"],
        )
        for r in rows
    ] == [("m1", "m1", 2, 2, 0), ("m2", "m2", 1, 1, 0), ("m3", "m3", 1, 2, 0), ("m4", "m4", 0, 3, 2)]
    assert all(0.7 <= r["score"] <= 1 for r in rows)
    docs = tables["documents"]
    for language in ("zh", "en"):  # one language alone links nothing
        ids = docs.loc[docs["language"].astype(str) == language, "doc_id"]
        alone = {k: v[v["doc_id"].isin(ids)] if "doc_id" in v else v for k, v in tables.items()}
        assert measure_links(alone) == []


# --- plans held out from the rules: written in two real shapes, gold made by reading before any tuning ---------

HELD_OUT = ["plan_2029_zh", "plan_2026_zh"]  # 2017-2020 推进计划 shape; 2021-2025 纲要和规划实施年度推进计划 shape


def _gold(name: str) -> dict:
    return json.loads((Path(__file__).parent / "gold" / f"{name}.gold.json").read_text(encoding="utf-8"))


def _outline(doc: Document) -> dict:
    """Sections and measures as the gold lists them, compared in the matching copy (so in either script)."""
    by_id = {s.section_id: s for s in doc.sections}

    def path(section_id):
        labels = []
        while section_id in by_id:
            labels.append(by_id[section_id].label)
            section_id = by_id[section_id].parent_id
        return "/".join(reversed(labels))

    outline = {
        "sections": [[s.level, s.label, s.title] for s in doc.sections],
        "measures": [[m.number, path(m.section_id), m.text, m.responsibility_text] for m in doc.measures],
    }
    return json.loads(matching_copy(json.dumps(outline, ensure_ascii=False)))


def _held_out(tmp_path: Path, name: str, variant: str) -> tuple[Document, dict]:
    text = (FIXTURE.parent / f"{name}.txt").read_text(encoding="utf-8")
    gold = _gold(name)
    if variant == "big5-run-together":
        text = traditional(text).replace("\n", "")
        gold = json.loads(json.dumps(gold))
        for item in [*gold["instruments"], *gold["agencies"]]:
            item["surface"] = traditional(item["surface"])
        data = text.encode("big5")
    else:
        data = text.encode("utf-8")
    return process_file(_write(tmp_path, f"{name}.txt", data)), gold


@pytest.mark.parametrize("variant", ["utf-8", "big5-run-together"])
@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_plans_meet_the_bar_in_both_scripts(tmp_path, name, variant):
    doc, gold = _held_out(tmp_path, name, variant)
    assert doc.metadata.language == "zh"
    assert _outline(doc) == json.loads(matching_copy(json.dumps(gold["outline"], ensure_ascii=False)))
    meta = doc.metadata
    assert (
        matching_copy(meta.doc_number),
        meta.issue_date.isoformat(),
        meta.year,
        matching_copy(meta.plan_title),
        matching_copy(meta.issuer),
    ) == tuple(
        matching_copy(str(gold["metadata"][k])) if isinstance(gold["metadata"][k], str) else gold["metadata"][k]
        for k in ("doc_number", "issue_date", "year", "plan_title", "issuer")
    )
    scores = score(doc, gold)
    assert scores["responsibility"].f1 >= 0.95, scores["responsibility"]
    assert scores["responsibility"].attribute_accuracy["lead"] == 1.0  # lead units right
    assert scores["instruments"].f1 >= 0.95, scores["instruments"]
    assert scores["targets"].f1 >= 0.9, scores["targets"]


@pytest.mark.parametrize("name", HELD_OUT)
def test_documents_text_keeps_full_width_punctuation_as_printed(name):
    path = FIXTURE.parent / f"{name}.txt"
    doc = process_file(path)
    printed = path.read_text(encoding="utf-8")
    assert regex.sub(r"\s", "", doc.text) == regex.sub(r"\s", "", printed)
    assert all(ch in doc.text for ch in "，。、（）：《》“”〔〕")


@pytest.mark.parametrize(
    "text,expected",
    [
        # places and ordinals are not quantities; 万亿 is 1e12; a year fused to 年 is a year
        ("在全国42个海关开展“龙腾”行动。", []),
        ("质押融资登记金额达到1.2万亿元。", [("=", 1.2e12, 1.2e12, "元", "yuan")]),
        ("惠及中小企业1.5万家以上。", [(">=", 15000, 15000, "家", "count")]),
        ("2026年底前完成修改，办好第十四届论坛，面向2035年开展研究，实施《纲要（2021—2035年）》。", []),
        ("开展“剑网2026”专项行动，查处案件超过3000件。", [(">", 3000, 3000, "件", "count")]),
    ],
)
def test_more_targets(text, expected):
    doc = extract_zh(_one(text))
    assert [(t.comparator, t.value_min, t.value_max, t.unit, t.unit_normalized) for t in doc.targets] == expected


NOTICE = """{title}

{number}

科技部、知识产权局：

现将《{plan}》印发给你们，请认真贯彻执行。

国家知识产权强国建设工作部际联席会议办公室
（国家知识产权局代章）
{date}

{plan}

为贯彻落实《知识产权强国建设纲要（2021—2035年）》（以下简称《纲要》）和《“十四五”国家知识产权保护和运用规划》，制定本计划。

{heading}完善知识产权制度

1.推进《商业秘密保护规定》修订。（知识产权局负责）

2.{year}年底前完成《专利审查指南》修改。（知识产权局牵头，科技部参与）
"""


@pytest.mark.parametrize(
    "number,date,heading,plan,expected",
    [
        (
            "国知战联办发〔2021〕16号",
            "二〇二一年十二月二十七日",
            "一、",
            "2021年深入实施国家知识产权战略 加快建设知识产权强国推进计划",
            ("2021-gzhzhlbf-16-zh", "2021-12-27"),
        ),
        (
            "国知战联办〔2014〕24号",
            "二○一四年三月五日",
            "一 ",
            "2014年国家知识产权战略实施推进计划",
            ("2014-gzhzhlb-24-zh", "2014-03-05"),
        ),
        (
            "国知联办〔2024〕6号",
            "2024年4月2日",
            "一　",
            "2024年知识产权强国建设推进计划",
            ("2024-gzhlb-6-zh", "2024-04-02"),
        ),
    ],
)
@pytest.mark.parametrize("one_line", [False, True])
def test_notice_forms(tmp_path, number, date, heading, plan, expected, one_line):
    year = expected[0][:4]
    text = NOTICE.format(
        title=f"关于印发《{plan}》的通知", number=number, plan=plan, date=date, heading=heading, year=year
    )
    if one_line:
        text = traditional(text).replace("\n", "")
    doc = extract_zh(process_file(_write(tmp_path, "notice.txt", text.encode("utf-8"))))
    assert (doc.doc_id, doc.metadata.issue_date.isoformat()) == expected
    assert matching_copy(doc.metadata.plan_title) == plan and doc.metadata.year == int(year)
    assert [(s.level, s.label, matching_copy(s.title)) for s in doc.sections] == [(1, "一", "完善知识产权制度")]
    assert [(m.number, matching_copy(m.text)) for m in doc.measures] == [
        (1, "推进《商业秘密保护规定》修订。"),
        (2, f"{year}年底前完成《专利审查指南》修改。"),
    ]
    assert [(matching_copy(a.surface), a.lead) for a in doc.agency_mentions if a.role == "responsible"] == [
        ("知识产权局", False),
        ("知识产权局", True),
        ("科技部", False),
    ]
    preamble = [(matching_copy(m.surface), m.action) for m in doc.law_mentions if m.measure_id is None]
    assert preamble[-2:] == [
        ("知识产权强国建设纲要（2021—2035年）".replace("（", "(").replace("）", ")"), "implement"),
        ("“十四五”国家知识产权保护和运用规划", "implement"),
    ]


@pytest.mark.slow
def test_measure_links_of_the_held_out_plan_and_its_translation(tmp_path):
    """Every translated measure is paired with the measure it translates (decided by reading: measure n of the
    translation is measure n of the original), in a run that keeps both documents."""
    import pandas as pd

    from pipeline.cli import main

    zh, en = FIXTURE.parent / "plan_2029_zh.txt", FIXTURE.parent / "plan_2029_en.txt"
    assert main(["run", str(zh), str(en), "--out", str(tmp_path), "-q"]) == 0
    documents = pd.read_parquet(tmp_path / "documents.parquet")
    assert sorted(zip(documents.doc_id, documents.language, strict=True)) == [
        ("2029-gzhzhlb-4", "en"),
        ("2029-gzhzhlb-4-zh", "zh"),
    ]
    links = pd.read_parquet(tmp_path / "measure_links.parquet")
    pairs = sorted(
        (int(m.rsplit("m", 1)[1]), int(o.rsplit("m", 1)[1]))
        for m, o in zip(links.measure_id, links.original_measure_id, strict=True)
    )
    assert pairs == [(n, n) for n in range(1, 17)]
    assert set(links.original_doc_id) == {"2029-gzhzhlb-4-zh"} and links.score.min() >= 0.5
    shared = dict(zip(links.measure_id.str.rsplit("m", n=1).str[1].astype(int), links.shared_laws, strict=True))
    assert shared[5] == 3 and shared[15] == 2  # instruments of the rule book share one law_id across languages


@pytest.mark.parametrize("one_line", [False, True])
def test_a_state_council_notice_addresses_classes_of_bodies(tmp_path, one_line):
    """国务院's formula: three addressees (each a class of bodies), not five fragments split at 、."""
    text = NOTICE.format(
        title="国务院关于印发《2031年知识产权强国建设推进计划》的通知",
        number="国发〔2031〕5号",
        plan="2031年知识产权强国建设推进计划",
        date="2031年3月1日",
        heading="一、",
        year="2031",
    )
    text = text.replace("科技部、知识产权局：", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")
    if one_line:
        text = traditional(text).replace("\n", "")
    doc = extract_zh(process_file(_write(tmp_path, "notice.txt", text.encode("utf-8"))))
    assert [(matching_copy(a.surface), a.agency_id) for a in doc.agency_mentions if a.role == "addressee"] == [
        ("各省、自治区、直辖市人民政府", "provincial_governments"),
        ("国务院各部委", "sc_ministries"),
        ("各直属机构", "sc_institutions"),
    ]


@pytest.mark.parametrize(
    "title, body",
    [
        # the notice's own title, the plan it issues, and the issuer's place printed twice
        (
            "关于印发《2031年示范区建设推进计划》的通知",
            "现将《2031年示范区建设推进计划》印发给你们。依照《示范区管理办法》执行。",
        ),
        (
            "宁安市人民政府关于印发宁安市绿色建筑管理办法的通知",
            "现将《宁安市宁安市绿色建筑管理办法》印发给你们。依照《示范区管理办法》执行。",
        ),
        ("宁安市绿色建筑管理办法", "为推进绿色建筑，根据《示范区管理办法》，制定《宁安市绿色建筑管理办法》。"),
    ],
)
def test_the_document_itself_is_no_instrument(tmp_path, title, body):
    path = tmp_path / "notice.txt"
    path.write_text(f"{title}\n\n各区人民政府：\n\n{body}\n\n宁安市人民政府\n\n2031年3月1日\n", encoding="utf-8")
    doc = process_file(path)
    assert [m.surface for m in doc.law_mentions] == ["示范区管理办法"]


def _parameter_cases():
    """The rule book's parameter examples (no target) and counter-examples (a target), as (kind, text, found)."""
    book = rules("zh").extras["targets"]["parameters"]
    in_article = ("penalty", "article_bounds", "per_capita")
    for name in (
        "duration_after",
        "duration_before",
        "penalty",
        "article_bounds",
        "per_capita",
        "qualifier",
        "condition",
    ):
        kind = "article" if name in in_article else "measure"
        yield from ((kind, text, False) for text in book[name]["examples"])
        yield from ((kind, text, True) for text in book[name].get("counter_examples", ()))
    yield from (("measure", text, False) for text in book.get("min_bare_count_examples", ()))
    yield from (("measure", text, True) for text in book.get("min_bare_count_counter_examples", ()))


@pytest.mark.parametrize("kind, text, found", list(_parameter_cases()))
def test_rule_parameters_are_not_targets(kind, text, found):
    doc = _one(text)
    doc = replace(doc, measures=tuple(replace(m, kind=kind) for m in doc.measures))
    assert bool(extract_zh(doc).targets) is found


@pytest.mark.parametrize(
    "text, expected",
    [
        # an article's amounts are targets (subsidies, fee caps), its time limits and fines are not
        ("对符合条件的老年人，每人每月给予3000元补贴，应当在30日内发放。", [("=", 3000, "元", "yuan")]),
        ("收费标准不超过交易金额的0.35%，单笔不超过13元。", [("<=", 0.35, "%", "%"), ("<=", 13, "元", "yuan")]),
        ("违反本办法的，处1万元以上10万元以下的罚款。", []),
        ("申请人应当在3个工作日内补正，补正后培育2个示范区。", []),
    ],
)
def test_targets_in_articles(text, expected):
    doc = _one(text)
    doc = replace(doc, measures=tuple(replace(m, kind="article") for m in doc.measures))
    assert [(t.comparator, t.value_min, t.unit, t.unit_normalized) for t in extract_zh(doc).targets] == expected


# --- each family on its own ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finder,family,lost",
    [
        ("find_targets", "targets", "targets"),
        ("law_mentions", "laws", "law_mentions"),
        ("responsibility_notes", "agencies", "agency_mentions"),
    ],
)
def test_a_crash_in_one_chinese_family_keeps_the_other_two(monkeypatch, finder, family, lost):
    from pipeline.extract import extract
    from pipeline.extract import zh as zh_module

    done = process_file(FIXTURE)
    kept = {f: getattr(done, f) for f in ("agency_mentions", "law_mentions", "targets") if f != lost}
    assert done.status == "success" and all(kept.values())

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in one family")

    monkeypatch.setattr(zh_module, finder, broken)
    doc = extract(replace(done, agency_mentions=(), law_mentions=(), targets=()))
    assert doc.status == "partial"
    assert [str(e) for e in doc.errors] == [f"extract.{family}: RuntimeError: a bug in one family"]
    assert getattr(doc, lost) == ()
    assert {f: getattr(doc, f) for f in kept} == kept


# A copy glued a part's heading to its paragraph without a stop ("三、加强监督管理，加大处罚力度人民银行分支机构应…"):
# the "title" holds sentences, and the bodies and instruments in them are read; a heading line is still no mention.
GLUED_PART = """中国人民银行关于规范示范收单业务的指导意见
中国人民银行上海总部，各分行：
为规范示范收单业务，现提出如下意见：
一、加强示范收单管理（一）切实履行商户管理责任。收单机构应当按规定落实商户实名制管理，加强商户资质审核。
（二）严格规范外包合作。收单机构应当执行《示范外包管理通知》相关规定，审慎选择合作机构。
二、发挥中国支付清算协会作用
（一）健全自律机制。协会应健全商户信息共享机制。
三、加强监督管理，加大处罚力度人民银行分支机构应对辖区内收单业务加强监督管理。收单机构违反有关规定的，依照《示范支付服务管理办法》从严处罚。
"""


def test_a_heading_glued_to_its_paragraph_is_read_as_running_text():
    from pipeline.segment import segment

    doc = extract_zh(segment(repair(_source(GLUED_PART))))
    assert [m.surface for m in doc.law_mentions] == ["示范外包管理通知", "示范支付服务管理办法"]
    mentioned = [a.surface for a in doc.agency_mentions if a.role == "mentioned"]
    assert mentioned == ["人民银行分支机构"]  # not 中国支付清算协会 of the heading line 二、
