"""The default template of a program: «Примерная персонализированная программа наставничества», Приложение № 2
to the Старый Оскол положение (seed 004). Blocks I–IV and 4.1–4.6 with the seed's words; the seed leaves
the rows of activities empty («1.», «2.»), so do the sections here. The seed's «Изучении» in blocks II and
III is written «Изучение»."""

from __future__ import annotations

from django.db import migrations

NAME = "Примерная персонализированная программа наставничества (приложение № 2 к положению)"

NOTES = (
    "* Отдельные блоки работ могут не реализовываться, что зависит от цели и задач индивидуальной программы работы.\n"
    "** Планируемые мероприятия должны включать помимо прочего часы для их анализа (рефлексии) и консультаций."
)

SECTIONS = [
    ("I", "", "Изучение уровня профессиональных компетенций педагога, нуждающегося в наставничестве"),
    (
        "II",
        "",
        "Изучение нормативных правовых актов в сфере образования, требований федеральных государственных "
        "образовательных стандартов, локальных нормативных актов образовательной организации",
    ),
    (
        "III",
        "",
        "Изучение психологических основ педагогического общения (коллеги, дети, родители/законные представители)",
    ),
    ("IV", "", "Сопровождение деятельности педагога, нуждающегося в наставничестве"),
    (
        "4.1",
        "IV",
        "Оказание помощи в разработке учебно-методической и иной документации (по профилю педагогической "
        "деятельности)",
    ),
    (
        "4.2",
        "IV",
        "Оказание помощи по вопросам разработки оценочного инструментария (по профилю педагогической деятельности)",
    ),
    (
        "4.3",
        "IV",
        "Оказание методической и практической помощи в подготовке и проведении учебных, внеурочных и "
        "воспитательных занятий, иных мероприятий",
    ),
    (
        "4.4",
        "IV",
        "Посещение наставником уроков, занятий внеурочной деятельности или иных мероприятий педагога, "
        "нуждающегося в наставничестве, с последующим анализом",
    ),
    (
        "4.5",
        "IV",
        "Организация (по согласованию с руководителем) посещения педагогом, нуждающимся в наставничестве, "
        "уроков или мероприятий наставника и других коллег",
    ),
    (
        "4.6",
        "IV",
        "Организация консультаций педагога, нуждающегося в наставничестве, с наставником, а также необходимыми "
        "ему специалистами образовательной организации и (или) иных организаций",
    ),
]


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    ProgramTemplate = apps.get_model("programs", "ProgramTemplate")
    TemplateSection = apps.get_model("programs", "TemplateSection")
    template = ProgramTemplate.objects.create(name=NAME, is_default=True, municipality=None, notes=NOTES)
    TemplateSection.objects.bulk_create(
        TemplateSection(template=template, code=code, parent=parent, title=title, order=order)
        for order, (code, parent, title) in enumerate(SECTIONS, start=1)
    )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    ProgramTemplate = apps.get_model("programs", "ProgramTemplate")
    ProgramTemplate.objects.filter(name=NAME, municipality=None).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
