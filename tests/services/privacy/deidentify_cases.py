"""Fifty sentences as a chair notes them at a doorstep or in the minutes, with what must be replaced
in each, and the scoring used by the test and by ``benchmarks/deidentify_benchmark.py``.

The residents' names are in no list of the database (``CONTEXT`` knows none of them): invented
surnames, Surinamese, Turkish, Moroccan and Frisian names, a first name alone, "buurman Piet".
The last fifteen sentences must stay as written: professionals named in ``CONTEXT``, partners,
streets without a house number, themes, holidays and months.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wiec_desktop.services.privacy.redaction import (
    Detector,
    Finding,
    FindingKind,
    PrivacyContext,
    _without_overlaps,
)

NAME, ADDRESS, PHONE, EMAIL, POSTCODE = (
    FindingKind.NAME,
    FindingKind.ADDRESS,
    FindingKind.PHONE,
    FindingKind.EMAIL,
    FindingKind.POSTCODE,
)

CONTEXT = PrivacyContext(
    professionals=frozenset({"Kees van Dijk", "Sandra Meijer", "Ahmed El Amrani", "Ingrid de Vries-Bakker"}),
    organisations=frozenset(
        {"Staedion", "Haag Wonen", "Woonstad", "Xtra Welzijn", "Politie Den Haag", "Gemeente Den Haag"}
    ),
    streets=frozenset({"Ruinenlaan", "Dorpsstraat", "Kerkweg", "Laan van Wateringse Veld", "Erasmusweg"}),
    places=frozenset({"Wateringseveld", "Zwerfafval", "Overlast", "Jeugd", "Veiligheid", "Eenzaamheid"}),
)

# (sentence, [(text that must go, its kind), ...])
SENTENCES: list[tuple[str, list[tuple[str, FindingKind]]]] = [
    (
        "Emine Sitaldin (Ruinenlaan 39, 06-27254302, emine.sitaldin@gmail.com) klaagt over geluidsoverlast.",
        [
            ("Emine Sitaldin", NAME),
            ("Ruinenlaan 39", ADDRESS),
            ("06-27254302", PHONE),
            ("emine.sitaldin@gmail.com", EMAIL),
        ],
    ),
    (
        "Buurman Piet Jansen zegt dat de jongeren elke avond bij het speelveld hangen.",
        [("Piet Jansen", NAME)],
    ),
    ("Mevrouw Jansen-de Boer wil niet dat haar naam in het verslag komt.", [("Jansen-de Boer", NAME)]),
    (
        "Meneer O'Brien van nummer 12 heeft een klacht ingediend bij Staedion.",
        [("O'Brien", NAME), ("nummer 12", ADDRESS)],
    ),
    ("Buurman Piet belt altijd als er weer vuilniszakken naast de container staan.", [("Piet", NAME)]),
    ("Op nummer 12 woont een gezin met vier kinderen dat overlast ervaart.", [("nummer 12", ADDRESS)]),
    (
        "Fatma Yılmaz-Demir (0612345678) vraagt om een gesprek met de wijkagent.",
        [("Fatma Yılmaz-Demir", NAME), ("0612345678", PHONE)],
    ),
    ("Mehmet Öztürk heeft op 3 maart gebeld over de parkeerplaatsen.", [("Mehmet Öztürk", NAME)]),
    (
        "Mohamed Amrani en zijn broer Youssef komen naar de bewonersavond.",
        [("Mohamed Amrani", NAME), ("Youssef", NAME)],
    ),
    (
        "Sietske Hoekstra uit de Kerkweg 7 is bang voor de hangjongeren.",
        [("Sietske Hoekstra", NAME), ("Kerkweg 7", ADDRESS)],
    ),
    (
        "Tjitske van der Meulen heeft foto's gestuurd naar t.vandermeulen@ziggo.nl.",
        [("Tjitske van der Meulen", NAME), ("t.vandermeulen@ziggo.nl", EMAIL)],
    ),
    (
        "Radjesh Ramdin (tel. +31 6 4433 2211) woont sinds kort in de flat.",
        [("Radjesh Ramdin", NAME), ("+31 6 4433 2211", PHONE)],
    ),
    ("Shanti Ramsaran-Jagessar belde namens haar moeder.", [("Shanti Ramsaran-Jagessar", NAME)]),
    ("Wilma Kromodimedjo vertelde dat haar buren veel lawaai maken.", [("Wilma Kromodimedjo", NAME)]),
    (
        "De heer Bakker, Erasmusweg 210, 2532 CX, wil anoniem blijven.",
        [("Bakker", NAME), ("Erasmusweg 210", ADDRESS), ("2532 CX", POSTCODE)],
    ),
    ("Zijn dochter Noor (16) wordt op straat lastiggevallen.", [("Noor", NAME)]),
    (
        "Henk de Vries, bereikbaar op 010-1234567, is voorzitter van de VvE.",
        [("Henk de Vries", NAME), ("010-1234567", PHONE)],
    ),
    ("Kim belde na de vergadering nog over de speeltuin.", [("Kim", NAME)]),
    ("Mevrouw Tahiri heeft de klacht schriftelijk ingediend bij Haag Wonen.", [("Tahiri", NAME)]),
    ("Ome Jan van de overkant houdt een oogje in het zeil.", [("Jan", NAME)]),
    (
        "Buurvrouw Gerda, Laan van Wateringse Veld 88, heeft de politie gebeld.",
        [("Gerda", NAME), ("Laan van Wateringse Veld 88", ADDRESS)],
    ),
    (
        "Stuur de brief naar familie Demir, Dorpsstraat 14a, 2548 BX Den Haag.",
        [("Demir", NAME), ("Dorpsstraat 14a", ADDRESS), ("2548 BX", POSTCODE)],
    ),
    ("Mail van d.pinas@hotmail.com over de verlichting in het park.", [("d.pinas@hotmail.com", EMAIL)]),
    (
        "Jeroen Zwartbol uit de Molenweg 3 heeft een hond die bijt.",
        [("Jeroen Zwartbol", NAME), ("Molenweg 3", ADDRESS)],
    ),
    (
        "Aysel Kaya en Burak Kaya wonen op de Esdoornstraat 45.",
        [("Aysel Kaya", NAME), ("Burak Kaya", NAME), ("Esdoornstraat 45", ADDRESS)],
    ),
    ("Karim El Idrissi wordt bedreigd door zijn bovenburen.", [("Karim El Idrissi", NAME)]),
    (
        "Liesbeth Nijboer-Smit meldt dat er drugs worden gedeald bij de ingang.",
        [("Liesbeth Nijboer-Smit", NAME)],
    ),
    (
        "De bewoner van Ruinenlaan 41 (Samira) wil een buurtbemiddelaar.",
        [("Ruinenlaan 41", ADDRESS), ("Samira", NAME)],
    ),
    ("Rinus bellen op 06 8765 4321 na vijf uur.", [("Rinus", NAME), ("06 8765 4321", PHONE)]),
    (
        "Bewoner Jurgen Wolthuis heeft een petitie met 40 handtekeningen ingeleverd.",
        [("Jurgen Wolthuis", NAME)],
    ),
    (
        "Tante Annie van Pim de Groot wil weten wanneer de bankjes terugkomen.",
        [("Annie", NAME), ("Pim de Groot", NAME)],
    ),
    (
        "Meneer Sitaldin heeft een nieuwe afspraak met Sandra Meijer van Haag Wonen.",
        [("Sitaldin", NAME)],
    ),
    ("Postcode 2548 GH heeft de meeste meldingen over zwerfafval.", [("2548 GH", POSTCODE)]),
    (
        "Gijs en Marloes van der Wal (Kerkweg 22) organiseren de buurtbarbecue.",
        [("Gijs", NAME), ("Marloes van der Wal", NAME), ("Kerkweg 22", ADDRESS)],
    ),
    ("Bel Soufiane even terug, hij was er dinsdag niet.", [("Soufiane", NAME)]),
    # Must stay as written.
    ("Er is een vechtpartij geweest op de hoek Dorpsstraat/Kerkweg.", []),
    ("Kees van Dijk van de politie loopt vaker een ronde door de wijk.", []),
    ("De wijkagent heeft met Woonstad afgesproken de portiek te laten schoonmaken.", []),
    ("Wijkagent Van Dijk neemt contact op met Sandra Meijer.", []),
    ("Ahmed El Amrani organiseert met Pinksteren een voetbaltoernooi.", []),
    ("In de Ruinenlaan staan sinds maart drie auto's met een kapotte ruit.", []),
    ("Het thema Zwerfafval komt in september terug op de agenda.", []),
    ("Overlast rond de Dorpsstraat is in oktober afgenomen.", []),
    ("Xtra Welzijn start in januari met een taalcafé in Wateringseveld.", []),
    ("Besluit: Staedion plaatst extra verlichting bij de Kerkweg.", []),
    ("Actie voor Ingrid de Vries-Bakker: de bewoners informeren over de werkzaamheden.", []),
    ("Eenzaamheid onder ouderen blijft een zorg; Xtra Welzijn zoekt vrijwilligers.", []),
    ("Geen bijzonderheden, volgende overleg op dinsdag 14 april om 19.30 uur.", []),
    ("Rondvraag: Sandra Meijer meldt dat de sleutels van de buurtkamer bij Haag Wonen liggen.", []),
    ("Veiligheid en Jeugd worden samen besproken met de wijkagent en de jongerenwerker.", []),
    ("Met Kerst en Oud en Nieuw extra surveillance op de Laan van Wateringse Veld.", []),
]


# Written after the filters on top of deduce were tuned on SENTENCES, and not tuned on: the honest
# figure. (sentence, [(text that must go, its kind), ...])
HELD_OUT: list[tuple[str, list[tuple[str, FindingKind]]]] = [
    (
        "Mevrouw Boukhari van de Ruinenlaan 17 heeft last van muizen.",
        [("Boukhari", NAME), ("Ruinenlaan 17", ADDRESS)],
    ),
    ("Dhr. Wijnaldum belde over zijn zoon Jayden.", [("Wijnaldum", NAME), ("Jayden", NAME)]),
    ("Opa Klaas zit elke ochtend op het bankje bij de vijver.", [("Klaas", NAME)]),
    (
        "Hamid en Nadia Bakkali, Kerkweg 3b, willen meedoen met de buurtpreventie.",
        [("Hamid", NAME), ("Nadia Bakkali", NAME), ("Kerkweg 3b", ADDRESS)],
    ),
    (
        "Bereikbaar via 070 345 6789 of via ilse.post@kpnmail.nl.",
        [("070 345 6789", PHONE), ("ilse.post@kpnmail.nl", EMAIL)],
    ),
    ("Familie Oosterhuis (2548 AA) heeft een brief gekregen.", [("Oosterhuis", NAME), ("2548 AA", POSTCODE)]),
    ("Rachida vertelde dat haar buurman Ger de trap niet meer op komt.", [("Rachida", NAME), ("Ger", NAME)]),
    (
        "Mw. Van den Heuvel-Pranger woont op de Dorpsstraat 101.",
        [("Van den Heuvel-Pranger", NAME), ("Dorpsstraat 101", ADDRESS)],
    ),
    ("Anouk Tjon A Fong heeft een melding gedaan over de lantaarnpaal.", [("Anouk Tjon A Fong", NAME)]),
    ("Dirk-Jan Hofstede wil graag dat de boom wordt gesnoeid.", [("Dirk-Jan Hofstede", NAME)]),
    ("Sevda uit nummer 8 durft 's avonds niet meer naar buiten.", [("Sevda", NAME), ("nummer 8", ADDRESS)]),
    ("De zoon van Baldewsingh is opgepakt voor diefstal.", [("Baldewsingh", NAME)]),
    (
        "Peter Achterberg (06-11223344) is de contactpersoon van de VvE.",
        [("Peter Achterberg", NAME), ("06-11223344", PHONE)],
    ),
    ("Marja en haar man Douwe wonen boven de snackbar.", [("Marja", NAME), ("Douwe", NAME)]),
    (
        "Buurtbemiddeling is gestart tussen de families Kılıç en Van Leeuwen.",
        [("Kılıç", NAME), ("Van Leeuwen", NAME)],
    ),
    # must stay
    ("Sandra Meijer van Haag Wonen stuurt voor de volgende keer een overzicht.", []),
    ("Besproken met de wijkagent: de camera bij de Erasmusweg blijft hangen.", []),
    ("Ahmed El Amrani meldt dat het jongerenwerk in de zomer extra avonden draait.", []),
    ("Het Suikerfeest valt dit jaar in maart; het buurthuis is dan gesloten.", []),
    ("Staedion en Xtra Welzijn houden in november een inloopavond in Wateringseveld.", []),
]


@dataclass
class Score:
    """Found, missed and false positives per kind over a set of sentences."""

    found: Counter[FindingKind] = field(default_factory=Counter)
    missed: Counter[FindingKind] = field(default_factory=Counter)
    false_positives: Counter[FindingKind] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)  # "sentence: text (kind)"
    extras: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        found, missed = sum(self.found.values()), sum(self.missed.values())
        return found / (found + missed) if found + missed else 1.0

    @property
    def precision(self) -> float:
        found, wrong = sum(self.found.values()), sum(self.false_positives.values())
        return found / (found + wrong) if found + wrong else 1.0


def applied(text: str, detectors: Iterable[Detector], context: PrivacyContext) -> list[Finding]:
    """The findings the Redactor would replace in ``text`` (longest wins; kept terms stay)."""
    findings = _without_overlaps(f for d in detectors for f in d.find(text))
    return [f for f in findings if not (f.kind in (NAME, ADDRESS) and context.keeps(text[f.start : f.end]))]


def score(
    detectors: Sequence[Detector],
    cases: Sequence[tuple[str, list[tuple[str, FindingKind]]]] = SENTENCES,
    context: PrivacyContext = CONTEXT,
) -> Score:
    """An expected item is found when every character of it is replaced (by any finding); a
    replaced stretch that touches no expected item is a false positive (of the finding's kind)."""
    result = Score()
    for number, (text, expected) in enumerate(cases, start=1):
        findings = applied(text, detectors, context)
        covered = set()
        for f in findings:
            covered.update(range(f.start, f.end))
        spans = []
        for item, kind in expected:
            start = text.index(item)
            spans.append((start, start + len(item)))
            if all(i in covered for i in range(start, start + len(item))):
                result.found[kind] += 1
            else:
                result.missed[kind] += 1
                result.misses.append(f"{number}: {item} ({kind.value})")
        for f in findings:
            if not any(f.start < end and start < f.end for start, end in spans):
                result.false_positives[f.kind] += 1
                result.extras.append(f"{number}: {text[f.start : f.end]} ({f.kind.value})")
    return result
