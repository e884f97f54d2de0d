# ruff: noqa: E501 - the suites' own request and assertion names
"""The assertions of the official suites that fail here, each with its reason.

``tests/zgw/test_conformance.py`` fails on a failure not listed here, and on a listed one
that no longer fails (so the list stays exact). Keys: (folder, request name, assertion
name); the assertion is "" for a request that got no answer or whose script threw. Folders
"oas:..." are the OAS checks (ZGW_OAS_tests.json). Generated from a run, then read: every
reason names a cause (docs/api.md, "Conformance figures").
"""

AC001B = "the test is wrong: its client id is the unsubstituted text {{pm.globals.get(...)}} (docs/api.md)"
EIGENSCHAP = "the test is wrong: it writes a value its own eigenschap forbids (formaat tekst, lengte 5, waardenverzameling ['test']; zrc-021c derives an archive date from it), and Achterkant checks a zaakeigenschap against its eigenschap's specificatie on every channel (docs/api.md)"
PUBLISHED_DELETE = "the test is wrong: it deletes a published type, where the OAS says 'Dit kan alleen als het een concept betreft' (docs/api.md)"
UNSET_GLOBAL = "the zrc folder deletes an applicatie by a global URL that only the ac and ztc folders set (ac-001a, the ztc setUp); each folder runs on its own here, so the URL is unset and no request is sent"
FOLLOW = "follows from an earlier failure in the same folder: the object this request addresses was never made, so its URL is unset (no answer)"
NRC_PUBLISH_201 = "the test is wrong: it expects 201 for POST /notificaties, where the Notificaties OAS 1.0 gives only 200 (docs/api-notificaties.md)"
NO_PUBLISH_REQUEST = "the test is wrong: it publishes the type through '(COMMON) Publish Zaaktype' or '(COMMON) Publish Informatieobjecttype', requests the collection does not have, so the type is still a concept, and a concept may be changed and deleted; the same rules with a published type pass in tests/api/catalogi/test_concept_rules.py (docs/api.md)"
NO_REQUEST = "follows from a request the suite names but does not have (listed with the run under 'The suite names requests that do not exist'): the run goes on after the test that named it, but what that request would have made or set (a lock, a link, a published type, a URL) is missing, so this request addresses nothing or the wrong state (docs/api.md)"
SAME_TOKEN = "the test is wrong: drc-009j and drc-009k send the same forced unlock with the same all-autorisaties token, 009j expecting 400 and 009k 204, so one must fail; Achterkant answers 204, and 400 to a client without documenten.geforceerd-unlock (tests/api/documenten, docs/api-documenten.md)"
ZRC_GLOBAL = "the brc folder makes its zaak from the global zaak_body that only the zrc folder sets; each folder runs on its own here, so no zaak is made and the besluittype check has nothing to check against (brc-006a is tested in tests/api/besluiten)"
ZTC010G_SKIPPED_LINK = "the test is wrong: it jumps to '(COMMON) Publish Zaaktype', a request the collection does not have, which also skips the '(COMMON) Create Zaaktype-Informatieobjecttype' queued after it; the request addresses the link the step before deleted (404). A link may change while one side is a concept (tests/api/catalogi/test_concept_rules.py)"
ZTC010H_BESLUITTYPE_TIE = "the test is wrong: it changes the zaaktype of ztc-010h's besluittype half, still tied to the besluittype the suite published there (a published besluittype cannot be deleted, so '(COMMON) Delete Besluittype' is refused), which the suite's own step before says may not change (non-concept-relation); tied only to a published informatieobjecttype it may change (test_ztc_010h_zaaktype_linked_to_a_published_iot_may_change)"
BESLUITTYPE_ZAAKTYPEN = "the test is wrong: it writes zaaktypen on a besluittype, readOnly in Catalogi 1.3.1 (the relation is written on the zaaktype), so it is ignored: 201/200; in ztc-011a the zaaktype URL is also unset (docs/api-catalogi.md)"
ZTC011_NEW_RELATION = "the informatieobjecttype is still a concept (the suite publishes it through '(COMMON) Publish Informatieobjecttype', which the collection does not have); even published, a concept may point at it in Achterkant, as zrc-001 needs and the standard's text allows (docs/api-catalogi.md, ztc-011g)"
ZTC010H_LEFTOVER = "follows from ztc-010h: its zaaktype cannot be deleted (tied to the besluittype the suite published), and every later 'Create Zaaktype ...' sends the same identificatie and beginGeldigheid 2004-01-10, a second version with the same start, refused 'unique'; created_zaaktype_url stays unset, so the request names no zaaktype (bad-url on zaaktype, or no URL at all); with a published zaaktype the answers are the suite's (test_concept_rules.py)"
ZTC011G_DUPLICATE = "follows from ztc-010h (see ZTC010H_LEFTOVER): answered identificatie/unique; with a new identificatie Achterkant answers 201, a new concept may point at a published besluittype (zrc-001; docs/api-catalogi.md)"
ZTC013F_BODY = "the test is wrong: its body sends zaaktypen (readOnly on a besluittype), not the informatieobjecttypen its name and prerequest speak of; the informatieobjecttypen cases ztc-013d/e pass"
ZTC013_DUPLICATE = "follows from 'Create Zaaktype for catalogus 1': it reuses the identificatie and period (2005-01-01 to 2012-01-01) of the setUp zaaktype (ztc-001a) still in that catalogus, refused 'unique'; its URL is 'null', so the request names no zaaktype; relations across catalogi are refused (test_ztc_013_relations_stay_in_one_catalogus)"
OTHER = "not analysed yet (issue 14 stays open until each is fixed or explained)"

