"""Excel safety for every renderer: text never becomes a formula, uploads are checked before reading.

- ``safe_cell(value, sheet)`` is what to put in a row instead of a raw value: text that Excel or openpyxl could
  take for a formula («=…», «+…», «-…», «@…», a leading tab or CR) becomes a cell with the explicit
  string type, so the file stores it as text and Excel shows it as typed; characters XML cannot carry
  are dropped. The text itself is not changed, so an exported file imports back to the same values.
- ``write_xlsx(sheets)`` writes a workbook (30,000 rows × 16 columns in under a second): bold header,
  frozen header row, filter, column widths, dates as real dates shown as ДД.ММ.ГГГГ. It writes the XML
  itself and has no way to write a formula at all.
- ``check_upload(file)`` rejects what is not an .xlsx, what is too big, and zip bombs, with a Russian
  message, before any parser sees the bytes.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from openpyxl.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from nastavnik.lib.text import plural

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MAX_COLUMN_WIDTH = 60
DEFAULT_MAX_CELLS = 5_000_000  # last row × last column of a sheet: 100,000 rows of 50 columns
# Characters XML 1.0 cannot carry; openpyxl raises IllegalCharacterError on them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
# References of rows and cells in a sheet's XML: <row r="12">, <c r="AB12">. No word boundary before
# «r»: it would find nothing more and take twice the time; an odd match only makes the check stricter.
_ROW_REF = re.compile(rb'r="[A-Z]{0,3}(\d{1,7})"')
_COLUMN_REF = re.compile(rb'r="([A-Z]{1,3})\d')

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


class UploadRejected(ValueError):
    """The uploaded file is not a workbook we agree to read; the message is for the user."""


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    """Text as a cell can hold it: no XML-illegal control characters, no more than Excel's limit."""
    return _ILLEGAL.sub("", text)[:MAX_CELL_TEXT]


def safe_cell(value: Any, sheet: Worksheet | WriteOnlyWorksheet) -> Any:
    """What to put in a row of ``sheet`` (``sheet.append``) for ``value`` so that it is never a formula.

    Formula-like text becomes a cell of the sheet whose type is set to string after the value is bound
    (openpyxl binds «=…» as a formula); other values are returned unchanged, text cleaned of characters
    XML cannot carry.
    """
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if not is_formula_like(text):
        return text
    cell = Cell(sheet, row=1, column=1, value=text)  # type: ignore[arg-type]  # append sets the real position
    cell.data_type = "s"
    return cell


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:g}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_TITLE_BAD.sub(" ", title).strip()[:31] or "Лист"
    result = base
    for n in itertools.count(2):
        if result not in used:
            break
        result = f"{base[:27]} ({n})"
    used.add(result)
    return result


# --- write_xlsx: SpreadsheetML written directly ---------------------------------------------------------
#
# openpyxl's write-only mode spends about 20 µs on a cell: a registry export of 30,000 rows × 16 columns
# took 10 s. Writing the few XML parts of a workbook directly takes 0.7 s, and it is safe by construction:
# this writer has no way to emit a formula (<f>), every text is an inline string.

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_EPOCH = datetime(1899, 12, 30)
# Style indexes in _STYLES' cellXfs.
_HEADER, _DATE, _DATETIME, _WRAP = 1, 2, 3, 4
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/>'
    '<numFmt numFmtId="165" formatCode="DD.MM.YYYY HH:MM"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(text: str) -> str:
    return clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")


def _cell(ref: str, value: Any, style: int = 0) -> str:
    """One <c> element; text is always an inline string, so nothing in it is ever a formula."""
    if value is None or value == "":
        return ""
    styled = f' s="{style}"' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{styled}><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{_DATE}"><v>{value.toordinal() - _EXCEL_EPOCH.toordinal()}</v></c>'
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return f'<c r="{ref}"{styled}><v>{value}</v></c>'
    return _cell(ref, str(value), style)


