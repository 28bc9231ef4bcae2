"""The sort order editors give content: lower comes first, and left empty it goes last.

``SortOrderField`` is the ``sort_order`` of every ordered kind of content. An object saved
without a number (a new country, project or workshop whose editor leaves the field
empty, or one created in code) gets one more step than the highest number among its
siblings, so it joins the end of the list instead of jumping to the top.
"""

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

# The gap between two automatic numbers, so an editor can put something in between.
STEP = 10


class SortOrderField(models.PositiveIntegerField):
    """``within``: the foreign key whose rows share one order (a project's workshops);
    without it, the whole table is one list."""

    def __init__(self, verbose_name=None, *, within=None, **kwargs):
        self.within = within
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text", _("Lower numbers come first. Leave empty to put it at the end.")
        )
        super().__init__(verbose_name or _("sort order"), **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.within:
            kwargs["within"] = self.within
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None:
            value = end_of_order(model_instance, self)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"required": False, **kwargs})


def end_of_order(obj, field):
    """The number that puts ``obj`` after all its siblings."""
    siblings = type(obj)._default_manager.all()
    if field.within:
        relation = type(obj)._meta.get_field(field.within)
        siblings = siblings.filter(**{relation.attname: getattr(obj, relation.attname)})
    if obj.pk is not None:
        siblings = siblings.exclude(pk=obj.pk)
    highest = siblings.aggregate(highest=Max(field.attname))["highest"]
    return STEP if highest is None else highest + STEP
