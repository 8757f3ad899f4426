"""Verb definitions: an English sentence that opens on ``A``/``An`` and a short name, then says what
that name does in the present tense (``A defer statement defers the execution of a function until …``,
``A security group acts as a virtual firewall for your instance …``, ``A map maps keys to values.``)
is a definition of the name, the sentence its answer.

Course notes and tutorials define a thing by what it does as often as by what it is; with no ``is``,
no ``Term: text`` shape and no bold, such a sentence was explained as ``no-card-shape``. The
indefinite article is what makes it a definition: ``A X does Y`` speaks of any X, so it says what X
is for, where ``The X …`` speaks of one thing of the text (``The output looks like this``).

Left alone (the sentence keeps its ``--explain`` line): a subject that is a person or an organisation
of a scenario (``A company needs …``, ``An attacker observes …``), a subject with a clause, a
preposition or an adverb of its own (``A process that …``, ``A set of …``, ``A slightly …``), a verb
that states a property rather than what the thing is for (``spans``, ``has``, ``needs``: only verbs of
function such as ``acts``, ``represents``, ``provides``, or the name's own word, ``defers``), a
question, a sentence in a scenario, a sentence with a figure (a property: ``holds 12 GB``, the
token clozes' to ask), and a sentence whose rest is shorter than three words.
"""

from __future__ import annotations

import html

from ..model import Document, NoteKind
from ..patterns import lazy_compile
from . import ExtractContext, register
from .common import fold, has_cjk, prose_owners, study_sections
from .outline import in_scenario

_VERB_DEFINITION = lazy_compile(
    r"^(?:A|An)\s+(?P<name>[A-Za-z][\w+#.-]*(?:\s+[A-Za-z][\w+#.-]*){0,2}?)\s+"
    r"(?P<verb>[a-z]{2,}(?:s|es))\s+(?P<rest>[^?]+?)[.。]?$"
)
_FIRST_SENTENCE = lazy_compile(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])")
_DEFINING_VERBS = frozenset(
    {"acts", "serves", "represents", "provides", "allows", "enables", "lets", "gives", "stores", "holds",
     "keeps", "describes", "defines", "identifies", "manages", "controls", "connects", "translates",
     "converts", "routes", "forwards", "filters", "monitors", "collects", "records", "tracks", "handles",
     "processes", "encrypts", "authenticates", "authorizes", "authorises", "isolates", "distributes",
     "balances", "caches", "schedules", "executes", "runs", "maps", "links", "binds", "groups", "organizes",
     "organises", "automates", "detects", "prevents", "blocks", "protects", "replicates", "resolves",
     "assigns", "specifies", "determines", "limits", "restricts", "exposes", "wraps", "returns", "creates",
     "generates", "produces", "transforms", "combines", "joins", "splits", "queues", "delivers", "sends",
     "receives", "transfers", "carries", "contains", "consists", "refers", "means"}
)  # fmt: skip
"""Verbs that say what a thing does or is for (``acts as``, ``represents``, ``provides``): what a
definition by function says; a verb that is the name's own word (``A defer statement defers``, ``A map
maps``) says it too. Other verbs state a property or a scenario's action (``spans``, ``needs``)."""
_NOT_NAME_WORDS = frozenset(
    {"that", "which", "who", "whose", "of", "with", "for", "in", "on", "to", "from", "by", "and", "or",
     "simple", "common", "typical", "new", "good", "certain", "different", "specific", "small", "large",
     "global", "single", "few", "lot", "number", "set", "kind", "type", "way", "bit",
     "company", "organization", "organisation", "business", "user", "users", "customer", "client", "person",
     "attacker", "actor", "researcher", "developer", "engineer", "administrator", "admin", "team", "employee",
     "manager", "student", "bank", "hospital", "retailer", "startup", "firm", "agency", "government"}
)  # fmt: skip
"""Words that make the subject no name: a clause or a preposition of its own, a vague adjective, or a
person or organisation (the actor of a scenario, ``A company needs to …``)."""
MIN_REST_WORDS = 3
_FIGURE = lazy_compile(r"\d")


def verb_definition(text: str) -> tuple[str, str] | None:
    """(name, sentence) of a sentence ``A <name> <verb>s …`` saying what the name does; None."""
    text = " ".join(text.split())
    if not text or has_cjk(text) or text.rstrip().endswith("?"):
        return None
    first = _FIRST_SENTENCE.split(text, maxsplit=1)[0].strip()
    match = _VERB_DEFINITION.match(first)
    if match is None:
        return None
    name, verb, rest = match.group("name"), match.group("verb"), match.group("rest")
    words = [fold(word) for word in name.split()]
    if any(word in _NOT_NAME_WORDS or word.endswith("ly") or word in ("more", "most", "less") for word in words):
        return None
    stems = {verb[:-1], verb[:-2]} if verb.endswith("es") else {verb[:-1]}
    own_word = any(word.startswith(stem) for word in words for stem in stems if len(stem) >= 3)
    if verb not in _DEFINING_VERBS and not own_word:
        return None  # ``A spinlock spins``: the name's own word says what it does
    if len(rest.split()) < MIN_REST_WORDS or _FIGURE.search(rest):
        return None  # too short to say what it is for; or a figure, a property (``holds 12 GB``)
    return name, first


@register("verb-definitions", order=113)
def extract_verb_definitions(document: Document, context: ExtractContext) -> None:
    asked = {candidate.note.span.line for candidate in context.candidates}
    for section in study_sections(document):
        for owner in prose_owners(section):
            if context.claimed(owner) or owner.span.line in asked or in_scenario(context.outline, owner):
                continue
            if any(part.kind not in ("text", "em") for part in owner.inlines):
                continue  # bold, code or a link: a key phrase or a name another extractor reads
            found = verb_definition(owner.text)
            if found is None:
                continue
            name, sentence = found
            context.emit(
                NoteKind.DEFINITION,
                name,
                owner.span.at(owner.span.line),
                {"Term": html.escape(name), "Definition": html.escape(sentence)},
                section=section,
                term=name,
                source=owner,
            )
            context.claim(owner)
