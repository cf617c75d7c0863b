"""The language of synthetic collections: events, original articles and their rewrites.

Every story is one event with its own facts (place, people, organisation, numbers,
day). Place and organisation names are built from syllables, so a million events
do not collide, and every sentence carries facts of its event, so two stories share
little beyond common words. The transforms are the ones users meet on the web.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

FIRST = [
    "Anna",
    "Maria",
    "Jonas",
    "Helen",
    "Tomas",
    "Priya",
    "Colin",
    "Sofia",
    "Pablo",
    "Ines",
    "Yusuf",
    "Lena",
    "Omar",
    "Greta",
    "Ivan",
    "Nadia",
    "Marek",
    "Elena",
    "Samuel",
    "Aiko",
    "Rosa",
    "Felix",
    "Hana",
    "Dmitri",
    "Clara",
    "Musa",
    "Erik",
    "Leila",
    "Victor",
    "Amara",
    "Jan",
    "Irene",
    "Kofi",
    "Selma",
    "Rafael",
    "Mei",
    "Oskar",
    "Zara",
    "Tariq",
    "Nora",
]
LAST = [
    "Lindqvist",
    "Okafor",
    "Berg",
    "Marsh",
    "Reyes",
    "Nandakumar",
    "Tate",
    "Moreau",
    "Castillo",
    "Haddad",
    "Novak",
    "Brennan",
    "Kowalski",
    "Sato",
    "Mendes",
    "Hoffmann",
    "Adeyemi",
    "Larsen",
    "Petrov",
    "Quinn",
    "Varga",
    "Dubois",
    "Hussain",
    "Keller",
    "Mwangi",
    "Rossi",
    "Silva",
    "Tanaka",
    "Holm",
    "Eriksen",
    "Abbas",
    "Farrell",
    "Lund",
    "Ortega",
    "Pereira",
    "Strand",
    "Vogel",
    "Yilmaz",
    "Zeller",
    "Bianchi",
]
ONSET = [
    "Kel",
    "Bram",
    "Dun",
    "Ash",
    "Mar",
    "Tor",
    "Wen",
    "Cal",
    "Hal",
    "Ros",
    "Fen",
    "Gil",
    "Lin",
    "Mor",
    "Pen",
    "Sel",
    "Thal",
    "Var",
    "Wil",
    "Bel",
    "Cor",
    "Dor",
]
MIDDLE = ("", "a", "en", "i", "o", "er", "an", "el")
CODA = [
    "ford",
    "bury",
    "mouth",
    "wick",
    "stead",
    "dale",
    "haven",
    "by",
    "ton",
    "field",
    "mere",
    "port",
    "brook",
    "ley",
    "holm",
    "gate",
]
AGENCIES = (
    "Eastwire",
    "Northwire",
    "Meridian Press",
    "Baltic News Agency",
    "Southern Wire",
    "Capital Newswire",
)
SITES = ("Coastal Daily", "Valley Times", "Metro Herald", "The Courier", "Riverside Post", "City Ledger")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")


@dataclass(frozen=True, slots=True)
class Event:
    """The facts of one story; every article about it draws on them."""

    kind: str
    place: str
    region: str
    org: str
    official: str
    role: str
    witness: str
    analyst: str
    firm: str
    agency: str
    count: int
    people: int
    amount: float
    percent: int
    days: int
    weekday: str
    month: str
    day: int
    year: int


def place_name(rng: random.Random) -> str:
    return rng.choice(ONSET) + rng.choice(MIDDLE) + rng.choice(CODA)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def new_event(rng: random.Random) -> Event:
    kind = rng.choice(tuple(TEMPLATES))
    place = place_name(rng)
    return Event(
        kind=kind,
        place=place,
        region=f"{place_name(rng)} region",
        org=f"{place_name(rng)} {rng.choice(ORG_KINDS[kind])}",
        official=person(rng),
        role=rng.choice(ROLES),
        witness=person(rng),
        analyst=person(rng),
        firm=f"{place_name(rng)} {rng.choice(('Partners', 'Advisory', 'Research', 'Consulting', 'Analytics'))}",
        agency=rng.choice(AGENCIES),
        count=rng.randint(3, 60),
        people=rng.randint(120, 9000),
        amount=round(rng.uniform(1.2, 95.0), 1),
        percent=rng.randint(2, 40),
        days=rng.randint(2, 21),
        weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        year=rng.choice((2023, 2024, 2025)),
    )


ROLES = ("spokeswoman", "spokesman", "director", "chief executive", "deputy mayor", "chief engineer")
ORG_KINDS = {
    "bridge": ("Roads Agency", "Transport Authority", "Highways Board"),
    "factory": ("Steel Works", "Chemicals Group", "Motor Plant"),
    "flood": ("Water Board", "Emergency Service", "River Authority"),
    "strike": ("Transit Company", "Port Operator", "Rail Services"),
    "hospital": ("Health Trust", "University Hospital", "Medical Centre"),
}
# Per event kind: the headline, then the sentences of an original report. Fields in
# braces come from the Event.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "bridge": (
        "{place} bridge closed after inspectors find cracks",
        "The main bridge in {place} was closed to all traffic on {weekday} after inspectors found cracks in {count} of its steel supports, the {org} said.",
        "About {people} vehicles cross the bridge every day, and drivers were told to expect long delays on the ring road.",
        "Repairs are expected to cost about {amount} million euros and to take at least {days} weeks.",
    ),
    "factory": (
        "Fire halts production at {place} plant",
        "A fire broke out on {weekday} at the {org} plant in {place}, halting production on {count} assembly lines, the company said.",
        "About {people} workers were sent home while firefighters worked through the night.",
        "The damage could cost about {amount} million euros, and the plant may stay shut for {days} days.",
    ),
    "flood": (
        "Floods force evacuations in {place}",
        "Heavy rain flooded parts of {place} on {weekday}, forcing the evacuation of {count} streets near the river, the {org} said.",
        "About {people} residents spent the night in schools and sports halls.",
        "Officials put the early cost of the damage at {amount} million euros and warned that the water would take {days} days to recede.",
    ),
    "strike": (
        "Strike stops services at {place}",
        "Workers at the {org} in {place} walked out on {weekday}, cancelling {count} routes, the union said.",
        "About {people} passengers were affected on the first day of the strike.",
        "The union is demanding a pay rise worth {amount} million euros a year and said the strike could last {days} days.",
    ),
    "hospital": (
        "{place} hospital opens new emergency wing",
        "The {org} in {place} opened a new emergency wing on {weekday} with {count} treatment rooms, the hospital said.",
        "The wing is expected to treat about {people} patients a year.",
        "It cost {amount} million euros to build and took {days} months longer than planned.",
    ),
}
SHARED = (
    "“We are doing everything we can to limit the disruption,” said {official}, the {role} of the {org}.",
    "The figures were confirmed on {month} {day}, {year}, in a statement from the {org}.",
    "{witness}, who lives nearby, said the neighbourhood had been warned only hours before.",
    "“Nobody here remembers anything like this,” said {witness}.",
    "{analyst}, an analyst at {firm}, estimated that local businesses could lose {percent}% of their weekly trade.",
    "The {org} said it would publish a full report within {days} days.",
    "Authorities in the {region} said they were following the situation closely.",
    "It is the second such incident in {place} in {count} months, according to local records.",
    "Opposition councillors in {place} called for an independent inquiry into what went wrong.",
    "Schools in {place} will stay open, the {region} council said on {weekday} evening.",
)
# Independent reports use the same facts in other words, written from the facts, not from any text.
INDEPENDENT = (
    "{place} residents faced a difficult {weekday} as the {org} dealt with the emergency.",
    "Speaking to reporters, {official} said the {org} had acted as fast as possible.",
    "Local estimates suggest some {people} people have been affected in total.",
    "Costs are thought to be around {amount} million euros, though the final bill may be higher.",
    "Businesses near the site told our reporter that trade had fallen sharply, perhaps by {percent}%.",
    "An inquiry has been demanded by councillors, who say warnings were ignored.",
    "Officials expect normal conditions to return within {days} days.",
)
INDEPENDENT_TITLES = (
    "a day of disruption",
    "questions mount",
    "what went wrong",
    "residents count the cost",
    "officials under pressure",
    "the view from the street",
    "a town on edge",
    "anger and uncertainty",
)
FILLER = (
    "Council budgets in the {region} have been under pressure for several years.",
    "Local elections are due next spring, and transport is expected to be a central issue.",
    "Residents' groups have long argued for more spending on public infrastructure.",
    "Several neighbouring towns have faced similar problems in recent years.",
    "Experts say ageing public works across the {region} need urgent investment.",
)
FURNITURE = (
    "Subscribe to {site} for the latest local news.",
    "Photo: {site} staff",
    "Share this article",
    "{views} views",
    "Read more: {site} daily briefing",
)
SPIN = {
    "closed": "shut",
    "cracks": "fissures",
    "traffic": "site visitors",
    "inspectors": "examiners",
    "expected": "anticipated",
    "cost": "value",
    "about": "roughly",
    "workers": "staff",
    "company": "agency",
    "said": "mentioned",
    "fire": "hearth",
    "night": "evening",
    "heavy": "weighty",
    "rain": "precipitation",
    "residents": "inhabitants",
    "evacuation": "removal",
    "schools": "faculties",
    "passengers": "travellers",
    "union": "association",
    "strike": "hit",
    "pay": "wage",
    "rise": "increase",
    "patients": "sufferers",
    "opened": "launched",
    "new": "recent",
    "emergency": "crisis",
    "long": "prolonged",
    "delays": "holdups",
    "warned": "cautioned",
    "damage": "harm",
    "main": "primary",
    "estimated": "assessed",
    "trade": "commerce",
    "weekly": "weekly",
    "report": "account",
    "full": "entire",
    "statement": "assertion",
    "limit": "restrict",
    "disruption": "interruption",
    "everything": "all the pieces",
    "remembers": "recollects",
    "nearby": "close by",
    "hours": "hrs",
    "situation": "state of affairs",
    "second": "second",
    "incident": "episode",
    "records": "information",
    "independent": "impartial",
    "inquiry": "investigation",
    "wrong": "incorrect",
    "stay": "keep",
    "businesses": "companies",
    "local": "native",
    "confirmed": "verified",
    "figures": "numbers",
    "argued": "contended",
    "feared": "dreaded",
    "announced": "introduced",
    "plan": "scheme",
    "prices": "costs",
    "budget": "finances",
    "claims": "assertions",
    "delay": "postpone",
    "damaged": "broken",
    "double": "duplicate",
    "threaten": "endanger",
    "households": "homes",
    "districts": "quarters",
    "square": "sq.",
    "works": "jobs",
    "services": "providers",
    "firms": "corporations",
    "season": "time of year",
    "fees": "charges",
    "market": "bazaar",
    "timetable": "schedule",
}
REPORTING = (("said", "stated"), ("said", "noted"), ("estimated", "calculated"), ("warned", "cautioned"))
PARAPHRASE_WORDS = {
    "about": "around",
    "expected": "likely",
    "cost": "price",
    "closed": "shut down",
    "said": "stated",
    "affected": "hit",
    "called for": "demanded",
    "opened": "unveiled",
    "residents": "locals",
    "warned that": "cautioned that",
    "would delay": "is set to hold up",
    "could double": "may well double",
    "had damaged": "has harmed",
    "confirmed that": "made clear that",
    "argued that": "made the case that",
    "by the end of": "before the close of",
    "within weeks": "in a matter of weeks",
    "until next year": "into next year",
}


def fill(template: str, event: Event, **extra: object) -> str:
    return template.format(**{f: getattr(event, f) for f in Event.__slots__}, **extra)


SPEAKERS = ("{official}, the {role} of the {org},", "{witness}, who lives nearby,", "{analyst} of {firm}")
NOUN_POOL = [
    "budget",
    "depot",
    "timetable",
    "ferry",
    "harbour",
    "grid",
    "museum",
    "stadium",
    "airport",
    "tram",
    "canal",
    "library",
    "orchard",
    "vineyard",
    "warehouse",
    "brewery",
    "quarry",
    "mill",
    "pier",
    "lighthouse",
    "reservoir",
    "pipeline",
    "tunnel",
    "viaduct",
    "runway",
    "terminal",
    "garage",
    "bakery",
    "pharmacy",
    "clinic",
    "pension",
    "salary",
    "tariff",
    "subsidy",
    "mortgage",
    "lease",
    "tender",
    "contract",
    "permit",
    "licence",
    "festival",
    "parade",
    "concert",
    "exhibition",
    "tournament",
    "marathon",
    "regatta",
    "carnival",
    "auction",
    "fair",
    "election",
    "referendum",
    "petition",
    "lawsuit",
    "verdict",
    "appeal",
    "inquiry",
    "audit",
    "survey",
    "census",
    "forecast",
    "harvest",
    "drought",
    "frost",
    "storm",
    "heatwave",
    "wildfire",
    "landslide",
    "tremor",
    "outage",
    "leak",
    "spill",
    "shortage",
    "surplus",
    "deficit",
    "loan",
    "grant",
    "bond",
    "fund",
    "levy",
    "toll",
    "fare",
    "ticket",
    "voucher",
    "pass",
    "queue",
    "backlog",
    "waiting",
    "shift",
    "overtime",
    "pay",
    "strike",
    "walkout",
    "picket",
    "merger",
    "takeover",
    "layoff",
    "bonus",
    "dividend",
    "shareholder",
    "supplier",
    "retailer",
    "wholesaler",
    "exporter",
    "importer",
    "landlord",
    "tenant",
    "farmer",
    "fisherman",
    "miner",
    "nurse",
    "teacher",
    "pupil",
    "student",
    "volunteer",
    "cyclist",
    "pedestrian",
    "commuter",
    "tourist",
    "pilgrim",
    "refugee",
    "migrant",
    "veteran",
    "pensioner",
    "sailor",
    "trucker",
    "courier",
    "plumber",
    "architect",
    "surveyor",
    "chemist",
    "dentist",
    "vet",
    "judge",
    "juror",
    "witness",
    "detective",
    "prosecutor",
    "senator",
    "councillor",
    "governor",
    "minister",
    "embassy",
    "consulate",
    "parliament",
    "cabinet",
    "ministry",
    "tribunal",
    "academy",
    "seminary",
    "chapel",
    "cathedral",
    "mosque",
    "synagogue",
    "cemetery",
    "park",
    "playground",
    "zoo",
    "aquarium",
    "observatory",
    "planetarium",
    "greenhouse",
    "allotment",
    "kiosk",
    "market",
    "arcade",
    "mall",
    "boutique",
    "hotel",
    "hostel",
    "motel",
    "campsite",
    "marina",
    "dock",
    "wharf",
    "shipyard",
    "foundry",
    "refinery",
    "smelter",
    "kiln",
    "furnace",
    "turbine",
    "dynamo",
    "battery",
    "charger",
    "sensor",
    "camera",
    "drone",
    "satellite",
    "antenna",
    "cable",
    "router",
    "server",
    "database",
    "software",
    "licence",
    "patent",
    "trademark",
    "copyright",
]
VERB_POOL = [
    "delay",
    "cut",
    "raise",
    "double",
    "halve",
    "freeze",
    "extend",
    "shorten",
    "block",
    "approve",
    "reject",
    "review",
    "expand",
    "shrink",
    "replace",
    "rebuild",
    "repaint",
    "reroute",
    "relocate",
    "rename",
    "reopen",
    "close",
    "merge",
    "split",
    "fund",
    "sell",
    "buy",
    "lease",
    "rent",
    "insure",
    "inspect",
    "audit",
    "survey",
    "measure",
    "test",
    "monitor",
    "track",
    "limit",
    "cap",
    "lift",
    "ban",
    "restrict",
    "allow",
    "permit",
    "subsidise",
    "tax",
    "fine",
    "sue",
    "charge",
    "compensate",
    "reward",
    "hire",
    "dismiss",
    "train",
    "equip",
    "supply",
    "stock",
    "ship",
    "deliver",
    "import",
    "export",
    "store",
    "recycle",
    "clean",
    "repair",
    "upgrade",
    "downgrade",
    "modernise",
    "protect",
    "guard",
    "patrol",
    "flood",
    "drain",
]
ADJ_POOL = [
    "new",
    "old",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "rural",
    "urban",
    "coastal",
    "inland",
    "historic",
    "modern",
    "temporary",
    "permanent",
    "private",
    "public",
    "regional",
    "municipal",
    "national",
    "seasonal",
    "weekly",
    "annual",
    "overnight",
    "emergency",
    "spare",
    "main",
    "disused",
    "flooded",
    "crowded",
    "empty",
    "costly",
    "cheap",
    "overdue",
    "unfinished",
    "fragile",
    "sturdy",
]
CLAIMS = (
    "warned",
    "confirmed",
    "denied",
    "argued",
    "announced",
    "feared",
    "insisted",
    "admitted",
    "suggested",
    "expected",
    "promised",
    "revealed",
    "claimed",
    "estimated",
    "reported",
    "predicted",
)
OBJECTS = (
    "the reopening of the {place} depot",
    "{count} local schools",
    "the plans for the {region}",
    "about {people} households",
    "the budget agreed in {month}",
    "the northern districts",
    "the contracts signed with {firm}",
    "the timetable for {days} weeks",
    "a rise of {percent}% in costs",
    "the works promised last year",
    "services across the {region}",
    "{count} small firms",
)
OPENERS = (
    "In a surprise move,",
    "Late on {weekday},",
    "For the first time,",
    "Despite objections,",
    "After a long meeting,",
    "Without warning,",
    "Earlier this year,",
    "In a letter to residents,",
    "Under pressure from campaigners,",
    "To the dismay of some,",
    "Quietly,",
    "In response,",
)
ACTIONS = (
    "plans to",
    "voted to",
    "refused to",
    "agreed to",
    "is expected to",
    "decided to",
    "hopes to",
    "failed to",
    "moved to",
    "threatened to",
    "promised to",
    "declined to",
    "was forced to",
    "wants to",
)
MODIFIERS = (
    "near the {a} {n}",
    "despite the {n} dispute",
    "as part of a {a} {n} deal",
    "without consulting {n} groups",
    "after complaints about the {n}",
    "to make room for a {a} {n}",
    "while the {n} is reviewed",
    "at a cost nobody has disclosed",
    "in exchange for {a} {n} rights",
    "once the {n} inquiry ends",
    "so that the {n} can stay open",
    "ahead of the {a} {n} season",
    "with help from {n} volunteers",
)
FRAMES = (
    "{opener} {subject} {action} {verb} the {a1} {n1} {modifier}.",
    "{subject} {claim} that the {a1} {n1} {vphrase} {object} {time}.",
    "{opener} the {n1} {vphrase} the {a1} {n2}, {subject} {claim}.",
    "The {n1} {vphrase} {object}, and the {n2} {vphrase2} {time}.",
    "“The {n1} {vphrase} the {a1} {n2} {modifier},” said {speaker}.",
    "Asked about the {n1}, {speaker} said the {a1} {n2} {vphrase} {object}.",
)
SUBJECTS = ("the {org}", "officials in the {region}", "the {place} council", "{firm}", "the opposition")
TIMES = (
    "by the end of {month}",
    "before the weekend",
    "for at least {days} days",
    "until next year",
    "within weeks",
    "after the summer",
    "by {weekday}",
    "for the rest of the year",
    "in the coming months",
)


def grammar_sentence(rng: random.Random, topic: Sequence[str]) -> str:
    """A news-shaped sentence about the story's own topic words, composed from large pools."""
    n1, n2, n3 = rng.sample(list(topic), 3)
    modifier = rng.choice(MODIFIERS).format(a=rng.choice(ADJ_POOL), n=n3)
    sentence = rng.choice(FRAMES).format(
        opener=rng.choice(OPENERS),
        subject="{subject}",
        action=rng.choice(ACTIONS),
        verb=rng.choice(VERB_POOL),
        claim=rng.choice(CLAIMS),
        a1=rng.choice(ADJ_POOL),
        n1=n1,
        n2=n2,
        vphrase=f"{rng.choice(ACTIONS)} {rng.choice(VERB_POOL)}",
        vphrase2=f"{rng.choice(ACTIONS)} {rng.choice(VERB_POOL)} it",
        object=rng.choice(OBJECTS),
        modifier=modifier,
        time=rng.choice(TIMES),
        speaker=rng.choice(SPEAKERS).rstrip(","),
    )
    return sentence.replace("{subject}", rng.choice(SUBJECTS), 1)


