"""THE analyzer, used for both index and query: Chinese, English and Docker tokens.

- Docker flags stay whole and case-sensitive (`-p` is not `-P`); a short cluster such as `-it`
  is its letters (`-i`, `-t`); long flags (`--no-trunc`) are lower-cased. Every flag
  also gives the token `flag`, which "option", "parameter", "argument" (and 参数, 选项 through
  the glossary) become, so "which option…" finds the notes' flags.
- English words are case-folded, stop words dropped, and stemmed (Snowball), so "images",
  "image" and "imaging" meet.
- Chinese runs give character unigrams and bigrams (robust to typos and unknown words) and,
  through the bridge, the English words of each dictionary word, so English questions reach
  Chinese notes and Chinese questions reach English ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from askdocker import bridge

ANALYZER_VERSION = "67"

TOKEN = re.compile(
    r"(?P<flag>(?<![\w-])--?[A-Za-z][A-Za-z0-9-]*)"
    r"|(?P<cjk>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<word>[A-Za-z0-9]+(?:'[A-Za-z]+)?)"
)

EN_STOP = frozenset(
    """a about above after also am an and are as at be because been before being
    below between both but by can could did do does doing done down during either else
    etc ever for from further get gets getting got had has have having he her here
    hers him his how however i if in into is it its itself just let lets
    like may me might mine much must my myself need needs nor now of off on
    once one or our ours out over own please she should so some such than that
    the their them then there these they this those through to too under until up upon
    us use used using very via want wants was way we were what whats when where
    which while who whom why will with would you your yours yourself s t ll ve
    re d m don doesn didn isn aren wasn thing things something anything someone possible able
    know tell show shows mean means meaning does vs versus compared compare comparison difference differences
    relationship relationships relation relations
    between again still already actually really anymore even basically simply
    pros cons advantage advantages disadvantage disadvantages benefit benefits drawback drawbacks
    downside downsides upside upsides supposed seem seems kind other others people somewhere somehow always forever
    directly immediately instantly everyone everybody instead happen happens happened
    give gives giving gave any yet type types typed typing
    bunch lot lots tons stuff
    forget forgets forgot forgotten forgetting remember remembers remembering recall wonder wondering
    confuse confused confusing
    common commonly useful eli5""".split()  # "a bunch of", "a lot of" say how many, not what; "stuff" is
    # "things"; what the asker forgot, remembers or wonders about is the asker's, as "know" is; what is
    # commonly used or useful says no more than any. ("two", "three", "tutorial" as stop words cost
    # xl-dev two questions, and won nothing.)
    # "quite" stems to "quit": the dictionary's "quite a while" (半天) was read as exit
    + ["quite"]
)
# Words that say nothing about Docker in a question about Docker ("how do I ... in docker").
QUESTION_WORDS_ZH = (
    "怎么样", "为什么", "为啥", "怎么办", "怎么", "怎样", "如何", "什么", "哪个", "哪些", "请问", "一下", "是否",
    "可以", "能否", "能不能", "有没有", "会不会", "是不是", "应该", "办法", "方法", "的话", "意思", "干嘛", "干什么",
    "用法", "到底", "求助", "咋", "啥", "怎么回事", "怎么弄", "怎么搞", "咋整", "咋办", "是啥", "干啥",
    "怎么写", "咋写", "写法",  # "the command, how is it written": how to do it
    "效果", "作用",  # "是什么效果", "有什么作用": what it does, as 干嘛 and 用法 ask (not 格式 or 语法:
    # "format" and "syntax" are what tldr pages are about; as question words they cost xl-dev nine)
    "发生",  # 会发生什么 "what happens", as "happen" is an English stop word
    # comparing or relating two things ("image 和 container 是什么关系"), as "difference", "compare",
    # "vs" and "relationship" are English stop words
    "区别", "差别", "差异", "对比", "比较", "不一样", "不同", "关系", "联系",
    # what one is good or bad at against the other, as "pros and cons", "advantages" are English
    # stop words (好在哪里 "good in what way", not 好在 "luckily")
    "优点", "缺点", "优缺点", "好处", "坏处", "优势", "劣势", "好在哪里", "好在哪儿", "好在哪",
    # how exams, interviews and teachers ask ("简答题：…", "名词解释：…", "简述…", "面试题：…")
    "简答题", "简答", "名词解释", "简述", "论述题", "论述", "面试题", "面试官", "面试", "笔试题", "考题",
    # "I was asked …, how do I answer": 被问到, 怎么答
    "被问到", "问到", "被问", "怎么答", "怎么回答", "如何回答", "回答",
    # "叫啥来着" ("what was it called again"): asking for a name, 来着 recalls; they name nothing
    "叫什么", "叫啥", "来着",
    # asking to be told ("请教一下", "科普一下"), as 简述 asks (not 总结 "sum up": as a question word it
    # cost xl-dev a question)
    "请教", "求教", "科普",
    # what a picture shows ("图标上画的是什么"), as "what is on the logo" asks
    "画的是", "画的啥", "画着",
)
# longest first: "干什么" goes whole, not as "什么" leaving "干" ("dry; food; tree trunk; ...")
QUESTION_WORDS_BY_LENGTH = sorted(QUESTION_WORDS_ZH, key=len, reverse=True)
# Negation decides between "exit and stop" and "exit without stopping": English negations meet
# the Chinese 不 that the notes use.
NEGATION = frozenset({"not", "no", "without", "never", "non", "don't", "doesn't", "won't", "can't", "cannot",
                      # as typed without the apostrophe
                      "dont", "doesnt", "wont", "cant", "didnt", "isnt", "arent", "wasnt", "shouldnt"})
NEGATION_ZH = "不"
NEGATION_ZH_WORDS = frozenset({"不", "没", "没有", "无需", "别"})
NEGATION_SPLIT = re.compile("(没有|无需|不|没|别)")
ZH_STOP_CHARS = frozenset("的了吗呢啊吧呀么是我你他她它在把和与及或就也都要会能这那个些该着过哪啥嘛哦噢么呗")
# Words (not characters: 所有 and 没有 stay) that are stop words as English "have", "want", "let"
# and "use" are: no concept of their own, no English from the dictionary
ZH_STOP_WORDS = frozenset("有想让用")
# Chinese function words (a closed class: prepositions and postpositions, conjunctions, aspect and
# degree adverbs, pronouns, numerals and measure words, and the complements 起来 and 下来 of 跑起来
# "get running" and 停下来 "come to a stop"), and the words English questions drop as stop words or
# frames (有关 and 相关 as 关于 "about", 东西 "thing", 其实 "actually", 实在 "really", 需要 "need",
# 说 and 听说 "say, heard that", the adverb marker 地, the complement 掉 of 删不掉 "away", and the
# adverbs of manner 直接 "directly", 马上 and 立刻 "at once"): their characters still count, but
# they are no concept, and the dictionary's English for them is noise (被 "quilt", 后 "empress",
# 一 "single", 起来 "stand", 东西 "east; west", 不是 "fault").
ZH_FUNCTION_WORDS = frozenset(
    """从 到 在 把 被 给 对 跟 向 往 以 通过 关于 对于 根据 按照 除了 为了 之间 而 但 但是 而且 并且 或者 还是 如果 因为 所以 然后 之后 以后 之前 以前
    后 前 里 上 下 中 时 时候 已 已经 正在 曾经 将 就 才 还 再 又 也 都 很 太 最 更 挺 一直 一下 一 一个 个 条 些
    这个 那个 这些 那些 这样 那样 它们 他们 我们 你们 自己 起来 下来
    有关 相关 东西 地 其实 实在 具体 一般 比如 不是 需要 说 听说 掉 直接 马上 立刻 立即
    大家 比 弄 搞 整 一口气 一次性 一下子 这里 那里 这边 那边 这儿 那儿
    一堆 好多 很多 许多 搞定 必须 先
    忘 忘了 忘记 记不住 记住 记得 不记得 记不得
    别人 老师 同事 同学 领导 教程 常用
    大佬 大神 各位 们 老是 总是 老""".split()  # "a pile of", "a lot of", "get it done";
    # "must", "first"; "forget", "remember"; who said so and where (别人, 老师, 教程), 常用 "commonly
    # used"; whom a forum post asks (大佬, 大神, 各位, the plural 们) and how often the asker meets it
    # (老是, 总是, 老 "always": 面试老被问). (Numbers, 两三个 "two or three", cost xl-dev three
    # questions: tldr pages say 两个文件.)
)


# What people type in a hurry or on a phone ("force rm an img by id cmd pls", "tail ctr logs"): the
# word each stands for. Chat filler (pls, thx, asap, btw) becomes a stop word.
ABBREVIATIONS = {
    "img": "image", "imgs": "images", "ctr": "container", "ctrs": "containers", "cntr": "container",
    "cntrs": "containers", "cmd": "command", "cmds": "commands", "msg": "message", "msgs": "messages",
    "cfg": "config", "dir": "directory", "dirs": "directories", "env": "environment", "pkg": "package",
    "pkgs": "packages", "bg": "background", "fg": "foreground", "vms": "vm", "k8s": "kubernetes",
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "please", "asap": "please",
    "btw": "please", "hey": "please", "hi": "please", "hello": "please",
}


# Irregular past forms, which a stemmer leaves as they are ("ran" is not "run"): the verb. Not
# "built": the bundled notes' gloss says images are "built up in layers", and read as "build" every
# `docker build` question (构建镜像) found that note.
IRREGULAR = {
    "ran": "run", "made": "make", "went": "go", "gone": "go", "saw": "see", "seen": "see", "took": "take",
    "taken": "take", "kept": "keep", "brought": "bring", "wrote": "write",
    "written": "write", "forgot": "forget", "forgotten": "forget", "found": "find", "lost": "lose",
    "began": "begin", "begun": "begin", "came": "come", "chose": "choose", "chosen": "choose",
    "hung": "hang", "broke": "break", "broken": "break", "spun": "spin", "threw": "throw",
    "thrown": "throw", "froze": "freeze", "frozen": "freeze", "ate": "eat", "eaten": "eat", "held": "hold",
    "sent": "send", "spent": "spend", "stood": "stand", "told": "tell", "thought": "think",
    "understood": "understand", "fell": "fall", "fallen": "fall", "drew": "draw", "drawn": "draw",
    "ridden": "ride", "rode": "ride", "bought": "buy", "caught": "catch", "taught": "teach",
}


# The words people use for a command-line flag, and the one token they all become; every flag
# in a note also carries it.
FLAG_WORD = "flag"
OPTION_WORDS = frozenset({"flag", "flags", "option", "options", "parameter", "parameters", "param", "params",
                          "argument", "arguments", "arg", "args", "switch", "switches"})


# Verbs people use interchangeably for the same command-line action. A question's word counts
# as present in a passage that has any word of its group (coverage only: the cosine still
# scores the words as asked). English questions only: Chinese words already carry several
# English senses through the bridge, and adding these to them measured worse.
VERB_GROUPS = (
    "see view list display check look print",
    "remove delete rm erase purge nuke wipe",
    "start launch boot",
    "stop halt shutdown",  # not "terminate": its stem is "terminal"'s
    "download pull fetch",
    "enter access",
    "exit quit leave",
    "change modify edit tweak alter",
    "speed fast quick",  # "how fast", "how quickly": the speed
    "connect communicate talk",  # "how does the client talk to the daemon"
    "follow watch",  # "keep watching the logs" follows them
    "publish expose forward",  # a port: "expose port 8080", "port forwarding"
    "command subcommand",
    "all every",  # not a verb, but said either way: "every image" is "all images"
)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Stem → the stems of the other verbs of its group."""
    out: dict[str, tuple[str, ...]] = {}
    for group in VERB_GROUPS:
        stems = [stem(w) for w in group.split()]
        for s in stems:
            out[s] = tuple(x for x in stems if x != s)
    return out


