"""The interface's catalogues: every message translated into French and Arabic, none
fuzzy, placeholders kept, the compiled files in step, and no message of the code
missing from them."""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def named(text: str) -> set[str]:
    """The named placeholders of a message (``%(count)d``)."""
    return {match.group(0) for match in PLACEHOLDER.finditer(text) if match.group(1)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    expected_forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))

    untranslated = [e.msgid for e in po if not e.obsolete and not all(forms(e))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    short = [e.msgid for e in po if e.msgid_plural and len(forms(e)) != expected_forms]

    assert len(po) > 1000
    assert (untranslated, fuzzy, short) == ([], [], [])
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    """Every placeholder a translation uses exists, and it uses every one of the message;
    a plural form may leave out what the English singular leaves out ("a minute")."""
    wrong = []
    for entry in catalogue(language):
        allowed = named(entry.msgid) | named(entry.msgid_plural)
        required = named(entry.msgid) if entry.msgid_plural else allowed
        for text in forms(entry):
            if not (required <= named(text) <= allowed):
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_says_what_the_catalogue_says(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    for entry in catalogue(language):
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                count = next(n for n in range(200) if translations.plural(n) == index)
                assert translations.ngettext(entry.msgid, entry.msgid_plural, count) == text
        elif entry.msgctxt:
            assert translations.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert translations.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_every_message_of_the_code_is_in_the_catalogues(tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext): `.ci/run` does.")
    source = Path(settings.BASE_DIR) / "src" / "crossroads"
    copy = tmp_path / "crossroads"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    (copy / "locale").mkdir()
    command = [
        sys.executable,
        "-m",
        "crossroads",
        "makemessages",
        "-l",
        "fr",
        "-e",
        "html,txt,py",
        "--no-location",
    ]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)

    in_code = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))
    }
    for language in LANGUAGES:
        known = {(e.msgctxt, e.msgid) for e in catalogue(language) if not e.obsolete}
        assert sorted(in_code - known, key=str) == [], f"run `make messages` ({language})"


#: The names the code translates with.
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}


def test_no_message_hides_in_an_f_string():
    """xgettext does not read the expressions of an f-string, so ``f"{_('By:')}"`` never
    reaches the catalogues and stays in English (as the cards' "By:" once did)."""
    hidden = []
    for path in (Path(settings.BASE_DIR) / "src" / "crossroads").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                called = isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                if called and inner.func.id in GETTEXT_NAMES:
                    hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []
