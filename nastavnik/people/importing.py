"""Import of the registry of pedagogical workers from Excel (DESIGN §4.4): preview first, then all or nothing.

``read_registry`` reads the file and writes nothing: it finds the header row, recognises the usual
headers, parses and validates every row and matches rows to people already in the registry. The view
shows the preview; ``apply_registry`` writes it in one transaction.

Rules worth knowing (also in the template's «Справка» sheet):

- A row is the same person as a registry record of the organization when the ФИО (case, ё/е and spaces
  ignored) and the date of birth are equal, or the e-mail is. Such rows update the record; the others
  create new records. A person found in another organization is reported and left alone: moves between
  organizations are made in the person's card, not by a file.
- On update an empty cell never erases what is recorded; a name written differently only in case or ё
  is kept as recorded.
- «Стаж» in whole years N on the date ``on`` becomes a start of experience on 1 September, the start of a
  school year: ``on`` from 1 September counts the current school year as begun, so N years back from
  the year of the last 1 September. With it ``person.experience_years(on) == N``. On update a recorded
  start that already gives N years is kept.
- Gender comes from «Пол», else from the patronymic (…вич, …ич, оглы → мужской; …вна, …чна, кызы →
  женский); on update a guess from the patronymic never overrides the recorded gender.
- «Согласие на обработку ПДн» (a date) records a paper processing consent of that date, unless the
  person already has one valid on that date; a date earlier than a recorded withdrawal is an error.
- Other apps add their own columns with ``register_extra_columns`` (mentoring: the bank columns, see
  ``nastavnik/mentoring/importing.py``). Their values are parsed with the row, so their errors have a
  row and a column too; after matching, their check may add errors and counts; ``apply_registry`` sends
  ``people.signals.registry_applied`` inside its transaction for them to write. A column marked
  ``asks_consent`` puts the person in a bank: a row saying «да» there needs a processing consent, in
  the registry or in the file.
"""

from __future__ import annotations

import io
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache, partial
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Field, JSONField, Model
from django.db.models.fields import AutoFieldMixin
from django.db.models.functions import Lower
from django.utils import timezone
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from nastavnik.accounts.models import User
from nastavnik.lib.dates import full_years
from nastavnik.lib.db import BULK_ROWS, refresh_statistics
from nastavnik.lib.text import is_valid_name, normalize, plural
from nastavnik.lib.xlsx import BROKEN, UploadRejected, check_upload
from nastavnik.orgs.models import Organization
from nastavnik.people.consent_text import CURRENT_VERSION
from nastavnik.people.models import Consent, ConsentKind, ConsentMethod, Employment, Gender, Person, Qualification
from nastavnik.people.services import subjects_from_text
from nastavnik.people.signals import registry_applied

HEADER_SEARCH_ROWS = 10
PROGRESS_EVERY = 500
CHANGE_REASON = "загрузка реестра из Excel"
MIN_AGE, MAX_AGE = 14, 100
MAX_EXPERIENCE_YEARS = 70

# The field a column fills → how it is named to the user.
LABELS = {
    "full_name": "ФИО",
    "last_name": "фамилия",
    "first_name": "имя",
    "middle_name": "отчество",
    "gender": "пол",
    "birth_date": "дата рождения",
    "position": "должность",
    "subjects": "предметы",
    "qualification": "квалификационная категория",
    "experience_years": "стаж, лет",
    "experience_start": "дата начала педагогического стажа",
    "education": "образование",
    "email": "электронная почта",
    "phone": "телефон",
    "consent_on": "дата согласия на обработку персональных данных",
}
CONSENT_HEADER = "Согласие на обработку ПДн"
# Recognised columns that are not loaded; the value says why.
INFO_LABELS = {
    "organization": "не загружается: записи попадают в организацию, выбранную при загрузке",
    "age": "не загружается: возраст считается по дате рождения",
    "young": "не загружается: считается по стажу и возрасту",
    "experience_years_ignored": "не загружается: есть столбец с датой начала стажа",
}
TEXT_LIMITS = {"position": 200, "education": 500, "phone": 40, "email": 254}
NAME_FIELDS = ("last_name", "first_name", "middle_name")
NAME_LIMIT = 100
SUBJECT_LIMIT = 200


def _key(text: str) -> str:
    """A header or a value reduced to letters and digits: «Ф.И.О. педагога» → «фиопедагога»."""
    return "".join(ch for ch in normalize(text) if ch.isalnum())


def _header_field(header: str) -> str | None:
    key = _key(header)
    if not key:
        return None
    for extra in _EXTRA_COLUMNS.values():  # first: «Категория наставляемого» is not the qualification
        if extra.matches(key):
            return extra.name
    if key.startswith(("согласие", "датасогласия")) and not any(
        word in key for word in ("распростран", "публикац", "опубликов")
    ):
        return "consent_on"
    if key.startswith(("фио", "фамилияимяотчество", "фамилияиимяотчество")):
        return "full_name"
    exact = {
        "фамилия": "last_name",
        "имя": "first_name",
        "пол": "gender",
        "полмж": "gender",
        "др": "birth_date",
        "email": "email",
        "емейл": "email",
        "емэйл": "email",
        "почта": "email",
        "mail": "email",
    }
    if key in exact:
        return exact[key]
    if key.startswith("отчество"):
        return "middle_name"
    if key == "датар" or key.startswith("датарожд"):
        return "birth_date"
    if key.startswith(("должность", "занимаемаядолжность")):
        return "position"
    if key.startswith(("предмет", "преподаваем", "учебныйпредмет", "учебныепредметы")):
        return "subjects"
    if key.startswith(("категория", "квалификационнаякатегория", "квкатегория", "квалкатегория", "квалификация")):
        return "qualification"
    if "стаж" in key and "общ" not in key:
        if key.startswith(("дата", "начало")) or key.endswith("стажас") or key.endswith("стажс"):
            return "experience_start"
        return "experience_years"
    if key.startswith(("образование", "уровеньобразования")):
        return "education"
    if key.startswith(("email", "emai", "электроннаяпочта", "элпочта", "эпочта", "адресэлектроннойпочты")):
        return "email"
    if key.startswith(("тел", "контактныйтелефон", "мобильныйтелефон", "номертелефона")):
        return "phone"
    if key in {"организация", "оо", "образовательнаяорганизация", "учреждение", "местоработы"}:
        return "organization"
    if key.startswith("возраст"):
        return "age"
    if key.startswith("молодой"):
        return "young"
    return None


