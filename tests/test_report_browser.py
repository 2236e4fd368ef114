"""The report in a real headless browser (Debian's chromium and chromium-driver, driven by Selenium): every row
highlighted in its kind's colour, hovering shows the row, and the page logs no console errors; a row opens at
its anchor, a kind can be hidden, search finds text and ids, the panel lists a measure's mentions and leads to
its translation and to last year's measure; the index sorts and filters.

`make test` installs the browser when it is missing and it runs as root; elsewhere this module is skipped with
the reason.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.corpus import commit_documents, process_file
from pipeline.report import render_report
from pipeline.report.links import filename, href

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(
        "chromium and chromium-driver are not installed (`make test` installs them as root with apt-get)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a headless browser: left out of `make quick`

# (kind, table, id column); agency mentions are checked per role as well.
KINDS = [
    ("section", "sections", "section_id"),
    ("goal", "goals", "goal_id"),
    ("measure", "measures", "measure_id"),
    ("instrument", "law_mentions", "mention_id"),
    ("agency", "agency_mentions", "mention_id"),
    ("target", "targets", "target_id"),
]


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="report-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


ZH = Path(__file__).parent / "fixtures" / "zh"


@pytest.fixture(scope="module")
def report(doc_2014, doc_2031, tmp_path_factory):
    """An English plan (2014), a Chinese plan and its English translation (2027, linked by measure_links) and
    the Chinese plan before it (2026, its lineage), and the 2031 plan."""
    tables_dir = tmp_path_factory.mktemp("tables")
    zh = [process_file(ZH / name) for name in ("plan_2027_zh.txt", "plan_2027_en.txt", "plan_2026_zh.txt")]
    commit_documents([doc_2014, doc_2031, *zh], tables_dir)
    tables = pipeline.load(tables_dir)
    out = tmp_path_factory.mktemp("report")
    render_report(tables, out)
    return tables, out


def _doc(tables, language: str, year: int) -> str:
    docs = tables["documents"]
    return docs[(docs["language"] == language) & (docs["year"] == year)].iloc[0]["doc_id"]


# (language, year) of the plans the review tools are checked on: English, Chinese, the translation of a linked pair
PLANS = [("en", 2014), ("zh", 2027), ("en", 2027)]
PLAN_IDS = ["en-2014", "zh-2027", "en-2027-translation"]


def _errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


# The first of the elements matching a selector that shows some of its own text (not covered by a nested
# highlight), scrolled into view, with a point on that text.
EXPOSED = """
    for (const el of document.querySelectorAll(arguments[0])) {
        el.scrollIntoView({block: 'center'});
        for (const r of el.getClientRects()) {
            for (let i = 1; i < 10; i++) {
                const x = r.left + r.width * i / 10, y = r.top + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                if (hit && hit.closest('[data-key]') === el) { return [el, Math.round(x), Math.round(y)]; }
            }
        }
    }
    return null;"""


def _hover(driver, selector: str):
    """Point at the first element matching ``selector`` where its own text shows; the element, the tooltip's head
    line, its whole text, and its fields by name."""
    from selenium.webdriver.common.action_chains import ActionChains

    found = driver.execute_script(EXPOSED, selector)
    assert found is not None, f"no element {selector} shows its own text"
    element, x, y = found
    actions = ActionChains(driver)
    actions.w3c_actions.pointer_action.move_to_location(x, y)
    actions.perform()
    tip = driver.find_element("id", "tooltip")
    assert tip.is_displayed()
    shown = driver.execute_script("""
        const tip = document.getElementById('tooltip');
        const out = {_head: tip.querySelector('.tip-head').textContent, _text: tip.textContent};
        tip.querySelectorAll('tr').forEach(tr => { out[tr.cells[0].textContent] = tr.cells[1].textContent; });
        return out;""")
    return element, shown


@pytest.mark.parametrize("plan", [("en", 2014), ("en", 2031), ("zh", 2027)], ids=["2014", "2031", "zh-2027"])
def test_every_row_is_highlighted_and_hovering_shows_it(browser, report, plan):
    tables, out = report
    doc_id = _doc(tables, *plan)
    browser.get((out / f"{doc_id}.html").as_uri())
    assert _errors(browser) == []
    backgrounds = {}
    for kind, table, id_col in KINDS:
        rows = tables[table][tables[table]["doc_id"] == doc_id]
        keys = browser.execute_script(
            "return [...document.querySelectorAll('#text .hl.' + arguments[0] + ':not(.cont)')]"
            ".map(e => e.getAttribute('data-key'));",
            kind,
        )
        assert sorted(keys) == sorted(f"{table}:{i}" for i in rows[id_col]), kind
        if rows.empty:
            continue
        colours = browser.execute_script(
            "return [...new Set([...document.querySelectorAll('#text .hl.' + arguments[0])]"
            ".map(e => getComputedStyle(e).backgroundColor))];",
            kind,
        )
        assert "rgba(0, 0, 0, 0)" not in colours, kind
        if kind != "agency":
            backgrounds[kind] = colours
        element, shown = _hover(browser, f"#text .hl.{kind}")
        row = rows[rows[id_col] == element.get_attribute("data-key").split(":", 1)[1]].iloc[0]
        assert shown["_head"] == f"{table} {row[id_col]}"
        assert shown["char_start"] == str(row["char_start"])
        if kind == "target":
            assert (shown["comparator"], shown["unit"], shown["unit_normalized"], shown["value_min"]) == (
                row["comparator"],
                row["unit"],
                row["unit_normalized"],
                f"{row['value_min']:g}",
            )
        if kind == "instrument":
            law = tables["laws"].set_index("law_id").loc[row["law_id"]]
            assert (shown["instrument"], shown["instrument_type"]) == (law["title"], law["instrument_type"])
        if kind == "agency":
            assert shown["role"] == row["role"]
        if kind == "measure":
            assert shown["number"] == str(row["number"])
    for role in ("issuer", "addressee", "responsible", "mentioned"):
        mentions = tables["agency_mentions"]
        n = int(((mentions["doc_id"] == doc_id) & (mentions["role"] == role)).sum())
        assert (
            browser.execute_script(
                "return document.querySelectorAll('#text .hl.agency.role-' + arguments[0] + ':not(.cont)').length;",
                role,
            )
            == n
        ), role
        if n:
            backgrounds[role] = browser.execute_script(
                "return getComputedStyle(document.querySelector('#text .hl.agency.role-' + arguments[0]))"
                ".backgroundColor;",
                role,
            )
    firsts = [v[0] if isinstance(v, list) else v for v in backgrounds.values()]
    assert len(set(firsts)) == len(firsts), backgrounds  # each kind and role in its own colour
    assert _errors(browser) == []


def test_a_corrected_row_shows_its_note(browser, report, tmp_path):
    tables, _ = report
    changed = dict(tables)
    measures = tables["measures"].copy()
    measures["corrected"] = pd.array([False] * len(measures), dtype="boolean")
    measures["correction_note"] = None
    measures.loc[0, ["corrected", "correction_note"]] = [True, "number 12 printed as 21"]
    changed["measures"] = measures
    row = measures.iloc[0]
    render_report(changed, tmp_path, [row.doc_id])
    browser.get((tmp_path / f"{row.doc_id}.html").as_uri())
    element, shown = _hover(browser, "#text .hl.measure.corrected")
    assert element.get_attribute("data-key") == f"measures:{row.measure_id}"
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle;", element) == "solid"
    assert shown["_head"] == f"measures {row.measure_id}"
    assert "corrected: number 12 printed as 21" in shown["_text"]
    assert _errors(browser) == []


def test_console_errors_are_seen(browser, report):
    """The check above could fail: an error on the page does reach the log."""
    tables, out = report
    browser.get((out / "index.html").as_uri())
    assert _errors(browser) == []
    browser.execute_script("setTimeout(() => { throw new Error('probe'); }, 0);")
    browser.execute_script("return new Promise(r => setTimeout(r, 50));")
    assert any("probe" in entry["message"] for entry in _errors(browser))


# ------------------------------------------------------------------------------------------ the review tools


def _open(driver, out: Path, doc_id: str, row_id: str = "") -> None:
    driver.get((out / filename(doc_id)).as_uri() + href(doc_id, row_id)[len(filename(doc_id)) :])


def _rows_of(tables, table: str, doc_id: str):
    df = tables[table]
    return df[df["doc_id"] == doc_id]


def _middle_measure(tables, doc_id: str):
    measures = _rows_of(tables, "measures", doc_id).sort_values("char_start")
    return measures.iloc[len(measures) // 2]


def _mention_keys(tables, measure_id: str) -> list[str]:
    """The rows the panel lists under a measure, in text order: its instruments, agencies, targets and its
    responsibility note."""
    found = []
    for table, prefix in (
        ("law_mentions", "law_mentions"),
        ("agency_mentions", "agency_mentions"),
        ("targets", "targets"),
    ):
        df = tables[table]
        id_col = "target_id" if table == "targets" else "mention_id"
        found += [
            (int(r.char_start), f"{prefix}:{getattr(r, id_col)}")
            for r in df[df["measure_id"] == measure_id].itertuples()
        ]
    measure = tables["measures"].set_index("measure_id").loc[measure_id]
    if isinstance(measure["responsibility_text"], str):
        found.append((int(measure["responsibility_char_start"]), f"responsibility:{measure_id}"))
    return [key for _, key in sorted(found, key=lambda f: f[0])]


SELECTED = """
    const el = document.getElementById(arguments[0]);
    const box = el.getBoundingClientRect();
    const panel = document.getElementById('panel');
    return {key: el.getAttribute('data-key'), selected: el.classList.contains('selected'),
            visible: box.top >= 0 && box.bottom <= window.innerHeight, panel: !panel.hidden,
            head: panel.querySelector('.tip-head') ? panel.querySelector('.tip-head').textContent : null,
            mentions: [...panel.querySelectorAll('.mentions [data-go]')].map(li => li.getAttribute('data-go')),
            links: [...panel.querySelectorAll('.links [data-rel]')].map(li => [li.getAttribute('data-rel'),
                    li.querySelector('a') ? li.querySelector('a').getAttribute('href') : null])};"""


@pytest.mark.parametrize("plan", PLANS, ids=PLAN_IDS)
def test_an_anchor_opens_the_row_selected_with_its_mentions(browser, report, plan):
    tables, out = report
    doc_id = _doc(tables, *plan)
    measure = _middle_measure(tables, doc_id)
    _open(browser, out, doc_id, measure.measure_id)
    state = browser.execute_script(SELECTED, measure.measure_id)
    assert state["key"] == f"measures:{measure.measure_id}"
    assert state["selected"] and state["visible"] and state["panel"]
    assert state["head"].startswith(f"measures {measure.measure_id}")
    assert state["mentions"] == _mention_keys(tables, measure.measure_id)
    # a mention and a section open the same way; the mention's panel lists its measure's mentions, itself current
    mention = _rows_of(tables, "agency_mentions", doc_id).dropna(subset=["measure_id"]).iloc[0]
    _open(browser, out, doc_id, mention.mention_id)
    state = browser.execute_script(SELECTED, mention.mention_id)
    assert state["selected"] and state["visible"] and state["head"].startswith("agency_mentions")
    assert f"agency_mentions:{mention.mention_id}" in state["mentions"]
    assert (
        browser.execute_script("return document.querySelector('#panel li.current').getAttribute('data-go');")
        == f"agency_mentions:{mention.mention_id}"
    )
    section = _rows_of(tables, "sections", doc_id).iloc[-1]
    _open(browser, out, doc_id, section.section_id)
    state = browser.execute_script(SELECTED, section.section_id)
    assert state["key"] == f"sections:{section.section_id}" and state["selected"] and state["visible"]
    assert _errors(browser) == []


def _background(driver, selector: str) -> list[str]:
    return driver.execute_script(
        "return [...new Set([...document.querySelectorAll(arguments[0])]"
        ".map(e => getComputedStyle(e).backgroundColor))];",
        selector,
    )


@pytest.mark.parametrize("plan", PLANS, ids=PLAN_IDS)
def test_a_kind_or_a_role_can_be_hidden(browser, report, plan):
    tables, out = report
    doc_id = _doc(tables, *plan)
    _open(browser, out, doc_id)
    coloured = {kind: _background(browser, f"#text .hl.{kind}") for kind in ("instrument", "measure", "target")}
    assert all("rgba(0, 0, 0, 0)" not in c for c in coloured.values()), coloured
    browser.find_element("css selector", 'input.toggle[data-toggle="instrument"]').click()
    assert _background(browser, "#text .hl.instrument") == ["rgba(0, 0, 0, 0)"]
    assert _background(browser, "#text .hl.measure") == coloured["measure"]
    assert _background(browser, "#text .hl.target") == coloured["target"]
    # a hidden instrument is passed through: hovering it shows the measure around it
    element, shown = _hover(browser, "#text .hl.measure .hl.instrument")
    assert shown["_head"].startswith("measures "), shown["_head"]
    browser.find_element("css selector", 'input.toggle[data-toggle="instrument"]').click()
    assert _background(browser, "#text .hl.instrument") == coloured["instrument"]
    roles = _rows_of(tables, "agency_mentions", doc_id)["role"].astype(str).value_counts()
    hide, keep = roles.index[0], roles.index[1]  # the two commonest roles of the plan
    browser.find_element("css selector", f'input.toggle[data-toggle="role-{hide}"]').click()
    assert _background(browser, f"#text .hl.agency.role-{hide}") == ["rgba(0, 0, 0, 0)"]
    assert "rgba(0, 0, 0, 0)" not in _background(browser, f"#text .hl.agency.role-{keep}")
    assert _errors(browser) == []


def _search(driver, query: str) -> dict:
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("id", "search")
    box.clear()
    box.send_keys(query + Keys.ENTER)
    return driver.execute_script("""
        const hit = window.report.current();
        return {status: document.getElementById('search-status').textContent, hit: hit,
                painted: CSS.highlights.has('search-current') ? CSS.highlights.get('search-current').size : 0,
                selected: [...document.querySelectorAll('#text .selected')].map(e => e.getAttribute('data-key'))};""")


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _unique_phrase(tables, doc_id: str, measure, language: str) -> str:
    """A piece of the measure's text found once in the document: eight words, or twelve characters in Chinese."""
    text = tables["documents"].set_index("doc_id").at[doc_id, "text"]
    span = text[int(measure.char_start) : int(measure.char_end)]
    pieces = (
        [span[i : i + 12] for i in range(2, len(span) - 12, 6)]
        if language == "zh"
        else [" ".join(span.split()[i : i + 8]) for i in range(1, max(2, len(span.split()) - 8))]
    )
    for piece in pieces:
        if _normal(text).count(_normal(piece)) == 1:
            return piece
    raise AssertionError(f"no unique phrase in {measure.measure_id}")


