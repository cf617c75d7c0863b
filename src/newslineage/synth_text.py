"""The language of synthetic collections: events, the articles about them, and their rewrites.

An event is a kind (factory fire, mayoral election, museum theft: twenty kinds) and the
facts drawn for it: a town, people with roles, organisations, numbers, a date. Every
article about the event is written from those facts. Towns, rivers and firms are built
from syllables and people from long name lists, so a million events rarely share them;
each kind has its own sentences and each fact two wordings, so two events of one kind
share sentence skeletons but rarely a run of them, as two reports of two fires do.

An article is a ``Draft`` of ``Line``s. A line remembers which sentence of the story it
renders (``origin``): a rewrite keeps the origin of the sentence it rewrote, a new
sentence gets a fresh one. Which texts share which sentences follows from there.

The rewrites are the ones users meet: site reprints, light edits, synonym spinning,
briefs, rule-based paraphrase, and a few paragraphs reused inside a new article.
Every word list and sentence is written here; nothing is downloaded.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from types import MappingProxyType
from typing import TypeVar

#: A source of fresh sentence origins, unique within one story.
Fresh = Iterator[int]


def _split(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


# No first name is also a common English word, so the spinner never rewrites a name.
FEMALE = _split(
    "Anna|Maria|Helen|Priya|Sofia|Ines|Lena|Greta|Nadia|Elena|Aiko|Clara|Leila|Amara|Irene|Selma|Mei|"
    "Zara|Nora|Hana|Ingrid|Marta|Yasmin|Chiara|Olga|Beatriz|Fatima|Ayumi|Kirsten|Lucia|Noemi|Svetlana|"
    "Thandiwe|Wanjiru|Agnieszka|Dagny|Esther|Farida|Giulia|Halima|Ilse|Johanna|Katarina|Ludmila|Mirela|"
    "Nkechi|Oona|Paloma|Rania|Sigrid|Tamsin|Ursula|Vesna|Ximena|Yolanda|Zuzana|Adaeze|Bettina|Cecilia|Dorota"
)
MALE = _split(
    "Jonas|Tomas|Colin|Pablo|Yusuf|Omar|Ivan|Marek|Samuel|Felix|Dmitri|Musa|Erik|Victor|Kofi|Rafael|"
    "Oskar|Tariq|Anders|Bruno|Cedric|Diego|Emeka|Fabian|Gustav|Henrik|Ibrahim|Jakub|Kenji|Lorenzo|Mateo|"
    "Nikolai|Olusegun|Pieter|Quentin|Rashid|Stefan|Teodor|Umar|Viktor|Wojciech|Xavier|Yannick|Zoltan|"
    "Arjun|Bartosz|Casimir|Desmond|Emil|Florin|Goran|Hamid|Ismael|Joaquim|Karel|Leopold|Anton|Matthias"
)
LAST = _split(
    "Lindqvist|Okafor|Berg|Reyes|Nandakumar|Moreau|Castillo|Haddad|Novak|Brennan|Kowalski|Sato|Mendes|"
    "Hoffmann|Adeyemi|Larsen|Petrov|Quinn|Varga|Dubois|Hussain|Keller|Mwangi|Rossi|Silva|Tanaka|Holm|"
    "Eriksen|Abbas|Farrell|Lund|Ortega|Pereira|Vogel|Yilmaz|Zeller|Bianchi|Achterberg|Baptiste|Cardoso|"
    "Delacroix|Esposito|Fonseca|Gallagher|Halloran|Ivanova|Jansen|Kaminski|Lebedev|Marchetti|Nakamura|"
    "Oyelaran|Popescu|Quintero|Rahman|Szabo|Tomasson|Uchenna|Vasquez|Wieczorek|Xu|Yamamoto|Zapata|"
    "Abernethy|Bergstrom|Chukwu|Dimitrov|Engel|Ferreira|Grunwald|Horvath|Iglesias|Jovanovic|Kruger|"
    "Lindgren|Mbeki|Nieminen|Osei|Pacheco|Radu|Salonen|Takahashi|Urquhart|Villanueva|Wojcik|Yusupov|"
    "Zielinski|Alvarez|Bauer|Costa|Dahl|Eze|Fischer|Greco|Hakimi|Ionescu|Jensen|Kovac|Lopes|Moretti|"
    "Nyberg|Olsen|Petersen|Ricci|Schmidt|Toivonen|Ulrich|Visser|Weber|Yildiz|Zamora|Amundsen|Boateng|"
    "Carvalho|Dalton|Ekstrom|Fitzgerald|Gomez|Hansen|Inoue|Jaramillo|Kader|Lambert|Mikkelsen|Nowak|"
    "Ogunleye|Pinto|Rasmussen|Sorensen|Tiwari|Uddin|Vidal|Wagner|Yeboah|Zhang|Andersson|Bakker|Cooper"
)
ONSET = _split(
    "Kel|Bram|Dun|Ash|Mar|Tor|Wen|Cal|Hal|Ros|Fen|Gil|Lin|Mor|Pen|Sel|Thal|Var|Wil|Bel|Cor|Dor|Elm|Fal|"
    "Gar|Hart|Ivel|Kes|Lam|Nor|Ost|Pel|Quar|Rav|Sten|Tam|Ulls|Vel|Yar|Zell|Brin|Craw|Dray|Frost"
)
MIDDLE = ("", "a", "en", "i", "o", "er", "an", "el", "ing", "es")
CODA = _split(
    "ford|bury|mouth|wick|stead|dale|haven|by|ton|field|mere|port|brook|ley|holm|gate|vik|stad|hausen|"
    "ingen|burg|dorf|heim|bridge|cliff|moor|well|thorpe|ham|combe|wood|minster|sund|vale"
)
REGION_WORDS = ("province", "county", "district", "region", "valley")
MONTHS = _split("January|February|March|April|May|June|July|August|September|October|November|December")
WEEKDAYS = _split("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
ORDINALS = ("second", "third", "fourth", "fifth")
CURRENCIES = ("euros", "dollars", "pounds", "francs", "crowns")
AGENCIES = _split(
    "Northwire|Eastwire|Meridian Press|Baltic News Agency|Southern Wire|Capital Newswire|"
    "Continental Press Service|Harbour News Agency|Atlas Wire|Pinnacle News|Central Press Agency|"
    "Lakeland Wire|Union Press International|Westbury News"
)
SITES = _split(
    "Coastal Daily|Valley Times|Metro Herald|The Courier|Riverside Post|City Ledger|Morning Gazette|"
    "Daily Beacon|News Today 24|The Regional Observer|Evening Chronicle|Hillside Echo|Newsroom Hub|"
    "Top Stories Online|The Weekly Bulletin|Headline Digest"
)
TOWN_KINDS = _split(
    "market town|port city|former mining town|river town|cathedral city|commuter town|industrial town|"
    "university town|fishing town|spa town|hill town|border town|railway town|mill town|garrison town|ferry port"
)
SETTINGS = _split(
    "on the banks of the {river}|about {km2} kilometres north of {place2}|at the foot of the {hills}|"
    "on the coast road to {place2}|in a valley east of {place2}|close to the edge of the {region}|"
    "on the railway line between {place2} and the coast|on a plateau above the {river}"
)
KNOWN_FOR = _split(
    "annual wine festival|medieval town walls|football club|weekly cattle market|glassworks|university|"
    "seafood restaurants|cathedral|jazz festival|ski slopes|botanical garden|old harbour|clock tower"
)
THEMES = _split(
    "the state of public services|how small towns cope|who pays when things go wrong|"
    "the future of the {region}|the limits of local government|what residents are told, and when"
)
COMPANY = _split(
    "{name_a} Industries|{rival_last} Group|{name_a} Manufacturing|{rival_last} & Sons|{name_a} Works"
)
FIRM = _split("{expert_last} Research|{name_b} Analytics|{name_b} Advisory|{name_b} Economics")
POLITICIAN_ROLES = _split(
    "an opposition member of the {region} assembly|the leader of the largest group on the {place} council|"
    "a member of parliament for {place}|the deputy mayor of {place}|a Green member of the {place} council"
)
PEOPLE = ("official", "witness", "witness2", "expert", "politician", "subject", "rival")
#: Numbers every event has; a kind redraws any of them in its own range.
COMMON_NUMBERS = (
    ("injured", 2, 30),
    ("serious", 1, 3),
    ("days", 2, 14),
    ("weeks", 2, 12),
    ("hours", 2, 20),
    ("km", 2, 40),
    ("km2", 5, 60),
    ("pct", 3, 35),
    ("population", 8000, 400000),
    ("wyears", 3, 35),
    ("gust", 50, 110),
    ("years_span", 5, 40),
    ("route_a", 1, 49),
    ("route_b", 50, 99),
)
# Sentences any event can use. {@person} is the person's full name and role on first
# mention and the surname after, as reporters write.
CONTEXT = (
    "{place}, a {town_kind} of about {population} people {setting}, is the largest town in the {region}.",
    "About {population} people live in {place}, a {town_kind} {setting}.",
    "{place} is a {town_kind} {setting} with a population of roughly {population}.",
    "The {town_kind} of {place}, {setting}, has about {population} inhabitants.",
    "With about {population} residents, {place} is one of the bigger towns in the {region}.",
    "{place}, {setting}, is best known for its {known_for}.",
)
INCIDENT_TAIL = (
    "The {org} said it would publish a full report on the {noun} by the end of {month_next}.",
    "{@politician} called for an independent inquiry into the {noun}.",
    "Opposition councillors in {place} asked for an emergency meeting to discuss what had gone wrong.",
    "It was the {ordinal} {noun} in the {region} in {years_span} years, according to the regional government.",
    "A further update is expected on {weekday_next}, the {org} said.",
    "The regional governor was due to visit {place} on {weekday_next}.",
)
NEWS_TAIL = (
    "{@politician} said the council would discuss the {noun} at its next meeting.",
    "The {noun} was the main topic of conversation in the cafés and shops of {place} on {weekday}.",
    "Local newspapers across the {region} are expected to give the {noun} their front pages.",
    "The {org} said it would give more details on {weekday_next}.",
)
# An independent reporter's own background and closing lines.
INDEPENDENT_CONTEXT = (
    "Home to roughly {population} people, {place} sits {setting}.",
    "{place}, with about {population} inhabitants, lies {setting}.",
    "Locals describe {place}, a {town_kind} {setting}, as a quiet place where little usually happens.",
    "The {town_kind}, {setting}, is better known for its {known_for} than for making the news.",
)
INDEPENDENT_TAIL_INCIDENT = (
    "Questions are already being asked in {place} about whether warnings were missed.",
    "Councillors have called for a full explanation of what happened.",
    "Officials promised another briefing on {weekday_next}.",
    "A spokesperson for the regional government said the {noun} would be reviewed.",
)
INDEPENDENT_TAIL = (
    "Reaction in {place} was mixed, with some residents welcoming the news and others sceptical.",
    "Further details are expected on {weekday_next}.",
    "The {noun} was discussed on local radio throughout the day.",
)
# Scene sentences: the pools multiply into thousands of sentences per skeleton.
SCENES = (
    "By {time}, {crowd} had gathered {spot}, {activity}.",
    "On {{street}}, {shop}.",
)
#: An independent reporter's scenes use other skeletons, so they never repeat the original's.
INDEPENDENT_SCENES = (
    "{Crowd} were still {spot} well into the {part_of_day}, {activity}.",
    "Near the {{landmark}} on {{street}}, {crowd} looked on as {sight}.",
)
TIMES_OF_DAY = _split(
    "mid-morning|lunchtime|early afternoon|late afternoon|early evening|nightfall|late evening"
)
CROWDS = _split(
    "dozens of residents|a small crowd|several hundred people|television crews|neighbours and shopkeepers|"
    "a group of pensioners|students from the college|off-duty nurses|parents with pushchairs|local councillors"
)
SPOTS = _split(
    "outside the town hall|near the {river} embankment|at the roundabout on {street}|"
    "in front of the railway station|on the steps of the library|by the war memorial on {street}|"
    "along {street}|in the car park of the {landmark}|at the corner of {street} and {street2}"
)
ACTIVITIES = _split(
    "many of them filming on their phones|waiting for news|talking quietly in small groups|"
    "sheltering from the rain under umbrellas|sharing flasks of coffee|some holding handwritten signs|"
    "watching in silence|swapping rumours about what had happened"
)
SHOP_SCENES = _split(
    "the bakery stayed open late and handed out free coffee|a hardware shop put a handwritten notice in its window|"
    "the owner of the corner café turned up the radio so customers could follow the news|"
    "the pharmacy put up a sign saying it would open as usual|"
    "taxi drivers parked in a line, waiting for fares that did not come|"
    "a florist left buckets of flowers outside for anyone to take"
)
SIGHTS = _split(
    "police vans came and went|officials arrived in dark cars|reporters set up their cameras|"
    "the first reports came through on the radio|a helicopter circled overhead"
)
STREET_WORDS = ("Street", "Road", "Lane", "Avenue")
LANDMARKS = _split(
    "supermarket|sports centre|parish church|community hall|old cinema|cattle market|bus depot"
)
#: Quotes any event can carry, by speaker; ``INCIDENT_QUOTES`` only suit accidents and disasters.
GENERIC_QUOTES = MappingProxyType(
    {
        "witness": (
            "I have lived in {place} for {wyears} years, and nothing like this has happened before",
            "We only found out what was going on from the local radio",
            "You hear about things like this in other places, never in {place}",
            "Nobody on {street} has talked about anything else all day",
            "We have been in {place} for three generations, and this is a day we will remember",
            "People here look after each other, and you could see that today",
            "It is all anyone in the cafés on {street} is talking about",
            "I read about it on my phone before I had even had breakfast",
        ),
        "official": (
            "We will keep the people of {place} informed every step of the way",
            "I want to thank everyone in {place} for their patience",
            "There will be a full review, and we will share what we find",
            "We are working closely with colleagues across the {region}",
            "We will hold a public meeting in {place} as soon as we have more information",
            "We will say more when we have checked all the facts",
            "Our door is open to anyone in {place} who has questions",
        ),
        "expert": (
            "What happened in {place} will be studied well beyond the {region}",
            "It will take months before anyone can say with confidence what it means",
            "Towns the size of {place} rarely have the resources to deal with something like this alone",
            "The figures so far are only preliminary, and they are likely to change",
            "Similar cases elsewhere in the {region} suggest the effects will last for years",
            "People should be careful about drawing conclusions from the first reports",
        ),
        "politician": (
            "The people of {place} deserve straight answers, and they deserve them now",
            "I will be raising this in the {region} assembly next week",
            "Residents of {place} have been asking the right questions for years",
            "This is a big moment for {place}, and the council has to get the details right",
            "I have spoken to dozens of people in {place} this week, and they want to be heard",
            "We will be watching closely to make sure the promises made today are kept",
        ),
    }
)
INCIDENT_QUOTES = MappingProxyType(
    {
        "witness": (
            "Everyone in {place} knows someone who is affected",
            "My neighbours were out on the street within minutes, trying to find out what was going on",
            "My children asked me what was happening, and I did not know what to tell them",
            "I rang my sister in {place2} as soon as I heard, because she worries",
        ),
        "official": ("I understand why people in {place} are worried, and I share their concern",),
        "expert": ("The first hours decide how bad an emergency like this becomes",),
        "politician": (
            "This cannot be allowed to happen again, in {place} or anywhere else",
            "Warnings were given, and they were ignored",
        ),
    }
)


def _generic_quote(speaker: str, incident: bool, rng: random.Random) -> str:
    return rng.choice(GENERIC_QUOTES[speaker] + (INCIDENT_QUOTES[speaker] if incident else ()))


# What a commentary piece wraps around reused paragraphs.
PARTIAL_HEADS = (
    "What the {noun} in {place} tells us about {theme}",
    "Analysis: the {noun} in {place} and what comes next",
    "Opinion: {place} deserves better after the {noun}",
    "Five questions after the {noun} in {place}",
    "The {noun} in {place}, and why it matters beyond the {region}",
    "Weekend read: {place} after the {noun}",
)
COMMENT_OPEN = (
    "Few people outside the {region} had heard of {place} until this week.",
    "It is worth setting out what is known before drawing any conclusions.",
    "The news from {place} has prompted plenty of comment, not all of it well informed.",
    "For the people of {place}, the past few days have been anything but ordinary.",
    "Much has been said about the {noun}, so it is worth going back to the facts.",
    "Every so often, a local story tells us something about {theme}.",
    "Readers have asked us to explain what happened in {place} and why it matters.",
    "Here is what has been reported so far.",
    "Nobody in {place} will forget this {weekday} in a hurry.",
    "Those who know {place} well will not have been entirely surprised.",
    "The story of the {noun} has moved quickly, and so have the rumours.",
    "In {place}, people have talked of little else since {weekday}.",
    "Much of the coverage has focused on the drama; the detail matters more.",
    "{official} has promised answers, and {place} will hold {official_him} to that.",
)
CREDIT_OPEN = (
    "As {agency} reported on {weekday}, the {noun} has left {place} with plenty of questions.",
    "The first account of the {noun}, from {agency}, set out the basic facts.",
)
COMMENT_CLOSE = (
    "Whatever the final reports conclude, {place} will be living with the consequences for years.",
    "The harder questions, about money and responsibility, have barely been asked.",
    "We will return to the story as it develops.",
    "What happens next will say a lot about {theme}.",
    "For now, the people of {place} are left waiting for answers.",
    "It would be a mistake to treat the {noun} as a purely local matter.",
    "The {org} has said it will explain itself; it should do so quickly.",
    "Until then, the questions raised by the {noun} will not go away.",
    "Anyone who cares about the {region} should be paying attention.",
    "That, more than anything, is the lesson of the past week in {place}.",
    "Readers in {place} can tell us what they think at the usual address.",
)
# Site furniture a reprint adds around the copied text.
HEADER = ("Photo: {photographer} / {site}", "Image: {site} archive", "Photo: {site} staff")
FOOTER = (
    "Subscribe to our newsletter for more stories from {site}.",
    "Read more: {read_more}",
    "{shares} shares",
    "Share this article",
    "© {year} {site}. All rights reserved.",
    "Follow us for breaking news from the {region}.",
    "{views} views",
)
READ_MORE = _split(
    "Weather warning for the weekend|Ten restaurants worth the drive|Council tax to rise next year|"
    "Local team signs new goalkeeper|How to save on your energy bill|Road works planned for the summer"
)


def _table(text: str) -> Mapping[str, tuple[str, ...]]:
    """``word:option/option`` entries separated by spaces; ``_`` stands for a space."""
    entries = (item.split(":") for item in text.split())
    return MappingProxyType(
        {k.replace("_", " "): tuple(o.replace("_", " ") for o in v.split("/")) for k, v in entries}
    )


# A spinner's thesaurus: many of its choices are the awkward ones spun pages are known by.
SPIN = _table(
    "said:mentioned/acknowledged/stated says:mentions told:instructed/advised people:individuals/folks "
    "workers:employees/labourers fire:hearth/inferno blaze:inferno company:agency/enterprise "
    "companies:corporations plant:vegetation/facility factory:manufacturing_unit production:manufacturing/output "
    "hospital:medical_institution town:township/metropolis residents:inhabitants/dwellers damage:harm "
    "water:aqua/liquid river:waterway homes:properties/dwellings home:residence police:regulation_enforcement "
    "investigation:probe cost:value costs:bills about:roughly/round week:seven_days officials:functionaries "
    "expected:anticipated early:untimely found:discovered/positioned started:commenced help:assist "
    "children:youngsters/kids school:faculty schools:faculties council:authority plan:scheme plans:schemes "
    "building:edifice buildings:edifices public:common_public local:native first:preliminary new:contemporary "
    "last:final families:households staff:personnel serious:grave small:tiny large:massive big:huge "
    "spread:unfold quickly:swiftly whole:complete sky:heavens heard:perceived material:substance "
    "materials:supplies space:house risk:hazard smoke:fumes windows:home_windows closed:shut inspection:examination "
    "records:data crews:groups traffic:site_visitors bridge:overpass drivers:motorists journeys:travels "
    "repairs:fixes safety:security decision:resolution lorries:vans heavy:weighty rain:precipitation "
    "evacuated:vacated night:night_time electricity:energy energy:vitality level:degree highest:uppermost "
    "losses:setbacks deaths:fatalities injuries:accidents injured:wounded strike:hanging union:affiliation "
    "pay:wage services:providers passengers:travellers talks:discussions negotiations:dealings pupils:learners "
    "doctors:physicians patients:sufferers treatment:remedy beds:mattresses court:tribunal judge:choose "
    "trial:ordeal prison:penitentiary fraud:swindle money:funds mayor:city_chief vote:poll votes:ballots "
    "voters:electorate election:poll campaign:marketing_campaign promise:pledge jobs:roles job:position "
    "shares:stocks price:worth deal:cope buy:purchase village:hamlet villages:hamlets forest:woodland "
    "wind:breeze winds:breezes hot:scorching dry:arid earthquake:tremor ground:earth shaking:trembling "
    "tap:faucet drink:beverage museum:exhibition_hall thieves:robbers stolen:pilfered match:recreation "
    "fans:followers goal:aim team:squad trophy:prize bones:skeletal_remains scientists:boffins species:variety "
    "power:energy customers:prospects lights:lamps housing:lodging councillors:council_members "
    "developer:builder roads:highways computers:machines hackers:attackers data:knowledge network:community "
    "systems:methods ferry:vessel rocks:boulders crew:workforce rescue:saving storm:tempest emergency:crisis "
    "officers:cops problems:drawbacks questions:queries answers:options investigators:examiners "
    "believe:consider likely:seemingly certain:particular year:12_months today:right_now nearby:close_by "
    "area:space streets:avenues street:avenue neighbour:neighbor cars:automobiles car:automobile train:practice "
    "track:observe line:queue carriages:coaches speed:velocity accident:mishap disruption:interruption "
    "announced:introduced warned:cautioned estimated:assessed confirmed:verified demanded:insisted "
    "agreed:concurred opened:launched cut:minimize cuts:reductions "
    "workforce:manpower employs:makes_use_of offer:supply approval:endorsement authorities:powers "
    "minutes:moments hours:hrs days:instances figures:numbers statement:assertion "
    "report:account reports:accounts town's:township's struggled:wrestled fought:combated battled:combated "
    "destroyed:wrecked damaged:broken flooded:inundated collapsed:folded halted:stopped stranded:marooned "
    "thick:dense black:darkish dark:murky angry:indignant shock:jolt anger:rage "
    "near:close_to next:subsequent largest:greatest member:participant now:presently meeting:assembly "
    "gathered:collected across:throughout end:finish called:referred_to_as through:by_means_of until:till "
    "take:acquire asked:requested visit:go_to old:previous government:authorities ago:in_the_past "
    "outside:exterior full:complete main:primary towns:cities group:collective live:reside "
    "independent:unbiased bigger:larger head:chief several:a_number_of known:recognized long:prolonged "
    "work:labor population:inhabitants lost:misplaced chief:principal wrong:incorrect former:previous "
    "late:belated evening:night affected:impacted update:replace only:solely keep:preserve publish:put_up "
    "road:highway notice:discover sent:despatched also:additionally again:once_more left:departed "
    "within:inside because:as_a_result_of engineers:technicians straight:directly paid:compensated "
    "site:web_site researcher:investigator hall:corridor right:proper longer:extra run:function "
    "director:administrator flames:fires put:place morning:early_morning time:occasion offered:supplied "
    "closure:cessation centre:heart front:entrance edge:brink attack:assault shop:store allowed:permitted "
    "deputy:assistant parliament:legislature spokesman:representative spokeswoman:representative "
    "station:terminal far:distant transport:transportation leader:chief high:excessive owner:proprietor "
    "roof:rooftop market:market_place crossing:intersection analyst:analyzer firefighters:fire_fighters "
    "wildfire:forest_fire biggest:largest engineer:technician give:present hit:strike city:metropolis "
    "strong:robust happen:occur bottled:canned ran:operated share:portion opposition:resistance "
    "security:safety supply:provide switched:changed say:state news:information route:path "
    "many:quite_a_few taken:acquired find:discover driver:motorist half:fifty_percent department:division "
    "waiting:ready planned:deliberate built:constructed change:alter worked:labored"
)
# A paraphraser's choices: fluent, and the reporting verbs rewriting is known to vary.
PARAPHRASE = _table(
    "about:around/roughly more_than:over at_least:no_fewer_than because_of:due_to began:started started:began "
    "however:but nearly:almost almost:nearly after:following before:ahead_of help:assist needed:required "
    "need:require said:stated/noted/explained told:informed expected_to:set_to plans_to:intends_to "
    "enough:sufficient whole:entire many:numerous big:large large:big very:extremely quickly:rapidly "
    "buy:purchase closed:shut found:discovered people:individuals residents:locals homes:houses houses:homes "
    "damage:destruction later:subsequently show:indicate shows:indicates so_far:to_date each_day:daily "
    "every_day:daily nobody:no_one estimated:calculated stay:remain kept:maintained hurt:harmed biggest:largest "
    "largest:biggest fell:dropped rose:climbed cancelled:called_off"
)
CONTRACTIONS = _table(
    "do_not:don't did_not:didn't does_not:doesn't is_not:isn't are_not:aren't was_not:wasn't were_not:weren't "
    "will_not:won't would_not:wouldn't could_not:couldn't cannot:can't has_not:hasn't have_not:haven't "
    "it_is:it's It_is:It's we_are:we're We_are:We're they_are:they're we_have:we've I_have:I've I_am:I'm "
    "that_is:that's we_will:we'll We_will:We'll"
)
# The few words an editor touches when updating a story.
LIGHT = _table(
    "about:around more_than:over nearly:almost said:says quickly:fast began:started started:began "
    "expected:due whole:entire"
)


def _alternation(table: Mapping[str, tuple[str, ...]]) -> re.Pattern[str]:
    keys = sorted(table, key=lambda k: (-len(k), k))
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")


_SPIN_RE = re.compile(r"\b[a-z][a-z']*\b")
_PARAPHRASE_RE = _alternation(PARAPHRASE)
_CONTRACTIONS_RE = _alternation(CONTRACTIONS)
_LIGHT_RE = _alternation(LIGHT)


# Each block is one kind of event. First line: name | noun | incident or news. Then
# "org", "title", "expert", "witness" (roles; {man}/{his}/{him} follow the person) and
# any other "key: a | b" (a slot drawn once per event); "num: key low high | ...";
# "amount: low high" in millions; "head", "lead" (the original's), "ilead" (an
# independent report's); "fact: original wording || other wording"; "quote speaker"
# and "iquote speaker" (words only independent reporters got).
# The blocks live in data/synth_events.txt (read by ``kinds()``).


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of event: its vocabulary, numbers and sentences (see data/synth_events.txt)."""

    name: str
    noun: str
    incident: bool
    fields: tuple[tuple[str, tuple[str, ...]], ...]
    numbers: tuple[tuple[str, int, int], ...]
    amount: tuple[float, float]
    heads: tuple[str, ...]
    leads: tuple[str, ...]
    ileads: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]
    quotes: tuple[tuple[str, tuple[str, ...]], ...]
    iquotes: tuple[tuple[str, tuple[str, ...]], ...]

    def options(self, key: str) -> tuple[str, ...]:
        return next(values for name, values in self.fields if name == key)


