"""Tests for askdocker.retrieve: ranking of the bundled notes, and the decision to decline.

The questions are written the way people ask them, not copied from the notes or eval/. Each
names the line of corpus/docker-notes.md whose passage must come first. A case that fails
today stays here, marked xfail(strict=False), so the gap is visible while retrieval improves.
"""

from __future__ import annotations

import pytest

from askdocker.answer import ask, build_answer, read_question
from askdocker.retrieve import decide, search


def rules(index, question, top=3):
    """The hand-ordered pipeline's answer (its search and decline), which the fitted scorer reads as
    the features rule_score, rule_first and rules_answer: its vetoes are tested through it."""
    read = read_question(index, question)
    hits = search(index, read, max(top, 3))
    d = decide(index, read, hits)
    return build_answer(index, question, hits, d.answered, d.reason, top)


def xfail(q, line, why):
    """A ranking case known to fail today."""
    return pytest.param(q, line, marks=pytest.mark.xfail(strict=False, reason=why), id=q)


RANKING = [
    ("how do I exit without stopping a container", 47),
    ("how do I list the images on my machine", 20),
    ("only show image IDs", 22),
    ("how to see image digests", 23),
    ("show full image info without truncating", 24),
    ("what is a tag of an image", 25),
    ("search docker hub for an image", 28),
    ("find tomcat images with more than 30 stars", 29),
    ("how do I download an image", 30),
    ("pull tomcat latest", 31),
    ("remove several images at once", 34),
    ("run a container interactively", 40),
    ("list recently created containers", 42),
    ("quiet mode only show container ids", 43),
    ("create and start a new container", 44),
    ("list running containers", 45),
    ("stop the container and exit", 46),
    ("stop a container", 49),
    ("kill a container forcefully", 50),
    ("map a port from host to container", 51),
    ("publish to a random port", 52),
    ("run a container in the background", 56),
    ("view container logs", 57),
    ("follow log output", 59),
    ("show timestamps in logs", 58),
    ("show only the last few lines of logs", 60),
    ("inspect container details", 61),
    # 63 (attach：直接进入容器启动命令的终端) defines the word; 62 gives the command
    ("attach to a running container", (62, 63)),
    ("check docker version", 14),
    ("docker info", 15),
    ("commit a container as a new image", 75),
    ("are images layered", 73),
    ("delete all images", 35),
    ("start a stopped container", 48),
    ("docker help", 16),  # "help" is what `docker --help` is about, no stop word
    # Docker's help beside the notes: `rmi -f` is "Force removal of the image", `attach` reaches
    # "a running container"
    ("force delete an image by id", 33),
    ("get into a running container shell", 62),
    ("get out of the container's shell but leave it running", 47),  # "leave it running": not stopping
    # the action decides between notes that cover as much ("-a：列出本地所有的镜像" lists local images)
    ("how to delete all local images", 35),
    # what has been done says which images: list them, not `docker pull`
    ("how do I see which images I have downloaded?", 20),
    ("怎么查看本机已经下载了哪些镜像", 20),
    # not an action it does without
    ("how to delete every local image without copy-pasting each id", 35),
    # a how-to question that mentions a word is not asking what the word means (`exit：…`)
    ("一 exit 容器就停了，有没有什么快捷键能退出来又不让它停", 47),
    ("what does exit do", 46),
    ("怎么把本地镜像全部清掉", 35),
    ("list all local images", 21),
    ("I tweaked a container by hand, how do I save it as an image", 75),  # "save … as an image": commit
    # Chinese
    ("怎么退出容器但不停止", 47),
    ("退出容器但不想让它停", 47),  # 不想 "don't want" is the negation, not "unexpectedly"
    ("怎么强制删掉一个镜像", 33),  # not 强制停止容器 (docker kill): `rmi -f` forces removal
    ("已经停掉的容器怎么重新跑起来", 48),  # 重新…起来 "get it going again": `docker start`
    ("How do I bring a stopped container back up?", 48),
    ("如何查看本地镜像", 20),
    ("怎么下载镜像", 30),
    ("删除全部镜像", 35),
    ("怎么后台运行容器", 56),
    ("查看容器日志", 57),
    ("端口映射怎么做", 51),
    ("随机端口", 52),
    ("强制停止容器", 50),
    ("列出正在运行的容器", 45),
    ("进入容器", 62),
    ("从宿主机怎么进到正在运行的容器里面", 62),  # 进 is "enter", not the dictionary's "go forward"
    ("docker 和虚拟机的存储大小", 6),
    # mixed
    ("docker run 的 -d 是什么", 56),
    ("docker logs 的 -f 什么意思", 59),
    ("docker images -q 是干嘛的", 22),
    ("docker rmi -f 删除多个", 34),
    ("docker commit 怎么用", 75),
    ("-P 随机端口", 52),
    xfail("exec和attach有什么不同", 64, "ranks 63 (attach：...) above 64 (exec：...)"),
]