@pytest.mark.parametrize("plan", PLANS, ids=PLAN_IDS)
def test_search_finds_a_measure_by_its_text_and_by_its_id(browser, report, plan):
    tables, out = report
    doc_id = _doc(tables, *plan)
    measure = _middle_measure(tables, doc_id)
    _open(browser, out, doc_id)
    phrase = _unique_phrase(tables, doc_id, measure, plan[0])
    found = _search(browser, phrase.upper() if plan[0] == "en" else phrase)  # case does not matter
    assert found["status"] == "1 of 1" and found["painted"] == 1
    assert _normal(found["hit"]["text"]) == _normal(phrase)
    assert f"measures:{measure.measure_id}" in found["hit"]["rows"]
    top = browser.execute_script(
        "return CSS.highlights.get('search-current').values().next().value.getBoundingClientRect().top;"
    )
    assert 0 <= top <= browser.execute_script("return window.innerHeight;")  # it jumped there
    short = measure.measure_id.rsplit("/", 1)[1]  # m12: the id within the document
    for query in (short, measure.measure_id):
        found = _search(browser, query)
        assert found["hit"]["key"] == f"measures:{measure.measure_id}", query
        assert found["selected"] == [f"measures:{measure.measure_id}"]
        assert browser.execute_script("return document.querySelector('#panel .tip-head').textContent;").startswith(
            f"measures {measure.measure_id}"
        )
    assert _search(browser, "zqxjkv no such words")["status"] == "no match"
    assert _search(browser, "")["status"] == ""
    assert _errors(browser) == []