# --- columns of other apps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtraColumn:
    """A column of the registry file that another app reads; registered from its ``AppConfig.ready``.

    ``matches`` gets the header reduced to letters and digits (``_key``: «В банк наставников» →
    «вбанкнаставников»). ``parser(on)`` is called once per file (it may read a vocabulary) and returns
    the function that turns a cell into a value: None for an empty cell, ``CellError`` for a bad one.
    """

    name: str  # the key in PersonRow.extra
    label: str  # what the preview says the column fills
    matches: Callable[[str], bool]
    parser: Callable[[date], Callable[[Any], Any]]
    asks_consent: bool = False  # a true value puts the person in a bank: a processing consent is needed
    help: tuple[str, str, str] = ("", "", "")  # a row of the template's «Справка»: column, what to write, example


# After matching: (preview, the rows to load, column name → header text) → more errors and counts.
RowsCheck = Callable[["ImportPreview", list["PersonRow"], Callable[[str], str]], None]

_EXTRA_COLUMNS: dict[str, ExtraColumn] = {}
_CHECKS: dict[str, RowsCheck] = {}


def register_extra_columns(*columns: ExtraColumn, check: RowsCheck | None = None) -> None:
    """Let the importer read more columns (called again, it replaces the columns of the same name)."""
    for column in columns:
        if column.name in LABELS or column.name in INFO_LABELS:
            raise ValueError(f"{column.name} is a column of the registry itself")
        _EXTRA_COLUMNS[column.name] = column
    if check is not None:
        _CHECKS[f"{check.__module__}.{check.__qualname__}"] = check


def extra_columns() -> list[ExtraColumn]:
    return list(_EXTRA_COLUMNS.values())


def parse_yes_no(value: Any) -> bool | None:
    """«да», «+», «1» → True; «нет», «-», «0» → False; an empty cell → None."""
    if isinstance(value, bool):
        return value
    text = normalize(_text(value)).rstrip(".")
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"непонятное значение «{_shown(value)}»: укажите «да» или «нет» (или оставьте пустым)")


_YES = {"да", "д", "+", "1", "yes", "y", "true", "истина", "x", "х", "v", "✓", "✔"}
_NO = {"нет", "н", "-", "—", "–", "0", "no", "n", "false", "ложь"}


def parse_date(value: Any, *, on: date, what: str) -> date | None:
    """A date not later than ``on``; ``what`` names it in the message («дата запроса»)."""
    parsed = _date(value)
    if parsed is not None and parsed > on:
        raise CellError(f"{what} в будущем ({parsed:%d.%m.%Y})")
    return parsed


def parse_text(value: Any, *, limit: int) -> str | None:
    text = _text(value)
    if len(text) > limit:
        size = f"{len(text)} {plural(len(text), 'символ', 'символа', 'символов')}"
        raise CellError(f"слишком длинное значение: {size}, можно не больше {limit}")
    return text or None


def _is_numbering(header: str) -> bool:
    """«№», «№ п/п», «N»: the row number column, neither loaded nor reported."""
    return _key(header.replace("№", "")) in {"", "пп", "n", "nпп", "no", "номер", "нпп"}


# --- what the preview holds -----------------------------------------------------------------------------


@dataclass
class RowError:
    """One problem of the file; ``row`` is the row number as Excel shows it, ``column`` the header text."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"строка {self.row}")
        if self.column is not None:
            where.append(f"столбец «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class PersonRow:
    """A parsed and valid row: the values found in the file (empty cells left out) and, for an update,
    the matched person and what changes."""

    row: int
    values: dict[str, Any]
    subjects: list[str] | None = None  # names; None when the file has no subjects column or the cell is empty
    gender_guessed: bool = False
    experience_from_years: bool = False
    person_id: int | None = None
    changes: list[str] = field(default_factory=list)  # field names; "subjects" for the subjects
    consent_on: date | None = None  # the date of the processing consent, when the file gives one
    records_consent: bool = False  # the consent is new and will be recorded
    extra: dict[str, Any] = field(default_factory=dict)  # values of the registered columns, empty cells left out

    @property
    def full_name(self) -> str:
        return " ".join(self.values.get(name, "") for name in NAME_FIELDS if self.values.get(name))

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @cached_property
    def key(self) -> tuple[str, date | None]:
        """What makes two rows the same person: the ФИО as a search key and the date of birth."""
        return normalize(self.full_name), self.values.get("birth_date")

    def __str__(self) -> str:
        birth = self.values.get("birth_date")
        text = f"строка {self.row}: {self.full_name}"
        return f"{text}, {birth:%d.%m.%Y}" if birth else text


@dataclass
class ImportPreview:
    organization: Organization
    on: date
    to_create: list[PersonRow] = field(default_factory=list)
    to_update: list[PersonRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[RowError] = field(default_factory=list)
    unrecognized_columns: list[str] = field(default_factory=list)
    recognized: dict[str, str] = field(default_factory=dict)
    total_rows: int = 0
    consents_to_record: int = 0
    mentors_to_add: int = 0  # set by the mentoring app's check
    mentees_to_add: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> list[PersonRow]:
        """Every row that will be loaded: the new people and the matched ones."""
        return [*self.to_create, *self.to_update]

    @property
    def to_change(self) -> list[PersonRow]:
        """The matched rows that change something (the others are already up to date)."""
        return [row for row in self.to_update if row.changes]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    consents: int = 0
    mentors: int = 0
    mentees: int = 0


class RegistryHasErrors(ValueError):
    """``apply_registry`` was given a preview with errors."""


# --- reading cells --------------------------------------------------------------------------------------

_DATE_TEXT = [
    (re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s*г\.?)?$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"), ("y", "m", "d")),
]
_EXCEL_EPOCH = date(1899, 12, 30)
# A number in a date column is an Excel date from 1 January 1910 on; smaller ones are not dates people mean.
_FIRST_SERIAL = (date(1910, 1, 1) - _EXCEL_EPOCH).days
_MALE_ENDINGS = ("вич", "ич", "оглы", "оглу", "улы", "уулу")
_FEMALE_ENDINGS = ("вна", "чна", "шна", "кызы", "гызы", "кизи")


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, datetime | date):
        return f"{value:%d.%m.%Y}"
    return " ".join(str(value).split())


def _shown(value: Any, limit: int = 40) -> str:
    text = _text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CellError(ValueError):
    """A cell's value cannot be read; the message says why, in Russian, for the preview."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 1900 <= value <= 2100 and float(value).is_integer():
            raise CellError(f"«{_shown(value)}» похоже на год, а нужна полная дата в виде ДД.ММ.ГГГГ")
        if math.isfinite(value) and _FIRST_SERIAL <= value < 2_958_466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"неверная дата «{_shown(value)}» — нужна дата в виде ДД.ММ.ГГГГ")
    text = _text(value)
    for pattern, order in _DATE_TEXT:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise CellError(f"неверная дата «{_shown(value)}» — нужна дата в виде ДД.ММ.ГГГГ, например 01.09.2015")