@pytest.mark.parametrize("question, line", RANKING)
def test_expected_passage_first(notes_index, question, line):
    hits = search(notes_index, question, top=3)
    assert hits, "no hits"
    got = [(h.passage.start, round(h.score, 3)) for h in hits]
    lines = line if isinstance(line, tuple) else (line,)
    assert hits[0].passage.start in lines, f"expected line {line} first, got {got}"


def test_at_least_thirty_ranking_questions():
    assert len(RANKING) >= 31


def test_example_question_in_top_two(notes_index):
    """Weaker than rank 1 (see the xfail above), but must hold today."""
    hits = search(notes_index, "how do I exit without stopping a container", top=3)
    assert 47 in [h.passage.start for h in hits[:2]]


def test_hits_best_first_with_ranks_and_bounded_scores(notes_index):
    hits = search(notes_index, "how do I list images", top=10)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 < s <= 1.0 + 1e-9 for s in scores)


def test_top_limits_hits(notes_index):
    assert len(search(notes_index, "container", top=1)) == 1
    assert len(search(notes_index, "container", top=5)) == 5
    assert search(notes_index, "container", top=0) == []


def test_same_question_same_ranking(notes_index):
    q = "docker run 的 -d 是什么"
    a = [(h.passage.id, h.score) for h in search(notes_index, q, top=5)]
    assert a == [(h.passage.id, h.score) for h in search(notes_index, q, top=5)]


def test_p_and_P_find_different_notes(notes_index):
    assert search(notes_index, "-p 主机端口", top=1)[0].passage.start == 51
    assert search(notes_index, "-P 随机", top=1)[0].passage.start == 52


# --- declining ---------------------------------------------------------------------------------

def xdecide(q, why):
    """A decline case whose decision is wrong today."""
    return pytest.param(q, marks=pytest.mark.xfail(strict=False, reason=why), id=q)


UNANSWERABLE = [
    "docker compose up",
    "how to mount a volume",
    "write a Dockerfile",
    "how do I exit vim",
    "what's the weather today",
    "docker network create",
    "docker-compose.yml 怎么写",
    "怎么退出vim",
    "今天天气怎么样",
    xdecide("how to clear container logs", "on the edge: declined only because \"clear\", half its weight, is a word the notes never use; \"gracefully stop a container\" has the same shape and is answerable"),
    "docker pull 很慢怎么办",
    "how to build an image from a dockerfile",
    "kubernetes pod",
    "数据卷怎么挂载",
    # the notes delete images, not containers
    "怎么删除已经停止的容器？注意不是删镜像",
]

ANSWERABLE = [
    "how do I exit without stopping a container",
    "how do I download an image",
    "list running containers",
    "怎么退出容器但不停止",
    "查看容器日志",
    "docker run 的 -d 是什么",
    "map a port from host to container",
    "docker vs virtual machine",
    "docker 和虚拟机有什么区别",
    "-p 和 -P 的区别",
    "show full image id without truncating",
]


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_declines_what_the_notes_do_not_cover(notes_index, question):
    a = rules(notes_index, question, top=3)
    assert a.answered is False
    assert a.best is None
    assert a.suggestions, "a decline names topics the notes do cover"


@pytest.mark.parametrize("question", ANSWERABLE)
def test_answers_what_the_notes_cover(notes_index, question):
    a = ask(notes_index, question, top=3)
    assert a.answered is True
    assert a.best is not None and a.best == a.hits[0]


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_declines(notes_index, question):
    assert ask(notes_index, question, top=3).answered is False


def test_declined_answer_still_has_hits(notes_index):
    a = rules(notes_index, "how do I exit vim", top=3)
    assert not a.answered and a.hits


def test_answer_of_example_question(notes_index):
    a = ask(notes_index, "how do I exit without stopping a container", top=3)
    assert a.answered and a.lang == "en"
    if a.best.passage.start == 47:
        assert a.commands == ("Ctrl+P Ctrl+Q",)
        assert a.show_gloss
    assert len(a.related) <= 2 and all(h.passage.id != a.best.passage.id for h in a.related)


# --- spelling, coverage re-scoring, negation ------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("dokcer imges", "docker images"),
    ("docker imgs", "docker images"),  # an abbreviation written out names the command
    ("force rm an img pls", "force rm an image please"),
    ("how to stop contianer", "how to stop container"),
    ("conatiner logs", "container logs"),
])
def test_spelling_is_corrected_against_the_notes(notes_index, typed, meant):
    from askdocker.retrieve import correct_spelling

    assert correct_spelling(notes_index, typed) == meant


def test_spelling_leaves_known_words_pasted_tokens_and_chinese_alone(notes_index):
    from askdocker.retrieve import correct_spelling

    for q in ("docker images", "怎么看日志", "x" * 300, "zzqx"):
        assert correct_spelling(notes_index, q) == q


@pytest.mark.parametrize("question", ["save a container as an image", "how do I tag an image", "stopped containers"])
def test_spelling_leaves_real_english_words_the_notes_do_not_use(notes_index, question):
    # "save" is one edit from "same", which the notes use; it is a word, not a typo
    from askdocker.retrieve import correct_spelling

    assert correct_spelling(notes_index, question) == question


