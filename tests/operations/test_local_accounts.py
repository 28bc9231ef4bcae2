"""create_local_accounts: the admin, editor, publisher and translator accounts of a
development site."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_local_accounts_are_created_once_with_printed_passwords(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_local_accounts", stdout=out)
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="redacteur").groups.get().name == "editors"
    assert users.get(username="eindredacteur").groups.get().name == "publishers"
    assert users.get(username="vertaler").groups.get().name == "translators"
    password = next(line.split()[1] for line in out.getvalue().splitlines() if "admin " in line)
    assert users.get(username="admin").check_password(password)

    again = io.StringIO()
    call_command("create_local_accounts", stdout=again)
    assert users.count() == 4
    assert password not in again.getvalue()


@pytest.mark.django_db
def test_local_accounts_are_never_created_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_local_accounts", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
