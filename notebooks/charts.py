"""Helpers of the exploration notebook: a font that draws Chinese, labels that stay readable, figures of
bounded size, and the per-year tables the charts draw (so that they work on one plan or on a thousand).

Kept beside the notebook (its cells import it: Jupyter runs a notebook in its own folder) and tested in
tests/test_notebook.py.
"""

from __future__ import annotations

import importlib.util
import math
import unicodedata
from pathlib import Path

import pandas as pd

DPI = 100
MAX_PX = 1800  # no figure wider or taller than this many pixels at DPI
MAX_INCHES = MAX_PX / DPI
LANGUAGES = {"en": "English", "zh": "Chinese"}
LINEAGE_LABELS = ("continued", "revised", "new")

# Fonts with simplified Chinese, in order of preference: the one the notebook extra installs (mplfonts ships
# Noto Sans CJK SC), then system fonts a machine may have (Debian's fonts-noto-cjk or fonts-wqy-*, macOS,
# Windows).
SHIPPED_FONT = ("mplfonts", "fonts/NotoSansCJKsc-Regular.otf")
SYSTEM_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
)


def shipped_font_file() -> Path | None:
    """The Noto Sans CJK SC file of the installed font package, or None (the package is not imported:
    only its files are used)."""
    spec = importlib.util.find_spec(SHIPPED_FONT[0])
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / SHIPPED_FONT[1]
    return path if path.is_file() else None


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: register the shipped font (or find a system one) and put it first in
    the sans-serif list, DejaVu Sans after it for any glyph it lacks. Returns the family name, or None when
    no font with Chinese is found (Chinese labels would then be drawn as boxes)."""
    import matplotlib as mpl
    from matplotlib import font_manager

    family = None
    path = shipped_font_file()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        family = font_manager.FontProperties(fname=str(path)).get_name()
    else:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        family = next((name for name in SYSTEM_FONTS if name in installed), None)
    if family is not None:
        mpl.rcParams["font.family"] = "sans-serif"
        mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    return family


def figsize(width: float, height: float) -> tuple[float, float]:
    """A figure size in inches, each side capped at MAX_PX pixels at DPI."""
    return (min(max(width, 1.0), MAX_INCHES), min(max(height, 1.0), MAX_INCHES))


def subplots(nrows: int = 1, ncols: int = 1, width: float = 9, height: float = 4, **kwargs):
    """``plt.subplots`` with a capped size, the notebook's DPI and constrained layout (labels and legends
    kept inside the figure)."""
    import matplotlib.pyplot as plt

    return plt.subplots(
        nrows, ncols, figsize=figsize(width, height), dpi=DPI, layout="constrained", squeeze=False, **kwargs
    )


def display_width(text: str) -> int:
    """Columns the text takes: 2 for each wide (Chinese) character, 1 for the others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _tokens(text: str) -> list[str]:
    """Words, runs of spaces and single wide characters (Chinese breaks between any two characters)."""
    tokens: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF"
        if tokens and not wide and char.isspace() == tokens[-1].isspace() and display_width(tokens[-1][-1]) == 1:
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _cut(text: str, width: int) -> tuple[str, str]:
    """The longest head of ``text`` that fits ``width`` columns, and the rest."""
    used = 0
    for i, char in enumerate(text):
        used += display_width(char)
        if used > width:
            return text[:i], text[i:]
    return text, ""


def wrap(text: object, width: int = 30, lines: int = 2) -> str:
    """``text`` on at most ``lines`` lines of at most ``width`` columns (Chinese characters count two),
    broken between words or between Chinese characters, the last line ended by '…' when text is left out."""
    text = " ".join(str(text).split())
    out: list[str] = []
    line = ""
    for token in _tokens(text):
        if token.isspace():
            line += " " if line else ""
            continue
        if display_width(line + token) <= width:
            line += token
            continue
        if line.strip():
            out.append(line.rstrip())
        line = token
        while display_width(line) > width:
            head, line = _cut(line, width)
            out.append(head)
    if line.strip():
        out.append(line.rstrip())
    if len(out) > lines:
        last, rest = _cut(out[lines - 1], width - 1)
        if rest[:1].isalnum() and last[-1:].isalnum() and " " in last:  # not inside a word
            last = last.rsplit(" ", 1)[0]
        out = [*out[: lines - 1], last.rstrip() + "…"]
    return "\n".join(out)


def short(text: object, width: int = 30) -> str:
    """``text`` on one line of at most ``width`` columns, ended by '…' when cut."""
    return wrap(text, width, lines=1)


def top_rows(frame: pd.DataFrame | pd.Series, n: int, other: str = "others") -> pd.DataFrame:
    """The ``n`` rows with the largest totals (ties by name), the rest summed into one last row named
    '<other> (k)', k being how many rows it holds."""
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    totals = frame.sum(axis=1)
    order = sorted(frame.index, key=lambda row: (-totals[row], str(row)))
    if len(order) <= n:
        return frame.loc[order]
    rest = frame.loc[order[n:]].sum()
    return pd.concat([frame.loc[order[:n]], rest.to_frame(f"{other} ({len(order) - n})").T])


def periods(years: pd.Series, most: int = 30) -> pd.Series:
    """A label for each year: the year itself while there are at most ``most`` distinct years, otherwise
    the period of 2, 5, 10, 20, 50 ... years holding it ('2000–2004'), so a chart never has more than
    ``most`` columns."""
    known = years.dropna().astype(int)
    if known.nunique() <= most:
        return years.map(lambda y: str(int(y)) if pd.notna(y) else "no year")
    span = known.max() - known.min() + 1
    step = next(s for k in range(12) for s in (1 * 10**k, 2 * 10**k, 5 * 10**k) if math.ceil(span / s) <= most)

    def label(year: float) -> str:
        if pd.isna(year):
            return "no year"
        start = int(year) // step * step
        return f"{start}–{start + step - 1}"

    return years.map(label)


def lineage_by_year(lineage: pd.DataFrame, measures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per language and plan year: how many listed measures continue, revise or are new against the previous
    plan year (from ``measure_lineage``), and how many listed measures of the previous plan year no measure
    takes up (``dropped``). Years without a previous plan have no row."""
    columns = ["language", "year", "previous_year", *LINEAGE_LABELS, "dropped"]
    if lineage.empty:
        return pd.DataFrame(columns=columns)
    language = documents.set_index("doc_id").language.astype(str)
    rows = lineage.assign(language=lineage.doc_id.map(language))
    listed = measures[measures.status.astype(str) == "listed"].assign(
        language=lambda m: m.doc_id.map(language), year=lambda m: m.doc_id.map(documents.set_index("doc_id").year)
    )
    out = []
    for (lang, year), group in rows.groupby(["language", "year"], sort=True):
        previous_year = int(group.previous_year.iloc[0])
        previous = listed[(listed.language == lang) & (listed.year == previous_year)]
        labels = group.label.astype(str).value_counts()
        out.append(
            {
                "language": lang,
                "year": int(year),
                "previous_year": previous_year,
                **{label: int(labels.get(label, 0)) for label in LINEAGE_LABELS},
                "dropped": int((~previous.measure_id.isin(set(group.previous_measure_id))).sum()),
            }
        )
    return pd.DataFrame(out, columns=columns)


def listing(items: list[str], most: int = 10) -> str:
    """``items`` joined by commas, at most ``most`` of them, then '… and k more'."""
    shown = ", ".join(items[:most])
    return shown + (f" … and {len(items) - most} more" if len(items) > most else "")