def test_a_comparative_the_notes_do_not_use_is_read_as_the_word_they_do(notes_index):
    # the notes (their gloss) say images are "small"; the stemmer keeps "smaller" apart
    from askdocker.retrieve import correct_spelling

    assert correct_spelling(notes_index, "why are docker images smaller than vm images") == \
        "why are docker images small than vm images"


def test_a_derived_word_meets_the_real_word_it_was_made_from(tmp_path):
    from askdocker.retrieve import correct_spelling, known_base

    index = _index_of(tmp_path, "- list large files\n- handle a signal\n- a big disk\n")
    assert known_base(index, "larger") == "large"  # not the stem "larg"
    assert known_base(index, "handler") == "handle"
    assert known_base(index, "bigger") == "big"  # the doubled consonant
    assert known_base(index, "quickly") == ""  # "quick" is not in these notes
    (tmp_path / "speed").mkdir()
    speedy = _index_of(tmp_path / "speed", "- deploy speed: seconds\n")
    assert known_base(speedy, "faster") == "fast"  # "fast" is in "speed"'s group
    assert correct_spelling(index, "sort by the biggest file") == "sort by the big file"
    assert correct_spelling(index, "list large files") == "list large files"  # words the notes use


@pytest.mark.parametrize("word, forms, not_forms", [
    ("stop", {"stop", "stops", "stopped", "stopping"}, {"stoped", "stoping"}),
    ("save", {"saves", "saved", "saving"}, {"saveing"}),
    ("copy", {"copies", "copied", "copying"}, set()),
    ("mount", {"mounted", "mounting", "mounts"}, {"mountted"}),
])
def test_inflections_follow_spelling_rules(word, forms, not_forms):
    from askdocker.bridge import inflections

    got = inflections(word)
    assert forms <= got and not (not_forms & got)


def test_coverage_counts_the_concepts_a_passage_holds(notes_index):
    from askdocker.retrieve import coverage

    row = next(i for i, p in enumerate(notes_index.passages) if p.start == 52)  # -P：随机分配端口
    found, unknown = coverage(notes_index, "random port", row)
    assert found == 1.0 and unknown == 0.0
    found, unknown = coverage(notes_index, "random port for my kubernetes cluster", row)
    assert 0 < found < 1 and unknown > 0


def test_final_score_is_cosine_times_priors_times_coverage_squared(notes_index):
    from askdocker.analysis import analyze
    from askdocker.retrieve import _priors, coverage

    q = "random port"
    cosine = notes_index.score_tokens(analyze(q)) * _priors(notes_index)
    for hit in search(notes_index, q, 3):
        row = notes_index.row_of(hit.passage.id)
        assert hit.score == pytest.approx(cosine[row] * coverage(notes_index, q, row)[0] ** 2)


def test_negation_separates_exit_and_detach(notes_index):
    hits = search(notes_index, "exit the container without stopping it", 2)
    assert hits[0].passage.start == 47
    hits = search(notes_index, "exit and stop the container", 2)
    assert hits[0].passage.start == 46


# --- definitions: a passage that opens with the term the question names -----------------------

@pytest.mark.parametrize("text, term", [
    ("1. -i：以交互模式运行容器", "-i"),
    ("-i：以交互模式运行容器", "-i"),  # no list marker: the flag, not "i"
    ("- -p: map a port", "-p"),
    ("   2. -f跟随最新的日志打印", "-f"),
    ("13. -P：随机分配端口", "-P"),
    ("2. docker info：信息", "docker info"),
    ("3. docker --help：类似于Linux的man", "docker --help"),
    ("   1. dockerpull tomcat 等价于 docker tomcat：latest", "docker pull"),
    ("##### docker commit 提交容器副本", "docker commit"),
    ("2. exec：是在容器中打开新的终端", "exec"),
    ("6. image id：镜像id", "image id"),  # a term of two words, boosted only for a question naming both
    ("1. 启动守护式容器：docker run -d 容器名", ""),
    ("Run nginx in the background with docker run -d nginx", ""),
])
def test_defined_term(text, term):
    from askdocker.retrieve import defined_term

    assert defined_term(text) == term


def test_asked_terms_keep_flag_case_and_verbs_as_written():
    from askdocker.retrieve import asked_terms

    named = asked_terms("what does -it do, and how do I start a stopped container")
    assert {"-it", "-i", "-t", "docker start", "start"} <= named
    assert "-I" not in named and "docker stop" not in named  # "stopped" names no command


@pytest.mark.parametrize("question, line", [
    ("what is -i for in docker run", 40),  # not the -p line, whose example uses docker run -it
    ("docker run 的 -t 参数", 41),
    ("what does docker info show", 15),  # not --digests：显示镜像的摘要信息
])
def test_a_definition_outranks_an_example_that_uses_the_term(notes_index, question, line):
    assert search(notes_index, question, 1)[0].passage.start == line


def _index_of(tmp_path, text: str, name: str = "n.md"):
    """The index of one note file with this text, in tmp_path, with no cache."""
    from askdocker.index import open_index

    (tmp_path / name).write_text(text, encoding="utf-8")
    return open_index([tmp_path], None)


