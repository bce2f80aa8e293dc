"""Markdown notes and tldr pages → Passages (ids, source, lines, section, text, commands)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from askdocker.models import AskdockerError, Passage

CHUNKER_VERSION = "3"
NOTE_SUFFIXES = (".md", ".markdown", ".txt")
MAX_FILE_BYTES = 16 * 1024 * 1024  # bigger than any note file; beyond this it is probably not notes
GLOSS_SUFFIX = ".gloss.json"

HEADING = re.compile(r"^ {0,3}(#{1,6})(?!#)\s*(.*?)\s*#*\s*$")
BOLD_HEADING = re.compile(r"^ {0,3}(?:\*\*|__)([^*_].*?)(?:\*\*|__)\s*[:：]?\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(\s+|$)(.*)$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
INLINE_CODE_LINE = re.compile(r"^\s*`[^`].*`\s*$")
MORE_INFO = re.compile(r"^(more information|更多信息)\s*[:：]", re.IGNORECASE)


class CorpusError(AskdockerError):
    """A corpus path that cannot be used at all (missing, empty)."""


@dataclass(frozen=True)
class NoteFile:
    """One note file of a corpus: where it is, its content hash and its passages."""

    source: str
    path: str
    sha256: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Corpus:
    """All note files found under the corpus paths, plus warnings about files skipped."""

    files: tuple[NoteFile, ...]
    warnings: tuple[str, ...] = ()

    @property
    def passages(self) -> list[Passage]:
        """Every passage of every file, in file order."""
        return [p for f in self.files for p in f.passages]


def clean_heading(text: str) -> str:
    """Heading text without markdown emphasis markers."""
    return re.sub(r"(\*\*|__)", "", text).strip()


def item_content(line: str) -> str:
    """The text of a list item line without its marker."""
    m = LIST_ITEM.match(line)
    return (m.group(4) if m else line).strip()


def passage_id(source: str, section: Sequence[str], text: str, seen: dict[str, int]) -> str:
    """A stable id from the passage's content: unchanged when unrelated lines move."""
    digest = hashlib.sha1("\0".join([source, *section, text]).encode("utf-8", "replace")).hexdigest()[:12]
    n = seen.get(digest, 0)
    seen[digest] = n + 1
    return digest if n == 0 else f"{digest}-{n}"