def _years(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise CellError(f"стаж должен быть числом полных лет («{_shown(value)}»)")
        years = math.floor(value)
    else:
        match = re.match(r"^(-?\s*\d+)(?:[.,]\d+)?(?:\s*(?:лет|год|года|г\.?)\b.*)?$", _text(value))
        if not match:
            raise CellError(f"стаж должен быть числом полных лет («{_shown(value)}»)")
        years = int(match.group(1).replace(" ", ""))
    if years < 0:
        raise CellError(f"стаж не может быть отрицательным ({years})")
    if years > MAX_EXPERIENCE_YEARS:
        raise CellError(f"стаж больше {MAX_EXPERIENCE_YEARS} лет ({years})")
    return years


def experience_start_from_years(years: int, on: date) -> date:
    """1 September of the school year that began ``years`` school years before the current one."""
    current = on.year if (on.month, on.day) >= (9, 1) else on.year - 1
    return date(current - years, 9, 1)


_GENDERS = {
    "м": Gender.MALE,
    "муж": Gender.MALE,
    "мужской": Gender.MALE,
    "мужчина": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "ж": Gender.FEMALE,
    "жен": Gender.FEMALE,
    "женский": Gender.FEMALE,
    "женщина": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
}


def gender_from_patronymic(middle_name: str) -> str | None:
    words = normalize(middle_name).split()
    if not words:
        return None
    last = words[-1]
    if last.endswith(_FEMALE_ENDINGS):
        return Gender.FEMALE
    if last.endswith(_MALE_ENDINGS):
        return Gender.MALE
    return None


_QUALIFICATIONS = {
    "": Qualification.NONE,
    "без": Qualification.NONE,
    "нет": Qualification.NONE,
    "не имеет": Qualification.NONE,
    "не имеется": Qualification.NONE,
    "отсутствует": Qualification.NONE,
    "соответствие": Qualification.NONE,
    "соответствие занимаемой должности": Qualification.NONE,
    "сзд": Qualification.NONE,
    "первая": Qualification.FIRST,
    "1": Qualification.FIRST,
    "i": Qualification.FIRST,
    "высшая": Qualification.HIGHEST,
    "в": Qualification.HIGHEST,
    "педагог методист": Qualification.METHODIST,
    "методист": Qualification.METHODIST,
    "педагог наставник": Qualification.MENTOR,
    "наставник": Qualification.MENTOR,
}
_QUALIFICATION_NOISE = {"категория", "категории", "квалификационная", "квалификационной", "кв", "квал", "я", "ая"}


def _qualification(value: Any) -> str:
    words = re.sub(r"[^\w]+", " ", normalize(_text(value))).split()
    key = " ".join(word for word in words if word not in _QUALIFICATION_NOISE)
    if key.startswith("без"):
        key = "без"
    if key in _QUALIFICATIONS:
        return _QUALIFICATIONS[key]
    raise CellError(
        f"неизвестная квалификационная категория «{_shown(value)}» — "
        "допустимы «без категории», «первая», «высшая», «педагог-методист», «педагог-наставник»"
    )


def _name_part(text: str) -> str:
    """«ИВАНОВА» and «иванова» become «Иванова»; a name typed with care is kept as it is."""
    if text.isupper() or text.islower():
        return "-".join(piece[:1].upper() + piece[1:].lower() for piece in text.split("-"))
    return text


# --- the header ---------------------------------------------------------------------------------------


@dataclass
class _Columns:
    index: dict[str, int]  # field → column index
    header: dict[str, str]  # field → header text as in the file
    row: int  # 0-based index of the header row

    def name(self, name: str) -> str:
        if name in self.header:
            return self.header[name]
        if name == "consent_on":
            return CONSENT_HEADER
        if name in _EXTRA_COLUMNS:
            return _EXTRA_COLUMNS[name].help[0] or _EXTRA_COLUMNS[name].label.capitalize()
        return LABELS[name].capitalize()


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str]] | None:
    best: tuple[int, int] | None = None  # (score, row index)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = {_header_field(value) for value in row if isinstance(value, str)}
        fields.discard(None)
        score = len(fields)
        if score and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    row = rows[best[1]]
    return best[1], {i: _text(value) for i, value in enumerate(row) if _text(value)}


def _read_columns(header_index: int, headers: dict[int, str], preview: ImportPreview) -> _Columns:
    columns = _Columns(index={}, header={}, row=header_index)
    for position, text in headers.items():
        name = _header_field(text)
        if name is None:
            if not _is_numbering(text):
                preview.unrecognized_columns.append(text)
            continue
        if name in columns.index:
            preview.unrecognized_columns.append(f"{text} (повторный столбец: читается «{columns.header[name]}»)")
            continue
        columns.index[name] = position
        columns.header[name] = text
    if "experience_start" in columns.index and "experience_years" in columns.index:
        columns.header["experience_years_ignored"] = columns.header.pop("experience_years")
        del columns.index["experience_years"]
    for name, text in columns.header.items():
        if name in _EXTRA_COLUMNS:
            preview.recognized[text] = _EXTRA_COLUMNS[name].label
        else:
            preview.recognized[text] = LABELS[name] if name in LABELS else INFO_LABELS[name]
    return columns


