"""Candidate 1: Django REST framework.

``ZaakListView`` is DRF as usually written: a ModelSerializer over model instances and
PageNumberPagination. ``LeanZaakListView`` uses DRF only for the request, rendering and
response, over the hand-written ``.values()`` query in ``common``.
"""

from django.http import HttpResponse
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from achterkant.cases.models import Case

from . import common


class ZaakSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    identificatie = serializers.CharField(source="number")
    bronorganisatie = serializers.SerializerMethodField()
    omschrijving = serializers.CharField(source="description")
    zaaktype = serializers.SerializerMethodField()
    registratiedatum = serializers.DateField(source="registered_on")
    verantwoordelijkeOrganisatie = serializers.CharField(  # noqa: N815 - ZGW field name
        source="responsible_organisation_rsin"
    )
    startdatum = serializers.DateField(source="start_date")
    einddatum = serializers.DateField(source="end_date")
    einddatumGepland = serializers.DateField(source="planned_end_date")  # noqa: N815
    uiterlijkeEinddatumAfdoening = serializers.DateField(source="latest_end_date")  # noqa: N815
    communicatiekanaal = serializers.CharField(source="channel")
    vertrouwelijkheidaanduiding = serializers.CharField(source="confidentiality")
    betalingsindicatie = serializers.CharField(source="payment_indication")
    status = serializers.SerializerMethodField()
    archiefstatus = serializers.CharField(source="archive_status")

    class Meta:
        model = Case
        fields = [
            "url", "identificatie", "bronorganisatie", "omschrijving", "zaaktype",
            "registratiedatum", "verantwoordelijkeOrganisatie", "startdatum", "einddatum",
            "einddatumGepland", "uiterlijkeEinddatumAfdoening", "communicatiekanaal",
            "vertrouwelijkheidaanduiding", "betalingsindicatie", "status", "archiefstatus",
        ]  # fmt: skip

    def get_url(self, case: Case) -> str:
        return f"{self.context['base']}/zaken/api/v1/zaken/{case.number}"

    def get_bronorganisatie(self, case: Case) -> str:
        return self.context["request"].organisation.rsin

    def get_zaaktype(self, case: Case) -> str:
        return f"{self.context['base']}/catalogi/api/v1/zaaktypen/{case.case_type_id}"

    def get_status(self, case: Case) -> str | None:
        if case.current_status_id is None:
            return None
        return f"{self.context['base']}/zaken/api/v1/statussen/{case.current_status_id}"


class ZaakPagination(PageNumberPagination):
    page_size = common.PAGE_SIZE


class ZaakListView(generics.ListAPIView):
    serializer_class = ZaakSerializer
    pagination_class = ZaakPagination

    def get_queryset(self):
        return common.cases(self.request.query_params.get(common.BSN_PARAM))

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "base": common.base_url(self.request)}


class LeanZaakListView(APIView):
    def get(self, request: Request) -> Response:
        bsn = request.query_params.get(common.BSN_PARAM)
        return Response(common.lean_envelope(request._request, bsn))


class FastZaakListView(APIView):
    """DRF's request handling, the answer written by pydantic-core (as /ninja-fast)."""

    def get(self, request: Request) -> HttpResponse:
        bsn = request.query_params.get(common.BSN_PARAM)
        return common.json_response(common.lean_envelope(request._request, bsn))