class _Chunker:
    """A line-by-line reader of one markdown file; see parse_markdown."""

    def __init__(self, source: str, lines: list[str]):
        self.source = source
        self.lines = lines
        self.headings: list[tuple[int, str]] = []  # (level, text)
        self.items: list[tuple[int, str]] = []  # open list items: (indent, content)
        self.table_header: str = ""
        self.out: list[dict] = []
        self.page_description: str = ""

    def section(self) -> tuple[str, ...]:
        path = [h for _, h in self.headings]
        if self.page_description:
            path.append(self.page_description)
        return tuple(path)

    def emit(self, start: int, end: int, kind: str, section: Sequence[str], context: str = "", parent: str = "") -> None:
        text = "\n".join(self.lines[start - 1 : end])
        if not text.strip():
            return
        self.out.append(
            dict(start=start, end=end, kind=kind, section=tuple(section), text=text, context=context, parent=parent)
        )

    def set_heading(self, level: int, text: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))
        self.items = []
        self.table_header = ""
        self.page_description = ""

    def run(self) -> list[dict]:
        lines = self.lines
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            lineno = i + 1
            if not line.strip():
                i += 1
                continue
            fence = FENCE.match(line)
            if fence:
                marker = fence.group(2)
                j = i + 1
                while j < n and not lines[j].strip().startswith(marker[0] * len(marker)):
                    j += 1
                end = min(j + 1, n)
                self.emit(lineno, end, "code", self.section() + self._item_path(len(fence.group(1))))
                i = end
                continue
            h = HEADING.match(line)
            if h and h.group(2):
                self.set_heading(len(h.group(1)), clean_heading(h.group(2)))
                self.emit(lineno, lineno, "heading", tuple(x for _, x in self.headings[:-1]))
                i += 1
                continue
            b = BOLD_HEADING.match(line)
            if b and not LIST_ITEM.match(line):
                # A bold line on its own names a section beside the last heading, not inside it.
                level = self.headings[-1][0] if self.headings else 1
                self.set_heading(level, clean_heading(b.group(1)))
                self.emit(lineno, lineno, "heading", tuple(x for _, x in self.headings[:-1]))
                i += 1
                continue
            if TABLE_ROW.match(line):
                i = self._table(i)
                continue
            q = BLOCKQUOTE.match(line)
            if q:
                i = self._blockquote(i)
                continue
            m = LIST_ITEM.match(line)
            if m:
                i = self._list_item(i, m)
                continue
            i = self._paragraph(i)
        return self.out

    def _item_path(self, indent: int) -> tuple[str, ...]:
        return tuple(c for ind, c in self.items if ind < indent)

    def _table(self, i: int) -> int:
        lines = self.lines
        start = i
        rows: list[int] = []
        while i < len(lines) and TABLE_ROW.match(lines[i]):
            rows.append(i)
            i += 1
        header = ""
        body = rows
        if len(rows) >= 2 and TABLE_RULE.match(lines[rows[1]]):
            header = lines[rows[0]].strip()
            body = rows[2:]
            # In notes a header row often carries content too ("| 蓝色的大海里面 | 宿主机系统 |"); one
            # with a blank first cell ("|  | docker | 虚拟机 |") only labels the columns, and every
            # row below carries it: on its own it would answer "docker vs 虚拟机" with no content.
            if header.strip("|").split("|")[0].strip():
                self.emit(rows[0] + 1, rows[0] + 1, "row", self.section())
        for r in body:
            if TABLE_RULE.match(lines[r]):
                continue
            self.emit(r + 1, r + 1, "row", self.section(), context=header)
        if not body and rows:
            self.emit(start + 1, i, "paragraph", self.section())
        return i

    def _blockquote(self, i: int) -> int:
        lines = self.lines
        start = i
        texts = []
        while i < len(lines) and BLOCKQUOTE.match(lines[i]):
            texts.append(BLOCKQUOTE.match(lines[i]).group(1).strip())
            i += 1
        # A quote right under a page title is the page's description (tldr pages):
        # it names the section of what follows as well as being a passage itself.
        first = texts[0] if texts else ""
        directly_under_heading = bool(self.out) and self.out[-1]["kind"] == "heading"
        self.emit(start + 1, i, "paragraph", self.section())
        if directly_under_heading and first and not MORE_INFO.match(first):
            self.page_description = first
        return i

    def _list_item(self, i: int, m: re.Match) -> int:
        lines = self.lines
        indent = len(m.group(1))
        while self.items and self.items[-1][0] >= indent:
            self.items.pop()
        parent = self.items[-1][1] if self.items else ""
        section = self.section() + tuple(c for _, c in self.items)
        start = i
        i += 1
        # continuation lines: indented deeper than the marker, not a new item or block
        while i < len(lines) and lines[i].strip():
            nxt = lines[i]
            if LIST_ITEM.match(nxt) or HEADING.match(nxt) or FENCE.match(nxt) or TABLE_ROW.match(nxt):
                break
            if len(nxt) - len(nxt.lstrip()) <= indent:
                break
            i += 1
        end = i
        # A command on its own line in backticks after a blank line belongs to the item that
        # describes it (tldr pages, and notes written the same way).
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and j - i <= 1 and INLINE_CODE_LINE.match(lines[j]) and item_content(lines[start]).endswith((":", "：")):
            end = j + 1
            i = j + 1
        self.emit(start + 1, end, "example" if end - start > 1 and INLINE_CODE_LINE.match(lines[end - 1]) else "item",
                  section, parent=parent)
        self.items.append((indent, item_content(lines[start])))
        return i

    def _paragraph(self, i: int) -> int:
        lines = self.lines
        start = i
        while i < len(lines) and lines[i].strip():
            nxt = lines[i]
            if i > start and (
                LIST_ITEM.match(nxt) or HEADING.match(nxt) or FENCE.match(nxt) or TABLE_ROW.match(nxt)
                or BLOCKQUOTE.match(nxt)
            ):
                break
            i += 1
        indent = len(lines[start]) - len(lines[start].lstrip())
        self.emit(start + 1, i, "paragraph", self.section() + self._item_path(indent + 1))
        if indent == 0:
            self.items = []
        return i


def parse_markdown(source: str, text: str, glosses: dict[tuple[int, str], str] | None = None) -> list[Passage]:
    """Split one markdown (or tldr) file into passages with line ranges and section paths."""
    from askdocker.commands import extract_commands  # compiled regexes: only when notes are parsed

    lines = text.split("\n")
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    raw = _Chunker(source, lines).run()
    seen: dict[str, int] = {}
    passages = []
    for r in raw:
        gloss = ""
        if glosses:
            gloss = glosses.get((r["start"], lines[r["start"] - 1]), "")
        passages.append(
            Passage(
                id=passage_id(source, r["section"], r["text"], seen),
                source=source,
                start=r["start"],
                end=r["end"],
                section=r["section"],
                text=r["text"],
                commands=extract_commands(r["text"], r["parent"]),
                kind=r["kind"],
                context=r["context"],
                gloss=gloss,
            )
        )
    return passages


