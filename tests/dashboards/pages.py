"""Reading the dashboard's tables and CSV files as rows of cells."""

from __future__ import annotations

import csv
import io

import lxml.html


def tables(response) -> dict[str, list[list[str]]]:
    """Each section's table by its key, header first: the text of every cell."""
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content.decode())
    return {
        table.get("id").removeprefix("table-"): [
            [cell.text_content().strip() for cell in line.xpath("th|td")]
            for line in table.xpath(".//tr")
        ]
        for table in document.xpath("//table[starts-with(@id, 'table-')]")
    }


def csv_lines(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
