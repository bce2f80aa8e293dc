"""Print the README's evaluation tables: `askdocker eval --baselines --json` on every bundled set
and on xl-dev, as Markdown. Run from the checkout (xl-dev is read from ../shared when present):

    python benchmarks/eval_tables.py > /tmp/tables.md
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ["questions", "holdout", "holdout2", "holdout3", "verbose", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9",
        "holdout10", "holdout11", "holdout12", "holdout13", "holdout14", "holdout15", "holdout16"]
XL = ROOT.parent / "shared" / "eval" / "xl-dev"
KEYS = ("hit@1", "hit@3", "hit@5", "MRR@10", "nDCG@10", "declined_unanswerable", "declined_answerable")
HEAD = ("| system | lang | answerable / unanswerable | " + " | ".join(KEYS) + " | p50 / p95 ms |\n"
        "|---|---|---|" + "---:|" * (len(KEYS) + 1))


def fmt(v) -> str:
    return "—" if v is None else f"{v:.3f}"


def rows(name: str, report: dict, counts: dict, lang_counts: dict, langs: bool) -> list[str]:
    lat = report["latency_ms"]
    out = [f"| **{name}** | all | {counts['answerable']} / {counts['unanswerable']} | "
           + " | ".join(fmt(report["metrics"][k]) for k in KEYS) + f" | {fmt(lat['p50'])} / {fmt(lat['p95'])} |"]
    for lang, m in (report.get("by_lang", {}).items() if langs else ()):
        c = lang_counts.get(lang, {})
        out.append(f"| | {lang} | {c.get('answerable', 0)} / {c.get('unanswerable', 0)} | "
                   + " | ".join(fmt(m[k]) for k in KEYS) + " | |")
    return out


def table(args: list[str], langs: bool = True) -> str:
    cmd = [sys.executable, "-m", "askdocker", "eval", *args, "--baselines", "--json"]
    d = json.loads(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False).stdout)
    lines = [f"`askdocker eval {' '.join(args)} --baselines`", "", HEAD]
    lines += rows("askdocker", d, d["counts"], d["lang_counts"], langs)
    for name, b in d["baselines"].items():
        lines += rows(name, b, d["counts"], d["lang_counts"], langs)
    return "\n".join(lines)


def main() -> None:
    out = [table([f"eval/{s}.jsonl"]) for s in SETS]
    if XL.is_dir():
        out.append(table(["../shared/eval/xl-dev/pairs.jsonl", "--corpus", "../shared/eval/xl-dev/pages.zh"], langs=False))
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