def test_only_short_headings_with_notes_under_them_are_held_back(tmp_path):
    from askdocker.retrieve import HEADING_PRIOR, _priors

    index = _index_of(tmp_path,
        "## 镜像命令\n\n- docker images：列出本地的镜像\n- docker rmi：删除镜像文件\n\n"
        "## Docker 是一个 c/s 结构，守护进程运行在主机上，通过 socket 从客户端接受命令\n\n"
        "| a | b |\n| --- | --- |\n| 操作系统 | 共享 |\n")
    priors = {p.text.lstrip("# ")[:6]: float(x) for p, x in zip(index.passages, _priors(index))}
    assert priors["镜像命令"] == HEADING_PRIOR
    assert priors["Docker"] > HEADING_PRIOR


def test_a_page_description_ranks_below_the_example_that_says_the_same(tmp_path):
    # a tldr page: the quote under the title describes the page, the examples under it answer
    from askdocker.retrieve import HEADING_PRIOR, _priors

    index = _index_of(tmp_path,
        "# bugreport\n\n> 显示 Bug 报告。\n\n- 显示设备的完整 Bug 报告：\n\n`bugreport`\n\n"
        "- 显示帮助：\n\n`bugreport -h`\n", name="bugreport.md")
    assert [p.kind for p in index.passages] == ["heading", "paragraph", "example", "example"]
    assert list(_priors(index))[1] == HEADING_PRIOR
    assert search(index, "display a bug report", 1)[0].passage.kind == "example"


# --- long questions: people tell their situation before they ask --------------------------------

def test_long_questions_need_less_support():
    from askdocker.retrieve import MIN_SUPPORT, support_needed

    assert support_needed(1) == support_needed(6) == MIN_SUPPORT
    assert support_needed(12) < support_needed(8) < MIN_SUPPORT
    assert support_needed(0) == MIN_SUPPORT


@pytest.mark.parametrize("question, line", [
    pytest.param("my container keeps running in the foreground and blocks my shell, is there a way to start it "
                 "detached so I can keep using the terminal", 56, marks=pytest.mark.xfail(
        strict=False, reason="story words outweigh the ask: since 终端 is also 'shell', 'blocks my shell' and "
        "'keep using the terminal' tie exec's 打开新的终端 with docker run -d")),
    ("my container keeps running in the foreground, is there a way to start it detached in the background", 56),
    pytest.param("我在公司电脑上装了docker，想看看现在到底有哪些容器在运行，应该敲什么命令", 45, marks=pytest.mark.xfail(
        strict=False, reason="电脑上装了 is segmented 电脑|上装 (garment); with 公司, 电脑, 敲 unknown, half the "
        "question is about words the notes never use")),
])
def test_a_long_question_about_the_notes_is_answered(notes_index, question, line):
    a = ask(notes_index, question)
    assert a.answered and a.best.passage.start == line


@pytest.mark.parametrize("question", [
    "I have a docker-compose.yml with three services and I want to scale one of them to five replicas, how do I write that",
    pytest.param(
        "my laptop battery drains really fast when I leave the terminal open all night, is that normal for a new machine",
        marks=pytest.mark.xfail(strict=False, reason="\"night\" is ordinary English (ORDINARY) and weighs half: "
                                "terminal, open and new meet exec's note just enough (support 0.16, needed 0.15)")),
])
def test_a_long_question_the_notes_do_not_cover_is_declined(notes_index, question):
    assert not ask(notes_index, question).answered


def test_talked_about_is_the_share_of_the_note_the_question_uses(notes_index):
    from askdocker.retrieve import talked_about

    row = next(i for i, p in enumerate(notes_index.passages) if p.start == 56)
    assert talked_about(notes_index, "启动守护式容器：docker run -d 容器名", row) > 0.9
    assert talked_about(notes_index, "vim", row) == 0.0
    assert 0.0 < talked_about(notes_index, "run in the background", row) < 1.0


def test_a_decline_names_the_notes_topics_by_their_first_clause(notes_index):
    a = rules(notes_index, "how do I exit vim")
    assert not a.answered
    assert "Docker 是一个c/s结构…" in a.suggestions and "镜像命令" in a.suggestions
    assert all(len(t) <= 40 for t in a.suggestions)


# --- objects: a question about containers is not answered by a note about images ---------------

def _object_notes(tmp_path):
    return _index_of(tmp_path,
        "## 镜像命令\n\n- 删除全部镜像：docker rmi -f $(docker images -qa)\n- 列出本地的镜像：docker images\n\n"
        "## 容器命令\n\n- 后台运行，在主机上：docker run -d\n- 查看日志：docker logs\n")


