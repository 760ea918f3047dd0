"""The public library: filters, search, a page per paper, downloads that resume."""

from sqlalchemy import inspect

from tamkeen import PROJECT_ROOT
from tamkeen.database import utcnow
from tamkeen.extensions import db
from tamkeen.papers.models import PaperDownload, PolicyPaper

from ..pdftools import page_count, pdf_text, snapshot

PAPERS = PROJECT_ROOT / "courses" / "papers"


def test_library_filters_by_topic_and_language(client, make):
    make.paper("Registering an association", topic="associations", language="fr")
    make.paper("Protecting your data", topic="digital-safety", language="ar")
    query = {"topic": "associations", "language": "all"}
    page = client.get("/papers", query_string=query).get_data(as_text=True)
    assert "Registering an association" in page and "Protecting your data" not in page
    page = client.get("/papers", query_string={"language": "ar"}).get_data(as_text=True)
    assert "Protecting your data" in page and "Registering an association" not in page


def test_the_library_opens_on_the_interface_language_with_all_one_link_away(client, make):
    make.paper("Registering an association", topic="associations", language="fr")
    make.paper("Protecting your data", topic="digital-safety", language="ar")
    client.post_form("/language", {"locale": "ar"})
    page = client.get("/papers").get_data(as_text=True)
    assert "Protecting your data" in page and "Registering an association" not in page
    # The search and topic are kept by the link to every language.
    page = client.get("/papers", query_string={"q": "data"}).get_data(as_text=True)
    assert 'href="/papers?q=data&amp;language=all"' in page
    page = client.get("/papers?q=data&language=all").get_data(as_text=True)
    assert "Protecting your data" in page and "filter-all" not in page
    page = client.get("/papers?language=all").get_data(as_text=True)
    assert "Registering an association" in page and "Protecting your data" in page


def test_search_looks_in_titles_and_summaries_but_not_authors(client, make):
    make.paper("Online expression", summary="Prison for posts must end.", authors=["Karim"])
    make.paper("Fair registration", summary="Receipts withheld.")
    page = client.get("/papers", query_string={"q": "PRISON posts"}).get_data(as_text=True)
    assert "Online expression" in page and "Fair registration" not in page
    page = client.get("/papers", query_string={"q": "Karim"}).get_data(as_text=True)
    assert "Online expression" not in page and "No paper matches" in page
    page = client.get("/papers", query_string={"q": "100%_"}).get_data(as_text=True)
    assert "No paper matches" in page  # LIKE wildcards are searched as text


def test_an_unknown_filter_value_shows_every_paper(client, make):
    make.paper("Online expression")
    query = {"topic": "nope", "language": "en"}
    page = client.get("/papers", query_string=query).get_data(as_text=True)
    assert "Online expression" in page


def test_library_uses_a_fixed_number_of_queries(client, make, count_queries):
    make.paper("One")

    def measure():
        with count_queries() as counter:
            assert client.get("/papers").status_code == 200
        return counter.count

    one = measure()
    for number in range(5):
        make.paper(f"Paper {number}")
    assert measure() == one


def test_paper_page_shows_the_summary_and_a_download(client, make):
    paper = make.paper("Online expression", summary="Prison for posts must end.")
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "Prison for posts must end." in page
    assert f"/papers/{paper.id}/download" in page
    assert client.get("/papers/999999").status_code == 404


def test_a_markdown_paper_can_be_read_on_its_page_without_downloading(client, make):
    body = (
        "## Summary\n\nPosts are speech.[^1]\n\n"
        "## Recommendations\n\nRepeal it.\n\n[^1]: ICCPR, art. 19."
    )
    paper = make.paper("Online expression", body=body)
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert '<a href="#section-1">Summary</a>' in page
    assert '<a href="#section-2">Recommendations</a>' in page
    assert 'id="section-2"' in page and "Repeal it." in page
    assert "ICCPR, art. 19." in page


def test_an_uploaded_paper_page_offers_the_download_only(client, make):
    paper = make.paper("Scanned", body=None, file_name="x.pdf", file_size=2048, summary="A scan.")
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "A scan." in page and f"/papers/{paper.id}/download" in page
    assert "Read the paper here" not in page


def test_the_paper_page_is_light_and_asks_a_fixed_number_of_queries(app, client, count_queries):
    """The longest bundled paper, read on a phone: under 30 KB compressed with its stylesheet."""
    import gzip

    app.test_cli_runner().invoke(args=["papers", "import", str(PAPERS)])
    with app.app_context():
        papers = db.session.query(PolicyPaper.id).all()
    weights = []
    for (paper_id,) in papers:
        with count_queries() as queries:
            html = client.get(f"/papers/{paper_id}").get_data()
        assert queries.count <= 3, queries.statements
        weights.append(len(gzip.compress(html)))
    with client.get("/static/css/tamkeen.css") as css:
        stylesheet = len(gzip.compress(css.get_data()))
    assert max(weights) + stylesheet < 30 * 1024, (max(weights), stylesheet)


