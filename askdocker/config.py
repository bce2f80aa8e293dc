"""Paths (ASKDOCKER_HOME, XDG dirs), defaults and the config file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from askdocker.models import AskdockerError

APP = "askdocker"
DEFAULT_TOP = 3


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var, "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / fallback


def home() -> Path | None:
    """ASKDOCKER_HOME, when set: one directory for cache, data and config."""
    value = os.environ.get("ASKDOCKER_HOME", "")
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Where the built index and the parsed dictionary are kept."""
    h = home()
    return h / "cache" if h else _xdg("XDG_CACHE_HOME", ".cache") / APP


def data_dir() -> Path:
    """Where the chat history is kept."""
    h = home()
    return h / "data" if h else _xdg("XDG_DATA_HOME", ".local/share") / APP


def config_dir() -> Path:
    """Where config.toml is read from."""
    h = home()
    return h / "config" if h else _xdg("XDG_CONFIG_HOME", ".config") / APP


def config_path() -> Path:
    """The config file."""
    return config_dir() / "config.toml"


def data_root() -> Path:
    """The corpus/ folder that ships with askdocker: the bundled notes and language data."""
    try:
        import askdocker_corpus  # installed from corpus/ by pyproject.toml

        return Path(askdocker_corpus.__file__).parent
    except ImportError:  # running from a source checkout without installing
        return Path(__file__).resolve().parent.parent / "corpus"


def file_digest(path: Path) -> str:
    """A short hash of a shipped data file's bytes ("none" when it cannot be read): part of the
    analyzer version for the files the index is built from (the glossary, Docker's help lines)."""
    import hashlib

    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return "none"


def bundled_notes() -> Path:
    """The user's notes that ship with askdocker."""
    return data_root() / "docker-notes.md"


class ConfigError(AskdockerError):
    """A config file that cannot be read or holds a bad value (one line, names the file)."""


COLORS = ("auto", "always", "never")
GLOSS_LANGS = ("en", "zh", "both")


@dataclass(frozen=True)
class Settings:
    """The effective settings and, for each, where it came from."""

    corpus: list[str]
    top: int = DEFAULT_TOP
    color: str = "auto"
    gloss: str = "en"
    sources: dict[str, str] = field(default_factory=dict)


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, overridden by the config file (TOML) when there is one."""
    path = path or config_path()
    values: dict = {}
    if path.is_file():
        try:
            import tomllib
        except ImportError:  # Python < 3.11
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"{path}: {e}") from e
    sources = {k: "default" for k in ("corpus", "top", "color", "gloss")}
    corpus = [str(bundled_notes())]
    if "corpus" in values:
        raw = values["corpus"]
        raw = [raw] if isinstance(raw, str) else raw
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw) or not raw:
            raise ConfigError(f"{path}: corpus must be a path or a list of paths")
        base = path.parent
        # "bundled" names the notes that ship with askdocker, so yours can sit beside them
        corpus = [str(bundled_notes()) if x == "bundled" else str((base / Path(x).expanduser()).resolve()) for x in raw]
        sources["corpus"] = str(path)
    top = values.get("top", DEFAULT_TOP)
    if not isinstance(top, int) or isinstance(top, bool) or top < 0:
        raise ConfigError(f"{path}: top must be a whole number of 0 or more")
    color = values.get("color", "auto")
    if color not in COLORS:
        raise ConfigError(f"{path}: color must be one of {', '.join(COLORS)}")
    gloss = values.get("gloss", "en")
    if gloss not in GLOSS_LANGS:
        raise ConfigError(f"{path}: gloss must be one of {', '.join(GLOSS_LANGS)}")
    for k in ("top", "color", "gloss"):
        if k in values:
            sources[k] = str(path)
    unknown = sorted(set(values) - set(sources))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r}")
    return Settings(corpus=corpus, top=top, color=color, gloss=gloss, sources=sources)