# --- reading the workbook ------------------------------------------------------------------------------


def _sheet_rows(data: bytes) -> list[list[Any]]:
    """The first visible worksheet as rows from A1, so that list positions are Excel's row numbers."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [
            index
            for index, meta in enumerate(workbook.sheets_metadata)
            if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible
        ]
        rows = workbook.get_sheet_by_index(visible[0]).to_python(skip_empty_area=False) if visible else None
    except (CalamineError, ValueError, OverflowError) as error:
        raise UploadRejected(BROKEN) from error
    if rows is None:
        raise UploadRejected("В книге нет ни одного видимого листа с таблицей.")
    return rows


def _is_empty(row: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def read_registry(
    data: bytes,
    *,
    organization: Organization,
    on: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPreview:
    """Read and check a registry file; writes nothing.

    Raises ``UploadRejected`` when the file itself cannot be read (not an .xlsx, too big, damaged);
    every problem of its content is in ``preview.errors`` with its row and column.
    """
    on = on or timezone.localdate()
    data = check_upload(data)
    rows = _sheet_rows(data)
    preview = ImportPreview(organization=organization, on=on)
    if not any(not _is_empty(row) for row in rows):
        preview.errors.append(RowError(None, None, "В файле нет данных: лист пустой."))
        return preview
    found = _find_header(rows)
    if found is None:
        preview.errors.append(
            RowError(
                None,
                None,
                f"Не найдена строка заголовков: в первых {HEADER_SEARCH_ROWS} строках нет ни одного знакомого "
                "заголовка. Нужны, например, столбцы «ФИО», «Дата рождения», «Должность» (см. шаблон реестра).",
            )
        )
        return preview
    columns = _read_columns(*found, preview)
    missing = _missing_columns(columns)
    if missing:
        listed = ", ".join(f"«{text}»" for text in found[1].values())
        preview.errors.append(RowError(None, None, f"Нет обязательного столбца {missing}. Найдены столбцы: {listed}."))
        return preview
    # A row counts when a loaded column has something: «№ п/п» numbers prefilled down an empty template
    # or a lone note are not people.
    loaded = sorted(columns.index.values())
    body = [
        (number, row)
        for number, row in enumerate(rows[columns.row + 1 :], start=columns.row + 2)
        if not _is_empty([row[index] for index in loaded if index < len(row)])
    ]
    preview.total_rows = len(body)
    if not body:
        preview.errors.append(RowError(None, None, "В файле нет строк с данными под строкой заголовков."))
        return preview
    parsed = list(_parse_rows(body, columns, preview, progress))
    _match(parsed, columns, preview)
    _check_consents(columns, preview)
    for check in _CHECKS.values():
        check(preview, preview.rows, columns.name)
    preview.errors.sort(key=lambda error: error.row or 0)
    return preview


def _missing_columns(columns: _Columns) -> str:
    if "full_name" in columns.index:
        return ""
    if "last_name" in columns.index and "first_name" in columns.index:
        return ""
    if "last_name" in columns.index:
        return "«Имя» (рядом со столбцом «Фамилия»)"
    return "«ФИО» (или отдельных столбцов «Фамилия», «Имя», «Отчество»)"


def _parse_rows(
    body: list[tuple[int, list[Any]]],
    columns: _Columns,
    preview: ImportPreview,
    progress: Callable[[int, int], None] | None,
) -> Iterator[PersonRow]:
    total = len(body)
    parsers = {name: extra.parser(preview.on) for name, extra in _EXTRA_COLUMNS.items() if name in columns.index}
    for done, (number, cells) in enumerate(body, start=1):
        row = _parse_row(number, cells, columns, preview, parsers)
        if row is not None:
            yield row
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


def _parse_row(
    number: int,
    cells: list[Any],
    columns: _Columns,
    preview: ImportPreview,
    parsers: dict[str, Callable[[Any], Any]],
) -> PersonRow | None:
    def cell(name: str) -> Any:
        index = columns.index.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    errors: list[RowError] = []

    def fail(name: str, message: str) -> None:
        errors.append(RowError(number, columns.name(name), message))

    values: dict[str, Any] = {}
    _parse_names("full_name" in columns.index, cell, fail, values)
    for name in ("birth_date", "experience_start"):
        if name in columns.index:
            try:
                parsed = _date(cell(name))
            except CellError as bad:
                fail(name, bad.message)
            else:
                if parsed is not None:
                    values[name] = parsed
    experience_from_years = False
    experience_column = "experience_start"
    if "experience_years" in columns.index and _text(cell("experience_years")):
        experience_column = "experience_years"
        raw = cell("experience_years")
        try:
            if isinstance(raw, date):  # a date put in the «Стаж» column is the start
                values["experience_start"] = raw.date() if isinstance(raw, datetime) else raw
            else:
                values["experience_start"] = experience_start_from_years(_years(raw), preview.on)
                experience_from_years = True
        except CellError as bad:
            fail("experience_years", bad.message)
    for name in ("position", "education", "phone"):
        text = _text(cell(name))
        if len(text) > TEXT_LIMITS[name]:
            size = f"{len(text)} {plural(len(text), 'символ', 'символа', 'символов')}"
            fail(name, f"слишком длинное значение: {size}, можно не больше {TEXT_LIMITS[name]}")
        elif text:
            values[name] = text
    email = _text(cell("email")).lower().removeprefix("mailto:")
    if email:
        try:
            if len(email) > TEXT_LIMITS["email"]:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            fail("email", f"неверный адрес электронной почты «{_shown(email)}»")
        else:
            values["email"] = email
    if _text(cell("qualification")):
        try:
            values["qualification"] = _qualification(cell("qualification"))
        except CellError as bad:
            fail("qualification", bad.message)
    gender_guessed = False
    gender_text = normalize(_text(cell("gender"))).rstrip(".")
    if gender_text:
        if gender_text in _GENDERS:
            values["gender"] = _GENDERS[gender_text]
        else:
            fail("gender", f"непонятное значение пола «{_shown(cell('gender'))}»: укажите «м» или «ж»")
    elif values.get("middle_name"):
        guessed = gender_from_patronymic(values["middle_name"])
        if guessed is not None:
            values["gender"] = guessed
            gender_guessed = True
    subjects = None
    subjects_text = _text(cell("subjects"))
    if subjects_text:
        subjects = [name.strip() for name in re.split(r"[,;]", subjects_text) if name.strip()]
        for name in subjects:
            if len(name) > SUBJECT_LIMIT:
                fail(
                    "subjects",
                    f"слишком длинное название предмета «{_shown(name)}», можно не больше {SUBJECT_LIMIT} символов",
                )
    _check_dates(values, fail, preview.on, experience_column, experience_from_years)
    consent_on = None
    if "consent_on" in columns.index:
        try:
            consent_on = parse_date(cell("consent_on"), on=preview.on, what="дата согласия")
        except CellError as bad:
            fail("consent_on", bad.message)
    extra: dict[str, Any] = {}
    for name, parse in parsers.items():
        try:
            value = parse(cell(name))
        except CellError as bad:
            fail(name, bad.message)
        else:
            if value is not None:
                extra[name] = value
    if errors:
        preview.errors.extend(errors)
        return None
    return PersonRow(
        row=number,
        values=values,
        subjects=subjects,
        gender_guessed=gender_guessed,
        experience_from_years=experience_from_years,
        consent_on=consent_on,
        extra=extra,
    )


def _parse_names(
    one_column: bool, cell: Callable[[str], Any], fail: Callable[[str, str], None], values: dict[str, Any]
) -> None:
    if one_column:
        full = _text(cell("full_name"))
        if not full:
            fail("full_name", "не заполнено ФИО")
            return
        words = full.split()
        if not is_valid_name(full):
            fail("full_name", f"ФИО может содержать только буквы, пробелы, дефисы и апострофы («{_shown(full)}»)")
            return
        if len(words) < 2:
            fail("full_name", f"в ФИО нужны хотя бы фамилия и имя («{_shown(full)}»)")
            return
        parts = {"last_name": words[0], "first_name": words[1], "middle_name": " ".join(words[2:])}
        source = {name: "full_name" for name in NAME_FIELDS}
    else:
        parts = {name: _text(cell(name)) for name in NAME_FIELDS}
        source = {name: name for name in NAME_FIELDS}
        for name, what in (("last_name", "фамилия"), ("first_name", "имя")):
            if not parts[name]:
                fail(name, f"не заполнено: {what}")
        if not parts["last_name"] or not parts["first_name"]:
            return
    for name in NAME_FIELDS:
        text = parts[name]
        if not text:
            continue
        if not is_valid_name(text):
            fail(
                source[name],
                f"{LABELS[name]} может содержать только буквы, пробелы, дефисы и апострофы («{_shown(text)}»)",
            )
        elif len(text) > NAME_LIMIT:
            fail(source[name], f"{LABELS[name]}: слишком длинное значение, можно не больше {NAME_LIMIT} символов")
        else:
            values[name] = _name_part(text)


def _check_dates(
    values: dict[str, Any], fail: Callable[[str, str], None], on: date, column: str, from_years: bool
) -> None:
    birth = values.get("birth_date")
    if birth is not None:
        if birth > on:
            fail("birth_date", f"дата рождения в будущем ({birth:%d.%m.%Y})")
            birth = None
        elif full_years(birth, on) < MIN_AGE:
            fail("birth_date", f"возраст меньше {MIN_AGE} лет (дата рождения {birth:%d.%m.%Y})")
            birth = None
        elif full_years(birth, on) > MAX_AGE:
            fail("birth_date", f"возраст больше {MAX_AGE} лет (дата рождения {birth:%d.%m.%Y})")
            birth = None
    start = values.get("experience_start")
    if start is not None:
        if start > on:
            fail(column, f"дата начала стажа в будущем ({start:%d.%m.%Y})")
        elif birth is not None and full_years(birth, start) < MIN_AGE:
            what = f"стаж {full_years(start, on)} лет" if from_years else f"дата начала стажа {start:%d.%m.%Y}"
            fail(column, f"стаж начинается раньше {MIN_AGE} лет ({what}, дата рождения {birth:%d.%m.%Y})")


# --- duplicates and matching ----------------------------------------------------------------------------


def _lookup_chunk() -> int:
    """How many values one ``IN (…)`` may carry: SQLite caps the parameters of a query, PostgreSQL does
    not, and there each query reads the table once (60 queries of 500 keys took 3.5 s at 30,000 rows)."""
    return 500 if connection.features.max_query_params else 10_000


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_COMPARED = (
    "last_name",
    "first_name",
    "middle_name",
    "gender",
    "birth_date",
    "position",
    "qualification",
    "experience_start",
    "education",
    "email",
    "phone",
)


SKIPPED = "строка не будет загружена"


def _match(parsed: list[PersonRow], columns: _Columns, preview: ImportPreview) -> None:
    """Sort the valid rows into new people, updates and duplicates."""
    rows = _drop_repeats(parsed, columns, preview)
    registry = _Registry.of(preview.organization, with_subjects="subjects" in columns.index)
    unmatched = [row for row in rows if row.key not in registry.by_key and row.email not in registry.by_email]
    elsewhere_keys, elsewhere_emails = _found_elsewhere(unmatched, preview.organization)
    email_column = columns.name("email")
    matched: dict[int, int] = {}  # person id → the row that matched them
    for row in rows:
        by_name = registry.by_key.get(row.key)
        owner = registry.by_email.get(row.email) if row.email else None
        person = by_name or owner
        if by_name is not None and owner is not None and owner["pk"] != by_name["pk"]:
            name = " ".join(owner[part] for part in NAME_FIELDS if owner[part])
            message = f"адрес {row.email} в реестре записан у другого работника ({name}) — {SKIPPED}"
            preview.duplicates.append(RowError(row.row, email_column, message))
        elif person is not None and person["pk"] in matched:
            message = f"это тот же работник, что в строке {matched[person['pk']]} — {SKIPPED}"
            preview.duplicates.append(RowError(row.row, None, message))
        elif person is not None:
            matched[person["pk"]] = row.row
            row.person_id = person["pk"]
            row.changes = _changes(row, person, registry.subjects.get(person["pk"], set()), preview.on)
            preview.to_update.append(row)
        elif row.key in elsewhere_keys:
            birth = f" ({row.key[1]:%d.%m.%Y})" if row.key[1] else ""
            message = (
                f"{row.full_name}{birth} уже есть в реестре другой организации — {SKIPPED}; "
                "перевод в другую организацию делается в карточке работника"
            )
            name_column = "full_name" if "full_name" in columns.index else "last_name"
            preview.duplicates.append(RowError(row.row, columns.name(name_column), message))
        elif row.email in elsewhere_emails:
            message = f"адрес {row.email} уже записан у работника другой организации — {SKIPPED}"
            preview.duplicates.append(RowError(row.row, email_column, message))
        elif "gender" not in row.values:
            message = (
                "не заполнено: по отчеству пол не определить, укажите «м» или «ж»"
                if "gender" in columns.index
                else "по отчеству пол не определить: добавьте столбец «Пол» и укажите «м» или «ж»"
            )
            preview.errors.append(RowError(row.row, columns.name("gender"), message))
        else:
            preview.to_create.append(row)
    preview.errors.sort(key=lambda error: error.row or 0)


def _check_consents(columns: _Columns, preview: ImportPreview) -> None:
    """Which consents of the file are new, and whether every row asking for a bank has a consent.

    A consent date earlier than a withdrawal recorded for the person is an error: an old spreadsheet must
    not bring back a consent that was withdrawn.
    """
    asking = [extra.name for extra in _EXTRA_COLUMNS.values() if extra.asks_consent and extra.name in columns.index]
    rows = [row for row in preview.rows if row.consent_on or any(row.extra.get(name) for name in asking)]
    if not rows:
        return
    recorded: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for chunk in _chunks(sorted({row.person_id for row in rows if row.person_id is not None})):
        found = Consent.objects.filter(person_id__in=chunk, kind=ConsentKind.PROCESSING)
        for person_id, given, withdrawn in found.values_list("person_id", "given_on", "withdrawn_on"):
            recorded[person_id].append((given, withdrawn))
    on = preview.on
    for row in rows:
        consents = recorded.get(row.person_id, []) if row.person_id is not None else []
        has_consent = any(given <= on and (withdrawn is None or withdrawn > on) for given, withdrawn in consents)
        if row.consent_on is not None:
            day = row.consent_on
            later = [withdrawn for _, withdrawn in consents if withdrawn is not None and withdrawn > day]
            if later:
                preview.errors.append(
                    RowError(
                        row.row,
                        columns.name("consent_on"),
                        f"согласие на обработку персональных данных отозвано {max(later):%d.%m.%Y}, а в файле "
                        f"согласие от {day:%d.%m.%Y} — более раннее; новое согласие записывается в карточке работника",
                    )
                )
                continue
            if not any(given <= day and (withdrawn is None or withdrawn > day) for given, withdrawn in consents):
                row.records_consent = True
                preview.consents_to_record += 1
            has_consent = True
        if has_consent:
            continue
        for name in asking:
            if row.extra.get(name):
                preview.errors.append(
                    RowError(
                        row.row,
                        columns.name(name),
                        "нет согласия на обработку персональных данных — укажите дату согласия "
                        f"в столбце «{columns.name('consent_on')}»",
                    )
                )


def _drop_repeats(parsed: list[PersonRow], columns: _Columns, preview: ImportPreview) -> list[PersonRow]:
    """The rows without repeats inside the file; the later row of a pair is reported once and left out."""
    rows: list[PersonRow] = []
    seen_keys: dict[tuple[str, date | None], int] = {}
    seen_emails: dict[str, int] = {}
    for row in parsed:
        if row.key in seen_keys:
            what = "то же ФИО и дата рождения" if row.key[1] else "то же ФИО, дата рождения не указана"
            message = f"повторяет строку {seen_keys[row.key]} ({what}) — {SKIPPED}"
            preview.duplicates.append(RowError(row.row, None, message))
        elif row.email and row.email in seen_emails:
            message = f"адрес {row.email} уже указан в строке {seen_emails[row.email]} — {SKIPPED}"
            preview.duplicates.append(RowError(row.row, columns.name("email"), message))
        else:
            seen_keys[row.key] = row.row
            if row.email:
                seen_emails[row.email] = row.row
            rows.append(row)
    return rows


@dataclass
class _Registry:
    """The organization's people as rows are compared with them, read in two queries."""

    by_key: dict[tuple[str, date | None], dict[str, Any]]
    by_email: dict[str, dict[str, Any]]
    subjects: dict[int, set[str]]  # person id → subjects' search keys

    @classmethod
    def of(cls, organization: Organization, *, with_subjects: bool) -> _Registry:
        registry = cls(by_key={}, by_email={}, subjects=defaultdict(set))
        people = (
            Person.objects.alive()
            .filter(organization=organization)
            .annotate(email_key=Lower("email"))
            .values("pk", "search_key", "email_key", *_COMPARED)
            .order_by("pk")
        )
        for person in people:
            registry.by_key.setdefault((person["search_key"], person["birth_date"]), person)
            if person["email_key"]:
                registry.by_email.setdefault(person["email_key"], person)
        if with_subjects:
            links = Person.subjects.through.objects.filter(
                person__organization=organization, person__deleted_at__isnull=True
            )
            for person_id, subject_key in links.values_list("person_id", "subject__search_key"):
                registry.subjects[person_id].add(subject_key)
        return registry


