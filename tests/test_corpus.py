"""Tests for askdocker.corpus: markdown notes and tldr pages → passages, and loading a corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from askdocker.corpus import CorpusError, load_corpus, parse_markdown

NOTES = Path(__file__).resolve().parents[1] / "corpus" / "docker-notes.md"
NOTE_LINES = NOTES.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def seed():
    """The passages of the bundled notes, loaded the way askdocker loads them (with glosses)."""
    return load_corpus([NOTES]).passages


def by_line(passages, line):
    """The one passage that starts at `line`."""
    found = [p for p in passages if p.start == line]
    assert len(found) == 1, f"expected one passage at line {line}, got {found}"
    return found[0]


# --- the seed notes ---------------------------------------------------------------------------


def test_seed_has_enough_passages(seed):
    assert len(seed) >= 60


def test_seed_every_passage_is_verbatim_lines_of_the_file(seed):
    for p in seed:
        assert p.source == "docker-notes.md"
        assert 1 <= p.start <= p.end <= len(NOTE_LINES), p
        assert p.text == "\n".join(NOTE_LINES[p.start - 1 : p.end]), p
        assert p.lines == (p.start, p.end)


def test_seed_ids_unique_and_stable(seed):
    ids = [p.id for p in seed]
    assert len(ids) == len(set(ids))
    again = load_corpus([NOTES]).passages
    assert [p.id for p in again] == ids


def test_seed_ids_survive_unrelated_edits():
    """Ids come from content, not position: a line added above does not change them."""
    text = NOTES.read_text(encoding="utf-8")
    before = {p.text: p.id for p in parse_markdown("docker-notes.md", text)}
    after = parse_markdown("docker-notes.md", "\n" + text)
    assert {p.text: p.id for p in after} == before
    assert all(p.start >= 2 for p in after)


def test_seed_passages_are_in_file_order_and_do_not_overlap(seed):
    for a, b in zip(seed, seed[1:]):
        assert a.end < b.start


def test_seed_every_non_blank_line_is_in_a_passage(seed):
    covered = {n for p in seed for n in range(p.start, p.end + 1)}
    contexts = {p.context for p in seed}
    for n, line in enumerate(NOTE_LINES, start=1):
        if line.strip() and not set(line.strip()) <= set("|-: "):
            # a header row of column labels (blank first cell) is the context of every row below it
            assert n in covered or line.strip() in contexts, f"line {n} is in no passage: {line!r}"


def test_a_header_of_column_labels_is_no_passage_of_its_own(seed):
    # "|  | docker | 虚拟机 |" says nothing alone: "docker 和虚拟机有什么区别" should land on a row
    assert not any(p.start == 3 for p in seed)
    rows = [p for p in seed if 5 <= p.start <= 10]
    assert len(rows) == 6 and all("虚拟机" in p.context for p in rows)
    # a header row with content of its own stays a passage ("| 蓝色的大海里面 | 宿主机系统 |")
    assert any(p.start == 68 for p in seed)


@pytest.mark.parametrize(
    "line, section",
    [
        (14, ("docker命令",)),
        (20, ("镜像命令",)),
        (24, ("镜像命令", "docker images：列出本地主机上的镜像")),
        (35, ("镜像命令", "docker rmi 某个镜像名字id ：删除某个镜像")),
        (39, ("容器命令",)),
        (47, ("容器命令", "有镜像才可以创建容器")),
        (52, ("容器命令", "有镜像才可以创建容器")),
        (56, ("重要的容器命令",)),
        (60, ("重要的容器命令", "查看容器日志：docker logs -f -t --tail 容器id")),
        (64, ("重要的容器命令", "从宿主机进入容器：docker  attach 容器id")),
        (70, ("docker的logo：鲸鱼背上有集装箱",)),
    ],
)
def test_seed_section_paths(seed, line, section):
    assert by_line(seed, line).section == section


def test_seed_bold_heading_is_a_sibling_not_a_child(seed):
    """**容器命令** sits beside ##### 镜像命令, not inside it."""
    for p in seed:
        if 39 <= p.start <= 52:
            assert "镜像命令" not in p.section, p
    bold = by_line(seed, 37)
    assert bold.kind == "heading"
    assert "镜像命令" not in bold.section


@pytest.mark.parametrize(
    "line, kind",
    [(1, "heading"), (5, "row"), (10, "row"), (12, "heading"), (14, "item"), (21, "item"), (47, "item"), (71, "row")],
)
def test_seed_kinds(seed, line, kind):
    assert by_line(seed, line).kind == kind


def test_seed_list_items_are_one_line_each(seed):
    for line in range(39, 53):
        p = by_line(seed, line)
        assert (p.start, p.end) == (line, line)


def test_seed_table_row_has_header_as_context(seed):
    row = by_line(seed, 6)
    assert "虚拟机" in row.context and "docker" in row.context
    assert "|" in row.text and "镜像小" in row.text