def test_a_linked_pair_leads_from_the_original_to_its_translation_and_back(browser, report):
    tables, out = report
    link = tables["measure_links"].sort_values("measure_id").iloc[0]
    _open(browser, out, link.original_doc_id, link.original_measure_id)
    state = browser.execute_script(SELECTED, link.original_measure_id)
    assert ["translation", href(link.doc_id, link.measure_id)] in state["links"]
    browser.find_element("css selector", "#panel .links [data-rel=translation] a").click()
    assert browser.current_url.endswith(href(link.doc_id, link.measure_id))
    state = browser.execute_script(SELECTED, link.measure_id)
    assert state["selected"] and state["visible"] and state["head"].startswith(f"measures {link.measure_id}")
    assert ["original", href(link.original_doc_id, link.original_measure_id)] in state["links"]
    browser.find_element("css selector", "#panel .links [data-rel=original] a").click()
    assert browser.execute_script(SELECTED, link.original_measure_id)["selected"]
    assert browser.execute_script(
        "return [...document.querySelectorAll('a.doc-link')].map(a => [a.dataset.rel, a.getAttribute('href')]);"
    ) == [["translation", filename(link.doc_id)], ["previous", filename(_doc(tables, "zh", 2026))]]
    assert _errors(browser) == []


def test_a_measure_leads_to_last_years_measure(browser, report):
    tables, out = report
    lineage = tables["measure_lineage"]
    row = lineage[lineage["doc_id"] == _doc(tables, "zh", 2027)].iloc[0]
    _open(browser, out, row.doc_id, row.measure_id)
    state = browser.execute_script(SELECTED, row.measure_id)
    assert ["previous", href(row.previous_doc_id, row.previous_measure_id)] in state["links"]
    note = browser.execute_script("return document.querySelector('#panel [data-rel=previous] .facts').textContent;")
    assert note == f"{row.label}, score {row.score:g}"
    browser.find_element("css selector", "#panel .links [data-rel=previous] a").click()
    state = browser.execute_script(SELECTED, row.previous_measure_id)
    assert state["selected"] and state["visible"]
    assert ["next", href(row.doc_id, row.measure_id)] in state["links"]  # and back, from last year's side
    assert _errors(browser) == []


