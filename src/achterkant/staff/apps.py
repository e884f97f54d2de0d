from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StaffConfig(AppConfig):
    name = "achterkant.staff"
    verbose_name = "Medewerkers"

    def ready(self) -> None:
        from achterkant.staff.roles import sync_role_groups

        # Roles are groups whose permissions must exist before they can be granted,
        # and permissions are created after migrations: so sync right after them.
        post_migrate.connect(sync_role_groups, dispatch_uid="achterkant.staff.sync_roles")

        from django.contrib.auth.signals import user_logged_in

        from achterkant.staff.lockout import clear_own_failures

        user_logged_in.connect(clear_own_failures, dispatch_uid="achterkant.staff.clear_failures")

        from achterkant.staff import permission_cache

        # Whatever changes a user's permissions raises their permissions_version.
        permission_cache.connect()

        from achterkant.staff.twofactor import verified

        # Whatever changes a user's second-factor devices raises their second_factor_version.
        verified.connect()
