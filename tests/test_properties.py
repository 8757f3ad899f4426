"""Properties over generated input: whatever the notes say, a build never raises, never lets
script into a card, and never gives two notes one GUID."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ankigen

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# what a hostile note could carry into a field
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x.png" onload="alert(1)">',
    "<svg/onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    "<div onclick='alert(1)'>x</div>",
    '<object data="x.swf"></object>',
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<<script>script>alert(1)<</script>/script>",
    "![x](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
    "{{c1::<b onmouseover=alert(1)>x</b>}}",
]
words = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
terms = st.sampled_from(["VPC", "サブネット", "NAT ゲートウェイ", "Quorum", "ACID", "用語", "x"]) | words
texts = st.lists(st.sampled_from(PAYLOADS) | words | terms, min_size=1, max_size=4).map(" ".join)
line = st.one_of(
    st.builds(lambda level, title: "#" * level + " " + title, st.integers(1, 7), texts),
    st.builds(lambda indent, term, body: " " * indent + f"- **{term}**: {body}", st.integers(0, 12), terms, texts),
    st.builds(lambda indent, body: " " * indent + st_bullet(body), st.integers(0, 40), texts),
    st.builds(lambda a, b: f"| {a} | {b} |", texts, texts),
    st.just("| --- | --- |"),
    st.builds(lambda a, b: f"**{a}** は {b} のこと。", terms, texts),
    st.builds(lambda a: f"{{{{c1::{a}}}}} とは何か", terms),
    st.builds(lambda a: f"> {a}", texts),
    st.sampled_from(["```", "```python", "~~~", "---", "", "", "deck: x", "・", "> [!note] note"]),
    st.sampled_from(PAYLOADS),
    texts,
)
documents = st.lists(line, max_size=30).map("\n".join)


def st_bullet(body: str) -> str:
    return f"- {body}"


_TAG = re.compile(r"<[A-Za-z][^>]*>")
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_safe(result: ankigen.BuildResult) -> None:
    guids = [note.guid for note in result.notes]
    assert len(guids) == len(set(guids)), "two notes share a GUID"
    for note in result.notes:
        for name, value in note.fields:
            lowered = value.lower()
            assert "<script" not in lowered and "<style" not in lowered and "<iframe" not in lowered, (name, value)
            for tag in _TAG.findall(value):
                assert not _EVENT_HANDLER.search(tag), (name, tag)
                assert "javascript:" not in tag.lower().replace(" ", ""), (name, tag)


def build_texts(*texts: str) -> ankigen.BuildResult:
    with tempfile.TemporaryDirectory() as folder:
        for number, text in enumerate(texts):
            (Path(folder) / f"note-{number}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        return ankigen.build_notes([folder])


@SETTINGS
@given(st.text())
def test_any_text_parses_without_raising(text: str) -> None:
    document = ankigen.parse_text(text)
    assert all(diagnostic.span.line >= 1 for diagnostic in document.diagnostics)


@SETTINGS
@given(documents)
def test_markdown_with_payloads_builds_safe_notes(text: str) -> None:
    assert_safe(build_texts(text))


@SETTINGS
@given(st.lists(documents, min_size=2, max_size=3))
def test_several_files_never_share_a_guid(texts: list[str]) -> None:
    result = build_texts(*texts)
    assert_safe(result)
    assert all(str(d).split(":")[0].endswith(".md") for d in result.diagnostics)