#: Fields of a kind that describe people and organisations; every other field is a slot of its own.
_ROLE_FIELDS = frozenset({"org", "title", "expert", "witness"})


def _parse_kind(block: str) -> Kind:
    first, *rest = (line.strip() for line in block.strip().splitlines())
    name, noun, tone = _split(first)
    texts: dict[str, list[str]] = {"head": [], "lead": [], "ilead": []}
    quotes: dict[str, list[tuple[str, tuple[str, ...]]]] = {"quote": [], "iquote": []}
    fields: list[tuple[str, tuple[str, ...]]] = []
    numbers: list[tuple[str, int, int]] = []
    facts: list[tuple[str, ...]] = []
    amount = (1.5, 80.0)
    for line in rest:
        key, _, value = line.partition(": ")
        group, _, speaker = key.partition(" ")
        if key in texts:
            texts[key].append(value)
        elif group in quotes:
            quotes[group].append((speaker, _split(value)))
        elif key == "fact":
            facts.append(_split(value, "||"))
        elif key == "num":
            numbers = [(n, int(lo), int(hi)) for n, lo, hi in (part.split() for part in _split(value))]
        elif key == "amount":
            low, high = value.split()
            amount = (float(low), float(high))
        else:
            fields.append((key, _split(value)))
    return Kind(
        name, noun, tone == "incident", tuple(fields), tuple(numbers), amount, tuple(texts["head"]),
        tuple(texts["lead"]), tuple(texts["ilead"]), tuple(facts), tuple(quotes["quote"]), tuple(quotes["iquote"]),
    )  # fmt: skip


