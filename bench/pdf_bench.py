"""Benchmark of Tamkeen's PDFs: certificate cold and warm, cached download, a 10-page paper,
the handbook of a whole course, and pdf.py's first render against bare WeasyPrint.

    .venv/bin/python bench/pdf_bench.py [--runs 7]

Uses a throwaway SQLite database and data folder. Prints medians. Targets (issue 5, on a
2-core machine): a cached certificate download under 20 ms of server time; a first render no
more than 1.2 x a bare WeasyPrint render of the same HTML.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from flask_migrate import upgrade  # noqa: E402

from tamkeen import create_app  # noqa: E402
from tamkeen.extensions import db  # noqa: E402

PARAGRAPH = (
    "Civil society organisations in Morocco work under a declaration system, and the law "
    "asks the authorities for a receipt within a legal time limit. In practice the receipt "
    "is sometimes withheld, and an association without it cannot open a bank account.[^1] "
)
COLD_SCRIPT = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {platform!r})
from tamkeen import create_app
app = create_app({config!r})
with app.test_request_context():
    from tamkeen.certificates import services
    from tamkeen.certificates.models import Certificate
    from tamkeen.extensions import db
    certificate = db.session.get(Certificate, {certificate_id})
    certificate.printed_name = "Cold start {stamp}"
    render = time.perf_counter()
    services.certificate_pdf(certificate)
    done = time.perf_counter()
print(done - render, done - start)
"""


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def timed(function, runs: int) -> list[float]:
    samples = []
    for run in range(runs):
        start = time.perf_counter()
        function(run)
        samples.append(time.perf_counter() - start)
    return samples


def setup(folder: Path):
    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
        "DATA_DIR": str(folder),
        "SECRET_KEY": "bench",
        "PUBLIC_URL": "http://127.0.0.1:5000",
        "RATELIMIT_ENABLED": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
    }
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    app.config["DATA_DIR"] = folder
    return app, config


