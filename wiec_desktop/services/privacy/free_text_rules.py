"""The rules on top of deduce that make its annotations fit a chair's notes (see deidentify.py):
which annotations count and as what, names deduce misses after a family word, a house number
without its street, and what stays as written although deduce found it.

Pure Python, no deduce import (the annotations come in as offsets and tags), no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wiec_desktop.services.privacy.redaction import Finding, FindingKind, PrivacyContext, _core_name, _fold

# deduce's processor groups that find what is never a resident's personal data here: switched off,
# which also saves their time. Dates are not personal here, institutions are partners, ids and urls
# are not among the kinds a document replaces. The redactor's text is not used (only annotations).
DISABLED = frozenset({"dates", "ages", "institutions", "identifiers", "urls", "redactor"})


def annotation_findings(text: str, start: int, end: int, tag: str) -> list[Finding]:
    """deduce's tag (``persoon``, ``patient``, ``locatie``, ``telefoonnummer``, …) as Findings: a
    ``locatie`` may hold a postcode (with its city), a street and number, or only a place."""
    kind = _KINDS.get(tag)
    if kind is None:
        return []
    if kind is FindingKind.NAME:
        return [Finding(start, _name_end(text, end), kind)]
    if kind is not FindingKind.ADDRESS:
        return [Finding(start, end, kind)]
    found: list[Finding] = []
    rest_start = start
    for match in _POSTCODE.finditer(text, start, end):
        found.append(Finding(match.start(), match.end(), FindingKind.POSTCODE))
        rest_end = match.start()
        found += _address(text, rest_start, rest_end)
        rest_start = match.end()
    found += _address(text, rest_start, end)
    return found


def _address(text: str, start: int, end: int) -> list[Finding]:
    """An address finding for ``text[start:end]`` when it holds a house number (a street or a
    city alone is not personal)."""
    piece = text[start:end]
    stripped = piece.strip(_EDGE)
    if not stripped or not any(ch.isdigit() for ch in stripped):
        return []
    start += piece.index(stripped)
    street = _street_part(stripped)
    if _fold(street) in NUMBERED_WORDS:  # "Punt 5:", "Overleg 3", "Blok 4": not a street and number
        return []
    return [Finding(start, start + len(stripped), FindingKind.ADDRESS, street=street)]


def _name_end(text: str, end: int) -> int:
    """Past an apostrophe and the capitalised rest of a name deduce cut short ("O" of "O'Brien")."""
    match = _APOSTROPHE_TAIL.match(text, end)
    return match.end() if match else end


_KINDS: dict[str, FindingKind] = {
    "persoon": FindingKind.NAME,
    "patient": FindingKind.NAME,
    "locatie": FindingKind.ADDRESS,
    "telefoonnummer": FindingKind.PHONE,
    "emailadres": FindingKind.EMAIL,
}

_EDGE = " \t\n,;:()[]"
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
_APOSTROPHE_TAIL = re.compile(r"['’][A-Z][\w-]*")
_HOUSE_NUMBER_TAIL = re.compile(r"\s*\d{1,5}(?:\s?[a-zA-Z]\b|\s?-\s?\d{1,4}\b)?\s*$")
# "op nummer 12", "nr. 14a": a house number without its street. Not after words that number
# something else (casus, agendapunt, actie, bus, …).
_NUMBER_ONLY = re.compile(
    r"(?<![\w-])(?<!casus )(?<!punt )(?<!actie )(?<!bijlage )(?<!versie )(?<!week )(?<!lijn )(?<!bus )"
    r"(?P<address>(?:huis)?(?:nummer|nr\.?)\s?\d{1,5}(?:\s?[a-zA-Z]\b|-\d{1,4})?)(?!\w)",
    re.IGNORECASE,
)


# "familie Demir", "de zoon van Baldewsingh", "de families Kılıç en Van Leeuwen": capitalised words
# after a word for family, which deduce finds only when the surname is in its lists.
_RELATIVE = re.compile(
    r"(?<![\w-])(?:familie|families|fam\.|gezin|zoon|dochter|moeder|vader|vrouw|man|broer|zus|oma|opa|"
    r"kleinzoon|kleindochter|neef|nicht|kinderen|buurman|buurvrouw|buren)\s+(?:van\s+)?",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’]*(?:-[\w'’]+)*)")
_AND = re.compile(r"\s*(?:,|\ben\b)\s*")
_NAME_WORD = re.compile(
    r"(?:(?:van|de|der|den|ter|ten|in 't|'t)\s+)*([^\W\d_][\w'’]*(?:-[\w'’]+)*)", re.IGNORECASE
)


def relatives(text: str) -> list[tuple[int, int]]:
    """The spans of names after a family word (each name of "X en Y" apart)."""
    spans: list[tuple[int, int]] = []
    for relative in _RELATIVE.finditer(text):
        position = relative.end()
        while True:
            match = _NAME_WORD.match(text, position)
            if match is None or not match.group(1)[:1].isupper():
                break
            end = match.end()
            while (more := _NEXT_WORD.match(text, end)) and more.group(1)[:1].isupper():
                end = more.end()
            spans.append((match.start(), end))
            joined = _AND.match(text, end)
            if joined is None or joined.end() == end:
                break
            position = joined.end()
    return spans


# Two or more capitalised words inside a sentence ("Afspraak met Xhevdet Krasniqi"): a name nobody
# listed, unless a word is a common Dutch word or the words are a place or street deduce knows
# (checked by the caller, which has deduce's lists). Not at the start of a sentence or after a colon.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][^\W\d_A-Z][\w'’-]*"
    r"(?:\s+(?:(?:van|de|der|den|ter|ten|el|al|ben|bin|da|dos|du|le|la)\s+)*[A-Z][^\W\d_A-Z][\w'’-]*)+"
)
_SENTENCE_END = '.!?:;"(“‘[•-–—\n'


# A capitalised run with one of these words, or whose last word ends like this, names an
# organisation, a place or an event rather than a person ("Stichting Mooi Wonen", "Stadsdeel
# Escamp", "Nationale Buitenspeeldag").
ORGANISATION_WORDS: frozenset[str] = frozenset(
    {"stichting", "vereniging", "stadsdeel", "gemeente", "wijkteam", "wijkcentrum", "buurthuis",
     "buurtcentrum", "centrum", "sociaal", "sociale", "nationale", "landelijke", "koninklijke", "project",
     "fonds", "dienst", "team", "groep", "school", "basisschool", "college", "kerk", "moskee",
     "bibliotheek", "bakkerij", "slagerij", "kapsalon", "supermarkt", "apotheek", "praktijk", "kliniek",
     "ziekenhuis", "zorg", "welzijn", "wonen", "bewonerscommissie", "bewonersorganisatie", "politie",
     "brandweer", "club", "festival", "stadsdeelkantoor", "jongerenwerk", "bv", "nv", "vof"}
)  # fmt: skip
_ORGANISATION_ENDINGS = (
    "dag", "huis", "centrum", "school", "team", "werk", "dienst", "fonds", "park", "plein", "markt",
    "kerk", "straat", "weg", "laan", "singel", "gracht", "kade", "dreef", "gaarde", "zorg", "wonen",
    "punt", "loket", "raad", "groep", "stad", "dorp", "wijk", "buurt",
)  # fmt: skip


def organisation_like(words: list[str]) -> bool:
    """Whether a capitalised run looks like an organisation, place or event (see above)."""
    return any(word.casefold() in ORGANISATION_WORDS for word in words) or words[-1].casefold().endswith(
        _ORGANISATION_ENDINGS
    )


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    """The spans of two or more capitalised words inside a sentence (see ``_CAPITALISED_RUN``); a
    sentence that opens with a preposition or conjunction ("Ook Tesfay Gebremedhin was er") counts
    from the word after it."""
    spans = []
    for match in _CAPITALISED_RUN.finditer(text):
        start, end = match.span()
        before = text[:start].rstrip()
        if not before or before[-1] in _SENTENCE_END:
            first = match.group().split()[0]
            if first.casefold() not in _CONNECTORS or first.casefold() in _INTERFIXES:
                continue
            start = text.index(first, start) + len(first)
            start += len(text[start:end]) - len(text[start:end].lstrip())
            if len(text[start:end].split()) < 2:
                continue
        spans.append((start, end))
    return spans


def house_numbers(text: str, protected: list[tuple[int, int]]) -> list[Finding]:
    """ "op nummer 12", "nr. 14a": an address whose street is not written (it becomes "[adres]")."""
    found = []
    for match in _NUMBER_ONLY.finditer(text):
        span = (match.start("address"), match.end("address"))
        if not _inside(span, protected):
            found.append(Finding(*span, FindingKind.ADDRESS))
    return found


def _street_part(address: str) -> str:
    """``Ruinenlaan 39`` → ``Ruinenlaan``; a bare number ("nummer 12") gives ``""``."""
    street = _HOUSE_NUMBER_TAIL.sub("", address).strip(_EDGE)
    if not street or street[0].isdigit() or street.casefold() in {"nummer", "nr", "nr.", "huisnummer"}:
        return ""
    return street


# The chair's own words that deduce may take for a name or a place (capitalised at the start of a
# sentence or as a title): roles, holidays, agenda words, shops. Case-insensitive whole words.
CHAIR_WORDS: frozenset[str] = frozenset(
    {
        # roles and services
        "wijkagent", "buurtagent", "jongerenwerker", "jongerenwerk", "buurtbemiddeling",
        "buurtbemiddelaar", "burgemeester", "wethouder", "voorzitter", "secretaris", "notulist",
        "buurtregisseur", "boa", "handhaver", "handhaving", "huismeester", "opzichter", "consulent",
        "wijkcoach", "wijkverpleegkundige", "maatschappelijk werker", "leerplichtambtenaar",
        "gemeente", "politie", "woningcorporatie", "corporatie", "wijkteam", "buurthuis", "buurtkamer",
        # holidays and feasts
        "pinksteren", "pasen", "kerst", "kerstmis", "oud en nieuw", "oudejaarsavond", "nieuwjaar",
        "koningsdag", "bevrijdingsdag", "sinterklaas", "suikerfeest", "offerfeest", "ramadan",
        "divali", "keti koti", "hemelvaart", "burendag", "halloween",
        # agenda words
        "opening", "mededelingen", "rondvraag", "sluiting", "actielijst", "besluit", "actie",
        "verslag", "agenda",
        # shops
        "albert heijn", "jumbo", "lidl", "aldi", "kruidvat", "hema", "etos", "gamma", "praxis",
        "blokker", "dirk van den broek", "hoogvliet", "vomar", "coop", "spar",
    }
)  # fmt: skip

# Words a chair writes before a number that deduce may take for a street and house number ("Punt 5:
# naam gecorrigeerd", "Overleg 3 gaat niet door", "Blok 4 krijgt verlichting"): none is an address.
NUMBERED_WORDS: frozenset[str] = frozenset(
    {"punt", "agendapunt", "actie", "besluit", "overleg", "bijeenkomst", "vergadering", "ronde",
     "blok", "flat", "portiek", "galerij", "toren", "fase", "deel", "stap", "optie", "variant",
     "bijlage", "pagina", "bladzijde", "hoofdstuk", "paragraaf", "artikel", "lid", "versie",
     "week", "dag", "maand", "kwartaal", "jaar", "uur", "groep", "klas", "lokaal", "zaal", "kamer",
     "verdieping", "etage", "lijn", "bus", "tram", "route", "vak", "veld", "nummer", "casus", "signaal"}
)  # fmt: skip

# Words of public space that are also Dutch surnames: deduce takes "Gras wordt niet gemaaid" and
# "Groen wordt slecht onderhouden" (the demo's signals) for names. Dropped only as a whole name, so
# "Henk Groen" stays a name entirely.
COMMON_WORDS: frozenset[str] = frozenset(
    {"groen", "gras", "bos", "boom", "bomen", "water", "park", "plein", "steen", "stenen", "hout", "zand",
     "veld", "heg", "struik", "struiken", "bloemen", "zon", "wind", "regen", "sneeuw", "ijs", "licht",
     "donker", "vuil", "afval", "glas", "papier", "plastic", "kerk", "school", "markt", "winkel"}
)  # fmt: skip

_CONNECTORS = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "en", "op", "bij", "met", "voor", "aan", "te", "in",
     "uit", "namens", "over", "tot", "of", "en/of",
     # prepositions and conjunctions that open a sentence before a name ("Volgens Mo is …")
     "volgens", "via", "door", "zonder", "sinds", "tegen", "na", "naast", "achter", "onder", "boven",
     "tussen", "rond", "langs", "per", "vanaf", "vanuit", "richting", "maar", "want", "dus", "ook",
     "toen", "als", "dan", "omdat", "nadat", "zodat", "terwijl", "behalve", "inclusief", "dankzij"}
)  # fmt: skip


class Keeper:
    """What stays as written although deduce found it (see ``FreeTextDetector``)."""

    def __init__(self, context: PrivacyContext) -> None:
        self.context = context
        terms = {
            *context.professionals,
            *context.organisations,
            *context.streets,
            *context.places,
            *context.kept,
            *CHAIR_WORDS,
        }
        self._terms = _whole_words(terms)
        self._surnames = {_fold(s) for p in context.professionals for s in _surnames(p)}

    def protected(self, text: str) -> list[tuple[int, int]]:
        """The stretches of ``text`` that stay as written."""
        return [m.span() for m in self._terms.finditer(text)] if self._terms is not None else []

    def filter(self, text: str, finding: Finding, protected: list[tuple[int, int]]) -> list[Finding]:
        """A name less the protected stretches (each piece left that still looks like a name); an
        address with a house number as it is, also on a known street (it becomes that street)."""
        if finding.kind is FindingKind.ADDRESS:
            return [] if self.context.keeps(text[finding.start : finding.end]) else [finding]
        if finding.kind is not FindingKind.NAME:
            return [finding]
        pieces = []
        for start, end in _subtract((finding.start, finding.end), protected):
            if self._professional(text[start:end]):
                continue
            start, end = _trim(text, start, end)
            piece = text[start:end]
            if end <= start or not any(word[:1].isupper() for word in piece.split()):
                continue
            if self._professional(piece) or self.context.keeps(piece) or _fold(piece) in COMMON_WORDS:
                continue
            pieces.append(Finding(start, end, FindingKind.NAME))
        return pieces

    def _professional(self, piece: str) -> bool:
        """A professional by surname, with initials or a title: "Van Dijk", "K. van Dijk"."""
        core = _fold(_INITIALS.sub("", _core_name(piece)))
        return bool(core) and core in self._surnames


_INITIALS = re.compile(r"^(?:[A-Z]\.\s?)+")


def _surnames(name: str) -> set[str]:
    """``Kees van Dijk`` → ``van Dijk`` and ``Dijk``; a name of one word is its own surname."""
    words = name.split()
    if len(words) <= 1:
        return {name.strip()} if name.strip() else set()
    tail = words[1:]
    without_interfix = [w for w in tail if w.casefold() not in _CONNECTORS]
    return {" ".join(tail), " ".join(without_interfix)} - {""}


def _whole_words(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for ``terms`` as whole words (a hyphen or apostrophe glues, so
    a professional's "Meijer" is not a resident's "Meijer-Bos")."""
    cleaned = sorted({" ".join(t.split()) for t in terms if t and t.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in cleaned)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE)


