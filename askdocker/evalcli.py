"""`askdocker eval`: run a question file through askdocker (and the baselines), print the report.

askdocker is measured exactly as `askdocker ask` answers: `answer.ask` (spelling correction,
`retrieve.search`, `retrieve.decide`) with the first DEPTH hits kept for the ranking metrics.
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Sequence

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from askdocker.evaluate import DEPTH, RANK_METRICS, EvalReport, check_thresholds, evaluate, parse_minimums, read_questions
from askdocker.models import Passage
from askdocker.render import plain

MAX_FAILURES_SHOWN = 40
SNIPPET = 60


def askdocker_ranker(index):
    """The ranker `askdocker ask` uses: question → (passages best first, answered)."""
    from askdocker.answer import ask

    def rank(question: str) -> tuple[list[Passage], bool]:
        a = ask(index, question, top=DEPTH)
        return [h.passage for h in a.hits], a.answered

    return rank


def _training(args, questions, index):
    """The file's own samples, and those of the --train files."""
    from askdocker import fit

    own = fit.extract(index, questions, Path(args.questions).name)
    extra = []
    for f in getattr(args, "train", None) or []:
        extra += fit.extract(index, read_questions(f), Path(f).name)
    return own, extra


def _cv_ranker(args, questions, index):
    """A ranker that replays out-of-fold predictions, question by question, in file order."""
    from askdocker import fit

    own, extra = _training(args, questions, index)
    if sum(s.question.answerable for s in own) < args.cv:
        raise UsageError("--cv needs at least as many answerable questions as folds")
    preds = iter(fit.out_of_fold(own, extra, args.cv))

    def rank(question: str):
        passages, answered, _ = next(preds)
        return passages, answered

    return rank


def _run_ablation(args, questions, index, out) -> int:
    """--ablate: cross-validated figures with each feature left out."""
    from askdocker import fit
    from askdocker.cli import EXIT_OK

    own, extra = _training(args, questions, index)
    rows = fit.ablate(own, extra, args.cv or 5)
    if args.json:
        out.print(json.dumps([{"kind": k, "feature": n, "metrics": m} for k, n, m in rows], ensure_ascii=False),
                  markup=False, highlight=False, soft_wrap=True)
        return EXIT_OK
    base = rows[0][2]
    t = Table(title="cross-validated, each feature left out (Δ against all features)", title_justify="left")
    for col in ("model", "feature", *base):
        t.add_column(col, justify="right" if col not in ("model", "feature") else "left")
    for kind, name, m in rows:
        cells = [f"{m[k]:.3f}" if kind == "all" or m[k] is None or base[k] is None else f"{m[k] - base[k]:+.3f}"
                 for k in base]
        t.add_row(kind, name, *cells)
    out.print(t)
    return EXIT_OK


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _rows(r: EvalReport, kind: str) -> list[tuple[str, str, int, dict]]:
    rows = [(r.name, "all", r.counts[kind], r.metrics)]
    return rows + [("", lang, r.lang_counts.get(lang, {}).get(kind, 0), m) for lang, m in r.by_lang.items()]


def _table(title: str, reports: Sequence[EvalReport], columns: Sequence[tuple[str, str]]) -> Table:
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("system")
    t.add_column("lang")
    for c, kind in columns:
        t.add_column(c, justify="right", no_wrap=True)
        if kind:
            t.add_column("n", justify="right")
    for i, r in enumerate(reports):
        rows = _rows(r, "answerable")
        for j, (name, lang, _, m) in enumerate(rows):
            cells = []
            for c, kind in columns:
                cells.append(_fmt(m.get(c)))
                if kind:
                    cells.append(str(r.counts[kind] if j == 0 else r.lang_counts.get(lang, {}).get(kind, 0)))
            t.add_row(plain(name), lang, *cells, end_section=(j == len(rows) - 1 and i < len(reports) - 1))
    return t


def metrics_table(reports: Sequence[EvalReport]) -> Group:
    """Metrics of each system, overall and by language: ranking, then declines and latency."""
    latency = Text("query latency p50 / p95: ")
    latency.append(", ".join(f"{r.name} {_fmt(r.latency_ms['p50'], 2)} / {_fmt(r.latency_ms['p95'], 2)} ms" for r in reports))
    return Group(
        _table("Ranking (answerable questions)", reports, [(c, "answerable" if c == RANK_METRICS[-1] else "") for c in RANK_METRICS]),
        _table("Declines", reports, [("declined_unanswerable", "unanswerable"), ("declined_answerable", "answerable")]),
        latency,
    )


