"""Cheap checks that keep the architecture's promises true as the code grows."""

import ast
import re
import sys
import tomllib
from pathlib import Path

from django.apps import apps

from achterkant.tenancy.models import TenantManager, TenantModel


def test_every_tenant_owned_model_is_scoped_by_default():
    tenant_models = [m for m in apps.get_models() if issubclass(m, TenantModel)]
    assert len(tenant_models) >= 10
    for model in tenant_models:
        assert isinstance(model._default_manager, TenantManager), model
        assert model._base_manager.__class__.__name__ == "Manager", model


def test_every_model_with_an_organisation_is_a_tenant_model():
    from achterkant.staff.models import User
    from achterkant.tenancy.models import Hostname

    # Staff and host names are looked up before a tenant is known (log-in, host resolution).
    allowed = {User, Hostname}
    for model in apps.get_models():
        field_names = {f.name for f in model._meta.get_fields()}
        if "organisation" in field_names and model not in allowed:
            assert issubclass(model, TenantModel), model


# --- Platform apps know no domain: the greps the import linter cannot do ---------------
# The linter sees imports only. A URL name or a permission is a string, so a platform app
# could still lean on an interface or a domain app through one; these tests read the
# source. The app lists come from the "Platform apps know no domain" import contract.

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _platform_contract() -> tuple[list[str], list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = (
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"] == "Platform apps know no domain"
    )
    labels = [name.split(".")[-1] for name in contract["forbidden_modules"]]
    return contract["source_modules"], labels


def _platform_files(suffixes: tuple[str, ...]) -> list[Path]:
    sources, _ = _platform_contract()
    files = []
    for module in sources:
        folder = SRC.joinpath(*module.split("."))
        files += [
            p for p in folder.rglob("*") if p.suffix in suffixes and "migrations" not in p.parts
        ]
    return files


def _string_constants(path: Path):
    """Every string literal in a module except docstrings, with f-strings' leading text."""
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                docstrings.add(id(first))  # checked here, as the start of the f-string
                yield node.lineno, first.value + "{…}"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def _offences(pattern: re.Pattern) -> list[str]:
    found = []
    for path in _platform_files((".py",)):
        for line, text in _string_constants(path):
            if pattern.match(text):
                found.append(f"{path.relative_to(SRC)}:{line}: {text!r}")
    return found


def _domain_pattern(template: str) -> re.Pattern:
    _, labels = _platform_contract()
    return re.compile(template.format(labels="|".join(labels)))


def test_platform_apps_name_no_interface_url():
    # reverse("portal:messages") in notify was how notify knew the portal; the portal now
    # supplies the link (notify.links).
    urls = _domain_pattern(r"(?:{labels}|api):[\w-]+$")
    assert _offences(urls) == []
    template_urls = _domain_pattern(r"""\{{%\s*url\s+["'](?:{labels}|api):""")
    found = [
        str(path.relative_to(SRC))
        for path in _platform_files((".html", ".txt"))
        if template_urls.search(path.read_text())
    ]
    assert found == []


def test_platform_apps_name_no_domain_permission():
    # "cases.reopen_case" in staff/roles.py: each app now declares its own grants.
    permissions = _domain_pattern(r"(?:{labels})\.(?:\w+|\{{…\}})")
    assert _offences(permissions) == []


def test_the_source_greps_find_what_they_look_for(tmp_path, monkeypatch):
    """The greps above would fail on the old code: prove they see both kinds of string."""
    module = tmp_path / "old.py"
    module.write_text(
        '"""Docstring mentions "cases.view_case" and reverse("portal:messages")."""\n'
        "from django.urls import reverse\n"
        'LINK = reverse("portal:messages")\n'
        'PERMISSIONS = {"contacts.add_contact", *(f"catalog.{a}_product" for a in "x")}\n'
    )
    monkeypatch.setattr(sys.modules[__name__], "_platform_files", lambda suffixes: [module])
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert _offences(_domain_pattern(r"(?:{labels}|api):[\w-]+$")) == [
        "old.py:3: 'portal:messages'"
    ]
    assert sorted(_offences(_domain_pattern(r"(?:{labels})\.(?:\w+|\{{…\}})"))) == [
        "old.py:4: 'catalog.{…}'",
        "old.py:4: 'contacts.add_contact'",
    ]
