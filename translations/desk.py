"""The translator's desk: counts per kind of content and the items that need work."""

from dataclasses import dataclass, field

from django.urls import reverse

from content.registry import desk_options

from .roles import view_permission
from .state import COMPLETE, item_statuses


@dataclass
class KindSummary:
    kind: object
    complete: int = 0
    missing: int = 0
    outdated: int = 0
    changelist_url: str = ""

    @property
    def total(self):
        return self.complete + self.missing + self.outdated


@dataclass
class DeskItem:
    kind: object
    status: object
    change_url: str

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
            result.append((field_status.state, label))
        return result


@dataclass
class Desk:
    summaries: list = field(default_factory=list)
    items: list = field(default_factory=list)


def build_desk(user):
    desk = Desk()
    for kind in desk_options():
        model = kind.model
        if not user.has_perm(view_permission(model)):
            continue
        opts = model._meta
        summary = KindSummary(
            kind, changelist_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        for status in item_statuses(model).values():
            setattr(summary, status.state, getattr(summary, status.state) + 1)
            if status.state != COMPLETE:
                desk.items.append(
                    DeskItem(
                        kind,
                        status,
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change",
                            args=[status.obj.pk],
                        ),
                    )
                )
        desk.summaries.append(summary)
    return desk
