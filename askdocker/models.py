"""The frozen values passed between stages: notes → passages → index → hits → answer."""

from __future__ import annotations

from dataclasses import dataclass


class AskdockerError(Exception):
    """A domain error the user can fix (bad input, missing notes, bad config): one line, exit 2."""


@dataclass(frozen=True)
class Passage:
    """The smallest self-contained unit of the notes: a list item, a table row, a paragraph."""

    id: str
    source: str  # path relative to the corpus root, with "/" separators
    start: int  # 1-based first line
    end: int  # 1-based last line (inclusive)
    section: tuple[str, ...]  # headings, then parent list items, outermost first
    text: str  # verbatim lines start..end of the source file, joined with "\n"
    commands: tuple[str, ...] = ()  # normalized, copy-pastable commands found in text
    kind: str = "paragraph"  # item | row | paragraph | heading | code | example
    context: str = ""  # extra text indexed with the passage (parent item, table header)
    gloss: str = ""  # an English gloss of the passage, when the corpus ships one

    @property
    def lines(self) -> tuple[int, int]:
        """The 1-based inclusive line range."""
        return (self.start, self.end)


@dataclass(frozen=True)
class Hit:
    """A passage with its retrieval score (the ranker's probability that it answers, in [0, 1])."""

    passage: Passage
    score: float
    rank: int  # 1-based


@dataclass(frozen=True)
class Answer:
    """What askdocker says to a question: the best passage, or a decline with nearby topics."""

    question: str
    answered: bool
    hits: tuple[Hit, ...]  # best first, up to top K, present even when declined
    best: Hit | None = None
    commands: tuple[str, ...] = ()
    related: tuple[Hit, ...] = ()
    show_gloss: bool = False
    suggestions: tuple[str, ...] = ()  # section names the notes do cover, when declined
    reason: str = ""  # why it declined, one line
    context_from: str = ""  # the earlier question a follow-up leaned on
    lang: str = "en"  # detected language of the question: en | zh | mixed
    # Docker's help for the answer's commands ("Start one or more stopped containers"), for an
    # English question answered by a Chinese note nobody glossed
    help: str = ""
    probability: float | None = None  # the decline's probability that the best note answers
    threshold: float | None = None  # the probability it needs to answer
