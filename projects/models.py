import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from content.models import period_constraint
from content.ordering import SortOrderField
from content.registry import register_content
from content.richtext import RichTextField
from content.validators import report_validators
from iati.activity import add_months
from iati.codelists import (
    REGION_CHOICES,
    ActivityStatus,
    IATICountries,
    Language,
    ResultType,
    Sector,
)
from partners.models import FundingSource, PartnerOrganisation
from photos.models import PhotoUse

from .videos import parse_video_url, validate_video_url

YEARS_PATTERN = re.compile(r"^\s*(\d{4})(\s*[,;\s]\s*\d{4})*\s*$")


def parse_years(text):
    """ "2017, 2018" → [2018, 2017]: distinct years, newest first."""
    return sorted({int(year) for year in re.findall(r"\d{4}", text or "")}, reverse=True)


def validate_years(text):
    if text and not YEARS_PATTERN.match(text):
        raise ValidationError(
            _("Enter years of four digits separated by commas, e.g. “2017, 2018”.")
        )


@register_content(main_text_fields=("title", "intro"), desk=_("overview texts"), publishable=True)
class OverviewPage(models.Model):
    """The texts of the overview page ("Onze projecten buiten Nederland"); one row."""

    title = models.CharField(_("title"), max_length=200)
    intro = RichTextField(_("introduction"), blank=True)
    projects_heading = models.CharField(
        _("projects heading"), max_length=200, blank=True, help_text=_('E.g. "Onze projecten".')
    )
    projects_intro = RichTextField(
        _("projects introduction"), blank=True, help_text=_("Shown above the list of countries.")
    )
    more_info_heading = models.CharField(
        _("more information heading"),
        max_length=200,
        blank=True,
        help_text=_('E.g. "Meer informatie".'),
    )
    more_info = RichTextField(_("more information"), blank=True)
    calls_to_action = models.ManyToManyField(
        "CallToAction",
        verbose_name=_("calls to action"),
        related_name="overview_pages",
        blank=True,
        help_text=_("Shown prominently below the introduction, e.g. a donation appeal."),
    )
    results_years = models.CharField(
        _("results of the years"),
        max_length=100,
        blank=True,
        validators=[validate_years],
        help_text=_(
            "The years whose results the overview shows under “Wat hebben we in … "
            "bereikt?”, e.g. “2018” or “2017, 2018”. Leave empty to show none."
        ),
    )
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in search results and when the page is shared."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("overview page")
        verbose_name_plural = _("overview page")
        ordering = ["pk"]

    def __str__(self):
        return self.title or str(_("overview page"))

    def get_absolute_url(self):
        return reverse("projects:overview")

    @classmethod
    def load(cls):
        """The single overview page; an empty one until an editor writes it."""
        page = cls.objects.order_by("pk").first()
        return page if page is not None else cls()

    @property
    def years_of_results(self):
        """The years chosen for the results block, newest first ([2018, 2017])."""
        return parse_years(self.results_years)


class CountryQuerySet(models.QuerySet):
    def published(self):
        """Places with at least one published project: the ones the public may see."""
        return self.filter(pk__in=Project.objects.published().values("countries"))


@register_content(
    # A place's page is in English when its name is (and its situation, when it has one).
    main_text_fields=("name", "situation"),
    desk=_("countries and territories"),
    label_fields=("name",),
    publishable=True,
)
class Country(PhotoUse):
    """A place where VluchtelingenWerk works: a country, or a territory or region made of
    several country codes (the Caribbean part of the Kingdom: AW, CW, SX and BQ)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        TERRITORY = "territory", _("territory")
        REGION = "region", _("region of several countries")

    name = models.CharField(_("name"), max_length=100)
    name_with_article = models.CharField(
        _("name with article"),
        max_length=100,
        blank=True,
        help_text=_(
            "How the name reads inside a sentence when it needs an article, e.g. “de "
            "Nederlandse Cariben” (“the Dutch Caribbean”): used in headings such as “De "
            "situatie in de Nederlandse Cariben”. Leave empty when the name reads on its own."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The last part of the web address. Lower case letters, digits and hyphens."),
    )
    kind = models.CharField(
        _("kind of place"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.COUNTRY,
        help_text=_(
            "A country has one code. A territory or region is made of the codes of all its "
            "parts, e.g. Aruba, Curaçao, Sint Maarten and Bonaire, Sint Eustatius and Saba. "
            "A region worked in as a whole (e.g. Europe) needs no codes: only its IATI region."
        ),
    )
    codes = CountryField(
        _("country codes"),
        countries=IATICountries,
        multiple=True,
        blank=True,
        help_text=_(
            "The ISO 3166 codes of the place, or the code IATI gives a country beyond ISO "
            "(XK: Kosovo). The map draws every part; the open data reports each code. Leave "
            "empty for a region worked in as a whole (e.g. Europe): choose its IATI region "
            "instead, and the map shows it as one area, not as countries."
        ),
    )
    iati_region = models.CharField(
        _("IATI region"),
        max_length=4,
        choices=REGION_CHOICES,
        blank=True,
        help_text=_(
            "Only for a region: report it in the open data as this IATI region instead of "
            "as its countries one by one. Leave empty to report each country."
        ),
    )
    region = models.CharField(
        _("part of the world"),
        max_length=100,
        blank=True,
        help_text=_('Shown beside the name, e.g. "westelijke Balkan".'),
    )
    situation = RichTextField(
        _("the situation"),
        blank=True,
        help_text=_("Shown under the heading “De situatie in …” with the name of the place."),
    )
    sort_order = SortOrderField()
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:country_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        codes = [country.code for country in self.codes]
        if self.kind == self.Kind.COUNTRY and len(codes) > 1:
            raise ValidationError(
                {
                    "codes": _(
                        "A country has one code. Choose “territory” or “region of several "
                        "countries” for a place made of several."
                    )
                }
            )
        if self.kind == self.Kind.COUNTRY and codes:
            others = Country.objects.filter(kind=self.Kind.COUNTRY).exclude(pk=self.pk)
            same = next((c for c in others if [x.code for x in c.codes] == codes), None)
            if same is not None:
                raise ValidationError(
                    {
                        "codes": _("The country %(name)s already has the code %(code)s.")
                        % {"name": same, "code": codes[0]}
                    }
                )
        if self.iati_region and self.kind == self.Kind.COUNTRY:
            raise ValidationError(
                {"iati_region": _("A country is reported as a country, not as a region.")}
            )
        if not codes and self.kind != self.Kind.REGION:
            raise ValidationError({"codes": _("Choose the country code of the place.")})
        if not codes and not self.iati_region:
            raise ValidationError(
                {
                    "codes": _(
                        "Choose the codes of the countries of the region, or leave them empty "
                        "and choose its IATI region (e.g. 89 Europe, regional) for a region "
                        "worked in as a whole."
                    )
                }
            )

    @property
    def code_list(self):
        """The place's codes as strings (["AW", "BQ", "CW", "SX"])."""
        return [country.code for country in self.codes]

    @property
    def is_area(self):
        """A region worked in as a whole (Europe): an IATI region without country codes.
        The map shows it as one area and its page describes it as such, never as the
        countries it spans."""
        return self.kind == self.Kind.REGION and bool(self.iati_region) and not self.codes

    def protected_by(self):
        """The projects that name this place: while there are any, it cannot be deleted.

        Places are linked to projects by a plain many-to-many relation (so the admin
        can edit it), which would silently unlink them on delete; projects/signal_handlers.py
        and the admin refuse that instead, like on_delete=PROTECT does for funders.
        """
        return self.projects.all()


def published_condition(prefix="", at=None):
    """The one publication rule as a Q, for a query that reaches projects through
    ``prefix`` (``"project__"``): status published, and ``at`` (now) within the optional
    publish-from/publish-until window. Read at request time, so a scheduled moment needs
    no save and no periodic job."""
    at = at or timezone.now()
    return (
        Q(**{f"{prefix}status": Project.Status.PUBLISHED})
        & (Q(**{f"{prefix}publish_from__isnull": True}) | Q(**{f"{prefix}publish_from__lte": at}))
        & (Q(**{f"{prefix}publish_until__isnull": True}) | Q(**{f"{prefix}publish_until__gt": at}))
    )


