"""Synthetic Dutch people with test BSNs. Deterministic: the same seed gives the same people."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from achterkant.identity.validators import passes_eleven_test

GIVEN_NAMES = [
    "Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Fleur", "Noor", "Eva", "Lisa",
    "Fatima", "Yasmina", "Aylin", "Maria", "Ingrid", "Joke", "Marieke", "Petra", "Wilma",
    "Annelies",
    "Daan", "Sem", "Lucas", "Milan", "Levi", "Thomas", "Jesse", "Bram", "Ruben", "Lars",
    "Mohammed", "Ahmed", "Emre", "Youssef", "Jan", "Piet", "Kees", "Henk", "Willem", "Gerrit",
]  # fmt: skip
SURNAMES = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"),
    ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"),
    ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"),
    ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("", "Yilmaz"), ("", "El Amrani"), ("", "Kaya"), ("", "Bouzid"), ("", "Nguyen"),
]  # fmt: skip
STREETS = [
    "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianastraat",
    "Beatrixlaan", "Wilhelminapark", "Nieuwstraat", "Lindenlaan", "Eikenlaan", "Marktplein",
    "Prinses Irenestraat", "Oranjestraat", "Kastanjelaan", "Zuiderweg", "Havenkade", "Brink",
]  # fmt: skip
MAIL_DOMAINS = ["example.nl", "example.com", "voorbeeldmail.nl"]
ADDITIONS = ["", "", "", "", "A", "B", "bis", "2"]


def test_bsns(start: int = 999990000) -> Iterator[str]:
    """11-proef-valid BSNs in the public test range 99999xxxx, then below it in 9999xxxxx.

    The 99999 range holds about 900 numbers; larger scale tests continue downwards,
    still in a block that is kept for testing in public test sets.
    """
    number = start
    while number < 1_000_000_000:
        candidate = f"{number:09d}"
        if passes_eleven_test(candidate):
            yield candidate
        number += 1
    number = start - 1
    while number >= 999_900_000:
        candidate = f"{number:09d}"
        if passes_eleven_test(candidate):
            yield candidate
        number -= 1


def person_fields(rng: random.Random, bsn: str, city: str, postcode_area: int) -> dict:
    given = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.3:
        given = f"{given} {rng.choice(GIVEN_NAMES)}"
    prefix, surname = rng.choice(SURNAMES)
    birth = date(1935, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
    letters = "".join(rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
    email_name = f"{given.split()[0]}.{prefix.replace(' ', '')}{surname.replace(' ', '')}".lower()
    return {
        "bsn": bsn,
        "given_names": given,
        "surname_prefix": prefix,
        "surname": surname,
        "birth_date": birth,
        "street": rng.choice(STREETS),
        "house_number": rng.randint(1, 250),
        "house_number_addition": rng.choice(ADDITIONS),
        "postcode": f"{postcode_area + rng.randrange(0, 90)}{letters}",
        "city": city,
        # Most, not all, people have given an e-mail address.
        "email": f"{email_name}{bsn[-3:]}@{rng.choice(MAIL_DOMAINS)}"
        if rng.random() < 0.85
        else "",
        "phone": f"06{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.7 else "",
        "secret": rng.random() < 0.02,
    }
