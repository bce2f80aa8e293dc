"""Finding Docker commands in note text and normalizing them for copy and paste."""

from __future__ import annotations

import re

# --- character classes and tables -------------------------------------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# One-to-one character replacements, so positions in the translated text match the original.
# ：and ，are left alone here: whether they are a separator or part of a command depends on
# context (see COLON_BETWEEN_ASCII_RE and the scanner).
FULLWIDTH_TABLE = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},  # ０-９
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    ord("\u3000"): " ",
    ord("（"): "(",
    ord("）"): ")",
    ord("“"): '"',
    ord("”"): '"',
    ord("‘"): "'",
    ord("’"): "'",
    ord("【"): "[",
    ord("】"): "]",
    ord("＄"): "$",
    ord("＝"): "=",
    ord("＜"): "<",
    ord("＞"): ">",
    ord("｜"): "|",
    ord("＆"): "&",
    ord("＊"): "*",
    ord("＋"): "+",
    ord("－"): "-",
    ord("／"): "/",
    ord("．"): ".",
    ord("～"): "~",
    ord("｛"): "{",
    ord("｝"): "}",
    ord("［"): "[",
    ord("］"): "]",
}
# `8888：8080`, `tomcat：latest`: a full-width colon between two ASCII characters is a colon.
COLON_BETWEEN_ASCII_RE = re.compile(r"(?<=[!-~])：(?=[!-~])")
COMMA_BETWEEN_ASCII_RE = re.compile(r"(?<=[!-~])，(?=[!-~])")
# Word processors turn `--name` into `—name`; in a command that is always a double dash.
DASH_BEFORE_WORD_RE = re.compile(r"(?<![^\s])[—–](?=[A-Za-z])")

# --- docker vocabulary ------------------------------------------------------------------------

DOCKER_SUBCOMMANDS = frozenset(
    """
    attach build builder buildx commit compose config container context cp create diff events
    exec export history image images import info init inspect kill load login logout logs
    manifest network node pause plugin port ps pull push rename restart rm rmi run save scan
    search secret service stack start stats stop swarm system tag top trust unpause update
    version volume wait scout debug
    """.split()
)
# Management commands take a second word (`docker network ls`) that belongs to the command name.
MANAGEMENT_COMMANDS = frozenset(
    """
    builder buildx compose config container context image manifest network node plugin scout
    secret service stack swarm system trust volume
    """.split()
)
# Subcommands that take no positional argument: Chinese after them is always explanation.
NO_ARGUMENT_SUBCOMMANDS = frozenset({"ps", "version", "info", "events", "logout"})

_SUBS_ALTERNATION = "|".join(sorted(DOCKER_SUBCOMMANDS, key=len, reverse=True))
# `docker stop`, `docker  attach`, `dockerpull` (the space is optional: notes drop it), `docker --help`.
DOCKER_START_RE = re.compile(
    r"(?<![A-Za-z0-9_./-])(?i:docker)"
    rf"(?:(?P<compose>-compose)[ \t]+(?P<csub>[a-z][\w-]*)"
    rf"|[ \t]*(?P<sub>{_SUBS_ALTERNATION})(?![A-Za-z0-9_-])"
    r"|[ \t]+(?P<flag>--?[A-Za-z][\w-]*))"
)
DOCKER_GLUED_RE = re.compile(rf"(?<![A-Za-z0-9_./-])(docker)(?=(?:{_SUBS_ALTERNATION})(?![A-Za-z0-9_-]))")
# `dockerpull tomcat 等价于 docker tomcat：latest`: the note left `pull` out of the second
# form. Only after an explicit "equivalent" marker, and only when the word after `docker` is not
# a subcommand, do we borrow the subcommand of the command before the marker.
EQUIVALENT_DOCKER_RE = re.compile(
    r"[ \t]*(?:等价于|等同于|相当于|等效于|equivalent to|is the same as|same as)[ \t]*(?i:docker)"
    rf"(?=[ \t]+(?!(?:{_SUBS_ALTERNATION})(?![A-Za-z0-9_-]))[A-Za-z0-9{{<$])"
)

