"""Tests for askdocker.analysis: the one analyzer, as a table of inputs and expected tokens."""

from __future__ import annotations

import pytest

from askdocker.analysis import analyze, detect_language

# (text, tokens that must be present, tokens that must be absent). The bridge adds English
# words to Chinese text, so cases list what matters instead of whole token lists.
CASES = [
    # Chinese: character unigrams and bigrams, plus English bridge words
    ("怎么退出容器", ["退", "出", "退出", "容器", "exit", "contain"], ["怎么", "怎"]),
    ("镜像", ["镜", "像", "镜像", "imag"], []),
    ("删除全部镜像", ["删除", "镜像", "imag"], []),
    ("查看容器日志", ["日志", "容器", "log"], []),
    ("的了吗", [], ["的", "了", "吗"]),
    # English: case-folded, stemmed, stop words dropped
    ("Images listing Running containers", ["imag", "list", "run", "contain"], ["Images", "images", "containers"]),
    ("how do I stop a container", ["stop", "contain"], ["how", "do", "i", "a"]),
    ("IMAGE image images", ["imag"], ["IMAGE", "image"]),
    ("the of and to", [], ["the", "of", "and", "to"]),
    # flags: case-sensitive, clusters split, long flags whole
    ("-p", ["-p"], ["-P", "p"]),
    ("-P", ["-P"], ["-p", "p"]),
    ("-it", ["-i", "-t"], ["it", "-it"]),
    ("--no-trunc", ["--no-trunc"], ["no", "trunc", "-n"]),
    ("docker images -a", ["docker", "imag", "-a"], ["a"]),
    ("docker logs -f -t --tail", ["-f", "-t", "--tail", "log"], []),
    ("docker run -p 8888:8080 tomcat", ["docker", "run", "-p", "8888", "8080", "tomcat"], ["-8080"]),
    # full-width punctuation separates tokens like ASCII punctuation does
    ("镜像：列出（所有）", ["镜像", "列出", "所有", "imag", "list"], ["：", "（", "）", "像列"]),
    ("docker run -it -p 8888：8080 tomcat", ["-i", "-t", "-p", "8888", "8080"], ["8888：8080", "-it"]),
    # mixed questions
    ("docker run 的 -d 是什么", ["docker", "run", "-d"], ["的", "是"]),
    ("docker logs 的 -f 什么意思", ["log", "-f"], ["的"]),
    ("怎么用 docker ps 看容器", ["docker", "ps", "容器", "contain"], []),
]


@pytest.mark.parametrize("text, present, absent", CASES, ids=[c[0] for c in CASES])
def test_analyze(text, present, absent):
    tokens = analyze(text)
    for t in present:
        assert t in tokens, f"{t!r} missing from {tokens}"
    for t in absent:
        assert t not in tokens, f"{t!r} unexpectedly in {tokens}"


def test_p_and_P_are_different_tokens():
    # the flags themselves never meet; both are options ("flag")
    assert set(analyze("-p")) & set(analyze("-P")) == {"flag"}


def test_negation_meets_chinese():
    """'without' and 不 meet, so 'exit without stopping' can find 容器不停止退出."""
    assert "不" in analyze("exit without stopping")
    assert "不" in analyze("容器不停止退出")


def test_english_question_meets_chinese_note():
    assert {"exit", "contain"} <= set(analyze("exit a container")) & set(analyze("容器停止退出"))


@pytest.mark.parametrize("text", ["", "   ", "？！。，", "!!!"])
def test_nothing_to_analyze(text):
    assert analyze(text) == []


def test_deterministic():
    q = "docker run 的 -d 是什么 and how to exit"
    assert analyze(q) == analyze(q)


