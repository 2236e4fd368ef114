"""The exploration notebook (notebooks/01_explore.ipynb) and its helpers (notebooks/charts.py): Chinese drawn
with a real font, labels cut to a readable width, figures of bounded size, charts over years and lineage, on
one plan or thirty of both languages."""

from __future__ import annotations

import base64
import importlib.util
import struct
import sys
import warnings

import nbformat
import pandas as pd
import pytest
from conftest import CIRCULAR_2014, FIXTURES, PLAN_2031, ROOT
from plans import write_mixed_plans

import pipeline

NOTEBOOK = ROOT / "notebooks" / "01_explore.ipynb"
MAX_SIDE = 2000  # pixels, either side of every figure


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "notebooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


charts = _module("charts")


# --- helpers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("Patent Law", 30, 2, "Patent Law"),
        (
            "Regulations on the Protection of New Varieties of Plants",
            30,
            2,
            "Regulations on the Protection\nof New Varieties of Plants",
        ),
        (
            "Regulations on the Protection of New Varieties of Plants and Animals",
            30,
            2,
            "Regulations on the Protection\nof New Varieties of Plants…",
        ),
        ("Office of the Inter-Ministerial Joint Conference", 20, 1, "Office of the…"),  # cut between words
        ("专利转化运用专项行动方案", 10, 2, "专利转化运\n用专项行…"),
        ("专利审查指南", 12, 2, "专利审查指南"),
        ("《中华人民共和国专利法实施细则》", 16, 2, "《中华人民共和国\n专利法实施细则》"),
        ("“十五五”国家知识产权保护和运用规划", 20, 1, "“十五五”国家知识产…"),  # quotes: one column
        ("Supercalifragilisticexpialidocious", 10, 3, "Supercalif\nragilistic\nexpialido…"),
        ("  spaced\n\nout  ", 30, 2, "spaced out"),
        (2031, 30, 2, "2031"),
    ],
)
def test_wrap_counts_chinese_characters_as_two_columns(text, width, lines, expected):
    wrapped = charts.wrap(text, width, lines)
    assert wrapped == expected
    assert len(wrapped.split("\n")) <= lines
    assert all(charts.display_width(line) <= width for line in wrapped.split("\n"))


@pytest.mark.parametrize(("text", "expected"), [("SIPO", 4), ("知识产权局", 10), ("《专利法》2020", 14), ("", 0)])
def test_display_width(text, expected):
    assert charts.display_width(text) == expected


def test_top_rows_keeps_the_largest_and_sums_the_others():
    frame = pd.DataFrame({"a": [5, 1, 3, 3, 0], "b": [0, 1, 1, 1, 1]}, index=["SIPO", "MOF", "SAMR", "MOJ", "CAS"])
    top = charts.top_rows(frame, 3)
    assert list(top.index) == ["SIPO", "MOJ", "SAMR", "others (2)"]  # ties by name
    assert top.loc["others (2)"].tolist() == [1, 2]
    assert top.to_numpy().sum() == frame.to_numpy().sum()
    assert list(charts.top_rows(frame, 5).index) == ["SIPO", "MOJ", "SAMR", "MOF", "CAS"]  # nothing to sum
    assert list(charts.top_rows(frame.a, 1, "other agencies").index) == ["SIPO", "other agencies (4)"]


@pytest.mark.parametrize(
    ("years", "labels"),
    [
        ([2014, 2031, 2014], ["2014", "2031", "2014"]),
        ([2000, None], ["2000", "no year"]),
        (list(range(2000, 2030)), [str(y) for y in range(2000, 2030)]),  # 30 years: one column each
        (list(range(2000, 2031)), None),  # 31 years: periods of two years
        (list(range(2000, 2500)), None),  # 500 years: periods of twenty years
    ],
)
def test_periods_never_give_more_than_thirty_columns(years, labels):
    got = charts.periods(pd.Series(years, dtype="Int64"))
    if labels is not None:
        assert list(got) == labels
    assert got.nunique() <= 30
    in_order = [got.iloc[i] for i in sorted(range(len(years)), key=lambda i: (years[i] is None, years[i] or 0))]
    assert in_order == sorted(in_order, key=lambda p: (p == "no year", p))  # periods keep the years' order


def test_periods_name_their_span():
    got = charts.periods(pd.Series(range(2000, 2031)))
    assert got.iloc[0] == "2000–2001" and got.iloc[-1] == "2030–2031" and got.nunique() == 16


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(9, 4, (9, 4)), (40, 3, (charts.MAX_INCHES, 3)), (5, 200, (5, charts.MAX_INCHES)), (0.2, 0, (1, 1))],
)
def test_figsize_is_capped(width, height, expected):
    assert charts.figsize(width, height) == expected
    assert all(side * charts.DPI < MAX_SIDE for side in charts.figsize(width, height))