# --- placeholders -----------------------------------------------------------------------------

PLACEHOLDER_RUN_RE = re.compile(f"[{CJK}A-Za-z0-9_]+")
# A Chinese placeholder is a noun phrase ending in one of these nouns (optionally numbered:
# 镜像名字1, 镜像名字2).
PLACEHOLDER_END_RE = re.compile(
    r"(?:id|ID|Id|名字|名称|名|数字|数|编号|号|端口|标签|镜像|容器|路径|目录|文件|信息|作者|版本|地址|"
    r"用户|密码|网络|卷|值|参数|命令|主机|条数|时间)\d*$"
)
# Words that start an explanation; a placeholder never runs past one of them.
EXPLANATION_RE = re.compile(
    "是|就|显示|列出|查看|下载|上传|删除|启动|停止|退出|提交|进入|打开|使之|成为|等价|等同|相当|等效|例子|"
    "例如|比如|表示|用于|用来|可以|会|不|去|从|并|加入|跟随|只|找|新建|运行|强制|类似|帮助|如果|然后|即|则|"
    "把|将|让|给|在|对|通常|同时|随机|分配|直接|用|获取|返回|输出|打印|重启|暂停|导出|导入|保存|创建并"
)
# `容器id要创建的目标镜像名` is two placeholders: split after an `id`-like head when the Chinese
# that follows does not join the two (或者, 和, 的 ...).
PLACEHOLDER_SPLIT_RE = re.compile(f"(?<=[A-Za-z0-9])(?=[{CJK}])")
PLACEHOLDER_JOINER_RE = re.compile("^(?:或|和|及|与|的|之)")
# `：容器id要创建的目标镜像名：【标签名】`: a colon followed by `name：[tag]` is the image[:tag]
# syntax of the command, not the start of an explanation.
TAG_CONTINUATION_RE = re.compile(f"[：:][ \t]*([{CJK}A-Za-z0-9_]+)[：:][ \t]*(\\[[^\\]\\n]*\\])")
TAG_AFTER_PLACEHOLDER_RE = re.compile(r"[：:][ \t]*(\[[^\]\n]*\])")
# `数字（点赞数）`: a parenthetical made only of Chinese is a gloss on the word before it.
GLOSS_RE = re.compile(f"\\([^()\\n]*[{CJK}][^()\\n]*\\)")
GLOSS_HAS_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9$-]")

# --- scanning ---------------------------------------------------------------------------------

HORIZONTAL_SPACE_RE = re.compile(r"[ \t]*")
WORD_RE = re.compile(
    r"""(?:"[^"\n]*"|'[^'\n]*'|\{\{.*?\}\}|\$\([^()\n]*\)|\[[^\]\n]*\]"""
    f"""|[^\\s"'`()\\[\\]{CJK}：，。；、！？])+"""
)
SUBSTITUTION_RE = re.compile(r"\$\(([^()\n]*)\)")
SEPARATOR_CHARS = "：，。；、！？`"
# In free prose an English word ends the command: "use docker ps to list containers".
ENGLISH_STOPWORDS = frozenset(
    """
    to and or then the an for with which that this these those if will is are was be in on from
    of you your it its into when so but as by at shows show lists list prints displays removes
    deletes starts stops runs creates returns gives lets can should would must may might instead
    first again command commands etc also here there where while
    """.split()
)
TITLE_WORD_RE = re.compile(r"^[A-Z][a-z]+$")
TRAILING_PUNCT_RE = re.compile(r"[.,;:!?]+$")
LONE_PUNCT_RE = re.compile(r"^[.,;:!?]+$")

# --- key chords -------------------------------------------------------------------------------

