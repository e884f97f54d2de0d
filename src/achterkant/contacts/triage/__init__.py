"""Free-text triage (issue 18): which product a citizen means, in their own words.

Public API (see docs/triage.md and /work/helpers/triage_api.md)::

    from achterkant.contacts.triage import suggest, record_example, train_organisation

The names are loaded lazily: this package is also the Django app, and importing the
models while the app registry loads would fail.

Test fixture recipe (a trained model for the organisation of a test)::

    from achterkant.demo.seed_catalogue import seed_catalogue
    from achterkant.demo.seed_triage import seed_triage

    @pytest.fixture
    def trained_a(tenant_a, settings, tmp_path):
        settings.TRIAGE_MODEL_DIR = str(tmp_path)  # keep model files out of var/
        with tenant_a.active():
            seed_catalogue()  # the 10 demo products (codes as in demo/catalogue.py)
            seed_triage()     # synonyms + starter examples + train_organisation(...)
        return tenant_a

or, with your own products and examples::

    with tenant_a.active():
        record_example(actor=None, text="...", product=product, source="admin")  # >= 2 products
        train_organisation(tenant_a.organisation)

``load_starter_examples()`` only labels rows whose product code exists in the active
organisation's catalogue (the demo codes, e.g. ``melding-openbare-ruimte``). Training
takes a few seconds. Without a trained model ``suggest()`` returns no products and the
reason "Er is nog geen model getraind ...".
"""

from typing import TYPE_CHECKING

from achterkant.contacts.triage.results import ArticleHint, ProductGuess, Suggestion

if TYPE_CHECKING:
    from achterkant.contacts.triage.services import (
        load_starter_examples,
        record_example,
        suggest,
        train_organisation,
    )

__all__ = [
    "ArticleHint",
    "ProductGuess",
    "Suggestion",
    "load_starter_examples",
    "record_example",
    "suggest",
    "train_organisation",
]

_LAZY = {"load_starter_examples", "record_example", "suggest", "train_organisation"}


def __getattr__(name: str):
    if name in _LAZY:
        from achterkant.contacts.triage import services

        return getattr(services, name)
    raise AttributeError(name)