@functools.cache
def kinds() -> tuple[Kind, ...]:
    """Every kind of event, read once from the package's data file."""
    text = resources.files("newslineage").joinpath("data/synth_events.txt").read_text(encoding="utf-8")
    return tuple(_parse_kind(block) for block in text.strip().split("\n\n"))


@dataclass(frozen=True, slots=True)
class Event:
    """The facts of one story.

    ``wording[i]`` is the wording the original gives fact i (an independent report uses
    another), ``head`` the original's headline, ``quotes`` and ``iquotes`` the words each
    speaker gave the original's reporter and the independent reporters.
    """

    kind: Kind
    facts: Mapping[str, str]
    wording: tuple[int, ...]
    head: int
    quotes: tuple[tuple[str, str], ...]
    iquotes: tuple[tuple[str, str], ...]

    def fill(self, template: str) -> str:
        return template.format_map(self.facts)


def natural(n: int) -> str:
    """A count as a reporter writes it: large numbers rounded, thousands separated."""
    step = 1000 if n >= 20000 else 100 if n >= 2000 else 1
    return f"{round(n / step) * step:,}"


def money(millions: float, currency: str) -> str:
    if millions >= 1000:
        return f"{millions / 1000:.1f} billion {currency}"
    if millions >= 10:
        return f"{round(millions)} million {currency}"
    if millions >= 1:
        return f"{millions:.1f} million {currency}"
    return f"{natural(round(millions * 1_000_000))} {currency}"