# A key chord (Ctrl+P, crlt+p+q as typed in notes) is a keyboard shortcut, whatever the words
# around it; the words people use for one become the same token.
KEY_CHORD = re.compile(r"(?i)\b(?:ctrl|ctl|crtl|crlt|control|alt|shift|cmd)\s*\+\s*[a-z0-9]")
SHORTCUT_WORD = "shortcut"
SHORTCUT_WORDS = frozenset({"shortcut", "shortcuts", "hotkey", "hotkeys", "keybinding", "keybindings",
                            "keystroke", "keystrokes", "chord"})


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case English word."""
    return _stemmer().stemWord(word)


def english_tokens(words, dictionary: bool = False) -> list[str]:
    """Stemmed content words from an iterable of lower-case English words. A CC-CEDICT
    definition's "switch", "argument" or "option" is seldom a command-line flag (关掉 "to switch
    off", 争论 "argument", 选择 "option; choice"): with `dictionary`, they stay words."""
    out = []
    for w in words:
        if "'" in w and w not in NEGATION:
            w = w.split("'", 1)[0]  # what's, container's, they're: the word without its clitic
        w = ABBREVIATIONS.get(w, w)
        w = IRREGULAR.get(w, w)
        if w in EN_STOP:
            continue
        if w in OPTION_WORDS and not dictionary:
            out.append(FLAG_WORD)
            continue
        if w in SHORTCUT_WORDS:
            out.append(SHORTCUT_WORD)
            continue
        if w in NEGATION:
            out.append(NEGATION_ZH)
            continue
        out.append(stem(w))
    return out