def test_a_note_about_other_objects_does_not_answer(tmp_path):
    from askdocker.retrieve import _asked_objects, _other_objects, concepts, decide

    index = _object_notes(tmp_path)
    rmi = next(i for i, p in enumerate(index.passages) if "rmi" in p.text)
    assert _other_objects(index, _asked_objects(index, concepts(index, "delete all stopped containers")), rmi)
    assert not _other_objects(index, _asked_objects(index, concepts(index, "delete all images")), rmi)
    assert not _other_objects(index, _asked_objects(index, concepts(index, "delete everything")), rmi)  # names no object
    a = ask(index, "delete all stopped containers", top=3)
    assert not a.answered
    assert decide(index, "delete all stopped containers", [h for h in search(index, "delete all stopped containers", 5)
                                                            if h.passage.start == index.passages[rmi].start]
                  ).reason == "the closest note is about image, not container"
    # and it ranks lower by OBJECT_MISMATCH
    from askdocker.analysis import analyze
    from askdocker.retrieve import OBJECT_MISMATCH, _priors, coverage

    q = "delete all stopped containers"
    cosine = index.score_tokens(analyze(q)) * _priors(index)
    got = {h.passage.start: h.score for h in search(index, q, 5)}
    assert got[index.passages[rmi].start] == pytest.approx(
        cosine[rmi] * coverage(index, q, rmi)[0] ** 2 * OBJECT_MISMATCH)
    hits = search(index, "delete all images", 3)
    assert hits[0].passage.start == index.passages[rmi].start
    assert decide(index, "delete all images", hits).answered


def test_an_object_named_in_the_heading_above_counts(tmp_path):
    from askdocker.retrieve import _asked_objects, _other_objects, concepts

    index = _object_notes(tmp_path)
    bg = next(i for i, p in enumerate(index.passages) if "-d" in p.text)
    # the note names the host, not a container; its heading (容器命令) does
    assert not _other_objects(index, _asked_objects(index, concepts(index, "run a container in the background")), bg)
    assert ask(index, "run a container in the background", top=1).best.passage.start == index.passages[bg].start


def test_a_note_that_does_what_only_describes_the_thing_does_not_answer(tmp_path):
    # "a stopped container": the note that stops containers does not say how to remove one
    index = _index_of(tmp_path,
        "## 容器命令\n\n- docker stop 容器id：停止容器\n- docker start 容器id：启动容器\n\n"
        "## 镜像命令\n\n- docker rmi 镜像id：删除镜像\n")
    for q in ("how to delete a stopped container", "怎么删除已经停止的容器"):
        a = rules(index, q, top=3)
        assert not a.answered, q
        assert a.reason in ("the closest note is about how to stop, not how to delete",
                            "the closest note is about how to stop, not how to remove"), q
    assert rules(index, "how to start a stopped container", top=1).answered
    assert rules(index, "how do I stop a container", top=1).answered


def test_seeing_is_never_the_action_a_listing_note_lacks(tmp_path):
    # 查看 "view" against a note that 列出 "lists": the note that lists running containers answers
    index = _index_of(tmp_path,
        "## 容器命令\n\n- docker ps：列出当前正在运行的容器\n- docker logs 容器id：查看容器日志\n"
        "- docker rm 容器id：删除容器\n")
    a = ask(index, "查看当前正在跑的容器有哪些", top=1)
    assert a.answered and "docker ps" in a.best.passage.text


def test_related_notes_share_a_concept_with_the_question(notes_index):
    # "-P" shares only the word "flag" with the other flags' notes: they are not related to it
    from askdocker.retrieve import coverage

    a = ask(notes_index, "what's capital -P for", top=3)
    assert a.answered and a.best.passage.start == 52
    assert all(coverage(notes_index, "what's capital -P for", notes_index.row_of(h.passage.id))[0] > 0 for h in a.related)
    assert ask(notes_index, "how do I exit without stopping a container", top=3).related  # these share concepts


def test_a_table_row_without_a_command_does_not_say_how(tmp_path):
    # a comparison row describes; "how do I…" needs a note that says how (a command, a key
    # chord, a flag), and rows that hold one still answer
    index = _index_of(tmp_path,
        "## 对比\n\n| | docker | 虚拟机 |\n| --- | --- | --- |\n| 内存占用 | 很少的内存 | 很多的内存 |\n\n"
        "## 参数\n\n| 参数 | 作用 |\n| --- | --- |\n| -d | 后台运行容器 |\n| -m | 限制容器内存 |\n")
    for q in ("how do I reduce memory use", "怎么减少内存占用"):
        a = rules(index, q, top=3)
        assert not a.answered, q
        assert a.reason == "the closest note is a table row that describes; it has no command to run", q
    # the same row answers a question that does not ask how
    assert rules(index, "docker 和虚拟机的内存占用", top=1).answered
    # a row with a flag says how
    a = rules(index, "how do I run a container in the background", top=1)
    assert a.answered and "-d" in a.best.passage.text
    a = rules(index, "怎么限制容器内存", top=1)
    assert a.answered and "-m" in a.best.passage.text


def test_unanswerable_how_to_questions_near_the_comparison_table(notes_index):
    for q in ("how to limit memory and cpu of a container", "docker集群怎么部署"):
        a = ask(notes_index, q, top=3)
        assert not a.answered, q


