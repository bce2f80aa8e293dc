"""Tests for askdocker.commands: finding and normalizing commands in note text."""

from __future__ import annotations

from pathlib import Path

import pytest

from askdocker.commands import extract_commands, normalize_command

NOTES = Path(__file__).resolve().parents[1] / "corpus" / "docker-notes.md"
LINES = NOTES.read_text(encoding="utf-8").split("\n")

# Parent list item (line number) of each nested item in corpus/docker-notes.md.
PARENTS = {
    **{n: 20 for n in range(21, 28)},
    29: 28,
    31: 30,
    **{n: 32 for n in range(33, 36)},
    **{n: 39 for n in range(40, 53)},
    **{n: 57 for n in range(58, 61)},
    63: 62,
    64: 62,
}

# Every line of the seed notes: line number -> expected commands.
SEED = {
    1: (),
    3: (),
    4: (),
    5: (),
    6: (),
    7: (),
    8: (),
    9: (),
    10: (),
    12: (),
    14: ("docker version",),
    15: ("docker info",),
    16: ("docker --help",),
    18: (),
    20: ("docker images",),
    21: ("docker images -a",),
    22: ("docker images -q",),
    23: ("docker images --digests",),
    24: ("docker images --no-trunc",),
    25: (),  # a column of `docker images`, not a subcommand
    26: (),
    27: (),
    28: ("docker search <某个xxx镜像名字>",),
    29: ("docker search -s <数字> <镜像名字>", "docker search -s 30 tomcat"),
    30: ("docker pull <某个镜像的名字>",),
    31: ("docker pull tomcat", "docker pull tomcat:latest"),
    32: ("docker rmi <某个镜像名字id>",),
    33: ("docker rmi -f <镜像id>",),
    34: ("docker rmi -f <镜像名字1> <镜像名字2>",),
    35: ("docker rmi -f $(docker images -qa)",),
    37: (),
    39: (),
    40: (),  # bare flag, parent has no command
    41: (),
    42: (),
    43: (),
    44: ("docker run image",),
    45: ("docker ps",),
    46: ("exit",),
    47: ("Ctrl+P Ctrl+Q",),
    48: ("docker start <容器id或者容器名>",),
    49: ("docker stop <容器id或者容器名>",),
    50: ("docker kill <容器id或者容器名>",),
    51: ("docker run -it -p 8888:8080 tomcat",),
    52: (),
    54: (),
    56: ("docker run -d <容器名>",),
    57: ("docker logs -f -t --tail <容器id>",),
    58: ("docker logs -t",),
    59: ("docker logs -f",),
    60: ("docker logs --tail <数字>",),
    61: ("docker inspect <容器id>",),
    62: ("docker attach <容器id>",),
    63: (),
    64: (),
    66: (),
    68: (),
    69: (),
    70: (),
    71: (),
    73: (),
    75: ("docker commit",),
    77: ('docker commit -m "提交的秒数信息" -a="作者" <容器id> <要创建的目标镜像名>:[标签名]',),
}


def test_seed_table_covers_every_non_blank_line() -> None:
    non_blank = {n for n, line in enumerate(LINES, 1) if line.strip()}
    assert non_blank == set(SEED)


@pytest.mark.parametrize(("number", "expected"), sorted(SEED.items()))
def test_seed_notes(number: int, expected: tuple[str, ...]) -> None:
    parent = LINES[PARENTS[number] - 1] if number in PARENTS else ""
    assert extract_commands(LINES[number - 1], parent) == expected


