"""Hits → Answer: the direct answer, its commands, citations, related notes, glosses, declines."""

from __future__ import annotations

import re
from dataclasses import replace

from askdocker.analysis import detect_language, without_contrast
from askdocker.cliref import describe
from askdocker.index import Index
from askdocker.models import Answer, Hit
from askdocker.retrieve import concept_free, correct_spelling, decide
from askdocker.scorer import Scored, score, sigmoid

CJK = re.compile(r"[\u3400-\u9fff]")
CLAUSE_END = re.compile(r"[，。；：,;:]")
RELATED = 2
SUGGESTIONS = 4


def read_question(index: Index, question: str) -> str:
    """The question as it is searched and decided: what it says it is not about left out ("删除容器，
    不是删镜像"), then its spelling corrected."""
    return correct_spelling(index, without_contrast(question))


def ask(index: Index, question: str, top: int = 3, context_from: str = "", tokens: list[str] | None = None) -> Answer:
    """Search the notes and build the answer (or the decline) for one question."""
    corrected = read_question(index, question)
    scored = score(index, corrected, tokens=tokens)
    hits = hits_of(index, scored, max(top, RELATED + 1, 1))
    reason = "" if scored.answered else decline_reason(index, corrected, hits, scored)
    # a related note shares at least one of the question's concepts, not just a word ("flag"); a
    # follow-up is searched with its context's words, and the notes they find are its related ones
    unrelated = frozenset() if tokens is not None else concept_free(index, corrected, hits[1:])
    answer = build_answer(index, question, hits, scored.answered, reason, top, context_from, unrelated)
    return replace(answer, probability=scored.probability, threshold=scored.threshold)


def search(index: Index, question: str, top: int = 3, tokens: list[str] | None = None) -> list[Hit]:
    """The top passages for a (read) question, best first, as the model ranks them."""
    return hits_of(index, score(index, question, tokens=tokens), top)


def answers(index: Index, question: str, tokens: list[str] | None = None) -> bool:
    """Whether the model answers a (read) question, searched with `tokens` when given."""
    return score(index, question, tokens=tokens).answered


def explanation(index: Index, question: str, top: int = 3):
    """Why the question's hits ranked as they did and why it was answered or declined (ask --explain)."""
    from askdocker.scorer import explain

    return explain(score(index, read_question(index, question)), top=top)


def hits_of(index: Index, scored: Scored, top: int) -> list[Hit]:
    """The scored candidates as Hits, best first; a hit's score is the ranker's probability that it answers."""
    return [Hit(passage=index.passages[int(r)], score=sigmoid(float(s)), rank=i + 1)
            for i, (r, s) in enumerate(zip(scored.rows[:top], scored.scores[:top]))]


def decline_reason(index: Index, question: str, hits: list[Hit], scored: Scored) -> str:
    """Why a question is declined, in one line: the first signal that speaks against the best note
    (another program, a command the notes never write, a figure, other objects…), else how unsure."""
    if not question.strip():
        return "the question is empty"
    if not hits:
        return "nothing in the notes matches these words"
    legacy = decide(index, question, hits)
    if not legacy.answered and legacy.reason:
        return legacy.reason
    return f"the closest note does not seem to answer this (confidence {scored.probability:.2f}, needs {scored.threshold:.2f})"


def build_answer(
    index: Index, question: str, hits: list[Hit], answered: bool, reason: str = "", top: int = 3, context_from: str = "",
    unrelated: frozenset[str] = frozenset(),
) -> Answer:
    """Assemble an Answer from ranked hits and the decision to answer or decline."""
    lang = detect_language(question)
    shown = tuple(hits[: max(top, 0)])
    if not answered:
        return Answer(
            question=question,
            answered=False,
            hits=shown,
            suggestions=suggest(index, hits),
            reason=reason,
            context_from=context_from,
            lang=lang,
        )
    best = hits[0]
    related = tuple(h for h in hits[1:] if h.passage.id != best.passage.id and h.passage.id not in unrelated)[:RELATED]
    return Answer(
        question=question,
        answered=True,
        hits=shown,
        best=best,
        commands=best.passage.commands,
        related=related,
        show_gloss=lang == "en" and bool(best.passage.gloss) and bool(CJK.search(best.passage.text)),
        context_from=context_from,
        lang=lang,
        help=describe(best.passage.commands, best.passage.text)
        if lang == "en" and not best.passage.gloss and CJK.search(best.passage.text) else "",
    )


def topic(p) -> str:
    """The top-level topic a passage belongs to: its first heading, or its own if it is one."""
    title = re.sub(r"^[\s#*_]+|[\s#*_]+$", "", p.text) if p.kind == "heading" else (p.section[0] if p.section else "")
    # a heading that is a sentence names its topic in its first clause
    first = CLAUSE_END.split(title, 1)[0].strip()
    if first and first != title:
        title = first + "…"
    return title if len(title) <= 40 else title[:39] + "…"


def suggest(index: Index, hits: list[Hit]) -> tuple[str, ...]:
    """Topics the notes do cover, nearest first: those of the closest hits, then the headings."""
    nearest = [topic(h.passage) for h in hits]
    headings = [topic(p) for p in index.passages if p.kind == "heading"]
    return tuple(t for t in dict.fromkeys(nearest + headings) if t)[:SUGGESTIONS]
