"""Knowledge search: one interface, PostgreSQL full-text search or SQLite FTS5 behind it.

Every test runs on the database in DATABASE_URL; run the file on both engines. Results
are compared as sets against knowledge_fixtures.EXPECTED, so both runs check the same.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from achterkant.catalog.models import Product
from achterkant.contacts.knowledge_search import (
    SearchHit,
    search_articles,
    search_terms,
    snippet,
)
from achterkant.contacts.models import KnowledgeArticle
from achterkant.demo.knowledge_corpus import ARTICLES, seed_knowledge_articles
from achterkant.tenancy.context import NoTenantActive
from tests.contacts.knowledge_fixtures import (
    CORPUS,
    EXPECTED,
    KLIKO,
    PASPOORT_VERLOPEN,
    PASSPORT_ARTICLES,
    RIJBEWIJS,
    TOP_HIT,
    load_corpus,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: SQLite FTS5 has no Dutch stemmer and no trigram similarity",
)


def questions(query: str, **kwargs) -> set[str]:
    return {hit.question for hit in search_articles(query, **kwargs)}


@pytest.fixture
def corpus_a(tenant_a):
    with tenant_a.active():
        load_corpus()
    return tenant_a


# --- Results and ranking ----------------------------------------------------------------


@pytest.mark.parametrize("query", EXPECTED)
def test_both_engines_find_the_expected_articles(corpus_a, query):
    with corpus_a.active():
        assert questions(query) == EXPECTED[query]


def test_paspoort_verlopen_puts_the_passport_article_first(corpus_a):
    with corpus_a.active():
        hits = search_articles("paspoort verlopen")
    assert [hit.question for hit in hits] == [PASPOORT_VERLOPEN, RIJBEWIJS]
    assert hits[0].rank > hits[1].rank


@pytest.mark.parametrize("query", TOP_HIT)
def test_both_engines_agree_on_the_top_hit(corpus_a, query):
    with corpus_a.active():
        hits = search_articles(query)
    assert hits[0].question == TOP_HIT[query]
    assert [hit.rank for hit in hits] == sorted((hit.rank for hit in hits), reverse=True)


@pytest.mark.parametrize("query", ["paspoort", "paspo"])
def test_a_word_in_the_question_outweighs_the_same_word_in_the_answer(corpus_a, query):
    with corpus_a.active():
        hits = search_articles(query)
    # Only the rijbewijs article has "paspoort" in its answer alone.
    assert {hit.question for hit in hits[:3]} == PASSPORT_ARTICLES
    assert hits[3].question == RIJBEWIJS
    assert hits[3].rank < hits[2].rank


def test_prefix_search_finds_passport_articles_while_typing(corpus_a):
    with corpus_a.active():
        for typed in ["pasp", "paspo", "paspoo", "paspoor", "paspoort"]:
            assert questions(typed) >= PASSPORT_ARTICLES, typed
        # Only the last word is a prefix: "pasp" matches nothing, so the fallback finds
        # the articles with "verlopen" only.
        assert questions("pasp verlopen") == {PASPOORT_VERLOPEN, RIJBEWIJS}


def test_a_hit_has_an_id_question_snippet_and_rank(corpus_a):
    with corpus_a.active():
        [hit] = search_articles("kliko")
        article = KnowledgeArticle.objects.get(question=KLIKO)
    assert isinstance(hit, SearchHit)
    assert hit.article_id == article.pk
    assert hit.snippet == article.answer
    assert hit.rank > 0
    with pytest.raises(AttributeError):
        hit.rank = 0  # frozen


def test_limit(corpus_a):
    with corpus_a.active():
        assert len(search_articles("paspoort", limit=2)) == 2
        assert search_articles("paspoort", limit=0) == []
        assert len(search_articles("paspoort", limit=10_000)) == 4


@postgresql_only
def test_dutch_stemming_finds_paspoorten(corpus_a):
    with corpus_a.active():
        assert questions("paspoorten") >= PASSPORT_ARTICLES
        # Stemmed as a whole word too, not only as the prefix: all words must match.
        assert questions("paspoorten geldig") == {"Hoe lang is een paspoort geldig?"}


@postgresql_only
@pytest.mark.parametrize("typo", ["paspot", "paspoort verlopn", "pasport kwijt", "lantarenpaal"])
def test_typos_fall_back_to_trigram_similarity(corpus_a, typo):
    with corpus_a.active():
        hits = search_articles(typo)
    assert hits, typo
    expected = PASSPORT_ARTICLES if "pas" in typo else {"Lantaarnpaal kapot"}
    assert hits[0].question in expected


def test_a_misspelt_word_next_to_a_good_one_still_finds_something(corpus_a):
    with corpus_a.active():
        hits = search_articles("paspoort verlopn")
    assert {hit.question for hit in hits} >= PASSPORT_ARTICLES
    if connection.vendor == "postgresql":  # the question also looks like the query
        assert hits[0].question == PASPOORT_VERLOPEN


# --- Tenancy and validity ---------------------------------------------------------------


def test_another_organisations_articles_never_appear(corpus_a, tenant_b):
    with tenant_b.active():
        b_ids = {article.pk for article in load_corpus()}
        load_corpus([("Paspoort alleen bij B", "Paspoort paspoort.", "paspoort")])
        b_ids |= set(KnowledgeArticle.objects.values_list("pk", flat=True))
    with corpus_a.active():
        for query in [*EXPECTED, "paspoort alleen", "paspot", "bij b"]:
            found = {hit.article_id for hit in search_articles(query)}
            assert not found & b_ids, query
        assert "Paspoort alleen bij B" not in questions("paspoort")
    with tenant_b.active():
        assert "Paspoort alleen bij B" in questions("paspoort")


def test_search_needs_an_active_organisation(db):
    with pytest.raises(NoTenantActive):
        search_articles("paspoort")


def test_only_articles_valid_on_the_day(tenant_a):
    today = date(2026, 3, 1)
    with tenant_a.active():
        load_corpus([("Oude regeling kliko", "x", "")], valid_until=today - timedelta(days=1))
        load_corpus([("Nieuwe regeling kliko", "x", "")], valid_from=today + timedelta(days=1))
        load_corpus([("Laatste dag kliko", "x", "")], valid_until=today)
        load_corpus([("Eerste dag kliko", "x", "")], valid_from=today)
        assert questions("kliko", on=today) == {"Laatste dag kliko", "Eerste dag kliko"}
        assert questions("kliko", on=today - timedelta(days=1)) == {
            "Oude regeling kliko", "Laatste dag kliko",
        }  # fmt: skip
        assert "Nieuwe regeling kliko" in questions("kliko", on=today + timedelta(days=1))
        assert questions("kliko", on=date(2024, 12, 31)) == set()


# --- Bad input --------------------------------------------------------------------------

NASTY = [
    "'; DROP TABLE contacts_knowledgearticle; --",
    "paspoort'; DELETE FROM contacts_knowledgearticle WHERE '1'='1",
    '"paspoort',
    'paspoort"',
    '""',
    "'",
    "*",
    "paspoort*",
    "*paspoort",
    "NEAR(paspoort verlopen)",
    "NEAR(paspoort verlopen, 1)",
    "paspoort AND verlopen",
    "paspoort OR kliko",
    "NOT paspoort",
    "paspoort NOT verlopen",
    "-paspoort",
    "paspoort -verlopen",
    "question:kliko",
    "{question answer}: kliko",
    "^paspoort",
    "(paspoort",
    "paspoort)",
    "paspoort & | ! <-> verlopen",
    "paspoort:*",
    "':* | '",
    "%",
    "_",
    "\\",
    "\x00paspoort",
    "paspoort\x00verlopen",
    "🛂 paspoort 🙂",
    "а" * 5000,
    "paspoort " * 200,
    "AND",
    "OR NOT",
    "",
    "   ",
    None,
]


@pytest.mark.parametrize("query", NASTY)
def test_operators_and_sql_are_only_words(corpus_a, query):
    with corpus_a.active():
        before = KnowledgeArticle.objects.count()
        hits = search_articles(query)
        plain = " ".join(search_terms(query))
        assert hits == search_articles(plain)  # the same as the bare words
        assert KnowledgeArticle.objects.count() == before == len(CORPUS)


@pytest.mark.parametrize(
    ("query", "included"),
    [
        ("NOT paspoort", PASSPORT_ARTICLES),
        ("-paspoort", PASSPORT_ARTICLES),
        ("paspoort -verlopen", {PASPOORT_VERLOPEN}),
        ("paspoort NOT verlopen", {PASPOORT_VERLOPEN}),
    ],
)
def test_negation_does_not_exclude(corpus_a, query, included):
    with corpus_a.active():
        assert included <= questions(query)


@pytest.mark.parametrize("query", ["", "   ", "*", "'; --", "()", "\"'", "de het een", None])
def test_an_empty_or_operator_only_query_finds_nothing_without_a_query(corpus_a, query):
    with corpus_a.active(), CaptureQueriesContext(connection) as queries:
        assert search_articles(query) == []
    assert len(queries) == 0


def test_search_terms():
    assert search_terms("Wat kost een PASPOORT?") == ["kost", "paspoort"]
    assert search_terms("'; DROP TABLE x; --") == ["drop", "table", "x"]
    assert search_terms("Geëmigreerd naar Curaçao") == ["geëmigreerd", "curaçao"]
    assert search_terms("paspoort paspoort") == ["paspoort"]
    assert search_terms("snake_case") == ["snake", "case"]
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == 8
    assert search_terms("x" * 100) == ["x" * 40]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60) | st.lists(
    st.sampled_from(['"', "'", "*", "NEAR", "AND", "OR", "NOT", "-", ":", "^", "(", ")",
                     "paspoort", "kliko", "&", "|", "!", ":*", "<->", ";", "--", "\x00", "é"]),
    max_size=8).map(" ".join))  # fmt: skip
def test_any_input_is_safe(corpus_a, query):
    with corpus_a.active():
        hits = search_articles(query)
    assert all(isinstance(hit, SearchHit) for hit in hits)


# --- Index upkeep and cost --------------------------------------------------------------


def test_the_index_follows_inserts_updates_and_deletes(tenant_a):
    with tenant_a.active():
        [article] = load_corpus([("Lantaarnpaal kapot", "Meld het via de app.", "lamp")])
        assert questions("lantaarnpaal") == {"Lantaarnpaal kapot"}
        article.question = "Verkeerslicht kapot"
        article.save()
        assert questions("lantaarnpaal") == set()
        assert questions("verkeerslicht") == {"Verkeerslicht kapot"}
        KnowledgeArticle.objects.filter(pk=article.pk).update(keywords="stoplicht")
        assert questions("stoplicht") == {"Verkeerslicht kapot"}
        assert questions("lamp") == set()
        article.delete()
        assert questions("verkeerslicht") == set()
        load_corpus()
        KnowledgeArticle.objects.filter(question=KLIKO).delete()
    if connection.vendor == "sqlite":
        # FTS5 compares its index with the article table and raises if they differ.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO contacts_knowledge_fts(contacts_knowledge_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )


def test_a_search_runs_in_at_most_two_queries(corpus_a, django_assert_num_queries):
    with corpus_a.active():
        with django_assert_num_queries(1):
            search_articles("paspoort verlopen")  # found at once
        with django_assert_num_queries(2):
            search_articles("paspoort lantaarnpaal")  # all words, then any word
        # One word: the fallback only adds something on PostgreSQL (typos).
        with django_assert_num_queries(2 if connection.vendor == "postgresql" else 1):
            search_articles("helikopter")


@postgresql_only
def test_postgresql_can_use_the_gin_index_for_the_search_expression(corpus_a):
    # On a tiny table the planner prefers the organisation index, so ask about the
    # full-text condition alone: it must match the migration's index expression.
    with corpus_a.active(), CaptureQueriesContext(connection) as queries:
        search_articles("paspoort verlopen")
    sql = queries[0]["sql"]
    condition = sql[sql.index(" AND (setweight(") + 5 : sql.index(" ORDER BY")]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        explain = f"EXPLAIN SELECT a.id FROM contacts_knowledgearticle a WHERE {condition}"  # noqa: S608
        cursor.execute(explain)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on contacts_knowledge_search" in plan, plan


# --- Snippets ---------------------------------------------------------------------------


def test_snippet_shows_the_part_of_a_long_answer_around_the_match():
    answer = (
        ("Inleiding zonder het woord. " * 20)
        + "Hier staat de kliko uitgelegd. "
        + ("Nog meer tekst. " * 20)
    )
    text = snippet(answer, ["kliko"])
    assert "kliko" in text
    assert text.startswith("…") and text.endswith("…")
    assert len(text) <= 202
    assert snippet("Kort antwoord.", ["kliko"]) == "Kort antwoord."
    assert snippet("Café  open\n\nvandaag", ["cafe"]) == "Café open vandaag"
    assert snippet("x" * 500, ["kliko"]).startswith("x")


# --- The demo corpus --------------------------------------------------------------------


def test_demo_corpus_is_idempotent_and_links_products(tenant_a):
    with tenant_a.active():
        Product.objects.create(code="paspoort-aanvragen", name="Paspoort aanvragen")
        assert seed_knowledge_articles() == len(ARTICLES) >= 60
        assert seed_knowledge_articles() == 0
        assert KnowledgeArticle.objects.count() == len(ARTICLES)
        passport = KnowledgeArticle.objects.get(question=PASPOORT_VERLOPEN)
        assert [p.code for p in passport.products.all()] == ["paspoort-aanvragen"]
        assert passport.valid_from == date(2025, 1, 1)
        linked = KnowledgeArticle.objects.filter(products__isnull=False).count()
        assert linked == sum(a.product == "paspoort-aanvragen" for a in ARTICLES)


def test_demo_corpus_answers_the_key_questions(tenant_a):
    with tenant_a.active():
        seed_knowledge_articles()
        top = {q: search_articles(q)[0].question for q in [
            "paspoort verlopen", "paspoort kwijt", "kliko kapot", "grofvuil",
            "parkeervergunning", "lantaarnpaal", "WOZ bezwaar", "dakkapel", "trouwen",
            "geboorte aangeven", "klacht", "digid wachtwoord", "hondenbelasting",
        ]}  # fmt: skip
        assert top["paspoort verlopen"] == PASPOORT_VERLOPEN
        assert top["paspoort kwijt"] == "Paspoort kwijt of gestolen"
        assert top["kliko kapot"] == "Mijn kliko is kapot"
        assert top["lantaarnpaal"] == "Lantaarnpaal kapot"
        assert top["dakkapel"] == "Heb ik een vergunning nodig voor een dakkapel?"
        assert top["hondenbelasting"] == "Hondenbelasting"
        hits = search_articles("paspoort verlopen")
        assert all("paspoort" in h.question.lower() for h in hits[:1])
        if connection.vendor == "postgresql":
            assert PASPOORT_VERLOPEN in {h.question for h in search_articles("paspoorten")}