@pytest.mark.parametrize(
    ("text", "parent", "expected"),
    [
        # bare flags take the parent's command words, not its arguments
        ("   1. -a：列出本地所有的镜像", "1. docker images：列出本地主机上的镜像 ", ("docker images -a",)),
        ("   1. -a：列出本地所有的镜像", "", ()),
        ("   1. -a：列出本地所有的镜像", "1. 有镜像才可以创建容器", ()),
        ("   3. --tail数字显示最后多少条", "2. 查看容器日志：docker logs -f -t --tail 容器id", ("docker logs --tail <数字>",)),
        ("- -a：列出所有网络", "1. docker network ls：列出网络", ("docker network ls -a",)),
        ("- -a, --all: Show all containers", "- List containers: `docker ps`", ("docker ps -a",)),
        ("- --name web: name the container", "- `docker run nginx`", ("docker run --name web",)),
        ("   5. tag：镜像的标签", "1. docker images：列出本地主机上的镜像", ()),
        ("   1. attach：直接进入容器启动命令的终端", "4. 从宿主机进入容器：docker  attach 容器id", ()),
        # a bare flag line that also holds a full command keeps both, flag first
        ("-p：端口 例子：docker run -p 80:80 nginx", "docker run：运行", ("docker run -p", "docker run -p 80:80 nginx")),
    ],
)
def test_bare_flags(text: str, parent: str, expected: tuple[str, ...]) -> None:
    assert extract_commands(text, parent) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Run `docker run -it ubuntu bash` to get a shell", ("docker run -it ubuntu bash",)),
        ("You can use docker ps -a to list all containers.", ("docker ps -a",)),
        ("Use docker images, then docker ps.", ("docker images", "docker ps")),
        ("Docker is a client/server system.", ()),
        ("Start a docker container in the background", ()),
        ("The `Dockerfile` lists the steps; `-a` shows all", ()),
        ("Install it with `pip install askdocker` first", ("pip install askdocker",)),
        ("Press Ctrl-D or ctrl+c to quit", ("Ctrl+D", "Ctrl+C")),
        ("Detach with Ctrl+P Ctrl+Q", ("Ctrl+P Ctrl+Q",)),
        ("Type exit to leave", ()),  # free prose: only docker commands and key chords
        ("run `docker ps` or docker ps", ("docker ps",)),
        ("| 列出镜像 | docker images |", ("docker images",)),
        ("**docker ps**：列出容器", ("docker ps",)),
        ("docker image：镜像管理", ("docker image",)),
        ("sudo docker ps -a", ("docker ps -a",)),
        ("", ()),
    ],
)
def test_prose(text: str, expected: tuple[str, ...]) -> None:
    assert extract_commands(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "```sh\n$ docker pull nginx\ndocker  run -d \\\n  -p 80:80 nginx\n# a comment\n\ndocker pull nginx\n```",
            ("docker pull nginx", "docker run -d -p 80:80 nginx"),
        ),
        ("```\nls -la\n```", ("ls -la",)),
        ("```bash\ndocker ps | grep web\n```", ("docker ps | grep web",)),
        ("```console\n$ docker ps\nCONTAINER ID   IMAGE\n```", ("docker ps",)),
        ("```dockerfile\nFROM ubuntu\nRUN apt-get update\n```", ()),
        ("```sh\ndocker stop容器id：停止\n```", ("docker stop <容器id>",)),
        ("启动：\n```sh\ndocker start web\n```\n然后 docker logs web", ("docker start web", "docker logs web")),
    ],
)
def test_fenced_code(text: str, expected: tuple[str, ...]) -> None:
    assert extract_commands(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Build an image:\n\n`docker build {{path/to/directory}}`", ("docker build <path/to/directory>",)),
        ("- Pull a docker image:\n\n`docker pull {{image}}:{{tag}}`", ("docker pull <image>:<tag>",)),
        ("- List files in an archive:\n\n`tar -tvf {{path/to/file.tar}}`", ("tar -tvf <path/to/file.tar>",)),
        ("- Show help:\n\n`git`", ("git",)),
    ],
)
def test_tldr_examples(text: str, expected: tuple[str, ...]) -> None:
    assert extract_commands(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("   ", ""),
        ("查看版本", ""),
        ("有镜像才可以创建容器", ""),
        ("docker version：查看版本", "docker version"),
        ("docker images：列出本地主机上的镜像", "docker images"),
        ("dockerpull tomcat", "docker pull tomcat"),
        ("docker stop容器id或者容器名", "docker stop <容器id或者容器名>"),
        ("docker rmi -f镜像名字1 镜像名字2", "docker rmi -f <镜像名字1> <镜像名字2>"),
        ("docker search -s  30 tomcat", "docker search -s 30 tomcat"),
        ("docker  attach 容器id", "docker attach <容器id>"),
        ("docker run -it -p 8888：8080 tomcat", "docker run -it -p 8888:8080 tomcat"),
        ("docker rmi -f $（docker images -qa）", "docker rmi -f $(docker images -qa)"),
        ("强制停止容器：docker kill 容器id或者容器名", "docker kill <容器id或者容器名>"),
        ("启动守护式容器：docker run -d 容器名", "docker run -d <容器名>"),
        ("docker logs --tail数字", "docker logs --tail <数字>"),
        ("docker search 某个xxx镜像名字：去docker上面找", "docker search <某个xxx镜像名字>"),
        ("docker ps 列出容器", "docker ps"),
        ("docker pull 镜像名：【标签名】", "docker pull <镜像名>:[标签名]"),
        ("docker tag ubuntu：latest myrepo，x", "docker tag ubuntu:latest myrepo,x"),
        ("docker run —name web nginx", "docker run --name web nginx"),
        ("docker run -e A=“你 好” x", 'docker run -e A="你 好" x'),
        ("crlt+p+q", "Ctrl+P Ctrl+Q"),
        ("ctrl+c", "Ctrl+C"),
        ("Ctrl-D", "Ctrl+D"),
        ("ctrl+shift+c", "Ctrl+Shift+C"),
        ("$ docker ps", "docker ps"),
        ("`docker ps -a`", "docker ps -a"),
        ("sudo docker ps", "sudo docker ps"),
        ("ls -la：列出文件", "ls -la"),
        ("cat 文件名", "cat <文件名>"),
        ("docker ps | grep web", "docker ps | grep web"),
        ("docker ps --format '{{.ID}}  {{.Names}}'", "docker ps --format '{{.ID}}  {{.Names}}'"),
        ("docker build {{path/to/directory}}", "docker build <path/to/directory>"),
        ("docker inspect --format {{.State.Pid}} NAME", "docker inspect --format {{.State.Pid}} NAME"),
    ],
)
def test_normalize_command(raw: str, expected: str) -> None:
    assert normalize_command(raw) == expected


def test_results_are_never_empty_and_deduplicated() -> None:
    text = "docker ps：列出\ndocker ps：再列出\n`docker ps`"
    assert extract_commands(text) == ("docker ps",)
    for line in LINES:
        commands = extract_commands(line)
        assert all(command and command == command.strip() for command in commands)
        assert len(set(commands)) == len(commands)


@pytest.mark.parametrize("raw, command", [
    ("`tar cf {{path/to/target.tar}} {{path/to/file}}`", "tar cf <path/to/target.tar> <path/to/file>"),
    ("`tar czf {{target.tar.gz}} {{[-C|--directory]}} {{path/to/dir}} .`", "tar czf <target.tar.gz> -C <path/to/dir> ."),
    ("`gh issue {{[new|create]}} {{[-w|--web]}}`", "gh issue new -w"),
    ("`docker run {{[-d|--detach]}} {{image}}`", "docker run -d <image>"),
])
def test_tldr_placeholders_become_copyable(raw, command):
    assert normalize_command(raw) == command
