from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """What the search finds of one object in one language: its title and its text as
    plain text. Like Wagtail's database search backend (``wagtailsearch.IndexEntry``), the
    words are indexed by the database itself, beside this table (migration 0001):

    - PostgreSQL: a stored ``document`` column (``tsvector``, the title weighted A and the
      text B, stemmed with the ``dutch`` or ``english`` text-search configuration of the
      entry's language) with a GIN index;
    - SQLite: an FTS5 table ``search_entry_fts`` over title and text, kept in step with
      this table by triggers; its rowids are ``fts_key`` (migration 0002), a number made
      of the entry's language, kind and object id, so a search reads one language's
      range and learns what it found without reading the entries.
    """

    class Kind(models.TextChoices):
        PROJECT = "project", _("project")
        PLACE = "place", _("country or territory")
        PARTNER = "partner", _("partner organisation")
        FUNDER = "funder", _("funder")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=5)
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        ordering = ["kind", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="one_search_entry_per_language"
            ),
        ]
        indexes = [models.Index(fields=["language", "kind"], name="search_entry_language_kind")]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language}): {self.title}"
