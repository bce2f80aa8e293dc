"""Answers, tables and errors → rich renderables. Never prints on its own.

Everything from the notes or the question is untrusted text: it goes into rich `Text` objects
(never parsed as markup) after escape sequences and control characters are removed, so a
note cannot restyle, clear or retitle the terminal or plant a hyperlink.
"""

from __future__ import annotations

import json
import re

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from askdocker.models import Answer, Hit

# CSI, OSC (terminated by BEL or ST), other ESC sequences, then the remaining C0/C1 controls.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# JSON escapes C0 controls itself; DEL and C1 (U+009B is a CSI to some terminals) are escaped too
C1_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embedding/override controls can hide text


def safe(text: str) -> str:
    """Text with terminal escape sequences and control characters removed (newlines and tabs kept)."""
    text = ESCAPES.sub("", text)
    text = BIDI.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8")


def plain(text: str, style: str = "") -> Text:
    """Untrusted text as a rich Text: shown literally, never interpreted as markup."""
    return Text(safe(text), style=style)


def cite(hit: Hit) -> str:
    """file:line (or file:start-end) of a hit."""
    p = hit.passage
    return f"{p.source}:{p.start}" if p.start == p.end else f"{p.source}:{p.start}-{p.end}"


def section_line(hit: Hit) -> Text:
    """The section path of a hit, outermost first."""
    return plain(" › ".join(hit.passage.section) or "(top of file)", "dim")


def passage_text(hit: Hit) -> Text:
    """The verbatim passage, dedented for display only."""
    lines = hit.passage.text.split("\n")
    indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
    return plain("\n".join(ln[indent:] for ln in lines))


def commands_block(commands: tuple[str, ...]) -> RenderableType:
    """Normalized commands as a highlighted shell block."""
    from rich.syntax import Syntax  # pygments is imported only when there is something to highlight

    return Syntax(safe("\n".join(commands)), "bash", theme="ansi_dark", background_color="default", word_wrap=True)


def render_answer(answer: Answer, show_gloss: bool | None = None) -> RenderableType:
    """The whole answer: direct answer, commands, citation, gloss, related notes; or a decline."""
    if not answer.answered or answer.best is None:
        return render_decline(answer)
    best = answer.best
    body: list[RenderableType] = [passage_text(best)]
    if show_gloss if show_gloss is not None else answer.show_gloss:
        body.append(plain(best.passage.gloss, "italic cyan"))
    if answer.help and show_gloss is not False:
        body.append(Text.assemble(("docker's help: ", "dim"), plain(answer.help, "italic cyan")))
    title = Text.assemble(("answer ", "bold green"), (cite(best), "bold"))
    parts: list[RenderableType] = []
    if answer.context_from:
        parts.append(Text.assemble(("(follow-up to: ", "dim"), plain(answer.context_from, "dim"), (")", "dim")))
    parts.append(Panel(Group(*body), title=title, title_align="left", subtitle=section_line(best), subtitle_align="left"))
    if answer.commands:
        parts.append(Padding(commands_block(answer.commands), (0, 0, 0, 2)))
    if answer.related:
        parts.append(Text("related", style="bold"))
        for h in answer.related:
            parts.append(related_line(h))
    return Group(*parts)


def related_line(hit: Hit) -> Text:
    """One related passage on one line: citation and its text."""
    first = " ".join(hit.passage.text.split())
    if len(first) > 90:
        first = first[:89] + "…"
    return Text.assemble("  ", (cite(hit), "cyan"), "  ", plain(first))


def render_decline(answer: Answer) -> RenderableType:
    """The notes do not answer: say so, and name the nearest topics they do cover."""
    parts: list[RenderableType] = [
        Text.assemble(("Not in your notes: ", "bold yellow"), plain(answer.reason or "no passage answers this question."))
    ]
    if answer.suggestions:
        parts.append(Text.assemble(("Your notes cover: ", "dim"), plain(", ".join(answer.suggestions))))
    if answer.hits:
        parts.append(Text("closest, for what it is worth:", style="dim"))
        parts.append(related_line(answer.hits[0]))
    return Group(*parts)


