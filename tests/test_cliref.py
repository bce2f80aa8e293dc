"""Docker's help lines beside the notes that write the commands (askdocker.cliref)."""

from __future__ import annotations

import pytest

from askdocker.cliref import describe, read_reference, reference

TABLE = read_reference(
    "# a comment\n"
    "logs\tFetch the logs of a container\n"
    "logs -t --timestamps\tShow timestamps\n"
    "logs -f --follow\tFollow log output\n"
    "ps\tList containers\n"
    "rmi\tRemove one or more images\n"
    "rmi -f --force\tForce removal of the image\n"
    "run\tCreate and run a new container from an image\n"
    "run -i --interactive\tKeep STDIN open even if not attached\n"
    "run -t --tty\tAllocate a pseudo-TTY\n"
    "--help\tPrint usage\n"
    "not a line without a tab\n"
)


def test_the_reference_file_reads_as_commands_and_options():
    assert TABLE[("logs", "")] == "Fetch the logs of a container"
    assert TABLE[("logs", "-t")] == TABLE[("logs", "--timestamps")] == "Show timestamps"
    assert TABLE[("", "--help")] == "Print usage"
    assert len(TABLE) == 15  # an option under each of its names


def test_the_shipped_reference_covers_the_commands_of_the_bundled_notes():
    table = reference()
    for sub in ("version", "info", "images", "search", "pull", "rmi", "run", "ps", "start", "stop", "kill",
                "logs", "inspect", "attach", "exec", "commit"):
        assert (sub, "") in table, sub
    assert table[("start", "")] == "Start one or more stopped containers"
    # management commands named by Docker's own terms, not by ordinary words
    assert {"volume", "network", "compose", "swarm"} <= {sub for sub, option in table if not option}
    assert not {"service", "system", "manifest"} & {sub for sub, option in table if not option}


@pytest.mark.parametrize("commands, text, expected", [
    # a note that writes the command gets its line and its options' lines
    (("docker logs -f -t <id>",), "查看容器日志：docker logs -f -t 容器id",
     "Fetch the logs of a container; Follow log output; Show timestamps"),
    # a sub-item whose command comes from its parent gets only its option's line
    (("docker logs -t",), "-t是加入时间戳", "Show timestamps"),
    # a note that defines an option: its example's other options are not what it is about
    (("docker run -it -p 80:80 tomcat",), "12. -p：端口映射 例子：docker run -it -p 80:80 tomcat",
     "Create and run a new container from an image"),
    (("docker run -it ubuntu",), "-i：以交互模式运行容器 例子：docker run -it ubuntu",
     "Create and run a new container from an image; Keep STDIN open even if not attached"),
    # clusters are their letters; a value after = is not part of the option
    (("docker run -it ubuntu",), "docker run -it ubuntu", "Create and run a new container from an image; "
     "Keep STDIN open even if not attached; Allocate a pseudo-TTY"),
    (("docker logs --timestamps=true x",), "docker logs", "Fetch the logs of a container; Show timestamps"),
    # management commands name the classic ones
    (("docker container ls",), "docker container ls", "List containers"),
    (("docker image rm -f x",), "docker image rm -f x", "Remove one or more images; Force removal of the image"),
    (("docker container logs x",), "docker container logs x", "Fetch the logs of a container"),
    # docker's own options; each line once; unknown commands and other programs say nothing
    (("docker --help",), "docker --help：帮助命令", "Print usage"),
    (("docker rmi -f a", "docker rmi -f b"), "docker rmi -f a; docker rmi -f b",
     "Remove one or more images; Force removal of the image"),
    (("docker frobnicate -x",), "docker frobnicate -x", ""),
    (("git log -t",), "git log -t", ""),
    (("docker",), "docker", ""),
])
def test_describe_gives_the_help_of_the_commands_a_note_writes(commands, text, expected):
    assert describe(commands, text, TABLE) == expected


def test_the_index_reads_the_help_beside_the_note(notes_index):
    from askdocker.index import index_text

    by_line = {p.start: p for p in notes_index.passages}
    assert "Start one or more stopped containers" in index_text(by_line[48])  # docker start
    assert "Show timestamps" in index_text(by_line[58])  # -t是加入时间戳, under docker logs
    assert "Fetch the logs" not in index_text(by_line[58])
    assert "Force removal of the image" in index_text(by_line[33])  # docker rmi -f


@pytest.mark.parametrize("command, name", [
    ("docker start web", ("start", "start")),
    ("docker container ls -a", ("ps", "container")),
    ("docker image rm x", ("rmi", "image")),
    ("docker container logs -f x", ("logs", "logs")),
    ("docker --help", ("", "")),
    ("git push", ("", "")),
])
def test_command_name_is_the_classic_name_of_what_runs(command, name):
    from askdocker.cliref import command_name

    assert command_name(command) == name
