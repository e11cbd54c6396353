"""The main job: load and validate once, analyse, write every output of a period atomically."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import shutil
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from so_analysis import __version__
from so_analysis.core.periods import Period, parse_period
from so_analysis.core.shorten import shorten
from so_analysis.core.texts import texts
from so_analysis.load.dataset import Dataset
from so_analysis.load.loading import load_dataset
from so_analysis.load.privacy import mask_personal_numbers
from so_analysis.measure.analysis import Analysis, analyse
from so_analysis.report.pdf import prepare_pdf
from so_analysis.report.publication.model import Report
from so_analysis.run.jobs import MergedPage, NotebookJob, NotebookResult, ReportRequest
from so_analysis.run.server import NotebookServer
from so_analysis.run.swap import publishing

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # holds so_analysis/
# The exact versions `make setup` installs, beside the source (an installed wheel has none).
LOCK_FILE = PACKAGE_ROOT / "requirements.lock"
NOTEBOOK_DIR = Path(str(resources.files("so_analysis.report").joinpath("notebooks")))
EXPERT_NOTEBOOK = NOTEBOOK_DIR / "expert.ipynb"
SUMMARY_NOTEBOOK = NOTEBOOK_DIR / "sammanfattning.ipynb"
FAILED_DIR = "_misslyckade"
INTERNAL_DIR = "internt"  # unsuppressed, for the analyst, never published (docs/disclosure.md §1)
DIALOG_DIR = "dialog"
LABEL_COLUMNS = 60  # an expert's name in a console line (the whole name is in the report)


def _notebook_ref(path: Path) -> str:
    """The notebook as the manifest names it: relative to the installed package when inside it."""
    return str(path.relative_to(PACKAGE_ROOT)) if path.is_relative_to(PACKAGE_ROOT) else path.name


class NotebookFailure(RuntimeError):
    """One or more notebooks failed; nothing was published, the failed notebooks were kept."""

    def __init__(self, failed: list[NotebookResult], kept: Path):
        self.failed, self.kept = failed, kept
        names = ", ".join(f"{_label(r)} ({r.error})" for r in failed)
        super().__init__(f"notebook failed for {names}; kept in {kept}; nothing was published")


@dataclasses.dataclass(frozen=True)
class RunParameters:
    data_dir: Path
    period: Period
    out_dir: Path
    as_of: date
    lang: str = "sv"

    def as_manifest(self) -> dict[str, Any]:
        return {
            "data": str(self.data_dir),
            "period": self.period.label,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "out": str(self.out_dir),
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
        }


def make_parameters(
    data_dir: str | Path,
    period: str,
    out_dir: str | Path,
    as_of: str | date | None = None,
    lang: str = "sv",
) -> RunParameters:
    """Check and convert the run's parameters before anything is read or started."""
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    if lang not in ("sv", "en"):
        raise ValueError(f"--lang must be sv or en, not {lang!r}")
    data = Path(data_dir)
    if not data.is_dir():
        raise FileNotFoundError(f"data folder {data} does not exist")
    return RunParameters(data, parse_period(period), Path(out_dir), as_of or date.today(), lang)


def source_records(dataset: Dataset) -> list[dict[str, Any]]:
    return [dataclasses.asdict(s) for s in dataset.sources]


def config_record(dataset: Dataset) -> dict[str, Any]:
    return dataclasses.asdict(dataset.config)


def lock_sha256(path: Path = LOCK_FILE) -> str | None:
    """The sha256 of the lock file the environment was set up from; None when there is none."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def write_outputs(report: Report, params: RunParameters, folder: Path) -> list[str]:
    """Write the period's tables into `folder`; return their paths relative to it."""
    # imported here, not before the data is read: openpyxl is a fifth of a second
    from so_analysis.report.export import (
        indicators_by_sex_csv,
        indicators_csv,
        write_indicators_xlsx,
    )
    from so_analysis.report.lansstyrelsen import write_lansstyrelsen_xlsx

    internal = folder / INTERNAL_DIR
    internal.mkdir(parents=True, exist_ok=True)
    (internal / "indikatorer.csv").write_text(
        indicators_csv(report.analysis.indicators), encoding="utf-8"
    )
    (internal / "indikatorer_kon.csv").write_text(
        indicators_by_sex_csv(report.analysis.by_sex), encoding="utf-8"
    )
    write_indicators_xlsx(report, folder / "indikatorer.xlsx", params.lang)
    write_lansstyrelsen_xlsx(report, folder / "lansstyrelsen.xlsx", params.lang)
    return [
        f"{INTERNAL_DIR}/indikatorer.csv",
        f"{INTERNAL_DIR}/indikatorer_kon.csv",
        "indikatorer.xlsx",
        "lansstyrelsen.xlsx",
    ]


