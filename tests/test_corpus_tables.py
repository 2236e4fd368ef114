"""Corpus-wide tables computed from what a commit can change: the columns kept under .pipeline/corpus/, the
lineage's own TF-IDF (the figures scikit-learn's vectorizer gives), and the typed worker result."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from conftest import FIXTURES
from plans import language_variant, write_plans

from pipeline import corpus_tables, store
from pipeline.corpus import DocumentFailed, DocumentResult, run, work
from pipeline.lineage import _Vocabulary, _Year, english_stop_words, normalize, terms, text_similarity
from pipeline.tables import CORPUS_TABLES, DOCUMENT_TABLES

EN = [
    normalize(t)
    for t in (
        "Strengthen the protection of patents and trademarks in 2031",
        "Revise the Patent Law and the Trademark Law, reaching 50% by 2032",
        "Carry out the special action against online piracy (Sword Net 2033)",
        "Expand the pledge financing of patents for small enterprises",
        "the of and",  # stop words only: no term
        "Improve the review of trademarks; improve the review of patents",
    )
]
ZH = [
    normalize(t)
    for t in (
        "加强专利保护，完善商标审查",
        "修订《专利法》，到2030年达到50%",
        "开展打击网络侵权盗版专项行动",
        "扩大专利质押融资",
        "加强 专利  保护",
        "好",
    )
]


def test_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert english_stop_words() == frozenset(ENGLISH_STOP_WORDS)


@pytest.mark.parametrize("language, texts", [("en", EN), ("zh", ZH)])
def test_terms_are_the_vectorizers(language, texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = (
        TfidfVectorizer(analyzer="char", ngram_range=(2, 2))
        if language == "zh"
        else TfidfVectorizer(token_pattern=r"(?u)\b\w+\b|#", stop_words="english")
    )
    analyze = vectorizer.build_analyzer()
    assert [terms(t, language) for t in texts] == [analyze(t) for t in texts]


@pytest.mark.parametrize("language, texts, split", [("en", EN, 2), ("en", EN, 5), ("zh", ZH, 3), ("zh", ZH, 1)])
def test_year_matrices_give_the_vectorizers_similarities(language, texts, split):
    """One plan year's matrices against another's: the cosines of TF-IDF vectors fitted on both lists."""
    by_doc = {
        "now": [(f"now/m{i}", t) for i, t in enumerate(texts[:split])],
        "before": [(f"before/m{i}", t) for i, t in enumerate(texts[split:])],
    }
    vocabulary = _Vocabulary({}, {})
    before = _Year(2030, ["before"], by_doc, vocabulary, language)  # numbered first: other column numbers
    now = _Year(2031, ["now"], by_doc, vocabulary, language)
    found = before.text_similarity(now.counts)
    expected = text_similarity(texts[:split], texts[split:], language)
    assert found.shape == expected.shape
    np.testing.assert_allclose(found, expected, rtol=0, atol=1e-12)
    assert (np.round(found, 3) == np.round(expected, 3)).all()


def test_a_failed_document_is_a_typed_failure_and_a_plan_a_typed_result(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert isinstance(work(str(empty)), DocumentFailed)
    plan = tmp_path / "plan.txt"
    plan.write_text(language_variant("en", 3), encoding="utf-8")
    result = work(str(plan))
    assert isinstance(result, DocumentResult) and set(result.fragments) == set(DOCUMENT_TABLES)
    assert all(data.startswith(b"PAR1") for data in result.fragments.values())


def _concatenated(out, name, columns):
    manifest = store.read_manifest(out)
    return pa.concat_tables(
        [
            pa.Table.from_pandas(
                pd.read_parquet(store.table_dir(out, name) / f"{e.key}.parquet", columns=columns), preserve_index=False
            )
            for e in manifest.documents
        ]
    )


@pytest.mark.slow
def test_kept_columns_follow_the_live_documents(tmp_path):
    """The copy under .pipeline/corpus/ holds exactly the live documents after plans are added and removed, in
    manifest order, and a damaged copy is made again."""
    folder, out = tmp_path / "in", tmp_path / "out"
    paths = write_plans(folder, 3)
    assert run([folder], out, jobs=1).ok
    write_plans(folder, 1, start=7)
    paths[1].unlink()
    assert run([folder], out, jobs=1, prune=True).ok
    columns = ["doc_id", "measure_id", "status"]
    manifest = store.read_manifest(out)
    kept = corpus_tables.gathered(out, manifest, "measures", columns)
    assert kept.to_pandas().equals(_concatenated(out, "measures", columns).to_pandas())
    assert sorted(set(kept.column("doc_id").to_pylist())) == sorted(e.doc_id for e in manifest.documents)
    for copy in (out / store.STATE / "corpus").glob("measures-*.parquet"):
        copy.write_bytes(b"damaged")
    again = corpus_tables.gathered(out, manifest, "measures", columns)
    assert again.to_pandas().equals(kept.to_pandas())


@pytest.mark.slow
def test_lineage_fixture_tables_do_not_depend_on_what_was_kept(tmp_path):
    """The same tables whether the commit read every fragment or the kept columns and years."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert run([FIXTURES / "lineage" / "plan_2032.txt"], first, jobs=1).ok
    assert run([FIXTURES / "lineage"], first, jobs=1).ok  # 2033 added: kept columns of 2032 reused
    assert run([FIXTURES / "lineage"], second, jobs=1).ok
    for name in CORPUS_TABLES:
        files = [sorted(p.read_bytes() for p in store.table_dir(o, name).iterdir()) for o in (first, second)]
        assert files[0] == files[1], name