def _capital(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def original(event: Event, rng: random.Random) -> tuple[str, list[str]]:
    """Headline and sentences of the first report of an event, credited to its agency."""
    head, *lead = TEMPLATES[event.kind]
    topic = rng.sample(NOUN_POOL, 6)  # each story talks about its own things
    body = [grammar_sentence(rng, topic) for _ in range(rng.randint(6, 11))]
    # The event's fixed sentences are spread among the story's own, so that two events of
    # one kind do not share a run of sentence skeletons.
    for template in (*lead[1:], rng.choice(SHARED)):
        body.insert(rng.randrange(len(body) + 1), template)
    sentences = [_capital(fill(s, event)) for s in (lead[0], *body)]
    dateline = f"{event.place.upper()}, {event.month} {event.day} ({event.agency}) - "
    sentences[0] = dateline + sentences[0]
    return fill(head, event), sentences


def strip_credit(sentences: list[str]) -> list[str]:
    return [re.sub(r"^[A-Z .'-]+, [A-Z][a-z]+ \d+ \([^)]+\) - ", "", s) for s in sentences]


def verbatim(title: str, sentences: list[str], rng: random.Random) -> str:
    site = rng.choice(SITES)
    top = [fill(rng.choice(FURNITURE[:2]), _NO_EVENT, site=site, views=rng.randint(100, 90000))]
    bottom = [fill(f, _NO_EVENT, site=site, views=rng.randint(100, 90000)) for f in FURNITURE[2:]]
    return render(title, sentences, header=top, footer=bottom)


def light_edit(title: str, sentences: list[str], rng: random.Random) -> str:
    out = strip_credit(sentences) if rng.random() < 0.7 else list(sentences)
    if len(out) > 6:
        out.pop(rng.randrange(2, len(out)))
    k = rng.randrange(len(out))
    out[k] = re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 1), out[k], count=1)
    out = [s.replace(" about ", " around ").replace("were told", "have been told") for s in out]
    return render(title.replace(" after ", " as "), out)