def load_glosses(note_path: Path) -> dict[tuple[int, str], str]:
    """English glosses shipped beside a note file (NAME.gloss.json), keyed by (line, verbatim line)."""
    gpath = note_path.with_name(note_path.stem + GLOSS_SUFFIX)
    if not gpath.is_file():
        return {}
    try:
        data = json.loads(gpath.read_text(encoding="utf-8"))
        return {(int(g["line"]), str(g["text"])): str(g["en"]) for g in data.get("glosses", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def find_note_files(root: Path) -> Iterable[Path]:
    """Note files under a directory, recursively, in a stable order, not following symlinked dirs."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(NOTE_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def read_note(path: Path) -> tuple[str | None, str | None]:
    """The text of a note file, or None and a one-line warning naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"skipped {path}: {size // (1024 * 1024)} MiB is too large for a note file"
        data = path.read_bytes()
    except OSError as e:
        return None, f"skipped {path}: {e.strerror or e}"
    if b"\0" in data[:8192]:
        return None, f"skipped {path}: binary file"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), f"{path}: not valid UTF-8, undecodable bytes replaced"


def discover(paths: Sequence[str | Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """The note files under the given files or directories, with their sources, and warnings."""
    found: list[tuple[Path, str]] = []
    warnings: list[str] = []
    missing: list[str] = []
    for p in paths:
        root = Path(p).expanduser()
        if not root.exists():
            # one missing path among several is a warning; the others still answer
            missing.append(f"corpus path not found: {p}")
            continue
        if root.is_dir():
            candidates = []
            for f in find_note_files(root):
                if not os.path.exists(f):  # a broken or looping symlink: stat would fail later
                    warnings.append(f"skipped {f}: broken or looping symbolic link")
                    continue
                candidates.append((f, f.relative_to(root).as_posix()))
            if not candidates:
                warnings.append(f"no .md or .txt notes under {p}")
            found.extend(candidates)
        else:
            found.append((root, root.name))
    if missing and len(missing) == len(paths):
        raise CorpusError(missing[0])
    return found, missing + warnings


def file_stamp(path: Path) -> str:
    """What identifies a note file's version without reading it: size, inode, modification and
    change times of the file and of its glosses (as make and git's index do). Reading and hashing
    7,000 files on every start would cost more than answering."""
    parts = []
    for f in (path, path.with_name(path.stem + GLOSS_SUFFIX)):
        try:
            st = f.stat()
        except OSError:
            parts.append("-")
            continue
        parts.append(f"{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}")
    return "/".join(parts)


def fingerprint(files: Sequence[tuple[Path, str]], stamps: Sequence[str] | None = None) -> str:
    """A hash of every note file's source and stamp: equal fingerprints, equal corpora."""
    h = hashlib.sha256()
    for i, (path, source) in enumerate(files):
        stamp = stamps[i] if stamps is not None else file_stamp(path)
        h.update(f"{source}\0{stamp}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def load_note(path: Path, source: str) -> tuple[NoteFile | None, str | None]:
    """One note file parsed into passages, or None; and a warning naming the file, if any."""
    text, warning = read_note(path)
    if text is None:
        return None, warning
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    passages = tuple(parse_markdown(source, text, load_glosses(path)))
    return NoteFile(source=source, path=str(path), sha256=digest, passages=passages), warning


def load_files(
    found: Sequence[tuple[Path, str]], warnings: Sequence[str], paths: Sequence[str | Path]
) -> tuple[Corpus, list[tuple[NoteFile | None, str | None]]]:
    """Parse discovered note files into a Corpus; also each file's (note, warning), in order."""
    loaded = [load_note(path, source) for path, source in found]
    notes = [note for note, _ in loaded if note is not None]
    if not any(f.passages for f in notes):
        raise CorpusError("no notes to search in " + ", ".join(str(p) for p in paths))
    all_warnings = [*warnings, *(w for _, w in loaded if w)]
    return Corpus(files=tuple(notes), warnings=tuple(all_warnings)), loaded


def load_corpus(paths: Sequence[str | Path]) -> Corpus:
    """Read every note file under the given files or directories into passages."""
    found, warnings = discover(paths)
    return load_files(found, warnings, paths)[0]
