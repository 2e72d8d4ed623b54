"""``extractor serve``'s own errors: one line and exit 2, before any server starts."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from extractor.cli import app


def test_a_port_in_use_is_one_line(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr("extractor.cli.serve.make_backend", lambda options: built.append(options))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2 and built == []
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_backend_options_are_those_of_run(tmp_path, monkeypatch):
    seen = {}

    def make_backend(options):
        seen["options"] = options
        raise SystemExit(0)  # the options are all this test needs

    monkeypatch.setattr("extractor.cli.serve.make_backend", make_backend)
    result = CliRunner().invoke(app, ["serve", "--port", "0", "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                                      "--structured-output", "json_object", "--context", "4096",
                                      "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0
    options = seen["options"]
    assert (options.base_url, options.model, options.structured_output) == ("http://127.0.0.1:9/v1", "m", "json_object")
    assert options.context == 4096
