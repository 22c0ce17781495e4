"""The MBZ as JSON (the page's data). Its PDF, XLSX and CSV are built by the report
pipeline (:mod:`lotse.reports.definitions.mbz`)."""

from __future__ import annotations

import json

from lotse.targets.mbz import Mbz


def mbz_json(mbz: Mbz) -> str:
    return json.dumps(mbz.as_json(), ensure_ascii=False, indent=1)