def _strip_question_words(run: str) -> str:
    for w in QUESTION_WORDS_BY_LENGTH:
        run = run.replace(w, "\u3000")
    return run


def _says_nothing(word: str) -> bool:
    """A Chinese word with no meaning of its own: a stop word, a function word, or made only of
    stop characters (这个, 是的). The index and the question's concepts both skip it."""
    return word in ZH_STOP_WORDS or word in ZH_FUNCTION_WORDS or all(c in ZH_STOP_CHARS for c in word)


# 不 between a verb and its complement says the verb cannot be done (停不下来 "won't stop", 删不掉
# "can't delete", 进不去 "can't get in"): a problem told, not "without stopping" (不停止) asked for.
INABILITY = re.compile(r"(?<=[\u4e00-\u9fff])不(?=下来|下去|出来|出去|进去|进来|起来|了(?!解)|掉|动|到|住|完)")


def chinese_units(run: str) -> list[list[str]]:
    """Each dictionary word of a Chinese run as its tokens: its characters' n-grams and its English."""
    units: list[list[str]] = []
    run = INABILITY.sub("", run)
    for part in _strip_question_words(run).split("\u3000"):
        for word in bridge.segment(part) if part else ():
            if _says_nothing(word):
                continue
            if len(word) > 1 and word[0] == NEGATION_ZH and _says_nothing(word[1:]):
                # 不想 "don't want", 不要 "don't", 不用 "needn't": the negation, as "don't" is
                # in English, not the dictionary's word (不想 "unexpectedly")
                word = word[0]
            # a word is present when its bigrams are: a shared character alone proves little
            grams = [c for c in word if c not in ZH_STOP_CHARS] if len(word) == 1 else []
            grams += [a + b for a, b in zip(word, word[1:]) if a not in ZH_STOP_CHARS and b not in ZH_STOP_CHARS]
            english, curated = bridge.english_for(word)
            if len(word) > 2 and english and grams and grams[0] == word[:2] and bridge.english_for(grams[0])[0]:
                # a compound's head is its end: 镜像加速器 "registry mirror" is not present where only
                # its modifier 镜像 "image" is, 重新启动 "restart" is where 启动 "start" is
                grams = grams[1:]
            meaning = english_tokens(english, dictionary=not curated)
            # a word the dictionary gives only stop words for (已经 "already", 但是 "but") is a
            # function word: no concept of its own
            if english and not meaning:
                continue
            if grams or meaning:
                units.append(grams + meaning)
    return units


