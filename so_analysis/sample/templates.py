"""The sample's returned dialog templates, written as the cycle writes and reads them.

Each template is the one `so-report dialog` writes (`report.dialog.build_workbook`) for the period,
on the sample's own tables and settings, filled in with openpyxl as an expert would in Excel (dates
as dates, statuses from the lists) from `returned_2016` and `returned_2017`, and saved as
`dialogmallar/<period>/<slug>.xlsx`. The 2017 templates are written once the 2016 ones are back,
so their Uppföljning lists the plans the 2016 templates agreed. The files are byte for byte the
same on every run: fixed document dates and zip entry times.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from so_analysis.core.config import Config
from so_analysis.core.periods import parse_period
from so_analysis.core.texts import Texts, texts
from so_analysis.load.dialog.layout import (
    DIALOG_FOLDER,
    DIALOG_HEADER_ROW,
    FOLLOW_UP_HEADER_ROW,
    PLAN_HEADER_ROW,
    PLAN_PARAMETERS,
    TOPICS,
)
from so_analysis.report.publication.model import Report
from so_analysis.sample.returned import Returned
from so_analysis.sample.returned_2016 import RETURNED_2016
from so_analysis.sample.returned_2017 import RETURNED_2017

# Each period's templates: the day its figures are taken (before the visits) and what came back.
PERIODS: tuple[tuple[str, date, dict[str, Returned]], ...] = (
    ("2016", date(2017, 2, 28), RETURNED_2016),
    ("2017", date(2018, 2, 28), RETURNED_2017),
)
SAMPLE_KEY = b"so-analysis sample templates: no participant id is written in them"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fill(wb, returned: Returned, t: Texts) -> None:
    """Fill a template's Dialog, Utvecklingsplan and Uppföljning as the expert did."""
    dialog = wb[t("template.sheet_dialog")]
    for topic, (comment, notes) in returned.notes.items():
        row = DIALOG_HEADER_ROW + 1 + TOPICS.index(topic)
        assert dialog.cell(row=row, column=1).value == t(f"template.topics.{topic}")
        dialog.cell(row=row, column=2).value = comment
        dialog.cell(row=row, column=3).value = notes
    plan = wb[t("dialog.sheet_plan")]
    rows = {p: PLAN_HEADER_ROW + 1 + i for i, (p, _) in enumerate(PLAN_PARAMETERS)}
    spare = PLAN_HEADER_ROW + 1 + len(PLAN_PARAMETERS)
    for item in returned.plan:
        if item.parameter is not None:
            row = rows.pop(item.parameter)
        else:
            row, spare = spare, spare + 1
            plan.cell(row=row, column=1).value = t(f"dialog.areas.{item.area}")
        if item.finding is not None:  # a point of its own, or the visit saw more than the figures
            plan.cell(row=row, column=2).value = item.finding
        assert plan.cell(row=row, column=1).value == t(f"dialog.areas.{item.area}")
        plan.cell(row=row, column=3).value = item.action
        plan.cell(row=row, column=4).value = item.responsible
        plan.cell(row=row, column=5).value = datetime.fromisoformat(item.due)
        plan.cell(row=row, column=6).value = t(f"dialog.statuses.{item.status}")
    follow_up = wb[t("template.sheet_follow_up")]
    reported = dict(returned.follow_up)
    for row in range(FOLLOW_UP_HEADER_ROW + 1, follow_up.max_row + 1):
        action = follow_up.cell(row=row, column=2).value
        if action in reported:
            status, text = reported.pop(action)
            follow_up.cell(row=row, column=4).value = t(f"dialog.statuses.{status}")
            follow_up.cell(row=row, column=5).value = text
    assert not reported, f"no such plan item to follow up: {sorted(reported)}"


def save_workbook(wb, path: Path, when: datetime) -> Path:
    """Save `wb` so that the same workbook gives the same bytes: fixed dates inside and out."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = when
    wb.properties.lastModifiedBy = None
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixed.getvalue())
    return path


def write_returned_templates(out_dir: Path | str, config: Config) -> list[Path]:
    """Write the sample's returned templates under `out_dir/dialogmallar/<period>/`.

    `out_dir` holds the sample's tables (just written); they are read, analysed and the templates
    built and filled in a scratch copy, so whatever lies in `out_dir/dialogmallar/` is never read.
    """
    from so_analysis.load.loading import load_dataset
    from so_analysis.measure.analysis import analyse
    from so_analysis.report.dialog import build_workbook

    out = Path(out_dir)
    t = texts("sv")
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="so-sample-") as scratch:
        work = Path(scratch)
        for table in sorted(out.glob("*.csv")):
            shutil.copy2(table, work / table.name)
        for label, as_of, returned in PERIODS:
            dataset = load_dataset(work, config=config, key=SAMPLE_KEY)
            report = Report(analyse(dataset, parse_period(label), as_of))
            for pid, slug in report.analysis.slugs.items():
                if pid not in returned:
                    continue
                wb = build_workbook(report, pid, "sv")
                fill(wb, returned[pid], t)
                relative = Path(DIALOG_FOLDER) / label / f"{slug}.xlsx"
                save_workbook(wb, work / relative, datetime.combine(as_of, datetime.min.time()))
                target = out / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / relative, target)
                written.append(target)
    return written