def name_word(rng: random.Random) -> str:
    """A town, river or firm name from syllables: 44 x 10 x 34 combinations."""
    return rng.choice(ONSET) + rng.choice(MIDDLE) + rng.choice(CODA)


def new_event(rng: random.Random) -> Event:
    """Draw a kind and every fact its articles will need."""
    kind = rng.choice(kinds())
    facts: dict[str, str] = {"noun": kind.noun}
    _add_places(facts, rng)
    _add_date(facts, rng)
    _add_people(facts, rng)
    _add_numbers(facts, kind, rng)
    for key, options in kind.fields:
        if key not in _ROLE_FIELDS:
            value = rng.choice(options).format_map(facts)
            facts[key], facts[f"{key}_title"] = value, value[:1].upper() + value[1:]
    facts["org"] = rng.choice(kind.options("org")).format_map(facts)
    facts["theme"] = rng.choice(THEMES).format_map(facts)
    witness, witness2 = rng.sample(kind.options("witness"), 2)
    for person, pattern in (
        ("official", rng.choice(kind.options("title"))),
        ("witness", witness),
        ("witness2", witness2),
        ("expert", rng.choice(kind.options("expert"))),
        ("politician", rng.choice(POLITICIAN_ROLES)),
    ):
        own = {k: facts[f"{person}_{k}"] for k in ("he", "him", "his", "man")}
        facts[f"{person}_role"] = pattern.format_map({**facts, **own})
    facts.setdefault("subject_role", "")
    wording = tuple(rng.randrange(len(wordings)) for wordings in kind.facts)
    quotes = tuple((speaker, rng.choice(words)) for speaker, words in kind.quotes)
    iquotes = tuple((speaker, rng.choice(words)) for speaker, words in kind.iquotes)
    return Event(kind, MappingProxyType(facts), wording, rng.randrange(len(kind.heads)), quotes, iquotes)