def _found_elsewhere(rows: list[PersonRow], organization: Organization) -> tuple[set[tuple[str, Any]], set[str]]:
    keys = {row.key for row in rows}
    emails = sorted({row.email for row in rows if row.email})
    others = Person.objects.alive().exclude(organization=organization)
    found_keys: set[tuple[str, Any]] = set()
    for chunk in _chunks(sorted({key[0] for key in keys}), _lookup_chunk()):
        for search_key, birth in others.filter(search_key__in=chunk).values_list("search_key", "birth_date"):
            if (search_key, birth) in keys:
                found_keys.add((search_key, birth))
    found_emails: set[str] = set()
    for chunk in _chunks(emails, _lookup_chunk()):
        found_emails.update(
            others.annotate(email_key=Lower("email")).filter(email_key__in=chunk).values_list("email_key", flat=True)
        )
    return found_keys, found_emails


def _changes(row: PersonRow, person: dict[str, Any], subject_keys: set[str], on: date) -> list[str]:
    changes = []
    for name, value in row.values.items():
        old = person[name]
        if name in NAME_FIELDS and normalize(old) == normalize(value):
            continue
        if name == "gender" and row.gender_guessed:
            continue
        if name == "email" and (old or "").lower() == value:
            continue
        if (
            name == "experience_start"
            and row.experience_from_years
            and old is not None
            and full_years(old, on) == full_years(value, on)
        ):
            continue
        if old != value:
            changes.append(name)
    if row.subjects is not None and {normalize(name) for name in row.subjects} != subject_keys:
        changes.append("subjects")
    return changes


