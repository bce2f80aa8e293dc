"""Measure askdocker's speed and memory; prints one markdown table with the machine it ran on.

    python benchmarks/bench.py                 # startup, chat, tldr pages build/query/refresh
    python benchmarks/bench.py --quick         # fewer runs, no tldr
    python benchmarks/bench.py --scale 10      # also 10 × tldr pages (slow); --scale 2 5 10 for growth

Every build runs in a fresh subprocess with a cold, temporary cache, and reports its own peak
memory (VmHWM, or resource.getrusage maxrss where /proc is missing). Nothing here is asserted on in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TLDR = ROOT.parent / "shared" / "data" / "tldr-pages" / "pages"
QUESTIONS = ROOT / "eval" / "questions.jsonl"
ASK = "how do I map a port"
ASK_ZH = "怎么映射端口"


def machine() -> str:
    """CPU model, cores, Python and OS, one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def wall(argv: list[str], env: dict, runs: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def p95(xs: list[float]) -> float:
    """The 95th percentile."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] if xs else float("nan")


def child(argv: list[str], home: Path) -> dict:
    """Run this script's --child mode in a fresh process and read its JSON result."""
    env = {**os.environ, "ASKDOCKER_HOME": str(home)}
    out = subprocess.run([sys.executable, __file__, "--child", *argv], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_mb(resource) -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own address space;
    ru_maxrss would also count the benchmark process it was forked from (Linux keeps the peak
    across exec), which is larger than a small build once the chat figure has run."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args: list[str]) -> None:
    """In a subprocess: build (or refresh) the index of a corpus, optionally time questions."""
    import resource

    mode, corpus = args[0], args[1]
    t = time.perf_counter()
    from askdocker.config import cache_dir
    from askdocker.index import open_index

    index = open_index([corpus], cache_dir())
    seconds = time.perf_counter() - t
    result = {"seconds": seconds, "maxrss_mb": peak_mb(resource),
              "passages": len(index.passages), "sklearn": "sklearn" in sys.modules}
    if mode == "query":
        from askdocker.answer import ask

        qs = [p.text.split("\n")[0].lstrip("-* ").rstrip(":：") for p in index.passages if p.kind == "example"]
        step = max(1, len(qs) // int(args[2]))
        times = []
        for q in qs[::step]:
            a = time.perf_counter()
            ask(index, q)
            times.append(time.perf_counter() - a)
        result.update(p95=p95(times), median=statistics.median(times), questions=len(times))
    print(json.dumps(result))


VARY = re.compile(r"\b([A-Za-z]{4,})\b")


def replicate(src: Path, dst: Path, times: int) -> None:
    """Copies of the pages with varied words, so each copy adds vocabulary as real notes would."""
    for k in range(times):
        for f in src.rglob("*.md"):
            rel = f.relative_to(src)
            out = dst / f"copy{k}" / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            text = f.read_text(encoding="utf-8")
            if k:
                # every third long word gets a copy-specific suffix; commands keep their shape
                n = [0]

                def vary(m, k=k):
                    n[0] += 1
                    return m.group(1) + f"x{k}" if n[0] % 3 == 0 else m.group(1)

                text = VARY.sub(vary, text)
            out.write_text(text, encoding="utf-8")


def chat_p95(runs: int) -> tuple[float, int]:
    """In-process: open the bundled index once, time askdocker.answer.ask on the eval questions."""
    from askdocker.answer import ask
    from askdocker.config import bundled_notes
    from askdocker.index import open_index

    with tempfile.TemporaryDirectory() as tmp:
        index = open_index([bundled_notes()], Path(tmp))
        qs = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
        for q in qs:  # warm the lexicon and the stemmer once, as a chat session would
            ask(index, q)
        times = []
        for _ in range(runs):
            for q in qs:
                t = time.perf_counter()
                ask(index, q)
                times.append(time.perf_counter() - t)
    return p95(times), len(qs)


def main() -> int:
    """Run the benchmarks and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="runs per startup measurement (default 10)")
    ap.add_argument("--quick", action="store_true", help="3 runs, skip the tldr pages")
    ap.add_argument("--tldr", default=str(TLDR), help="the tldr-pages 'pages' folder")
    ap.add_argument("--scale", type=int, nargs="*", default=[], metavar="N", help="also N × tldr pages (slow), e.g. --scale 2 5 10")
    ap.add_argument("--questions", type=int, default=1000, help="tldr questions to time (default 1000)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child(args.child)
        return 0
    runs = 3 if args.quick else args.runs
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = {**os.environ, "ASKDOCKER_HOME": str(home), "NO_COLOR": "1"}
        ask = [sys.executable, "-m", "askdocker", "ask"]
        subprocess.run(ask + [ASK], env=env, capture_output=True, check=False)  # build the cache
        subprocess.run(ask + [ASK_ZH], env=env, capture_output=True, check=False)  # and the lexicon cache
        numpy_s = wall([sys.executable, "-c", "import numpy"], env, runs)
        ask_s = wall(ask + [ASK], env, runs)
        ask_zh = wall(ask + [ASK_ZH], env, runs)
        rows.append(("`python -c \"import numpy\"`, median wall", f"{numpy_s * 1000:.0f} ms", "reference"))
        rows.append(("one-shot `askdocker ask` (English), cached, median wall",
                     f"{ask_s * 1000:.0f} ms = {ask_s / numpy_s:.1f} × numpy", "≤ 3 × numpy"))
        rows.append(("one-shot `askdocker ask` (Chinese), cached, median wall",
                     f"{ask_zh * 1000:.0f} ms = {ask_zh / numpy_s:.1f} × numpy", "≤ 3 × numpy"))
        chat, nq = chat_p95(max(1, runs // 2))
        rows.append((f"chat per question, bundled notes ({nq} questions), p95", f"{chat * 1000:.1f} ms", "≤ 20 ms"))
        tldr = Path(args.tldr)
        if not args.quick and tldr.is_dir():
            cold = Path(tmp) / "tldr-home"
            b = child(["build", str(tldr)], cold)
            rows.append((f"tldr pages ({b['passages']} passages): full build, cold cache",
                         f"{b['seconds']:.1f} s, {b['maxrss_mb']:.0f} MB peak", "≤ 15 s, ≤ 400 MB"))
            q = child(["query", str(tldr), str(args.questions)], cold)
            rows.append((f"tldr pages: per question, p95 ({q['questions']} example descriptions)",
                         f"{q['p95'] * 1000:.1f} ms", "≤ 30 ms"))
            rows.append(("tldr pages: open the cached index (load, no build)", f"{q['seconds']:.2f} s, {q['maxrss_mb']:.0f} MB", "—"))
            # refresh: one changed page, in a private copy of the pages
            copy = Path(tmp) / "tldr-copy"
            shutil.copytree(tldr, copy)
            child(["build", str(copy)], cold)
            page = next(copy.rglob("docker.md"), None) or next(copy.rglob("*.md"))
            page.write_text(page.read_text(encoding="utf-8") + "\n- Show the changed page:\n\n`docker changed`\n", encoding="utf-8")
            r = child(["build", str(copy)], cold)
            rows.append(("tldr pages: refresh after one changed file", f"{r['seconds']:.1f} s", "≤ 2 s"))
            shutil.rmtree(copy)
            for n in args.scale:
                big = Path(tmp) / f"tldr-x{n}"
                replicate(tldr, big, n)
                home_n = Path(tmp) / f"home-x{n}"
                b = child(["build", str(big)], home_n)
                q = child(["query", str(big), str(args.questions)], home_n)
                goal = "≤ 150 s / ≤ 150 ms, memory linear" if n == 10 else "linear growth"
                rows.append((f"{n} × tldr pages ({b['passages']} passages): build / per question p95",
                             f"{b['seconds']:.1f} s, {b['maxrss_mb']:.0f} MB peak / {q['p95'] * 1000:.1f} ms", goal))
                shutil.rmtree(big)
                shutil.rmtree(home_n)
    print(f"Machine: {machine()}  \nDate: {time.strftime('%Y-%m-%d')}, {runs} runs per startup figure\n")
    print("| what | measured | goal |\n|---|---|---|")
    for what, got, goal in rows:
        print(f"| {what} | {got} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
