#!/usr/bin/python3
"""Prints an .xlsx workbook as JSON, as openpyxl reads it, for the Excel export's tests.

Usage: xlsx_read.py FILE

{"sheets": [{"name", "freeze_panes", "columns": {letter: width},
             "rows": [[{"value", "type", "format", "bold", "wrap"}, ...], ...]}, ...],
 "formula_elements": how many <f> (formula) elements the sheets' XML holds}

Dates come out as ISO 8601 text. openpyxl runs with Debian's /usr/bin/python3, which has
python3-openpyxl.
"""

import datetime
import json
import re
import sys
import zipfile

import openpyxl


def cell_json(cell):
    value = cell.value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        value = value.isoformat()
    return {
        "value": value,
        "type": cell.data_type,
        "format": cell.number_format,
        "bold": bool(cell.font.b),
        "wrap": bool(cell.alignment.wrap_text),
    }


def sheet_json(sheet):
    return {
        "name": sheet.title,
        "freeze_panes": sheet.freeze_panes,
        "columns": {letter: dimension.width
                    for letter, dimension in sheet.column_dimensions.items()},
        "rows": [[cell_json(cell) for cell in row] for row in sheet.iter_rows()],
    }


def formula_elements(path):
    """Counts formulas in the raw XML, so no reader's interpretation can hide one."""
    with zipfile.ZipFile(path) as archive:
        return sum(len(re.findall(rb"<f[ >/]", archive.read(name)))
                   for name in archive.namelist() if name.startswith("xl/worksheets/"))


def main():
    path = sys.argv[1]
    # Not data_only: a formula would read back as one (data type 'f'), not as its cached value.
    workbook = openpyxl.load_workbook(path)
    print(json.dumps({"sheets": [sheet_json(sheet) for sheet in workbook.worksheets],
                      "formula_elements": formula_elements(path)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
