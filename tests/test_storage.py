"""The file storage's contract (platform/tamkeen/storage.py), run against each backend: the
folder in DATA_DIR and an S3-compatible server (moto's, started here: tests/app_servers.py
says why not MinIO). Then what uses it, on S3: an uploaded paper and a cached PDF are
stored in the bucket, nothing in DATA_DIR, and download as from the disk."""

import io

import pytest
from pypdf import PdfReader, PdfWriter

from tamkeen import pdf, storage
from tamkeen.certificates.models import Certificate
from tamkeen.certificates.services import certificate_pdf
from tamkeen.extensions import db
from tamkeen.storage import FolderStorage, StoredFile, make_storage

from .app_servers import app_settings, free_port, s3_server


@pytest.fixture(scope="module")
def s3():
    with s3_server() as settings:
        yield app_settings(settings)


@pytest.fixture(params=["folder", "s3"])
def store(request, tmp_path):
    if request.param == "folder":
        return FolderStorage(tmp_path)
    settings = request.getfixturevalue("s3")
    backend = make_storage({**settings, "S3_PREFIX": tmp_path.name})  # a test of its own
    return backend


def test_put_get_exists_delete(store):
    assert not store.exists("papers/a.pdf")
    store.put("papers/a.pdf", b"%PDF-1 first")
    assert store.exists("papers/a.pdf") and store.get("papers/a.pdf") == b"%PDF-1 first"
    store.put("papers/a.pdf", b"%PDF-1 second")  # replaced whole
    with store.open("papers/a.pdf") as stream:
        assert stream.read() == b"%PDF-1 second"
    store.delete("papers/a.pdf")
    store.delete("papers/a.pdf")  # already gone: fine
    assert not store.exists("papers/a.pdf")


def test_a_missing_file_is_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        store.get("papers/none.pdf")
    with pytest.raises(FileNotFoundError):
        store.open("pdf-cache/none.pdf")


def test_listing_and_deleting_by_prefix(store):
    for key in ("pdf-cache/ab/ab1.pdf", "pdf-cache/people/7/cd/cd1.pdf",
                "pdf-cache/people/7/ef/ef1.pdf", "pdf-cache/people/70/ab/ab2.pdf",
                "papers/x.pdf"):  # fmt: skip
        store.put(key, key.encode())
    listed = {entry.key: entry.size for entry in store.listing("pdf-cache/")}
    assert listed == {key: len(key) for key in listed} and len(listed) == 4
    assert {entry.key for entry in store.listing("pdf-cache/people/7/")} == {
        "pdf-cache/people/7/cd/cd1.pdf",
        "pdf-cache/people/7/ef/ef1.pdf",
    }
    assert all(entry.modified > 0 for entry in store.listing("papers/"))
    assert store.delete_prefix("pdf-cache/people/7/") == 2
    assert not store.exists("pdf-cache/people/7/cd/cd1.pdf")
    assert store.exists("pdf-cache/people/70/ab/ab2.pdf") and store.exists("papers/x.pdf")
    assert list(store.listing("nothing/")) == []


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../secret_key", "papers/../../x", "a\\b"])
def test_a_key_outside_the_storage_is_refused(store, key):
    with pytest.raises(ValueError):
        store.put(key, b"x")
    with pytest.raises(ValueError):
        store.exists(key)


def test_the_folder_storage_is_data_dirs_layout(tmp_path):
    FolderStorage(tmp_path).put("papers/abc.pdf", b"%PDF")
    path = tmp_path / "papers" / "abc.pdf"
    assert path.read_bytes() == b"%PDF"
    assert path.stat().st_mode & 0o777 == 0o600  # private, as every file in DATA_DIR
    assert FolderStorage(tmp_path).local_path("papers/abc.pdf") == path


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"STORAGE": "nfs"}, "TAMKEEN_STORAGE must be one of folder, s3"),
        ({"STORAGE": "s3", "S3_ENDPOINT": "http://localhost:9000"}, "TAMKEEN_S3_BUCKET"),
    ],
)
def test_settings_naming_no_usable_storage_stop_the_start(tmp_path, settings, message):
    with pytest.raises(ValueError, match=message):
        make_storage({"DATA_DIR": tmp_path, **settings})


