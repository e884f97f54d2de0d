"""Static URLs in production (``conf.static_storage``): each name's URL is worked out once
per process, and it is the URL whitenoise's manifest storage gives."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from achterkant.conf.static_storage import StaticFilesStorage


def test_a_name_has_the_manifest_storage_url_worked_out_once(tmp_path, monkeypatch):
    manifest = {"paths": {"achterkant/site.css": "achterkant/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    ours = StaticFilesStorage(location=tmp_path, base_url="/static/")
    theirs = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    url = ours.url("achterkant/site.css")
    assert url == theirs.url("achterkant/site.css") == "/static/achterkant/site.0123abcd.css"
    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", None)  # not asked again
    assert ours.url("achterkant/site.css") == url
    monkeypatch.undo()
    with pytest.raises(ValueError):  # a name the manifest lacks is an error, every time
        ours.url("achterkant/missing.css")
    with pytest.raises(ValueError):
        ours.url("achterkant/missing.css")