def _add_places(facts: dict[str, str], rng: random.Random) -> None:
    names: list[str] = []
    while len(names) < 9:
        word = name_word(rng)
        if word not in names:
            names.append(word)
    place, place2, region, river, hills, name_a, name_b, street, street2 = names
    facts.update(
        street=f"{street} {rng.choice(STREET_WORDS)}", street2=f"{street2} {rng.choice(STREET_WORDS)}",
        landmark=rng.choice(LANDMARKS),
        place=place, PLACE=place.upper(), place2=place2, region_name=region, name_a=name_a, name_b=name_b,
        region=f"{region} {rng.choice(REGION_WORDS)}", river=f"{river} river", hills=f"{hills} hills",
        town_kind=rng.choice(TOWN_KINDS), known_for=rng.choice(KNOWN_FOR), agency=rng.choice(AGENCIES),
    )  # fmt: skip


def _add_date(facts: dict[str, str], rng: random.Random) -> None:
    year, month, day = rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28)
    weekday = date(year, month, day).weekday()
    facts.update(
        year=str(year), month=MONTHS[month - 1], day=str(day), weekday=WEEKDAYS[weekday],
        weekday_prev=WEEKDAYS[(weekday - 1) % 7], weekday_next=WEEKDAYS[(weekday + 1) % 7],
        month_next=MONTHS[month % 12], month_past=MONTHS[(month - 1 - rng.randint(2, 8)) % 12],
        year_past=str(rng.randint(1965, year - 3)), ordinal=rng.choice(ORDINALS),
    )  # fmt: skip


def _add_people(facts: dict[str, str], rng: random.Random) -> None:
    for person, last in zip(PEOPLE, rng.sample(LAST, len(PEOPLE)), strict=True):
        female = rng.random() < 0.5
        he, him, his, man = ("she", "her", "her", "woman") if female else ("he", "him", "his", "man")
        facts[person] = f"{rng.choice(FEMALE if female else MALE)} {last}"
        facts.update({f"{person}_{k}": v for k, v in (("last", last), ("he", he), ("He", he.title()))})
        facts.update({f"{person}_{k}": v for k, v in (("him", him), ("his", his), ("man", man))})
    facts["company"] = rng.choice(COMPANY).format_map(facts)
    facts["firm"] = rng.choice(FIRM).format_map(facts)


