"""Interface strings of django-simple-history, which ships no Dutch catalogue.

The history pages in the admin use these from the package's own templates and code;
listing them here keeps them in locale/ when ``make messages`` rebuilds the catalogues,
which only reads this project's files. The Dutch translations are ours.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SIMPLE_HISTORY = (
    gettext_noop("Change History"),
    gettext_noop("Change history: %s"),
    gettext_noop("Change reason"),
    gettext_noop("Changed"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Close"),
    gettext_noop("Created"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Revert"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Revert %s"),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("View %s"),
    gettext_noop("View history: %s"),
    gettext_noop("You may edit it again below"),
    ngettext_lazy("entry", "entries", 0),
)
