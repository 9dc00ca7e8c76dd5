"""Region → municipalities → organizations (DESIGN §4.1)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from nastavnik.lib.access_paths import AccessPaths
from nastavnik.lib.search import SearchKeyMixin
from nastavnik.lib.text import normalize
from nastavnik.lib.urls import detail_url


class Region(models.Model):
    name = models.CharField("название", max_length=200, unique=True)

    ACCESS = AccessPaths(region="pk", municipality=None, organization=None)

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class YoungRule(models.TextChoices):
    EXPERIENCE_OR_AGE = "experience_or_age", "стаж меньше порога или возраст меньше порога"
    EXPERIENCE_AND_AGE = "experience_and_age", "стаж меньше порога и возраст меньше порога"
    EXPERIENCE = "experience", "только стаж меньше порога"
    AGE = "age", "только возраст меньше порога"


def _weight(verbose_name: str, default: float, help_text: str) -> models.FloatField:
    return models.FloatField(
        verbose_name,
        default=default,
        help_text=help_text,
        validators=[MinValueValidator(0.0), MaxValueValidator(100.0)],
    )


# The parts of compatibility a municipality weighs (DESIGN §4.6); the matching reads them by these names.
MATCH_WEIGHTS = (
    "match_difficulties",
    "match_subject",
    "match_same_organization",
    "match_network",
    "match_experience",
    "match_free_places",
    "match_psychologist",
)


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион")
    name = models.CharField("название", max_length=200)
    young_rule = models.CharField(
        "правило «молодой педагог»", max_length=20, choices=YoungRule.choices, default=YoungRule.EXPERIENCE_OR_AGE
    )
    young_experience_years = models.PositiveSmallIntegerField("порог стажа, лет", default=3)
    young_age_years = models.PositiveSmallIntegerField("порог возраста, лет", default=35)
    default_mentor_capacity = models.PositiveSmallIntegerField(
        "наставляемых на одного наставника по умолчанию", default=2
    )

    # Matching: points of each part of compatibility, then the hard constraints.
    match_difficulties = _weight(
        "вес: затруднения", 6.0, "баллов, если компетенции наставника закрывают все затруднения наставляемого"
    )
    match_subject = _weight("вес: тот же предмет", 2.0, "баллов, если наставник ведёт тот же предмет")
    match_same_organization = _weight("вес: одна организация", 2.0, "баллов, если наставник из той же организации")
    match_network = _weight(
        "вес: сетевое наставничество",
        0.5,
        "баллов наставнику из другой организации, готовому к сетевому наставничеству",
    )
    match_experience = _weight("вес: стаж", 1.0, "баллов, если стаж наставника больше хотя бы на 5 лет")
    match_free_places = _weight("вес: свободные места", 1.0, "баллов, если у наставника свободны все места")
    match_psychologist = _weight(
        "вес: рекомендация педагога-психолога", 2.0, "баллов, если педагог-психолог рекомендует пару"
    )
    match_own_organization_only = models.BooleanField(
        "только внутри своей организации",
        default=False,
        help_text="не предлагать наставников из других организаций (без сетевого наставничества)",
    )
    match_head_not_deputy = models.BooleanField("руководитель не наставляет своего заместителя", default=True)
    match_min_experience_gap = models.PositiveSmallIntegerField(
        "минимальная разница в стаже, лет",
        default=0,
        validators=[MaxValueValidator(50)],
        help_text="наставник должен иметь стаж больше на столько лет; 0 — без ограничения",
    )

    ACCESS = AccessPaths(region="region", municipality="pk", organization=None)

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="orgs_municipality_unique_name"),
            models.CheckConstraint(
                condition=models.Q(*(models.Q(**{f"{name}__gte": 0}) for name in MATCH_WEIGHTS)),
                name="orgs_municipality_match_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if all(getattr(self, name) == 0 for name in MATCH_WEIGHTS):
            raise ValidationError("Хотя бы один вес подбора пар должен быть больше нуля.")


class OrganizationKind(models.TextChoices):
    SCHOOL = "school", "общеобразовательная организация"
    PRESCHOOL = "preschool", "дошкольная образовательная организация"
    ADDITIONAL = "additional", "организация дополнительного образования"
    COLLEGE = "college", "профессиональная образовательная организация (СПО)"
    UNIVERSITY = "university", "образовательная организация высшего образования"
    PARTNER = "partner", "социальный партнёр"


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def search(self, query: str) -> OrganizationQuerySet:
        key = normalize(query)
        return self.filter(search_key__substring=key) if key else self


class Organization(SearchKeyMixin, models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organizations", verbose_name="муниципалитет"
    )
    kind = models.CharField("тип", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.SCHOOL)
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    address = models.CharField("адрес", max_length=500, blank=True)
    website = models.URLField("адрес сайта", blank=True)
    head_name = models.CharField("руководитель (ФИО)", max_length=200, blank=True)
    head_position = models.CharField("должность руководителя", max_length=200, blank=True, default="директор")
    search_key = models.CharField(max_length=800, editable=False, db_index=True)

    objects = OrganizationQuerySet.as_manager()

    ACCESS = AccessPaths(region="municipality__region", municipality="municipality", organization="pk")

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["search_key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="orgs_organization_unique_short_name")
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return detail_url("orgs:organization-detail", self.pk)

    def search_text(self) -> str:
        return f"{self.short_name} {self.name}"