@pytest.mark.slow
def test_links_do_not_depend_on_what_was_kept(tmp_path):
    """document_links, measure_links and the findings across documents are the same whether the commit made
    every profile and pair or took the kept ones (plans added, then one pruned), and a damaged state is made
    again."""
    import pyarrow.parquet as pq
    from plans import write_mixed_plans

    folder, first, second = tmp_path / "in", tmp_path / "first", tmp_path / "second"
    paths = write_mixed_plans(folder, 8)
    assert run(paths[:5], first, jobs=1).ok
    assert run([folder], first, jobs=1).ok
    paths[2].unlink()
    assert run([folder], first, jobs=1, prune=True).ok
    assert run([folder], second, jobs=1).ok
    names = ("document_links", "measure_links", "quality", "measure_lineage")
    assert store.read_table(first, "document_links").num_rows > 0

    def files(out):
        return {n: sorted(p.read_bytes() for p in store.table_dir(out, n).iterdir()) for n in names}

    assert files(first) == files(second)
    manifest = store.read_manifest(first)
    (state,) = (first / store.STATE / "corpus").glob("links-*.json")
    kept = json.loads(state.read_text(encoding="utf-8"))
    assert kept["profiles"] and kept["pairs"]
    shapes = {"profiles": dict.fromkeys(kept["profiles"], {}), "pairs": dict.fromkeys(kept["pairs"], "x")}
    for damaged in ("{damaged", json.dumps(shapes)):
        state.write_text(damaged, encoding="utf-8")
        again = corpus_tables.derived_tables(first, manifest)
        for name in ("document_links", "measure_links", "quality"):  # quality: its fragment of cross findings
            committed = pq.read_table(store.table_dir(first, name) / manifest.corpus[name])
            assert again[name].equals(committed), name


