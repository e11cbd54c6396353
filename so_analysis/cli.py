"""`so-report`: the command line. Exit codes: 0 done, 2 invalid input or option, 1 anything else.

Only the standard library is imported until a command needs more, so that `--help` and
`--version` answer at once; the options are checked (in Swedish) before anything is read.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import logging
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from so_analysis import __version__

if TYPE_CHECKING:
    from so_analysis.core.texts import Texts

log = logging.getLogger("so_analysis")

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2

EXAMPLES = """\
examples:
  so-report run --data data/sample --period 2016 --as-of 2017-06-30 --out outputs
  so-report run --data data/sample --period 2017H2 --out outputs --lang en
  so-report dialog --data data/sample --period 2017 --as-of 2018-06-30 --out outputs
  so-report sample --out data/sample

periods: a year (2016), a half year (2016H2), a quarter (2016Q3) or a range of dates
(2016-06-01..2016-12-31); dates are written YYYY-MM-DD.
exit codes: 0 done; 2 the input or an option is invalid (nothing is written);
1 anything else (a failing notebook is kept in OUT/_misslyckade/<period>/).
"""

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class OptionError(ValueError):
    """An option's value is invalid; the message (Swedish) names the option and gives an example."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="so-report",
        description="Quality follow-up of the providers of samhällsorientering (SO): "
        "validate the data, compute the indicators and publish a period's report.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"so-report {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="{run,dialog,sample}")
    run = sub.add_parser(
        "run",
        help="validate, compute and publish one period's report",
        description="Validate the data, compute the indicators and publish OUT/<period>/.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dialog = sub.add_parser(
        "dialog",
        help="write each expert's dialog template (workbook and e-mail page)",
        description="Write OUT/<period>/dialog/: a workbook and an e-mail page per expert.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for command, what in ((run, "report"), (dialog, "template")):
        command.add_argument(
            "--data", required=True, type=Path, help="data folder (one file per table)"
        )
        command.add_argument(
            "--period", required=True, help="2016, 2016H2, 2016Q3 or 2016-06-01..2016-12-31"
        )
        command.add_argument(
            "--out", required=True, type=Path, help="output folder; writes OUT/<period>/"
        )
        command.add_argument(
            "--as-of", help="date the checklist is taken as of, YYYY-MM-DD (default: today)"
        )
        command.add_argument("--lang", default="sv", choices=["sv", "en"], help=f"{what} language")
        command.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    sample = sub.add_parser("sample", help="(re)write the seeded sample data")
    sample.add_argument("--out", type=Path, default=Path("data/sample"))
    return p


def _texts() -> Texts:
    """The Swedish texts, read only when a message is written (`--help` reads none)."""
    from so_analysis.core.texts import texts

    return texts("sv")


def _date_problem(text: str) -> str | None:
    """Why `text` is not a date written YYYY-MM-DD (in Swedish), or None if it is one."""
    m = _ISO_DATE.fullmatch(text.strip())
    if not m:
        t = _texts()
        return t("cli.date_format")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        t = _texts()
        return t("cli.no_such_month", month=month)
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if year < 1 or not 1 <= day <= days:
        t = _texts()
        name = t.section("cli")["months"][month - 1]
        return t("cli.days_in_month", month=name, year=year, days=days)
    return None


def check_as_of(text: str | None) -> date | None:
    """The `--as-of` date, or OptionError naming the option with an example."""
    if text is None:
        return None
    problem = _date_problem(text)
    if problem:
        t = _texts()
        raise OptionError(t("cli.as_of_invalid", value=repr(text), problem=problem))
    return date.fromisoformat(text.strip())


def check_period(text: str) -> str:
    """The `--period` text if `parse_period` reads it, else OptionError naming the option."""
    from so_analysis.core.periods import PeriodError, parse_period  # light, but not for --help

    try:
        parse_period(text)
    except PeriodError:
        raise OptionError(_period_problem(text)) from None
    return text.strip()


def _period_problem(text: str) -> str:
    """Why `text` is no period, in Swedish: a date that does not exist, a range that ends
    before it starts, or else the forms a period takes."""
    t = _texts()
    example = t("cli.period_example")
    parts = text.strip().split("..")
    if len(parts) == 2:
        for part in parts:
            problem = _date_problem(part)
            if problem:
                return t(
                    "cli.period_bad_date",
                    value=repr(text),
                    date=repr(part),
                    problem=problem,
                    example=example,
                )
        if parts[1].strip() < parts[0].strip():
            return t("cli.period_backwards", value=repr(text), example=example)
    return t("cli.period_invalid", value=repr(text), example=example)


def check_data(path: Path) -> Path:
    if not path.is_dir():
        t = _texts()
        raise OptionError(t("cli.data_missing", value=repr(str(path))))
    return path


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("so-report: %(message)s"))
    root = logging.getLogger("so_analysis")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.INFO)
    root.propagate = False


def _fail(message: str) -> None:
    from so_analysis.load.privacy import mask_personal_numbers

    sys.stderr.write(mask_personal_numbers(message) + "\n")


def main(argv: list[str] | None = None) -> int:
    code = _main(argv)
    if argv is None:  # the command itself (not a test calling main): end the process now
        _end_now(code)
    return code


def _end_now(code: int) -> None:
    """Exit once the output is flushed, without the interpreter's teardown: freeing what the
    PDF library, pandas and the rest hold takes most of a second and changes nothing. Every
    file is written and closed, and the notebook process joined, before `main` returns."""
    logging.shutdown()
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(code)


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    _setup_logging(getattr(args, "quiet", False))
    try:
        if args.command == "sample":
            from so_analysis.sample import write_sample

            t = _texts()
            for path in write_sample(args.out):
                log.info(t("cli.wrote", path=path))
            return EXIT_OK
        try:
            as_of = check_as_of(args.as_of)
            period = check_period(args.period)
            data = check_data(args.data)
        except OptionError as exc:
            _fail(f"so-report: {exc}")
            return EXIT_INVALID
        return _run(args.command, data, period, args.out, as_of, args.lang)
    except KeyboardInterrupt:
        t = _texts()
        _fail(f"so-report: {t('cli.interrupted')}")
        return EXIT_FAILED
    except Exception as exc:  # the edge: name the failure, no traceback for the user
        log.debug("failure", exc_info=True)
        t = _texts()
        _fail(f"so-report: {t('cli.failed', error=exc)}")
        return EXIT_FAILED


def _run(command: str, data: Path, period: str, out: Path, as_of: date | None, lang: str) -> int:
    if command == "run":
        # pandas is needed on both sides: imported once, before the notebook process is forked.
        # That process then warms up the notebook side on the other core while this one imports
        # the loaders and reads the data.
        import pandas  # noqa: F401

        from so_analysis.run.server import NotebookServer

        with NotebookServer(lang) as server:
            return _command(command, data, period, out, as_of, lang, server)
    return _command(command, data, period, out, as_of, lang, None)


def _command(
    command: str,
    data: Path,
    period: str,
    out: Path,
    as_of: date | None,
    lang: str,
    server: Any,
) -> int:
    from so_analysis.core.errors import InputError
    from so_analysis.run.runner import NotebookFailure, make_parameters, run, run_dialog

    params = make_parameters(data, period, out, as_of, lang)  # the options are checked
    try:
        if command == "dialog":
            run_dialog(params)
        else:
            run(params, server)
    except InputError as exc:
        _fail(exc.message())
        return EXIT_INVALID
    except NotebookFailure as exc:
        _fail(f"so-report: {exc}")
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
