"""DatabaseStorage (core/storage.py): files in the `StoredFile` table, on SQLite and PostgreSQL
alike; the default storage on PostgreSQL, FileSystemStorage on SQLite. Names are made unique as
on disk, and a file goes with a rolled-back transaction. (That a survey answer's file and a
report's PDF end up in the table on PostgreSQL: surveys' and reports' tests.)"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import IntegrityError, connection, transaction

from teilhabe.core.models import StoredFile
from teilhabe.core.storage import DatabaseStorage

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64


def test_the_default_storage_follows_the_database():
    expected = DatabaseStorage if POSTGRESQL else FileSystemStorage
    assert type(storages["default"]) is expected


def test_a_file_is_saved_opened_measured_and_deleted():
    storage = DatabaseStorage()
    name = storage.save("surveys/7/bericht.pdf", ContentFile(PDF))
    assert name == "surveys/7/bericht.pdf" and storage.exists(name)
    assert StoredFile.objects.get(name=name).size == len(PDF) == storage.size(name)
    with storage.open(name) as file:
        assert file.read() == PDF
    assert storage.get_modified_time(name) == StoredFile.objects.get(name=name).created_at
    storage.delete(name)
    assert not storage.exists(name)
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    with pytest.raises(FileNotFoundError):
        storage.size(name)


def test_an_upload_kept_on_disk_by_django_is_read_from_there(tmp_path):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("gross.pdf", "application/pdf", len(PDF), None)
    upload.write(PDF)
    name = DatabaseStorage().save("surveys/7/gross.pdf", upload)
    assert bytes(StoredFile.objects.get(name=name).content) == PDF


def test_a_name_taken_gets_another_as_on_disk():
    storage = DatabaseStorage()
    first = storage.save("events/1/protokoll.txt", ContentFile(b"eins"))
    second = storage.save("events/1/protokoll.txt", ContentFile(b"zwei"))
    assert first == "events/1/protokoll.txt"
    assert second != first and second.startswith("events/1/protokoll_")
    assert second.endswith(".txt")
    assert storage.open(first).read() == b"eins" and storage.open(second).read() == b"zwei"


class _Late(DatabaseStorage):
    """A storage that checks the name before another process takes it: the first answer of
    get_available_name is the name as asked, as it was a moment before the other's insert."""

    def __init__(self) -> None:
        self.asked = 0

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        self.asked += 1
        return name if self.asked == 1 else super().get_available_name(name, max_length)


def test_a_name_taken_at_the_same_moment_gets_another():
    DatabaseStorage().save("events/1/foto.jpg", ContentFile(b"anderer Prozess"))
    storage = _Late()
    name = storage.save("events/1/foto.jpg", ContentFile(b"dieser"))
    assert name != "events/1/foto.jpg" and storage.open(name).read() == b"dieser"
    assert StoredFile.objects.get(name="events/1/foto.jpg").size == len(b"anderer Prozess")


def test_listdir_gives_folders_and_files():
    storage = DatabaseStorage()
    for name in ("imports/a", "imports/b.json", "imports/sub/c", "importsx/d", "top"):
        storage.save(name, ContentFile(b"x"))
    assert storage.listdir("imports") == (["sub"], ["a", "b.json"])
    assert storage.listdir("") == (["imports", "importsx"], ["top"])


def test_a_file_goes_with_its_rolled_back_transaction():
    storage = DatabaseStorage()
    kept = storage.save("reports/1/alt.pdf", ContentFile(b"alt"))
    with pytest.raises(IntegrityError), transaction.atomic():
        storage.save("reports/1/neu.pdf", ContentFile(b"neu"))
        with connection.cursor() as cursor:  # a failing write breaks the transaction
            cursor.execute(
                "INSERT INTO core_storedfile (name, content, size, created_at) "
                "SELECT name, content, size, created_at FROM core_storedfile"
            )
    # Deleting while the transaction is broken neither fails nor removes anything.
    with pytest.raises(IntegrityError), transaction.atomic():
        try:
            StoredFile.objects.create(name=kept, content=b"", size=0)
        finally:
            storage.delete(kept)
    assert list(StoredFile.objects.values_list("name", flat=True)) == [kept]


def test_files_are_not_written_through_open():
    with pytest.raises(ValueError):
        DatabaseStorage().open("reports/1/x.pdf", "wb")