def chinese_tokens(run: str) -> list[str]:
    """Character unigrams and bigrams of a Chinese run, plus the bridge's English words."""
    out: list[str] = []
    run = INABILITY.sub("", run)
    for part in _strip_question_words(run).split("\u3000"):
        if not part:
            continue
        out.extend(c for c in part if c not in ZH_STOP_CHARS)
        # bigrams cross word boundaries on purpose: they survive segmentation mistakes and typos
        out.extend(a + b for a, b in zip(part, part[1:]) if a not in ZH_STOP_CHARS and b not in ZH_STOP_CHARS)
        negated = False
        for word in _segment_negations(part):
            if word in NEGATION_ZH_WORDS:
                negated = True
                continue
            if _says_nothing(word):
                continue
            english, curated = bridge.english_for(word)
            tokens = english_tokens(english, dictionary=not curated)
            out.extend(tokens)
            if negated and tokens:
                out.extend(NEGATION_ZH + t for t in tokens if t != NEGATION_ZH)
            negated = False
    return out


def _segment_negations(part: str) -> list[str]:
    # "不停止" is "not stop", not the word 不停 ("incessantly") + 止: negations stand alone
    words: list[str] = []
    for chunk in NEGATION_SPLIT.split(part):
        if chunk:
            words.extend([chunk] if chunk in NEGATION_ZH_WORDS else bridge.segment(chunk))
    return words


UN_PREFIX_MIN = 5  # letters after "un": "unit", "until", "united", "unless" are not un- words


@lru_cache(maxsize=65536)
def un_prefixed(word: str) -> tuple[str, ...]:
    """For an English un- word ("untruncated", "unlimited"), the word it negates and that negation
    (as "without truncating" and "不截断" give them): its stem and 不 + its stem; else ()."""
    if not word.startswith("un") or len(word) < 2 + UN_PREFIX_MIN or not word.isalpha():
        return ()
    rest = word[2:]
    # no dictionary check (it would open the dictionary for every English note): a word that only
    # looks like one ("universe" → "iverse") gives tokens nobody asks for
    if rest in EN_STOP:
        return ()
    s = stem(rest)
    return (s, NEGATION_ZH + s)


def flag_tokens(flag: str) -> list[str]:
    """A flag token and, for a short cluster such as -it, its single-letter flags."""
    if flag.startswith("--"):
        return [flag.lower()]
    out = [flag]
    body = flag[1:]
    if 1 < len(body) <= 4 and body.isalpha():
        out.extend("-" + c for c in body)
    return out