def _snippet(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= SNIPPET else one[: SNIPPET - 1] + "…"


def failures_table(report: EvalReport, limit: int = MAX_FAILURES_SHOWN) -> Table:
    """The failing questions: what was asked, what was expected, what came first."""
    shown = report.failures[:limit]
    more = len(report.failures) - len(shown)
    caption = f"… and {more} more (--json lists them all)" if more > 0 else None
    t = Table(title=f"Failing questions ({len(report.failures)})", title_justify="left", caption=caption, caption_justify="left")
    t.add_column("line", justify="right")
    t.add_column("question")
    t.add_column("expected")
    t.add_column("rank", justify="right")
    t.add_column("came first")
    for o in shown:
        q = o.question
        expected = q.expected() if q.answerable else f"decline ({q.category})"
        if o.first is None:
            first = Text("(nothing)", style="dim")
        else:
            first = plain(f"{o.first.source}:{o.first.start} {_snippet(o.first.text)}")
            if not o.answered:
                first.append(" [declined]", style="yellow")
        rank = "" if not q.answerable else (str(o.ranks[0]) if o.ranks else f">{DEPTH}")
        t.add_row(str(q.lineno), plain(q.question), plain(_snippet(expected)), rank, first)
    return t


def report_json(path: str, corpus: Sequence[str] | None, passages: int, reports: Sequence[EvalReport],
                minimums: dict[str, float], missed: list[str], maximums: dict[str, float] | None = None) -> str:
    """The whole run as one JSON object: askdocker's report at the top, baselines beside it."""
    main = reports[0].to_dict()
    obj = {
        "questions": path,
        "corpus": list(corpus) if corpus else None,
        "passages": passages,
        "depth": DEPTH,
        **main,
        "baselines": {r.name: {k: v for k, v in r.to_dict().items() if k not in ("name", "failures")} for r in reports[1:]},
        "thresholds": minimums,
        "maximums": maximums or {},
        "missed": missed,
        "passed": not missed,
    }
    return json.dumps(obj, ensure_ascii=False)


def run_eval(args, out: Console | None = None, err: Console | None = None) -> int:
    """Evaluate args.questions against the notes; exit 1 when a --min or --max threshold is missed."""
    from askdocker.cli import EXIT_DECLINED, EXIT_OK, UsageError, make_console, open_notes

    out = out or make_console()
    err = err or make_console(sys.stderr)
    try:
        minimums = parse_minimums(args.min or [])
        maximums = parse_minimums(getattr(args, "max", None) or [], "--max")
    except ValueError as e:
        raise UsageError(str(e)) from None
    questions = read_questions(args.questions)
    index = open_notes(args.corpus, err)
    for w in index.warnings:
        err.print(f"askdocker: {w}", markup=False, highlight=False)
    if getattr(args, "ablate", False):
        return _run_ablation(args, questions, index, out)
    if getattr(args, "cv", None) is not None:
        if args.cv < 2:
            raise UsageError("--cv needs at least 2 folds")
        reports = [evaluate(questions, _cv_ranker(args, questions, index), index.passages, f"askdocker (cv {args.cv})")]
    else:
        reports = [evaluate(questions, askdocker_ranker(index), index.passages, "askdocker")]
    if args.baselines:
        from askdocker.baselines import build_baselines

        for b in build_baselines(index.passages):
            reports.append(evaluate(questions, b, index.passages, b.name))
    missed = check_thresholds(reports[0], minimums, maximums)
    if args.json:
        out.print(report_json(args.questions, args.corpus, len(index.passages), reports, minimums, missed, maximums),
                  markup=False, highlight=False, soft_wrap=True)
    else:
        out.print(metrics_table(reports))
        if reports[0].counts["gold_unreachable"]:
            out.print(Text(f"{reports[0].counts['gold_unreachable']} answerable question(s) match no passage of the notes", style="yellow"))
        if reports[0].failures:
            out.print(failures_table(reports[0]))
    for m in missed:
        err.print(Text.assemble(("askdocker: ", "bold red"), m))
    return EXIT_DECLINED if missed else EXIT_OK