def spun(title: str, sentences: list[str], rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = SPIN.get(word.lower())
        if new is None or rng.random() > 0.75:
            return word
        return new.capitalize() if word[0].isupper() else new

    pattern = re.compile(r"[A-Za-z]+")
    return render(pattern.sub(swap, title), [pattern.sub(swap, s) for s in strip_credit(sentences)])


def condensed(title: str, sentences: list[str], rng: random.Random) -> str:
    keep = sorted(rng.sample(range(1, len(sentences)), min(len(sentences) - 1, rng.randint(3, 4))))
    picked = [strip_credit(sentences)[0]] + [sentences[i] for i in keep]
    if len(picked) > 3:
        picked[1], picked[2] = picked[2], picked[1]  # briefs reorder: the most telling fact first
    return render("In brief: " + title, picked)


def paraphrase_sentence(sentence: str, rng: random.Random) -> str:
    out = sentence
    quote = re.match(r"^(“[^”]+,”) said ([^,.]+), (.+)\.$", out)
    if quote:
        out = f"{quote.group(2)}, {quote.group(3)}, put it this way: {quote.group(1)[:-2]}.”"
    elif re.search(r", the ([^,]+) said\.$", out):
        m = re.search(r"^(.*), the ([^,]+) said\.$", out)
        if m:
            out = f"According to the {m.group(2)}, {m.group(1)[0].lower()}{m.group(1)[1:]}."
    for old, new in PARAPHRASE_WORDS.items():
        if rng.random() < 0.6:
            out = re.sub(rf"\b{old}\b", new, out)
    if rng.random() < 0.3 and ", and " in out:
        first, second = out.split(", and ", 1)
        out = f"{first}. In addition, {second}"
    return out


def paraphrase(title: str, sentences: list[str], rng: random.Random) -> str:
    body = [paraphrase_sentence(s, rng) for s in strip_credit(sentences)]
    return render("What we know: " + title.lower(), body)


def partial(title: str, sentences: list[str], event: Event, rng: random.Random) -> str:
    start = rng.randrange(0, max(1, len(sentences) - 4))
    reused = strip_credit(sentences)[start : start + 4]
    before = [fill(s, event) for s in rng.sample(FILLER, 2)]
    after = [fill(s, event) for s in rng.sample(FILLER, 2)]
    return render(
        f"Analysis: what the {event.place} news means for the {event.region}", [*before, *reused, *after]
    )


def independent(event: Event, rng: random.Random) -> str:
    """Another reporter's article on the same event: its facts, none of its sentences."""
    facts = [fill(s, event) for s in rng.sample(INDEPENDENT, 3)]
    topic = rng.sample(NOUN_POOL, 6)  # the reporter's own angle on the story
    body = [_capital(fill(grammar_sentence(rng, topic), event)) for _ in range(rng.randint(4, 7))]
    for fact in facts:
        body.insert(rng.randrange(len(body) + 1), fact)
    return render(f"{event.place}: {rng.choice(INDEPENDENT_TITLES)}", body)


def render(
    title: str, sentences: Sequence[str], header: Sequence[str] = (), footer: Sequence[str] = ()
) -> str:
    # Two or three sentences a paragraph, as news pages do; site furniture on lines of its own.
    paragraphs, k = [], 0
    while k < len(sentences):
        size = 2 if (k // 2) % 2 == 0 else 3
        paragraphs.append(" ".join(sentences[k : k + size]))
        k += size
    return "\n\n".join([title, *header, *paragraphs, *footer]) + "\n"


_NO_EVENT = Event("bridge", "", "", "", "", "", "", "", "", "", 0, 0, 0.0, 0, 0, "", "", 0, 0)
