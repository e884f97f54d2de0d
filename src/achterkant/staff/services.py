from django.contrib.auth.models import Group
from django.db import transaction

from achterkant.staff.models import User
from achterkant.tenancy.models import Organisation


@transaction.atomic
def staff_member_ensure(
    *,
    organisation: Organisation,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    role: str,
) -> User:
    """Create the staff member, or bring an existing one in line (idempotent)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"organisation": organisation, "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_password(password)
        # Django's admin needs is_staff; who may actually enter is decided by role.
        user.is_staff = True
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user