def analyze(text: str) -> list[str]:
    """Tokens of a note or a question; the same function builds the index and reads queries."""
    out: list[str] = [SHORTCUT_WORD] if KEY_CHORD.search(text) else []
    negated = False
    for kind, tok in scan(text):
        if kind == "flag":
            # a short cluster is its flags: "-it" is "-i -t", so a question about -it meets the
            # notes that define -i and -t, not only an example that happens to type "-it"
            whole, *letters = flag_tokens(tok)
            out.extend(letters or [whole])
            out.append(FLAG_WORD)  # a flag is an option: "which option/参数 does X" finds it
        elif kind == "cjk":
            out.extend(chinese_tokens(tok))
        else:
            low = tok.lower()
            words = english_tokens([low])
            out.extend(words)
            if low.startswith("un"):
                out.extend(un_prefixed(low))
            # negation scope: "without stopping" also gives 不stop, as "不停止" does
            if negated and words and words[0] != NEGATION_ZH:
                out.append(NEGATION_ZH + words[0])
                negated = False
            if low in NEGATION:
                negated = True
            continue
        negated = False
    return out


# A verb that describes one of Docker's objects, before or after it (the object is checked apart,
# so the patterns stay small: compiling every object into them cost each one-shot ask 20 ms): "a
# stopped container", "the running containers", "containers that are running", "containers
# currently running", "which containers are running". Each (verb, object) pair, overlapping.
DESCRIBED_EN = tuple(re.compile(rf"(?i)(?=\b{p}\b)") for p in (
    r"(?P<v>[a-z]+ed)\s+(?P<o>[a-z]+)",
    r"(?:the|all|any|my|our|currently|still|only)\s+(?P<v>[a-z]+ing)\s+(?P<o>[a-z]+)",
    r"(?P<o>[a-z]+)\s+(?:that|which)\s+(?:are|is|were|was)\s+(?:currently\s+|still\s+|now\s+|already\s+)?(?P<v>[a-z]+(?:ing|ed))",
    r"(?P<o>[a-z]+)\s+(?:currently|still|now)\s+(?P<v>[a-z]+ing)",
    r"(?:which|what)\s+(?P<o>[a-z]+)\s+(?:are|is)\s+(?:currently\s+|still\s+|now\s+)?(?P<v>[a-z]+ing)",
))


@lru_cache(maxsize=1)
def _participle_patterns() -> tuple[frozenset[str], re.Pattern]:
    """Docker's objects in English (singular and plural), and the Chinese pattern of a verb that
    describes one: "停掉的容器"."""
    objects = bridge.object_terms()
    zh = sorted((w for w, terms in bridge.glossary().items() if any(t in objects for t in terms)), key=len, reverse=True)
    return (frozenset(objects) | frozenset(w + "s" for w in objects),
            re.compile(rf"([\u4e00-\u9fff]+)的(?:{'|'.join(map(re.escape, zh)) or '(?!)'})"))


def normalized(text: str) -> str:
    """The text as the analyzer reads it: NFKC (full-width letters and punctuation as ASCII) and
    traditional characters written simplified."""
    return bridge.to_simplified(unicodedata.normalize("NFKC", text))


# What has been done already says which things a question means, as a participle does: "which
# images I have downloaded", "我已经下载了哪些镜像" ask to list images, not how to download one; "a
# container that has already exited" is an exited container.
DONE_EN = re.compile(r"(?i)\b(?:i|we|you|that|which)(?:'ve|\s+have|\s+has|\s+had)\s+(?:already\s+|just\s+)?([a-z]+ed)\b")
DONE_ZH = re.compile(r"(?:已经|已)([\u4e00-\u9fff]{1,4}?)(?:了|过|好)")
# So does what was done before the question's own step: "进入容器后要怎么出来" ("after entering the
# container, how do I get out") asks how to exit, "after starting it" how to do what follows. The
# actions of a clause that ends in 后, 以后 or 之后, and an English "after …ing".
AFTER_ZH = re.compile(r"(?:^|(?<=[，,。；;！!？?\s]))([\u4e00-\u9fff]{1,8}?)(?:以后|之后|后)")
AFTER_EN = re.compile(r"(?i)\bafter\s+([a-z]+ing)\b")


@lru_cache(maxsize=1)
def _action_tokens() -> frozenset[str]:
    """The tokens of the glossary's actions (start, stop, remove…)."""
    return frozenset(english_tokens(bridge.action_terms()))


def context_words(text: str) -> set[str]:
    """The tokens of what a how-to question says was done before its own step ("拿到镜像以后怎么跑起来
    一个容器": 拿到, 镜像): when, not what."""
    if not asks_how_to(text):
        return set()
    text = normalized(text)
    return {t for m in AFTER_ZH.finditer(text) for unit in chinese_units(m.group(1)) for t in unit}


