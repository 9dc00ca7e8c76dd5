"""The document registry of an organization: local acts and orders, generated or uploaded, with their
numbers, versions, signed scans and review by the coordinator (DESIGN §4.8–4.9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nastavnik.accounts.access import ScopedQuerySet
from nastavnik.lib.access_paths import AccessPaths
from nastavnik.lib.urls import detail_url


class DocumentKind(models.TextChoices):
    # generated from the data
    ORDER_MODEL = "order_model", "приказ о внедрении системы (целевой модели) наставничества"
    ORDER_CURATOR = "order_curator", "приказ о назначении куратора"
    ORDER_PAIRS = "order_pairs", "приказ о закреплении наставнических пар (групп)"
    ORDER_PROGRAMS = "order_programs", "приказ об утверждении персонализированных программ наставничества"
    ORDER_COMPLETION = "order_completion", "приказ о завершении программ и поощрении наставников"
    PROGRAM = "program", "персонализированная программа наставничества"
    CONSENT_PROCESSING = "consent_processing", "согласие на обработку персональных данных"
    CONSENT_PUBLICATION = "consent_publication", "согласие на распространение персональных данных"
    CERTIFICATE = "certificate", "справка о наставнической деятельности"
    # local acts, usually uploaded
    REGULATION = "regulation", "положение о системе наставничества"
    ROADMAP = "roadmap", "дорожная карта (план мероприятий)"
    PROTOCOL = "protocol", "протокол"
    INCENTIVES = "incentives", "положение о материальном стимулировании"
    OTHER = "other", "иной документ"


ORDER_KINDS = (
    DocumentKind.ORDER_MODEL,
    DocumentKind.ORDER_CURATOR,
    DocumentKind.ORDER_PAIRS,
    DocumentKind.ORDER_PROGRAMS,
    DocumentKind.ORDER_COMPLETION,
)


class ReviewStatus(models.TextChoices):
    NONE = "", "не направлялся"
    SUBMITTED = "submitted", "на экспертизе"
    APPROVED = "approved", "согласован"
    RETURNED = "returned", "возвращён на доработку"


class Numbering(models.Model):
    """An organization's own numbering of orders: «{prefix}{number}», e.g. «45-ОД» with suffix."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="numbering", verbose_name="организация"
    )
    prefix = models.CharField("префикс номера", max_length=20, blank=True)
    suffix = models.CharField("окончание номера", max_length=20, blank=True, default="-ОД")
    next_number = models.PositiveIntegerField("следующий номер", default=1)

    class Meta:
        verbose_name = "нумерация приказов"
        verbose_name_plural = "нумерация приказов"

    def __str__(self) -> str:
        return f"{self.prefix}{self.next_number}{self.suffix}"


DOCUMENT_ACCESS = AccessPaths(
    region="organization__municipality__region",
    municipality="organization__municipality",
    organization="organization",
)


class DocumentQuerySet(ScopedQuerySet["Document"]):
    def public(self) -> DocumentQuerySet:
        return self.filter(is_public=True)


class Document(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="documents", verbose_name="организация"
    )
    kind = models.CharField("вид", max_length=30, choices=DocumentKind.choices)
    title = models.CharField("название", max_length=500)
    number = models.CharField("номер", max_length=50, blank=True)
    date = models.DateField("дата")
    signatory = models.CharField("подписывает", max_length=300, blank=True)
    is_public = models.BooleanField("публикуется на странице «Наставничество»", default=False)
    review_status = models.CharField(
        "экспертиза", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NONE, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    objects = DocumentQuerySet.as_manager()
    ACCESS = DOCUMENT_ACCESS

    class Meta:
        verbose_name = "документ"
        verbose_name_plural = "документы"
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                condition=~models.Q(number=""),
                name="documents_document_unique_number",
            )
        ]
        indexes = [models.Index(fields=["organization", "kind"], name="documents_document_kind")]

    def __str__(self) -> str:
        number = f" № {self.number}" if self.number else ""
        return f"{self.title}{number} от {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return detail_url("documents:document-detail", self.pk)


class DocumentVersion(models.Model):
    """A file of the document: each regeneration from changed data, or upload, is a new version; the
    signed scan sits next to the version it signs."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions", verbose_name="документ")
    number = models.PositiveIntegerField("версия")
    file = models.FileField("файл", upload_to="documents/%Y/")
    generated = models.BooleanField("сформирован системой", default=False)
    source = models.JSONField("данные, по которым сформирован", default=dict, blank=True)
    scan = models.FileField("подписанный скан", upload_to="documents/scans/%Y/", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField("когда", auto_now_add=True)

    ACCESS = AccessPaths(
        region="document__organization__municipality__region",
        municipality="document__organization__municipality",
        organization="document__organization",
    )

    class Meta:
        verbose_name = "версия документа"
        verbose_name_plural = "версии документов"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_documentversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.document}, версия {self.number}"


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", "направлен на экспертизу"
    APPROVE = "approve", "согласован"
    RETURN = "return", "возвращён на доработку"


class ReviewStep(models.Model):
    """One step of the review (экспертиза): who did what, when, with which remarks."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="review_steps", verbose_name="документ"
    )
    action = models.CharField("действие", max_length=10, choices=ReviewAction.choices)
    remarks = models.TextField("замечания", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "шаг экспертизы"
        verbose_name_plural = "шаги экспертизы"
        ordering = ["document", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_action_display()}"


class DocumentTemplate(models.Model):
    """A municipality's own DOCX template of a generated kind, in place of the shipped one."""

    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="document_templates", verbose_name="муниципалитет"
    )
    kind = models.CharField("вид документа", max_length=30, choices=DocumentKind.choices)
    file = models.FileField("шаблон DOCX", upload_to="document_templates/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    ACCESS = AccessPaths(region="municipality__region", municipality="municipality", organization=None)

    class Meta:
        verbose_name = "шаблон документа муниципалитета"
        verbose_name_plural = "шаблоны документов муниципалитета"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="documents_documenttemplate_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.municipality}"


# The local acts every organization must keep (seed 000 §4.2–4.8, seed 003 stage 1).
DEFAULT_REQUIRED_KINDS = [
    DocumentKind.REGULATION.value,
    DocumentKind.ROADMAP.value,
    DocumentKind.ORDER_MODEL.value,
    DocumentKind.ORDER_CURATOR.value,
    DocumentKind.ORDER_PAIRS.value,
]


class RequiredActs(models.Model):
    """A municipality's list of the local acts each of its organizations must keep; without a row the
    default list applies."""

    municipality = models.OneToOneField(
        "orgs.Municipality", on_delete=models.CASCADE, related_name="required_acts", verbose_name="муниципалитет"
    )
    kinds = models.JSONField("обязательные локальные акты", default=list, blank=True)

    ACCESS = AccessPaths(region="municipality__region", municipality="municipality", organization=None)

    class Meta:
        verbose_name = "обязательные локальные акты"
        verbose_name_plural = "обязательные локальные акты"

    def __str__(self) -> str:
        return f"Обязательные локальные акты: {self.municipality}"