def has_ended(today=None, prefix=""):
    """A Q for projects whose work is done: marked completed, or past their end (the actual
    end date when known, else the planned end: the end date, or the start date plus the
    duration). ``prefix`` reaches the project through a relation ("project__")."""
    today = today or timezone.localdate()
    return (
        Q(**{f"{prefix}completed": True})
        | Q(**{f"{prefix}actual_end_date__lt": today})
        | Q(**{f"{prefix}actual_end_date__isnull": True, f"{prefix}planned_end__lt": today})
    )


def planned_end(start_date, end_date, duration_months):
    """The day the work is planned to end: the end date, else the last day of the duration
    counted from the start date (1 June plus 18 months: 30 November a year later)."""
    if end_date or not (start_date and duration_months):
        return end_date
    return add_months(start_date, duration_months) - datetime.timedelta(days=1)


class ProjectQuerySet(models.QuerySet):
    def published(self, at=None):
        """The single rule for what the public may see (``published_condition``)."""
        return self.filter(published_condition(at=at))

    def current(self, today=None):
        """Published projects that still run: the overview's current work."""
        return self.published().exclude(has_ended(today))

    def completed(self, today=None):
        """Published projects whose work is done: public under completed projects."""
        return self.published().filter(has_ended(today))


PROJECT_CODE_PREFIX = "P"


def next_project_code():
    """The next free automatic project code: P0001, P0002, ..."""
    pattern = re.compile(rf"^{PROJECT_CODE_PREFIX}(\d+)$")
    numbers = [
        int(match.group(1))
        for code in Project.objects.values_list("project_code", flat=True)
        if (match := pattern.match(code or ""))
    ]
    return f"{PROJECT_CODE_PREFIX}{max(numbers, default=0) + 1:04d}"