# --- writing --------------------------------------------------------------------------------------------
#
# The ORM's bulk_create spends about 8 µs on every value it prepares: 30,000 people with their history,
# subjects and places of work are two million values, half a minute. The rows are therefore written as
# plain dicts by ``_insert`` (multi-row INSERT … RETURNING where the new ids are needed, as bulk_create does
# on SQLite and PostgreSQL; executemany otherwise) and ``_update_rows``, converting only dates and
# datetimes through the backend's own adapters. History rows are the ones simple_history writes on save:
# a HistoricalPerson row per person plus a snapshot of its subjects.


def apply_registry(preview: ImportPreview, *, by: User | None) -> ImportResult:
    """Write a checked preview: new people (with their place of work) and the changes, all or nothing.

    Every created or changed person gets a history row by ``by`` with the reason «загрузка реестра из
    Excel», as a save through the services would record; so does every consent recorded. Then, in the
    same transaction, ``registry_applied`` lets other apps write what their columns asked for (the banks);
    their receivers return counts, added up in the result.
    """
    if not preview.ok:
        raise RegistryHasErrors("В файле есть ошибки: исправьте их и загрузите файл снова.")
    changed = preview.to_change
    with transaction.atomic():
        subjects = _subjects([*preview.to_create, *changed])
        now = timezone.now()
        history_base = {
            "history_date": now,
            "history_change_reason": CHANGE_REASON,
            "history_user_id": by.pk if by is not None else None,
        }
        _create(preview.to_create, preview.organization, subjects, now, history_base)
        _update(changed, subjects, now, history_base)
        consents = _record_consents(preview.rows, by, now, history_base)
        counts: dict[str, int] = defaultdict(int)
        answers = registry_applied.send(
            sender=Person, organization=preview.organization, rows=preview.rows, on=preview.on, by=by
        )
        for _, answer in answers:
            added = cast("dict[str, int]", answer or {})
            for name, number in added.items():
                counts[name] += number
    if len(preview.to_create) + len(changed) >= BULK_ROWS:
        refresh_statistics()
    return ImportResult(
        created=len(preview.to_create),
        updated=len(changed),
        unchanged=len(preview.to_update) - len(changed),
        consents=consents,
        mentors=counts["mentors"],
        mentees=counts["mentees"],
    )


