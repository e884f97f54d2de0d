"""Load the demo catalogue into the active organisation, idempotently."""

from datetime import date

from achterkant.catalog.models import (
    CaseType,
    CaseTypeDocumentType,
    Catalogue,
    DecisionType,
    DocumentType,
    Product,
    ResultType,
    RoleType,
    ServiceNorm,
    StatusType,
)
from achterkant.catalog.services import (
    case_type_publish,
    decision_type_publish,
    document_type_publish,
)
from achterkant.demo.catalogue import PRODUCTS, CaseTypeSpec
from achterkant.tenancy.context import require_organisation

VALID_FROM = date(2025, 1, 1)


def seed_catalogue() -> None:
    organisation = require_organisation()
    catalogue, _ = Catalogue.objects.get_or_create(
        domain="ZAKEN",
        defaults={
            "rsin": organisation.rsin,
            "name": f"Zaaktypecatalogus {organisation.name}",
            "version": "1",
            "version_date": VALID_FROM,
            "contact_name": "Functioneel beheer",
            "contact_email": f"beheer@{organisation.slug}.example.nl",
        },
    )
    document_types = {
        description: _published_document_type(catalogue, description, category)
        for description, category in [
            ("Aanvraag", "aanvraag"),
            ("Bijlage bij aanvraag", "bijlage"),
            ("Besluit", "besluit"),
        ]
    }
    for spec in PRODUCTS:
        if spec.case_type is not None:
            _seed_case_type(catalogue, spec.case_type, document_types)
        product, _ = Product.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "case_type_identification": spec.case_type.identification if spec.case_type else "",
                "assurance_level": spec.assurance,
            },
        )
        for channel, amount, unit, promise in spec.norms:
            ServiceNorm.objects.get_or_create(
                product=product,
                channel=channel,
                defaults={"amount": amount, "unit": unit, "promise": promise},
            )


def _published_document_type(catalogue, description: str, category: str) -> DocumentType:
    document_type, created = DocumentType.objects.get_or_create(
        catalogue=catalogue,
        description=description,
        defaults={"category": category, "confidentiality": "zaakvertrouwelijk",
                  "valid_from": VALID_FROM},
    )  # fmt: skip
    if document_type.is_concept:
        document_type = document_type_publish(document_type=document_type)
    return document_type


def _seed_case_type(catalogue, spec: CaseTypeSpec, document_types: dict) -> CaseType:
    existing = CaseType.objects.filter(catalogue=catalogue, identification=spec.identification)
    if existing.exists():
        return existing.first()
    case_type = CaseType.objects.create(
        catalogue=catalogue,
        identification=spec.identification,
        description=spec.description,
        purpose=f"Afhandelen van: {spec.description.lower()}.",
        reason="Een verzoek of aanvraag van een inwoner of bedrijf.",
        subject=spec.description[:80],
        confidentiality=spec.confidentiality,
        scope=CaseType.Scope.EXTERNAL,
        initiator_action=spec.initiator_action,
        handler_action="Behandelen",
        lead_time=spec.lead_time,
        service_norm=spec.service_norm,
        suspension_possible=spec.suspension_possible,
        extension_possible=bool(spec.extension_term),
        extension_term=spec.extension_term,
        lex_silencio=spec.lex_silencio,
        form_definition=spec.form,
        keywords=[word.lower() for word in spec.description.split()[:3]],
        responsible="Publiekszaken",
        reference_process_name="Behandelen aanvraag",
        valid_from=VALID_FROM,
        version_date=VALID_FROM,
    )
    for sequence, (name, text, inform) in enumerate(spec.statuses, start=1):
        StatusType.objects.create(
            case_type=case_type, sequence=sequence, name=name, citizen_text=text,
            inform_citizen=inform,
        )  # fmt: skip
    for description, nomination, term, derivation in spec.results:
        ResultType.objects.create(
            case_type=case_type, description=description, archive_nomination=nomination,
            archive_action_term=term, source_date_derivation=derivation,
        )  # fmt: skip
    RoleType.objects.create(
        case_type=case_type, description="Aanvrager", generic_description=RoleType.Generic.INITIATOR
    )
    RoleType.objects.create(
        case_type=case_type, description="Behandelaar", generic_description=RoleType.Generic.HANDLER
    )
    RoleType.objects.create(
        case_type=case_type, description="Gemachtigde",
        generic_description=RoleType.Generic.STAKEHOLDER,
    )  # fmt: skip
    for sequence, (description, direction) in enumerate(
        [("Aanvraag", "inkomend"), ("Bijlage bij aanvraag", "inkomend"), ("Besluit", "uitgaand")],
        start=1,
    ):
        CaseTypeDocumentType.objects.create(
            case_type=case_type, document_type=document_types[description], sequence=sequence,
            direction=direction,
        )  # fmt: skip
    if spec.decision:
        decision_type, _ = DecisionType.objects.get_or_create(
            catalogue=catalogue, description=spec.decision,
            defaults={"valid_from": VALID_FROM, "reaction_term": "P6W",
                      "publication_indicated": spec.lex_silencio},
        )  # fmt: skip
        decision_type.case_types.add(case_type)
        if decision_type.is_concept:
            decision_type_publish(decision_type=decision_type)
    return case_type_publish(case_type=case_type)