def test_a_concept_only_the_headings_name_counts_half(tmp_path):
    # the two items say "delete" alike; only the heading of the first says "image": half of
    # image's weight (no `docker rmi` here: Docker's help for it would say "images" itself)
    from askdocker.retrieve import SECTION_SHARE, concepts, coverage

    index = _index_of(tmp_path, "## 镜像命令\n\n- 删除：全部\n\n## 其他\n\n- 删除：全部\n")
    under, other = (next(i for i, p in enumerate(index.passages) if p.kind == "item" and p.section[0] == s)
                    for s in ("镜像命令", "其他"))
    (delete, w_delete), (image, w_image) = concepts(index, "delete image")
    assert delete and image
    total = w_delete + w_image
    assert coverage(index, "delete image", under)[0] == pytest.approx((w_delete + SECTION_SHARE * w_image) / total)
    assert coverage(index, "delete image", other)[0] == pytest.approx(w_delete / total)
    assert coverage(index, "delete image", under)[0] > coverage(index, "delete image", other)[0]
    assert search(index, "delete image", 1)[0].passage.start == index.passages[under].start


# --- Docker commands the notes never write ------------------------------------------------------

@pytest.mark.parametrize("question, command", [
    ("copy a file from a container to the host", "cp"),  # not `docker commit`'s 副本 ("copy")
    ("容器里的文件怎么拷贝到宿主机上", "cp"),
    ("push my image to docker hub", "push"),
    ("how do I create a docker volume", "volume"),  # a management command
    # the reference's description of what the command shows or changes
    ("limit memory and cpu for a container", "update"),
    ("how much cpu and memory is each container using", "stats"),
])
def test_a_question_for_a_command_the_notes_never_write_is_declined_and_named(notes_index, question, command):
    a = rules(notes_index, question, top=3)
    assert not a.answered
    assert f"`docker {command}`" in a.reason and "never mention" in a.reason


def test_commands_the_notes_write_or_name_are_not_unwritten(notes_index):
    from askdocker.retrieve import _unwritten_commands

    unwritten = {sub for sub, _, _ in _unwritten_commands(notes_index)}
    assert {"cp", "push", "stats", "rm"} <= unwritten
    # written as commands (docker start, docker rmi…), or named as words ("exec：…", "tag：…")
    assert not unwritten & {"start", "rmi", "logs", "commit", "exec", "tag", "images"}


def test_a_docker_command_written_in_the_question_that_the_notes_never_write(notes_index):
    # `docker rm` is not the notes' `docker rmi`, however much else of `rmi -f` the question shares
    for q in ("docker rm -f vs stopping first and then rm", "what does docker rm do"):
        a = rules(notes_index, q, top=1)
        assert not a.answered and "`docker rm`" in a.reason, q
    # a port mapping is no `docker port`; a command the notes write is answered
    assert rules(notes_index, "docker port mapping random", top=1).answered
    assert rules(notes_index, "docker rmi -f 是什么意思", top=1).answered


def test_notes_that_write_no_docker_command_get_no_docker_command_declines(tmp_path):
    from askdocker.retrieve import _unwritten_commands

    index = _index_of(tmp_path, "# git\n\n- push commits to the remote: git push origin main\n")
    assert _unwritten_commands(index) == []
    assert ask(index, "push my commits to the remote", top=3).answered


def test_a_management_command_counts_as_its_classic_command(tmp_path):
    # notes that write `docker container ls` write `docker ps`: "ps" is not a command they never write
    from askdocker.retrieve import _unwritten_commands

    index = _index_of(tmp_path, "# 容器\n\n- 列出容器：docker container ls\n")
    unwritten = {sub for sub, _, _ in _unwritten_commands(index)}
    assert "ps" not in unwritten and "cp" in unwritten


def test_an_unknown_word_of_dockers_help_weighs_more_than_an_ordinary_one(notes_index):
    from askdocker.retrieve import DOCKER_TOPIC, concepts

    # neither "push" nor "stuck" is in the notes; Docker's help says "Upload an image to a registry"
    # for `docker push`
    (push,) = [w for known, w in concepts(notes_index, "push") if not known]
    (stuck,) = [w for known, w in concepts(notes_index, "stuck") if not known]
    assert push == pytest.approx(DOCKER_TOPIC * stuck) and DOCKER_TOPIC > 1


def test_an_ordinary_unknown_english_word_weighs_less_unless_it_is_the_asked_action(notes_index):
    from askdocker.bridge import english_senses
    from askdocker.retrieve import ORDINARY, ORDINARY_SENSES, concepts

    # none of these is in the notes or Docker's help; the dictionary uses "night" and "clear" in
    # hundreds of senses, "stuck" in a few
    assert min(english_senses("night"), english_senses("clear")) >= ORDINARY_SENSES > english_senses("stuck") > 0
    (night,) = [w for known, w in concepts(notes_index, "all night") if not known]
    (stuck,) = [w for known, w in concepts(notes_index, "stuck") if not known]
    assert night == pytest.approx(ORDINARY * stuck) and ORDINARY < 1
    # what a how-to question asks to do keeps its weight
    (clear,) = [w for known, w in concepts(notes_index, "how to clear container logs") if not known]
    assert clear == pytest.approx(stuck)