def test_seed_commands_are_attached(seed):
    assert by_line(seed, 47).commands == ("Ctrl+P Ctrl+Q",)
    assert "docker run -it -p 8888:8080 tomcat" in by_line(seed, 51).commands
    assert by_line(seed, 35).commands == ("docker rmi -f $(docker images -qa)",)
    # the verbatim text keeps the typos and full-width punctuation
    assert "crlt+p+q" in by_line(seed, 47).text
    assert "8888：8080" in by_line(seed, 51).text


def test_seed_glosses_attached(seed):
    assert "without stopping" in by_line(seed, 47).gloss
    assert "random" in by_line(seed, 52).gloss.lower()
    glossed = [p for p in seed if p.gloss]
    assert len(glossed) >= len(seed) - 3


def test_glosses_only_with_the_gloss_file(tmp_path):
    note = tmp_path / "docker-notes.md"
    note.write_bytes(NOTES.read_bytes())
    assert not any(p.gloss for p in load_corpus([note]).passages)


def test_gloss_for_a_changed_line_is_dropped(tmp_path):
    """A gloss is keyed by its line's text: an edited line loses its stale gloss."""
    (tmp_path / "docker-notes.gloss.json").write_bytes(NOTES.with_name("docker-notes.gloss.json").read_bytes())
    lines = list(NOTE_LINES)
    lines[46] = "   8. ctrl+p+q 退出但不停止容器"
    (tmp_path / "docker-notes.md").write_text("\n".join(lines), encoding="utf-8")
    ps = load_corpus([tmp_path / "docker-notes.md"]).passages
    assert by_line(ps, 47).gloss == ""
    assert by_line(ps, 52).gloss


# --- small markdown fixtures ------------------------------------------------------------------

HEADINGS = """\
# One
## Two
### Three
#### Four
##### Five
###### Six
text under six
#####NoSpace
text under nospace
"""


def test_headings_of_every_level():
    ps = parse_markdown("h.md", HEADINGS)
    six = by_line(ps, 7)
    assert six.kind == "paragraph"
    assert six.section == ("One", "Two", "Three", "Four", "Five", "Six")
    nospace = by_line(ps, 9)
    assert nospace.section == ("One", "Two", "Three", "Four", "NoSpace")
    assert [p.kind for p in ps[:6]] == ["heading"] * 6


def test_heading_closes_deeper_headings():
    ps = parse_markdown("h.md", "# A\n## B\nb text\n## C\nc text\n# D\nd text\n")
    assert by_line(ps, 3).section == ("A", "B")
    assert by_line(ps, 5).section == ("A", "C")
    assert by_line(ps, 7).section == ("D",)


def test_bold_line_heading_is_sibling_of_last_heading():
    ps = parse_markdown("b.md", "## Images\n- list images\n\n**Containers**\n\n- run one\n")
    assert by_line(ps, 2).section == ("Images",)
    assert by_line(ps, 4).kind == "heading"
    assert by_line(ps, 6).section == ("Containers",)


def test_bold_text_inside_a_paragraph_is_not_a_heading():
    ps = parse_markdown("b.md", "# T\nsome **bold** word in a sentence\n")
    p = by_line(ps, 2)
    assert p.kind == "paragraph" and p.section == ("T",)


NESTED = """\
# Lists

1. first
   1. first.one
   2. first.two
      - first.two.bullet
2. second
- bullet
  - nested bullet
"""


def test_nested_numbered_and_bullet_lists():
    ps = parse_markdown("l.md", NESTED)
    assert [(p.start, p.kind) for p in ps[1:]] == [(n, "item") for n in (3, 4, 5, 6, 7, 8, 9)]
    assert by_line(ps, 3).section == ("Lists",)
    assert by_line(ps, 4).section == ("Lists", "first")
    assert by_line(ps, 6).section == ("Lists", "first", "first.two")
    assert by_line(ps, 7).section == ("Lists",)
    assert by_line(ps, 9).section == ("Lists", "bullet")
    assert by_line(ps, 9).text == "  - nested bullet"


def test_nested_item_carries_parent_for_commands():
    """A nested flag item gets its parent's command: `-a` under `docker images` is `docker images -a`."""
    ps = parse_markdown("l.md", "1. docker images：列出镜像\n   1. -a：列出所有\n")
    assert by_line(ps, 2).commands == ("docker images -a",)


def test_list_item_continuation_lines():
    ps = parse_markdown("l.md", "- an item that\n  goes on here\n- next\n")
    assert (by_line(ps, 1).start, by_line(ps, 1).end) == (1, 2)
    assert by_line(ps, 1).text == "- an item that\n  goes on here"


TABLE = """\
## Compare

| what | docker | vm |
| --- | --- | --- |
| size | small | big |
| speed | seconds | minutes |
"""


