"""Create local accounts for trying the back office: one per role, on a fresh database.

Development only: refuses to run unless DEBUG is on. Passwords are generated and shown
once; they are not stored anywhere but in the (hashed) user table.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from content.roles import EDITORS_GROUP, PUBLISHERS_GROUP, TRANSLATORS_GROUP

ACCOUNTS = [
    # username, group (None: superuser), description
    ("admin", None, "beheerder (alle rechten)"),
    ("redacteur", EDITORS_GROUP, "redacteur (alle inhoud)"),
    ("eindredacteur", PUBLISHERS_GROUP, "eindredacteur (alle inhoud, keurt publicaties goed)"),
    ("vertaler", TRANSLATORS_GROUP, "vertaler (alleen Engelse velden)"),
]


class Command(BaseCommand):
    help = (
        "Create local admin, editor, publisher and translator accounts on a fresh database "
        "(DEBUG only)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Local accounts are only created with DEBUG on, never in production."
            )
        User = get_user_model()
        if User.objects.exists():
            self.stdout.write(
                "Accounts exist already. Forgot a password? "
                "Run: .venv/bin/python manage.py changepassword <username>"
            )
            return
        self.stdout.write(self.style.WARNING("Local accounts (shown once, write them down):"))
        for username, group_name, description in ACCOUNTS:
            password = secrets.token_urlsafe(12)
            if group_name is None:
                User.objects.create_superuser(username, "", password)
            else:
                user = User.objects.create_user(username, "", password, is_staff=True)
                user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username:10} {password}   {description}")
