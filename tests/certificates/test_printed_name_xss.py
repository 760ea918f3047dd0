"""A printed name is shown to strangers (anyone with the code verifies it): each corpus
payload, as a holder's printed name, comes out inert on the public verification page and
on the holder's own certificate page."""

import re

from ..inert import active_content
from ..xss_corpus import PAYLOADS

NAME = 80  # the column's length, as the form accepts


def test_no_printed_name_payload_is_active_on_the_pages_that_show_it(app, client, make, auth):
    course = make.course(modules=1, lessons=1)
    holders = []
    for number, payload in enumerate(PAYLOADS):
        person = make.user(f"h{number}")
        holders.append((person, make.certificate(person, course, printed_name=payload[:NAME])))
    assert len(holders) >= 100

    for _person, certificate in holders:
        page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
        shown = re.search(r'<dd dir="auto">(.*?)</dd>', page, re.S).group(1)
        assert active_content(shown) == [], certificate.printed_name

    person, certificate = holders[0]
    auth.login(person.username)
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    shown = re.search(r'<strong dir="auto">(.*?)</strong>', page, re.S).group(1)
    assert active_content(shown) == []
