"""The translator's desk: counts per kind of content, the items that need work, and the
items whose English page has no English address (slug) yet."""

from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse

from content.registry import desk_options
from content.richtext import is_partial_translation

from .registry import english_name, english_slug_suggestion, source_name, translated_fields
from .roles import change_permission, view_permission
from .state import COMPLETE, item_statuses


@dataclass
class KindSummary:
    kind: object
    complete: int = 0
    missing: int = 0
    outdated: int = 0
    no_slug: int = 0
    changelist_url: str = ""
    has_slugs: bool = False

    @property
    def total(self):
        return self.complete + self.missing + self.outdated


@dataclass
class MissingSlug:
    """An object shown at its Dutch address on the English site."""

    obj: object
    field: str
    dutch: str
    suggestion: str
    can_change: bool

    @property
    def unit_id(self):
        opts = self.obj._meta
        return f"{opts.app_label}.{opts.model_name}.{self.obj.pk}.{self.field}"

    @property
    def input_name(self):
        return f"slug:{self.unit_id}"


@dataclass
class DeskItem:
    kind: object
    status: object
    change_url: str
    missing_slug: MissingSlug | None = None

    @property
    def details(self):
        """[(state, "video “X”: title")] for each field that needs work."""
        result = []
        for field_status in self.status.fields:
            if not field_status.needs_work:
                continue
            if field_status.obj is self.status.obj:
                label = str(field_status.label)
            else:
                label = (
                    f"{field_status.obj._meta.verbose_name} “{field_status.obj}”: "
                    f"{field_status.label}"
                )
            segments = field_status.segments
            if segments is not None and field_status.english.strip():
                label += f" ({len(segments.needs_work)}/{len(segments.statuses)})"
            result.append((field_status.state, label))
        return result

    @property
    def translated_in_part(self):
        """Labels of the item's own rich-text fields with English for some paragraphs only:
        the English page shows them in Dutch (and is the Dutch page's copy) until complete."""
        return [
            str(status.label)
            for status in self.status.fields
            if status.obj is self.status.obj
            and status.rich
            and status.english.strip()
            and is_partial_translation(status.source, status.english)
        ]


@dataclass
class Desk:
    summaries: list = field(default_factory=list)
    items: list = field(default_factory=list)

    @property
    def missing_slugs(self):
        return [item.missing_slug for item in self.items if item.missing_slug]

    @property
    def needs_work(self):
        return [item for item in self.items if item.status.state != COMPLETE]

    @property
    def shown_in_dutch(self):
        """Items whose English page is shown in Dutch: text translated in part."""
        return [item for item in self.items if item.translated_in_part]


def slug_fields(model):
    return [
        name
        for name in translated_fields(model)
        if isinstance(model._meta.get_field(name), models.SlugField)
    ]


def missing_slug(obj, can_change):
    """The MissingSlug of ``obj`` when it has a translated slug without English."""
    for name in slug_fields(type(obj)):
        dutch = getattr(obj, source_name(name)) or ""
        if dutch and not getattr(obj, english_name(name)):
            return MissingSlug(obj, name, dutch, english_slug_suggestion(obj), can_change)
    return None


def build_desk(user):
    desk = Desk()
    for kind in desk_options():
        model = kind.model
        if not user.has_perm(view_permission(model)):
            continue
        can_change = user.has_perm(change_permission(model))
        opts = model._meta
        summary = KindSummary(
            kind,
            changelist_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            has_slugs=bool(slug_fields(model)),
        )
        for status in item_statuses(model).values():
            setattr(summary, status.state, getattr(summary, status.state) + 1)
            slug = missing_slug(status.obj, can_change)
            summary.no_slug += slug is not None
            if status.state != COMPLETE or slug is not None:
                desk.items.append(
                    DeskItem(
                        kind,
                        status,
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change",
                            args=[status.obj.pk],
                        ),
                        slug,
                    )
                )
        desk.summaries.append(summary)
    return desk