@register_content(
    main_text_fields=("title", "body"),
    desk=_("projects"),
    desk_children=("videos", "links"),
    # Moments at which the pages change without a save: a scheduled publication begins
    # or ends; the day after its end a project moves to the completed projects.
    moments=("publish_from", "publish_until", "planned_end", "actual_end_date"),
    label_fields=("title",),
    rows=("partnerships", "fundings", "workshops", "results", "videos", "links"),
    publishable=True,
    status_field="status",
    schedule_fields=("publish_from", "publish_until"),
)
class Project(PhotoUse):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the web address. Lower case letters, digits and hyphens."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published projects are visible on the website."),
    )
    publish_from = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: a published project appears on the website only from this moment on."
        ),
    )
    publish_until = models.DateTimeField(
        _("publish until"),
        null=True,
        blank=True,
        help_text=_("Optional: a published project disappears from the website at this moment."),
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries and territories"),
        related_name="projects",
        blank=True,
        help_text=_(
            "A published project needs at least one. A programme in several countries is "
            "shown in full once on the overview and mentioned in each country's section."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences for lists, search engines and sharing."),
    )
    body = RichTextField(_("what VluchtelingenWerk does"), blank=True)
    partners = models.ManyToManyField(
        PartnerOrganisation,
        through="ProjectPartner",
        verbose_name=_("partner organisations"),
        related_name="projects",
        blank=True,
    )
    funders = models.ManyToManyField(
        FundingSource,
        through="ProjectFunding",
        verbose_name=_("funding sources"),
        related_name="projects",
        blank=True,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        null=True,
        blank=True,
        help_text=_('Shown as "looptijd van een jaar" (12) or "twee jaar" (24).'),
    )
    completed = models.BooleanField(
        _("completed"),
        default=False,
        help_text=_(
            "Tick when the work is done. A project whose end date has passed counts as "
            "completed too: it stays on the website among the completed projects, at the "
            "same address. Set the status to draft only for what should disappear."
        ),
    )
    funding_text = models.TextField(
        _("funding sentence"),
        blank=True,
        help_text=_(
            "Leave empty to build the sentence from the funding rows and the duration. "
            "Text written here is shown instead, e.g. “Het project wordt gefinancierd "
            "vanuit het Matra-fonds en heeft een looptijd van een jaar.”"
        ),
    )
    calls_to_action = models.ManyToManyField(
        "CallToAction",
        verbose_name=_("calls to action"),
        related_name="projects",
        blank=True,
        help_text=_("Shown prominently with the project, e.g. a donation appeal."),
    )
    sort_order = SortOrderField()
    project_code = models.CharField(
        _("project code"),
        max_length=40,
        unique=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Use letters, digits, dots, hyphens and underscores only."),
            )
        ],
        help_text=_(
            "Part of the project's IATI identifier in open data. Filled in automatically; "
            "it can be changed until the project is first published and never after."
        ),
    )
    first_published_at = models.DateTimeField(_("first published at"), null=True, editable=False)
    # The end date, or the start date plus the duration (``planned_end()``), kept by save()
    # so that a query can tell the projects that have ended.
    planned_end = models.DateField(_("planned end"), null=True, editable=False)
    actual_start_date = models.DateField(
        _("actual start date"),
        null=True,
        blank=True,
        help_text=_("When the work really started. The start date above is the planned one."),
    )
    actual_end_date = models.DateField(
        _("actual end date"),
        null=True,
        blank=True,
        help_text=_("When the work really ended. The end date above is the planned one."),
    )
    activity_status = models.CharField(
        _("activity status (IATI)"),
        max_length=1,
        choices=ActivityStatus.choices,
        blank=True,
        help_text=_(
            "Leave empty to derive it from the dates. Choose one only for a project that was "
            "cancelled or suspended."
        ),
    )
    sector = models.CharField(
        _("sector (IATI)"),
        max_length=5,
        choices=Sector.choices,
        blank=True,
        help_text=_("The OECD DAC sector. Leave empty to use the site's default sector."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["sort_order", "title"]
        constraints = [
            period_constraint(
                "start_date",
                "end_date",
                "project_end_not_before_start",
                _("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True)
                | Q(publish_from__isnull=True)
                | Q(publish_until__gt=models.F("publish_from")),
                name="project_publication_window",
                violation_error_message=_("“Publish until” must be after “publish from”."),
            ),
        ]
        permissions = [("publish_project", _("Can publish project"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The project code and the first publication moment are what keep the project's
        # IATI identifier stable, so they are set whatever path saves the project.
        changed = []
        if not self.project_code:
            self.project_code = next_project_code()
            changed.append("project_code")
        if self.is_published and self.first_published_at is None:
            # A scheduled project is first published at its publish-from moment.
            now = timezone.now()
            self.first_published_at = max(now, self.publish_from) if self.publish_from else now
            changed.append("first_published_at")
        self.planned_end = planned_end(self.start_date, self.end_date, self.duration_months)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            if {"start_date", "end_date", "duration_months"} & set(update_fields):
                changed.append("planned_end")
            kwargs["update_fields"] = {*update_fields, *changed}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.project_code_is_frozen:
            stored_code = (
                Project.objects.filter(pk=self.pk).values_list("project_code", flat=True).first()
            )
            if stored_code and self.project_code != stored_code:
                raise ValidationError(
                    {
                        "project_code": _(
                            "The project code cannot change after the project was first "
                            "published: it is part of the identifier others use in open data."
                        )
                    }
                )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.publish_from and self.publish_until and self.publish_until <= self.publish_from:
            raise ValidationError(
                {"publish_until": _("“Publish until” must be after “publish from”.")}
            )
        super().clean()

    @property
    def is_published(self):
        """Marked published (it may still wait for its publish-from moment)."""
        return self.status == self.Status.PUBLISHED

    def is_public(self, at=None):
        """What ``published()`` says of this project now (or ``at``), without a query."""
        at = at or timezone.now()
        return (
            self.is_published
            and (self.publish_from is None or self.publish_from <= at)
            and (self.publish_until is None or self.publish_until > at)
        )

    @property
    def project_code_is_frozen(self):
        """Once published, the project code (and so its IATI identifier) never changes."""
        return self.pk is not None and self.first_published_at is not None

    @property
    def end(self):
        """The day the work ends: the actual end date when known, else the planned end
        (from the form's dates as they are, also before a save: a preview)."""
        return self.actual_end_date or planned_end(
            self.start_date, self.end_date, self.duration_months
        )

    def is_completed(self, today=None):
        """The same rule as ``Project.objects.completed()``, for one project in hand."""
        today = today or timezone.localdate()
        return self.completed or (self.end is not None and self.end < today)


@register_content
class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        LOCAL_PARTNER = "local_partner", _("local partner")
        CO_ORGANISER = "co_organiser", _("co-organiser")
        TRAINER = "trainer", _("trainer")
        GOVERNMENT_COUNTERPART = "government_counterpart", _("government counterpart")
        IMPLEMENTING_PARTNER = "implementing_partner", _("implementing partner")
        KNOWLEDGE_PARTNER = "knowledge_partner", _("knowledge partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partnerships"
    )
    partner = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(
        _("role"), max_length=30, choices=Role.choices, default=Role.LOCAL_PARTNER
    )
    sort_order = SortOrderField(within="project")

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner"],
                name="unique_partner_per_project",
                violation_error_message=_("This partner is already part of the project."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_role_display()})"


@register_content
class ProjectFunding(models.Model):
    class Phrasing(models.TextChoices):
        BY = "by", _("by …")
        FROM = "from", _("from …")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fundings"
    )
    funder = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        help_text=_("Three-letter ISO 4217 code, e.g. EUR or USD."),
    )
    show_amount = models.BooleanField(
        _("show amount"),
        default=False,
        help_text=_("Show the amount on the project's page."),
    )
    phrasing = models.CharField(
        _("phrasing"),
        max_length=4,
        choices=Phrasing.choices,
        default=Phrasing.BY,
        help_text=_("How the funding sentence names this funder."),
    )
    sort_order = SortOrderField(within="project")

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "funder"],
                name="unique_funder_per_project",
                violation_error_message=_("This funder is already listed for the project."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return str(self.funder)

    def clean(self):
        super().clean()
        code = (self.currency or "").upper()
        if len(code) != 3 or not code.isalpha():
            raise ValidationError({"currency": _("Enter a three-letter code such as EUR.")})
        self.currency = code
        if self.show_amount and self.amount is None:
            raise ValidationError({"show_amount": _("Enter the amount to show it.")})


@register_content
class Video(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="videos"
    )
    url = models.URLField(
        _("video address"),
        validators=[validate_video_url],
        help_text=_("The address of the video on YouTube or Vimeo."),
    )
    title = models.CharField(_("title"), max_length=200)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    sort_order = SortOrderField(within="project")

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title

    @property
    def reference(self):
        """The (provider, id) pair the page embeds; never raw HTML from the editor."""
        return parse_video_url(self.url)

    @property
    def provider(self):
        return self.reference.provider

    @property
    def embed_url(self):
        return self.reference.embed_url

    @property
    def watch_url(self):
        return self.reference.watch_url


@register_content
class ProjectLink(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_('E.g. "Ga naar de website van onze lokale partnerorganisatie".'),
    )
    url = models.URLField(_("web address"))
    sort_order = SortOrderField(within="project")

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        """Workshops of published projects: the ones (and whose photos and reports) the
        public may see."""
        return self.filter(project__in=Project.objects.published())


@register_content(desk=_("workshops"))
class Workshop(PhotoUse):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=200)
    description = RichTextField(_("description"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    facilitators = models.ManyToManyField(
        PartnerOrganisation,
        verbose_name=_("facilitating partners"),
        related_name="facilitated_workshops",
        blank=True,
        help_text=_("Organisations that gave the workshop together with VluchtelingenWerk."),
    )
    report = models.FileField(
        _("report (PDF)"),
        upload_to="workshops/reports/",
        blank=True,
        validators=report_validators,
    )
    report_label = models.CharField(
        _("link text of the report"),
        max_length=200,
        blank=True,
        help_text=_(
            "Follows the title, e.g. “download een verslag hier (pdf)”. Leave empty for "
            "“download het verslag” with the file's format and size."
        ),
    )
    report_language = models.CharField(
        _("language of the report"),
        max_length=3,
        choices=Language.choices,
        default=Language.DUTCH,
        help_text=_("Published with the report in the open data (IATI)."),
    )
    sort_order = SortOrderField(within="project")

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class CallToActionQuerySet(models.QuerySet):
    def active(self, now=None):
        """The calls to action to show now: started (or without a start) and not ended."""
        now = now or timezone.now()
        return self.filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now)).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )

    def published(self, now=None):
        """What the public may see of calls to action (their photos too): active now, and
        placed on the overview page or on a published project."""
        placed = Q(overview_pages__isnull=False) | Q(projects__in=Project.objects.published(now))
        return self.active(now).filter(pk__in=self.model.objects.filter(placed).values("pk"))


@register_content(desk=_("calls to action"), moments=("starts_at", "ends_at"), publishable=True)
class CallToAction(PhotoUse):
    """A block that asks the visitor to act (donate, sign up), with a button; an editor
    places it on the overview and on projects."""

    heading = models.CharField(_("heading"), max_length=120)
    text = models.TextField(
        _("short text"), max_length=400, blank=True, help_text=_("One or two sentences.")
    )
    button_label = models.CharField(
        _("button text"), max_length=60, help_text=_("E.g. “Help en doneer direct”.")
    )
    url = models.URLField(_("button address"), help_text=_("Where the button leads."))
    starts_at = models.DateTimeField(
        _("shown from"), null=True, blank=True, help_text=_("Leave empty to show it at once.")
    )
    ends_at = models.DateTimeField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to show it until you remove it from the pages."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CallToActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("call to action")
        verbose_name_plural = _("calls to action")
        ordering = ["heading", "pk"]
        constraints = [
            period_constraint(
                "starts_at",
                "ends_at",
                "call_to_action_ends_after_start",
                _("The end must be after the start."),
                same_allowed=False,
            ),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})


