from django.db.models.deletion import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .models import Country


@receiver(pre_delete, sender=Country, dispatch_uid="protect-countries-in-use")
def refuse_deleting_a_country_in_use(sender, instance, **kwargs):
    """PROTECT for the many-to-many relation: a country with projects stays."""
    projects = list(instance.protected_by())
    if projects:
        raise ProtectedError(
            _("The country %(country)s cannot be deleted: projects are linked to it.")
            % {"country": instance},
            set(projects),
        )