def test_a_question_told_in_ordinary_words_is_answered(notes_index):
    a = ask(notes_index, "The container seems hung and a normal stop isn't doing it. How do I force it to die immediately?")
    assert a.answered and "docker kill" in a.best.passage.text


def test_dockers_words_weigh_no_more_in_notes_about_something_else(tmp_path):
    from askdocker.retrieve import concepts

    index = _index_of(tmp_path, "# git\n\n- commit: git commit -m msg\n- 查看日志：git log\n")
    (push,) = [w for known, w in concepts(index, "push") if not known]
    (stuck,) = [w for known, w in concepts(index, "stuck") if not known]
    assert push == stuck


def test_an_action_stem_is_not_another_words_stem():
    from askdocker.retrieve import _action_stems

    stems = _action_stems()
    assert stems["remov"] == "remove" and stems["stop"] == "stop"
    assert "termin" not in stems  # terminate, but also 终端's terminal: no action


# --- another program's command -------------------------------------------------------------------

@pytest.mark.parametrize("question, theirs, ours", [
    ("git commit -m with a multi-line message", "git commit", "docker commit"),
    ("git log 怎么只显示最后几条", "git log", "docker logs"),
    ("kubectl logs follow a pod", "kubectl logs", "docker logs"),
])
def test_a_question_about_another_programs_command_is_declined_and_both_named(notes_index, question, theirs, ours):
    a = ask(notes_index, question, top=3)
    assert not a.answered
    assert f"`{theirs}`" in a.reason and f"`{ours}`" in a.reason


@pytest.mark.parametrize("question", [
    "docker commit -m 怎么写提交信息",
    "find a nginx image on docker hub from the command line",  # "images" is an object, no subcommand
    "sudo docker run -it ubuntu",
    "gracefully stop a container",  # "gracefully" is an English word, no program
])
def test_the_notes_own_command_or_a_word_before_a_subcommand_is_no_other_program(notes_index, question):
    from askdocker.retrieve import other_program

    assert other_program(notes_index, question) == ("", "")


@pytest.mark.parametrize("question, theirs", [
    ("tail -f a log file in bash and stop following it", "`tail -f`, a program the notes never write"),
    ("Linux下用tail -f看日志，怎么退出来？", "`tail -f`, a program the notes never write"),
    ("kill -9 和 kill 有什么区别", "`kill -9`, not `docker kill`"),  # -9 is no flag the notes write
    ("Linux man 命令看不到中文帮助怎么办", "`man`, a program the notes never write"),
])
def test_a_program_named_as_an_english_word_with_a_flag_is_that_program(notes_index, question, theirs):
    a = ask(notes_index, question, top=1)
    assert not a.answered and theirs in a.reason, question


@pytest.mark.parametrize("question", [
    "tail -f equivalent for container logs?",  # names Docker's
    "想 follow 最新的 log 输出，像 tail -f 那样",  # compares Docker's to it
    "why do ppl always type -it together",  # the flag is what is typed
    "ps -a 是什么",  # the notes' docker ps writes -a
    "what's -d for",
])
def test_a_program_word_that_names_docker_or_a_flag_of_the_notes_is_no_other_program(notes_index, question):
    from askdocker.retrieve import program_with_flag

    assert program_with_flag(notes_index, question) == ("", "")


def test_notes_about_git_decline_dockers_command(tmp_path):
    from askdocker.retrieve import other_program

    # a command in backticks is a command whatever its program
    index = _index_of(tmp_path, "# git\n\n- 提交：`git commit -m msg`\n- 查看日志：`git log`\n")
    assert other_program(index, "git commit 怎么写 message") == ("", "")
    assert other_program(index, "docker commit -m message") == ("docker commit", "git commit")


# --- what a note compares its subject to ----------------------------------------------------------

def test_what_a_note_compares_to_is_not_its_subject(notes_index):
    from askdocker.retrieve import _compared_only

    row = next(i for i, p in enumerate(notes_index.passages) if "类似于Linux的man" in p.text)
    compared = {t for t, j in notes_index.vocabulary.items() if j in _compared_only(notes_index, row)}
    assert {"linux", "man"} <= compared and not compared & {"docker", "help", "--help"}
    assert not rules(notes_index, "Linux 的 man 手册怎么搜索关键字", top=3).answered
    # a question that names the note's command asks about it, comparison or not
    for question in ("is there a man page for docker", "docker有没有像man手册那样的东西？参数老是记不住"):
        a = rules(notes_index, question, top=3)
        assert a.answered and "docker --help" in a.best.passage.text


def test_a_word_the_notes_only_compare_to_is_one_they_never_talk_about(notes_index):
    from askdocker.retrieve import _compared_everywhere

    linux, docker = notes_index.vocabulary["linux"], notes_index.vocabulary["docker"]
    assert _compared_everywhere(notes_index, linux) and not _compared_everywhere(notes_index, docker)
    # "linux" is in no note about killing; only "类似于Linux的man" has it
    assert not rules(notes_index, "kill a process on linux that refuses to stop", top=3).answered
    assert rules(notes_index, "force kill a container that refuses to stop", top=3).answered