@register_content(desk=_("results"), publishable=True, status_field="status", part_of="project")
class Result(models.Model):
    """What was achieved in a year, by a project or by the organisation as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="results",
        null=True,
        blank=True,
        help_text=_("Leave empty for a result of the organisation as a whole."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    statement = models.CharField(
        _("what was achieved"),
        max_length=300,
        help_text=_(
            "After the number and unit (“450 asielzoekers”) e.g. “kregen gratis rechtshulp in "
            "Istanbul”; without a number a whole sentence such as “Een netwerk van advocaten "
            "opgezet”."
        ),
    )
    value = models.DecimalField(
        _("number"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: the number achieved, e.g. 450."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=60,
        blank=True,
        help_text=_("What the number counts, e.g. “asielzoekers” or “%”."),
    )
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: the number aimed for."),
    )
    result_type = models.CharField(
        _("kind of result (IATI)"),
        max_length=1,
        choices=ResultType.choices,
        default=ResultType.OUTPUT,
    )
    sort_order = SortOrderField(within="project")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text=_(
            "A result of the organisation as a whole is on the overview only when published; "
            "a project's results follow their project."
        ),
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-year", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(value__isnull=True) | Q(value__gte=0))
                & (Q(target__isnull=True) | Q(target__gte=0)),
                name="result_numbers_not_negative",
                violation_error_message=_("Numbers cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.statement}"

    def clean(self):
        super().clean()
        if self.unit and self.value is None and self.target is None:
            raise ValidationError({"value": _("Enter the number that goes with the unit.")})

    @property
    def is_percentage(self):
        return self.unit.strip() == "%"
