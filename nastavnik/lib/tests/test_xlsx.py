from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from nastavnik.lib.xlsx import UploadRejected, check_upload, safe_cell, write_xlsx

RISKY = ["=1+2", '=HYPERLINK("http://evil.example","жми")', "+7 900 123-45-67", "-5", "@SUM(A1)", "\tтаб", "\rвозврат"]


def cells(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def minimal_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["ФИО"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- safe_cell --------------------------------------------------------------------------------------------


def test_openpyxl_alone_writes_such_text_as_a_formula():
    """The reason for safe_cell: without it the first value below is saved as a live formula."""
    workbook = Workbook()
    workbook.active.append(["=1+2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert [cell.data_type for cell in cells(buffer.getvalue())] == ["f"]


@pytest.mark.parametrize("write_only", [False, True])
def test_safe_cell_keeps_formula_like_text_as_text(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Лист") if write_only else workbook.active
    sheet.append([safe_cell(value, sheet) for value in [*RISKY, "обычный текст", 42, None]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    saved = cells(buffer.getvalue())
    assert all(cell.data_type != "f" for cell in saved)
    assert [cell.value for cell in saved[:3]] == RISKY[:3]
    assert saved[7].value == "обычный текст" and saved[8].value == 42


def test_safe_cell_drops_characters_xml_cannot_carry():
    assert safe_cell("Иванова\x00\x0bАнна", None) == "ИвановаАнна"  # type: ignore[arg-type]


# --- write_xlsx ------------------------------------------------------------------------------------------


def test_write_xlsx_never_writes_a_formula_and_keeps_the_text():
    data = write_xlsx([("Реестр", ["Текст", "Ещё"], [[value, f"{value} и дальше"] for value in RISKY])])
    saved = cells(data)
    assert saved and all(cell.data_type != "f" for cell in saved)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert [row[0] for row in sheet[1:]] == RISKY


def test_write_xlsx_writes_dates_numbers_and_a_bold_frozen_header():
    rows = iter([["Иванова", date(1990, 5, 17), 12, 2.5, None, True, datetime(2025, 9, 1, 8, 30)]])
    data = write_xlsx([("Реестр", ["ФИО", "Дата рождения", "Стаж", "Ставка", "Пусто", "Флаг", "Когда"], rows)])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Реестр"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G2"
    assert all(cell.font.b for cell in sheet[1])
    name, birth, years, rate, empty, flag, moment = sheet[2]
    assert birth.value == datetime(1990, 5, 17) and birth.number_format == "DD.MM.YYYY"
    assert (name.value, years.value, rate.value, empty.value, flag.value) == ("Иванова", 12, 2.5, None, True)
    assert moment.value == datetime(2025, 9, 1, 8, 30)
    assert sheet.column_dimensions["B"].width >= len("Дата рождения")
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert calamine[1][1] == date(1990, 5, 17)


def test_write_xlsx_escapes_markup_and_names_sheets_uniquely():
    text = 'a < b & c > "d"\nвторая строка'
    data = write_xlsx([("Лист: 1/2", ["A"], [[text]]), ("Лист: 1/2", ["B"], []), ("Справка", [], [["x"]])])
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Лист  1 2", "Лист  1 2 (2)", "Справка"]
    assert workbook.worksheets[0]["A2"].value == text
    assert workbook.worksheets[0]["A2"].alignment.wrap_text
    assert workbook.worksheets[1].max_row == 1
    assert workbook.worksheets[2]["A1"].value == "x"


def test_write_xlsx_output_passes_its_own_upload_check():
    data = write_xlsx([("Реестр", ["ФИО"], ([f"Иванова {n}"] for n in range(3000)))])
    assert check_upload(data, max_bytes=10**7, max_unpacked_bytes=10**8) == data


# --- check_upload -----------------------------------------------------------------------------------------


def test_check_upload_accepts_an_xlsx_from_bytes_a_file_or_an_upload():
    data = minimal_xlsx()
    assert check_upload(data) == data
    assert check_upload(io.BytesIO(data)) == data
    assert check_upload(SimpleUploadedFile("реестр.xlsx", data)) == data


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Файл пустой."),
        (PNG, "Файл не является таблицей Excel (.xlsx)"),
        ("ФИО;Дата рождения\nИванова Анна;01.01.1990\n".encode(), "Файл не является таблицей Excel (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "в старом формате Excel (.xls) или защищён паролем"),
        (zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), "Это документ Word"),
        (
            zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
            "OpenDocument",
        ),
        (zipped({"readme.txt": b"hello"}), "Файл не является таблицей Excel (.xlsx)"),
        (minimal_xlsx()[:300], "Файл повреждён"),
        (b"PK\x03\x04" + b"\x00" * 200, "Файл повреждён"),
    ],
    ids=["empty", "png", "csv", "xls", "docx", "ods", "other-zip", "truncated", "zip-garbage"],
)
def test_check_upload_rejects_what_is_not_an_xlsx(data, message):
    with pytest.raises(UploadRejected, match=re.escape(message)):
        check_upload(data)


def test_check_upload_rejects_a_file_over_the_limit():
    with pytest.raises(UploadRejected, match="Файл слишком большой: можно не больше 1 МБ"):
        check_upload(b"PK" + b"\x00" * 1024 * 1024, max_bytes=1024 * 1024)


class HugeUpload(io.BytesIO):
    size = 50 * 1024 * 1024

    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("the size alone must decide")


def test_check_upload_rejects_an_upload_over_the_limit_before_reading_it():
    with pytest.raises(UploadRejected, match="Файл слишком большой: 50 МБ, можно не больше 10 МБ"):
        check_upload(HugeUpload(), max_bytes=10 * 1024 * 1024)


def test_check_upload_rejects_a_zip_bomb():
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", "xl/bomb.xml": b"\x00" * 3_000_000})
    assert len(bomb) < 10_000
    with pytest.raises(UploadRejected, match="слишком большой в распакованном виде"):
        check_upload(bomb, max_unpacked_bytes=1_000_000)


def test_check_upload_rejects_a_sheet_with_a_far_away_cell():
    """One stray cell at XFD1048576 would make any reader allocate the whole empty rectangle."""
    workbook = Workbook()
    workbook.active["A1"] = "ФИО"
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UploadRejected, match="Лист слишком большой: 1048576 строк × 16384 столбца"):
        check_upload(buffer.getvalue())


def test_check_upload_finds_damage_through_checksums():
    data = bytearray(minimal_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Corrupt the compressed bytes of one member; the archive's directory stays intact.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[start : start + 8] = b"\xff" * 8
    with pytest.raises(UploadRejected, match="Файл повреждён"):
        check_upload(bytes(data))
