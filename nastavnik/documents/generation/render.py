"""Render a context on the municipality's own template of that kind, or on the shipped one; check an
uploaded template against a sample context of its kind (strict: a bad tag or a missing variable fails)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from nastavnik.documents.generation import samples
from nastavnik.documents.generation.contexts import as_template_data
from nastavnik.documents.models import DocumentKind, DocumentTemplate
from nastavnik.orgs.models import Municipality

SHIPPED = Path(__file__).parent / "templates"
# The kinds rendered from a DOCX template; the consent forms are built by people.consent_docx.
TEMPLATE_KINDS = (
    DocumentKind.ORDER_MODEL,
    DocumentKind.ORDER_CURATOR,
    DocumentKind.ORDER_PAIRS,
    DocumentKind.ORDER_PROGRAMS,
    DocumentKind.ORDER_COMPLETION,
    DocumentKind.PROGRAM,
    DocumentKind.CERTIFICATE,
)


class TemplateError(Exception):
    """A template that cannot be rendered: a bad tag or a variable the context does not have."""


def shipped_template(kind: str) -> Path:
    return SHIPPED / f"{kind}.docx"


def template_for(kind: str, municipality: Municipality | None) -> Any:
    """The municipality's own template of the kind when it uploaded one, else the shipped file."""
    own = None
    if municipality is not None:
        own = DocumentTemplate.objects.filter(municipality=municipality, kind=kind).first()
    if own is not None:
        with own.file.open("rb") as handle:
            return io.BytesIO(handle.read())
    return shipped_template(kind)


def _undefined_name(message: str) -> str:
    found = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return found.group(1) if found else message


def render_docx(template: Any, data: dict[str, Any]) -> bytes:
    """The DOCX bytes; strict, so that a variable missing from the data is an error, not a blank."""
    try:
        document = DocxTemplate(template)
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        document.render(data, environment, autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"Ошибка в теге шаблона: {error.message} (строка {error.lineno}).") from error
    except jinja2.UndefinedError as error:
        name = _undefined_name(str(error.message))
        raise TemplateError(f"В шаблоне есть переменная «{name}», которой нет в данных документа.") from error
    except jinja2.TemplateError as error:
        raise TemplateError(f"Шаблон не удаётся заполнить: {error}.") from error
    except Exception as error:  # not a DOCX, a damaged archive
        raise TemplateError("Файл не открывается как документ DOCX.") from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(kind: str, context: Any, municipality: Municipality | None) -> bytes:
    return render_docx(template_for(kind, municipality), as_template_data(context))


def check_template(kind: str, content: bytes) -> str | None:
    """Why an uploaded template of ``kind`` cannot be used (in Russian), or None when it renders."""
    try:
        render_docx(io.BytesIO(content), as_template_data(samples.sample(kind)))
    except TemplateError as error:
        return str(error)
    return None
