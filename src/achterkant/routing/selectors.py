from achterkant.routing.models import Team


def teams() -> list[Team]:
    return list(Team.objects.order_by("name"))


def teams_of(user) -> list[Team]:
    return list(Team.objects.filter(members=user).order_by("name"))
