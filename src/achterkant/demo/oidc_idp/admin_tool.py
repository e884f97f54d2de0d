"""Set up and change the test provider's data: ``python -m achterkant.demo.oidc_idp.admin_tool``.

Runs with the provider's own settings (``DJANGO_SETTINGS_MODULE=achterkant.demo.oidc_idp.settings``)
and reads one JSON document from the command line:

- ``{"action": "client", "client_id": ..., "client_secret": ..., "redirect_uris": [...],
  "jwt_alg": "RS256", "require_consent": true}``
- ``{"action": "user", "username": ..., "password": ..., "groups": [...], ...}``
"""

import json
import sys

import django


def main(argv: list[str]) -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from oidc_provider.models import Client, ResponseType

    command = json.loads(argv[0])
    if command["action"] == "client":
        client, _ = Client.objects.update_or_create(
            client_id=command["client_id"],
            defaults={
                "name": command.get("name", command["client_id"]),
                "client_type": "confidential",
                "client_secret": command["client_secret"],
                "jwt_alg": command.get("jwt_alg", "RS256"),
                "require_consent": command.get("require_consent", True),
                "reuse_consent": False,
                "_redirect_uris": "\n".join(command["redirect_uris"]),
            },
        )
        client.response_types.set([ResponseType.objects.get(value="code")])
    elif command["action"] == "user":
        user, _ = User.objects.get_or_create(username=command["username"])
        user.set_password(command["password"])
        user.first_name = command.get("first_name", "")
        user.last_name = command.get("last_name", "")
        user.email = command.get("email", "")
        user.save()
        user.groups.set(
            [Group.objects.get_or_create(name=name)[0] for name in command.get("groups", [])]
        )
    else:
        raise SystemExit(f"unknown action {command['action']!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
