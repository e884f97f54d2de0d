"""Documents in S3-compatible object storage (issue 13; docs/scaling.md, "Documents").

``STORAGE_BACKEND=s3`` stores documents through django-storages' S3 backend. Here it talks
to a real S3 HTTP API on 127.0.0.1: moto's server (``moto[server]`` from PyPI), started by
the test. A document is uploaded through the desk's own upload action, lands in the bucket
(not on local disk), and comes back through the desk's download, streamed. MinIO, Ceph RGW
and AWS S3 speak the same API; only the endpoint and keys differ.
"""

import hashlib
import json
import os
import socket
import subprocess
import sys

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.cases.models import Document

BUCKET = "achterkant-documenten"
KEYS = {"access_key": "test-toegang", "secret_key": "test-geheim"}  # noqa: S105 - fake
# A PDF of about 1.5 MB: larger than one download chunk, so the response really streams.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% vulling\n" * 150_000 + b"%%EOF\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings, tmp_path):
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"],
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = str(tmp_path / "media")  # must stay empty
    # What settings.py builds from STORAGE_BACKEND=s3 and the AWS_* variables.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1",
                "addressing_style": "path", "default_acl": None, "querystring_auth": False,
                "file_overwrite": False, **KEYS,
            },
        },
    }  # fmt: skip
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_settings_switch_the_document_storage_to_s3():
    """What settings.py makes of the environment, read in a fresh process."""
    env = {
        **os.environ,
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    script = (
        "import json; from achterkant.conf import settings; print(json.dumps(settings.STORAGES))"
    )
    result = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60,
        check=True,
    )  # fmt: skip
    storages = json.loads(result.stdout.strip().splitlines()[-1])
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == BUCKET
    assert storages["default"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert storages["default"]["OPTIONS"]["querystring_auth"] is False
    # Static files stay where they were (WhiteNoise's storage in production).
    assert "s3" not in storages["staticfiles"]["BACKEND"]


def test_a_document_goes_to_the_bucket_and_streams_back_through_the_desk(
    tenant_a, s3_bucket, settings, tmp_path
):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    response = client.post(
        f"/desk/zaken/{case.number}/document/",
        {"title": "Foto", "upload": SimpleUploadedFile("melding.pdf", PDF)},
    )
    assert response.status_code == 302, response.content[:2000]
    with tenant_a.active():
        document = Document.objects.get(case=case)

    # In the bucket, under the stored name; nothing on local disk.
    stored = s3_bucket.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
    assert stored == PDF
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))

    download = client.get(f"/desk/zaken/{case.number}/documenten/{document.pk}/")
    assert download.status_code == 200
    assert download.streaming
    chunks = list(download.streaming_content)
    assert len(chunks) > 1  # streamed in pieces, not read into one response body
    body = b"".join(chunks)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert download["Content-Type"] == "application/pdf"
