"""Building official DOCX documents: A4, Times New Roman, margins of Russian office work (ГОСТ Р 7.0.97)."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def new_document(*, font_size: int = 12) -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(font_size)  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")  # type: ignore[attr-defined]
    style.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]
    return document


def heading(document: DocumentObject, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    paragraph.paragraph_format.space_after = Pt(12)


def text(document: DocumentObject, value: str, *, indent: bool = True, bold_prefix: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    if bold_prefix:
        paragraph.add_run(bold_prefix).bold = True
    paragraph.add_run(value)


def to_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
