"""A Japanese back that only translates the English name on its front, word for word.

An API call, a hook or a setting is often named by plain English words (``DeleteItem``,
``BeforeInstall``, ``Launch Configuration``, ``delete-stack``). When the notes answer such a name
with those same words in Japanese (``項目を削除する``, ``インストール前の処理``, ``起動ルールの設定``,
``スタックの削除``), the front gives the back away: a learner who reads the name knows the answer,
and the card teaches nothing the name does not say.

:func:`translated_name` tells such a back by what is left of it once every known word is taken
out: the name's own words (in Latin letters, or spelled in katakana), their usual translations
(:data:`_WORDS`, a short glossary of the everyday words names are built from), the words of the
headings the card shows, a few words any such back is worded with (``処理``, ``設定``, ``前``), and
the kana between them (particles, verb endings). When nothing is left, the back only translates;
anything else (a number, a name, a word of its own: ``1つ以上の項目を更新する``,
``稼働確認の処理``) is a fact and keeps the card. Examples in brackets at the end
(``（バックアップなど）``) are set aside first: an example is not what the name does.

A name is a few Latin words of four or more letters (an acronym or a short form may stand for words
its back spells out, and stays), or a lowercase short form of a glossary word (:data:`_SHORT_FORMS`:
``env`` for environment variables, ``config``); a word the glossary does not know makes no
translation (``Starvation`` -> ``飢餓状態`` is a vocabulary card and stays). A name under a namespace
(``AWS::StackId`` -> ``スタックID``) is read by its words after ``::`` (the namespace may be repeated
in the back), and a state named by a past participle (``Detached``) may add only that it is reached
(``完了``).
"""

from __future__ import annotations

import re

from ankigen.patterns import lazy_compile

from .aspects import kana_skeleton, latin_skeleton

__all__ = ["translated_name"]

_WORDS: dict[str, tuple[str, ...]] = {
    "add": ("追加",),
    "after": ("後",),
    "allow": ("許可",),
    "application": ("アプリ", "アプリケーション"),
    "before": ("前",),
    "build": ("ビルド", "構築"),
    "cache": ("キャッシュ",),
    "check": ("確認", "チェック"),
    "configuration": ("設定", "構成"),
    "copy": ("コピー", "複製"),
    "create": ("作成", "新規作成", "生成"),
    "delete": ("削除",),
    "deny": ("拒否",),
    "deploy": ("デプロイ",),
    "attach": ("アタッチ",),
    "detach": ("デタッチ", "切り離"),
    "describe": ("説明", "表示"),
    "description": ("説明",),
    "disable": ("無効", "無効化"),
    "download": ("ダウンロード",),
    "enable": ("有効", "有効化"),
    "environment": ("環境",),
    "execute": ("実行",),
    "generate": ("生成",),
    "get": ("取得", "取り出"),
    "id": ("ID", "識別子", "名"),
    "install": ("インストール",),
    "item": ("項目", "アイテム"),
    "launch": ("起動",),
    "list": ("一覧", "リスト"),
    "move": ("移動",),
    "name": ("名", "名前"),
    "put": ("作成", "追加", "書き込", "格納"),
    "read": ("読み込", "読み取", "読"),
    "register": ("登録",),
    "remove": ("削除",),
    "run": ("実行",),
    "send": ("送信",),
    "setting": ("設定",),
    "start": ("起動", "開始"),
    "stop": ("停止",),
    "terminate": ("終了",),
    "update": ("更新",),
    "upload": ("アップロード",),
    "validate": ("検証", "確認"),
    "variable": ("変数",),
    "write": ("書き込", "書"),
}
"""Everyday English words names are built from, with the Japanese words that translate them."""

_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "app": ("application",),
    "config": ("configuration",),
    "conf": ("configuration",),
    "env": ("environment", "variable"),
    "var": ("variable",),
    "vars": ("variable",),
}
"""Lowercase short forms of glossary words that settings keys are named by (``env:`` in a build spec,
a compose file or a workflow holds environment variables): read as the words they stand for, so
``env`` -> ``環境変数`` only translates its name. An acronym (``IAM``) or any other short form stays."""

_PLAIN = ("処理", "設定", "指定", "定義", "機能", "操作", "前", "後", "時", "中", "ルール", "サーバ", "サーバー")
"""Words a back that only translates a name is worded with (``…前の処理``, ``起動ルールの設定``,
``プロキシサーバ設定``): they say nothing of their own."""

_DONE = ("完了", "済み", "済")
"""Words that only say a state named by a past participle (``Detached``, ``Terminated``) is reached."""

_NAMESPACED = lazy_compile(r"([A-Za-z][A-Za-z0-9]*)::([A-Za-z]+)")
"""``AWS::StackId``: a name under a namespace, whose words are those after ``::``."""