def _sheet_xml(headers: Sequence[str], rows: Iterable[Sequence[Any]], selected: bool) -> Iterator[str]:
    """The worksheet part in pieces; rows are consumed as they come (a generator of 30,000 is fine)."""
    rows = iter(rows)
    head = list(itertools.islice(rows, 200))
    width = max([len(headers), *(len(row) for row in head)]) if headers or head else 0
    letters = [_column_letter(n) for n in range(1, width + 1)]
    widths = [_width(header) for header in headers] + [0] * (width - len(headers))
    for row in head:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
    yield f'{_XML_HEAD}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
    tab = ' tabSelected="1"' if selected else ""
    if headers:
        yield (
            f'<sheetViews><sheetView{tab} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        )
    else:
        yield f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>'
    yield '<sheetFormatPr defaultRowHeight="15"/>'
    if widths:
        yield "<cols>"
        for number, chars in enumerate(widths, start=1):
            size = min(max(chars + 2, 8), MAX_COLUMN_WIDTH)
            yield f'<col min="{number}" max="{number}" width="{size}" customWidth="1"/>'
        yield "</cols>"
    yield "<sheetData>"
    number = 0
    if headers:
        number = 1
        yield f'<row r="1">{"".join(_cell(f"{letters[i]}1", h, _HEADER) for i, h in enumerate(headers))}</row>'
    for row in itertools.chain(head, rows):
        number += 1
        cells = []
        for index, value in enumerate(row[:width]):
            style = _WRAP if isinstance(value, str) and "\n" in value else 0
            cells.append(_cell(f"{letters[index]}{number}", value, style))
        yield f'<row r="{number}">{"".join(cells)}</row>'
    yield "</sheetData>"
    if headers:
        yield f'<autoFilter ref="A1:{letters[len(headers) - 1]}{max(number, 1)}"/>'
    yield "</worksheet>"


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per ``(title, headers, rows)``; rows may be a generator.

    Bold header row, frozen and with a filter; column widths from the header and the first 200 rows;
    dates as real dates shown ДД.ММ.ГГГГ; multi-line text wrapped. No cell can be a formula.
    """
    titles: set[str] = set()
    names = [_sheet_title(title, titles) for title, _headers, _rows in sheets]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_list = "".join(
            f'<sheet name="{_xml_attr(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{_XML_HEAD}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><bookViews><workbookView activeTab="0"/>'
            f"</bookViews><sheets>{sheet_list}</sheets></workbook>",
        )
        sheet_rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}">{sheet_rels}'
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/styles.xml", _STYLES)
        for n, (_title, headers, rows) in enumerate(sheets, 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                pieces: list[str] = []
                for piece in _sheet_xml(headers, rows, selected=n == 1):
                    pieces.append(piece)
                    if len(pieces) >= 1000:
                        part.write("".join(pieces).encode())
                        pieces.clear()
                part.write("".join(pieces).encode())
    return buffer.getvalue()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def _read_limited(file: bytes | IO[bytes], limit: int) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        return bytes(file)
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise UploadRejected(f"Файл слишком большой: {_megabytes(size)} МБ, можно не больше {_megabytes(limit)} МБ.")
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(limit + 1)


_OTHER_FORMATS = {
    "word/document.xml": "Это документ Word, а нужна таблица Excel (.xlsx).",
    "ppt/presentation.xml": "Это презентация PowerPoint, а нужна таблица Excel (.xlsx).",
    "content.xml": "Это файл OpenDocument (LibreOffice): сохраните таблицу как «Книга Excel (.xlsx)».",
}
NOT_XLSX = (
    "Файл не является таблицей Excel (.xlsx). "
    "Откройте его в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)»."
)
BROKEN = "Файл повреждён: таблицу Excel (.xlsx) в нём прочитать нельзя. Сохраните её заново и загрузите ещё раз."


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_upload(
    file: bytes | IO[bytes],
    *,
    max_bytes: int | None = None,
    max_unpacked_bytes: int | None = None,
    max_cells: int | None = None,
) -> bytes:
    """The file's bytes when it is an .xlsx workbook of an acceptable size; ``UploadRejected`` otherwise.

    Limits default to the settings ``UPLOAD_MAX_BYTES``, ``XLSX_MAX_UNPACKED_BYTES`` and ``XLSX_MAX_CELLS``.
    The unpacked size is checked twice: the sizes the archive declares, then the bytes actually inflated
    (a forged header cannot hide a zip bomb), which also finds damaged archives through their checksums.
    The sheets' extent (last row × last column) is checked too: readers keep a sheet as a dense table, so
    one stray cell at XFD1048576 in a 10 KB file would otherwise ask for gigabytes of memory.
    """
    if max_bytes is None:
        max_bytes = settings.UPLOAD_MAX_BYTES
    if max_unpacked_bytes is None:
        max_unpacked_bytes = settings.XLSX_MAX_UNPACKED_BYTES
    if max_cells is None:
        max_cells = getattr(settings, "XLSX_MAX_CELLS", DEFAULT_MAX_CELLS)
    data = _read_limited(file, max_bytes)
    if not data:
        raise UploadRejected("Файл пустой.")
    if len(data) > max_bytes:
        raise UploadRejected(f"Файл слишком большой: можно не больше {_megabytes(max_bytes)} МБ.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRejected(
            "Файл в старом формате Excel (.xls) или защищён паролем. "
            "Откройте его в Excel и сохраните как «Книга Excel (.xlsx)» без пароля."
        )
    if not data.startswith(b"PK"):
        raise UploadRejected(NOT_XLSX)
    unpacked_too_big = (
        "Файл слишком большой в распакованном виде (больше "
        f"{_megabytes(max_unpacked_bytes)} МБ): возможно, он повреждён или содержит лишнее. "
        "Оставьте в книге только лист с реестром и сохраните её заново."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                for name, message in _OTHER_FORMATS.items():
                    if name in names:
                        raise UploadRejected(message)
                raise UploadRejected(NOT_XLSX)
            if sum(info.file_size for info in archive.infolist()) > max_unpacked_bytes:
                raise UploadRejected(unpacked_too_big)
            inflated = 0
            for info in archive.infolist():
                is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                last_row = last_column = 0
                tail = b""
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        inflated += len(chunk)
                        if inflated > max_unpacked_bytes:
                            raise UploadRejected(unpacked_too_big)
                        if is_sheet:
                            text = tail + chunk
                            last_row = max(last_row, max(map(int, _ROW_REF.findall(text)), default=0))
                            for letters in set(_COLUMN_REF.findall(text)):
                                last_column = max(last_column, _column_number(letters))
                            tail = chunk[-32:]
                if last_row * max(last_column, 1) > max_cells:
                    raise UploadRejected(
                        f"Лист слишком большой: {last_row} {plural(last_row, 'строка', 'строки', 'строк')} × "
                        f"{last_column} {plural(last_column, 'столбец', 'столбца', 'столбцов')}. Удалите пустые "
                        "строки и столбцы в конце листа (возможно, там случайно заполнена ячейка) или разделите файл."
                    )
    except UploadRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise UploadRejected(BROKEN) from error
    return data
