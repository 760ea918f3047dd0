"""A file's extension and size inside an Arabic sentence keep their order: "(.zip)" is
isolated from the sentence, a size reads in the page's language ("18.5 كيلوبايت")."""

from markupsafe import Markup

from tamkeen.i18n import isolate

from .helpers import upload
from .pictures import photo

FSI, PDI = "\u2068", "\u2069"


def test_isolate_escapes_text_and_keeps_markup():
    assert isolate("<b>a</b>") == Markup(f"{FSI}&lt;b&gt;a&lt;/b&gt;{PDI}")
    assert isolate(Markup("<bdi>.txt</bdi>")) == Markup(f"{FSI}<bdi>.txt</bdi>{PDI}")


def test_a_trainers_arabic_pages_isolate_extensions_and_size_their_files(client, make, auth):
    rania = make.user("rania", roles=("trainee", "trainer"), locale="ar")
    course = make.course(owner=rania, status="draft")
    auth.login("rania")
    page = client.get(f"/teach/courses/{course.id}").get_data(as_text=True)
    assert "(<bdi>.zip</bdi>)" in page  # "Download as a package (.zip)"
    upload(client, f"/teach/courses/{course.id}/images", "image", photo(), "Beach.jpg")
    page = client.get(f"/teach/courses/{course.id}/images").get_data(as_text=True)
    assert "كيلوبايت" in page and " kB" not in page
    client.post_form("/account", {"locale": "fr"})
    page = client.get(f"/teach/courses/{course.id}/images").get_data(as_text=True)
    assert "\u202fko" in page or "\u00a0ko" in page
