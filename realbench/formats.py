#!/usr/bin/env python3
"""Run the real benchmark's documents in other forms and compare: same identity and units whatever the form?

usage: formats.py [--work DIR] [--formats NAME,...] [--only WORD ...] [--real] [--out JSON]

1. Rebuilds the benchmark texts from the mirrors (``rebuild.py``) into ``WORK/original``.
2. The *plain* text of each document is what the pipeline reads from it (the decoded file for a text file, the
   article text for a saved page); it is written as UTF-8 (``WORK/plain``) and rendered as
   ``gbk`` (GBK, or GB18030 when a character is outside GBK), ``utf16`` (UTF-16 with a byte-order mark),
   ``utf8bom_crlf`` (UTF-8 with a byte-order mark and CRLF line ends), ``big5`` (only the documents Big5 can
   encode as they are), ``big5_trad`` (the text turned into traditional characters by zhconv, in Big5; its
   tables are turned back into simplified ones before they are compared), ``html_govcn`` (a saved page shaped like a gov.cn policy page: header, search box,
   navigation, breadcrumb, the 索引号/发文机关/成文日期/标题/发文字号 table, headline, info line, body in
   ``<p>``, share buttons, 打印本页/关闭窗口, related links, footer with 网站标识码 and ICP number),
   ``html_province`` (a table-laid provincial page saved by a browser, declared GB2312, bytes GB18030),
   ``docx`` (python-docx) and ``pdf`` (reportlab, the built-in STSong-Light CID font, page numbers in the
   footer). English documents get an English page without the metadata table.
3. Runs the pipeline once per form on all its files (``PROJECT/.venv/bin/policy-pipeline run ... -q``), loads
   the tables once, and scores every document with the team's scorer (``score_real.score_doc``; the run and the
   loading are replayed from the batch instead of one process per document).
4. Prints, per form and field, how many documents give the same value as the plain text and how many are right
   against the gold; ``--out`` writes the per-document differences as JSON (third-party text: keep it out of git).

``--real`` also scores the real copies in other forms that the mirrors hold (:data:`REAL_COPIES`: a document of
the benchmark as its publisher's PDF), against the same gold.

Nothing here is committed but this script: the documents and their renderings stay under WORK (a temporary
folder by default).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType, SimpleNamespace

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SCORER = Path(os.environ.get("SCORER", PROJECT.parent.parent / "shared/realbench/score_real.py"))
FIELDS = ("title", "doc_number", "issuer", "issue_date", "year")
FORMATS = ("gbk", "utf16", "utf8bom_crlf", "big5", "big5_trad", "html_govcn", "html_province", "docx", "pdf")
# Real copies of benchmark documents in another form: (gold file, repo, path, suffix).
REAL_COPIES = (
    ("zh_gov_ndrc_sat_geshui_xinyong_2019.json", "RuilinXu/GovDoc-CN", "GovDoc-CN_Sample/397/397.pdf", ".pdf"),
    (
        "zh_gov_shichang_zhuti_tiaoli_2021.json",
        "LawRefBook/Laws",
        "行政法规/市场主体登记管理条例(2021-07-27).md",
        ".md",
    ),
    (
        "zh_txt_state_council_real_name_deposit_2000.json",
        "LawRefBook/Laws",
        "行政法规/个人存款账户实名制规定(2000-03-20).md",
        ".md",
    ),
)


def load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- plain text


def plain_text(path: Path) -> tuple[str, str]:
    """(text for the text renderings, text for the page renderings): a text file's decoded text (markup kept)
    and its text without markup; for other files, the text the pipeline's reader gives, twice."""
    from pipeline.ingest import detect_format, ingest
    from pipeline.ingest.text import decode

    source = ingest(path)
    if detect_format(path) == "txt":
        raw = decode(path.read_bytes())[0].replace("\r\n", "\n").replace("\r", "\n")
        return raw.lstrip("\ufeff"), source.text
    return source.text, source.text


MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
COMMENT_LINE = re.compile(r"^<!--.*-->$")


def paragraphs(text: str) -> list[str]:
    """The lines of a text as paragraphs of a page, without a Markdown file's heading marks and comments."""
    lines = (MARKDOWN_HEADING.sub("", line.strip()) for line in text.split("\n"))
    return [line for line in lines if line and not COMMENT_LINE.match(line)]


CELL_MAX = 120  # a longer "cell" is a paragraph with a bar in it
COLUMNS_MAX = 8  # a line of more cells is a table flattened into one line: kept as a paragraph


TABLES = {"on": False}  # --tables: lines of cells rendered as tables (see blocks)


def blocks(paras: list[str]) -> list[str | list[list[str]]]:
    """Paragraphs; with ``--tables``, runs of table rows (cells joined by ``|``, as the readers give a table of
    numbered rows) as tables. Off by default: the original table's spans and caption rows are lost in those lines,
    so a table rebuilt from them is not the document's table."""
    out: list[str | list[list[str]]] = []
    for p in paras:
        row = p.split("|")
        if TABLES["on"] and 1 < len(row) <= COLUMNS_MAX and max(map(len, row)) < CELL_MAX:
            if out and isinstance(out[-1], list):
                out[-1].append(row)
            else:
                out.append([row])
        else:
            out.append(p)
    return out


def padded(rows: list[list[str]]) -> list[list[str]]:
    width = max(map(len, rows))
    return [row + [""] * (width - len(row)) for row in rows]


# ---------------------------------------------------------------- renderings


def encode_gbk(text: str) -> bytes:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")


def to_traditional(text: str) -> str:
    """Taiwan's standard forms (為, 眾, 著), which Big5 encodes; 〇 as Big5 copies print it (○)."""
    import zhconv

    return zhconv.convert(text, "zh-tw").replace("〇", "○")


def to_simplified(text: str) -> str:
    """Han characters simplified one for one, so the offsets in the tables still point at the same characters."""
    from pipeline.segment.script import simplified_copy

    return simplified_copy(text)


def encode_big5(text: str) -> bytes | None:
    try:
        return text.encode("cp950")
    except UnicodeEncodeError:
        return None


def cn_date(iso: str | None, style: str) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{y}年{m}月{d}日" if style == "cn" else iso


def html_body(paras: list[str], shape: str) -> str:
    out = []
    for b in blocks(paras):
        if isinstance(b, str):
            out.append(shape.format(html.escape(b)))
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in padded(b))
            out.append(f'<table border="1" cellspacing="0">\n{rows}</table>')
    return "\n".join(out)


