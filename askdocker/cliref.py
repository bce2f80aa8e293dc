"""Docker's own help for the commands a note writes: the bridge from a user's words to a command.

A note says `docker start 容器id：启动容器`; a user asks "how do I bring a stopped container back
up". Docker's help says what `docker start` does in the words users use: "Start one or more
stopped containers". `corpus/docker-cli.tsv` holds those lines (`docker --help` and each
command's options); the index reads them beside every note that writes the command, as it reads
a note's English gloss. A note gets a command's line where its text writes the command, and an
option's line where its command has the option: a sub-item "-t是加入时间戳", whose command
`docker logs -t` comes from its parent item, gets "Show timestamps", not "Fetch the logs of a
container" (measured: the parent's line there made notes about options answer questions about
containers in general).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# `docker container ls`, `docker image rm`: the management commands' names for the classic ones
MANAGEMENT = {
    ("container", "ls"): "ps", ("container", "list"): "ps", ("container", "rm"): "rm",
    ("image", "ls"): "images", ("image", "list"): "images", ("image", "rm"): "rmi",
}
SHORT_CLUSTER = re.compile(r"^-[A-Za-z]{2,}$")


def _reference_path() -> Path:
    from askdocker.config import data_root

    return data_root() / "docker-cli.tsv"


def read_reference(text: str) -> dict[tuple[str, str], str]:
    """(subcommand, option) → the help's line; a command's own line under option ""."""
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
            continue
        names, description = line.split("\t", 1)
        words = names.split()
        if not words or not description.strip():
            continue
        sub, options = ("", words) if words[0].startswith("-") else (words[0], words[1:])
        for option in options or [""]:
            out[(sub, option)] = description.strip()
    return out


@lru_cache(maxsize=1)
def reference() -> dict[tuple[str, str], str]:
    """The help lines that ship in corpus/docker-cli.tsv (none when the file is missing)."""
    try:
        return read_reference(_reference_path().read_text(encoding="utf-8"))
    except OSError:
        return {}


@lru_cache(maxsize=1)
def reference_digest() -> str:
    """A short hash of the help lines, part of the analyzer version (the index holds them)."""
    from askdocker.config import file_digest

    return file_digest(_reference_path())


def _options(word: str) -> list[str]:
    """The options one command-line word gives: "-it" is -i and -t, "--tail=3" is --tail."""
    if not word.startswith("-"):
        return []
    if SHORT_CLUSTER.match(word):
        return ["-" + c for c in word[1:]]
    return [word.split("=", 1)[0]]


def command_name(command: str) -> tuple[str, str]:
    """The Docker command a `docker …` command line runs, by its classic name, and the name as
    written: ("ps", "container") for `docker container ls`, ("logs", "logs") for `docker container
    logs x`, ("", "") for `docker --help` or another program."""
    words = command.split()
    if len(words) < 2 or words[0] != "docker" or words[1].startswith("-"):
        return "", ""
    rest = words[1:]
    if len(rest) > 1 and (rest[0], rest[1]) in MANAGEMENT:
        return MANAGEMENT[(rest[0], rest[1])], rest[0]
    if rest[0] in ("container", "image") and len(rest) > 1 and not rest[1].startswith("-"):
        return rest[1], rest[1]
    return rest[0], rest[0]


# A passage that opens with a term ("-p：…", "exec：…", "docker ps：…", "-f跟随…") defines it (the
# ranking's definition boost reads it too). A note that opens with an option ("-p：主机端口：docker容器端口
# 例子：docker run -it -p 8888：8080 tomcat") is about that option, not the other options of its example.
LEADING_TERM = re.compile(
    # a list marker is followed by a space: "-i：…" is the flag -i, not a list item "i"
    r"^\s*(?:[-*+](?=\s)|\d{1,9}[.)]|#{1,6})?\s*(?:(?P<flag>--?[A-Za-z][A-Za-z0-9-]*)"
    r"|(?P<cmd>docker\s*(?:[a-z]+|--?[a-z]+))(?=[\s：:]|[\u4e00-\u9fff]|$)|(?P<word>[A-Za-z][A-Za-z]{0,20}(?: [A-Za-z][A-Za-z]{0,20}){0,2})\s*[：:])"
)
WHITESPACE = re.compile(r"\s+")


def defined_term(text: str) -> str:
    """The term a passage defines (a flag, `docker <command>` or up to three words before a colon:
    "image id：镜像id"), or ""."""
    m = LEADING_TERM.match(WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)))
    if not m:
        return ""
    if m.group("flag"):
        return m.group("flag")
    if m.group("cmd"):
        return "docker " + m.group("cmd")[6:].strip().lower()
    return " ".join(m.group("word").lower().split())


def describe(commands, text: str, table: dict[tuple[str, str], str] | None = None) -> str:
    """Docker's help for the `docker` commands of a note: a command's line when the note's text
    writes the command's name, its options' lines always (only its own option's, for a note that
    defines one); each line once, in order, joined by "; "."""
    table = reference() if table is None else table
    low = text.lower()
    defined = defined_term(text)
    if defined.startswith("-"):
        table = {key: line for key, line in table.items() if key[1] in ("", defined)}
    out: list[str] = []
    for command in commands:
        words = command.split()
        if len(words) < 2 or words[0] != "docker":
            continue
        rest = words[1:]
        sub, written = command_name(command)
        if sub and (sub, "") in table and written in low:
            out.append(table[(sub, "")])
        for word in rest:
            for option in _options(word):
                line = table.get((sub, option)) or table.get(("", option))
                if line:
                    out.append(line)
    return "; ".join(dict.fromkeys(out))
