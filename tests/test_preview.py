"""``ankigen preview``: the page itself, and the page in a real headless Chromium.

The browser tests need the Debian packages ``chromium`` and ``chromium-driver`` (``.ci/run``
installs them) and ``selenium`` (the test extra); where any is missing they skip and say so.
Set ``ANKIGEN_UPDATE_SCREENSHOT=1`` to refresh ``docs/preview.png`` (the README's screenshot).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ankigen
from ankigen.preview import preview_html, render_for_preview, write_preview

from .conftest import NOTES, REPO

WIDE_TABLE = """\
---
deck: Storage
tags: [aws]
---
# ストレージ比較

| サービス | 種類 | 耐久性 | 最大サイズ | 料金モデル | 主な用途 | 備考 |
| --- | --- | --- | --- | --- | --- | --- |
| Amazon S3 | オブジェクト | 99.999999999% | 5 TB / オブジェクト | 容量とリクエスト | 静的ファイル | バージョニング |
| Amazon EBS | ブロック | 99.8〜99.9% | 64 TiB | プロビジョンド容量 | EC2 のディスク | 単一 AZ |
| Amazon EFS | ファイル | 99.999999999% | 無制限 | 使用量 | 共有ファイル | NFS |

Amazon S3 は {{c1::オブジェクトストレージ}} で、容量は {{c2::無制限}}。

## 図

- **S3 Glacier**: アーカイブ用のストレージクラス ![diagram](glacier.png)
- **S3 Standard**: 頻繁にアクセスするデータ向け
"""


def png(width: int, height: int) -> bytes:
    """A small red PNG, made here so the test needs no image library."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ankigen.BuildResult, Path]:
    folder = tmp_path_factory.mktemp("preview")
    (folder / "storage.md").write_text(WIDE_TABLE, encoding="utf-8")
    (folder / "glacier.png").write_bytes(png(40, 20))
    result = ankigen.build_notes([NOTES, folder / "storage.md"])
    assert result.media, "the image is packaged"
    page, _ = write_preview(
        result.notes, folder / "pages" / "preview.html", diagnostics=result.diagnostics, media=result.media
    )
    return result, page


def test_page_is_self_contained(built: tuple[ankigen.BuildResult, Path]) -> None:
    _, page = built
    text = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", text)
    assert "<style>" in text and "<script>" in text


def test_every_note_is_on_the_page_labelled_with_file_and_line(built: tuple[ankigen.BuildResult, Path]) -> None:
    result, page = built
    text = page.read_text(encoding="utf-8")
    for note in result.notes:
        assert f'data-guid="{note.guid}"' in text
        assert f">{note.span.path}:{note.span.line}<" in text
    for deck in result.decks:
        assert f'data-deck="{deck}"' in text


def test_python_and_anki_renderers_make_the_same_page(built: tuple[ankigen.BuildResult, Path]) -> None:
    pytest.importorskip("anki")
    result, _ = built
    python_cards, _ = render_for_preview(result.notes, "python")
    anki_cards, used = render_for_preview(result.notes, "anki")
    assert used == "Anki's own template engine"
    assert preview_html(python_cards) == preview_html(anki_cards)


