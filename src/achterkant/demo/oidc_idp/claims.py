from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["preferred_username"] = user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["email"] = user.email
    return claims


class GroupClaims(ScopeClaims):
    """The ``groups`` scope: the user's group names in the ``groups`` claim."""

    info_groups = ("Groepen", "De groepen waar u lid van bent.")

    def scope_groups(self):
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
