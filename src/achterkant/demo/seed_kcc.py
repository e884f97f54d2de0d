"""Demo data for the contact centre: teams, businesses and the knowledge base."""

from achterkant.identity.models import Company
from achterkant.routing.models import Team
from achterkant.staff.models import User

TEAMS = [
    ("kcc", "Klantcontactcentrum", ["agent", "teamleider"]),
    ("vergunningen", "Vergunningen", ["behandelaar", "teamleider"]),
    ("stadsbeheer", "Stadsbeheer", ["behandelaar"]),
    ("publiekszaken", "Publiekszaken", ["behandelaar"]),
]

COMPANIES = [
    ("69599084", "Bakkerij De Korenschoof", "Marktplein", 3),
    ("69599068", "Installatiebedrijf Van Dijk B.V.", "Industrieweg", 14),
    ("69599076", "Café Het Wapen", "Brink", 1),
    ("69599092", "Bloemenhuis Fleur", "Kerkstraat", 22),
    ("68750110", "Stichting Buurthuis De Linde", "Lindenlaan", 5),
    ("68727720", "Evenementenbureau Zomerfeest", "Havenkade", 40),
]


def seed_kcc(*, suffix: str, city: str, postcode_area: int) -> None:
    from achterkant.demo.knowledge_corpus import seed_knowledge_articles

    for identification, name, usernames in TEAMS:
        team, _ = Team.objects.get_or_create(identification=identification, defaults={"name": name})
        team.members.add(*User.objects.filter(username__in=[u + suffix for u in usernames]))
    for index, (kvk_number, name, street, number) in enumerate(COMPANIES):
        Company.objects.get_or_create(
            kvk_number=kvk_number,
            defaults={
                "name": name, "street": street, "house_number": number,
                "postcode": f"{postcode_area + index}AB", "city": city,
                "email": f"info@{name.split()[0].lower()}.example.nl",
            },
        )  # fmt: skip
    seed_knowledge_articles()
