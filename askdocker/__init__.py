"""askdocker: answers Docker questions from your own notes, offline, in English and Chinese."""

__version__ = "0.1.0"