def _add_numbers(facts: dict[str, str], kind: Kind, rng: random.Random) -> None:
    for key, low, high in (*COMMON_NUMBERS, *kind.numbers):
        facts[key] = natural(rng.randint(low, high))
    facts["currency"] = rng.choice(CURRENCIES)
    facts["amount"] = money(rng.uniform(*kind.amount), facts["currency"])
    facts["amount2"] = money(rng.uniform(0.2, 5.0), facts["currency"])
    facts["setting"] = rng.choice(SETTINGS).format_map(facts)


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence of an article, and the story sentence it renders."""

    text: str
    origin: int


@dataclass(frozen=True, slots=True)
class Draft:
    """An article before it is written: headline, paragraphs of lines, site furniture.

    ``credit`` is the agency the text names as its source (dateline, "told X"), or None.
    """

    title: str
    paragraphs: tuple[tuple[Line, ...], ...]
    credit: str | None
    header: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()

    @property
    def lines(self) -> list[Line]:
        return [line for paragraph in self.paragraphs for line in paragraph]

    @property
    def origins(self) -> frozenset[int]:
        return frozenset(line.origin for line in self.lines)


def render(draft: Draft) -> str:
    """The article file: headline on the first line, one paragraph per block."""
    body = (" ".join(line.text for line in paragraph) for paragraph in draft.paragraphs)
    return "\n\n".join((draft.title, *draft.header, *body, *draft.footer)) + "\n"


# A planned sentence: ("text", template) or ("quote", speaker, words); attributions are
# written once the order is known, so that a person is introduced where first quoted.
_Plan = tuple[str, ...]
_MENTION = re.compile(r"\{@(\w+)\}")


def _write(plan: Sequence[_Plan], event: Event, rng: random.Random, told: str | None) -> list[str]:
    met: set[str] = set()
    out = []
    for item in plan:
        if item[0] == "quote":
            out.append(_quote(event, item[1], item[2], rng, met, told if item[1] == "official" else None))
        else:
            text = _MENTION.sub(lambda m: _mention(event, m.group(1), met), item[1])
            out.append(event.fill(text))
    return out


def _mention(event: Event, person: str, met: set[str]) -> str:
    if person in met:
        return event.facts[f"{person}_last"]
    met.add(person)
    return f"{event.facts[person]}, {event.facts[person + '_role']},"


def _quote(
    event: Event, speaker: str, words: str, rng: random.Random, met: set[str], told: str | None
) -> str:
    f = event.facts
    said = event.fill(words)
    quoted = f"“{said}”" if said[-1] in "?!" else f"“{said},”"
    if speaker in met:
        last = f[f"{speaker}_last"]
        return rng.choice((f"{quoted} {last} said.", f"{quoted} said {last}.", f"{quoted} {last} added."))
    met.add(speaker)
    who = f"{f[speaker]}, {f[speaker + '_role']}" if f[speaker + "_role"] else f[speaker]
    if told:
        return f"{quoted} {who}, told {told}."
    return rng.choice((f"{quoted} said {who}.", f"{quoted} {who}, said."))


def _paragraphs(lines: Sequence[Line], rng: random.Random) -> tuple[tuple[Line, ...], ...]:
    # The lead stands alone, then paragraphs of one to three sentences, as news pages run.
    out = [tuple(lines[:1])]
    k = 1
    while k < len(lines):
        size = rng.choice((1, 2, 2, 3))
        out.append(tuple(lines[k : k + size]))
        k += size
    return tuple(out)


def _dateline(event: Event, agency: str) -> str:
    dash = "—" if AGENCIES.index(agency) % 2 else "-"
    return f"{event.facts['PLACE']}, {event.facts['month']} {event.facts['day']} ({agency}) {dash} "


def _scene(rng: random.Random, skeletons: Sequence[str] = SCENES) -> str:
    """A reporter's scene sentence from large pools: thousands of combinations per skeleton."""
    crowd = rng.choice(CROWDS)
    parts = {
        "time": rng.choice(TIMES_OF_DAY),
        "crowd": crowd,
        "Crowd": crowd[:1].upper() + crowd[1:],
        "spot": rng.choice(SPOTS),
        "activity": rng.choice(ACTIVITIES),
        "shop": rng.choice(SHOP_SCENES),
        "sight": rng.choice(SIGHTS),
        "part_of_day": rng.choice(("afternoon", "evening", "night")),
    }
    return rng.choice(skeletons).format_map(parts)


def _add_quotes(plan: list[_Plan], quotes: Sequence[tuple[str, str]], rng: random.Random) -> None:
    for speaker, words in quotes:
        plan.insert(rng.randrange(1, len(plan) + 1), ("quote", speaker, words))


def original(event: Event, rng: random.Random) -> Draft:
    """The first report, credited to its agency; line origins are 0, 1, 2, ..."""
    kind = event.kind
    chosen = rng.sample(range(len(kind.facts)), rng.randint(5, 8))
    plan: list[_Plan] = [("text", kind.facts[i][event.wording[i]]) for i in chosen]
    extras = [rng.choice(CONTEXT), *([_scene(rng)] if rng.random() < 0.5 else [])]
    for text in extras:
        plan.insert(rng.randrange(1, len(plan) + 1), ("text", text))
    quotes = rng.sample(event.quotes, rng.randint(1, 3))
    unquoted = [s for s in GENERIC_QUOTES if s not in {q[0] for q in quotes}]
    if unquoted and rng.random() < 0.7:
        speaker = rng.choice(unquoted)
        quotes.append((speaker, _generic_quote(speaker, kind.incident, rng)))
    _add_quotes(plan, quotes, rng)
    tail = INCIDENT_TAIL if kind.incident else NEWS_TAIL
    plan += [("text", t) for t in rng.sample(tail, rng.randint(1, 2) if kind.incident else rng.randint(0, 1))]
    agency = event.facts["agency"]
    told = agency if rng.random() < 0.35 else None
    texts = [_dateline(event, agency) + event.fill(rng.choice(kind.leads)), *_write(plan, event, rng, told)]
    lines = [Line(text, k) for k, text in enumerate(texts)]
    return Draft(event.fill(kind.heads[event.head]), _paragraphs(lines, rng), agency)


@dataclass
class Taken:
    """What the reports of one event have already written: wordings of each fact, leads,
    headlines, context and closing lines. Independent reporters do not write the same
    sentence word for word, so each draws from what is left. One per event, filled in as
    its reports are written (a working record of the generator, hence not frozen)."""

    wordings: dict[int, set[int]]
    leads: set[int] = field(default_factory=set)
    heads: set[int] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)

    @classmethod
    def after(cls, event: Event) -> Taken:
        """Nothing taken yet but the original's wording of every fact and its headline."""
        return cls({i: {k} for i, k in enumerate(event.wording)}, heads={event.head})


H = TypeVar("H", int, str)


def _draw(rng: random.Random, options: Sequence[H], taken: set[H]) -> H | None:
    """One of ``options`` not in ``taken`` (then taken), or None when none is left."""
    left = [o for o in options if o not in taken]
    if not left:
        return None
    pick = rng.choice(left)
    taken.add(pick)
    return pick


def _own_facts(event: Event, rng: random.Random, taken: Taken) -> list[_Plan]:
    """Two to four facts, each in a wording no earlier report of the event used."""
    facts = event.kind.facts
    open_facts = [i for i in range(len(facts)) if len(taken.wordings[i]) < len(facts[i])]
    chosen = rng.sample(open_facts, min(len(open_facts), rng.randint(2, 4)))
    plan: list[_Plan] = []
    for i in chosen:
        k = _draw(rng, range(len(facts[i])), taken.wordings[i])
        assert k is not None  # open_facts has a wording left for each
        plan.append(("text", facts[i][k]))
    return plan


