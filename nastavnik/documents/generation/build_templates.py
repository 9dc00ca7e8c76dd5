"""Build the shipped DOCX templates (docxtpl: Jinja tags in Word paragraphs and table rows).

    .venv/bin/python -m nastavnik.documents.generation.build_templates

The files are committed; run this after changing the layout here. A municipality may download a
template, edit it in Word and upload it as its own version (the names it may use are those of the
contexts in ``contexts.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from nastavnik.lib.docx import new_document, text

HERE = Path(__file__).parent / "templates"
ORDER_KINDS = ("order_model", "order_curator", "order_pairs", "order_programs", "order_completion")


def _line(document: DocumentObject, value: str, *, bold: bool = False, centre: bool = False, after: int = 0) -> None:
    paragraph = document.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(value).bold = bold
    paragraph.paragraph_format.space_after = Pt(after)


def _tag(document: DocumentObject, tag: str) -> None:
    document.add_paragraph().add_run(tag)


def order() -> DocumentObject:
    """Every order: organization, «ПРИКАЗ», date and number, title, preamble, «приказываю:», the numbered
    points, the signature and who is acquainted."""
    document = new_document(font_size=14)
    _line(document, "{{ header.organization }}", bold=True, centre=True, after=12)
    _line(document, "ПРИКАЗ", bold=True, centre=True, after=12)
    _line(document, "{{ header.date }}\t\t\t\t\t\t\t\t№ {{ header.number }}", after=12)
    _line(document, "{{ header.title }}", bold=True, centre=True, after=12)
    text(document, "{{ preamble }} приказываю:")
    _tag(document, "{%p for point in points %}")
    text(document, "{{ point.number }} {{ point.text }}")
    _tag(document, "{%p endfor %}")
    document.add_paragraph()
    _line(document, "{{ header.signatory_position }}\t\t\t_______________\t{{ header.signatory_name }}")
    _tag(document, "{%p if acquainted %}")
    document.add_paragraph()
    _line(document, "С приказом ознакомлены:")
    _tag(document, "{%p for name in acquainted %}")
    _line(document, "_______________ {{ name }}\t«____» ____________ 20___ г.")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    return document


def _widths(table: Table, widths: tuple[float, ...], size: int) -> None:
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def program() -> DocumentObject:
    """Seed 004, Приложение № 2: the headings, the plan table with its block rows, three signatures."""
    document = new_document(font_size=12)
    _line(document, "{{ organization }}", centre=True, after=12)
    _line(document, "Персонализированная программа наставничества", bold=True, centre=True, after=12)
    text(document, "{{ mentor }}", indent=False, bold_prefix="Наставник: ")
    text(document, "{{ mentee }}", indent=False, bold_prefix="Педагог, нуждающийся в наставнике: ")
    text(document, "{{ basis }}", indent=False, bold_prefix="Основание осуществления функций наставника: ")
    _line(document, "Пояснительная записка", bold=True, centre=True)
    text(document, "{{ relevance }}", bold_prefix="Актуальность программы: ")
    text(document, "{{ goal }}", bold_prefix="Цель: ")
    text(document, "{{ tasks }}", bold_prefix="Задачи: ")
    text(document, "{{ period }}", bold_prefix="Период реализации программы: ")
    text(document, "{{ interaction }}", bold_prefix="Параметры взаимодействия наставника и наставляемого: ")
    text(document, "{{ interim_results }}", bold_prefix="Промежуточные результаты: ")
    text(document, "{{ planned_results }}", bold_prefix="Планируемые результаты: ")
    text(document, "{{ schedule }}", bold_prefix="Расписание встреч: ")
    text(document, "{{ mode }}", bold_prefix="Режим работы: ")
    text(document, "{{ conditions }}", bold_prefix="Условия обучения: ")
    document.add_paragraph()
    _line(document, "План мероприятий", bold=True, centre=True)
    table = document.add_table(rows=8, cols=5)
    table.style = "Table Grid"
    headers = (
        "№ п/п",
        "Блоки работ * и планируемые мероприятия **",
        "Срок исполнения",
        "Планируемый результат",
        "Формат (очный/ дистанционный)",
    )
    for cell, value in zip(table.rows[0].cells, headers, strict=True):
        cell.text = value
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    table.rows[2].cells[0].text = "{%tr if row.is_block %}"
    block = table.rows[3].cells
    for cell, value in zip(block[:2], ("{{ row.number }}", "{{ row.content }}"), strict=True):
        cell.text = value
        cell.paragraphs[0].runs[0].bold = True
    table.rows[4].cells[0].text = "{%tr else %}"
    values = ("{{ row.number }}", "{{ row.content }}", "{{ row.deadline }}", "{{ row.result }}", "{{ row.format }}")
    for cell, value in zip(table.rows[5].cells, values, strict=True):
        cell.text = value
    table.rows[6].cells[0].text = "{%tr endif %}"
    table.rows[7].cells[0].text = "{%tr endfor %}"
    _widths(table, (1.3, 7.0, 2.6, 3.6, 2.5), 11)
    document.add_paragraph()
    _line(
        document,
        "* Отдельные блоки работ могут не реализовываться, что зависит от цели и задач "
        "индивидуальной программы работы.",
    )
    _line(
        document,
        "** Планируемые мероприятия должны включать помимо прочего часы для их анализа (рефлексии) и консультаций.",
        after=12,
    )
    for label, key, note in (
        ("Наставник", "mentor_signature", "(ФИО, подпись)"),
        ("Согласовано", "agreed_signature", "(должность, ФИО, подпись руководителя)"),
        ("Ознакомлен", "acknowledged_signature", "(ФИО, подпись педагога, нуждающегося в наставнике)"),
    ):
        _line(document, f"{label}: {{{{ {key}.name }}}} _______________")
        _line(document, note)
        _line(document, f"{{{{ {key}.date }}}}", after=12)
    return document


def certificate() -> DocumentObject:
    document = new_document(font_size=14)
    _line(document, "{{ organization }}", bold=True, centre=True, after=12)
    _line(document, "СПРАВКА", bold=True, centre=True)
    _line(document, "о наставнической деятельности", bold=True, centre=True, after=12)
    text(
        document,
        "Дана {{ mentor_dative }}{% if position %}, {{ position }}{% endif %}, в том, что {{ verb }} наставническую "
        "деятельность в {{ organization }}: наставнических пар (групп) — {{ pairs_count }}, завершённых "
        "персонализированных программ наставничества — {{ programs_completed }}.",
    )
    document.add_paragraph()
    table = document.add_table(rows=4, cols=6)
    table.style = "Table Grid"
    headers = ("№ п/п", "Наставляемые", "Период", "Приказ о закреплении", "Программа", "Результат")
    for cell, value in zip(table.rows[0].cells, headers, strict=True):
        cell.text = value
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    values = ("{{ row.number }}", "{{ row.mentees }}", "{{ row.period }}", "{{ row.order }}", "{{ row.program }}")
    for cell, value in zip(table.rows[2].cells, (*values, "{{ row.outcome }}"), strict=True):
        cell.text = value
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, (1.2, 4.0, 3.0, 2.8, 2.5, 3.0), 11)
    document.add_paragraph()
    text(document, "Справка выдана для представления в аттестационную комиссию.")
    document.add_paragraph()
    _line(document, "{{ date }}")
    _line(document, "{{ signatory_position }}\t\t\t_______________\t{{ signatory_name }}")
    return document


BUILDERS: dict[str, Callable[[], DocumentObject]] = {
    **dict.fromkeys(ORDER_KINDS, order),
    "program": program,
    "certificate": certificate,
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for kind, build in BUILDERS.items():
        build().save(str(HERE / f"{kind}.docx"))


if __name__ == "__main__":
    main()