def test_a_note_without_a_comparison_has_no_compared_words(tmp_path):
    from askdocker.retrieve import _compared_only

    index = _index_of(tmp_path, "# 镜像\n\n- 列出镜像：docker images\n")  # 镜像's 像 is no comparison
    assert all(not _compared_only(index, row) for row in range(len(index.passages)))


# --- a Chinese word met only through one of its dictionary senses -------------------------------

def test_a_chinese_word_met_only_through_one_of_many_dictionary_senses_counts_less(notes_index):
    from askdocker.retrieve import SENSE_SHARE, _senses_only, concepts, coverage

    # 行情 is not in the glossary; CC-CEDICT gives it "market; price; quotation; current situation",
    # and "current" is in the gloss of "docker ps：列出当前正在运行的容器"
    question = "行情"
    (weak,) = _senses_only(notes_index, question)
    assert weak  # its English senses
    row = next(i for i, p in enumerate(notes_index.passages) if p.text.strip().startswith("6. docker ps"))
    found, _ = coverage(notes_index, question, row)
    assert found == pytest.approx(SENSE_SHARE) and SENSE_SHARE < 1
    # a glossary word is as sure as its English: 镜像 is image
    assert _senses_only(notes_index, "镜像") == [frozenset()]
    # an English word has no dictionary senses of its own here
    assert _senses_only(notes_index, "current") == [frozenset()]
    assert not rules(notes_index, "今天股票行情怎么样", top=3).answered
    assert len(concepts(notes_index, question)) == 1


def test_an_ordinary_word_of_dockers_help_is_ordinary_unless_it_names_a_command(notes_index):
    from askdocker.retrieve import DOCKER_TOPIC, ORDINARY, concepts

    # "state" is in Docker's help and in hundreds of the dictionary's senses; "history" names
    # `docker history`; "stuck" is neither
    (stuck,) = [w for known, w in concepts(notes_index, "stuck") if not known]
    (state,) = [w for known, w in concepts(notes_index, "state") if not known]
    (history,) = [w for known, w in concepts(notes_index, "history") if not known]
    assert state == pytest.approx(ORDINARY * stuck)
    assert history == pytest.approx(DOCKER_TOPIC * stuck)
    a = ask(notes_index, "I installed a bunch of stuff inside a running container. How do I save that state as a new image?")
    assert a.answered and "docker commit" in a.best.passage.text


def test_an_unknown_adverb_of_manner_is_ordinary(notes_index):
    from askdocker.retrieve import ORDINARY, concepts

    (stuck,) = [w for known, w in concepts(notes_index, "stuck") if not known]
    (gracefully,) = [w for known, w in concepts(notes_index, "gracefully stop a container") if not known]
    assert gracefully == pytest.approx(ORDINARY * stuck)
    assert ask(notes_index, "gracefully stop a container", top=3).answered


def test_a_two_word_term_is_defined_for_a_question_that_names_it(notes_index):
    from askdocker.retrieve import asked_terms

    assert "image id" in asked_terms("镜像列表里IMAGE ID那一列是什么意思")
    assert "image id" not in asked_terms("how do I list the images by id")
    assert "image id：镜像id" in search(notes_index, "镜像列表里IMAGE ID那一列是什么意思", 1)[0].passage.text


def test_a_flag_named_alone_is_the_one_asked_about_not_its_examples_cluster(notes_index):
    from askdocker.retrieve import asked_terms

    flags = {t for t in asked_terms("what's the -t flag for in docker run -it") if t.startswith("-")}
    assert "-t" in flags and "-i" not in flags
    assert {"-i", "-t"} <= set(asked_terms("docker run -it"))  # a cluster alone asks about each
    assert search(notes_index, "what's the -t flag for in docker run -it", 1)[0].passage.text.strip().startswith("2. -t")


def test_a_figure_of_a_two_column_table_is_not_its_subject(tmp_path):
    # "| 鲸鱼 | docker |" says what the logo's whale stands for; it knows nothing of whales
    index = _index_of(tmp_path,
        "## docker的logo：鲸鱼背上有集装箱\n\n| 蓝色的大海 | 宿主机系统 |\n| --- | --- |\n"
        "| 鲸鱼 | docker |\n| 集装箱 | 容器实例 |\n\n## 容器命令\n\n- docker ps：列出当前正在运行的容器\n")
    for q in ("蓝鲸和座头鲸有什么区别", "what do blue whales eat"):
        a = rules(index, q, top=1)
        assert not a.answered and "only as a picture" in a.reason and "鲸鱼" in a.reason, q
    # what the figure stands for is asked, or the logo is named
    for q in ("logo里的鲸鱼代表什么", "what does the whale in the docker logo stand for", "docker的图标为什么是一条鲸鱼"):
        assert rules(index, q, top=1).answered, q


def test_what_was_obtained_before_the_step_asked_weighs_less(notes_index):
    # 拿到 "obtain", which the notes never say, only tells when: the note that runs an image answers
    a = ask(notes_index, "拿到镜像以后怎么跑起来一个容器", top=1)
    assert a.answered and "docker run image" in a.best.passage.text
