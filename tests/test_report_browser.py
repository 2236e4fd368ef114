"""The report in a real headless browser (Debian's chromium and chromium-driver, driven by Selenium): every row
highlighted in its kind's colour, hovering shows the row, and the page logs no console errors.

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
from pipeline.export import export
from pipeline.report import render_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("chromium and chromium-driver are not installed (`make test` installs them as root with apt-get)",
                allow_module_level=True)

pytestmark = pytest.mark.browser

# (kind, table, id column); agency mentions are checked per role as well.
KINDS = [("section", "sections", "section_id"), ("goal", "goals", "goal_id"), ("measure", "measures", "measure_id"),
         ("instrument", "law_mentions", "mention_id"), ("agency", "agency_mentions", "mention_id"),
         ("target", "targets", "target_id")]


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


@pytest.fixture(scope="module")
def report(doc_2014, doc_2031, tmp_path_factory):
    tables_dir = tmp_path_factory.mktemp("tables")
    export([doc_2014, doc_2031], tables_dir)
    tables = pipeline.load(tables_dir)
    out = tmp_path_factory.mktemp("report")
    render_report(tables, out)
    return tables, out


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


@pytest.mark.parametrize("which", [0, 1], ids=["2014", "2031"])
def test_every_row_is_highlighted_and_hovering_shows_it(browser, report, which):
    tables, out = report
    doc_id = sorted(tables["documents"]["doc_id"])[which]
    browser.get((out / f"{doc_id}.html").as_uri())
    assert _errors(browser) == []
    backgrounds = {}
    for kind, table, id_col in KINDS:
        rows = tables[table][tables[table]["doc_id"] == doc_id]
        keys = browser.execute_script(
            "return [...document.querySelectorAll('#text .hl.' + arguments[0] + ':not(.cont)')]"
            ".map(e => e.getAttribute('data-key'));", kind)
        assert sorted(keys) == sorted(f"{table}:{i}" for i in rows[id_col]), kind
        if rows.empty:
            continue
        colours = browser.execute_script(
            "return [...new Set([...document.querySelectorAll('#text .hl.' + arguments[0])]"
            ".map(e => getComputedStyle(e).backgroundColor))];", kind)
        assert "rgba(0, 0, 0, 0)" not in colours, kind
        if kind != "agency":
            backgrounds[kind] = colours
        element, shown = _hover(browser, f"#text .hl.{kind}")
        row = rows[rows[id_col] == element.get_attribute("data-key").split(":", 1)[1]].iloc[0]
        assert shown["_head"] == f"{table} {row[id_col]}"
        assert shown["char_start"] == str(row["char_start"])
        if kind == "target":
            assert (shown["comparator"], shown["unit"], shown["value_min"]) == (row["comparator"], row["unit"],
                                                                               f"{row['value_min']:g}")
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
        assert browser.execute_script(
            "return document.querySelectorAll('#text .hl.agency.role-' + arguments[0] + ':not(.cont)').length;",
            role) == n, role
        if n:
            backgrounds[role] = browser.execute_script(
                "return getComputedStyle(document.querySelector('#text .hl.agency.role-' + arguments[0]))"
                ".backgroundColor;", role)
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