def make_data(app):
    from tamkeen.accounts.services import register_user
    from tamkeen.certificates.services import choose_printed_name, issue_certificate
    from tamkeen.learning.models import Course, Lesson, Module
    from tamkeen.papers.models import PolicyPaper

    body = (
        "\n\n".join(
            f"## Part {n}\n\n"
            + PARAGRAPH * 4
            + "\n\n| Step | Who | When |\n|---|---|---|\n"
            + "| File | Founders | Day 1 |\n| Receipt | Authority | Day 60 |\n"
            for n in range(1, 19)
        )
        + "\n\n[^1]: A source, with its date.\n"
    )
    with app.test_request_context():
        user = register_user("amal", "a long enough passphrase")
        course = Course(slug="bench", language="ar", title="الحق في التعبير على الإنترنت",
                        summary="دورة للجمعيات.", status="published")  # fmt: skip
        for m in range(1, 6):
            module = Module(slug=f"m{m}", position=m, title=f"الوحدة {m}")
            course.modules.append(module)
            for n in range(1, 5):
                module.lessons.append(Lesson(course=course, slug=f"l{m}-{n}", position=n,
                                             title=f"الدرس {m}.{n}", body=body[:3000]))  # fmt: skip
        paper = PolicyPaper(slug="bench-paper", language="en", title="Fair registration",
                            authors=["Tamkeen"], topic="associations", summary="Short.",
                            published_on=date(2026, 11, 1), body=body)  # fmt: skip
        db.session.add_all([course, paper])
        db.session.flush()
        certificate = issue_certificate(user, course)
        choose_printed_name(certificate, "أمل بنعلي ⵜⴰⵎⴽⵉⵏ")
        db.session.commit()
        return certificate.id, course.id, paper.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--cached-only", action="store_true", help="only the cached downloads (issue 17)"
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    folder = Path(tempfile.mkdtemp(prefix="tamkeen-bench-"))
    app, config = setup(folder)
    certificate_id, course_id, paper_id = make_data(app)
    results = {}

    cold = []
    for run in range(0 if arguments.cached_only else max(3, runs // 2)):
        script = COLD_SCRIPT.format(platform=str(ROOT / "platform"), config=config,
                                    certificate_id=certificate_id, stamp=run)  # fmt: skip
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, cwd=ROOT)  # fmt: skip
        cold.append(tuple(float(x) for x in out.stdout.split()))
    if cold:
        results["certificate, first render in a fresh process"] = median_ms([c[0] for c in cold])
        results["  (the whole fresh process, imports included)"] = median_ms([c[1] for c in cold])

    from weasyprint import HTML

    from tamkeen import pdf
    from tamkeen.certificates import services as certificates
    from tamkeen.certificates.models import Certificate
    from tamkeen.learning.handbook import handbook_pdf
    from tamkeen.learning.services import course_outline
    from tamkeen.papers.models import PolicyPaper
    from tamkeen.papers.services import paper_pdf

    with app.test_request_context():
        if arguments.cached_only:
            return cached_downloads(app, certificate_id, course_id, paper_id, runs, results)
        certificate = db.session.get(Certificate, certificate_id)
        certificates.certificate_pdf(certificate)  # warm WeasyPrint and the fonts

        def uncached_certificate(run):
            certificate.printed_name = f"أمل بنعلي {run}"
            certificates.certificate_pdf(certificate)

        first = timed(uncached_certificate, runs)
        results["certificate, warm, not cached (pdf.py)"] = median_ms(first)
        url = "http://x/verify/X"
        html = pdf.render_template(
            "pdf/certificate.html", certificate=certificate, language="ar", code="X",
            verify_url=url, qr=certificates.qr_svg(url), date="21",
        )  # fmt: skip
        base = pdf.STATIC_ROOT.as_uri() + "/"
        bare = timed(lambda run: HTML(string=html, base_url=base).write_pdf(), runs)
        results["certificate, warm, bare WeasyPrint, same HTML"] = median_ms(bare)
        results["first render / bare WeasyPrint (ratio of medians)"] = (
            f"{statistics.median(first) / statistics.median(bare):.2f}"
        )

        paper = db.session.get(PolicyPaper, paper_id)
        path = paper_pdf(paper)
        pages = len(__import__("pypdf").PdfReader(path).pages)

        def uncached_paper(run):
            paper.summary = f"Short, run {run}."
            paper_pdf(paper)

        results[f"paper of {pages} pages, not cached"] = median_ms(timed(uncached_paper, runs))

        course = course_outline(course_id)
        path = handbook_pdf(course)
        pages = len(__import__("pypdf").PdfReader(path).pages)

        def uncached_handbook(run):
            course.summary = f"دورة {run}"
            handbook_pdf(course)

        results[f"handbook of 20 lessons ({pages} pages), not cached"] = median_ms(
            timed(uncached_handbook, max(3, runs // 2))
        )
        db.session.rollback()

    cached_downloads(app, certificate_id, course_id, paper_id, runs, results)


def cached_downloads(app, certificate_id, course_id, paper_id, runs, results) -> None:
    """Server time of downloads already in the cache: a certificate, a paper, a handbook
    (issue 17: a cached handbook or paper within 2 x a cached certificate). Alternated, so
    that a neighbour's load falls on all three alike."""
    client = app.test_client()
    with client.session_transaction() as session:
        from tamkeen.accounts.models import User

        with app.app_context():
            user = db.session.get(User, 1)
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    urls = {
        "cached certificate download, server time": f"/certificates/{certificate_id}/download",
        "cached paper download, server time": f"/papers/{paper_id}/download",
        "cached handbook download, server time": f"/courses/{course_id}/handbook",
    }
    samples = {name: [] for name in urls}
    for url in urls.values():
        client.get(url).close()  # make sure it is cached
    for _ in range(runs * 5):
        for name, url in urls.items():
            started = time.perf_counter()
            with client.get(url) as response:
                assert response.status_code == 200, (url, response.status_code)
                response.get_data()
            samples[name].append(time.perf_counter() - started)
    certificate = statistics.median(samples["cached certificate download, server time"])
    for name, timings in samples.items():
        results[name] = f"{median_ms(timings)}  ({statistics.median(timings) / certificate:.2f} x)"
    width = max(len(name) for name in results)
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