def _page(
    analysis: Analysis, params: RunParameters, title_key: str, **names: str
) -> dict[str, str]:
    """The fields of the page's `document.PageInfo` (built on the notebook side)."""
    t = texts(params.lang)
    period = analysis.period
    return dict(
        title=t(f"document.{title_key}", period=period.label, **names),
        kicker=t("document.kicker"),
        meta=t(
            "document.meta",
            municipality=analysis.dataset.config.municipality,
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            as_of=analysis.as_of.isoformat(),
        ),
        footer=t(
            "document.footer",
            version=__version__,
            as_of=analysis.as_of.isoformat(),
            min_n=analysis.dataset.config.min_n,
        ),
        lang=params.lang,
        toc_title=t("document.toc_title"),
        default_alt=t("document.default_alt"),
    )


def notebook_jobs(analysis: Analysis, params: RunParameters, folder: Path) -> list[NotebookJob]:
    """The summary notebook and one expert notebook per expert, with papermill parameters."""
    common = {
        "data_dir": str(params.data_dir.resolve()),
        "period": params.period.label,
        "as_of": params.as_of.isoformat(),
        "lang": params.lang,
    }
    jobs = [
        NotebookJob(
            label="sammanfattning",
            notebook=SUMMARY_NOTEBOOK,
            output=folder / INTERNAL_DIR / "notebooks" / "sammanfattning.ipynb",
            parameters=dict(common),
            page=_page(analysis, params, "summary_title"),
            html_output=folder / "sammanfattning.html",
        )
    ]
    providers = analysis.dataset.providers
    for pid, name, slug in zip(
        providers["provider_id"],
        providers["name"],
        [analysis.slugs[p] for p in providers["provider_id"]],
        strict=True,
    ):
        jobs.append(
            NotebookJob(
                label=str(name),
                notebook=EXPERT_NOTEBOOK,
                output=folder / INTERNAL_DIR / "notebooks" / f"expert-{slug}.ipynb",
                parameters={**common, "provider_id": str(pid)},
                page=_page(analysis, params, "expert_title", name=str(name)),
                html_output=folder / "experter" / f"{slug}.html",
            )
        )
    return jobs


def _label(result: NotebookResult) -> str:
    """The notebook as a console line names it: the expert's name, masked and shortened."""
    return shorten(mask_personal_numbers(result.job.label), LABEL_COLUMNS)


def _progress(done: int, total: int, result: NotebookResult) -> None:
    t = texts("sv")
    mark = t("run.notebook_done") if result.ok else t("run.notebook_failed")
    seconds = f"{result.seconds:.1f}"
    log.info(
        t("run.progress", done=done, total=total, label=_label(result), mark=mark, seconds=seconds)
    )


def _log_notices(results: list[NotebookResult]) -> None:
    """A notebook's warnings and stderr text go to the run's log (docs/publishing.md §6)."""
    t = texts("sv")
    for r in results:
        for notice in r.notices:
            log.warning(t("run.notice", label=_label(r), notice=mask_personal_numbers(notice)))


def _keep_failed(failed: list[NotebookResult], out_dir: Path, period: Period) -> Path:
    kept = out_dir / FAILED_DIR / period.slug()
    kept.mkdir(parents=True, exist_ok=True)
    for r in failed:
        if r.job.output.exists():
            shutil.copy2(r.job.output, kept / r.job.output.name)
    return kept


def submit_report(
    report: Report, params: RunParameters, folder: Path, server: NotebookServer
) -> list[NotebookJob]:
    """Send the notebooks to `server`, which runs them while this process goes on; what they
    read of each record is made first (`report.reads`), and kept in `report` for this one."""
    # imported here, not before the data is read: the publication's modules are a tenth of a
    # second (and the notebook process has them already)
    from so_analysis.report.reads import for_notebooks

    analysis = report.analysis
    jobs = notebook_jobs(analysis, params, folder)
    (folder / INTERNAL_DIR / "notebooks").mkdir(parents=True, exist_ok=True)
    (folder / "experter").mkdir(exist_ok=True)
    merged = MergedPage(_page(analysis, params, "report_title"), folder / "kvalitetsrapport.html")
    server.submit(ReportRequest(params.data_dir, for_notebooks(report, params.lang), jobs, merged))
    return jobs


def finish_report(
    jobs: list[NotebookJob], params: RunParameters, folder: Path, server: NotebookServer
) -> tuple[list[str], list[dict[str, Any]]]:
    """Wait for the submitted notebooks; return outputs and the notebook records."""
    results = server.results(progress=_progress)
    _log_notices(results)
    failed = [r for r in results if not r.ok]
    if failed:
        raise NotebookFailure(failed, _keep_failed(failed, params.out_dir, params.period))
    outputs = ["kvalitetsrapport.html"]
    outputs += [str(j.html_output.relative_to(folder)) for j in jobs if j.html_output is not None]
    outputs += [str(j.output.relative_to(folder)) for j in jobs]
    records = [
        {
            "notebook": _notebook_ref(r.job.notebook),
            "parameters": r.job.parameters,
            "output": str(r.job.output.relative_to(folder)),
            "notices": r.notices,
        }
        for r in results
    ]
    return outputs, records


