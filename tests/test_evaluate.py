"""Evaluation: metric arithmetic, both gold formats, question-file errors, the eval command."""

from __future__ import annotations

import io
import json
import math

import pytest
from rich.console import Console

from askdocker.baselines import BM25Baseline, TfidfBaseline, simple_tokens
from askdocker.cli import main
from askdocker.evaluate import (
    METRICS,
    Question,
    QuestionFileError,
    check_thresholds,
    evaluate,
    ndcg,
    parse_minimums,
    read_questions,
)
from askdocker.models import Passage

NOTES = """# Ports

- 映射端口：docker run -p 8080:80 nginx
- 随机端口：docker run -P nginx

# Exit

- 退出容器不停止：ctrl+p+q
"""


def P(pid: str, text: str, source: str = "a.md", start: int = 1, end: int | None = None) -> Passage:
    return Passage(id=pid, source=source, start=start, end=start if end is None else end, section=(), text=text)


PASSAGES = [P("a", "alpha", start=1), P("b", "beta", start=2), P("c", "gamma", start=3), P("d", "delta", start=4, end=6)]


def fixed(rankings: dict[str, tuple[list[str], bool]]):
    by_id = {p.id: p for p in PASSAGES}
    return lambda q: ([by_id[i] for i in rankings[q][0]], rankings[q][1])


def test_metrics_on_a_hand_computed_case():
    qs = [
        Question("q1", expect=("alpha",), lang="en"),  # right passage at rank 1
        Question("q2", expect=("gamma", "delta"), lang="zh"),  # two relevant, at ranks 2 and 4
        Question("q3", expect=("beta",), lang="en"),  # not retrieved at all
        Question("q4", category="off_topic", lang="en"),  # declined: right
        Question("q5", category="out_of_scope", lang="zh"),  # answered: wrong
    ]
    rank = fixed({
        "q1": (["a", "b"], True),
        "q2": (["a", "c", "b", "d"], False),
        "q3": (["a"], True),
        "q4": (["a"], False),
        "q5": (["b"], True),
    })
    r = evaluate(qs, rank, PASSAGES)
    m = r.metrics
    assert set(m) == set(METRICS)
    assert m["hit@1"] == round(1 / 3, 4)
    assert m["hit@3"] == m["hit@5"] == round(2 / 3, 4)
    assert m["MRR@10"] == round((1 + 1 / 2 + 0) / 3, 4)
    # q2: DCG = 1/log2(3) + 1/log2(5); ideal with two relevant = 1 + 1/log2(3)
    q2 = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert m["nDCG@10"] == round((1 + q2 + 0) / 3, 4)
    assert m["declined_unanswerable"] == 0.5
    assert m["declined_answerable"] == round(1 / 3, 4)
    assert r.by_lang["zh"]["hit@1"] == 0.0 and r.by_lang["zh"]["hit@3"] == 1.0
    assert r.by_lang["en"]["hit@1"] == 0.5 and r.by_lang["en"]["declined_unanswerable"] == 1.0
    assert r.by_lang["zh"]["declined_unanswerable"] == 0.0
    assert r.counts["answerable"] == 3 and r.counts["unanswerable"] == 2
    assert r.lang_counts["zh"] == {"answerable": 1, "unanswerable": 1}
    assert [o.question.question for o in r.failures] == ["q2", "q3", "q5"]
    assert r.latency_ms["p50"] is not None and r.latency_ms["p95"] >= r.latency_ms["p50"]


def test_ndcg_is_one_for_an_ideal_ranking_and_counts_only_the_first_ten():
    assert ndcg([1, 2], 2) == pytest.approx(1.0)
    assert ndcg([1], 3) == pytest.approx(1 / (1 + 1 / math.log2(3) + 1 / math.log2(4)))
    assert ndcg([11], 1) == 0.0
    assert ndcg([], 0) == 0.0


def test_metrics_over_no_questions_are_none_not_nan():
    r = evaluate([Question("q", expect=("alpha",))], fixed({"q": (["a"], True)}), PASSAGES)
    assert r.metrics["declined_unanswerable"] is None
    json.dumps(r.to_dict(), allow_nan=False)
    assert check_thresholds(r, {"declined_unanswerable": 0.5, "hit@1": 1.0}) == [
        "declined_unanswerable is not measured (no questions count toward it); the minimum is 0.5"
    ]


