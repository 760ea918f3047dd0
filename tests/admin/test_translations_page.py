"""/admin/translations: how far each catalogue is, and the English of every string it lacks
(issue 21), read from the template and the .po files translators edit."""

import re
import shutil

from babel.messages.pofile import read_po, write_po

from tamkeen.admin.translations import catalogue_states
from tamkeen.i18n import TRANSLATIONS_DIR


def test_the_administrator_sees_each_language_complete_and_zgh_awaiting_review(client, make, auth):
    make.user("root", roles=("admin",))
    auth.login("root")
    assert 'href="/admin/translations"' in client.get("/admin/users").get_data(as_text=True)
    page = client.get("/admin/translations").get_data(as_text=True)
    for code, name in (("ar", "العربية"), ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"), ("fr", "Français")):
        assert f'<h2 id="missing-{code}">' in page and name in page
    assert "English</a>" not in page  # the source language is not counted
    assert page.count("Every string is translated.") == 3
    zgh_row = re.search(r'<tr>\s*<th scope="row"><a href="#missing-zgh".*?</tr>', page, re.S)[0]
    assert "Awaiting review by native speakers" in zgh_row
    assert "0</td>" in zgh_row


def test_a_missing_empty_or_fuzzy_string_is_listed_for_its_language(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, folder, ignore=shutil.ignore_patterns("*.mo"))
    zgh = folder / "zgh" / "LC_MESSAGES" / "messages.po"
    with zgh.open("rb") as handle:
        catalogue = read_po(handle)
    catalogue["Sign in"].string = ""  # left empty
    catalogue["Courses"].flags.add("fuzzy")  # a guess nobody checked
    catalogue.delete("Sign out")  # not yet merged from the template
    with zgh.open("wb") as handle:
        write_po(handle, catalogue, width=100)
    (folder / "fr" / "LC_MESSAGES" / "messages.po").unlink()  # no catalogue at all
    states = {state.code: state for state in catalogue_states(folder)}
    assert set(states) == {"ar", "zgh", "fr"}
    assert sorted(states["zgh"].untranslated) == ["Courses", "Sign in", "Sign out"]
    assert states["zgh"].translated == states["zgh"].total - 3
    assert states["ar"].untranslated == []
    assert states["fr"].translated == 0


def test_plural_strings_count_once_by_their_singular(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, folder, ignore=shutil.ignore_patterns("*.mo"))
    ar = folder / "ar" / "LC_MESSAGES" / "messages.po"
    with ar.open("rb") as handle:
        catalogue = read_po(handle)
    plural = next(m for m in catalogue if isinstance(m.id, tuple) and m.id[0] == "%(num)d point")
    plural.string = (*plural.string[:-1], "")  # one of the six forms missing
    with ar.open("wb") as handle:
        write_po(handle, catalogue, width=100)
    ar_state = next(s for s in catalogue_states(folder) if s.code == "ar")
    assert ar_state.untranslated == ["%(num)d point"]
