"""`so-report`: the command line. Exit codes: 0 done, 2 invalid input, 1 anything else."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from so_analysis.core.errors import InputError
from so_analysis.core.periods import PeriodError
from so_analysis.load.privacy import mask_personal_numbers
from so_analysis.run.runner import NotebookFailure

log = logging.getLogger("so_analysis")

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="so-report", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="validate, compute and publish one period's report")
    run.add_argument("--data", required=True, type=Path, help="data folder (one file per table)")
    run.add_argument(
        "--period", required=True, help="2016, 2016H2, 2016Q3 or 2016-06-01..2016-12-31"
    )
    run.add_argument("--out", required=True, type=Path, help="output folder; writes OUT/<period>/")
    run.add_argument("--as-of", help="date the checklist is taken as of (default: today)")
    run.add_argument("--lang", default="sv", choices=["sv", "en"], help="report language")
    run.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    dialog = sub.add_parser(
        "dialog", help="write each expert's dialog template (workbook and e-mail page)"
    )
    dialog.add_argument("--data", required=True, type=Path, help="data folder")
    dialog.add_argument("--period", required=True, help="the period the statistics cover")
    dialog.add_argument("--out", required=True, type=Path, help="writes OUT/<period>/dialog/")
    dialog.add_argument("--as-of", help="date the checklist is taken as of (default: today)")
    dialog.add_argument("--lang", default="sv", choices=["sv", "en"], help="template language")
    dialog.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    sample = sub.add_parser("sample", help="(re)write the seeded sample data")
    sample.add_argument("--out", type=Path, default=Path("data/sample"))
    return p


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("so-report: %(message)s"))
    root = logging.getLogger("so_analysis")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.INFO)
    root.propagate = False


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _setup_logging(getattr(args, "quiet", False))
    try:
        if args.command == "sample":
            from so_analysis.sample import write_sample

            for path in write_sample(args.out):
                log.info("skrev %s", path)
            return EXIT_OK
        from so_analysis.run.runner import make_parameters, run, run_dialog  # noqa: I001

        try:
            params = make_parameters(args.data, args.period, args.out, args.as_of, args.lang)
        except (PeriodError, ValueError, FileNotFoundError) as exc:
            print(f"so-report: {mask_personal_numbers(str(exc))}", file=sys.stderr)
            return EXIT_INVALID
        (run_dialog if args.command == "dialog" else run)(params)
        return EXIT_OK
    except InputError as exc:
        print(mask_personal_numbers(exc.message()), file=sys.stderr)
        return EXIT_INVALID
    except NotebookFailure as exc:
        print(f"so-report: {mask_personal_numbers(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("so-report: avbruten", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the edge: name the failure, no traceback for the user
        log.debug("failure", exc_info=True)
        print(f"so-report: fel: {mask_personal_numbers(str(exc))}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
