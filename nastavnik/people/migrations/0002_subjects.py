"""The common school subjects and areas of pedagogical work (DESIGN §4.1).

The data is copied here on purpose: a migration must not depend on application code that may change.
The search key is computed as Subject.save() does (nastavnik.lib.text.normalize): lower case, ё as е.
"""

from __future__ import annotations

from django.db import migrations

SUBJECTS = (
    "Начальные классы",
    "Русский язык",
    "Литература",
    "Родной язык и родная литература",
    "Математика",
    "Алгебра",
    "Геометрия",
    "Вероятность и статистика",
    "Информатика",
    "Физика",
    "Химия",
    "Биология",
    "География",
    "История",
    "Обществознание",
    "Иностранный язык (английский)",
    "Иностранный язык (немецкий)",
    "Иностранный язык (французский)",
    "Физическая культура",
    "Основы безопасности и защиты Родины (ОБЗР)",
    "Основы религиозных культур и светской этики (ОРКСЭ)",
    "Музыка",
    "Изобразительное искусство",
    "Труд (технология)",
    "Дошкольное образование",
    "Дополнительное образование",
    "Психолого-педагогическое сопровождение",
    "Логопедия",
    "Дефектология",
    "Социальная педагогика",
    "Воспитательная работа",
)


def search_key(name):
    return " ".join(name.replace("Ё", "Е").replace("ё", "е").lower().split())


def load(apps, schema_editor):
    Subject = apps.get_model("people", "Subject")
    Subject.objects.bulk_create(Subject(name=name, search_key=search_key(name)) for name in SUBJECTS)


def unload(apps, schema_editor):
    Subject = apps.get_model("people", "Subject")
    Subject.objects.filter(name__in=SUBJECTS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
