"""The command line: answers at once (no heavy import for --help/--version), examples in --help,
an invalid --as-of, --period or --data named in Swedish with an example, exit 2, nothing written."""

import subprocess
import sys
from datetime import date

import pytest

import so_analysis
from so_analysis.cli import OptionError, check_as_of, check_period, main

HEAVY = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "IPython", "pandera")


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_nothing_heavy(flag):
    probe = (
        "import sys\n"
        "from so_analysis import cli\n"
        "try:\n"
        f"    cli.main([{flag!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stderr
    if flag == "--version":
        assert done.stdout.strip() == f"so-report {so_analysis.__version__}"
    else:
        assert "examples:" in done.stdout
        assert "so-report run --data data/sample --period 2016" in done.stdout


def test_every_command_shows_examples(capsys):
    for command in ("run", "dialog"):
        with pytest.raises(SystemExit) as exit:
            main([command, "--help"])
        assert exit.value.code == 0
        out = capsys.readouterr().out
        assert "examples:" in out and "--as-of 2017-06-30" in out and "--period" in out


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--as-of", "2018-02-30", "februari 2018 har 28 dagar"),
        ("--as-of", "30/06/2018", "skriv datumet som ÅÅÅÅ-MM-DD"),
        ("--as-of", "2018-13-01", "månad 13 finns inte"),
        ("--as-of", "20180630", "skriv datumet som ÅÅÅÅ-MM-DD"),
        ("--period", "2016Q7", "ange ett år (2016)"),
        ("--period", "2016-06-01..2016-02-30", "februari 2016 har 29 dagar"),
        ("--period", "2016-12-31..2016-06-01", "slutar före sin början"),
        ("--period", "sommaren 2016", "ett kvartal (2016Q3)"),
        ("--data", "no-such-folder", "finns inte"),
    ],
)
@pytest.mark.parametrize("command", ["run", "dialog"])
def test_an_invalid_option_is_named_in_swedish_with_an_example(
    command, option, value, reason, tmp_path, capsys
):
    data = tmp_path / "data"  # a folder: the option is refused before anything in it is read
    data.mkdir()
    options = {"--data": str(data), "--period": "2016", "--as-of": "2017-06-30"}
    options[option] = str(tmp_path / value) if option == "--data" else value
    out = tmp_path / "out"
    argv = [command, "--out", str(out)] + [x for kv in options.items() for x in kv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert option in err and reason in err, err
    assert "till exempel" in err or "ange ett år" in err, err
    assert "Traceback" not in err and "Invalid isoformat" not in err
    assert not out.exists()


def test_valid_options_pass():
    assert check_as_of("2016-02-29") == date(2016, 2, 29)
    assert check_as_of(None) is None
    for period in ("2016", "2016H2", "2016q3", "2016-06-01..2016-12-31"):
        assert check_period(period) == period
    with pytest.raises(OptionError, match="--as-of"):
        check_as_of("2017-02-29")
