"""The `kam` command line maps hyphenated names onto Django's management commands."""

from __future__ import annotations

import pytest

from kam.cli import main


def test_help_lists_kam_commands(capsys):
    main(["kam", "help"])
    out = capsys.readouterr().out
    assert "serve" in out
    assert "demo_data" in out


def test_hyphenated_command_runs_underscored_one(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["kam", "demo-data", "--help"])
    assert exit_info.value.code == 0
    assert "--seed" in capsys.readouterr().out


def test_unknown_command_fails(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["kam", "no-such-command"])
    assert exit_info.value.code == 1
    assert "Unknown command" in capsys.readouterr().err
