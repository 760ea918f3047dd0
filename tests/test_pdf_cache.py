"""PDFs found in the cache without rendering anything, and laid out once however many ask
at once (issue 17)."""

import subprocess
import sys
import threading

import pytest

from tamkeen import PROJECT_ROOT, pdf
from tamkeen.extensions import db
from tamkeen.learning import handbook
from tamkeen.learning.models import Lesson
from tamkeen.locks import exclusive
from tamkeen.papers import services as papers
from tamkeen.papers.models import PolicyPaper


def download(client, url: str) -> bytes:
    with client.get(url) as response:
        assert response.status_code == 200
        return response.get_data()


@pytest.fixture
def no_rendering(monkeypatch):
    """From now on, making a document's HTML or laying it out fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("rendered although the document was cached")

    def forbid():
        monkeypatch.setattr(pdf, "render_template", refuse)
        monkeypatch.setattr(pdf, "html_to_pdf", refuse)
        monkeypatch.setattr(handbook, "render_markdown", refuse)
        monkeypatch.setattr(papers, "render_markdown_outline", refuse)

    return forbid


def test_a_cached_handbook_is_sent_without_rendering_the_course(app, client, make, no_rendering):
    course = make.course(modules=2, lessons=2)
    make.quiz(course)
    url = f"/courses/{course.id}/handbook"
    first = download(client, url)
    no_rendering()
    assert download(client, url) == first


def test_a_changed_lesson_makes_a_new_handbook(app, client, make):
    course = make.course()
    url = f"/courses/{course.id}/handbook"
    first = download(client, url)
    with app.app_context():
        db.session.get(Lesson, course.modules[0].lessons[0].id).body = "A new sentence."
        db.session.commit()
    assert download(client, url) != first


def test_a_cached_paper_is_sent_without_rendering_it(app, client, make, no_rendering):
    paper = make.paper()
    url = f"/papers/{paper.id}/download"
    first = download(client, url)
    no_rendering()
    assert download(client, url) == first


def test_a_changed_paper_is_laid_out_again(app, client, make):
    paper = make.paper()
    url = f"/papers/{paper.id}/download"
    first = download(client, url)
    with app.app_context():
        db.session.get(PolicyPaper, paper.id).body = "Rewritten."
        db.session.commit()
    assert download(client, url) != first


def test_concurrent_first_requests_lay_a_document_out_once(app, make, monkeypatch):
    paper = make.paper()
    layouts = []
    real_layout = pdf.html_to_pdf

    def counted(*args, **kwargs):
        layouts.append(threading.get_ident())
        real_layout(*args, **kwargs)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    start = threading.Barrier(6)
    files, failures = [], []

    def ask():
        try:
            with app.test_request_context():
                loaded = db.session.get(PolicyPaper, paper.id)
                start.wait()
                files.append(papers.paper_pdf(loaded).read_bytes())
        except Exception as error:  # reported below, with the thread's own error
            failures.append(error)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(layouts) == 1
    assert len(files) == 6 and len(set(files)) == 1 and files[0].startswith(b"%PDF-")


HOLDER = """
import sys, time
sys.path.insert(0, {platform!r})
from pathlib import Path
from tamkeen.locks import exclusive
with exclusive(Path({path!r})):
    print("held", flush=True)
    time.sleep(1)
    Path({mark!r}).write_text("done")
"""


def test_the_lock_holds_across_processes(tmp_path):
    path, mark = tmp_path / "doc.lock", tmp_path / "mark"
    script = HOLDER.format(platform=str(PROJECT_ROOT / "platform"), path=str(path), mark=str(mark))
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with exclusive(path):
        assert mark.read_text() == "done"  # the other process finished its work first
    holder.wait(30)
    holder.stdout.close()
    assert not path.exists()  # a released lock leaves nothing behind
