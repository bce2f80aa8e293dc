"""Follow-ups: short questions that lean on the previous one, and complete ones that do not."""

from __future__ import annotations

import pytest

from askdocker.answer import ask
from askdocker.followup import Turn, resolve, signals


def _ask_after(index, first, second):
    q1 = resolve(index, first)
    q2 = resolve(index, second, q1.turn())
    return q2, ask(index, second, 3, context_from=q2.context_from, tokens=list(q2.tokens))


def test_first_question_has_no_context(notes_index):
    q = resolve(notes_index, "how do I map a port")
    assert not q.is_followup and q.context_from == ""


@pytest.mark.parametrize("second", ["and a random one?", "and with a random port?", "随机的呢"])
def test_random_port_follow_up_finds_the_P_note(notes_index, second):
    q, a = _ask_after(notes_index, "how do I map a port", second)
    assert q.context_from == "how do I map a port"
    assert a.answered and "-P" in a.best.passage.text
    assert a.context_from == "how do I map a port"
    # the new words and the old question's content are both searched
    assert "random" in q.tokens and "port" in q.tokens


def test_a_follow_up_keeps_the_notes_its_context_found_as_related(notes_index):
    # "and a random one?" holds one concept (random); the -p note holds its context, not that
    # concept, and is still the related note rather than dropped
    _, a = _ask_after(notes_index, "how do I map a port", "and a random one?")
    assert a.answered and "-P" in a.best.passage.text
    assert any("-p：" in h.passage.text for h in a.related)


def test_chinese_follow_up_marker(notes_index):
    q, a = _ask_after(notes_index, "how do I map a port", "那后台运行呢")
    assert q.is_followup
    assert a.answered and "-d" in a.best.passage.text


def test_what_about_swaps_the_topic(notes_index):
    q, a = _ask_after(notes_index, "how do I list containers", "what about images?")
    assert q.is_followup
    assert "docker images" in " ".join(a.best.passage.commands)


@pytest.mark.parametrize(
    "second",
    ["how do I list images", "how do I exit without stopping a container", "what does -P do", "images"],
)
def test_complete_question_is_not_polluted(notes_index, second):
    alone = ask(notes_index, second, 3)
    q, a = _ask_after(notes_index, "how do I map a port", second)
    assert not q.is_followup and a.context_from == ""
    assert list(q.tokens) == list(resolve(notes_index, second).tokens)
    assert a.best.passage.id == alone.best.passage.id


def test_unanswerable_short_question_does_not_borrow_context(notes_index):
    q, a = _ask_after(notes_index, "how do I map a port", "docker compose up")
    assert not q.is_followup and not a.answered


def test_pronoun_leans_even_when_it_asks_for_itself(notes_index):
    q = resolve(notes_index, "how do I stop it?", Turn("how do I run a container in the background", ("run", "contain", "background")))
    assert q.is_followup


def test_chains_carry_bounded_context(notes_index):
    prev = resolve(notes_index, "怎么查看容器日志").turn()
    for q in ["那只看最后几条呢", "and with timestamps?", "what about following it?"]:
        query = resolve(notes_index, q, prev)
        assert len(query.tokens) <= 2 * len(query.own) + 4
        prev = query.turn()


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("and a random one?", "connector", True),
        ("what about images?", "connector", True),
        ("那后台运行呢", "zh_marker", True),
        ("how do I stop it", "pointer", True),
        ("how do I list images", "self_contained", True),
        ("how do I list images", "pointer", False),
        ("how do I run a container in the background and publish all of its ports to the host", "shortish", False),
    ],
)
def test_signals(text, key, expected):
    assert signals(text)[key] is expected