INDEX_ROWS = (
    "return [...document.querySelectorAll('#documents tbody tr')].filter(tr => !tr.hidden)"
    ".map(tr => tr.cells[0].textContent.trim());"
)


def test_the_index_sorts_and_filters(browser, report):
    from selenium.webdriver.support.ui import Select

    tables, out = report
    docs = tables["documents"]
    browser.get((out / "index.html").as_uri())
    heads = [th.text for th in browser.find_elements("css selector", "#documents th")]
    assert {"status", "language", "year", "issuer", "measures", "mentions", "findings", "errors"} <= set(heads)
    measures = browser.find_elements("css selector", "#documents th")[heads.index("measures")]
    measures.click()
    by_measures = tables["measures"].groupby("doc_id").size().reindex(docs["doc_id"], fill_value=0)
    assert browser.execute_script(INDEX_ROWS) == list(by_measures.sort_values(kind="stable").index)
    measures.click()
    assert browser.execute_script(INDEX_ROWS)[0] == by_measures.idxmax()
    Select(browser.find_element("id", "filter-language")).select_by_visible_text("zh")
    assert sorted(browser.execute_script(INDEX_ROWS)) == sorted(docs.loc[docs["language"] == "zh", "doc_id"])
    assert browser.find_element("id", "shown").text == f"2 of {len(docs)} documents"
    title = docs.set_index("doc_id").at[_doc(tables, "zh", 2027), "plan_title"]
    browser.find_element("id", "filter").send_keys(title)
    assert browser.execute_script(INDEX_ROWS) == [_doc(tables, "zh", 2027)]
    Select(browser.find_element("id", "filter-status")).select_by_visible_text("success")
    assert browser.execute_script(INDEX_ROWS) == [_doc(tables, "zh", 2027)]
    assert _errors(browser) == []


