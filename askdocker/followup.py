"""Follow-up questions: does a short question lean on the previous one, and what to search then.

"how do I map a port" then "and a random one?" should search for a random *port*: the second
question only makes sense with the first. "how do I list images" after the same first question
is complete on its own and must not be polluted by it. The decision uses what the question
says about itself, not a list of sentences:

- a connector at the start ("and", "what about", "or", 那, 还有) or a closing 呢;
- a pronoun or stand-in that points back ("it", "that one", 它, 这个);
- length: only a short question (few concepts, few words) can lean on another;
- a question that asks for itself ("how do I ...", "what is ...") is complete unless a pronoun
  points back;
- a short question with no marker leans only when its own words do not find an answer.

A follow-up is searched with its own tokens (twice, so they dominate) plus a few telling tokens
of the previous query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from askdocker.analysis import analyze, units
from askdocker.answer import answers
from askdocker.index import Index

MAX_CONCEPTS = 3  # more concepts than this and an unmarked question says enough on its own
MAX_WORDS = 7  # a Chinese character counts as half a word
MARKED_CONCEPTS = 6  # a question that says it leans ("and ...", "...呢") may be a little longer
MARKED_WORDS = 10
NEW_WEIGHT = 2  # the new words are repeated so they outweigh the context they lean on
CONTEXT_TOKENS = 4  # how much of the previous query a follow-up carries: its rarest own words first

LEAD_EN = re.compile(
    r"^\s*(?:and|or|but|also|plus|then|so|what\s+about|how\s+about|what\s+if|same\s+(?:for|with)|with|without|instead)\b",
    re.IGNORECASE,
)
LEAD_ZH = re.compile(r"^\s*(?:那么?|还有|另外|如果|要是|那如果|再|又|同样)")
TAIL_ZH = re.compile(r"呢\s*[?？!！。.]*\s*$")
POINTER_EN = re.compile(r"\b(?:it|its|itself|that|this|those|these|them|one|ones|same)\b", re.IGNORECASE)
POINTER_ZH = re.compile(r"它们?|这个|那个|这些|那些|这样|那样|同样")
# "how do I ...", "what is ...": a question that asks for itself
SELF_CONTAINED = re.compile(
    r"^\s*(?:(?:and|or|but|also|so|then)\s+)?"
    r"(?:how\s+(?:do|can|could|should|would|to|does)|what\s+(?:is|are|does|do)|can\s+i|is\s+there|where|why|which)\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z0-9-]+")
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Turn:
    """A question that was asked and the tokens it was searched with."""

    question: str
    tokens: tuple[str, ...]  # its own words first, then the context it carried
    own: int = -1  # how many of tokens are its own words (-1: all)


@dataclass(frozen=True)
class Query:
    """What to search for a question: its tokens and, for a follow-up, the question it leans on."""

    question: str
    tokens: tuple[str, ...]
    context_from: str = ""
    own: tuple[str, ...] = ()  # the question's own tokens
    signals: tuple[str, ...] = ()  # why it was (or was not) taken as a follow-up

    @property
    def is_followup(self) -> bool:
        """True when the query leans on an earlier question."""
        return bool(self.context_from)

    def turn(self) -> Turn:
        """This query as the previous turn of the next one."""
        context = [t for t in self.tokens if t not in set(self.own)]
        own = list(dict.fromkeys(self.own))
        return Turn(self.question, tuple(own + list(dict.fromkeys(context))), len(own))


def signals(question: str) -> dict[str, bool]:
    """What the wording of a question says about leaning on the previous one."""
    concepts = len(units(question))
    words = len(WORD.findall(question)) + len(CJK.findall(question)) / 2
    return {
        "short": concepts <= MAX_CONCEPTS and words <= MAX_WORDS,
        "shortish": concepts <= MARKED_CONCEPTS and words <= MARKED_WORDS,
        "connector": bool(LEAD_EN.search(question) or LEAD_ZH.search(question) or TAIL_ZH.search(question)),
        "zh_marker": bool(LEAD_ZH.search(question) or TAIL_ZH.search(question)),
        "pointer": bool(POINTER_EN.search(question) or POINTER_ZH.search(question)),
        "self_contained": bool(SELF_CONTAINED.search(question)),
    }


def leans(index: Index, question: str, previous: Turn | None) -> tuple[bool, tuple[str, ...]]:
    """Whether a question leans on the previous turn, and the signals that decided it."""
    if previous is None or not previous.tokens:
        return False, ("no previous question",)
    s = signals(question)
    marked = s["pointer"] or s["connector"]
    if not (s["short"] or (marked and s["shortish"])):
        return False, ("long enough to stand alone",)
    if s["pointer"]:
        return True, ("points back",)
    if s["zh_marker"]:
        return True, ("那/呢 marker",)
    if s["self_contained"]:
        return False, ("asks for itself",)
    if s["connector"]:
        return True, ("starts with a connector",)
    own = analyze(question)
    if own and answers(index, question, tokens=own):
        return False, ("its own words find an answer",)
    # unmarked: lean only when the context turns no answer into one
    joined = list(combine(index, own, previous))
    if answers(index, question, tokens=joined):
        return True, ("short, and only the context finds an answer",)
    return False, ("no answer with or without the context",)


def context_tokens(index: Index, previous: Turn, k: int = CONTEXT_TOKENS) -> list[str]:
    """What a follow-up carries of the previous query: its rarest own words, then what it carried."""
    n = len(previous.tokens) if previous.own < 0 else previous.own
    own = [t for t in dict.fromkeys(previous.tokens[:n]) if t in index.vocabulary]
    # a Chinese clause gives many overlapping n-grams: prefer its words (the bridge's English, flags),
    # then bigrams, then single characters, rarest first, so a few tokens carry the topic
    own.sort(key=lambda t: (len(CJK.findall(t)) == 1, bool(CJK.search(t)), -float(index.idf[index.vocabulary[t]])))
    carried = [t for t in dict.fromkeys(previous.tokens[n:]) if t in index.vocabulary and t not in own]
    return (own + carried)[:k]


def combine(index: Index, new: list[str], previous: Turn) -> tuple[str, ...]:
    """The tokens of a follow-up: its own words, weighted up, then a little of the previous query."""
    context = [t for t in context_tokens(index, previous) if t not in new]
    return tuple(list(new) * NEW_WEIGHT + context)


def resolve(index: Index, question: str, previous: Turn | None = None) -> Query:
    """The query for a question, taking the previous turn into account when the question leans on it."""
    own = analyze(question)
    follow, why = leans(index, question, previous)
    if not follow or previous is None:
        return Query(question, tuple(own), own=tuple(own), signals=why)
    return Query(question, combine(index, own, previous), context_from=previous.question, own=tuple(own), signals=why)
