"""Text handling before classification: e-mail history, signatures, length, language."""

from achterkant.contacts.triage.text import (
    MAX_CHARS,
    foreign_language,
    prepare,
    stem_analyzer,
    strip_email,
)


def test_gmail_quote_header_and_history_are_removed():
    mail = (
        "Mijn container is gestolen, kan ik een nieuwe krijgen?\n\n"
        "Op ma 3 nov. 2025 om 10:12 schreef Gemeente Voorbeeld <info@voorbeeld.nl>:\n"
        "> Beste mevrouw, uw paspoort ligt klaar.\n"
        "> Met vriendelijke groet, Burgerzaken\n"
    )
    assert strip_email(mail).strip() == "Mijn container is gestolen, kan ik een nieuwe krijgen?"


def test_quote_header_wrapped_over_two_lines():
    mail = (
        "Wanneer wordt het papier opgehaald?\n\nOp 3 november 2025 10:12 schreef\n"
        "Gemeente Voorbeeld <info@voorbeeld.nl>:\n\nU kunt een paspoort aanvragen."
    )
    assert "paspoort" not in strip_email(mail)


def test_outlook_original_message_and_van_verzonden_blocks_are_removed():
    forwarded = "Nieuwe vraag over parkeren.\n-----Oorspronkelijk bericht-----\nVan: x\nOude tekst"
    assert strip_email(forwarded).strip() == "Nieuwe vraag over parkeren."
    outlook = (
        "Graag een nieuwe kliko.\n\nVan: Gemeente <info@gemeente.nl>\n"
        "Verzonden: maandag 3 november 2025 10:12\nAan: jan@example.nl\n"
        "Onderwerp: Uw paspoort\n\nUw paspoort ligt klaar."
    )
    assert strip_email(outlook).strip() == "Graag een nieuwe kliko."


def test_quoted_lines_and_signature_are_removed():
    mail = (
        "> eerdere vraag over bijstand\nIk wil een dakkapel bouwen.\n\n"
        "Met vriendelijke groet,\nJan Jansen\nKerkstraat 1\n06-12345678"
    )
    assert strip_email(mail).strip() == "Ik wil een dakkapel bouwen."
    assert strip_email("Vraag over een evenement.\n-- \nJan\nDirecteur").strip() == (
        "Vraag over een evenement."
    )
    assert strip_email("Vraag over afval.\n\nVerstuurd vanaf mijn iPhone").strip() == (
        "Vraag over afval."
    )


def test_an_inline_greeting_is_cut_on_a_single_line_text():
    assert prepare("Mijn paspoort is kwijt. Met vriendelijke groet, Jan") == (
        "Mijn paspoort is kwijt."
    )


def test_only_a_signature_leaves_nothing():
    assert prepare("Met vriendelijke groet,\n\nJan Jansen\nTel. 06-12345678", source="email") == ""


def test_very_long_text_is_truncated():
    text = "Mijn paspoort is verlopen. " * 10_000  # 270,000 characters
    assert len(prepare(text)) <= MAX_CHARS


def test_foreign_languages_are_detected_and_dutch_is_not():
    assert foreign_language("Hello, I would like to renew my passport, could you help me?") == "en"
    assert foreign_language("Ich möchte bitte einen neuen Reisepass beantragen, danke") == "de"
    assert foreign_language("Bonjour, je voudrais un nouveau passeport pour mon fils") == "fr"
    assert foreign_language("Ik wil graag een nieuw paspoort aanvragen voor mijn zoon") is None
    assert foreign_language("De container is kapot") is None  # short: never called foreign


def test_stems_meet_inflections_and_accents():
    # "geïnteresseerd"/"geinteresseerd" and plural/singular meet in one stem.
    assert stem_analyzer("containers")[0] == stem_analyzer("container")[0]
    assert stem_analyzer("geïnteresseerd") == stem_analyzer("geinteresseerd")
