"""Triage fixtures: model files in a temporary directory, a trained demo catalogue."""

import pytest

from achterkant.contacts.triage import model as model_store


@pytest.fixture(autouse=True)
def _model_dir(settings, tmp_path):
    settings.TRIAGE_MODEL_DIR = str(tmp_path / "triage-models")
    model_store._cache.clear()
    yield
    model_store._cache.clear()


def demo_trained(tenant, *, articles: bool = False):
    """The tenant with the demo catalogue, its starter set and a trained model."""
    from achterkant.demo.knowledge_corpus import seed_knowledge_articles
    from achterkant.demo.seed_catalogue import seed_catalogue
    from achterkant.demo.seed_triage import seed_triage

    with tenant.active():
        seed_catalogue()
        if articles:
            seed_knowledge_articles()
        seed_triage()
    return tenant


@pytest.fixture
def trained_a(tenant_a):
    return demo_trained(tenant_a, articles=True)