# ----------------------------------------------------------------------------------------------
# In a real browser
# ----------------------------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install '.[test]')")
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.skip("headless Chromium not found: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="ankigen-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument("--window-size=1200,900")
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            yield driver
        finally:
            driver.quit()


def _open(browser: Any, page: Path, width: int = 1200, height: int = 900) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    browser.get(page.resolve().as_uri())


def _count(browser: Any, selector: str) -> int:
    return int(browser.execute_script("return document.querySelectorAll(arguments[0]).length", selector))


def _visible(browser: Any, selector: str) -> int:
    script = "return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent !== null).length"
    return int(browser.execute_script(script, selector))


def test_browser_shows_every_card(browser: Any, built: tuple[ankigen.BuildResult, Path]) -> None:
    result, page = built
    cards, _ = render_for_preview(result.notes, "python")
    _open(browser, page)
    assert _visible(browser, ".pv-card") == len(cards)
    guids = set(browser.execute_script("return [...document.querySelectorAll('.pv-card')].map(c => c.dataset.guid)"))
    assert guids == {note.guid for note in result.notes}
    assert browser.find_element("id", "pv-shown").text == str(len(cards))


def test_browser_renders_a_japanese_front(browser: Any, built: tuple[ankigen.BuildResult, Path]) -> None:
    _, page = built
    _open(browser, page)
    front = browser.find_element("css selector", '.pv-card[data-kind="definition"] .pv-front .card[lang="ja"]')
    assert "インターネットゲートウェイ" in browser.execute_script(
        "return [...document.querySelectorAll('.pv-front .ag-prompt')].map(e => e.innerText).join('\\n')"
    )
    font = browser.execute_script("return getComputedStyle(arguments[0]).fontFamily", front)
    assert "Noto Sans CJK JP" in font and "Hiragino" in font


def test_browser_comparison_back_shows_its_own_cell_only(browser: Any, built: tuple[ankigen.BuildResult, Path]) -> None:
    """A 6-attribute row asks each attribute on a note of its own; a back shows its own cell, never
    the row (its other cells are the other notes' answers) nor the other rows."""
    _, page = built
    _open(browser, page)
    backs = browser.find_elements("css selector", '.pv-card[data-kind="comparison"] .pv-back')
    own = [b for b in backs if "64 TiB" in (b.get_attribute("innerHTML") or "")]
    assert len(own) == 1
    (back,) = own
    assert back.find_element("css selector", "dl.ag-attrs").is_displayed()
    shown = back.get_attribute("innerHTML") or ""
    assert "NFS" not in shown  # another row's cell
    assert "プロビジョンド容量" not in shown  # this row's cell that another note asks
    assert not back.find_elements("css selector", ".ag-table table")


def test_browser_shows_the_notes_images_inline(browser: Any, built: tuple[ankigen.BuildResult, Path]) -> None:
    _, page = built  # written to a folder of its own: the image can only come from the page itself
    _open(browser, page)
    image = browser.find_element("css selector", '.pv-back img[alt="diagram"]')
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert browser.execute_script("return arguments[0].naturalWidth", image) == 40


def test_browser_kind_filter_hides_cards(browser: Any, built: tuple[ankigen.BuildResult, Path]) -> None:
    _, page = built
    _open(browser, page)
    total = _visible(browser, ".pv-card")
    clozes = _visible(browser, '.pv-card[data-kind="cloze"]')
    assert clozes > 0
    browser.find_element("css selector", 'input[name="kind"][value="cloze"]').click()
    assert _visible(browser, '.pv-card[data-kind="cloze"]') == 0
    assert _visible(browser, ".pv-card") == total - clozes
    assert browser.find_element("id", "pv-shown").text == str(total - clozes)
    browser.find_element("css selector", 'input[name="kind"][value="cloze"]').click()
    assert _visible(browser, ".pv-card") == total


def test_browser_night_mode_switch(browser: Any, built: tuple[ankigen.BuildResult, Path]) -> None:
    _, page = built
    _open(browser, page)
    card = browser.find_element("css selector", ".pv-front .card")
    colour = "return getComputedStyle(arguments[0]).backgroundColor"
    day = browser.execute_script(colour, card)
    assert "nightMode" not in card.get_attribute("class")
    browser.find_element("id", "pv-night").click()
    assert "nightMode" in card.get_attribute("class")
    assert "nightMode" in browser.find_element("tag name", "body").get_attribute("class")
    assert browser.execute_script(colour, card) != day
    browser.find_element("id", "pv-night").click()
    assert "nightMode" not in card.get_attribute("class")


def test_browser_phone_width_wide_table_cards_fit_the_screen(
    browser: Any, built: tuple[ankigen.BuildResult, Path], tmp_path: Path
) -> None:
    """At an iPhone's 390 px, the page never scrolls sideways, nor does a card made from a wide table."""
    _, page = built
    _open(browser, page, width=390, height=2400)
    assert browser.execute_script("return document.scrollingElement.scrollWidth") <= 390
    card = browser.find_element("css selector", '.pv-card[data-kind="comparison"]')
    assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", card)
    assert card.screenshot(str(tmp_path / "phone.png"))
    assert (tmp_path / "phone.png").read_bytes().startswith(b"\x89PNG")


def test_browser_screenshot_for_the_readme(browser: Any, tmp_path: Path) -> None:
    """The README's picture: the bundled notes at a comparison card, day mode, desktop width."""
    result = ankigen.build_notes([NOTES])
    page, _ = write_preview(result.notes, tmp_path / "preview.html", renderer="python")
    _open(browser, page, width=1100, height=1300)
    # show a comparison card (the table with its marked column) just under the sticky bar
    browser.execute_script(
        "const card = document.querySelector('.pv-card[data-kind=comparison]');"
        "window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY"
        " - document.querySelector('.pv-bar').offsetHeight - 60);"
    )
    target = tmp_path / "preview.png"
    assert browser.save_screenshot(str(target))
    assert target.read_bytes().startswith(b"\x89PNG") and target.stat().st_size > 10_000
    if os.environ.get("ANKIGEN_UPDATE_SCREENSHOT") == "1":
        docs = REPO / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copyfile(target, docs / "preview.png")