def write_memo(report: Report, params: RunParameters, folder: Path) -> list[str]:
    """The memo (Word and HTML): it needs no notebook, so `run` writes it while they run."""
    from so_analysis.report.memo import build_memo, memo_html, write_memo_docx

    memo = build_memo(report, report.analysis.dataset.texts, params.lang)
    write_memo_docx(memo, folder / "tjansteskrivelse.docx", params.data_dir)
    (folder / "tjansteskrivelse.html").write_text(memo_html(memo), encoding="utf-8")
    return ["tjansteskrivelse.docx", "tjansteskrivelse.html"]


def write_report_pdf(folder: Path) -> list[str]:
    """The merged report (`kvalitetsrapport.html`, written by the notebooks) as a tagged PDF."""
    from so_analysis.report.pdf import write_pdf

    report = (folder / "kvalitetsrapport.html").read_text(encoding="utf-8")
    pages = write_pdf(report, folder / "kvalitetsrapport.pdf")
    log.info(texts("sv")("run.pdf_written", pages=pages))
    return ["kvalitetsrapport.pdf"]


def _load(params: RunParameters) -> Dataset:
    t = texts("sv")
    log.info(t("run.reading", folder=mask_personal_numbers(str(params.data_dir))))
    dataset = load_dataset(params.data_dir)
    period = params.period
    log.info(
        t(
            "run.read",
            providers=len(dataset.providers),
            enrolments=len(dataset.enrolments),
            period=period.label,
            start=period.start,
            end=period.end,
            as_of=params.as_of,
        )
    )
    return dataset


def _load_and_analyse(params: RunParameters) -> tuple[Dataset, Analysis]:
    dataset = _load(params)
    return dataset, analyse(dataset, params.period, params.as_of)


def run_dialog(params: RunParameters) -> Path:
    """Write `OUT/<period>/dialog/`: a workbook and an e-mail page per expert, atomically."""
    from so_analysis.report.dialog import write_dialog_templates

    _, analysis = _load_and_analyse(params)
    folder = params.out_dir / params.period.slug()
    # The report beside dialog/ is kept (carried over); only dialog/ is written anew.
    with publishing(folder, "dialog", keep=lambda name: name != DIALOG_DIR) as stage:
        (stage / DIALOG_DIR).mkdir()
        written = write_dialog_templates(Report(analysis), stage / DIALOG_DIR, params.lang)
    final = folder / DIALOG_DIR
    folder_shown = mask_personal_numbers(str(final))
    log.info(texts("sv")("run.dialog_done", templates=len(written) // 2, folder=folder_shown))
    return final


def run(params: RunParameters, server: NotebookServer | None = None) -> Path:
    """Validate, compute and publish `OUT/<period>/`; raise InputError before writing anything.

    The notebook process (`server`, or one started now) warms up while this one loads and
    analyses the data.
    """
    if server is None:
        with NotebookServer(params.lang) as started:
            return _run(params, started)
    return _run(params, server)


def _run(params: RunParameters, server: NotebookServer) -> Path:
    dataset = _load(params)
    analysis = analyse(dataset, params.period, params.as_of)
    final = params.out_dir / params.period.slug()
    # The dialog templates beside the report are kept (carried over); the rest is written anew.
    with publishing(final, "run", keep=lambda name: name == DIALOG_DIR) as stage:
        # The notebooks start first; the workbook, the memo and the PDF library's import need
        # none of them and are done while they run (the PDF needs the merged page).
        report = Report(analysis)
        jobs = submit_report(report, params, stage, server)
        outputs = write_outputs(report, params, stage)
        memo = write_memo(report, params, stage)
        prepare_pdf()
        report_outputs, notebooks = finish_report(jobs, params, stage, server)
        report_outputs += memo + write_report_pdf(stage)
        from so_analysis.report.export import manifest  # imported by write_outputs already

        manifest_path = f"{INTERNAL_DIR}/manifest.json"
        (stage / manifest_path).write_text(
            manifest(
                sources=_masked(source_records(dataset)),
                parameters=_masked(params.as_manifest()),
                config=_masked(config_record(dataset)),
                lock_sha256=lock_sha256(),
                outputs=_masked([*outputs, *report_outputs, manifest_path]),
                notebooks=_masked(notebooks),
            ),
            encoding="utf-8",
        )
    log.info(texts("sv")("run.done", folder=mask_personal_numbers(str(final))))
    return final


def _masked(value: Any) -> Any:
    """Every text in a manifest record with personnummer masked; checksums are left as they are."""
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {k: v if k == "sha256" else _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value