def govcn_page(paras: list[str], doc: dict, charset: str = "utf-8") -> str:
    """A policy page shaped like gov.cn's: div layout, the metadata table above the article."""
    e = html.escape
    title, issuer = doc.get("title") or "", "、".join(doc.get("issuer") or [])
    body = html_body(paras, '<p style="text-indent: 2em;">{}</p>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<meta name="ArticleTitle" content="{e(title)}"><meta name="ContentSource" content="{e(issuer)}">
<title>{e(title)}_政策文件_中国政府网</title>
<link rel="stylesheet" href="/css/common.css"><script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; window.pageId = "content_0001";</script></head>
<body>
<div class="header"><div class="topbar"><a href="/">中国政府网</a> | <a href="#">无障碍</a> | <a href="#">长者模式</a>
 | <a href="#">繁体</a> | <a href="#">English</a> | <a href="#">登录</a></div>
<div class="logo"><img src="/images/logo.png" alt="中国政府网"></div>
<form class="search-box"><input type="text" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/yaowen/">要闻</a></li><li><a href="/zhengce/">政策</a></li>
<li><a href="/hudong/">互动</a></li><li><a href="/fuwu/">服务</a></li><li><a href="/shuju/">数据</a></li></ul></div>
<div class="BreadcrumbNav">当前位置：<a href="/">首页</a> &gt; <a href="/zhengce/">政策</a> &gt; <a href="/zhengce/zhengceku/">政策文件库</a></div>
<div class="policyLibraryOverview_header"><table class="bd1" border="0" cellspacing="1" cellpadding="0">
<tr><td><b>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</b></td><td>000014349/{(doc.get("issue_date") or "2000")[:4]}-00001</td>
<td><b>主题分类：</b></td><td>综合政务\\其他</td></tr>
<tr><td><b>发文机关：</b></td><td>{e(issuer)}</td><td><b>成文日期：</b></td><td>{cn_date(doc.get("issue_date"), "cn")}</td></tr>
<tr><td><b>标&nbsp;&nbsp;&nbsp;&nbsp;题：</b></td><td colspan="3">{e(title)}</td></tr>
<tr><td><b>发文字号：</b></td><td>{e(doc.get("doc_number") or "")}</td><td><b>发布日期：</b></td><td>{cn_date(doc.get("issue_date"), "cn")}</td></tr>
</table></div>
<div class="article oneColumn pub_border">
<h1>{e(title)}</h1>
<div class="pages-date">{doc.get("issue_date") or ""} 17:05 来源：中国政府网 <span class="font">字号：<a>默认</a> <a>大</a> <a>超大</a></span>
 | <a href="javascript:window.print()">打印</a> | <a class="bdsharebuttonbox">分享</a></div>
<div class="pages_content" id="UCAP-CONTENT">
{body}
</div>
<div class="editor">【我要纠错】 责任编辑：张三</div>
<div class="share-box">分享到：<a class="bds_weixin">微信</a> <a class="bds_tsina">微博</a> <a class="bds_qzone">QQ空间</a></div>
<div class="btn-box"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关稿件</h3><ul><li><a href="/a.htm">政策解读：图解相关政策</a></li>
<li><a href="/b.htm">国务院常务会议部署相关工作</a></li></ul></div>
</div>
<div class="footer"><p><a href="#">网站说明</a> | <a href="#">网站地图</a> | <a href="#">联系我们</a></p>
<p>版权所有：中国政府网 | 中文域名：中国政府网.政务</p>
<p>网站标识码bm01000001 京ICP备05070218号 京公网安备11010202000001号</p></div>
</body></html>
"""


def province_page(paras: list[str], doc: dict) -> str:
    """A provincial government page laid out in tables, saved by a browser, declared GB2312."""
    e = html.escape
    title, issuer = doc.get("title") or "", " ".join(doc.get("issuer") or [])
    body = html_body(paras, "<p>&nbsp;&nbsp;&nbsp;&nbsp;{}</p>")
    return f"""<!-- saved from url=(0052)http://www.example.gov.cn/zwgk/wjk/content_1234.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{e(title)}</title><style>.xxgk td {{ border: 1px solid #ccc; }}</style></head>
<body><table width="1000" align="center"><tr><td><img src="top.jpg" alt="某某省人民政府门户网站"></td></tr>
<tr><td class="daohang"><a href="/">网站首页</a> <a href="/zwgk/">政务公开</a> <a href="/zwfw/">政务服务</a>
<a href="/hdjl/">互动交流</a> <a href="/zjxx/">走进本省</a></td></tr></table>
<table width="1000" align="center"><tr><td class="dqwz">您现在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a>规范性文件</a></td></tr></table>
<table width="1000" align="center" class="xxgk">
<tr><td>索引号：</td><td>11000000000000000X/{(doc.get("issue_date") or "2000")[:4]}-00088</td><td>分类：</td><td>规范性文件</td></tr>
<tr><td>发布机构：</td><td>{e(issuer)}</td><td>发文日期：</td><td>{cn_date(doc.get("issue_date"), "iso")}</td></tr>
<tr><td>名称：</td><td colspan="3">{e(title)}</td></tr>
<tr><td>文号：</td><td>{e(doc.get("doc_number") or "")}</td><td>主题词：</td><td></td></tr>
</table>
<table width="1000" align="center"><tr><td align="center" class="bt"><strong>{e(title)}</strong></td></tr>
<tr><td align="center">发布时间：{cn_date(doc.get("issue_date"), "iso")}&nbsp;&nbsp;来源：省政府办公厅&nbsp;&nbsp;浏览次数：1024
&nbsp;&nbsp;【字体：<a>大</a> <a>中</a> <a>小</a>】</td></tr>
<tr><td class="zw">
{body}
</td></tr>
<tr><td align="right"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
</table>
<table width="1000" align="center"><tr><td align="center">主办单位：某某省人民政府办公厅&nbsp;&nbsp;承办单位：某某省大数据中心<br>
网站标识码：1100000001&nbsp;&nbsp;ICP备案号：某ICP备05001234号&nbsp;&nbsp;某公网安备 11000002000001号<br>
建议使用1280×1024分辨率浏览</td></tr></table>
</body></html>
"""


def english_page(paras: list[str], doc: dict) -> str:
    e = html.escape
    body = html_body(paras, "<p>{}</p>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(doc.get("title") or "")} | Translations</title></head>
<body><header><nav><a href="/">Home</a> <a href="/translations/">Translations</a> <a href="/about/">About</a></nav></header>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/translations/">Translations</a></div>
<main><article><div class="meta">Published: {doc.get("issue_date") or "2020-01-01"} | Source: translation desk | Print</div>
<div class="entry-content">
{body}
</div>
<div class="share">Share on: <a>Twitter</a> <a>LinkedIn</a> <a>Email</a></div>
</article></main>
<footer><p>© 2025 Example Translations. All rights reserved.</p></footer></body></html>
"""


def write_docx(paras: list[str], path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    for i, text in enumerate(blocks(paras)):
        if isinstance(text, list):
            rows = padded(text)
            grid = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
            continue
        p = document.add_paragraph()
        run = p.add_run(text)
        if i == 0:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(22)
        else:
            p.paragraph_format.first_line_indent = Pt(32)
            run.font.size = Pt(16)
    document.core_properties.created = datetime(2000, 1, 1)
    document.save(str(path))


def write_pdf(paras: list[str], path: Path, chinese: bool) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    font = "Times-Roman"
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    size = 16 if chinese else 12
    wrap = "CJK" if chinese else None  # Chinese lines break anywhere, not only at spaces
    body = ParagraphStyle(
        "body", fontName=font, fontSize=size, leading=size * 1.75, firstLineIndent=2 * size, wordWrap=wrap
    )
    head = ParagraphStyle(
        "head", fontName=font, fontSize=size + 6, leading=(size + 6) * 1.5, alignment=TA_CENTER, wordWrap=wrap
    )

    def footer(canvas, doc) -> None:
        canvas.setFont("Times-Roman", 11)
        canvas.drawCentredString(A4[0] / 2, 40, f"— {doc.page} —")

    cell = ParagraphStyle("cell", fontName=font, fontSize=size - 4, leading=(size - 4) * 1.4, wordWrap=wrap)
    flow = []
    for i, b in enumerate(blocks(paras)):
        if isinstance(b, str):
            flow.append(Paragraph(html.escape(b), head if i == 0 else body))
        else:
            rows = [[Paragraph(html.escape(c), cell) for c in row] for row in padded(b)]
            widths = [(A4[0] - 2 * inch) / len(rows[0])] * len(rows[0])
            flow.append(Table(rows, colWidths=widths, style=[("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(flow, onFirstPage=footer, onLaterPages=footer)


@dataclass(frozen=True)
class Rendered:
    name: str  # file name under the form's folder
    note: str = ""  # how it was made when it matters (GB18030 instead of GBK)


def render(fmt: str, stem: str, raw: str, text: str, gold: dict, folder: Path) -> Rendered | None:
    """Write one rendering into ``folder``; None when the form cannot carry this document."""
    zh = gold.get("language") == "zh"
    paras = paragraphs(text)
    doc = gold["document"]
    if fmt == "gbk":
        data = encode_gbk(raw)
        note = "" if data == _try(raw, "gbk") else "gb18030"
        return _write(folder / f"{stem}.txt", data, note)
    if fmt == "utf16":
        return _write(folder / f"{stem}.txt", raw.encode("utf-16"))
    if fmt == "utf8bom_crlf":
        return _write(folder / f"{stem}.txt", b"\xef\xbb\xbf" + raw.replace("\n", "\r\n").encode("utf-8"))
    if fmt == "big5":
        data = encode_big5(raw) if zh else None
        return _write(folder / f"{stem}.txt", data) if data else None
    if fmt == "big5_trad":  # the text in traditional characters (zhconv), as a Taiwan or Hong Kong copy would be
        data = encode_big5(to_traditional(raw)) if zh else None
        return _write(folder / f"{stem}.txt", data) if data else None
    if fmt == "html_govcn":
        page = govcn_page(paras, doc) if zh else english_page(paras, doc)
        return _write(folder / f"{stem}.html", page.encode("utf-8"))
    if fmt == "html_province":
        if not zh:
            return None
        return _write(folder / f"{stem}.html", province_page(paras, doc).encode("gb18030"))
    if fmt == "docx":
        write_docx(paras, folder / f"{stem}.docx")
        return Rendered(f"{stem}.docx")
    if fmt == "pdf":
        write_pdf(paras, folder / f"{stem}.pdf", zh)
        return Rendered(f"{stem}.pdf")
    raise ValueError(f"unknown format {fmt!r}")


def _try(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def _write(path: Path, data: bytes, note: str = "") -> Rendered:
    path.write_bytes(data)
    return Rendered(path.name, note)


# ---------------------------------------------------------------- running and scoring


def run_batch(project: Path, files: list[Path], out: Path, loader: str) -> tuple[dict, str]:
    """Run the pipeline on all ``files`` in one process; the loaded tables (score_real's loader) and stderr."""
    cp = subprocess.run(
        [str(project / ".venv/bin/policy-pipeline"), "run", *map(str, files), "--out", str(out), "-q", "--jobs", "1"],
        capture_output=True,
        text=True,
    )
    lp = subprocess.run(
        [str(project / ".venv/bin/python"), "-c", loader, str(out)], capture_output=True, text=True, cwd=project
    )
    tables = json.loads(lp.stdout) if lp.returncode == 0 else {}
    return tables, cp.stderr


def for_file(tables: dict, name: str) -> dict:
    """The tables' rows of the document read from ``name`` (empty tables when it was refused)."""
    docs = [d for d in tables.get("documents", []) if os.path.basename(str(d.get("source_file") or "")) == name]
    ids = {d["doc_id"] for d in docs}
    out = {k: [r for r in v if r.get("doc_id") in ids] for k, v in tables.items() if k not in ("agencies", "laws")}
    out["agencies"], out["laws"] = tables.get("agencies", []), tables.get("laws", [])
    return out


def score(scorer: ModuleType, gold: dict, name: str, tables: dict, simplify: bool = False) -> dict:
    """score_real.score_doc on one document, its run and loading replayed from the batch's tables (``simplify``:
    their text in simplified characters, for a rendering in traditional ones)."""
    mine = for_file(tables, name)
    if simplify:
        mine = json.loads(to_simplified(json.dumps(mine, ensure_ascii=False)))

    def replay(cmd, **_):
        if cmd[1] == "run":
            return SimpleNamespace(returncode=0 if mine["documents"] else 1, stdout="", stderr="")
        return SimpleNamespace(returncode=0, stdout=json.dumps(mine, ensure_ascii=False), stderr="")

    real = scorer.subprocess
    scorer.subprocess = SimpleNamespace(run=replay)
    try:
        result = scorer.score_doc({**gold, "file": name}, "/nonexistent", "/nonexistent")
    finally:
        scorer.subprocess = real
    doc = mine["documents"][0] if mine["documents"] else {}
    result["unit_list"] = [
        (scorer.normlab(u["label"]), scorer.norm(u["rest"])[:8], scorer.normlab(u["parent"] or ""))
        for u in (scorer.pipeline_units(mine, doc["doc_id"], doc.get("text") or "") if doc else [])
    ]
    return result


def same(scorer: ModuleType, a: object, b: object) -> bool:
    return scorer.norm(a) == scorer.norm(b)


def compare(scorer: ModuleType, plain: dict, got: dict) -> dict[str, bool]:
    """Which outputs of a rendering equal the plain text's."""
    out = {f: same(scorer, plain["got"].get(f), got["got"].get(f)) for f in FIELDS}
    out["addressees"] = sorted(map(scorer.norm, plain["addressees"]["got"])) == sorted(
        map(scorer.norm, got["addressees"]["got"])
    )
    out["units"] = plain["unit_list"] == got["unit_list"]
    out["status"] = plain["status"] == got["status"]
    return out


KEYS = (*FIELDS, "addressees", "units", "status")


def summarize(scorer: ModuleType, name: str, results: dict, plain: dict) -> dict:
    """Per form: documents equal to plain, and right against gold, per field; addressee and unit scores."""
    n = len(results)
    row: dict = {"form": name, "n": n, "refused": sum(r["status"] == "refused" for r in results.values())}
    sameness = {k: 0 for k in KEYS}
    for doc, r in results.items():
        for k, ok in compare(scorer, plain[doc], r).items():
            sameness[k] += ok
    row["same_as_plain"] = sameness
    row["gold"] = {f: sum(r["fields"][f] for r in results.values()) for f in FIELDS}
    for k in ("addressees", "units"):
        tp, fp, fn = (sum(r[k][x] for r in results.values()) for x in ("tp", "fp", "fn"))
        row["gold"][k] = round(scorer.prf(tp, fp, fn)[2], 3)
    row["silent_wrong"] = sum(r["silent_wrong"] for r in results.values())
    return row


def differences(scorer: ModuleType, plain: dict, results: dict) -> list[dict]:
    out = []
    for doc, r in results.items():
        for k, ok in compare(scorer, plain[doc], r).items():
            if ok:
                continue
            if k in FIELDS:
                a, b = plain[doc]["got"].get(k), r["got"].get(k)
            elif k == "addressees":
                a, b = plain[doc]["addressees"]["got"], r["addressees"]["got"]
            elif k == "units":
                pa, pb = plain[doc]["unit_list"], r["unit_list"]
                a = [u for u in pa if u not in pb][:5]
                b = [u for u in pb if u not in pa][:5]
                a, b = f"{len(pa)} units, only here: {a}", f"{len(pb)} units, only here: {b}"
            else:
                a, b = plain[doc]["status"], r["status"]
            out.append({"doc": doc, "field": k, "plain": a, "form": b})
    return out


def table(rows: list[dict]) -> str:
    cols = [*KEYS]
    head = (
        f"{'form':15} {'n':>3} {'ref':>3} "
        + " ".join(f"{c[:10]:>10}" for c in cols)
        + "   gold: "
        + " ".join(f"{c[:6]:>6}" for c in (*FIELDS, "addressees", "units"))
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        s = r["same_as_plain"]
        g = r["gold"]
        lines.append(
            f"{r['form']:15} {r['n']:>3} {r['refused']:>3} "
            + " ".join(f"{s[c]:>10}" for c in cols)
            + "         "
            + " ".join(f"{g[f]:>6}" for f in FIELDS)
            + f" {g['addressees']:>6} {g['units']:>6}"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=HERE / "gold")
    ap.add_argument("--mirrors", type=Path, default=Path(os.environ.get("MIRROR_ROOT", "/work/.mirror")))
    ap.add_argument("--project", type=Path, default=PROJECT)
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    ap.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, of {', '.join(FORMATS)}")
    ap.add_argument("--only", nargs="*", help="documents whose file name contains one of these")
    ap.add_argument("--real", action="store_true", help="also score the real copies in other forms (REAL_COPIES)")
    ap.add_argument("--out", type=Path, help="write the per-document differences as JSON")
    ap.add_argument("--tables", action="store_true", help="render lines of cells (a|b|c) as tables, not paragraphs")
    a = ap.parse_args()
    TABLES["on"] = a.tables
    if not SCORER.is_file():
        print(f"formats: scorer {SCORER} not found", file=sys.stderr)
        return 1
    sys.path.insert(0, str(a.project))
    scorer = load_module("score_real", SCORER)
    rebuild = load_module("rebuild", HERE / "rebuild.py")
    with contextlib.ExitStack() as stack:
        work = a.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="formats-")))
        report = measure(a, scorer, rebuild, work)
    print(table(report["rows"]))
    for form, diffs in report["differences"].items():
        for d in diffs:
            print(
                f"{form:15} {d['doc'][:40]:40} {d['field']:11} plain={str(d['plain'])[:60]!r} -> {str(d['form'])[:60]!r}"
            )
    for line in report["notes"]:
        print(line)
    if a.out:
        a.out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


def measure(a: argparse.Namespace, scorer: ModuleType, rebuild: ModuleType, work: Path) -> dict:
    original = work / "original"
    rebuild.rebuild(a.gold, original, a.mirrors)
    golds = {}
    for p in sorted(a.gold.glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        if (original / g["file"]).is_file() and (not a.only or any(o in g["file"] for o in a.only)):
            golds[Path(g["file"]).stem] = g
    notes: list[str] = []
    folders: dict[str, dict[str, str]] = {"original": {s: g["file"] for s, g in golds.items()}, "plain": {}}
    texts = {}
    for stem, g in golds.items():
        texts[stem] = plain_text(original / g["file"])
        (work / "plain").mkdir(parents=True, exist_ok=True)
        (work / "plain" / f"{stem}.txt").write_text(texts[stem][0], encoding="utf-8")
        folders["plain"][stem] = f"{stem}.txt"
    for fmt in [f for f in a.formats.split(",") if f]:
        folder = work / fmt
        folder.mkdir(parents=True, exist_ok=True)
        folders[fmt] = {}
        for stem, g in golds.items():
            made = render(fmt, stem, *texts[stem], g, folder)
            if made is None:
                notes.append(f"{fmt}: {stem}: not representable, skipped")
                continue
            folders[fmt][stem] = made.name
            if made.note:
                notes.append(f"{fmt}: {stem}: written as {made.note}")
    if a.real:
        folders["real"] = {}
        (work / "real").mkdir(parents=True, exist_ok=True)
        for gold_file, repo, path, suffix in REAL_COPIES:
            stem = Path(gold_file).stem
            if stem not in golds:
                continue
            git_dir = rebuild.mirror_dir(a.mirrors, repo)
            if not git_dir.is_dir():
                notes.append(f"real: {stem}: mirror of {repo} absent")
                continue
            (work / "real" / f"{stem}{suffix}").write_bytes(rebuild.read_blob(git_dir, "HEAD", path))
            folders["real"][stem] = f"{stem}{suffix}"
    results: dict[str, dict] = {}
    for form, names in folders.items():
        base = original if form == "original" else work / form
        tables, stderr = run_batch(a.project, [base / n for n in names.values()], work / "out" / form, scorer.LOADER)
        notes += [f"{form}: {line}" for line in stderr.splitlines() if line.strip()]
        simplify = form == "big5_trad"
        results[form] = {stem: score(scorer, golds[stem], name, tables, simplify) for stem, name in names.items()}
    plain = results["plain"]
    rows = [summarize(scorer, form, res, plain) for form, res in results.items()]
    diffs = {form: differences(scorer, plain, res) for form, res in results.items() if form != "plain"}
    return {"rows": rows, "differences": diffs, "notes": notes}


if __name__ == "__main__":
    sys.exit(main())