def render_error(message: str) -> Text:
    """A one-line error."""
    return Text.assemble(("askdocker: ", "bold red"), plain(message.splitlines()[0] if message else "error"))


def render_notice(message: str) -> Text:
    """A one-line notice (a skipped file, a rebuilt cache); file names in it are untrusted text."""
    return Text.assemble(("askdocker: ", "yellow"), plain(message.splitlines()[0] if message else ""))


def answer_json(answer: Answer, explain: dict | None = None) -> str:
    """The answer as one line of JSON: question, answered, hits best first (and --explain's view)."""
    extra = {"explain": explain} if explain is not None else {}
    return json.dumps(
        {
            "question": answer.question,
            "answered": answer.answered,
            "probability": None if answer.probability is None else round(answer.probability, 6),
            "threshold": answer.threshold,
            **extra,
            "hits": [
                {
                    "id": h.passage.id,
                    "source": h.passage.source,
                    "lines": [h.passage.start, h.passage.end],
                    "section": list(h.passage.section),
                    "text": h.passage.text,
                    "commands": list(h.passage.commands),
                    "score": round(h.score, 6),
                }
                for h in answer.hits
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8", "replace").decode("utf-8").translate(C1_ESCAPES)  # lone surrogates become "?"


def metrics_table(title: str, rows: dict[str, dict[str, float]], columns: list[str]) -> Table:
    """A table of metrics: one row per named system or language."""
    t = Table(title=title, title_justify="left")
    t.add_column("")
    for c in columns:
        t.add_column(c, justify="right")
    for name, m in rows.items():
        t.add_row(plain(name), *(f"{m.get(c, float('nan')):.3f}" for c in columns))
    return t


def settings_table(settings) -> Table:
    """The effective settings and where each came from."""
    from askdocker import config

    t = Table(title="askdocker settings", title_justify="left")
    for c in ("setting", "value", "from"):
        t.add_column(c)
    rows = {
        "corpus": "\n".join(settings.corpus),
        "top": str(settings.top),
        "color": settings.color,
        "gloss": settings.gloss,
    }
    for k, v in rows.items():
        t.add_row(k, plain(v), plain(settings.sources.get(k, "default")))
    t.add_row("config file", plain(str(config.config_path())), "")
    t.add_row("cache", plain(str(config.cache_dir())), "")
    t.add_row("history", plain(str(config.data_dir())), "")
    return t


def render_explanation(explanation, passages) -> RenderableType:
    """--explain: for each hit, every feature's value and contribution; then the decline's."""
    parts: list[RenderableType] = []
    for n, (row, score, values, contrib) in enumerate(explanation.hits, 1):
        p = passages[row]
        t = Table(title=Text(f"{n}. {safe(p.source)}:{p.start}  score {score:+.3f} (bias {explanation.rank_bias:+.3f})"),
                  title_justify="left", show_edge=False, pad_edge=False)
        t.add_column("feature")
        t.add_column("value", justify="right")
        t.add_column("contribution", justify="right")
        for name in sorted(contrib, key=lambda k: -abs(contrib[k])):
            t.add_row(name, f"{values[name]:.3f}", f"{contrib[name]:+.3f}")
        parts.append(t)
    verdict = "answer" if explanation.probability >= explanation.threshold else "decline"
    t = Table(title=Text(f"decline: probability {explanation.probability:.3f}, threshold {explanation.threshold:.3f} → {verdict}"),
              title_justify="left", show_edge=False, pad_edge=False)
    t.add_column("feature")
    t.add_column("value", justify="right")
    t.add_column("contribution", justify="right")
    c = explanation.decline_contributions
    for name in sorted(c, key=lambda k: -abs(c[k])):
        t.add_row(name, f"{explanation.decline_values[name]:.3f}", f"{c[name]:+.3f}")
    t.add_row("(bias)", "", f"{explanation.decline_bias:+.3f}")
    parts.append(t)
    return Group(*parts)