def download(client, paper, **headers):
    response = client.get(f"/papers/{paper.id}/download", headers=headers)
    body = response.get_data()
    response.close()
    return response, body


def test_download_is_an_attachment_that_can_be_cached_and_resumed(client, make):
    paper = make.paper("Online expression")
    response, whole = download(client, paper)
    assert response.status_code == 200 and whole[:5] == b"%PDF-"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["Accept-Ranges"] == "bytes"
    partial, part = download(client, paper, Range="bytes=100-1099")
    assert partial.status_code == 206
    assert part == whole[100:1100]
    assert partial.headers["Content-Range"] == f"bytes 100-1099/{len(whole)}"
    again, _ = download(client, paper, **{"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_signed_in_readers_get_the_same_cacheable_download(client, make, signed_in_trainee):
    paper = make.paper("Online expression")
    response, _ = download(client, paper)
    assert "public" in response.headers["Cache-Control"]
    assert "no-store" not in response.headers["Cache-Control"]
    page = client.get(f"/papers/{paper.id}")
    assert page.headers["Cache-Control"] == "no-store"  # pages stay private


def test_downloads_are_counted_per_day_and_never_per_person(app, client, make):
    paper = make.paper("Online expression")
    download(client, paper)
    download(client, paper)
    download(client, paper, Range="bytes=0-99")  # a resumed download is not a new one
    with app.app_context():
        rows = db.session.query(PaperDownload).all()
        assert [(row.day, row.count) for row in rows] == [(utcnow().date(), 2)]
        db.session.rollback()
        columns = {column["name"] for column in inspect(db.engine).get_columns("paper_downloads")}
    assert columns == {"id", "paper_id", "day", "count"}


def test_staff_see_the_daily_counts_and_trainees_do_not(client, make, auth):
    paper = make.paper("Online expression")
    download(client, paper)
    make.user("amal")
    make.user("tess", roles=("trainer",))
    auth.login("amal")
    assert "Downloads per day" not in client.get(f"/papers/{paper.id}").get_data(as_text=True)
    auth.logout()
    auth.login("tess")
    page = client.get(f"/papers/{paper.id}").get_data(as_text=True)
    assert "Downloads per day" in page and "<td>1</td>" in page


def _bundled(app, client, slug):
    app.test_cli_runner().invoke(args=["papers", "import", str(PAPERS)])
    with app.app_context():
        return db.session.query(PolicyPaper).filter_by(slug=slug).one().id


def test_arabic_paper_prints_right_to_left_with_contents_and_notes(app, client, tmp_path):
    paper_id = _bundled(app, client, "online-expression-and-the-law-ar")
    with client.get(f"/papers/{paper_id}/download") as response:
        path = tmp_path / "paper-ar.pdf"
        path.write_bytes(response.get_data())
    cover = pdf_text(path, 1)
    assert "التعبير على الإنترنت والقانون في المغرب" in cover
    assert "المحتويات" in cover and "ملخص" in cover and "توصيات" in cover
    text = pdf_text(path)
    assert "تدافع هذه الورقة عن ثلاث أفكار" in text
    snapshot(path, "paper-ar-contents", page=1)
    snapshot(path, "paper-ar-text", page=3)


def test_french_paper_prints_its_headings_tables_and_references(app, client, tmp_path):
    paper_id = _bundled(app, client, "fair-registration-of-associations-fr")
    with client.get(f"/papers/{paper_id}/download") as response:
        path = tmp_path / "paper-fr.pdf"
        path.write_bytes(response.get_data())
    text = pdf_text(path)
    assert "Pour une déclaration équitable des associations au Maroc" in text
    assert "Sommaire" in pdf_text(path, 1)
    assert "Recommandations" in text and "Références" in text
    snapshot(path, "paper-fr-cover", page=1)


def test_every_bundled_paper_prints_on_four_to_eight_pages(app, client, tmp_path):
    """Issue 7 asks for papers of 4–8 pages: count the pages WeasyPrint really prints."""
    app.test_cli_runner().invoke(args=["papers", "import", str(PAPERS)])
    with app.app_context():
        papers = db.session.query(PolicyPaper.id, PolicyPaper.slug).all()
    assert len(papers) == 9
    for paper_id, slug in papers:
        path = tmp_path / f"{slug}.pdf"
        with client.get(f"/papers/{paper_id}/download") as response:
            path.write_bytes(response.get_data())
        assert 4 <= page_count(path) <= 8, f"{slug}: {page_count(path)} pages"