def independent(event: Event, rng: random.Random, fresh: Fresh, taken: Taken | None = None) -> Draft:
    """Another reporter's article on the same event: some of its facts in other words, the
    reporter's own scenes and quotes, and now and then the line everyone took down.

    ``taken`` is what earlier reports of the event wrote (``Taken.after(event)`` when
    omitted): two reporters who did their own reporting share facts, names and quoted
    words, not whole sentences of their own prose."""
    kind = event.kind
    taken = taken if taken is not None else Taken.after(event)
    plan = _own_facts(event, rng, taken)
    # One scene per skeleton and event: two reporters on one street do not see it in one sentence.
    skeletons = [_draw(rng, INDEPENDENT_SCENES, taken.lines) for _ in range(rng.randint(1, 2))]
    extras = [_scene(rng, (skeleton,)) for skeleton in skeletons if skeleton is not None]
    if rng.random() < 0.5 and (context := _draw(rng, INDEPENDENT_CONTEXT, taken.lines)) is not None:
        extras.append(context)
    for text in extras:
        plan.insert(rng.randrange(len(plan) + 1), ("text", text))
    quotes = list(rng.sample(event.iquotes, rng.randint(1, len(event.iquotes))))
    if rng.random() < 0.7:
        quotes.append(("witness2", _generic_quote("witness", kind.incident, rng)))
    if rng.random() < 0.3:
        quotes.append(rng.choice(event.quotes))
    _add_quotes(plan, quotes, rng)
    tails = INDEPENDENT_TAIL_INCIDENT if kind.incident else INDEPENDENT_TAIL
    if rng.random() < 0.5 and (tail := _draw(rng, tails, taken.lines)) is not None:
        plan.append(("text", tail))
    other = rng.choice([a for a in AGENCIES if a != event.facts["agency"]])
    credit = other if rng.random() < 0.5 else None
    texts = _write(plan, event, rng, None)
    lead = _draw(rng, range(len(kind.ileads)), taken.leads)
    if lead is not None:
        texts.insert(0, event.fill(kind.ileads[lead]))
    if credit:
        texts[0] = _dateline(event, other) + texts[0]
    lines = [Line(text, next(fresh)) for text in texts]
    head = _draw(rng, range(len(kind.heads)), taken.heads)
    if head is None:  # more reports than headlines: a headline is a few words, not prose
        head = rng.choice([k for k in range(len(kind.heads)) if k != event.head])
    return Draft(event.fill(kind.heads[head]), _paragraphs(lines, rng), credit)


# The rewrites. Each takes the draft it copies and returns the copy; a line keeps the
# origin of the line it rewrites, and a new line takes a fresh origin.
Transform = Callable[[Draft, Event, random.Random, Fresh], Draft]

_DATELINE = re.compile(r"^([A-Z][A-Z' .-]+), ([A-Z][a-z]+ \d{1,2}) \(([^)]+)\) [-—] ")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,]\d)")
_MONTH_BEFORE = re.compile(r"(?:" + "|".join(MONTHS) + r") $")


def _map_lines(draft: Draft, edit: Callable[[int, Line], Line | None]) -> Draft:
    """Apply ``edit`` to every line (numbered across paragraphs); None drops the line."""
    paragraphs, k = [], 0
    for paragraph in draft.paragraphs:
        kept = []
        for line in paragraph:
            new = edit(k, line)
            k += 1
            if new is not None:
                kept.append(new)
        if kept:
            paragraphs.append(tuple(kept))
    return replace(draft, paragraphs=tuple(paragraphs))


def _retext(draft: Draft, edit: Callable[[str], str]) -> Draft:
    return _map_lines(draft, lambda _k, line: Line(edit(line.text), line.origin))


def _swap(
    pattern: re.Pattern[str], table: Mapping[str, tuple[str, ...]], text: str, rng: random.Random, p: float
) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        return rng.choice(table[word]) if rng.random() < p else word

    return pattern.sub(one, text)


def strip_credit(draft: Draft, rng: random.Random, keep_place: bool | None = None) -> Draft:
    """Remove the agency from the dateline and turn "told Agency" into "said", as republishers do."""
    if draft.credit is None:
        return draft
    told = re.compile(rf" told {re.escape(draft.credit)}\.$")
    place = rng.random() < 0.5 if keep_place is None else keep_place

    def clean(text: str) -> str:
        text = told.sub(" said.", text)
        match = _DATELINE.match(text)
        if match is None:
            return text
        return (f"{match.group(1)} - " if place else "") + text[match.end() :]

    return replace(_retext(draft, clean), credit=None)


