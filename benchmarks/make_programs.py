"""Write corpus/programs.txt: the names of command-line programs, from the tldr pages.

    python benchmarks/make_programs.py ../shared/data/tldr-pages/pages > corpus/programs.txt
    python benchmarks/make_programs.py ../shared/data/tldr-pages/pages --english > corpus/programs-english.txt

A name is kept when it is a single lower-case word that is no English word the dictionary
(CC-CEDICT, through askdocker.bridge) uses: "git", "kubectl", "tmux", "npm", not "watch", "find" or
"screen", which questions use as words. `docker` is kept, though the dictionary has a docker who
works at the docks: to notes about git it is another program. retrieve reads the list to tell a
question about another program ("git commit -m …") from one about the notes' ("docker commit").

With --english, the other names: programs whose names are English words ("tail", "kill", "screen"),
which retrieve takes for a program only when a flag follows ("tail -f a log file").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from askdocker.analysis import stem
from askdocker.bridge import english_senses

NAME = re.compile(r"[a-z][a-z0-9]*")
PLATFORMS = ("common", "linux", "osx", "windows")


def main(pages: str, english: bool = False) -> None:
    names = {f.stem for d in PLATFORMS for f in (Path(pages) / d).glob("*.md")}
    words = {n for n in names if NAME.fullmatch(n) and n != "docker" and english_senses(stem(n)) > 0}
    kept = sorted(words if english else {n for n in names if NAME.fullmatch(n)} - words)
    print("# Command-line programs (names of tldr-pages pages, https://github.com/tldr-pages/tldr, CC BY 4.0),")
    if english:
        print("# single words that are English words of CC-CEDICT's. Written by benchmarks/make_programs.py --english.")
    else:
        print("# single words that are no English word of CC-CEDICT's. Written by benchmarks/make_programs.py.")
    print("\n".join(kept))


if __name__ == "__main__":
    main(sys.argv[1], "--english" in sys.argv[2:])
