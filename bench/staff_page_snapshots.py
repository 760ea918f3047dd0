"""Snapshots of the staff pages, to check that a change keeps them byte-identical.

    .venv/bin/python bench/staff_page_snapshots.py DIR [--database-dir DB_DIR]

Seeds the demo cohort of bench/signed_in_pages.py once into DB_DIR (kept, so a second run
under other code reads the same rows), then writes the dashboard and the participants
table (pages 1 and 2, sorted by name and by progress, one organization) in ar, fr and en,
CSRF tokens removed, into DIR (``--again``: each page's second view, from the reports'
cache). Compare two DIRs with ``diff -r``.
"""

import argparse
import re
from pathlib import Path

from quiz_data import bench_app
from signed_in_pages import PASSWORD, seed

from tests.conftest import Auth
from tests.factories import without_csrf_tokens

# The layout's sign-out form writes its token as name="csrf_token" value="...".
SIGN_OUT_TOKEN = re.compile(r'(name="csrf_token" value=")[^"]*')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--database-dir", type=Path, default=Path("/tmp/staff-snapshots-db"))
    parser.add_argument(
        "--again", action="store_true", help="write each page's second view (from the cache)"
    )
    args = parser.parse_args()
    args.database_dir.mkdir(parents=True, exist_ok=True)
    database = args.database_dir / "bench.sqlite"
    fresh = not database.exists()
    app = bench_app(f"sqlite:///{database}", args.database_dir, fresh=fresh)
    ids_file = args.database_dir / "ids"
    if fresh:
        ids = seed(app, 120)
        ids_file.write_text(repr(ids))
    ids = eval(ids_file.read_text())  # noqa: S307 (our own file)
    client = app.test_client()
    Auth(client).login(ids["organizer"], PASSWORD)
    cohort = ids["cohort"]
    paths = {
        "dashboard": f"/cohorts/{cohort}",
        "dashboard-org": f"/cohorts/{cohort}?organization=1",
        "table": f"/cohorts/{cohort}/participants",
        "table-2": f"/cohorts/{cohort}/participants?page=2",
        "table-progress": f"/cohorts/{cohort}/participants?sort=progress&order=desc",
        "table-org": f"/cohorts/{cohort}/participants?organization=1&sort=activity",
        "table-search": f"/cohorts/{cohort}/participants?q=a",
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for locale in ("ar", "fr", "en"):
        assert client.post_form("/language", {"locale": locale}).status_code == 302
        for name, path in paths.items():
            response = client.get(path, headers={"Accept-Language": locale})
            if args.again:
                response = client.get(path, headers={"Accept-Language": locale})
            page = SIGN_OUT_TOKEN.sub(r"\1", without_csrf_tokens(response.get_data(as_text=True)))
            (args.out / f"{name}.{locale}.html").write_text(f"{response.status_code}\n{page}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