PAYLOAD = '</script><img src=x onerror="window.__pwned=1">'


def test_text_from_documents_stays_text_in_the_panel_and_the_search(browser, report, tmp_path):
    """Untrusted text (a document's words, a mention's surface, a finding's message) shown by the panel and
    found by the search is never run as HTML."""
    tables, _ = report
    doc_id = _doc(tables, "en", 2014)
    changed = dict(tables)
    measure = _middle_measure(tables, doc_id)
    docs = tables["documents"].copy()
    i = docs.index[docs["doc_id"] == doc_id][0]
    text, at = docs.at[i, "text"], int(measure.char_start) + 3
    docs.at[i, "text"] = text[:at] + PAYLOAD + text[at + len(PAYLOAD) :]  # the same length: offsets hold
    docs.at[i, "issuer"] = PAYLOAD
    changed["documents"] = docs
    measures = tables["measures"].copy()
    measures.loc[measures["measure_id"] == measure.measure_id, "text"] = PAYLOAD
    changed["measures"] = measures
    mentions = tables["agency_mentions"].copy()
    mentions.loc[mentions["measure_id"] == measure.measure_id, "surface"] = PAYLOAD
    changed["agency_mentions"] = mentions
    render_report(changed, tmp_path, [doc_id])
    _open(browser, tmp_path, doc_id, measure.measure_id)
    panel = browser.find_element("id", "panel").text
    assert PAYLOAD in panel
    found = _search(browser, PAYLOAD)
    assert found["status"] == "1 of 1" and found["hit"]["text"] == PAYLOAD
    browser.find_element("css selector", "#panel .mentions [data-go]").click()
    assert browser.execute_script("return [window.__pwned, document.querySelectorAll('img').length];") == [None, 0]
    browser.get((tmp_path / "index.html").as_uri())
    assert PAYLOAD in browser.find_element("id", "documents").text
    assert browser.execute_script("return [window.__pwned, document.querySelectorAll('img').length];") == [None, 0]
    assert _errors(browser) == []