def _record_consents(rows: list[PersonRow], by: User | None, now: datetime, history_base: dict[str, Any]) -> int:
    """The new processing consents of the file, as signed on paper, with their history rows."""
    consents = [
        {
            "person_id": row.person_id,
            "kind": ConsentKind.PROCESSING,
            "given_on": row.consent_on,
            "text_version": CURRENT_VERSION,
            "method": ConsentMethod.PAPER,
            "representative": "",
            "scan": "",
            "withdrawn_on": None,
            "withdrawal_note": "",
            "recorded_by_id": by.pk if by is not None else None,
            "created_at": now,
        }
        for row in rows
        if row.records_consent
    ]
    for consent, pk in zip(consents, _insert(Consent, consents, returning="id"), strict=True):
        consent["id"] = pk
    _history_rows(Consent, consents, "+", history_base)
    return len(consents)


def _history_rows(model: type[Model], records: list[dict[str, Any]], kind: str, base: dict[str, Any]) -> list[int]:
    """simple_history's rows for these records (``kind`` "+" created, "~" changed); their history ids."""
    history = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in history.tracked_fields]
    rows = [{**{name: record[name] for name in tracked}, **base, "history_type": kind} for record in records]
    return _insert(history, rows, returning="history_id")


def _subjects(rows: Iterable[PersonRow]) -> dict[str, int]:
    """Subject ids by search key, the new subjects created through ``subjects_from_text``."""
    names: dict[str, str] = {}
    for row in rows:
        for name in row.subjects or ():
            names.setdefault(normalize(name), name)
    if not names:
        return {}
    return {subject.search_key: subject.pk for subject in subjects_from_text(", ".join(names.values()))}


def _columns(model: type[Model]) -> list[Field[Any, Any]]:
    """The columns an INSERT fills: every concrete field but an auto-incremented primary key."""
    return [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, AutoFieldMixin))]


def _adapters(fields: list[Field[Any, Any]]) -> list[Callable[[Any], Any] | None]:
    """The backend's own conversion of each column's values, for dates and datetimes (cached, since the
    same few dates, the time of the import and common birthdays, come back thousands of times) and for
    JSON."""
    ops = connection.ops
    adapt_datetime = lru_cache(maxsize=65_536)(ops.adapt_datetimefield_value)
    adapt_date = lru_cache(maxsize=65_536)(ops.adapt_datefield_value)
    adapters: list[Callable[[Any], Any] | None] = []
    for f in fields:
        if isinstance(f, DateTimeField):
            adapters.append(adapt_datetime)
        elif isinstance(f, DateField):
            adapters.append(adapt_date)
        elif isinstance(f, JSONField):
            adapters.append(partial(f.get_db_prep_value, connection=connection, prepared=False))
        else:
            adapters.append(None)
    return adapters


