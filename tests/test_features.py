"""The retrieval features as a table of tiny notes and questions, and the fitted scorer that reads them."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from askdocker import features as F
from askdocker import scorer
from askdocker.answer import ask, explanation, read_question

NOTES = (
    "## 镜像命令\n\n"
    "- docker images：列出本地的镜像\n"
    "- docker rmi 镜像id：删除镜像\n\n"
    "## 容器命令\n\n"
    "- docker run image：新建并启动容器\n"
    "  - -d：后台运行容器\n"
    "  - -p：端口映射\n"
    "- docker inspect 容器id：查看容器内部的细节\n\n"
    "## 对比\n\n| | docker | 虚拟机 |\n| --- | --- | --- |\n| 启动速度 | 秒级 | 分钟级 |\n"
)


@pytest.fixture()
def tiny(tmp_path):
    from askdocker.index import open_index

    (tmp_path / "n.md").write_text(NOTES, encoding="utf-8")
    return open_index([tmp_path], None)


def row_with(index, text):
    return next(i for i, p in enumerate(index.passages) if text in p.text)


def value(index, name, question, text):
    q = F.parse_query(index, read_question(index, question))
    c = F.context(index, q)
    return F.CANDIDATE_FEATURES[name](q, c, row_with(index, text))


# feature, question, the passage it is high for, the passage it is low for
TABLE = [
    ("cosine", "删除镜像", "docker rmi", "docker run image"),
    ("cosine_share", "删除镜像", "docker rmi", "docker run image"),
    ("coverage", "how do I delete an image", "docker rmi", "docker inspect"),
    ("defines_named", "what does -p do", "-p：端口映射", "-d：后台运行容器"),
    ("other_objects", "list the images", "docker inspect", "docker images"),
    ("holds_action", "how do I remove an image", "docker rmi", "docker images"),
    ("names_its_command", "what does docker inspect show", "docker inspect", "docker images"),
    ("section_cosine", "容器命令有哪些", "docker inspect", "docker rmi"),
    ("han_overlap", "后台运行", "-d：后台运行容器", "docker rmi"),
    ("describes_only", "how do I start faster", "启动速度", "docker run image"),
    ("has_command", "容器", "docker inspect", "启动速度"),
    ("is_row", "启动速度", "启动速度", "docker rmi"),
    ("reference_match", "Return low-level information on Docker objects", "docker inspect", "docker images"),
]


@pytest.mark.parametrize("name, question, high, low", TABLE, ids=[t[0] for t in TABLE])
def test_each_feature_tells_the_passages_apart(tiny, name, question, high, low):
    assert value(tiny, name, question, high) > value(tiny, name, question, low)


def test_every_feature_has_a_docstring_and_a_number(tiny):
    q = F.parse_query(tiny, "how do I remove an image")
    c = F.context(tiny, q)
    rows = F.candidates(c)
    X = F.candidate_matrix(c, rows)
    assert X.shape == (len(rows), len(F.CANDIDATE_FEATURES)) and np.isfinite(X).all()
    v = F.question_vector(c, int(rows[0]), np.array([1.0, 0.5]))
    assert v.shape == (len(F.QUESTION_FEATURES),) and np.isfinite(v).all()
    for fn in [*F.CANDIDATE_FEATURES.values(), *F.QUESTION_FEATURES.values()]:
        assert fn.__doc__, fn.__name__


def test_a_flag_note_meets_the_reference_of_the_command_beside_it(tiny):
    from askdocker.reflayer import entries, passage_entries

    row = row_with(tiny, "-d：后台运行容器")
    got = {(entries()[i].command, entries()[i].option) for i in passage_entries(tiny)[row]}
    assert ("run", "-d") in got


def test_a_command_no_note_writes_is_the_reference_elsewhere(tiny):
    from askdocker.reflayer import unwritten_margin

    q = F.parse_query(tiny, "copy files between a container and the local filesystem")
    gap, entry = unwritten_margin(tiny, q.tokens)
    assert gap > 0 and entry.command == "cp"
    assert unwritten_margin(tiny, F.parse_query(tiny, "remove one or more images").tokens)[0] == 0.0


@pytest.mark.parametrize("question, reports", [("docker rmi fails with an error", True), ("容器无法停止", True),
                                               ("list running containers", False), ("怎么删除镜像", False)])
def test_a_symptom_report_is_told_from_a_request(question, reports):
    assert F.reports_symptom(question) is reports


# --- the model ------------------------------------------------------------------------------------

def test_the_shipped_model_fits_the_features_and_is_used(notes_index):
    model = scorer.load_model()
    assert set(model.rank.names) <= set(F.CANDIDATE_FEATURES)
    assert set(model.decline.names) <= set(F.QUESTION_FEATURES)
    assert 0.0 < model.threshold < 1.0
    for q in ("how do I exit without stopping a container", "git commit --amend"):
        a = ask(notes_index, q)
        assert a.probability is not None and a.answered == (a.probability >= a.threshold), q


def test_explain_contributions_add_up_to_the_scores(notes_index):
    e = explanation(notes_index, "how do I run a container in the background", top=3)
    assert len(e.hits) == 3
    for _row, s, values, contrib in e.hits:
        assert set(values) == set(contrib)
        assert e.rank_bias + sum(contrib.values()) == pytest.approx(s)
    logit = e.decline_bias + sum(e.decline_contributions.values())
    assert 1 / (1 + math.exp(-logit)) == pytest.approx(e.probability)
    d = e.to_dict(notes_index)
    assert json.loads(json.dumps(d))["decline"]["threshold"] == e.threshold


def test_a_model_that_names_an_unknown_feature_is_refused():
    d = json.loads(scorer.resources.files("askdocker_corpus").joinpath("model.json").read_text())
    d["rank"]["names"][0] = "no_such_feature"
    with pytest.raises(scorer.ModelError):
        scorer.model_from_dict(d)
    d = json.loads(scorer.resources.files("askdocker_corpus").joinpath("model.json").read_text())
    d["decline"]["weights"] = d["decline"]["weights"][:-1]
    with pytest.raises(scorer.ModelError):
        scorer.model_from_dict(d)


# --- fitting ----------------------------------------------------------------------------------------

def _questions():
    from askdocker.evaluate import Question

    return [
        Question("how do I delete an image", expect=("docker rmi",)),
        Question("remove an image", expect=("docker rmi",)),
        Question("list my images", expect=("docker images",)),
        Question("show local images", expect=("docker images",)),
        Question("run a container in the background", expect=("-d：",)),
        Question("后台运行容器", expect=("-d：",)),
        Question("map a port", expect=("-p：",)),
        Question("端口映射", expect=("-p：",)),
        Question("look inside a container", expect=("docker inspect",)),
        Question("查看容器内部的细节", expect=("docker inspect",)),
        Question("how do I bake bread", category="off_topic"),
        Question("what is the weather today", category="off_topic"),
        Question("push an image to a registry", category="out_of_scope"),
        Question("create a network", category="out_of_scope"),
    ]


def test_a_fitted_model_ranks_its_training_questions_and_declines_at_most_its_share(tiny):
    from askdocker import fit

    samples = fit.extract(tiny, _questions(), "t")
    model = fit.fit_model(samples)
    preds = fit.predict(samples, model)
    m = fit.figures(samples, preds)
    assert m["hit@1"] >= 0.8
    assert m["declined_answerable"] <= fit.MAX_DECLINED + 1e-9
    assert json.loads(json.dumps(model.to_dict()))["threshold"] == model.threshold


def test_the_threshold_declines_at_most_the_share_it_is_given():
    from askdocker.fit import threshold_for

    p = np.linspace(0.01, 0.99, 100)
    answerable = np.ones(100, dtype=bool)
    t = threshold_for(p, answerable, 0.05)
    assert (p[answerable] < t).mean() <= 0.05 and (p[answerable] < np.nextafter(t, 1)).mean() > 0.05 - 0.011


def test_out_of_fold_scores_each_question_by_a_model_fitted_without_it(tiny, monkeypatch):
    from askdocker import fit

    samples = fit.extract(tiny, _questions(), "t")
    seen = []
    real = fit.fit_model

    def spy(train, **kw):
        seen.append({id(s) for s in train})
        return real(train, **kw)

    monkeypatch.setattr(fit, "fit_model", spy)
    preds = fit.out_of_fold(samples, k=3)
    assert len(preds) == len(samples) and all(p is not None for p in preds)
    assert len(seen) == 3
    for fold, train in zip(fit.folds(samples, 3), seen):
        assert not {id(samples[i]) for i in fold} & train


def _question_file(tmp_path):
    lines = [json.dumps({"question": q.question, "category": q.category, "expect": list(q.expect)}, ensure_ascii=False)
             for q in _questions()]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.md").write_text(NOTES, encoding="utf-8")
    return path, tmp_path / "notes"


def test_eval_cv_reports_cross_validated_figures(tmp_path, capsys):
    from askdocker.cli import main

    path, notes = _question_file(tmp_path)
    assert main(["eval", str(path), "--corpus", str(notes), "--cv", "3", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["name"] == "askdocker (cv 3)"
    assert 0.0 <= report["metrics"]["hit@1"] <= 1.0 and report["counts"]["questions"] == len(_questions())
    assert main(["eval", str(path), "--corpus", str(notes), "--cv", "1"]) == 2  # one fold is no cross-validation


def test_eval_ablate_leaves_out_each_feature_in_turn(tmp_path, capsys):
    from askdocker.cli import main

    path, notes = _question_file(tmp_path)
    assert main(["eval", str(path), "--corpus", str(notes), "--ablate", "--cv", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["feature"] == "all"
    assert {r["feature"] for r in rows if r["kind"] == "rank"} == set(F.CANDIDATE_FEATURES)
    assert {r["feature"] for r in rows if r["kind"] == "decline"} == set(F.QUESTION_FEATURES)


def test_ask_explain_prints_the_features_and_the_decline(capsys):
    from askdocker.cli import main

    main(["ask", "--explain", "--top", "1", "how do I run a container in the background"])
    out = capsys.readouterr().out
    assert "decline: probability" in out and "cosine_share" in out and "held_share" in out
    main(["ask", "--json", "--explain", "--top", "1", "how do I run a container in the background"])
    obj = json.loads(capsys.readouterr().out)
    assert obj["explain"]["decline"]["probability"] == pytest.approx(obj["probability"], abs=1e-6)
