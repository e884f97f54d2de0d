"""Static files in production: whitenoise's hashed and compressed names, each name's URL
worked out once per process.

Every page links half a dozen stylesheets and scripts with ``{% static %}``; each asked
the manifest storage anew (name cleaning, the manifest lookup, URL joining). The manifest
is read once, when the storage is made, and does not change while the process runs
(``achterkant serve`` collects the files in a child process before the workers start), so
neither does a name's URL.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Names come from templates, a fixed set; the bound only guards against surprises.
_MAX_KEPT = 1024


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False) -> str:
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self._urls) >= _MAX_KEPT:
                self._urls.clear()
            self._urls[name] = url
        return url
