"""The package's zip: written entry by entry, the collection deflated in pieces that ``ankigen watch``
reuses when their bytes did not change. Whatever the path (bytes or a file, with or without the
last package's pieces), the same database gives the same package, and any zip reader reads it."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

from ankigen.media import MediaFile
from ankigen.package import DEFLATE_CHUNK, Deflated, collection_zip, write_collection


def _database(size: int, seed: int = 3) -> bytes:
    """``size`` bytes that deflate like a collection: repeated words with numbers in between."""
    rng = random.Random(seed)
    words = [b"note", b"card", b"field\x1f", b"Shard", b"Quorum", b"\x00\x00\x00", b"<b>term</b>"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + str(rng.randrange(10_000)).encode()
    return bytes(out[:size])


def _zipfile_package(database: bytes, media: list[MediaFile], comment: bytes) -> bytes:
    """The same package written by ``zipfile`` itself: level 1, entries dated 1980-01-01, mode 644."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.comment = comment
        ordered = sorted(media, key=lambda item: item.name)
        index = {str(number): item.name for number, item in enumerate(ordered)}
        entries = [("collection.anki2", database), ("media", json.dumps(index, sort_keys=True).encode())]
        entries += [(str(number), item.data) for number, item in enumerate(ordered)]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return buffer.getvalue()


def _read_back(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_collection_of_one_piece_zips_to_the_bytes_zipfile_writes() -> None:
    # one piece (under 64 KiB) is deflated in one go, as zipfile deflates: the headers, the media
    # index, the media entries and the comment are byte for byte zipfile's
    database = _database(DEFLATE_CHUNK - 100)
    media = [MediaFile("b.png", b"\x89PNG" + bytes(300)), MediaFile("a.svg", b"<svg/>" * 50)]
    comment = b"ankigen build 0123"
    assert collection_zip(database, media, comment=comment) == _zipfile_package(database, media, comment)


def test_pieces_reused_from_the_last_package_give_the_bytes_of_a_package_made_afresh(tmp_path: Path) -> None:
    first = _database(5 * DEFLATE_CHUNK + 1234)
    middle = 2 * DEFLATE_CHUNK + 500
    edge = 3 * DEFLATE_CHUNK - 10  # within the 32 KiB the next piece starts from
    changes = [
        first[:middle] + b"X" + first[middle + 1 :],  # one byte in the third piece
        first[:edge] + b"Y" + first[edge + 1 :],  # one byte the fourth piece refers back to
        first + b"grown by a few bytes",  # the last piece is no longer the same last piece
        first + _database(6 * DEFLATE_CHUNK - len(first), seed=4),  # ends on a piece's boundary
        first + _database(6 * DEFLATE_CHUNK - len(first), seed=4) + b"past it",  # the same sixth piece, not last
        first + _database(6 * DEFLATE_CHUNK - len(first), seed=4),  # and back: the same sixth piece, last
        first[: 4 * DEFLATE_CHUNK + 7],  # shrunk: one piece fewer
        first,
    ]
    memo = Deflated()
    out = tmp_path / "deck.apkg"
    reused: list[int] = []
    for database in [first, *changes]:
        before = list(memo.pieces)
        write_collection(out, database, memo=memo)
        assert out.read_bytes() == collection_zip(database)  # the same bytes as without the memo
        assert _read_back(out.read_bytes())["collection.anki2"] == database
        reused.append(sum(any(piece is old for old in before) for piece in memo.pieces))
    # a piece is reused where its bytes and the 32 KiB before it are the same (and it is, or is
    # not, the last), and only there: the third piece changed; then the third and fourth (the byte
    # back and the edge one); the third, fourth and last; the last; the sixth, last no more, and a
    # seventh made; the sixth, last again; the fifth (now the last); the fifth, and a sixth made
    assert reused == [0, 5, 4, 3, 5, 5, 5, 4, 4]


def test_a_database_read_from_a_file_gives_the_bytes_of_the_same_database_in_memory(tmp_path: Path) -> None:
    for size in (0, 100, DEFLATE_CHUNK, 3 * DEFLATE_CHUNK, 3 * DEFLATE_CHUNK + 1):
        database = _database(size)
        source = tmp_path / f"collection-{size}.anki2"
        source.write_bytes(database)
        media = [MediaFile("diagram.png", b"\x89PNG" + bytes(range(256)) * 40)]
        write_collection(tmp_path / "from-file.apkg", source, media, comment=b"id")
        write_collection(tmp_path / "from-bytes.apkg", database, media, comment=b"id", memo=Deflated())
        package = (tmp_path / "from-file.apkg").read_bytes()
        assert package == (tmp_path / "from-bytes.apkg").read_bytes(), size
        assert _read_back(package) == {
            "collection.anki2": database,
            "media": b'{"0": "diagram.png"}',
            "0": media[0].data,
        }