def _params(record: dict[str, Any], names: list[str], adapters: list[Callable[[Any], Any] | None]) -> list[Any]:
    return [
        record[name] if adapt is None or record[name] is None else adapt(record[name])
        for name, adapt in zip(names, adapters, strict=True)
    ]


def _insert(model: type[Model], records: list[dict[str, Any]], *, returning: str | None = None) -> list[Any]:
    """Insert dicts keyed by column (attname); with ``returning``, that column of each row, in order."""
    if not records:
        return []
    fields = _columns(model)
    names = [f.attname for f in fields]
    adapters = _adapters(fields)
    if connection.vendor == "postgresql":
        return _copy_into(model, fields, [_params(record, names, adapters) for record in records], returning)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if returning is None:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES {one}",
                [_params(record, names, adapters) for record in records],
            )
            return []
        size = max(1, (connection.features.max_query_params or 30_000) // len(fields))
        result: list[Any] = []
        for chunk in _chunks(records, size):
            params = [value for record in chunk for value in _params(record, names, adapters)]
            values = ", ".join([one] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {quote(returning)}", params)
            result.extend(value for (value,) in cursor.fetchall())
        return result


def _copy_into(model: type[Model], fields: list[Any], rows: list[list[Any]], returning: str | None) -> list[Any]:
    """PostgreSQL: COPY the rows in, taking the new ids from the table's sequence first.

    Multi-row INSERTs of thousands of placeholders spent most of their time in psycopg's client-side
    query conversion (measured: 21 of 31 s for 30,000 people); COPY sends the rows as data.
    """
    quote = connection.ops.quote_name
    table = model._meta.db_table
    columns = [str(f.column) for f in fields]
    ids: list[Any] = []
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if returning is not None:
            raw.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, returning])
            (sequence,) = raw.fetchone()
            raw.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(rows)])
            ids = [value for (value,) in raw.fetchall()]
            columns.insert(0, returning)
            rows = [[new_id, *row] for new_id, row in zip(ids, rows, strict=True)]
        with raw.copy(f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def _update_rows(model: type[Model], records: list[dict[str, Any]], names: list[str]) -> None:
    """Update the columns ``names`` of each record, found by its "id"."""
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in names]
    adapters = _adapters(fields)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s",
            [[*_params(record, names, adapters), record["id"]] for record in records],
        )


def _links(rows: list[PersonRow], subjects: dict[str, int]) -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = []
    for row in rows:
        ids = dict.fromkeys(subjects[normalize(name)] for name in row.subjects or ())
        links.extend({"person_id": row.person_id, "subject_id": subject_id} for subject_id in ids)
    return links


def _history(people: list[dict[str, Any]], links: list[dict[str, Any]], kind: str, base: dict[str, Any]) -> None:
    """History rows of the people (``kind`` "+" created, "~" changed) with the snapshot of their subjects."""
    history_ids = _history_rows(Person, people, kind, base)
    history_of = {person["id"]: history_id for person, history_id in zip(people, history_ids, strict=True)}
    m2m_model = apps.get_model("people", "HistoricalPerson_subjects")
    _insert(
        m2m_model,
        [
            {
                "history_id": history_of[link["person_id"]],
                "id": link["id"],
                "person_id": link["person_id"],
                "subject_id": link["subject_id"],
            }
            for link in links
        ],
    )


def _create(
    rows: list[PersonRow],
    organization: Organization,
    subjects: dict[str, int],
    now: datetime,
    history_base: dict[str, Any],
) -> None:
    if not rows:
        return
    defaults = {f.attname: f.get_default() for f in _columns(Person)}
    people = []
    for row in rows:
        person = {**defaults, **row.values, "organization_id": organization.pk, "created_at": now, "updated_at": now}
        person["search_key"] = normalize(row.full_name)
        people.append(person)
    for row, person, pk in zip(rows, people, _insert(Person, people, returning="id"), strict=True):
        row.person_id = person["id"] = pk
    links = _links(rows, subjects)
    through = Person.subjects.through
    for link, pk in zip(links, _insert(through, links, returning="id"), strict=True):
        link["id"] = pk
    today = timezone.localdate()
    _insert(
        Employment,
        [
            {
                "person_id": p["id"],
                "organization_id": organization.pk,
                "position": p["position"],
                "started_on": today,
                "ended_on": None,
            }
            for p in people
        ],
    )
    _history(people, links, "+", history_base)


def _update(rows: list[PersonRow], subjects: dict[str, int], now: datetime, history_base: dict[str, Any]) -> None:
    if not rows:
        return
    through = Person.subjects.through
    names = [f.attname for f in Person._meta.concrete_fields]
    people: dict[int, dict[str, Any]] = {}
    for chunk in _chunks([row.person_id for row in rows]):
        people.update((person["id"], person) for person in Person.objects.filter(pk__in=chunk).values(*names))
    for row in rows:
        person = people[row.person_id]  # type: ignore[index]
        for name in row.changes:
            if name != "subjects":
                person[name] = row.values[name]
        person["search_key"] = normalize(" ".join(person[name] for name in NAME_FIELDS if person[name]))
        person["updated_at"] = now
    _update_rows(Person, list(people.values()), [*_COMPARED, "search_key", "updated_at"])
    replaced = [row for row in rows if "subjects" in row.changes]
    for chunk in _chunks([row.person_id for row in replaced]):
        through.objects.filter(person_id__in=chunk).delete()
    _insert(through, _links(replaced, subjects))
    links: list[dict[str, Any]] = []
    for chunk in _chunks(list(people)):
        links.extend(
            dict(link) for link in through.objects.filter(person_id__in=chunk).values("id", "person_id", "subject_id")
        )
    _history(list(people.values()), links, "~", history_base)
