"""Arguments in, exit code out; dispatches to ask / chat / eval / config. Nothing else.

Exit codes: 0 answered, 1 declined (or an eval threshold missed), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from askdocker.models import AskdockerError

EXIT_OK, EXIT_DECLINED, EXIT_USAGE = 0, 1, 2
MAX_QUESTION = 4000  # characters; longer input is cut, not rejected


class UsageError(AskdockerError):
    """Bad arguments: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    """The one argument parser of askdocker."""
    p = _Parser(prog="askdocker", description="Answers Docker questions from your own notes, offline, in English and Chinese.")
    from askdocker import __version__

    p.add_argument("--version", action="version", version=f"askdocker {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def corpus_opts(sp):
        sp.add_argument("--corpus", action="append", metavar="PATH",
                        help="a notes file or a directory of .md/.txt notes (repeatable); replaces the bundled notes")
        sp.add_argument("--top", type=int, default=None, metavar="K", help="how many passages to show (default 3)")

    a = sub.add_parser("ask", help="answer one question (or one per line of standard input)")
    a.add_argument("question", nargs="*", help="the question; omit it to read questions from standard input")
    a.add_argument("--json", action="store_true", help="print one JSON object per question")
    a.add_argument("--explain", action="store_true",
                   help="show every feature's value and contribution for each hit, and the decline's probability")
    corpus_opts(a)

    c = sub.add_parser("chat", help="an interactive prompt (the default with no command)")
    corpus_opts(c)

    e = sub.add_parser("eval", help="measure retrieval on a JSON Lines question file")
    e.add_argument("questions", help="the question file (JSON Lines)")
    e.add_argument("--corpus", action="append", metavar="PATH", help="notes to evaluate against (repeatable)")
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.add_argument("--baselines", action="store_true", help="also run default-tokenizer TF-IDF and BM25")
    e.add_argument("--cv", type=int, nargs="?", const=5, default=None, metavar="K",
                   help="cross-validate: refit the model K times (default 5), each fold scored by a model fitted without it")
    e.add_argument("--train", action="append", default=[], metavar="FILE",
                   help="with --cv or --ablate: more question files (on the same notes) to fit on, never scored (repeatable)")
    e.add_argument("--ablate", action="store_true",
                   help="cross-validated figures with each feature left out in turn")
    e.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE",
                   help="fail (exit 1) when METRIC is below VALUE, e.g. --min hit@1=0.9 (repeatable)")
    e.add_argument("--max", action="append", default=[], metavar="METRIC=VALUE",
                   help="fail (exit 1) when METRIC is above VALUE, e.g. --max declined_answerable=0.1 (repeatable)")

    sub.add_parser("config", help="show the effective settings and where they come from")
    return p


def make_console(stream=None, color: str = "auto"):
    """A rich Console for stdout (or stream) honouring the color setting: auto, always or never."""
    from rich.console import Console

    # rich follows NO_COLOR and, on auto, turns colour off when the stream is not a terminal
    if color == "never":
        return Console(file=stream or sys.stdout, highlight=False, no_color=True, color_system=None)
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=False, force_terminal=color == "always" or None)


def _err_console():
    return make_console(sys.stderr)


def open_notes(paths: Sequence[str] | None, err):
    """The index of the given notes (or the configured/bundled ones), from the cache when possible."""
    from askdocker import config
    from askdocker.index import open_index

    settings = config.load_settings()
    corpus = list(paths) if paths else settings.corpus
    progress = None
    if err.is_terminal:
        from askdocker.progress import BuildProgress

        progress = BuildProgress(err)
    try:
        return open_index(corpus, config.cache_dir(), progress=progress, notice=lambda m: err.print(_notice(m), soft_wrap=True))
    except ValueError as e:
        if "empty vocabulary" not in str(e):  # scikit-learn, when no note has a searchable word
            raise
        raise UsageError("no searchable words in the notes: " + ", ".join(map(str, corpus))) from e
    finally:
        if progress:
            progress.close()


def _questions_from_stdin():
    for line in sys.stdin:
        q = line.strip()
        if q:
            yield q


def cmd_ask(args) -> int:
    """One-shot answers."""
    from askdocker import config
    from askdocker.answer import ask, explanation
    from askdocker.render import answer_json, render_answer, render_explanation

    settings = config.load_settings()
    out, err = make_console(color=settings.color), _err_console()
    top = args.top if args.top is not None else settings.top
    if top < 0:
        raise UsageError("--top must be 0 or more")
    if args.question:
        questions = [" ".join(args.question)]
    elif not sys.stdin.isatty():
        questions = _questions_from_stdin()
    else:
        raise UsageError('no question: askdocker ask "how do I map a port"')
    index = open_notes(args.corpus, err)
    for w in index.warnings:
        err.print(_notice(w), soft_wrap=True)
    code = EXIT_OK
    asked = 0
    for q in questions:
        asked += 1
        a = ask(index, q[:MAX_QUESTION], top)
        why = explanation(index, q[:MAX_QUESTION], max(top, 1)) if args.explain else None
        if args.json:
            out.print(answer_json(a, why.to_dict(index) if why else None), markup=False, highlight=False, soft_wrap=True)
        else:
            out.print(render_answer(a))
            if why:
                out.print(render_explanation(why, index.passages))
        if not a.answered:
            code = EXIT_DECLINED
    if asked == 0:
        raise UsageError("no question on standard input")
    return code


def cmd_chat(args) -> int:
    """The interactive prompt."""
    from askdocker.chat import run_chat

    return run_chat(args)


def cmd_eval(args) -> int:
    """Retrieval metrics on a question file."""
    from askdocker.evalcli import run_eval

    return run_eval(args)


def cmd_config(args) -> int:
    """Show the effective settings."""
    from askdocker import config
    from askdocker.render import settings_table

    make_console().print(settings_table(config.load_settings()))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the askdocker command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        command = args.command or "chat"
        if args.command is None:
            args = build_parser().parse_args(["chat"])
        return {"ask": cmd_ask, "chat": cmd_chat, "eval": cmd_eval, "config": cmd_config}[command](args)
    except AskdockerError as e:
        _report(str(e))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _report("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (askdocker ... | head): nothing left to say
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


def _notice(message: str):
    from askdocker.render import render_notice

    return render_notice(message)


def _report(message: str) -> None:
    from askdocker.render import render_error

    # one physical line, however narrow the terminal: scripts read it with `head -1`
    _err_console().print(render_error(message), soft_wrap=True)