def test_source_and_line_gold():
    q = Question("q", source="a.md", line=5, expect=("not in the text",))
    assert q.matches(P("d", "delta", start=4, end=6))  # source+line decide; expect is for substring tools
    assert not q.matches(P("c", "gamma", start=3))
    assert not q.matches(P("x", "delta", source="b.md", start=4, end=6))
    by_source = Question("q", source="a.md", expect=("gam",))
    assert by_source.matches(P("c", "gamma")) and not by_source.matches(P("a", "alpha"))
    assert Question("q", source="a.md").matches(P("a", "alpha"))


def test_both_gold_formats_from_a_file(tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text(
        '{"question": "how do I map a port", "expect": ["8080:80"], "extra": 1}\n'
        "\n"
        '{"question": "Map a random port", "source": "notes.md", "line": 4}\n'
        '{"question": "怎么退出编辑器", "category": "off_topic"}\n',
        encoding="utf-8",
    )
    qs = read_questions(f)
    assert [q.lineno for q in qs] == [1, 3, 4]
    assert qs[0].expect == ("8080:80",) and qs[0].category == "answerable" and qs[0].lang == "en"
    assert qs[1].source == "notes.md" and qs[1].line == 4
    assert qs[2].lang == "zh" and qs[2].category == "off_topic"


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"expect": ["x"]}', "question must be a non-empty string"),
        ('{"question": "q", "category": "maybe", "expect": ["x"]}', "unknown category"),
        ('{"question": "q"}', "needs expect or source"),
        ('{"question": "q", "source": "a.md", "line": "4"}', "line must be a positive integer"),
        ('{"question": "q", "expect": ["x"], "line": 4}', "line needs a source"),
        ('{"question": "q", "expect": [3]}', "expect must be"),
        ('{"question": "q", "expect": ["x"], "lang": "fr"}', "unknown lang"),
    ],
)
def test_a_malformed_line_is_reported_with_its_number(tmp_path, line, message):
    f = tmp_path / "q.jsonl"
    f.write_text('{"question": "fine", "expect": ["x"]}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=rf":3: .*{message}"):
        read_questions(f)


def test_parse_minimums():
    assert parse_minimums(["hit@1=0.9", "MRR@10=0.5"]) == {"hit@1": 0.9, "MRR@10": 0.5}
    for bad in ("hit@2=0.9", "hit@1", "hit@1=high", "hit@1=nan"):
        with pytest.raises(ValueError):
            parse_minimums([bad])


def test_baselines_rank_and_never_decline():
    ps = [P("a", "映射端口：docker run -p 8080:80 nginx"), P("b", "list all running containers: docker ps")]
    assert simple_tokens("映射端口：docker PS") == ["映", "射", "端", "口", "：docker", "ps"]
    for b in (TfidfBaseline(ps), BM25Baseline(ps)):
        ranked, answered = b("docker ps running")
        assert answered and ranked[0].id == "b"
        assert b("nothing matches zzz") == ([], True)
    bm = BM25Baseline(ps)
    assert [p.id for p in bm("端口")[0]] == ["a"]
    s = bm.scores("端口")
    # one document holds each of 端 and 口 once: idf = ln(1 + (2 - 1 + .5)/(1 + .5)) = ln 2
    doc_len, avg = len(simple_tokens(ps[0].text)), (len(simple_tokens(ps[0].text)) + len(simple_tokens(ps[1].text))) / 2
    tf_part = 1 * 2.5 / (1 + 1.5 * (0.25 + 0.75 * doc_len / avg))
    assert s[0] == pytest.approx(2 * math.log(2) * tf_part) and s[1] == 0.0


# --- the command --------------------------------------------------------------------------


@pytest.fixture
def notes(tmp_path):
    d = tmp_path / "notes"
    d.mkdir()
    (d / "notes.md").write_text(NOTES, encoding="utf-8")
    return d


def write(tmp_path, lines: list[dict]) -> str:
    f = tmp_path / "q.jsonl"
    f.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return str(f)


CLEAR = [
    {"question": "docker run -P random port", "expect": ["-P nginx"]},
    {"question": "随机端口", "source": "notes.md", "line": 4},
]


def test_eval_json_schema_and_exit_0(tmp_path, notes, capsys):
    code = main(["eval", write(tmp_path, CLEAR), "--corpus", str(notes), "--json", "--baselines", "--min", "hit@5=0.5"])
    out = capsys.readouterr().out
    assert code == 0
    obj = json.loads(out)
    assert set(obj) >= {"questions", "corpus", "passages", "metrics", "by_lang", "counts", "latency_ms", "failures",
                        "baselines", "thresholds", "missed", "passed"}
    assert set(obj["metrics"]) == set(METRICS)
    assert obj["metrics"]["hit@1"] == 1.0 and obj["passed"] is True and obj["missed"] == []
    assert obj["metrics"]["declined_unanswerable"] is None
    assert set(obj["by_lang"]) == {"en", "zh"}
    assert set(obj["baselines"]) == {"tfidf", "bm25"}
    assert obj["baselines"]["bm25"]["metrics"]["declined_answerable"] == 0.0
    assert set(obj["latency_ms"]) == {"p50", "p95"}


def test_eval_missed_threshold_exits_1_with_one_line_each(tmp_path, notes, capsys):
    qs = CLEAR + [{"question": "how do I exit vim", "category": "off_topic"}]
    code = main(["eval", write(tmp_path, qs), "--corpus", str(notes), "--min", "hit@1=1.01", "--min", "hit@3=1.5"])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2 and "hit@1" in lines[0] and "hit@3" in lines[1]
    assert "Ranking" in captured.out


def test_eval_max_gates_lower_is_better_metrics(tmp_path, notes, capsys):
    qs = CLEAR + [{"question": "how do I exit vim", "category": "off_topic"}]
    path = write(tmp_path, qs)
    assert main(["eval", path, "--corpus", str(notes), "--max", "declined_answerable=0.5"]) == 0
    capsys.readouterr()
    assert main(["eval", path, "--corpus", str(notes), "--max", "declined_answerable=-0.1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "declined_answerable" in err[0] and "above the maximum" in err[0]
    assert main(["eval", path, "--corpus", str(notes), "--max", "nonsense=1"]) == 2


def test_eval_malformed_file_exits_2_naming_the_line(tmp_path, notes, capsys):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"question": "ok", "expect": ["x"]}\n{"question": \n', encoding="utf-8")
    assert main(["eval", str(f), "--corpus", str(notes)]) == 2
    err = capsys.readouterr().err.replace("\n", "")  # rich soft-wraps the one line to the console width
    assert f"{f}:2:" in err and "invalid JSON" in err


def test_eval_bad_min_and_missing_file_exit_2(tmp_path, notes, capsys):
    assert main(["eval", write(tmp_path, CLEAR), "--corpus", str(notes), "--min", "recall=0.5"]) == 2
    assert main(["eval", str(tmp_path / "missing.jsonl"), "--corpus", str(notes)]) == 2


def test_eval_tables_through_an_injected_console(tmp_path, notes):
    import argparse

    from askdocker.evalcli import run_eval

    out = Console(file=io.StringIO(), width=100, color_system=None)
    err = Console(file=io.StringIO(), width=100, color_system=None)
    qs = CLEAR + [{"question": "what is a volume mount [bold]", "expect": ["-v /data"]}]
    args = argparse.Namespace(questions=write(tmp_path, qs), corpus=[str(notes)], json=False, baselines=True, min=[])
    assert run_eval(args, out=out, err=err) == 0
    text = out.file.getvalue()
    for needle in ("Ranking", "Declines", "hit@1", "nDCG@10", "declined_unanswerable", "askdocker", "tfidf", "bm25",
                   "Failing questions (1)", "what is a volume mount [bold]", "-v /data", "1 answerable question(s) match no passage"):
        assert needle in text, needle


def test_bundled_question_set_reads_and_every_answerable_gold_is_reachable(notes_index):
    from pathlib import Path

    from askdocker.evaluate import count_relevant

    root = Path(__file__).resolve().parent.parent / "eval"
    for name in ("questions.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "verbose.jsonl"):
        qs = read_questions(root / name)
        unreachable = [q.lineno for q, n in zip(qs, count_relevant(qs, notes_index.passages)) if q.answerable and n == 0]
        assert unreachable == [], (name, unreachable)