_NAME = lazy_compile(r"[A-Za-z][A-Za-z -]*[A-Za-z]")
_WORD = lazy_compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_TOKEN = lazy_compile(r"[A-Za-z0-9]+|[\u30a1-\u30faー]+|[\u4e00-\u9fff々]+|[\u3041-\u3096]+|\S")
_HIRAGANA = lazy_compile(r"[\u3041-\u3096]")
_KATAKANA = lazy_compile(r"[\u30a1-\u30faー]+")
_EXAMPLES = lazy_compile(r"\s*[（(][^（）()]*(?:など|等|etc\.?)[）)]\s*$")
_MAX_ANSWER = 40


def _stems(word: str) -> list[str]:
    """The word and the forms its glossary entry may be under (``Items`` -> ``item``,
    ``Terminating`` -> ``terminate``)."""
    word = word.lower()
    forms = [word]
    for ending, base in (("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + base)
    return forms


def _translations(words: list[str]) -> set[str]:
    return {japanese for word in words for form in _stems(word) for japanese in _WORDS.get(form, ())}


def _spells(kana: str, word: str) -> bool:
    """Whether a katakana word spells a Latin one (``インストール`` / ``Install``), one consonant off at most."""
    spelled, written = kana_skeleton(kana).replace("m", "n"), latin_skeleton(word).replace("m", "n")
    if not spelled:
        return False
    if spelled == written:
        return True
    return len(spelled) == len(written) >= 3 and sum(a != b for a, b in zip(spelled, written, strict=True)) <= 1


def _spells_any(kana: str, words: list[str]) -> bool:
    return any(_spells(kana, word) for word in words)


def _covered(run: str, pieces: set[str], words: list[str]) -> bool:
    """Whether a run of katakana or kanji splits into known pieces: a translation, a plain word, a
    word of the headings, or (katakana) the spelling of one of the name's words."""
    reachable = [True] + [False] * len(run)
    for end in range(1, len(run) + 1):
        for start in range(end):
            if not reachable[start]:
                continue
            piece = run[start:end]
            if piece in pieces or (end - start >= 2 and _KATAKANA.fullmatch(piece) and _spells_any(piece, words)):
                reachable[end] = True
                break
    return reachable[-1]


def translated_name(term: str, answer: str, context: str) -> list[str] | None:
    """The glossary words by which ``answer`` only translates the English name that ends ``term``
    (``DeleteItem`` -> ``項目を削除する``: ``['delete', 'item']``), or None when the answer says
    anything more (see the module's docstring). ``context`` is the headings the card shows."""
    name = term.rpartition(" › ")[2].strip()
    namespace = ""
    if namespaced := _NAMESPACED.fullmatch(name):
        namespace, name = namespaced.groups()  # ``AWS::StackId``: the namespace may be repeated
    if not _NAME.fullmatch(name) or name.isupper():
        return None
    words = [full for word in _WORD.findall(name) for full in _SHORT_FORMS.get(word.lower(), (word,))]
    known = {word.lower() for word in re.findall(r"[A-Za-z]+", context)}
    if not words or any(len(word) < 4 and word.lower() not in _WORDS and word.lower() not in known for word in words):
        return None  # ``env``, ``IAM``: a short form, whose back may be what it stands for
    if any(word.isupper() and len(word) > 1 for word in words):
        return None
    text = _EXAMPLES.sub("", answer.strip()).strip().rstrip("。.")
    if not text or len(text) > _MAX_ANSWER or not re.search(r"[\u3041-\u30fa\u4e00-\u9fff]", text):
        return None
    translations = _translations(words)
    heading_words = set(_TOKEN.findall(context))
    done = {japanese for word in words if word.lower().endswith("ed") for japanese in _DONE}
    pieces = (
        translations
        | set(_PLAIN)
        | done
        | {
            run[start:end]
            for run in heading_words
            if re.match(r"[\u30a1-\u30faー\u4e00-\u9fff]", run)
            for start in range(len(run))
            for end in range(start + 2, len(run) + 1)
        }
    )
    lowered = (
        {word.lower() for word in words}
        | {word.lower() for word in heading_words if word.isascii()}
        | ({namespace.lower()} if namespace else set())
    )
    rest = text
    for japanese in sorted(translations, key=len, reverse=True):
        if _HIRAGANA.search(japanese):
            rest = rest.replace(japanese, " ")  # ``読み込``: a translation written with kana inside
    for token in _TOKEN.findall(rest):
        if re.fullmatch(r"[\u3041-\u3096]+", token):
            continue  # particles and verb endings
        if token.isascii() and token.isalnum():
            if token.lower() not in lowered:
                return None
            continue
        if not re.fullmatch(r"[\u30a1-\u30faー\u4e00-\u9fff々]+", token):
            if token in "、・/":
                continue
            return None
        if not _covered(token, pieces, words):
            return None
    spelled = any(
        _spells_any(run[start:end], words)
        for run in _KATAKANA.findall(text)
        for start in range(len(run))
        for end in range(start + 2, len(run) + 1)
    )
    if not spelled and not any(japanese in text for japanese in translations):
        return None  # only words of the headings: no translation of the name
    return [word.lower() for word in words]