def verbatim(draft: Draft, event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """A reprint: the text unchanged, inside the site's own header and footer lines."""
    site = rng.choice(SITES)
    values = {
        "site": site,
        "photographer": f"{rng.choice(FEMALE + MALE)} {rng.choice(LAST)}",
        "views": natural(rng.randint(120, 90000)),
        "shares": str(rng.randint(3, 4000)),
        "year": event.facts["year"],
        "region": event.facts["region"],
        "read_more": rng.choice(READ_MORE),
    }
    header = tuple(h.format_map(values) for h in rng.sample(HEADER, rng.randint(1, 2)))
    footer = tuple(f.format_map(values) for f in rng.sample(FOOTER, rng.randint(2, 4)))
    title = draft.title.split(" | ")[0]
    return replace(
        draft, title=title if rng.random() < 0.6 else f"{title} | {site}", header=header, footer=footer
    )


def light_edit(draft: Draft, event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """An editor's pass: credit usually stripped, a sentence dropped, a number updated, words changed."""
    if rng.random() < 0.6:
        draft = strip_credit(draft, rng)
    count = len(draft.lines)
    if count >= 7:
        gone = rng.randrange(1, count)
        draft = _map_lines(draft, lambda k, line: None if k == gone else line)
    draft = _change_number(draft, rng)
    edits = set(rng.sample(range(len(draft.lines)), min(len(draft.lines), rng.randint(2, 4))))
    draft = _map_lines(
        draft,
        lambda k, line: (
            Line(_swap(_LIGHT_RE, LIGHT, line.text, rng, 0.5), line.origin) if k in edits else line
        ),
    )
    return replace(draft, title=_swap(_LIGHT_RE, LIGHT, draft.title, rng, 0.5))


def _change_number(draft: Draft, rng: random.Random) -> Draft:
    """Update one count, as a later version of a story does ("12 injured" becomes "14")."""
    found = [
        (k, m)
        for k, line in enumerate(draft.lines)
        if k > 0
        for m in _NUMBER.finditer(line.text)
        if not (len(m.group(1)) == 4 and m.group(1)[:2] in ("19", "20"))
        and not _MONTH_BEFORE.search(line.text, 0, m.start())
    ]
    if not found:
        return draft
    target, match = rng.choice(found)
    value = int(match.group(1).replace(",", ""))
    new = value + max(1, round(value * rng.uniform(0.03, 0.2)))
    digits = f"{new:,}" if "," in match.group(1) else str(new)

    def edit(k: int, line: Line) -> Line:
        if k != target:
            return line
        return Line(line.text[: match.start()] + digits + line.text[match.end() :], line.origin)

    return _map_lines(draft, edit)


def spun(draft: Draft, event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """Synonym spinning: most words the spinner knows replaced, awkward choices included."""
    if rng.random() < 0.7:
        draft = strip_credit(draft, rng)

    def spin(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            options = SPIN.get(match.group(0))
            return rng.choice(options) if options and rng.random() < 0.8 else match.group(0)

        return _SPIN_RE.sub(one, text)

    return replace(_retext(draft, spin), title=spin(draft.title))


_ATTRIBUTION_END = re.compile(r", (?:the [^,“”]+|police|officials|[A-Z][\w'-]+(?: [A-Z][\w'-]+)*) said\.$")


def reorder_condense(draft: Draft, event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """A brief: the lead and two to four other sentences, reordered, often without attributions."""
    lead_first = rng.random() < 0.5
    if not lead_first or rng.random() < 0.5:
        draft = strip_credit(draft, rng, keep_place=False)  # a dateline mid-brief would give it away
    lead, *rest = draft.lines
    picked = rng.sample(rest, min(len(rest), rng.randint(2, 4)))
    if rng.random() < 0.5:
        picked = [Line(_ATTRIBUTION_END.sub(".", line.text), line.origin) for line in picked]
    order = [lead, *picked] if lead_first or not picked else [picked[0], lead, *picked[1:]]
    paragraphs = tuple((line,) for line in order) if rng.random() < 0.6 else (tuple(order),)
    title = f"In brief: {draft.title}" if rng.random() < 0.5 else draft.title
    return replace(draft, title=title, paragraphs=paragraphs, header=(), footer=())


_DAY = "|".join(WEEKDAYS)
_SAID_BY = re.compile(r"^(?P<claim>[^“”]+), (?P<source>the [^,“”]+?|police|officials) said\.$")
_QUOTE = re.compile(
    r"^“(?P<q>[^”]+?)(?P<p>[,?!])” (?:said (?P<who>[A-Z][^“”]*?)|(?P<who2>[A-Z][^“”]*?),? (?P<verb>said|added|told [A-Z][^“”.]*))\.$"
)
_FRONT_TIME = re.compile(
    rf"^(?P<a>[^“”]+?) on (?P<day>(?:{_DAY})(?: night| evening| morning)?)(?P<b>[ ,.][^“”]*)$"
)
_ACTIVE = re.compile(
    r"^(?P<patient>(?:The|A|An) [^,“”]+?) (?:was|were) (?P<verb>[a-z]+ed) by (?P<agent>(?:the|a|an) [^,.“”]+?)"
    r"(?P<rest>(?: (?:on|in|until|for|after|shortly|when|late)\b[^“”]*)?[.,][^“”]*)$"
)
_JOIN = re.compile(r", (and|but) (?=[a-z])")


def _lower_first(text: str, proper: frozenset[str]) -> str:
    first = text.split(" ", 1)[0]
    if first in proper or (len(first) > 1 and first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def _restructure(text: str, rng: random.Random, proper: frozenset[str]) -> str:
    """One structural rewrite, the first that applies: attribution fronted, quote reframed,
    time fronted, passive made active."""
    if m := _SAID_BY.match(text):
        return f"According to {m['source']}, {_lower_first(m['claim'], proper)}."
    if m := _QUOTE.match(text):
        who = m["who"] or m["who2"]
        verb = (
            m["verb"]
            if (m["verb"] or "").startswith("told")
            else rng.choice(("said", "explained", "stressed"))
        )
        end = "." if m["p"] == "," else m["p"]
        return f"{who}{',' if ',' in who else ''} {verb}: “{m['q']}{end}”"
    if m := _ACTIVE.match(text):
        agent = m["agent"][:1].upper() + m["agent"][1:]
        return f"{agent} {m['verb']} {_lower_first(m['patient'], proper)}{m['rest']}"
    if (m := _FRONT_TIME.match(text)) and not m["a"].endswith((" early", " late")):
        return f"On {m['day']}, {_lower_first(m['a'], proper)}{m['b']}"
    return text


def _paraphrase_sentence(text: str, rng: random.Random, proper: frozenset[str], first: bool) -> list[str]:
    """One sentence rewritten by rules: its structure, its words, and sometimes split in two."""
    if not first and rng.random() < 0.85:
        text = _restructure(text, rng, proper)
    text = _swap(_PARAPHRASE_RE, PARAPHRASE, text, rng, 0.8)
    text = _swap(_CONTRACTIONS_RE, CONTRACTIONS, text, rng, 0.8)
    parts = _JOIN.split(text, maxsplit=1)
    if "“" in text or len(parts) < 3 or len(parts[0].split()) < 6 or rng.random() < 0.5:
        return [text]
    head, joint, rest = parts
    return [f"{head}.", ("However, " + rest) if joint == "but" else rest[:1].upper() + rest[1:]]


def paraphrase(draft: Draft, event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """A rule-based paraphrase, sentence by sentence; the credit is dropped or becomes "As X reported"."""
    credit = draft.credit if rng.random() < 0.4 else None
    draft = strip_credit(draft, rng, keep_place=False)
    proper = frozenset(w for value in event.facts.values() for w in value.split() if w[:1].isupper())
    # The lead keeps its structure: it carries the credit phrase, and fronting it twice reads badly.
    first = draft.paragraphs[0][0]
    paragraphs = [
        tuple(
            Line(text, line.origin)
            for line in paragraph
            for text in _paraphrase_sentence(line.text, rng, proper, line is first)
        )
        for paragraph in draft.paragraphs
    ]
    if credit:
        lead = paragraphs[0][0]
        paragraphs[0] = (
            Line(f"As {credit} reported, {_lower_first(lead.text, proper)}", lead.origin),
            *paragraphs[0][1:],
        )
    title = _swap(_PARAPHRASE_RE, PARAPHRASE, draft.title, rng, 0.7)
    return Draft(title, tuple(paragraphs), credit)


def partial(draft: Draft, event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """Three to five consecutive sentences reused inside a new commentary article."""
    lines = draft.lines
    size = min(len(lines), rng.randint(3, 5))
    start = rng.randrange(len(lines) - size + 1)
    block = [Line(_DATELINE.sub("", line.text), line.origin) for line in lines[start : start + size]]
    credit = draft.credit if draft.credit and any(draft.credit in line.text for line in block) else None
    opening = rng.sample(COMMENT_OPEN, 2)
    if draft.credit and rng.random() < 0.3:
        opening.append(rng.choice(CREDIT_OPEN))
        credit = draft.credit
    intro = tuple(Line(event.fill(t), next(fresh)) for t in opening)
    outro = tuple(Line(event.fill(t), next(fresh)) for t in rng.sample(COMMENT_CLOSE, rng.randint(1, 2)))
    cut = rng.randint(1, len(block))
    reused = tuple(part for part in (tuple(block[:cut]), tuple(block[cut:])) if part)
    return Draft(event.fill(rng.choice(PARTIAL_HEADS)), (intro, *reused, outro), credit)


#: Every copy transform by name, in the order of ``SynthConfig``'s weights.
TRANSFORMS: Mapping[str, Transform] = MappingProxyType(
    {
        "verbatim": verbatim,
        "light_edit": light_edit,
        "spun": spun,
        "reorder_condense": reorder_condense,
        "paraphrase": paraphrase,
        "partial": partial,
    }
)