KNOWN_FAILURES: dict[tuple[str, str, str], str] = {
    ("ac", "(COMMON) Delete Applicatie", ""): NO_REQUEST,
    (
        "ac",
        "(ac-001b) Applicatie aanmaken met al gebruikte client_id is onmogelijk",
        "Applicatie aanmaken een client_id die al gebruikt is voor een andere applicatie geeft 400",
    ): AC001B,
    ("brc", "(COMMON) Delete Besluit", ""): NO_REQUEST,
    ("brc", "(COMMON) Delete BesluitInformatieObject", ""): NO_REQUEST,
    (
        "brc",
        "(brc-006a) Besluit aanmaken bij Zaak met besluittype niet in Zaak.zaaktype.besluittypen is onmogelijk",
        "Besluit aanmaken bij Zaak met besluittype niet in Zaak.zaaktype.besluittypen geeft 400",
    ): ZRC_GLOBAL,
    ("brc", "Create Zaak for besluittype validation", ""): ZRC_GLOBAL,
    ("brc", "Delete Zaak", ""): ZRC_GLOBAL,
    ("drc", "(COMMON) Delete BesluitInformatieObject", ""): NO_REQUEST,
    ("drc", "(COMMON) Delete ObjectInformatieObject", ""): NO_REQUEST,
    ("drc", "(COMMON) Delete ZaakInformatieObject", ""): NO_REQUEST,
    ("drc", "(COMMON) Lock EnkelvoudigInformatieObject", ""): NO_REQUEST,
    ("drc", "(COMMON) Lock created EnkelvoudigInformatieObject", ""): NO_REQUEST,
    ("drc", "(COMMON) Unlock EnkelvoudigInformatieObject", ""): NO_REQUEST,
    ("drc", "(COMMON) Unlock created EnkelvoudigInformatieObject", ""): NO_REQUEST,
    (
        "drc",
        "(drc-003b) ObjectInformatieObject aanmaken met bestaande combinatie object en informatieobject en objectType besluit is onmogelijk",
        "ObjectInformatieObject aanmaken met objecttype besluit en bestaande combinatie object en informatieobject geeft 400",
    ): NO_REQUEST,
    (
        "drc",
        "(drc-009j) EnkelvoudigInformatieObject geforceerd unlocken zonder applicatie is onmogelijk",
        "EnkelvoudigInformatieObject geforceerd unlocken zonder applicatie met juiste scope geeft 400",
    ): SAME_TOKEN,
    (
        "oas:NRC",
        "Publiceer een notificatie.",
        "Publiceer een NOTIFICATIE geeft 201",
    ): NRC_PUBLISH_201,
    (
        "oas:ZRC",
        "Werk een ZAAKEIGENSCHAP deels bij.",
        "Werk een ZAAKEIGENSCHAP deels bij geeft 200",
    ): EIGENSCHAP,
    (
        "oas:ZRC",
        "Werk een ZAAKEIGENSCHAP in zijn geheel bij.",
        "Werk een ZAAKEIGENSCHAP in zijn geheel bij geeft 200",
    ): EIGENSCHAP,
    (
        "oas:ZTC",
        "Verwijder een BESLUITTYPE.",
        "Verwijder een BESLUITTYPE geeft 204",
    ): PUBLISHED_DELETE,
    (
        "oas:ZTC",
        "Verwijder een INFORMATIEOBJECTTYPE.",
        "Verwijder een INFORMATIEOBJECTTYPE geeft 204",
    ): PUBLISHED_DELETE,
    ("oas:ZTC", "Verwijder een ZAAKTYPE.", "Verwijder een ZAAKTYPE geeft 204"): PUBLISHED_DELETE,
    ("zrc", "(COMMON) Delete Zaak", ""): NO_REQUEST,
    ("zrc", "(COMMON) Delete ZaakInformatieObject", ""): NO_REQUEST,
    ("zrc", "(COMMON) Lock EnkelvoudigInformatieObject", ""): NO_REQUEST,
    ("zrc", "(COMMON) Unlock EnkelvoudigInformatieObject", ""): NO_REQUEST,
    ("zrc", "(zrc-021c) Afleidingswijze eigenschap", ""): EIGENSCHAP,
    (
        "zrc",
        "(zrc-021c) Afleidingswijze eigenschap",
        "Resultaat met afleidingswijze eigenschap toevoegen aan Zaak zet correcte Zaak.archiefdatum",
    ): EIGENSCHAP,
    (
        "zrc",
        "(zrc-021c) Afleidingswijze eigenschap",
        "Resultaat toevoegen aan Zaak zonder archiefnominatie betekent dat archiefnominatie afgeleid wordt uit Resultaattype",
    ): EIGENSCHAP,
    (
        "zrc",
        "(zrc-022d) Zaak bijwerken archiefstatus niet nog_te_archiveren is onmogelijk als archiefnominatie niet gezet",
        "Zaak bijwerken archiefstatus zetten op niet nog_te_archiveren zonder waarde voor archiefnominatie geeft 400",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-022e) Zaak deels bijwerken archiefstatus niet nog_te_archiveren is onmogelijk als archiefnominatie niet gezet",
        "Zaak bijwerken archiefstatus zetten op niet nog_te_archiveren zonder waarde voor archiefnominatie geeft 400",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-022f) Zaak bijwerken archiefstatus niet nog_te_archiveren is onmogelijk als archiefactiedatum niet gezet",
        "Zaak bijwerken archiefstatus zetten op niet nog_te_archiveren zonder waarde voor archiefactiedatum geeft 400",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-022g) Zaak deels bijwerken archiefstatus niet nog_te_archiveren is onmogelijk als archiefactiedatum niet gezet",
        "Zaak deels bijwerken archiefstatus zetten op niet nog_te_archiveren zonder waarde voor archiefactiedatum geeft 400",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-022h) Zaak bijwerken archiefstatus niet nog_te_archiveren is mogelijk",
        "Zaak bijwerken archiefstatus zetten op niet nog_te_archiveren met archiefactiedatum en archiefnominatie gezet geef 200",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-023h) ObjectInformatieObject verdwijnt uit drc na Zaak verwijdering",
        "",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-023h) ObjectInformatieObject verdwijnt uit drc na Zaak verwijdering",
        "ObjectInformatieObject ophalen uit drc na Zaak verwijdering geeft 404",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-023i) ZaakInformatieObject verdwijnt uit zrc na Zaak verwijdering",
        "",
    ): NO_REQUEST,
    (
        "zrc",
        "(zrc-023i) ZaakInformatieObject verdwijnt uit zrc na Zaak verwijdering",
        "ZaakInformatieObject ophalen uit zrc na Zaak verwijdering geeft 404",
    ): NO_REQUEST,
    ("zrc", "Add Eigenschap to Zaak without archiefnominatie", ""): EIGENSCHAP,
    ("zrc", "Change Informatieobject status to not gearchiveerd", ""): NO_REQUEST,
    ("zrc", "Delete Applicatie from AC", ""): UNSET_GLOBAL,
    ("zrc", "Delete Applicatie without geforceerd bijwerken", ""): UNSET_GLOBAL,
    ("zrc", "Delete Resultaat from Zaak", ""): FOLLOW,
    ("zrc", "Delete Zaak without archiefnominatie", ""): EIGENSCHAP,
    ("zrc", "Delete second Applicatie from AC", ""): UNSET_GLOBAL,
    ("zrc", "Retrieve ObjectInformatieObject url", ""): NO_REQUEST,
    ("ztc", "(COMMON) Delete Zaaktype", ""): FOLLOW,
    ("ztc", "(COMMON) Delete Zaaktype-Informatieobjecttype", ""): FOLLOW,
    (
        "ztc",
        "(ztc-009a) Zaaktype met concept False bijwerken is niet toegestaan",
        "Zaaktype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-009b) Zaaktype met concept False deels bijwerken is niet toegestaan",
        "Zaaktype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-009d) Zaaktype met concept False verwijderen is niet toegestaan",
        "Zaaktype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-009i) Informatieobjecttype met concept False bijwerken is niet toegestaan",
        "Informatieobjecttype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-009j) Informatieobjecttype met concept False deels bijwerken is niet toegestaan",
        "Informatieobjecttype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-009l) Informatieobjecttype met concept False verwijderen is niet toegestaan",
        "Informatieobjecttype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010a) Besluittype gerelateerd aan Informatieobjecttype met concept False bijwerken is niet toegestaan",
        "Besluittype gerelateerd aan Informatieobjecttype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010a) Besluittype gerelateerd aan Informatieobjecttype met concept False deels bijwerken is niet toegestaan",
        "Besluittype gerelateerd aan Informatieobjecttype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010a) Besluittype gerelateerd aan Informatieobjecttype met concept False verwijderen is niet toegestaan",
        "Besluittype gerelateerd aan Informatieobjecttype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010b) Eigenschap gerelateerd aan Zaaktype met concept False bijwerken is niet toegestaan",
        "Eigenschap gerelateerd aan Zaaktype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010b) Eigenschap gerelateerd aan Zaaktype met concept False deels bijwerken is niet toegestaan",
        "Eigenschap gerelateerd aan Zaaktype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010b) Eigenschap gerelateerd aan Zaaktype met concept False verwijderen is niet toegestaan",
        "Eigenschap gerelateerd aan Zaaktype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010d) Resultaattype gerelateerd aan Zaaktype met concept False bijwerken is niet toegestaan",
        "Resultaattype gerelateerd aan Zaaktype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010d) Resultaattype gerelateerd aan Zaaktype met concept False deels bijwerken is niet toegestaan",
        "Resultaattype gerelateerd aan Zaaktype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010d) Resultaattype gerelateerd aan Zaaktype met concept False verwijderen is niet toegestaan",
        "Resultaattype gerelateerd aan Zaaktype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010e) Roltype gerelateerd aan Zaaktype met concept False bijwerken is niet toegestaan",
        "Roltype gerelateerd aan Zaaktype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010e) Roltype gerelateerd aan Zaaktype met concept False deels bijwerken is niet toegestaan",
        "Roltype gerelateerd aan Zaaktype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010e) Roltype gerelateerd aan Zaaktype met concept False verwijderen is niet toegestaan",
        "Roltype gerelateerd aan Zaaktype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010f) Statustype gerelateerd aan Zaaktype met concept False bijwerken is niet toegestaan",
        "Statustype gerelateerd aan Zaaktype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010f) Statustype gerelateerd aan Zaaktype met concept False deels bijwerken is niet toegestaan",
        "Statustype gerelateerd aan Zaaktype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010f) Statustype gerelateerd aan Zaaktype met concept False verwijderen is niet toegestaan",
        "Statustype gerelateerd aan Zaaktype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010g) Zaaktype-Informatieobjecttype gerelateerd aan Informatieobjecttype en Zaaktype met concept False bijwerken is niet toegestaan",
        "Zaaktype-Informatieobjecttype gerelateerd aan Informatieobjecttype en Zaaktype met concept False bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010g) Zaaktype-Informatieobjecttype gerelateerd aan Informatieobjecttype en Zaaktype met concept False deels bijwerken is niet toegestaan",
        "Zaaktype-Informatieobjecttype gerelateerd aan Informatieobjecttype en Zaaktype met concept False deels bijwerken geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010g) Zaaktype-Informatieobjecttype gerelateerd aan Informatieobjecttype en Zaaktype met concept False verwijderen is niet toegestaan",
        "Zaaktype-Informatieobjecttype gerelateerd aan Informatieobjecttype en Zaaktype met concept False verwijderen geeft 400",
    ): NO_PUBLISH_REQUEST,
    (
        "ztc",
        "(ztc-010g) Zaaktype-Informatieobjecttype gerelateerd aan Zaaktype met concept False bijwerken is mogelijk",
        "Zaaktype-Informatieobjecttype gerelateerd aan Zaaktype met concept False bijwerken geeft 200",
    ): ZTC010G_SKIPPED_LINK,
    (
        "ztc",
        "(ztc-010g) Zaaktype-Informatieobjecttype gerelateerd aan Zaaktype met concept False deels bijwerken is mogelijk",
        "Zaaktype-Informatieobjecttype gerelateerd aan Zaaktype met concept False deels bijwerken geeft 200",
    ): ZTC010G_SKIPPED_LINK,
    (
        "ztc",
        "(ztc-010g) Zaaktype-Informatieobjecttype gerelateerd aan Zaaktype met concept False verwijderen is toegestaan",
        "Zaaktype-Informatieobjecttype gerelateerd aan Zaaktype met concept False verwijderen geeft 204",
    ): ZTC010G_SKIPPED_LINK,
    (
        "ztc",
        "(ztc-010h) Zaaktype gerelateerd aan Informatieobjecttype met concept False bijwerken is toegestaan",
        "Zaaktype gerelateerd aan Informatieobjecttype met concept False bijwerken geeft 200",
    ): ZTC010H_BESLUITTYPE_TIE,
    (
        "ztc",
        "(ztc-010h) Zaaktype gerelateerd aan Informatieobjecttype met concept False deels bijwerken is toegestaan",
        "Zaaktype gerelateerd aan Informatieobjecttype met concept False deels bijwerken geeft 200",
    ): ZTC010H_BESLUITTYPE_TIE,
    (
        "ztc",
        "(ztc-011a) Besluittype aanmaken met relatie naar Informatieobjecttype met concept False is niet toegestaan",
        "Besluittype aanmaken met relatie naar Informatieobjecttype met concept False geeft 400",
    ): ZTC011_NEW_RELATION,
    (
        "ztc",
        "(ztc-011a) Besluittype aanmaken met relatie naar Zaaktype met concept False is niet toegestaan",
        "Besluittype aanmaken met relatie naar Zaaktype met concept False geeft 400",
    ): BESLUITTYPE_ZAAKTYPEN,
    (
        "ztc",
        "(ztc-011a) Besluittype bijwerken relatie leggen met Informatieobjecttype met concept False is niet toegestaan",
        "Besluittype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC011_NEW_RELATION,
    (
        "ztc",
        "(ztc-011a) Besluittype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Besluittype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): BESLUITTYPE_ZAAKTYPEN,
    (
        "ztc",
        "(ztc-011a) Besluittype deels bijwerken relatie leggen met Informatieobjecttype met concept False is niet toegestaan",
        "Besluittype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC011_NEW_RELATION,
    (
        "ztc",
        "(ztc-011a) Besluittype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Besluittype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): BESLUITTYPE_ZAAKTYPEN,
    (
        "ztc",
        "(ztc-011b) Eigenschap aanmaken met relatie naar Zaaktype met concept False is niet toegestaan",
        "Eigenschap aanmaken met relatie naar Zaaktype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011b) Eigenschap bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Eigenschap bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011b) Eigenschap deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Eigenschap deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011c) Resultaattype aanmaken met relatie naar Zaaktype met concept False is niet toegestaan",
        "Resultaattype aanmaken met relatie naar Zaaktype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011c) Resultaattype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Resultaattype bijwerken relatie leggen met Zaaktype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011c) Resultaattype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Resultaattype deels bijwerken relatie leggen met Zaaktype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011d) Roltype aanmaken met relatie naar Zaaktype met concept False is niet toegestaan",
        "Roltype aanmaken met relatie naar Zaaktype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011d) Roltype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Roltype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011d) Roltype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Roltype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011e) Statustype aanmaken met relatie naar Zaaktype met concept False is niet toegestaan",
        "Statustype aanmaken met relatie naar Zaaktype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011e) Statustype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Statustype bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011e) Statustype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Statustype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype aanmaken met Informatieobjecttype met concept False is mogelijk",
        "Zaaktype-Informatieobjecttype aanmaken met Informatieobjecttype met concept False geeft 201",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype aanmaken met Zaaktype en Informatieobjecttype met concept False is niet toegestaan",
        "Zaaktype-Informatieobjecttype aanmaken met Zaaktype en Informatieobjecttype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype aanmaken met Zaaktype met concept False is mogelijk",
        "Zaaktype-Informatieobjecttype aanmaken met Zaaktype met concept False geeft 201",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Informatieobjecttype met concept False is mogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Informatieobjecttype met concept False is mogelijk",
        "Zaaktype-Informatieobjecttype bijwerken met Informatieobjecttype met concept False geeft 200",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Informatieobjecttype met concept False is mogelijk",
        "Zaaktype-Informatieobjecttype deels bijwerken met Informatieobjecttype met concept False geeft 200",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype met concept False is niet mogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype met concept False is niet mogelijk",
        "Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype met concept False is niet mogelijk",
        "Zaaktype-Informatieobjecttype deels bijwerken met Zaaktype en Informatieobjecttype met concept False geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Zaaktype met concept False is mogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype bijwerken met Zaaktype met concept False is mogelijk",
        "Zaaktype-Informatieobjecttype bijwerken met Zaaktype met concept False geeft 200",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype deels bijwerken met Zaaktype met concept False is mogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-011f) Zaaktype-Informatieobjecttype deels bijwerken met Zaaktype met concept False is mogelijk",
        "Zaaktype-Informatieobjecttype deels bijwerken met Zaaktype met concept False geeft 200",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011g) Zaaktype aanmaken met relatie naar Besluittype met concept False is niet toegestaan",
        "Zaaktype aanmaken met relatie naar Besluittype met concept False geeft 400",
    ): ZTC011G_DUPLICATE,
    (
        "ztc",
        "(ztc-011g) Zaaktype bijwerken relatie leggen met Informatieobjecttype met concept False is niet toegestaan",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-011g) Zaaktype bijwerken relatie leggen met Informatieobjecttype met concept False is niet toegestaan",
        "Zaaktype bijwerken relatie leggen met Informatieobjecttype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-011g) Zaaktype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-011g) Zaaktype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan",
        "Zaaktype deels bijwerken relatie leggen met Zaaktype met concept False is niet toegestaan geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-012a) Zaaktype met gerelateerd concept Besluittype publiceren geeft 400",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-012a) Zaaktype met gerelateerd concept Besluittype publiceren geeft 400",
        "Zaaktype met gerelateerd concept Besluittype publiceren geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-012b) Zaaktype met gerelateerd concept Informatieobjecttype publiceren geeft 400",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-012b) Zaaktype met gerelateerd concept Informatieobjecttype publiceren geeft 400",
        "Zaaktype met gerelateerd concept Besluittype publiceren geeft 400",
    ): ZTC010H_LEFTOVER,
    (
        "ztc",
        "(ztc-013a) Besluittype aanmaken met relatie naar Zaaktype uit andere catalogus is onmogelijk",
        "Besluittype aanmaken met relatie naar Zaaktype uit andere catalogus geeft 400",
    ): BESLUITTYPE_ZAAKTYPEN,
    (
        "ztc",
        "(ztc-013b) Besluittype bijwerken met relatie naar Zaaktype uit andere catalogus is onmogelijk",
        "Besluittype bijwerken met relatie naar Zaaktype uit andere catalogus geeft 400",
    ): BESLUITTYPE_ZAAKTYPEN,
    (
        "ztc",
        "(ztc-013c) Besluittype deels bijwerken met relatie naar Zaaktype uit andere catalogus is onmogelijk",
        "Besluittype deels bijwerken met relatie naar Zaaktype uit andere catalogus geeft 400",
    ): BESLUITTYPE_ZAAKTYPEN,
    (
        "ztc",
        "(ztc-013f) Besluittype deels bijwerken met relatie naar Informatieobjecttype uit andere catalogus is onmogelijk",
        "Besluittype deels bijwerken met relatie naar Informatieobjecttype uit andere catalogus geeft 400",
    ): ZTC013F_BODY,
    (
        "ztc",
        "(ztc-013h) Zaaktype bijwerken met relatie naar Besluittype uit andere catalogus is onmogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-013h) Zaaktype bijwerken met relatie naar Besluittype uit andere catalogus is onmogelijk",
        "Zaaktype bijwerken met relatie naar Besluittype uit andere catalogus geeft 400",
    ): ZTC013_DUPLICATE,
    (
        "ztc",
        "(ztc-013i) Zaaktype deels bijwerken met relatie naar Besluittype uit andere catalogus is onmogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-013i) Zaaktype deels bijwerken met relatie naar Besluittype uit andere catalogus is onmogelijk",
        "Zaaktype deels bijwerken met relatie naar Besluittype uit andere catalogus geeft 400",
    ): ZTC013_DUPLICATE,
    (
        "ztc",
        "(ztc-013j) Zaaktype-Informatieobjecttype aanmaken met Zaaktype en Informatieobjecttype uit verschillende catalogi is onmogelijk",
        "Zaaktype-Informatieobjecttype aanmaken met Zaaktype en Informatieobjecttype uit verschillende catalogi geeft 400",
    ): ZTC013_DUPLICATE,
    (
        "ztc",
        "(ztc-013k) Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype uit andere catalogus is onmogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-013k) Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype uit andere catalogus is onmogelijk",
        "Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype uit verschillende catalogi geeft 400",
    ): ZTC013_DUPLICATE,
    (
        "ztc",
        "(ztc-013l) Zaaktype-Informatieobjecttype deels bijwerken met Zaaktype en Informatieobjecttype uit andere catalogus is onmogelijk",
        "",
    ): FOLLOW,
    (
        "ztc",
        "(ztc-013l) Zaaktype-Informatieobjecttype deels bijwerken met Zaaktype en Informatieobjecttype uit andere catalogus is onmogelijk",
        "Zaaktype-Informatieobjecttype bijwerken met Zaaktype en Informatieobjecttype uit verschillende catalogi geeft 400",
    ): ZTC013_DUPLICATE,
    ("ztc", "Delete Zaaktype1", ""): FOLLOW,
    ("ztc", "Delete initial Zaaktype", ""): FOLLOW,
}
