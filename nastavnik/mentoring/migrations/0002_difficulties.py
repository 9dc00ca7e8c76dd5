"""The controlled vocabulary of professional difficulties (DESIGN §3).

Worded after the seeds: the mentor's duties (Старый Оскол положение §1.10), the categories and
directions of mentees (§1.12, §1.17) and the blocks of the personalized program (Приложение № 2).
The data is copied here on purpose: a migration must not depend on application code that may change.
"""

from __future__ import annotations

from django.db import migrations

NORMATIVE = "Нормативная правовая база и документация"
LESSON = "Планирование и проведение урока (занятия)"
METHODS = "Методы и технологии обучения"
ASSESSMENT = "Оценивание образовательных результатов"
UPBRINGING = "Воспитательная работа и взаимодействие с родителями"
CLASSROOM = "Управление классом и особые образовательные потребности"
GROWTH = "Профессиональное развитие и адаптация"

DIFFICULTIES = (
    ("normative-base", NORMATIVE, "Знание нормативной правовой базы в сфере образования и локальных актов организации"),
    ("fgos", NORMATIVE, "Применение требований ФГОС и федеральных образовательных программ"),
    ("work-program", NORMATIVE, "Разработка рабочей программы, календарно-тематического планирования"),
    ("documentation", NORMATIVE, "Ведение документации, в том числе электронного журнала"),
    ("work-rules", NORMATIVE, "Правила внутреннего трудового распорядка, охрана труда и техника безопасности"),
    ("lesson-planning", LESSON, "Планирование урока (занятия), постановка целей и задач"),
    ("lesson-structure", LESSON, "Структура урока (занятия) в соответствии с требованиями ФГОС"),
    ("lesson-analysis", LESSON, "Анализ и самоанализ урока (занятия)"),
    ("extracurricular", LESSON, "Организация внеурочной деятельности и внеклассных мероприятий"),
    ("active-methods", METHODS, "Применение активных и интерактивных методов обучения"),
    ("functional-literacy", METHODS, "Формирование функциональной грамотности обучающихся"),
    ("projects", METHODS, "Организация проектной и учебно-исследовательской деятельности обучающихся"),
    ("differentiation", METHODS, "Дифференцированный и индивидуальный подход в обучении"),
    ("digital-tools", METHODS, "Использование цифровых образовательных ресурсов и ИКТ"),
    ("distance-learning", METHODS, "Организация дистанционного и смешанного обучения"),
    ("assessment-criteria", ASSESSMENT, "Объективное оценивание, критерии оценивания"),
    ("assessment-tools", ASSESSMENT, "Разработка оценочного инструментария (контрольных и проверочных работ)"),
    ("exam-preparation", ASSESSMENT, "Подготовка обучающихся к ОГЭ, ЕГЭ и ВПР"),
    ("results-analysis", ASSESSMENT, "Анализ образовательных результатов, работа с неуспевающими обучающимися"),
    ("olympiads", ASSESSMENT, "Подготовка обучающихся к олимпиадам и конкурсам"),
    ("class-teacher", UPBRINGING, "Выполнение функций классного руководителя"),
    ("upbringing-program", UPBRINGING, "Реализация рабочей программы воспитания"),
    ("parents", UPBRINGING, "Взаимодействие с родителями (законными представителями) обучающихся"),
    ("parent-meetings", UPBRINGING, "Подготовка и проведение родительских собраний"),
    ("conflicts", UPBRINGING, "Разрешение конфликтных ситуаций с обучающимися, родителями, коллегами"),
    ("discipline", CLASSROOM, "Дисциплина на уроке и управление классом (группой)"),
    ("motivation", CLASSROOM, "Мотивация обучающихся к учебной деятельности"),
    ("special-needs", CLASSROOM, "Обучение и воспитание детей с ограниченными возможностями здоровья"),
    ("gifted", CLASSROOM, "Работа с одарёнными детьми"),
    ("risk-group", CLASSROOM, "Работа с обучающимися группы риска и в трудной жизненной ситуации"),
    ("collective", GROWTH, "Адаптация в педагогическом коллективе, профессиональное общение"),
    ("self-education", GROWTH, "Самообразование и планирование профессионального развития"),
    ("attestation", GROWTH, "Подготовка к аттестации на квалификационную категорию"),
    ("sharing-experience", GROWTH, "Обобщение и представление педагогического опыта, конкурсы профессионального мастерства"),
    ("burnout", GROWTH, "Профилактика профессионального и эмоционального выгорания"),
)


def load(apps, schema_editor):
    Difficulty = apps.get_model("mentoring", "Difficulty")
    Difficulty.objects.bulk_create(
        Difficulty(code=code, group=group, name=name, order=10 * number)
        for number, (code, group, name) in enumerate(DIFFICULTIES, start=1)
    )


def unload(apps, schema_editor):
    Difficulty = apps.get_model("mentoring", "Difficulty")
    Difficulty.objects.filter(code__in=[code for code, _, _ in DIFFICULTIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
