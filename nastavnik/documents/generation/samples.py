"""Hand-built contexts of every kind: the check of an uploaded template, and the renderers' tests."""

from __future__ import annotations

from typing import Any

from nastavnik.documents.generation.contexts import (
    DATE_BLANK,
    CertificateContext,
    CertificateRow,
    OrderContext,
    OrderHeader,
    PairLine,
    PairsOrderContext,
    PlanRow,
    Point,
    ProgramContext,
    Signature,
)
from nastavnik.documents.models import DocumentKind

HEADER = OrderHeader(
    organization="Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
    organization_short="МБОУ «СОШ № 1»",
    municipality="Старооскольский городской округ",
    title="О закреплении наставнических пар (групп)",
    number="45-ОД",
    date="01.10.2025",
    signatory_position="Директор",
    signatory_name="Н. Е. Дереча",
)

PAIR = PairLine(
    mentors="Кравченко Наталья Григорьевна",
    mentors_instrumental="Кравченко Натальей Григорьевной (учитель математики)",
    mentors_accusative="Кравченко Наталью Григорьевну (учитель математики)",
    mentees="Супрун Ольга Александровна",
    mentees_accusative="молодого специалиста Супрун Ольгу Александровну (учитель русского языка)",
    is_group=False,
    starts_on="01.10.2025",
    ends_on="31.05.2026",
    consents="письменное согласие наставника от 15.09.2025, наставляемого от 16.09.2025",
    text="Закрепить за наставником Кравченко Натальей Григорьевной (учитель математики) молодого специалиста "
    "Супрун Ольгу Александровну (учитель русского языка) на период с 01.10.2025 по 31.05.2026 "
    "(письменное согласие наставника от 15.09.2025, наставляемого от 16.09.2025).",
)


def pairs_order() -> PairsOrderContext:
    return PairsOrderContext(
        header=HEADER,
        preamble="В соответствии с Положением о системе (целевой модели) наставничества,",
        points=(Point("1.", "Закрепить наставнические пары (группы):"), Point("1.1.", PAIR.text)),
        acquainted=("Н. Г. Кравченко", "О. А. Супрун"),
        pairs=(PAIR,),
    )


def order(kind: str) -> OrderContext:
    return OrderContext(
        header=HEADER,
        preamble="В соответствии с Положением о системе (целевой модели) наставничества",
        points=(Point("1.", "Назначить куратором Белых Ивана Петровича."), Point("2.", "Контроль оставляю за собой.")),
        acquainted=("И. П. Белых",),
    )


def program() -> ProgramContext:
    return ProgramContext(
        organization=HEADER.organization,
        mentor="учитель математики, Кравченко Наталья Григорьевна",
        mentee="учитель русского языка, Супрун Ольга Александровна",
        basis="приказ МБОУ «СОШ № 1» от 01.10.2025 № 45-ОД «О закреплении наставнических пар (групп)»",
        relevance="Молодой специалист испытывает затруднения в дисциплине на уроке.",
        goal="Преодоление затруднений в управлении классом.",
        tasks="Освоить приёмы организации работы класса.",
        period="с 01.10.2025 по 31.05.2026",
        interaction="индивидуальная",
        interim_results="Проведены открытые уроки.",
        planned_results="Затруднения преодолены.",
        schedule="Еженедельно, по вторникам.",
        mode="очный",
        conditions="Кабинет наставника.",
        rows=(
            PlanRow(True, "", "Блок I. Изучение уровня профессиональных компетенций", "", "", ""),
            PlanRow(False, "1.", "Диагностика затруднений", "15.10.2025", "Карта затруднений", "очный"),
            PlanRow(True, "4.1.", "Оказание помощи в разработке документации", "", "", ""),
            PlanRow(False, "1.", "Разработка рабочей программы", "30.10.2025", "Рабочая программа", "дистанционный"),
        ),
        mentor_signature=Signature("Кравченко Наталья Григорьевна", "«02» октября 2025 г."),
        agreed_signature=Signature("директор Дереча Наталья Евгеньевна", DATE_BLANK),
        acknowledged_signature=Signature("Супрун Ольга Александровна", DATE_BLANK),
    )


def certificate() -> CertificateContext:
    return CertificateContext(
        organization=HEADER.organization,
        municipality=HEADER.municipality,
        date="20.05.2026",
        mentor_dative="Кравченко Наталье Григорьевне",
        mentor="Кравченко Наталья Григорьевна",
        position="учитель математики",
        verb="осуществляла",
        pairs_count=1,
        programs_completed=1,
        rows=(
            CertificateRow(
                "1.",
                "Супрун Ольга Александровна",
                "01.10.2025 – 31.05.2026",
                "№ 45-ОД от 01.10.2025",
                "завершена",
                "Затруднения преодолены",
            ),
        ),
        signatory_position="Директор",
        signatory_name="Н. Е. Дереча",
    )


def sample(kind: str) -> Any:
    if kind == DocumentKind.ORDER_PAIRS:
        return pairs_order()
    if kind == DocumentKind.PROGRAM:
        return program()
    if kind == DocumentKind.CERTIFICATE:
        return certificate()
    return order(kind)
