"""The consent forms, prefilled for signing (152-ФЗ art. 9 part 4; art. 10.1 for publication)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nastavnik.lib.dates import long_date
from nastavnik.lib.docx import heading, new_document, text, to_bytes
from nastavnik.people import consent_text
from nastavnik.people.models import ConsentKind, Gender, Person

BLANK = "_" * 40


@dataclass(frozen=True)
class ConsentContext:
    kind: str
    full_name: str
    birth_date: str
    female: bool
    operator_name: str
    operator_address: str
    text_version: str
    today: str

    @classmethod
    def from_person(cls, person: Person, *, kind: str, today: date) -> ConsentContext:
        organization = person.organization
        return cls(
            kind=kind,
            full_name=person.full_name,
            birth_date=f"{person.birth_date:%d.%m.%Y}" if person.birth_date else BLANK,
            female=person.gender == Gender.FEMALE,
            operator_name=organization.name,
            operator_address=organization.address or BLANK,
            text_version=consent_text.CURRENT_VERSION,
            today=long_date(today),
        )


def make_consent_docx(context: ConsentContext) -> bytes:
    document = new_document(font_size=12)
    registered = "зарегистрированная" if context.female else "зарегистрированный"
    subject = (
        f"Я, {context.full_name}, дата рождения {context.birth_date}, документ, удостоверяющий личность: "
        f"{BLANK}, выдан {BLANK}, {registered} по адресу: {BLANK},"
    )
    if context.kind == ConsentKind.PROCESSING:
        heading(document, "СОГЛАСИЕ\nна обработку персональных данных")
        text(
            document,
            f"{subject} в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ "
            f"«О персональных данных» свободно, своей волей и в своём интересе даю согласие оператору — "
            f"{context.operator_name} (адрес: {context.operator_address}) — на обработку моих персональных данных "
            f"на следующих условиях.",
        )
        text(document, consent_text.PROCESSING_PURPOSE + ".", bold_prefix="1. Цель обработки: ")
        text(document, consent_text.PROCESSING_DATA + ".", bold_prefix="2. Перечень персональных данных: ")
        text(document, consent_text.PROCESSING_ACTIONS + ".", bold_prefix="3. Действия с персональными данными: ")
        text(document, consent_text.PROCESSING_TERM + ".", bold_prefix="4. Срок действия и порядок отзыва: ")
    else:
        heading(document, "СОГЛАСИЕ\nна обработку персональных данных, разрешённых для распространения")
        text(
            document,
            f"{subject} в соответствии со статьёй 10.1 Федерального закона от 27.07.2006 № 152-ФЗ "
            f"«О персональных данных» даю согласие оператору — {context.operator_name} "
            f"(адрес: {context.operator_address}) — на распространение (опубликование) моих персональных данных.",
        )
        text(document, consent_text.PUBLICATION_DATA + ".", bold_prefix="1. Персональные данные: ")
        text(document, consent_text.PUBLICATION_PLACE + ".", bold_prefix="2. Где публикуются: ")
        text(
            document,
            "запретов и условий на обработку неограниченным кругом лиц не устанавливаю / устанавливаю "
            f"(нужное подчеркнуть): {BLANK}.",
            bold_prefix="3. Условия и запреты: ",
        )
        text(document, consent_text.PROCESSING_TERM + ".", bold_prefix="4. Срок действия и порядок отзыва: ")
    document.add_paragraph()
    text(document, f"{context.today}        {'_' * 20} / {context.full_name}", indent=False)
    text(document, "(дата)                     (подпись)", indent=False)
    document.add_paragraph()
    text(document, f"Редакция текста согласия: {context.text_version}.", indent=False)
    return to_bytes(document)