@pytest.fixture
def s3_app(app, s3, tmp_path):
    app.config.update({**s3, "S3_PREFIX": f"app-{tmp_path.name}"})
    storage.register_storage(app)
    return app


def test_papers_and_pdfs_live_in_the_bucket_on_s3(s3_app, client, make, auth):
    make.user("tess", roles=("trainee", "trainer"))
    auth.login("tess")
    form = {"title": "Buckets", "authors": "Tamkeen", "language": "en", "topic": "digital-safety",
            "summary": "Stored elsewhere.", "published_on": "2026-11-01",
            "pdf": (io.BytesIO(one_page()), "paper.pdf")}  # fmt: skip
    response = client.post_form("/papers/new", form, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.get(response.headers["Location"] + "/download") as download:
        assert download.status_code == 200
        assert len(PdfReader(io.BytesIO(download.get_data())).pages) == 1
    course = make.course("Stored handbooks", modules=1, lessons=1)
    with client.get(f"/courses/{course.id}/handbook") as handbook:
        assert handbook.status_code == 200 and handbook.get_data().startswith(b"%PDF-")
    with s3_app.test_request_context():
        keys = [entry.key for entry in storage.current().listing("")]
    assert [key.split("/")[0] for key in keys] == ["papers", "pdf-cache"], keys
    data_dir = s3_app.config["DATA_DIR"]
    assert not (data_dir / "papers").exists()
    assert not list((data_dir / "pdf-cache").rglob("*.pdf"))


def one_page() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_stored_file_downloads_from_s3_with_ranges(s3_app, client):
    from tamkeen.web import send_download

    data = one_page()
    with s3_app.test_request_context():
        storage.current().put("papers/one.pdf", data)
        stored = StoredFile(storage.current(), "papers/one.pdf")
        assert stored.local_path() is None
    with s3_app.test_request_context(headers={"Range": "bytes=0-4"}):
        partial = send_download(stored, "one.pdf", public=True)
        partial.direct_passthrough = False
        assert partial.status_code == 206 and partial.get_data() == b"%PDF-"
    with s3_app.test_request_context():
        whole = send_download(stored, "one.pdf", public=True)
        whole.direct_passthrough = False
        assert whole.status_code == 200 and whole.headers["ETag"] == '"one"'
        assert len(PdfReader(io.BytesIO(whole.get_data())).pages) == 1
    assert not (s3_app.config["DATA_DIR"] / "papers").exists()


def test_on_s3_an_erasure_deletes_the_persons_pdfs_and_the_purge_old_ones(s3_app, make):
    user = make.user("holder")
    course = make.course("Stored certificates", modules=1, lessons=1)
    certificate = make.certificate(user, course, printed_name="Holder")
    with s3_app.test_request_context():
        stored = certificate_pdf(db.session.get(Certificate, certificate.id))
        assert stored.key.startswith(f"pdf-cache/people/{user.id}/")
        assert stored.local_path() is None and stored.read_bytes().startswith(b"%PDF-")
        storage.current().put("pdf-cache/ab/other.pdf", b"%PDF- someone else's")
        pdf.forget_owner(user.id)
        assert not storage.current().exists(stored.key)
        assert storage.current().exists("pdf-cache/ab/other.pdf")
        assert pdf.purge_cache(older_than_days=1) == 0  # written just now
        assert pdf.purge_cache(older_than_days=-1) == 1  # "older than tomorrow": all
        assert list(storage.current().listing("pdf-cache/")) == []


def test_healthz_checks_the_bucket_when_files_are_kept_there(s3_app, client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.get_json()["storage"] == "ok"
    s3_app.config["S3_ENDPOINT"] = f"http://localhost:{free_port()}"  # nobody listens
    storage.register_storage(s3_app)
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.get_json()["storage"] == "failing"
    assert set(answer.get_json()) == {"database", "migrations", "storage"}  # nothing else