def participles(text: str) -> set[str]:
    """The tokens of the verbs a question uses to say which thing it means, not what to do with it
    ("how to remove a stopped container": stop; "删除已经停掉的容器": 停掉, stop; "which images have I
    downloaded": download)."""
    en, zh = _participle_patterns()
    out: set[str] = set()
    text = normalized(text)
    # what was done before says which step is asked for only when a step is asked for: "exit 退出以后，
    # 容器还在运行吗" asks what exiting does
    after = asks_how_to(text)
    for pattern in DESCRIBED_EN:
        for m in pattern.finditer(text):
            if m.group("o").lower() in en:
                out.update(english_tokens([m.group("v").lower()]))
    for pattern in (DONE_EN,) + ((AFTER_EN,) if after else ()):
        for m in pattern.finditer(text):
            out.update(english_tokens([m.group(1).lower()]))
    for pattern in (zh, DONE_ZH):
        for m in pattern.finditer(text):
            # the last word before 的 (or 了), past a complement (停掉的, 退出了的)
            words = [w for w in bridge.segment(m.group(1)) if w not in ("了", "掉")]
            for unit in chinese_units(words[-1]) if words else ():
                out.update(unit)
    for m in AFTER_ZH.finditer(text) if after else ():
        for unit in chinese_units(m.group(1)):
            if _action_tokens().intersection(unit):
                out.update(unit)
    return out


# A question that asks how to do something ("how do I…", "how to…", 怎么, 如何), not what a thing
# is or how it works (怎么样 "how is it", 怎么回事 "what is going on", 是怎么 "how does it"), nor how to
# answer, explain or understand something (怎么答, 如何解释, 怎么理解).
HOW_EN = r"\bhow (?:do|can|could|should|would) (?:i|we|you|one)\b|\bhow to\b"
HOW_TO = re.compile(
    rf"(?i){HOW_EN}"
    r"|(?<!是)(?:怎么(?!样|回事|答|回答|解释|理解)|如何(?!回答|解释|理解)|咋(?!回事)|怎样(?!回答|解释|理解))"
    # or for the command that does it ("is there a top-like command", "用什么命令")
    r"|\b(?:is|are) there (?:a|an|any) (?:[\w-]+ )?(?:command|way|tool)s?\b|\b(?:what|which) (?:docker )?commands?\b"
    r"|(?:什么|啥|哪个|哪条|哪一个)(?:docker)?(?:命令|指令)|(?:命令|指令)是(?:什么|啥|哪个|哪条)|有没有(?:什么|啥)?(?:办法|方法|命令|快捷键|参数|选项)"
)


# What a question says it is not about ("删除容器（不是删镜像）", "delete a container, not an image"):
# a contrast whose words name one of Docker's objects. Not 是不是 ("is it"), and not a negated
# action ("exit without stopping the container", "不停止容器"), which still asks about its object.
CONTRAST_ZH = re.compile(r"(?<![是还])而?(?:不是|并非|并不是)[^，。？！；：,.?!;:（）()\s]{1,8}")
CONTRAST_EN = re.compile(
    r"(?i),?\s*\b(?:(?:but|and)\s+)?(?:not|instead of|rather than)\s+(?:(?:a|an|the|my|any|all)\s+)?(?:docker\s+)?"
    r"([a-z]+)\b")


@lru_cache(maxsize=1)
def _object_tokens() -> frozenset[str]:
    return frozenset(english_tokens(bridge.object_terms()))


def without_contrast(text: str) -> str:
    """The question without what it says it is not about: "怎么删除已经退出的容器（不是删镜像）" asks
    how to delete a container, and the notes' `docker rmi` is no answer to it."""
    objects = _object_tokens()
    out = CONTRAST_ZH.sub(lambda m: "" if objects.intersection(analyze(m.group(0))) else m.group(0), text)
    out = CONTRAST_EN.sub(lambda m: "" if objects.intersection(english_tokens([m.group(1).lower()])) else m.group(0), out)
    return out if out.strip() else text


def asks_how_to(text: str) -> bool:
    """Whether a question asks how to do something."""
    return bool(HOW_TO.search(normalized(text)))


# the verb right after "how do I", "how to": what an English how-to question asks to do
ASKED_VERB = re.compile(rf"(?i)(?:{HOW_EN})\s+([a-z]+)")


def asked_verbs(text: str) -> set[str]:
    """The stems of the verbs an English how-to question asks to do ("how to clear …": clear)."""
    return {stem(m.group(1).lower()) for m in ASKED_VERB.finditer(text)}


# A request to do something with no question word: the 把 construction ("把本地镜像一口气全清掉",
# "想把镜像全部清空") and asking for "one command" (求一条命令). It orders notes by the action
# asked for (retrieve.search), and no more: 把 also sits in clauses that only mention doing
# something ("担心把服务放进容器里会拖慢速度，…性能怎么样"), which as how-to questions were declined
# for their table-row answer.
REQUEST = re.compile(r"(?<!是)把|(?:一条|一个)(?:命令|指令)")