@pytest.mark.slow
def test_lineage_is_written_in_row_groups_of_the_same_rows(tmp_path, monkeypatch):
    """measure_lineage streamed from the kept years, ROW_GROUP rows at a time: the file a single write gives
    when the table is smaller, the same rows in the same order when it is larger."""
    out = tmp_path / "out"
    assert run([FIXTURES / "lineage"], out, jobs=1).ok
    manifest = store.read_manifest(out)
    committed = store.read_table(out, "measure_lineage", manifest)
    assert committed.num_rows > 7
    assert corpus_tables.lineage_parquet(out, manifest) == (out / manifest.files()["measure_lineage"][0]).read_bytes()
    monkeypatch.setattr(corpus_tables, "ROW_GROUP", 7)
    import pyarrow.parquet as pq

    data = corpus_tables.lineage_parquet(out, manifest)
    assert pq.ParquetFile(pa.BufferReader(data)).num_row_groups == -(-committed.num_rows // 7)
    assert pq.read_table(pa.BufferReader(data)).equals(committed)


def test_a_file_rewritten_in_place_is_read_again(tmp_path, monkeypatch):
    """Fragments whose status is the one recorded when they last matched are not read; one rewritten since, to
    the same size and modification time, is (its change time moved)."""
    import os
    import time

    folder, out = tmp_path / "in", tmp_path / "out"
    write_plans(folder, 1)
    assert run([folder], out, jobs=1).ok
    (entry,) = store.read_manifest(out).documents
    real = store.matches

    def unread(path, expected):
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(store, "matches", unread)
    assert store.damaged_fragments(out, entry, store.Verified(out)) == []  # recorded by the commit
    monkeypatch.setattr(store, "matches", real)
    fragment = store.table_dir(out, "measures") / f"{entry.key}.parquet"
    st = fragment.stat()
    data = fragment.read_bytes()
    time.sleep(0.01)
    fragment.write_bytes(data[:-9] + bytes(b ^ 1 for b in data[-9:-8]) + data[-8:])  # same size, one byte
    os.utime(fragment, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert store.damaged_fragments(out, entry, store.Verified(out)) == [f"measures.parquet/{entry.key}.parquet"]


def _pairs(*sizes: tuple[int, int]) -> list[corpus_tables.YearPair]:
    return [
        corpus_tables.YearPair(store.Path(f"{i}.parquet"), "b", ("k",) * prev, {f"d{j}": "k" for j in range(own)})
        for i, (prev, own) in enumerate(sizes)
    ]


@pytest.mark.parametrize(
    "sizes, parts, expected",
    [
        ([(1, 1)] * 6, 1, [6]),  # one job: one run
        ([(1, 1)] * 6, 2, [3, 3]),  # equal years: halves
        ([(1, 1)] * 7, 2, [4, 3]),
        ([(9, 9), (1, 1), (1, 1), (1, 1)], 2, [1, 3]),  # a large year alone
        ([(1, 1)], 2, [1]),  # one year: one run
        ([], 2, []),  # nothing to compute
        ([(1, 1)] * 3, 8, [1, 1, 1]),  # never more runs than years
    ],
)
def test_lineage_years_split_in_runs_of_consecutive_years(sizes, parts, expected):
    pairs = _pairs(*sizes)
    runs = corpus_tables._split(pairs, parts)
    assert [len(r) for r in runs] == expected
    assert [p for r in runs for p in r] == pairs  # consecutive, in order, all of them


@pytest.mark.slow
def test_lineage_computed_in_processes_is_the_lineage_of_one(tmp_path, monkeypatch):
    """Eight plan years (seven years of lineage) computed by two processes give the file one process gives."""
    from bench import write_series

    from pipeline import executors

    out = tmp_path / "out"
    assert run([write_series(tmp_path / "in", 16, per_year=2)], out, jobs=1).ok
    manifest = store.read_manifest(out)
    committed = (out / manifest.files()["measure_lineage"][0]).read_bytes()
    pools = []
    real_pool = executors.process_pool
    monkeypatch.setattr(executors, "process_pool", lambda n: pools.append(n) or real_pool(n))
    for kept in (out / store.STATE / "lineage").iterdir():
        kept.unlink()
    assert corpus_tables.lineage_parquet(out, manifest, jobs=2) == committed
    assert pools == [2]
    executors.stop_helper_processes()