def test_table_rows_with_header_as_context():
    ps = parse_markdown("t.md", TABLE)
    rows = [p for p in ps if p.kind == "row" and p.context]
    assert [p.start for p in rows] == [5, 6]
    for p in rows:
        assert p.context == "| what | docker | vm |"
        assert p.section == ("Compare",)
        assert p.text.startswith("| ")
    assert not any(p.start == 4 for p in ps), "the rule line is not a passage"


def test_paragraphs_are_split_on_blank_lines():
    ps = parse_markdown("p.md", "# P\n\nfirst line\nsecond line\n\nanother\n")
    assert [(p.start, p.end, p.kind) for p in ps] == [(1, 1, "heading"), (3, 4, "paragraph"), (6, 6, "paragraph")]
    assert by_line(ps, 3).text == "first line\nsecond line"


def test_fenced_code_is_one_passage_and_not_parsed():
    md = "# C\n\n```bash\n# not a heading\n- not an item\ndocker ps -a\n```\nafter\n"
    ps = parse_markdown("c.md", md)
    code = by_line(ps, 3)
    assert code.kind == "code"
    assert (code.start, code.end) == (3, 7)
    assert "docker ps -a" in code.commands
    assert by_line(ps, 8).section == ("C",)
    assert not any(p.kind == "heading" and p.start == 4 for p in ps)


TLDR = """\
# docker ps

> List Docker containers.
> More information: <https://docs.docker.com/engine/reference/commandline/ps>.

- List currently running Docker containers:

`docker ps`

- List all Docker containers (running and stopped):

`docker ps --all`
"""


def test_tldr_page_examples():
    ps = parse_markdown("common/docker-ps.md", TLDR)
    examples = [p for p in ps if p.kind == "example"]
    assert [(p.start, p.end) for p in examples] == [(6, 8), (10, 12)]
    for p in examples:
        assert p.section == ("docker ps", "List Docker containers.")
    assert examples[0].commands == ("docker ps",)
    assert examples[1].commands == ("docker ps --all",)
    assert "running and stopped" in examples[1].text and "`docker ps --all`" in examples[1].text


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_crlf_and_lf_give_the_same_passages(newline):
    md = "# T\n\n- item one\n- item two\n\n| a | b |\n| - | - |\n| 1 | 2 |\n".replace("\n", newline)
    ps = parse_markdown("c.md", md)
    assert [(p.start, p.end, p.text) for p in ps if p.kind != "row"] == [
        (1, 1, "# T"),
        (3, 3, "- item one"),
        (4, 4, "- item two"),
    ]
    assert all("\r" not in p.text and "\r" not in "".join(p.section) for p in ps)


def test_empty_and_blank_notes_give_no_passages():
    assert parse_markdown("e.md", "") == []
    assert parse_markdown("e.md", "\n\n   \n") == []


def test_passage_ids_unique_for_repeated_text():
    ps = parse_markdown("d.md", "- same\n- same\n- same\n")
    assert len({p.id for p in ps}) == 3


# --- loading a corpus -------------------------------------------------------------------------


def test_directory_recursion_sources_relative(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "top.md").write_text("# Top\n- docker ps\n", encoding="utf-8")
    (tmp_path / "sub" / "notes.txt").write_text("docker images\n", encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "more.md").write_text("- docker logs\n", encoding="utf-8")
    (tmp_path / "sub" / "skip.rst").write_text("docker rmi\n", encoding="utf-8")
    (tmp_path / "sub" / "skip.py").write_text("print('docker')\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    sources = sorted({p.source for p in corpus.passages})
    assert sources == ["sub/deeper/more.md", "sub/notes.txt", "top.md"]


def test_single_file_source_is_its_name(tmp_path):
    f = tmp_path / "mine.md"
    f.write_text("- docker ps\n", encoding="utf-8")
    assert {p.source for p in load_corpus([f]).passages} == {"mine.md"}


def test_several_paths(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.md").write_text("- docker ps\n", encoding="utf-8")
    (b / "y.md").write_text("- docker images\n", encoding="utf-8")
    assert {p.source for p in load_corpus([a, b]).passages} == {"x.md", "y.md"}


def test_missing_path_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError) as e:
        load_corpus([tmp_path / "nope"])
    assert "nope" in str(e.value)


def test_empty_directory_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError):
        load_corpus([tmp_path])


def test_non_utf8_file_warns_with_its_name(tmp_path):
    (tmp_path / "good.md").write_text("- docker ps：列出容器\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes("- docker images：列出镜像\n".encode("gbk"))
    corpus = load_corpus([tmp_path])
    assert any("bad.md" in w for w in corpus.warnings)
    assert not any("good.md" in w for w in corpus.warnings)
    assert any(p.source == "good.md" and "列出容器" in p.text for p in corpus.passages)


def test_utf8_bom_is_not_in_the_text(tmp_path):
    f = tmp_path / "bom.md"
    f.write_bytes("\ufeff# T\n- docker ps\n".encode("utf-8"))
    ps = load_corpus([f]).passages
    assert by_line(ps, 1).text == "# T"