def asks_to_do(text: str) -> bool:
    """Whether a question asks how to do something or asks for it done (REQUEST)."""
    return asks_how_to(text) or bool(REQUEST.search(normalized(text)))


def units(text: str) -> list[list[str]]:
    """The question's concepts, each as the tokens any of which shows it is present in a passage."""
    out: list[list[str]] = []
    for kind, tok in scan(text):
        if kind == "flag":
            whole, *letters = flag_tokens(tok)
            # -it asks about -i and -t
            out.extend([[letter] for letter in letters] or [[whole]])
        elif kind == "cjk":
            out.extend(chinese_units(tok))
        else:
            out.extend([t, *synonyms().get(t, ())] for t in english_tokens([tok.lower()]))
    return out


# Phrasal verbs whose particle is a stop word ("get into" would leave nothing): the verb they mean.
PHRASAL = (
    (r"(?:get|go|jump|log|shell|ssh|exec|hop|step)(?:s|ting|ging|ped|ed|ged)? (?:back )?(?:in)?to\b", "enter"),
    (r"(?:get|got|getting|gets) (?:out|off)\b", "exit"),
    (r"(?:shut|shuts|shutting|turn|turns|turning) (?:down|off)\b", "stop"),
    (r"(?:spin|spins|spinning|fire|fires|firing|bring|brings|bringing|start|starts|starting|boot|boots|booting) up\b", "start"),
    (r"(?:clean|cleans|cleaning|clear|clears|clearing) (?:out|up)\b", "remove"),
    (r"(?:get|gets|getting|got) rid of\b", "remove"),
    (r"(?:look|looks|looking) (?:at|into)\b", "see"),
    (r"(?:look|looks|looking|looked) (?:for|up)\b", "search"),
    # "bring a stopped container back (up)": the verb alone becomes "start", its object stays
    (r"(?:bring|brings|bringing|brought)(?=(?:\s+[\w'-]+){0,4}\s+back\b)", "start"),
    # "save the changes as a new image" is what `docker commit` does; "save" alone is not ("exit vim
    # without saving", `docker save`'s tar archive)
    (r"(?:save|saves|saving|saved)(?=(?:\s+[\w'-]+){0,8}?\s+(?:as|into|to)\s+(?:an?\s+)?(?:new\s+)?(?:docker\s+)?images?\b)",
     "commit"),
    # "keep it running" is "without stopping it"
    (r"(?:keep|keeps|keeping|kept|leave|leaves|leaving|left)(?:\s+[\w'-]+){0,2}?\s+(?:running|alive|up|going)\b", "not stop"),
    (r"(?:roll|rolls|rolling|rolled) (?:out|it out)\b", "deploy"),
    # where a download goes says nothing more than "download": "download an image to my local
    # machine" is `docker pull`, whatever `docker images`' "local" says
    (r"((?:download|pull|fetch)(?:s|ed|ing)?\b(?:\s+[\w'-]+){0,4}?)\s+(?:to|onto|into)\s+(?:(?:my|the|this|our|your)\s+)?"
     r"local(?:\s+(?:machine|host|computer|box|disk|pc|laptop))?\b", r"\1"),
    (r"((?:download|pull|fetch)(?:s|ed|ing)?\b(?:\s+[\w'-]+){0,4}?)\s+locally\b", r"\1"),
    # where the asker sits says nothing: "installed on my box", "the images on this machine"
    (r"(?:on|in|from)\s+(?:my|this|the|our|your)\s+(?:own\s+)?(?:box|machine|computer|laptop|pc|workstation|desktop)\b", ""),
    # "every single image" is every image; "a single command" is one command, not one image
    (r"every single\b", "every"),
    (r"(?:an?\s+|one\s+)?single (?=(?:command|line|step|go|shot|run)\b)", ""),
    (r"nothing (?:else|but|more)\b", "only"),  # "the IDs, nothing else" is "only the IDs"
    # "what key combo", "a keyboard combination", "which key sequence": a shortcut
    (r"(?:key(?:board)?|keystroke)\s+(?:combo|combination|sequence|chord|binding|shortcut)s?\b", "shortcut"),
)
# The same in Chinese: 重新/再 + a verb + 起来 ("get it going again": 重新跑起来, 再开起来,
# 重新弄起来) is 重新启动, as "bring it back up" is "start" (起来 alone is a function word).
ZH_PHRASAL = ((r"(?:重新|再次|再)(?:跑|开|弄|起|搞|运行|启|拉)?起来", "重新启动"),
              # 下载到本地, 拉镜像到本地: "download", as in English
              (r"((?:下载|拉取|拉|下)[^，。？！,.?!\s]{0,6}?)到本(?:地|机)", r"\1"),
              # 改个名字, 改一下名称: 改名 "rename", which segmenting leaves as 改 "change" and 名字 "name"
              (r"改(?:个|一个|一下|下)?名(?:字|称)?", "改名"),
              # what is typed is asked about, not typing: 输入exit, 敲 exit (as "type" is an English
              # stop word)
              (r"(?:输入|键入|敲入|敲)了?\s*(?=[A-Za-z-])", " "))