def _subtract(span: tuple[int, int], protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``span`` less every protected stretch that overlaps it."""
    pieces = [span]
    for p_start, p_end in protected:
        next_pieces = []
        for start, end in pieces:
            if p_end <= start or end <= p_start:
                next_pieces.append((start, end))
                continue
            if start < p_start:
                next_pieces.append((start, p_start))
            if p_end < end:
                next_pieces.append((p_end, end))
        pieces = next_pieces
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without punctuation, spaces and connecting words ("en", "op de", …) at either edge; an
    interfix before a capitalised word stays with its surname ("Van Leeuwen", "de Boer")."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _EDGE + ".":
            start, changed = start + 1, True
        while start < end and text[end - 1] in _EDGE:
            end, changed = end - 1, True
        words = text[start:end].split()
        if words and words[0].casefold() in _CONNECTORS and not _surname_follows(words):
            start = text.index(words[0], start) + len(words[0])
            changed = True
        elif words and words[-1].casefold() in _CONNECTORS:
            end = text.rindex(words[-1], start, end)
            changed = True
    return start, end


def _surname_follows(words: list[str]) -> bool:
    """Whether ``words`` start with an interfix (or more) and then a capitalised word: "van der Wal"."""
    if not words or words[0].casefold() not in _INTERFIXES:
        return False
    for word in words:
        if word.casefold() not in _INTERFIXES:
            return word[:1].isupper()
    return False


_INTERFIXES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in"})


def _inside(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(p_start <= span[0] and span[1] <= p_end for p_start, p_end in protected)