def test_lineage_by_year_counts_labels_and_dropped_measures():
    documents = pd.DataFrame(
        {"doc_id": ["e1", "e2", "z1", "z2"], "year": [2030, 2031, 2030, 2031], "language": ["en", "en", "zh", "zh"]}
    )
    measures = pd.DataFrame(
        {
            "doc_id": ["e1", "e1", "e1", "e1", "e2", "e2", "z1", "z2"],
            "measure_id": ["e1/1", "e1/2", "e1/3", "e1/4", "e2/1", "e2/2", "z1/1", "z2/1"],
            "status": ["listed", "listed", "listed", "omitted", "listed", "listed", "listed", "listed"],
        }
    )
    lineage = pd.DataFrame(
        {
            "doc_id": ["e2", "e2", "z2"],
            "measure_id": ["e2/1", "e2/2", "z2/1"],
            "year": [2031, 2031, 2031],
            "previous_doc_id": ["e1", "e1", "z1"],
            "previous_measure_id": ["e1/1", "e1/1", "z1/1"],
            "previous_year": [2030, 2030, 2030],
            "label": ["continued", "revised", "new"],
        }
    )
    flow = charts.lineage_by_year(lineage, measures, documents)
    assert flow.to_dict("records") == [
        # e1/2 and e1/3 taken up by no measure (e1/4 was omitted, not listed)
        {"language": "en", "year": 2031, "previous_year": 2030, "continued": 1, "revised": 1, "new": 0, "dropped": 2},
        {"language": "zh", "year": 2031, "previous_year": 2030, "continued": 0, "revised": 0, "new": 1, "dropped": 0},
    ]
    assert charts.lineage_by_year(lineage.iloc[:0], measures, documents).empty


def test_listing_stops_after_ten():
    assert charts.listing(["a", "b"]) == "a, b"
    assert charts.listing([str(i) for i in range(12)], 10) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 … and 2 more"


def test_the_shipped_font_draws_chinese_without_missing_glyphs(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    assert charts.shipped_font_file() is not None, "the notebook extra (mplfonts) is not installed"
    with matplotlib.rc_context():
        assert charts.use_cjk_font() == "Noto Sans CJK SC"
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
            fig, axes = charts.subplots(width=4, height=2)
            axes[0, 0].barh(["知识产权局", "市场监管总局（SAMR）"], [3, 4])
            axes[0, 0].set_title("《中华人民共和国专利法》 — Patent Law, 2031")
            fig.savefig(tmp_path / "zh.png")
        matplotlib.pyplot.close(fig)


def test_without_a_chinese_font_the_notebook_says_so(monkeypatch):
    import matplotlib

    monkeypatch.setattr(charts.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(charts, "SYSTEM_FONTS", ("No Such Font",))
    with matplotlib.rc_context():
        before = list(matplotlib.rcParams["font.sans-serif"])
        assert charts.use_cjk_font() is None
        assert matplotlib.rcParams["font.sans-serif"] == before


# --- the notebook run -----------------------------------------------------------------------------------------


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def _run_notebook(data_dir, output) -> tuple[list[tuple[int, int]], str, str]:
    """The executed notebook's figures (width, height in pixels), its text and what it wrote to stderr."""
    nb = _module("execute").execute(NOTEBOOK, output, data_dir=data_dir)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    sizes = []
    for o in outputs:
        if "image/png" in o.get("data", {}):
            png = base64.b64decode(o["data"]["image/png"])
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            sizes.append(struct.unpack(">II", png[16:24]))
    text = "\n".join(
        [o.get("text", "") for o in outputs if o.get("name") != "stderr"]
        + [o.get("data", {}).get("text/plain", "") for o in outputs]
    )
    stderr = "\n".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    return sizes, text, stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plans", "images", "says"),
    [
        # one plan: years, sections, agencies by role, instruments (two charts); no responsibility notes (no heat
        # map), no lineage and nothing to compare over years
        (
            ["2014"],
            5,
            [
                "1 plan(s)",
                "0 of 1 plan(s) print responsibility notes",
                "One plan year loaded",
                "No lineage",
                "Raising the Effectiveness of IP Protection",
            ],
        ),
        # four plans, two of them from 2031: counted together in 2031, apart in the tables (labelled by doc_id)
        (
            ["2014", "2020", "2031", "2031 No. 8"],
            8,
            [
                "3 of 4 plan(s) print responsibility notes: 2020, 2031-gzhlb-7, 2031-gzhlb-8",
                "2031-gzhlb-8",
                "Strengthening Intellectual Property Protection",
                "continued",
            ],
        ),
    ],
)
def test_notebook_runs_on_one_plan_or_several(tmp_path, plans, images, says):
    second_2031 = tmp_path / "plan_2031_no8.txt"
    second_2031.write_text(
        PLAN_2031.read_text(encoding="utf-8").replace("[2031] No. 7", "[2031] No. 8"), encoding="utf-8"
    )
    files = {
        "2014": CIRCULAR_2014,
        "2020": FIXTURES / "plan_2020_style.txt",
        "2031": PLAN_2031,
        "2031 No. 8": second_2031,
    }
    out = tmp_path / "tables"
    assert pipeline.run([files[p] for p in plans], out, jobs=1).ok
    sizes, text, stderr = _run_notebook(out, tmp_path / "executed.ipynb")
    assert len(sizes) == images
    for words in says:
        assert words in text
    assert stderr == ""


@pytest.mark.slow
def test_notebook_on_thirty_plans_of_both_languages(tmp_path):
    """15 Chinese and 15 English plans of 2000-2014: no glyph missing, no warning at all, every figure under
    2,000 pixels a side, charts over years and lineage drawn."""
    out = tmp_path / "tables"
    assert pipeline.run(write_mixed_plans(tmp_path / "raw", 30), out, jobs=2).ok
    sizes, text, stderr = _run_notebook(out, tmp_path / "executed.ipynb")
    assert "missing from font" not in stderr
    assert stderr == ""
    assert "Chinese drawn with Noto Sans CJK SC" in text
    assert "30 plan(s)" in text and "Chinese: 15 plan(s), 2000–2014; English: 15 plan(s), 2000–2014" in text
    # years, sections, responsible heat maps, roles, instruments by year and most named, lineage, compared
    assert len(sizes) == 8
    assert all(w < MAX_SIDE and h < MAX_SIDE for w, h in sizes), sizes
    assert "dropped" in text and "continued" in text
