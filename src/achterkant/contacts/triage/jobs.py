"""The nightly retrain, run by the worker (worker.periodic)."""

import logging
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from achterkant.contacts.triage.model import model_path
from achterkant.contacts.triage.models import TriageExample, TriageSettings
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

log = logging.getLogger(__name__)

RETRAIN_AFTER = timedelta(days=1)


def needs_training(organisation: Organisation) -> bool:
    """Examples changed since the last training (added or deleted), a day has passed, or
    the model file is gone (a lost disk, or an upgrade from a file format no longer read).
    """
    with use_organisation(organisation):
        row = TriageSettings.objects.first()
        examples = TriageExample.objects.aggregate(last=Max("created_at"))
        count = TriageExample.objects.count()
    if row is None or row.trained_at is None:
        return count > 0
    if row.model_token and not model_path(organisation.pk, row.model_token).exists():
        return True
    if count != row.trained_examples or examples["last"] != row.trained_last_example_at:
        return True
    return timezone.now() - row.trained_at >= RETRAIN_AFTER


def retrain_changed_organisations() -> list[str]:
    """Retrain every organisation that needs it. One failure does not stop the others."""
    from achterkant.contacts.triage.services import TrainingError, train_organisation

    done = []
    for organisation in Organisation.objects.all():
        try:
            if needs_training(organisation):
                train_organisation(organisation)
                done.append(organisation.slug)
        except TrainingError as error:
            log.info("Triage: %s not trained: %s", organisation.slug, error)
        except Exception:
            log.exception("Triage: training %s failed", organisation.slug)
    return done