# `crlt+p+q` (a common typo), `ctrl+c`, `Ctrl-D`, `Ctrl+Shift+C`.
CHORD_RE = re.compile(
    r"(?<![A-Za-z])(?:ctrl|crlt|ctlr|ctl|control|⌃)[ \t]*[-+][ \t]*"
    r"((?:(?:shift|alt|option|opt)[ \t]*[-+][ \t]*)?[A-Za-z0-9](?:[ \t]*[-+][ \t]*[A-Za-z0-9])*)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
CHORD_SEPARATOR_RE = re.compile(r"[-+]")
CHORD_GAP_RE = re.compile(r"^[ \t,，、]*(?:then|and|然后|再|接着)?[ \t,，、]*$", re.IGNORECASE)
MODIFIERS = {"shift": "Shift", "alt": "Alt", "option": "Option", "opt": "Option"}

# --- markdown ---------------------------------------------------------------------------------

FENCE_RE = re.compile(
    r"^[ \t]*(?P<fence>```+|~~~+)[ \t]*(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)(?:^[ \t]*(?P=fence)[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
SHELL_LANGS = frozenset({"", "sh", "bash", "shell", "zsh", "fish", "console", "shell-session", "cmd", "powershell", "ps1", "ps"})
PROMPT_RE = re.compile(r"^[ \t]*(?:\$|>|PS>|PS [^>]*>)[ \t]+")
INLINE_CODE_RE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
INLINE_COMMAND_RE = re.compile(r"^[A-Za-z./~][\w./~+-]*[ \t]+\S")
LIST_MARKER_RE = re.compile(r"^[ \t]*(?:#+[ \t]*|[-*+][ \t]+|\d+[.)、][ \t]*)?")
EMPHASIS_RE = re.compile(r"\*\*|__")
TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*$", re.MULTILINE)
BARE_FLAG_RE = re.compile(r"(--?[A-Za-z][A-Za-z0-9-]*)(?=$|[\s：:，,;；。(]|[" + CJK + "])")
BARE_FLAG_VALUE_RE = re.compile(r"[ \t]+([A-Za-z0-9{<][^\s：，。；]*)[ \t]*(?:[：:]|$)")
# `exit：容器停止退出`: the shell builtin that leaves a container, listed among docker commands.
EXIT_ITEM_RE = re.compile(r"^(exit)[ \t]*[：:]")
WHITESPACE_OUTSIDE_QUOTES_RE = re.compile(r"""("[^"]*"|'[^']*')|[ \t]+""")
NEEDS_SCAN_RE = re.compile(f"[{CJK}：，。；、！？]")


def _translate(text: str) -> str:
    """Map full-width ASCII look-alikes to ASCII without changing the text's length."""
    text = text.translate(FULLWIDTH_TABLE)
    text = COLON_BETWEEN_ASCII_RE.sub(":", text)
    return COMMA_BETWEEN_ASCII_RE.sub(",", text)


def _placeholder_prefix(run: str) -> str:
    """The longest prefix of a Chinese run that reads as a placeholder noun phrase, or ''."""
    stop = EXPLANATION_RE.search(run)
    head = run[: stop.start()] if stop else run
    for end in range(len(head), 0, -1):
        if PLACEHOLDER_END_RE.search(head[:end]):
            return head[:end]
    return ""


def _split_placeholder(phrase: str) -> list[str]:
    """Split `容器id要创建的目标镜像名` into its placeholders."""
    parts: list[str] = []
    start = 0
    for boundary in PLACEHOLDER_SPLIT_RE.finditer(phrase):
        cut = boundary.start()
        left, right = phrase[start:cut], phrase[cut:]
        if PLACEHOLDER_END_RE.search(left) and not PLACEHOLDER_JOINER_RE.match(right):
            parts.append(left)
            start = cut
    parts.append(phrase[start:])
    return parts


def _collapse(text: str) -> str:
    """Collapse runs of spaces outside quotes."""
    return WHITESPACE_OUTSIDE_QUOTES_RE.sub(lambda m: m.group(1) or " ", text).strip()


def _finish_word(word: str) -> str:
    """Normalize command substitutions inside a word: `$(docker  images -qa)`."""
    return SUBSTITUTION_RE.sub(lambda m: "$(" + _collapse(m.group(1)) + ")", word)


def _scan(text: str, pos: int, tokens: list[str], prose: bool) -> tuple[list[str], int]:
    """Extend `tokens` with the arguments that follow `pos`; return them and where they end."""
    tokens = list(tokens)
    last = "sub" if len(tokens) > 1 and not tokens[-1].startswith("-") else ("flag" if tokens else "start")
    no_placeholders = len(tokens) > 1 and tokens[1] in NO_ARGUMENT_SUBCOMMANDS
    size = len(text)
    while pos < size:
        gap = HORIZONTAL_SPACE_RE.match(text, pos).end()
        spaced = gap > pos
        pos = gap
        if pos >= size or text[pos] == "\n":
            break
        char = text[pos]
        if char == "：" or (char == ":" and (spaced or pos + 1 >= size or text[pos + 1] in " \t\n" or CJK_RE.match(text, pos + 1))):
            tag = TAG_CONTINUATION_RE.match(text, pos)
            if tag and last in ("arg", "placeholder", "flag") and not no_placeholders:
                parts = _split_placeholder(tag.group(1))
                tokens.extend(f"<{part}>" for part in parts)
                tokens[-1] += ":" + tag.group(2)
                last, pos = "placeholder", tag.end()
                continue
            bare_tag = TAG_AFTER_PLACEHOLDER_RE.match(text, pos)
            if bare_tag and last == "placeholder" and not spaced:
                tokens[-1] += ":" + bare_tag.group(1)  # `镜像名：【标签名】`
                pos = bare_tag.end()
                continue
            break
        if char in SEPARATOR_CHARS:
            break
        if char == "(":
            gloss = GLOSS_RE.match(text, pos)
            if gloss and not GLOSS_HAS_ASCII_WORD_RE.search(gloss.group()):
                last, pos = "gloss", gloss.end()
                continue
            break
        if CJK_RE.match(text, pos):
            if no_placeholders or not (spaced or last in ("sub", "flag", "gloss")):
                break
            run = PLACEHOLDER_RUN_RE.match(text, pos).group()
            phrase = _placeholder_prefix(run)
            if not phrase:
                break
            tokens.extend(f"<{part}>" for part in _split_placeholder(phrase))
            last, pos = "placeholder", pos + len(phrase)
            if len(phrase) < len(run):
                break  # the rest of the run is explanation glued to the placeholder
            continue
        match = WORD_RE.match(text, pos)
        if not match:
            break
        word = match.group()
        if prose and not spaced and LONE_PUNCT_RE.match(word):
            break  # "Use docker images." ends the sentence, not the command
        if prose and spaced and (word.lower() in ENGLISH_STOPWORDS or TITLE_WORD_RE.match(word)):
            break
        pos = match.end()
        ends_sentence = False
        if prose and len(word) > 1 and TRAILING_PUNCT_RE.search(word) and not word.endswith(("..", "./")):
            word = TRAILING_PUNCT_RE.sub("", word)
            ends_sentence = True
        word = _finish_word(word)
        if not spaced and tokens and last != "start":
            tokens[-1] += word
        else:
            tokens.append(word)
        last = "flag" if word.startswith("-") else "arg"
        if ends_sentence:
            break
    return tokens, pos


def _chords(text: str) -> list[tuple[int, str]]:
    """Key chords in `text` with their positions; adjacent chords form one sequence."""
    found: list[tuple[int, int, str]] = []
    for match in CHORD_RE.finditer(text):
        keys = [key.strip() for key in CHORD_SEPARATOR_RE.split(match.group(1))]
        modifier = ""
        if keys[0].lower() in MODIFIERS:
            modifier = MODIFIERS[keys.pop(0).lower()] + "+"
        chord = " ".join(f"Ctrl+{modifier}{key.upper()}" for key in keys)
        if found and CHORD_GAP_RE.match(text[found[-1][1] : match.start()]):
            start, _, previous = found.pop()
            found.append((start, match.end(), f"{previous} {chord}"))
        else:
            found.append((match.start(), match.end(), chord))
    return [(start, chord) for start, _, chord in found]


def _docker_commands(text: str, prose: bool) -> list[tuple[int, str]]:
    """Docker commands in (translated) `text`, with their start positions."""
    found: list[tuple[int, str]] = []
    pos = 0
    while match := DOCKER_START_RE.search(text, pos):
        if match.group("compose"):
            head = ["docker-compose", match.group("csub")]
        else:
            head = ["docker", match.group("sub") or match.group("flag")]
        tokens, pos = _scan(text, match.end(), head, prose)
        # "Pull a docker image:" (a tldr description) names no command; `docker image：镜像管理`
        # in Chinese notes does, so only a bare management command in English prose is dropped.
        bare_management = prose and len(tokens) == 2 and tokens[1] in MANAGEMENT_COMMANDS
        if not (bare_management and not text.startswith("：", pos)):
            found.append((match.start(), " ".join(tokens)))
        while (same := EQUIVALENT_DOCKER_RE.match(text, pos)) and not tokens[1].startswith("-"):
            tokens, pos = _scan(text, same.end(), tokens[:2], prose)
            found.append((same.start(), " ".join(tokens)))
    return found


def _normalize_plain(text: str) -> str:
    """Normalize a command that has no Chinese in it: spacing, `dockerpull`, dashes."""
    text = DOCKER_GLUED_RE.sub(r"\1 ", text)
    text = DASH_BEFORE_WORD_RE.sub(lambda m: "--" if m.group() == "—" else "-", text)
    return _collapse(text)


# tldr pages write an option as {{[-C|--directory]}} (short or long) and an argument as
# {{path/to/file}}: the short option as written first, the argument as a <placeholder>. Go
# templates ({{.ID}}, '{{json .Config}}') are docker syntax and stay as they are.
TLDR_OPTION_RE = re.compile(r"\{\{\[([^\]|{}]+)\|[^\]{}]*\]\}\}")
TLDR_ARGUMENT_RE = re.compile(r"\{\{([^{}.\s][^{}]*?)\}\}")
QUOTED_RE = re.compile(r"('[^']*'|\"[^\"]*\")")


def _tldr_argument(m: re.Match) -> str:
    inner = m.group(1)
    return m.group() if " ." in inner else f"<{inner}>"


def tldr_placeholders(text: str) -> str:
    """`tar cf {{path/to/target.tar}} {{[-C|--directory]}} dir` → `tar cf <path/to/target.tar> -C dir`."""
    if "{{" not in text:
        return text
    parts = QUOTED_RE.split(text)  # odd parts are quoted: templates live there
    for i in range(0, len(parts), 2):
        parts[i] = TLDR_ARGUMENT_RE.sub(_tldr_argument, TLDR_OPTION_RE.sub(r"\1", parts[i]))
    return "".join(parts)


def normalize_command(raw: str) -> str:
    """Turn a command as written in notes into copy-pastable form."""
    text = raw.strip()
    if len(text) > 1 and text.startswith("`") and text.endswith("`"):
        text = text.strip("`").strip()
    text = tldr_placeholders(text)
    text = PROMPT_RE.sub("", text, count=1)
    text = _translate(text)
    if not text.strip():
        return ""
    chords = _chords(text)
    if chords and not text[: chords[0][0]].strip():
        return chords[0][1]
    if not NEEDS_SCAN_RE.search(text):
        return _normalize_plain(text)
    docker = _docker_commands(text, prose=False)
    if docker:
        start, command = docker[0]
        prefix = text[:start].strip()
        # `强制停止容器：docker kill ...` drops the label; `sudo docker ps` keeps the prefix.
        if prefix and not NEEDS_SCAN_RE.search(prefix) and not prefix.endswith(":"):
            return f"{_normalize_plain(prefix)} {command}"
        return command
    tokens, _ = _scan(text, 0, [], prose=False)
    return " ".join(tokens)


def _mask(text: str, start: int, end: int) -> str:
    """Blank out text[start:end] (keeping newlines) so prose scanning skips it."""
    blank = "".join("\n" if char == "\n" else "`" for char in text[start:end])
    return text[:start] + blank + text[end:]


def _fenced(text: str) -> tuple[list[tuple[int, str]], str]:
    """Commands in fenced code blocks, and the text with the blocks masked out."""
    found: list[tuple[int, str]] = []
    for block in FENCE_RE.finditer(text):
        lang = block.group("lang").lower()
        if lang in SHELL_LANGS:
            offset = block.start("body")
            pending, pending_at = "", offset
            for line in block.group("body").splitlines(keepends=True):
                stripped = line.strip()
                if lang == "console" and not PROMPT_RE.match(line) and not pending:
                    stripped = ""  # console blocks mix commands ($ ...) with their output
                if stripped and not stripped.startswith("#"):
                    if not pending:
                        pending_at = offset
                    if stripped.endswith("\\"):
                        pending += stripped[:-1].rstrip() + " "
                    else:
                        command = normalize_command(pending + stripped)
                        if command:
                            found.append((pending_at, command))
                        pending = ""
                offset += len(line)
            if pending and (command := normalize_command(pending)):
                found.append((pending_at, command))
        text = _mask(text, block.start(), block.end())
    return found, text


def _inline(text: str) -> tuple[list[tuple[int, str]], str]:
    """Commands in backticks, and the text with the spans masked out."""
    found: list[tuple[int, str]] = []
    for span in INLINE_CODE_RE.finditer(text):
        code = _translate(span.group(1)).strip()
        line_start = text.rfind("\n", 0, span.start()) + 1
        line_end = text.find("\n", span.end())
        whole_line = not text[line_start:span.start()].strip() and not text[span.end() : None if line_end < 0 else line_end].strip()
        is_command = (
            whole_line
            or DOCKER_START_RE.match(code)
            or CHORD_RE.match(code)
            or INLINE_COMMAND_RE.match(code)
        )
        if is_command and (command := normalize_command(code)):
            found.append((span.start(), command))
        text = _mask(text, span.start(), span.end())
    return found, text


def _parent_base(parent: str) -> str:
    """`docker images` from a parent item that holds a docker command, else ''."""
    for command in extract_commands(parent):
        words = command.split()
        if words[0] not in ("docker", "docker-compose") or len(words) < 2 or words[1].startswith("-"):
            continue
        base = words[:2]
        if words[1] in MANAGEMENT_COMMANDS and len(words) > 2 and words[2].isidentifier():
            base.append(words[2])
        return " ".join(base)
    return ""


def _bare_flag(line: str, parent: str) -> str:
    """`-a：列出本地所有的镜像` under `docker images` becomes `docker images -a`."""
    item = LIST_MARKER_RE.sub("", line, count=1)
    flag = BARE_FLAG_RE.match(item)
    if not flag:
        return ""
    base = _parent_base(parent)
    if not base:
        return ""
    rest = item[flag.end() :]
    value = ""
    if rest and CJK_RE.match(rest):
        phrase = _placeholder_prefix(PLACEHOLDER_RUN_RE.match(rest).group())
        value = f" <{phrase}>" if phrase else ""
    elif (word := BARE_FLAG_VALUE_RE.match(rest)) and not word.group(1).startswith("-"):
        value = " " + word.group(1)
    return f"{base} {flag.group(1)}{value}"


def extract_commands(text: str, parent: str = "") -> tuple[str, ...]:
    """The normalized commands found in a passage's verbatim text (in order, deduplicated)."""
    translated = _translate(text)
    found, masked = _fenced(translated)
    inline, masked = _inline(masked)
    found += inline
    masked = TABLE_ROW_RE.sub(lambda row: row.group().replace("|", "`"), masked)
    masked = EMPHASIS_RE.sub("  ", masked)
    first_line = masked.split("\n", 1)[0]
    if parent and (flag_command := _bare_flag(first_line, _translate(parent))):
        found.append((-1, flag_command))
    item = LIST_MARKER_RE.sub("", first_line, count=1)
    if EXIT_ITEM_RE.match(item):
        found.append((first_line.index(item), "exit"))
    found += _docker_commands(masked, prose=True)
    found += _chords(masked)
    seen: dict[str, None] = {}
    for _, command in sorted(found, key=lambda pair: pair[0]):
        if command:
            seen.setdefault(command, None)
    return tuple(seen)
