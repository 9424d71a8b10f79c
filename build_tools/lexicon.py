"""The words discovery judges names by: English function words, titles of office, head nouns of
kinds of names, and the world's countries and their subdivisions (pycountry's ISO 3166 data).

These are facts about English and about the world, never about one article: no article's names
belong here (the evaluation documents are checked against others of the same kinds).
"""
from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

# Capitalised only because they start a sentence or a heading: never a name, nor part of one.
STOP = frozenset(
    """a about above according across after afterwards again against ago ahead all almost along already also
    although always am among an and another any anyone anything anyway are around as at back be because been
    before being below beside besides between beyond both but by can cannot could did do does doing done down
    during each either else enough especially even ever every everyone everything finally for from further
    furthermore good great had has have having he hello hey her here hers herself hi him himself his how however i
    if in indeed instead into is it its itself just last lastly later least less let like likewise many may
    maybe me meanwhile might mine more moreover most much must my myself neither never nevertheless next no
    nobody none nor not nothing now of off often ok okay on once one only onto or other others otherwise our
    ours ourselves out over overall perhaps please quite rather really regarding right several shall
    she should since so some someone something sometimes soon still such than thank thanks that the their
    theirs them themselves then there thereby therefore these they this those though through thus to
    today together tomorrow tonight too toward towards under unless until up upon us very via was we well were
    what whatever when whenever where whereas wherever whether which while who whoever whom whose why will
    with within without would yes yesterday yet you your yours yourself yourselves""".split()
)
# Followed by "of", "the" and the like, these still join capitalised words into one name.
CONNECTORS = frozenset({"of", "the", "for", "on", "de", "du", "la", "le", "al", "bin", "van", "von", "der", "da", "do", "dos"})
CALENDAR = frozenset(
    """January February March April May June July August September October November December Jan Feb Mar Apr
    Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
# Clock and time-zone words ("4:06 P.M. EDT", "5:00 a.m. Eastern").
CLOCK = frozenset("A.M. P.M. AM PM EDT EST CDT CST MDT MST PDT PST GMT UTC BST CET CEST Standard Daylight Time".split())
# Abbreviations of ordinary words, not names.
COMMON_ABBREVIATIONS = frozenset("I Q A Q&A FAQ OK TV CEO CEOs PhD No. Nos.".split()) | frozenset(
    "Inaudible Crosstalk Laughter Applause Unintelligible".split()  # a transcript's notes: "(inaudible)"
)
# Abbreviations whose dot is no full stop.
ABBREVIATIONS = frozenset(
    """Dr. Mr. Mrs. Ms. Jr. Sr. St. Gen. Col. Lt. Sen. Rep. Gov. Prof. Rev. Inc. Ltd. Co. Corp. No. Mt. Ft. Adm. Capt. Maj.
    Sgt. Amb. Pres. Sec. Dept. Univ. vs. etc.""".split()
)
# Lower-case words a heading run into the text may hold between its capitalised ones.
HEADING_LOWER = frozenset("of the and to for on in a an with by at from against into over".split())
# Capitalised words ending like a verb form that are names or parts of names.
NOT_VERBS = frozenset({"United", "Beijing", "Nanjing", "Kunming", "Wyoming", "Reading", "Wellington", "Darjeeling", "Kipling", "Boeing"})
# Titles of office and address: on their own they name no one; before a name they say it is a person.
TITLES = frozenset(
    """President Presidents Vice Prime Minister Ministers Secretary Secretaries Secretary-General Undersecretary
    Under Deputy Assistant Ambassador Ambassadors Envoy Special Senator Senators Sen Sen. Representative Rep Rep.
    Congressman Congresswoman Governor Mayor Chancellor Premier Chairman Chairwoman Chair Chairperson Director
    Commissioner Spokesman Spokeswoman Spokesperson Advisor Adviser Counselor Counsellor Attorney Justice Judge
    General Admiral Colonel Col. Lieutenant Lt. Major Captain Commander Sergeant King Queen Prince Princess
    Emperor Sheikh Pope Cardinal Archbishop Bishop Reverend Rev. Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof.
    Professor Sir Dame Lord Lady Foreign Defense Defence Finance Interior Trade Energy Health National Security
    Leader Leaders Head Officer Official Officials Administrator Coordinator Czar Vice-President Chief Executive
    Presidential Senior""".split()
)
# Words of titles that are no title alone: "Special Envoy", "Senior Advisor", but "the Special Relationship".
TITLE_MODIFIERS = frozenset(
    """Vice Prime Foreign Defense Defence Finance Interior Trade Energy Health National Security Special Senior
    Presidential Deputy Assistant Under Chief Executive Head""".split()
)
# Titles that only ever precede a person's name ("Dr. Elizabeth Sherwood-Randall"), unlike "General".
PERSONAL_TITLES = frozenset(
    """President Ambassador Secretary Senator Sen. Rep. Congressman Congresswoman Governor Mayor Chancellor Premier
    Minister Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof. Professor Sir Dame King Queen Prince Princess Pope Envoy""".split()
)
# Plurals without an s, whose possessive stays inside a name ("People’s Republic of China").
IRREGULAR_PLURALS = frozenset({"People", "Women", "Children", "Men"})
# Titles that also end people's names ("Carole King", "John Major").
NAME_TITLES = frozenset({"King", "Queen", "Prince", "Princess", "Lord", "Lady", "Dame", "Sir", "Major", "Justice", "Pope", "Cardinal", "Bishop", "General"})
GENERATIONAL = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
# The last word of a name that says what kind of thing it names.
ORGANIZATION_HEADS = frozenset(
    """Organization Organisation Organizations Agency Agencies Department Ministry Bank Fund Council Assembly Committee
    Commission Union Party Service Services Bureau Office Institute Institution University College School Center
    Centre Corporation Company Inc Inc. Ltd Ltd. LLC Group Association Alliance Mission Court Congress Parliament
    Senate Government Administration Cabinet Army Navy Force Forces Command Community House Authority Board
    Federation Coalition Front Movement Foundation Society Network Nations Secretariat Directorate Guard Police
    Treasury Reserve Chamber Corps Academy League Club Trust Cooperation Allies""".split()
)
EVENT_HEADS = frozenset(
    """Summit Conference Election Elections War Wars Crisis Dialogue Ministerial Meeting Meetings Talks Olympics Games
    Revolution Agreement Treaty Amendment Partnership Programme Program Accord Accords Act Charter Declaration Convention Protocol Initiative Plan
    Strategy Goals Order Session Exercise Incident Campaign Pact Deal Doctrine Process Framework Resolution
    Sanctions Agenda Compact Consensus Memorandum Roadmap Forum Week Day Festival Expo Activity Activities Operation
    Attack Attacks Shooting Massacre Pandemic Outbreak Invasion Occupation Pledge Commitment""".split()
)
PLACE_HEADS = frozenset(
    """Sea Ocean River Mountains Mountain Valley Region Corridor Route Road Street Avenue Square City Island Islands
    Peninsula Gulf Bay Strait Straits Lake Desert Basin Canal Airport Port Province State Territory County
    District Park Coast Highlands Plateau Delta Pass Camp Base Harbor Harbour Line Border Zone Belt Heights""".split()
)
MEDIA_HEADS = frozenset("Times Post Journal News Press Tribune Herald Gazette Telegraph Review Magazine Radio TV Television Monitor Chronicle Wire".split())
# Lower-case words that still end an institution's name ("the Biden administration", "the U.S. government").
LOWER_ORGANIZATION_HEADS = frozenset({"administration", "government"})
LOWER_EVENT_HEADS = frozenset({"summit", "election", "elections"})
LOWER_MODIFIERS = frozenset({"presidential", "parliamentary", "general", "midterm", "federal", "interim", "transitional", "annual", "inaugural"})
# A head noun alone names nothing in particular ("the Administration", "the Summit").
GENERIC = frozenset(
    """State States Government Administration Department Ministry Agency Committee Summit Assembly Order Session
    Office Republic Federation Nations Union Council Service Services Group Party Program Programme Plan Act Center
    Centre Region Province City Court Mission Conference Meeting Forum Week Day Partnership Initiative Strategy
    Coalition Community Authority Board Alliance Network House Line Route Zone Border""".split()
)
# Words after which "of", "for", "on", "to", "and" continue a name ("Bank of England", "Mission to the U.N.").
TAKES_CONNECTOR = ORGANIZATION_HEADS | EVENT_HEADS | PLACE_HEADS | MEDIA_HEADS | TITLES | frozenset(
    "Republic Kingdom States Emirates Islands Federation Declaration Rights Studies Relations Affairs".split()
)
# Where a place word is the last of a name ("Central Asia", "the Middle East").
REGIONS = frozenset(
    """Africa Asia Europe America Americas Oceania Antarctica Arctic Caucasus Balkans Baltics Caribbean Sahel
    Levant Maghreb Scandinavia Eurasia Pacific Atlantic Mediterranean Siberia Middle East Indo-Pacific""".split()
)
COMPASS = frozenset(
    """North South East West Central Northern Southern Eastern Western Northeast Northwest Southeast Southwest
    Northeastern Northwestern Southeastern Southwestern Sub-Saharan Latin Global Near Far Middle Upper Lower""".split()
)
# Common English names of countries that ISO 3166 spells otherwise (ISO: "Russian Federation").
COMMON_COUNTRY_NAMES = frozenset(
    """Russia Britain Great-Britain Holland Burma Palestine Kosovo Macedonia Swaziland Vatican UK US USA""".split()
) | {"Great Britain", "Ivory Coast", "East Timor", "the Netherlands", "Czech Republic"}
# Adjectives of place that end like no demonym suffix does.
ADJECTIVES = frozenset({"Kyrgyz", "Thai", "Swiss", "Dutch", "French", "Greek"})
DEMONYM_SUFFIX = re.compile(r"(?:ians?|eans?|ans?|ese|ish|ic|is?|ers?|ern|kh|k|z|men)$")


def _short_forms(name: str) -> set[str]:
    """The forms a country's ISO name is written in running text: "Korea, Republic of" → "Republic of Korea"."""
    forms = {name}
    if ", " in name:
        head, tail = name.split(", ", 1)
        forms |= {head, f"{tail} {head}"}
    if " (" in name:
        forms.add(name.split(" (", 1)[0])
    return forms


@lru_cache(maxsize=2)
def _iso(standard: str) -> list[dict]:
    """The records of one of pycountry's ISO databases ("3166-1": countries, "3166-2": subdivisions).

    Read from pycountry's own JSON files: importing pycountry and building its objects costs a
    quarter of a second, every build; reading the two files costs a few milliseconds.
    """
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pycountry is not installed: run `make site`, which installs requirements.txt")
    folder = Path(next(iter(spec.submodule_search_locations))) / "databases"
    return json.loads((folder / f"iso{standard}.json").read_text(encoding="utf-8"))[standard]


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Every country name: ISO names, official and common names, and the common English ones."""
    names: set[str] = set(COMMON_COUNTRY_NAMES)
    for country in _iso("3166-1"):
        for attribute in ("name", "official_name", "common_name"):
            value = country.get(attribute)
            if value:
                names |= _short_forms(value)
    return frozenset(names)


@lru_cache(maxsize=1)
def subdivisions() -> frozenset[str]:
    """ISO 3166-2 subdivisions with an English-looking name of more than three letters (states, provinces)."""
    return frozenset(
        s["name"] for s in _iso("3166-2") if s["name"].isascii() and len(s["name"]) > 3 and s["name"] not in COMPASS and s["name"] not in ADJECTIVES
    )


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    return frozenset(name[:4] for name in countries() | REGIONS if " " not in name and len(name) >= 4)


def is_demonym(word: str) -> bool:
    """Whether a capitalised word is an adjective of a people or place ("Afghan", "Iranian", "Kazakh", "Western")."""
    if word in ADJECTIVES:
        return True
    if word in countries() or word in REGIONS or not DEMONYM_SUFFIX.search(word) or len(word) < 4:
        return False
    if word.endswith(("ian", "ean", "ese", "ish")) and word[:1].isupper() and word[1:].islower():
        return True
    # "Afghan", "Israeli", "Kazakh": a country's name begins like the word.
    return word[:4] in _country_stems() or f"{word}stan" in countries() or f"{word}istan" in countries()


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """The two-letter codes of US states and districts ("DC", "NY"), as written after a city, with dots too ("D.C.")."""
    codes = {s["code"].split("-")[1] for s in _iso("3166-2") if s["code"].startswith("US-")}
    return frozenset(codes | {f"{c[0]}.{c[1]}." for c in codes if len(c) == 2})