@pytest.mark.parametrize(
    "text, lang",
    [("how do I list images", "en"), ("怎么查看镜像", "zh"), ("docker run 的 -d 是什么", "mixed"), ("-P", "en")],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_question_words_go_longest_first():
    # "干什么" is one question word; stripping "什么" first left "干" (dry; food; tree trunk)
    tokens = analyze("docker守护进程是干什么的")
    assert "干" not in tokens and "food" not in tokens
    assert "守护" in tokens and "进程" in tokens


def test_a_flag_cluster_asks_about_each_of_its_flags():
    from askdocker.analysis import units

    assert units("-it") == [["-i"], ["-t"]]
    assert units("-p") == [["-p"]]
    assert units("--no-trunc") == [["--no-trunc"]]


def test_flags_and_the_words_for_them_meet():
    assert "flag" in analyze("-p：主机端口")
    for q in ("which option maps a port", "what parameter", "docker run arguments", "哪个参数"):
        assert "flag" in analyze(q), q


def test_a_question_verb_is_present_as_any_verb_of_its_group():
    from askdocker.analysis import units

    (see,) = units("see")
    assert {"see", "view", "list"} <= set(see)
    (remove,) = units("delete")
    assert {"delet", "remov"} <= set(remove)  # stems
    (sub,) = units("subcommands")  # a subcommand is a command
    assert "command" in sub
    (expose,) = units("expose")  # a port is exposed, published, forwarded alike
    assert {"expos", "publish", "forward"} <= set(expose)
    # only coverage widens: the cosine's tokens are the words as asked
    assert analyze("see") == ["see"]


@pytest.mark.parametrize("phrase, verb", [
    ("how do I get into a running container", "enter"),
    ("exec into the container", "enter"),
    ("how to get back into a running container", "enter"),
    ("getting out of a container", "exit"),
    ("shut down the container", "stop"),
    ("spin up a container", "start"),
    ("clean up old images", "remov"),
    ("get rid of an image", "remov"),
    ("look for an image on docker hub", "search"),
    ("look up an image on the hub", "search"),  # looking something up is searching for it
    ("look at the logs", "see"),
    ("bring a stopped container back up", "start"),
    ("brought it back", "start"),
    ("how fast can we roll out a new service", "deploy"),
    ("what key combo detaches", "shortcut"),
    ("is there a keyboard shortcut for it", "shortcut"),
    ("is there a keyboard combination for it", "shortcut"),
])
def test_phrasal_verbs_mean_their_verb(phrase, verb):
    assert verb in analyze(phrase)


@pytest.mark.parametrize("question", ["已经停掉的容器怎么重新跑起来", "停掉的容器怎么再开起来", "怎么重新弄起来"])
def test_getting_something_going_again_is_restarting_it(question):
    from askdocker.analysis import units

    assert any("restart" in u for u in units(question))
    assert not any("restart" in u for u in units("看起来容器停了"))  # 看起来 "looks like"


def test_saving_a_container_as_an_image_is_committing_it_and_saving_alone_is_not():
    assert "commit" in analyze("how do I save the changes I made inside the container as a new image")
    assert "commit" in analyze("saved it into an image")
    assert "commit" not in analyze("how do I exit vim without saving")
    assert "commit" not in analyze("save an image to a tar archive")  # `docker save`


def test_keeping_it_running_is_not_stopping_it():
    from askdocker.analysis import NEGATION_ZH

    for question in ("leave the shell but keep it running", "keep container running after I close terminal",
                     "exit and leave the container running"):
        tokens = analyze(question)
        assert NEGATION_ZH in tokens and "stop" in tokens, question
    assert "stop" not in analyze("the logs keep growing")


def test_words_for_changing_something_are_one_concept():
    from askdocker.analysis import units

    (tweaked,) = units("tweaked")
    assert "chang" in tweaked  # `docker commit`: "Create a new image from a container's changes"


def test_watching_logs_is_following_them():
    from askdocker.analysis import units

    (watching,) = units("watching")
    assert "follow" in watching  # `docker logs -f`: "Follow log output"


def test_changing_a_name_is_renaming():
    from askdocker.analysis import units

    for question in ("改个名字", "改一下名称", "改名字", "改名"):
        assert units(question) == [["改名", "renam"]], question


def test_clearing_images_out_is_removing_them():
    from askdocker.analysis import units

    for question in ("把本地镜像全部清掉", "把镜像一口气全清了"):
        assert any("remov" in u for u in units(question)), question


@pytest.mark.parametrize("question, without", [
    ("how to download an image to my local machine", "how to download an image"),
    ("pull the image locally", "pull the image"),
    ("怎么把镜像下载到本地", "怎么把镜像下载"),
    ("从仓库拉镜像到本地", "从仓库拉镜像"),
])
def test_where_a_download_goes_is_no_concept(question, without):
    assert analyze(question) == analyze(without)
    assert "local" in analyze("list the images on my local machine")  # no download: it is one


def test_talking_to_the_daemon_is_connecting_to_it():
    from askdocker.analysis import units

    assert any("connect" in u for u in units("how does the client talk to the daemon"))


def test_every_single_is_every_and_a_single_command_is_no_single_image():
    assert analyze("wipe every single image") == analyze("wipe every image")
    assert "singl" not in analyze("remove several images with a single command")
    assert "singl" in analyze("delete a single image")


def test_how_fast_is_the_speed():
    from askdocker.analysis import units

    for question in ("how fast", "how quickly"):
        (fast,) = units(question)
        assert "speed" in fast, question


def test_listing_is_列_alone_too():
    from askdocker.analysis import units

    assert any("list" in u for u in units("列镜像的时候只要id"))


def test_greetings_are_not_concepts():
    from askdocker.analysis import units

    assert units("hey how do I list images") == units("hi, how do I list images") == units("how do I list images")


def test_irregular_past_forms_are_their_verb():
    assert analyze("I ran docker ps") == analyze("I run docker ps")
    assert analyze("it's gone from the list") == analyze("it go from the list")


def test_typing_a_command_is_no_concept():
    from askdocker.analysis import units

    assert units("I typed exit inside the container") == units("I exit inside the container")


def test_any_and_yet_are_not_concepts():
    from askdocker.analysis import units

    assert units("can I create a container if I don't have any image yet") == units(
        "can I create a container if I don't have image")


def test_bring_becomes_start_only_with_back_and_keeps_its_object():
    assert analyze("bring a stopped container back up")[:3] == ["start", "stop", "contain"]
    assert "start" not in analyze("bring your own image")
    assert "start" not in analyze("how do I bring the image from the hub to this box and then go back")


def test_filler_adverbs_are_not_concepts():
    from askdocker.analysis import units

    assert units("start a stopped container again") == units("start a stopped container")


def test_chinese_question_frames_and_function_words_are_not_concepts():
    from askdocker.analysis import units

    # 有 (have), 想 (want), 让 (let), 用 (use) are stop words as in English; 区别 as "difference"
    assert units("-P 和 -p 有什么区别") == [["-P"], ["-p"]]
    assert units("镜像的分层结构是怎么回事") == units("镜像的分层结构")
    assert units("面试题：docker和虚拟机有什么区别") == units("docker和虚拟机")
    assert units("面试被问到：容器和虚拟机有什么区别，该怎么答？") == units("容器和虚拟机")
    # how many, not what: 一堆 and "a bunch of"; 搞定 "get it done"
    assert units("本地攒了一堆镜像，一条命令能搞定吗") == units("本地攒了镜像，一条命令能吗")
    assert units("I installed a bunch of packages, lots of them") == units("I installed packages, of them")
    # "stuff" is "things", as "thing" is a stop word
    assert units("why pick docker over VMs for deploying stuff") == units("why pick docker over VMs for deploying things")
    # what one is good at against the other: 优点, 好在哪里 (not 好在 "luckily"), "advantages", as "pros
    # and cons" are
    assert units("docker和虚拟机相比到底好在哪里") == units("docker和虚拟机相比有哪些优点") == units("docker和虚拟机")
    assert units("what are the advantages of docker over a vm") == [["docker"], ["vm"]]
    # 必须 "must" and 先 "first" (of 先…再…) are function words, as "must" and "then" are stop words
    assert units("先拉镜像再运行") == units("拉镜像运行")
    assert units("必须拉镜像吗") == units("拉镜像吗")
    # what the asker forgets or remembers is the asker's, as "know" is: 记不住, 忘了, "forgot"
    assert units("命令老是记不住，docker有没有帮助") == units("命令老是，docker有没有帮助")
    assert units("i keep forgetting the flags") == units("i keep the flags")
    assert units("忘了容器id") == units("容器id")
    # where the asker sits says nothing; a local machine still says "local"
    assert units("which docker version is installed on my box") == units("which docker version is installed")
    assert units("images on this machine") == units("images")
    assert ["local"] in units("images on my local machine")
    # who said so, where it was read, how common it is: no concept
    assert units("看别人教程里写 docker run -d") == units("看里写 docker run -d")
    assert units("有哪些常用的镜像命令") == units("有哪些镜像命令")
    # whom a forum post asks, and how often the asker was asked: no concept
    assert units("大佬们请教一下，容器和虚拟机有啥区别") == units("容器和虚拟机有啥区别")
    assert units("面试老被问容器和虚拟机") == units("面试被问容器和虚拟机")
    assert units("ELI5: image vs container?") == units("image vs container?")  # "explain like I'm five"
    # what is typed is asked about, not typing (输入 would meet 伪输入终端)
    assert units("在容器里输入exit会怎么样") == units("在容器里 exit 会怎么样") == units("在容器里敲 exit 会怎么样")
    # "forever" says how long, as "always" says how often
    assert units("docker stop seems to hang forever") == units("docker stop seems to hang")
    # what a picture shows is asked as "what is on the logo" is
    assert units("docker 的图标画的是啥") == units("docker 的图标是啥")
    assert units("commonly used image commands") == units("used image commands")
    # numbers stay: tldr pages say 两个文件, "two files"; notes say 多个, "multiple"
    assert units("删两个镜像") != units("删镜像")
    assert units("delete several images") != units("delete images")
    # what a command does: 效果, 作用 frame the question; "format" and "syntax" are what tldr pages are
    # about, and stay
    assert units("docker images 后面加个 -a 是什么效果") == units("docker images 后面加个 -a 有什么作用")
    assert units("docker images 后面加个 -a 是什么效果") == units("docker images 后面加个 -a")
    assert units("-p 的格式") != [["-p"]] and units("syntax of -p") != [["-p"]]
    # relating two things is comparing them: 关系 and "relationship" name no concept
    assert units("image 和 container 到底是什么关系") == [["imag"], ["contain"]]
    assert units("what is the relationship between an image and a container") == [["imag"], ["contain"]]
    assert units("有个参数能显示最近创建的容器，叫啥来着") == units("有个参数能显示最近创建的容器")
    # "pros and cons" compares as "difference" does; "supposed to", "kind of" are frames
    assert units("container vs vm pros and cons") == units("container vm")
    assert units("what is the logo supposed to mean, some kind of whale?") == units("logo whale")


def test_key_chords_are_shortcuts():
    assert "shortcut" in analyze("crlt+p+q容器不停止退出")
    assert "shortcut" in analyze("Ctrl+P Ctrl+Q")
    assert "shortcut" in analyze("what is the hotkey to detach")
    assert "shortcut" in analyze("退出容器的快捷键")
    assert "shortcut" not in analyze("docker run -p 8888:8080 tomcat")


def test_every_is_all():
    from askdocker.analysis import units

    assert "all" in units("delete every image")[1]


def test_chat_shorthand_and_slang():
    from askdocker.analysis import units

    assert units("detach w/o stopping it") == units("detach without stopping it")
    assert units("run it w/ a name") == units("run it with a name")
    assert units("path/with/w/o/slashes") != units("path without slashes")  # only a word of its own
    assert "remov" in units("nuke every image")[0]
    # 弄, 搞 and 整 stand for any verb, as "do" does; 大家 is a pronoun; 比 compares as "than"
    assert units("已经停掉的容器怎么重新弄起来") == units("已经停掉的容器怎么重新起来")
    assert units("大家都说docker比虚拟机好") == units("docker 虚拟机好")
    # 那边 "there" is a pronoun; "what happens" (会发生什么) asks, it names nothing
    assert units("虚拟机那边的镜像") == units("虚拟机的镜像")
    assert units("在容器里敲 exit 会发生什么") == units("在容器里敲 exit")
    assert units("what happens if i type exit") == units("if i type exit")


def test_a_verb_group_never_joins_a_noun_that_stems_alike():
    from askdocker.analysis import units

    # "terminal" and "terminate" share the stem "termin": a terminal is not a way to stop
    (terminal,) = units("terminal")
    assert "stop" not in terminal


@pytest.mark.parametrize("run, words", [
    ("方式在后台运行", ["方式", "在", "后台", "运行"]),  # left to right alone gives 在后|台
    ("启动守护式容器", ["启动", "守护式", "容器"]),
    ("列出本地主机上的镜像", ["列出", "本地", "主机", "上", "的", "镜像"]),
])
def test_segmentation_looks_from_both_ends(run, words):
    from askdocker.bridge import segment

    assert segment(run) == words


def test_chinese_function_words_are_no_concept():
    from askdocker.analysis import units

    # 被 is "quilt", 后 "empress", 一 "single", 已经 "already" in the dictionary: no concept, no English
    for q, word in (("容器被停掉了", "quilt"), ("进入容器后怎么出来", "empress"), ("删一个镜像", "singl")):
        assert word not in analyze(q)
        assert all(word not in u for u in units(q))
    assert units("已经停掉的容器") == [["停掉", "stop"], ["容器", "contain"]]
    # 相关 and 有关 say "about" as 关于 does; 东西 is "thing", not "east; west"
    assert units("容器相关的命令") == units("跟容器有关的命令") == units("容器命令的东西") == units("容器命令")
    # 怎么写 asks how it is done, 不一样 compares as 区别 does; 掉 is a complement ("away")
    assert units("删除多个镜像的命令怎么写") == units("删除多个镜像的命令")
    assert units("attach 和 exec 有啥不一样") == units("attach 和 exec 的区别") == [["attach"], ["exec"]]
    assert all("fall" not in u for u in units("镜像删不掉"))
    # how an action is done (directly, at once) is not what it is about
    assert units("没有镜像能直接建容器吗") == units("没有镜像能建容器吗")
    assert units("stop it immediately") == units("stop it")
    # a word whose English is all stop words is a function word too; no unit is ever empty
    assert all(units("退出容器但是不想让它停掉"))


def test_english_negations_and_clitics_as_typed():
    assert analyze("i dont have the image") == analyze("i don't have the image")
    assert "不" in analyze("i dont have the image")
    # what's is "what" (a stop word), container's is "container"
    assert analyze("what's the container's id") == analyze("the container id")


def test_an_un_word_meets_its_negation():
    # the notes' "untruncated" meets a question's "without truncating" (and "truncated")
    note, question = analyze("show the full (untruncated) id"), analyze("without truncating")
    assert "不truncat" in note and "不truncat" in question and "truncat" in note
    # un- words only: "unit", "until", "under", "united" are words of their own
    for w in ("unit", "until", "under", "united", "unless"):
        assert analyze(w) == [t for t in analyze(w) if not t.startswith("不")]


def test_a_name_reading_gives_english_only_to_a_headword_without_a_common_one():
    from askdocker.bridge import parse_cedict

    lines = [
        "加 加 [Jia1] /Canada (abbr. for 加拿大[Jia1 na2 da4])/surname Jia/",
        "加 加 [jia1] /to add/plus/",
        "淘寶 淘宝 [Tao2 bao3] /Taobao, a Chinese online shopping website/",
    ]
    lex = parse_cedict(lines)
    assert "canada" not in lex["加"] and "add" in lex["加"]
    assert "taobao" in lex["淘宝"]


def test_the_dictionary_counts_the_senses_each_english_word_is_used_in():
    from askdocker.bridge import parse_cedict, senses_by_stem

    english: dict[str, int] = {}
    parse_cedict(["状态 状态 [zhuang4 tai4] /state; condition/state of affairs/",
                  "州 州 [zhou1] /prefecture/state/", "国家 国家 [guo2 jia1] /country/nation/state/"], english)
    assert english["state"] == 4 and english["condition"] == 1
    assert senses_by_stem({"state": 4, "states": 2, "stated": 1})["state"] == 7


def test_traditional_characters_meet_simplified_notes():
    from askdocker.bridge import to_simplified

    assert to_simplified("怎麼查看本地的鏡像，後台運行") == "怎么查看本地的镜像，后台运行"
    assert to_simplified("docker ps -a") == "docker ps -a"
    # a character that simplified text uses itself keeps its form (著 in 著名)
    assert to_simplified("著名") == "著名"
    assert analyze("刪除鏡像") == analyze("删除镜像")


def test_simplify_map_keeps_characters_simplified_text_uses():
    from askdocker.bridge import parse_cedict

    t2s: dict[str, str] = {}
    parse_cedict(["鏡像 镜像 [jing4 xiang4] /image/", "著名 著名 [zhu4 ming2] /famous/",
                  "著 着 [zhuo2] /to wear/"], t2s=t2s)
    assert t2s == {"鏡": "镜"}


@pytest.mark.parametrize("question, flags", [
    ("大写P和小写p有什么区别", ["-P", "-p"]),
    ("what's capital -P for", ["-P"]),
    ("小写 -p 的格式", ["-p"]),
    ("uppercase P vs lowercase p", ["-P", "-p"]),
    ("what does the d option do", ["-d"]),
    ("docker run 的P参数", ["-P"]),
])
def test_a_letter_the_question_calls_a_flag_is_one(question, flags):
    tokens = analyze(question)
    assert all(f in tokens for f in flags)
    assert "capit" not in tokens and "lowercas" not in tokens  # the case is said by the flag


@pytest.mark.parametrize("text", ["a flag", "I flag this", "crlt+p+q容器", "c/s结构"])
def test_other_lone_letters_are_no_flags(text):
    assert not [t for t in analyze(text) if t.startswith("-")]


def test_english_text_never_opens_the_dictionary(monkeypatch):
    # an English corpus (tldr pages) must not pay for building the CC-CEDICT lexicon
    from askdocker import bridge

    def refuse():
        raise AssertionError("the dictionary was opened")

    monkeypatch.setattr(bridge, "cedict", refuse)
    monkeypatch.setattr(bridge, "_simplify_table", refuse)
    for text in ("Show the full (untruncated) image id", "List containers — café, naïve", "what does the d option do"):
        assert analyze(text)


def test_object_terms_are_the_one_word_terms_of_the_glossary_objects_section(tmp_path):
    from askdocker.bridge import ACTIONS_SECTION, OBJECTS_SECTION, action_terms, object_terms, read_section_terms

    g = tmp_path / "glossary.tsv"
    g.write_text(
        f"# header\n删除\tdelete\n{OBJECTS_SECTION}\n容器\tcontainer\n镜像仓库\tregistry; image repository\n"
        "# a comment inside\n卷\tvolume; container\n# --- actions ---\n拉\tpull\n",
        encoding="utf-8",
    )
    assert read_section_terms(g) == ["container", "registry", "volume"]
    assert read_section_terms(g, ACTIONS_SECTION) == ["pull"]
    assert read_section_terms(tmp_path / "missing.tsv") == []
    assert {"container", "image", "volume", "network"} <= set(object_terms())  # the shipped glossary
    assert {"remove", "stop", "list"} <= set(action_terms()) and "container" not in action_terms()


@pytest.mark.parametrize("question, described", [
    ("how to delete a stopped container", {"stop"}),
    ("remove all exited containers", {"exit"}),
    ("怎么删除已经停止的容器", {"停止", "stop"}),
    ("停掉的容器越来越多", {"停掉", "stop"}),
    ("删除镜像的命令", set()),  # 镜像 is not a verb
    ("容器的日志", set()),
    ("how do I stop a container", set()),
])
def test_participles_say_which_thing_not_what_to_do(question, described):
    from askdocker.analysis import participles

    assert participles(question) == described


def test_dictionary_switch_and_argument_are_not_flags():
    # CC-CEDICT's "to switch off" (关掉) and "argument" (争论) are no command-line flag; the
    # glossary's 参数 and an English question's "switch" are
    assert "flag" not in analyze("关掉容器")
    assert "flag" not in analyze("争论")
    assert "flag" in analyze("参数")
    assert "flag" in analyze("which switch runs it in the background")


def test_a_negated_stop_word_is_the_negation():
    # 不想 "don't want" (the dictionary: "unexpectedly") and 不要 "don't" are 不, as "don't" is
    from askdocker.analysis import units
    assert ["不" in u for u in units("不想让它停")] == [True, False]
    assert not any("unexpect" in u for u in units("不想让它停"))
    assert units("不要删除")[0][0] == "不"


@pytest.mark.parametrize("question, how_to", [
    ("how do I exit a container", True),
    ("How to limit memory", True),
    ("docker 怎么后台运行", True),
    ("如何部署", True),
    ("镜像咋删", True),
    ("how does the client talk to the daemon", False),  # how it works, not how to
    ("how big are docker images", False),
    ("客户端和守护进程是怎么通信的", False),
    ("docker 怎么样", False),
    ("容器启动就退出是怎么回事", False),
    # asking for the command that does it
    ("is there a top-like command for containers", True),
    ("which command lists images", True),
    ("看日志用什么命令", True),
    ("给镜像打标签的命令是什么", True),
    ("有没有什么快捷键能退出来", True),
    ("is there a difference between images and containers", False),
    # how to answer or understand something asks what it is
    ("面试被问到：容器和虚拟机有什么区别，该怎么答？", False),
    ("镜像分层该怎么理解", False),
])
def test_asks_how_to(question, how_to):
    from askdocker.analysis import asks_how_to

    assert asks_how_to(question) is how_to


@pytest.mark.parametrize("question, to_do", [
    ("把本地镜像一口气全清掉", True),  # the 把 construction asks for it done
    ("求一条命令把本地镜像全部清空", True),
    ("怎么删除镜像", True),
    ("想把容器停掉", True),
    ("镜像是什么", False),
    ("是把", False),
])
def test_asks_to_do(question, to_do):
    from askdocker.analysis import asks_to_do

    assert asks_to_do(question) is to_do


def test_chat_abbreviations_are_their_words():
    assert analyze("force rm an img by id cmd pls") == analyze("force rm an image by id command")
    assert "contain" in analyze("tail ctr logs")
    assert analyze("spinning up VMs") == analyze("spinning up a VM")


def test_exam_frames_are_no_concepts():
    # "简答题：…" (short-answer question) and "名词解释：…" (define the term) say how to answer
    from askdocker.analysis import units

    assert units("简答题：镜像的分层结构") == units("镜像的分层结构")
    assert units("名词解释：镜像") == units("镜像")


def test_nothing_else_is_only():
    # "the container IDs, nothing else" asks for only the IDs (-q：只显示容器编号)
    assert "onli" in analyze("give me the container IDs, nothing else")
    assert analyze("give me the IDs") == analyze("the IDs")


@pytest.mark.parametrize("question, asked", [
    ("怎么删除已经退出的容器（不是删镜像）", "怎么删除已经退出的容器（）"),
    ("how do I delete a container, not an image", "how do I delete a container"),
    ("remove the container instead of the image", "remove the container"),
    # not a contrast: 是不是 asks "is it", and a negated action still asks about its object
    ("docker 是不是要先拉镜像", "docker 是不是要先拉镜像"),
    ("怎么退出容器但不停止容器", "怎么退出容器但不停止容器"),
    ("exit without stopping the container", "exit without stopping the container"),
    ("is it not working", "is it not working"),
    # nothing left: the question stays as asked
    ("not an image", "not an image"),
])
def test_what_a_question_says_it_is_not_about_is_left_out(question, asked):
    from askdocker.analysis import without_contrast

    assert without_contrast(question) == asked


@pytest.mark.parametrize("question, described", [
    ("how to remove a stopped container", "stop"),
    ("which images have I downloaded", None),  # "have I": a question, not a statement
    ("how do I see the images I have downloaded", "download"),
    ("how do I remove a container that has already exited", "exit"),
    ("怎么看本机已经下载了哪些镜像", "download"),
    ("删除已经停掉的容器", "stop"),
    # what was done before the step a how-to question asks for
    ("进入容器后要怎么出来", "enter"),
    ("after starting the container how do I see its logs", "start"),
    ("在容器里面输入 exit 退出以后，容器还在运行吗？", None),  # what exiting does: no step asked for
    # "running" says which containers, before or after them
    ("list all running containers", "run"),
    ("how do I see the containers that are running", "run"),
    ("check which containers are running", "run"),
    ("the containers currently running", "run"),
    ("how to keep containers running", None),  # keeping them running is what is asked
    ("tips for removing containers", None),
])
def test_participles_and_what_has_been_done_say_which_thing(question, described):
    from askdocker.analysis import participles

    got = participles(question)
    assert (described in got) if described else not got


def test_a_verb_that_cannot_be_done_is_no_negation():
    from askdocker.analysis import units

    # a thing that won't do something tells a problem; "so it doesn't stop" asks for it
    assert units("my container won't stop") == units("my container stop")
    assert units("it can't start") == units("start")
    assert ["不"] in units("exit so the container doesn't stop")
    assert ["不"] in units("exit without stopping")

    # 停不下来 "won't stop" tells a problem; 不停止 asks for "without stopping"
    assert ["不", "不", "不", "un-"] not in units("容器停不下来")
    assert units("删不掉") == units("删掉")
    assert units("退出但不停止")[1][0] == "不"
    assert units("我不了解")[0][0] == "不"  # 了解 "understand" is no complement


def test_quite_is_no_quit():
    from askdocker.analysis import units

    # Snowball stems "quite" to "quit"; CC-CEDICT's 半天 is "quite a while"
    assert "quit" not in analyze("quite a while")
    assert not any("quit" in unit for unit in units("半天"))


def test_a_compound_is_present_where_its_head_is_not_only_its_modifier():
    from askdocker.analysis import units

    (mirror,) = units("镜像加速器")  # "registry mirror": 镜像 "image" only qualifies it
    assert "镜像" not in mirror and "加速" in mirror
    (restart,) = [u for u in units("重新启动") if "启动" in u]  # "restart" is where "start" is
    assert "重新" not in restart
    (image,) = units("镜像")  # a word of two characters keeps its bigram
    assert "镜像" in image


def test_what_was_done_before_a_how_to_step_is_its_context():
    from askdocker.analysis import context_words

    assert {"拿到", "镜像"} <= context_words("拿到镜像以后怎么跑起来一个容器")
    assert not context_words("拿到镜像以后容器还在吗")  # no step asked for