PHRASAL_RE = [(re.compile(rf"\b{p}", re.IGNORECASE), verb) for p, verb in PHRASAL] + [
    (re.compile(p), verb) for p, verb in ZH_PHRASAL]


# A lone letter that a question calls a flag is one: "大写P和小写p", "the d option", "P 参数".
LETTER_FLAG_AFTER = re.compile(r"(大写的?|小写的?|(?i:uppercase|lowercase|capital)\s+)\s*-?([A-Za-z])(?![A-Za-z0-9-])")
LETTER_FLAG_KEYS = ("参数", "选项", "lag", "LAG", "ption", "PTION", "aram", "ARAM", "witch", "WITCH")
LETTER_FLAG_BEFORE = re.compile(
    r"(?<![A-Za-z0-9-])(?![aAI]\s+[A-Za-z])([A-Za-z])(?=\s*(?:参数|选项|(?i:flags?|options?|parameters?|switch(?:es)?)\b))"
)


SHORTHAND_WORDS = {"w/o": " without ", "w/": " with "}
SHORTHAND = re.compile(r"(?i)(?<![\w/])w/o(?![\w/])|(?<![\w/])w/(?=\s)")


# A thing that won't or can't do something ("my container won't stop", "it can't start") tells a
# problem, as 停不下来 does (INABILITY): not "without stopping" asked for. Not after "so (the)",
# "so that": "exit so the container doesn't stop" asks for it.
CANNOT_EN = re.compile(
    r"(?i)(?<!\bso )(?<!\bthat )(?<!\bso the )(?<!\bso my )(?<!\bthat the )"
    r"\b(container|containers|it|image|process|daemon|docker|command)(\s+(?:still\s+|just\s+)?)"
    r"(?:won't|wont|can't|cant|cannot|doesn't|doesnt|didn't|didnt|isn't|isnt|refuses to|refuse to)\s+")


def scan(text: str):
    """The text's tokens before analysis, as (kind, text): kind is flag, cjk or word."""
    text = normalized(text)
    # the case word is said by the flag itself: 大写P is -P (the cheap tests spare most texts the scan)
    if "写" in text or "ase" in text or "apital" in text:
        text = LETTER_FLAG_AFTER.sub(r" -\2", text)
    if any(k in text for k in LETTER_FLAG_KEYS):
        text = LETTER_FLAG_BEFORE.sub(r" -\1", text)
    for pattern, verb in PHRASAL_RE:
        text = pattern.sub(verb, text)
    text = CANNOT_EN.sub(r"\1\2", text)
    if "/" in text:  # chat shorthand: "w/o stopping" is "without stopping"
        text = SHORTHAND.sub(lambda m: SHORTHAND_WORDS[m.group().lower()], text)
    for m in TOKEN.finditer(text):
        yield m.lastgroup, m.group()


def analyzer_version() -> str:
    """Changes whenever the index would differ: analyzer, chunker and lexicon versions, glossary,
    Docker's help lines."""
    from askdocker.cliref import reference_digest
    from askdocker.corpus import CHUNKER_VERSION

    return (f"{ANALYZER_VERSION}-{CHUNKER_VERSION}-{bridge.LEXICON_VERSION}-{bridge.glossary_digest()}"
            f"-{reference_digest()}")


def detect_language(text: str) -> str:
    """en, zh or mixed, from the scripts the text is written in."""
    cjk = len(re.findall(r"[\u3400-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]{2,}", text))
    if cjk and latin:
        return "mixed"
    if cjk:
        return "zh"
    return "en"


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def spelling_variants(word: str) -> list[str]:
    """Words one edit (delete, transpose, replace, insert) away from a lower-case word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = [a + b[1:] for a, b in splits if b]
    out += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    out += [a + c + b[1:] for a, b in splits if b for c in LETTERS if c != b[0]]
    out += [a + c + b for a, b in splits for c in LETTERS]
    return out


def english_words(text: str) -> list[str]:
    """The English words of a text as written (for spelling correction)."""
    return [tok for kind, tok in scan(text) if kind == "word" and tok.isalpha()]

