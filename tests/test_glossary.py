"""One Swedish term per thing (issue 14): content/glossary.yaml names the preferred term for each
thing and the words that must not be used for it. This test reads the glossary and fails on a
forbidden word or phrase (case-insensitive, whole words) in every Swedish text the portal shows:
the Swedish catalogue's translations, the guide's answers (not the example questions and
keywords, which are what users type and may hold a forbidden word on purpose), the programme
types and the agreement's wording (which holds the e-mail subjects too).
"""
import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = yaml.safe_load((ROOT / "content" / "glossary.yaml").read_text(encoding="utf-8"))
CATALOGUE = ROOT / "portal" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
# In a topic file these keys hold users' words, not the guide's (see the glossary's header).
USERS_WORDS = {"questions", "keywords"}


def _phrase(phrase):
    # Whole words: no letter or digit (Swedish letters included) right before or after the phrase.
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", re.IGNORECASE)


RULES = [
    (term["sv"], _phrase(phrase), phrase)
    for term in GLOSSARY["terms"]
    for phrase in term.get("forbidden", ())
] + [
    (term["sv"], re.compile(term["forbidden_regex"], re.IGNORECASE), term["forbidden_regex"])
    for term in GLOSSARY["terms"]
    if term.get("forbidden_regex")
]
# Whole texts that must not be a label by themselves (e.g. "Okej" as the middle rating).
EXACT = {
    text.casefold(): term["sv"] for term in GLOSSARY["terms"] for text in term.get("forbidden_label", ())
}


def catalogue_texts():
    with CATALOGUE.open("rb") as po:
        catalog = read_po(po, locale="sv")
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for text in strings:
            if text:
                yield f"{CATALOGUE.relative_to(ROOT)} (msgid {str(message.id)[:50]!r})", text


def swedish_strings(node, where, skip=frozenset(), swedish=False):
    """The Swedish strings of a YAML tree: values under an `sv` key (or every string when the
    whole file is Swedish), leaving out the subtrees under the keys in `skip`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in skip:
                continue
            yield from swedish_strings(value, f"{where}.{key}", skip, swedish or key == "sv")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from swedish_strings(value, f"{where}[{index}]", skip, swedish)
    elif isinstance(node, str) and swedish:
        yield where, node


def content_texts():
    for path in sorted((ROOT / "content" / "guide").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # _guide.yaml and _quiz.yaml are the guide's own words throughout (the quiz's
        # `questions` are questions the guide asks).
        skip = frozenset() if path.name.startswith("_") else USERS_WORDS
        yield from swedish_strings(data, str(path.relative_to(ROOT)), skip)
    for path in sorted((ROOT / "content" / "programmes").glob("*.yaml")):
        yield from swedish_strings(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))


def wording_texts():
    path = ROOT / "portal" / "agreements" / "wording" / "sv.yaml"
    yield from swedish_strings(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)),
                               swedish=True)


def hits(texts):
    found = []
    for where, text in texts:
        flat = " ".join(text.split())
        for preferred, pattern, phrase in RULES:
            match = pattern.search(flat)
            if match:
                found.append(f"{where}: {match.group(0)!r} (use {preferred!r}, not {phrase!r})")
        if flat.casefold() in EXACT:
            found.append(f"{where}: {flat!r} as a label (use {EXACT[flat.casefold()]!r})")
    return found


def test_the_glossary_is_well_formed():
    for term in GLOSSARY["terms"]:
        assert term.get("sv") and term.get("en") and term.get("meaning"), term
        assert "forbidden" in term or "forbidden_regex" in term or "forbidden_label" in term, term
    assert RULES and EXACT


@pytest.mark.parametrize("source", [catalogue_texts, content_texts, wording_texts],
                         ids=["catalogue", "content", "agreement-wording"])
def test_no_forbidden_term(source):
    texts = list(source())
    assert texts, f"{source.__name__} found nothing to check"
    found = hits(texts)
    assert not found, "\n".join(["Forbidden terms (content/glossary.yaml):", *found])


def test_the_checker_finds_what_it_should():
    # An oracle of hand-written sentences, so a broken pattern cannot pass silently.
    assert hits([("x", "Skriv under praktikavtalet nu.")])
    assert hits([("x", "Facket invänder mot platsen.")])
    assert hits([("x", "Vi tar, till exempel, kaffe, te, och kakor.")])
    assert hits([("x", "Okej")])
    assert not hits([("x", "Överenskommelse om praktik")])
    assert not hits([("x", "Arbetsförmedlingen kan återkalla anvisningen.")])
    assert not hits([("x", "Kaffe, te och kakor.")])
    assert not hits([("x", "Det är okej att fråga.")])
