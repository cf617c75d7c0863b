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

import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

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
_KINDS_TEXT = """
fire | factory fire | incident
org: {place} Fire and Rescue Service | {region_name} Fire Brigade
title: the chief fire officer of the {org} | a spokes{man} for the {org} | the incident commander of the {org}
expert: a fire safety engineer at the University of {place2} | an industrial safety consultant with {firm}
witness: a baker whose shop faces the factory gates | who has worked at the plant for {wyears} years | a delivery driver who was waiting at the gate | who lives two streets from the site | a forklift operator on the early shift
product: ceramic tiles | car seats | frozen pizzas | plastic packaging | industrial paint | bicycle frames | kitchen cabinets | roofing felt | insulation panels | garden furniture | mattresses | cardboard boxes | solar panels | carpet tiles | wood pellets | pet food | vinyl flooring
area: paint shop | main warehouse | packing hall | boiler room | loading bay | storage yard | drying kiln | assembly hall | chemical store | dispatch area
cause: an electrical fault | a faulty extractor fan | sparks from welding work | an overheated conveyor motor | a gas leak near the boilers | a short circuit in a forklift charger | a malfunctioning dryer
num: firefighters 30 160 | workers 60 900 | injured 2 14 | hours 3 19 | km 1 5 | customers 40 600 | metres 30 200
amount: 1.5 60
head: Fire destroys {area} at {place} {product} factory
head: {workers} workers evacuated as blaze hits {company} plant
head: Huge fire halts {product} production in {place}
head: {company} counts the cost after {area} fire in {place}
head: Smoke over {place} as firefighters tackle {product} factory blaze
lead: A fire tore through the {area} of the {company} factory in {place} on {weekday}, forcing the evacuation of {workers} workers and halting production of {product}, the {org} said.
lead: More than {firefighters} firefighters fought a blaze for {hours} hours at a {product} factory in {place} on {weekday} after flames spread from its {area}, the {org} said.
lead: Production of {product} at the {company} plant in {place} stopped on {weekday} after a fire spread through its {area}, the {org} said.
ilead: Thick black smoke hung over {place} on {weekday} as crews struggled to bring a fire at the {company} site under control.
ilead: Workers at the {company} plant in {place} fled the building on {weekday} when fire alarms sounded in the {area}.
fact: {injured} people were taken to hospital with smoke inhalation, but none of the injuries were thought to be life-threatening. || Paramedics said {injured} staff members needed treatment for breathing in smoke; none was seriously hurt. || Hospital staff treated {injured} workers who had breathed in smoke, and all were expected to go home within a day.
fact: Investigators believe the fire was started by {cause}, although the {org} said it was too early to be certain. || Fire officials said early signs pointed to {cause}, but stressed that the investigation had only just begun. || The cause is still being investigated, but officials are looking at {cause} as the most likely explanation.
fact: The company employs about {workers} people in {place}, where it has made {product} since {year_past}. || Founded in {year_past}, the plant is one of the biggest employers in the town, with about {workers} staff. || The site opened in {year_past} and now employs around {workers} people making {product}.
fact: Residents living within {km} kilometres of the site were told to keep their windows closed until the smoke cleared. || Police asked people in streets near {street} to stay indoors and shut their windows while the smoke drifted east. || Anyone living within about {km} kilometres was advised to keep doors and windows shut.
fact: {company} put the damage at about {amount} and said it hoped to restart some production lines within {weeks} weeks. || Company managers estimated the cost of the damage at {amount} and said parts of the plant could reopen in {weeks} weeks. || Early estimates put the losses at {amount}, and {company} expects some lines to be running again in about {weeks} weeks.
fact: The roads around the plant on {street} were closed by the police until late in the evening. || Officers kept {street} and the streets near the factory shut to traffic for most of the day. || Police closed {street} and the surrounding roads to traffic until late in the evening.
fact: The blaze was brought under control after {hours} hours, but firefighters stayed on site overnight to damp down hot spots. || Crews needed {hours} hours to bring the flames under control and remained at the factory through the night.
fact: Part of the roof of the {area} collapsed during the afternoon, the {org} said. || Firefighters said a section of roof over the {area} had fallen in.
fact: An air quality monitor near {street} recorded high levels of soot particles in the early evening. || Readings taken on {street} showed a sharp rise in soot in the air by early evening.
fact: The factory supplies {product} to about {customers} retailers, some of whom said they expected shortages. || Several of the roughly {customers} shops that stock its {product} warned of gaps on their shelves.
fact: A second warehouse, about {metres} metres from the fire, was saved by a firebreak the crews cut through a storage yard. || Firefighters cleared a strip of the storage yard to stop the flames reaching another warehouse {metres} metres away.
fact: Workers on the night shift said the sprinkler system in the {area} had been switched off for maintenance. || According to staff on the night shift, sprinklers in the {area} were out of action for maintenance at the time.
quote official: The fire spread very quickly because of the materials stored in the {area} | By the time the first crews arrived, the roof of the {area} was already alight | Our crews had to pull back twice when gas cylinders in the {area} exploded
quote witness: I heard a bang, and then the whole sky went black | The windows of my flat were shaking, and the smell of burning plastic was everywhere | We could see the flames from {street}, and the ash was landing on the cars
quote expert: Plants like this keep a great deal of flammable material in a small space, and that is always a risk | Fires in plants making {product} are rare, but when they start they are very hard to stop | The investigators will want to know why a fire in the {area} could spread so far
iquote witness2: We saw the flames from the motorway and knew it was bad | Our whole street smelled of burning plastic all afternoon
iquote official: We do not yet know what started it, and we will not guess | Our crews will stay on site until the last hot spot is out

bridge | bridge closure | incident
org: {region_name} Roads Authority | {place} Highways Department | {region_name} Bridges and Tunnels Office
title: the chief engineer of the {org} | a spokes{man} for the {org} | the director of the {org}
expert: a professor of structural engineering at the University of {place2} | a transport planner with {firm}
witness: a taxi driver who crosses the bridge several times a day | who commutes from the other bank | a shopkeeper near the northern end of the bridge | a school bus driver | who runs a delivery firm in {place}
bridge: {name_b} Bridge | {place} Viaduct | Old Harbour Bridge | Northern Ring Bridge | Railway Road Bridge | Millennium Bridge
defect: cracks in {supports} of its steel supports | corrosion in the cables that hold up the deck | a shifted bearing under the central span | erosion around the foundations of two piers | a widening gap in an expansion joint
detour: the ring road | the old coast road | a ferry crossing further downstream | the motorway bypass
num: vehicles 4000 60000 | supports 2 40 | years_old 40 120 | minutes 15 90 | weeks 3 30 | tonnes 7 40 | years_ago 2 9
amount: 2 45
head: {place} shuts {bridge} over safety fears
head: Drivers face long detours as {bridge} closes
head: Inspectors close {bridge} in {place} after finding damage
head: {bridge} shut indefinitely after {org} inspection
head: {vehicles} vehicles a day diverted as {place} loses its {bridge}
lead: The {bridge} in {place} was closed to all traffic on {weekday} after inspectors found {defect}, the {org} said.
lead: Engineers shut the {bridge}, the main crossing in {place}, on {weekday} after a routine inspection uncovered {defect}.
lead: Drivers in {place} were told to find another route on {weekday} after the {org} closed the {bridge}, citing {defect}.
ilead: Commuters in {place} faced lengthy queues on {weekday} after the {bridge} was suddenly declared unsafe.
ilead: Traffic ground to a halt across {place} on {weekday} as drivers searched for a way around the closed {bridge}.
fact: About {vehicles} vehicles cross the bridge every day, and drivers were told to use {detour} instead. || Some {vehicles} cars and lorries normally use the crossing each day; they are now being sent along {detour}. || Roughly {vehicles} vehicles a day use the crossing, and traffic is being sent along {detour}.
fact: The detour adds up to {minutes} minutes to journeys between the two halves of the town. || Motorists said the diversion was adding as much as {minutes} minutes to their trips. || Journeys across town are taking up to {minutes} minutes longer because of the diversion.
fact: The bridge is {years_old} years old and was last strengthened in {year_past}. || Built {years_old} years ago, the crossing underwent its last major repairs in {year_past}. || Opened {years_old} years ago, the bridge was last reinforced in {year_past}.
fact: Repairs are expected to cost about {amount} and to take at least {weeks} weeks, the {org} said. || Officials estimate that fixing the structure will take {weeks} weeks or more and cost in the region of {amount}. || The {org} expects the work to take {weeks} weeks or longer, at a cost of roughly {amount}.
fact: Pedestrians and cyclists will still be allowed to cross the {bridge} on a narrow lane along its eastern side. || People on foot and on bikes can continue to use a fenced-off strip on one side of the {bridge}. || A narrow path on the eastern side of the {bridge} will remain open to people walking or cycling.
fact: Bus routes {route_a} and {route_b} have been diverted, and extra trains will run between {place} and {place2} during the closure. || The regional transport company said it would add trains to {place2} and reroute two of its bus lines. || Routes {route_a} and {route_b} now follow a diversion, and more trains will link {place} with {place2} while the bridge is shut.
fact: The damage was spotted during a routine check by an inspector flying a drone under the {bridge}, the {org} said. || A drone flight carried out as part of regular checks first revealed the damage, according to the {org}.
fact: Shops near the northern end of the {bridge} reported a drop of up to {pct}% in customers on the first day. || Traders close to the crossing in {place} said footfall fell by as much as {pct}% after the closure.
fact: Emergency services in {place} have positioned an ambulance and a fire engine on each side of the river to avoid delays. || To keep response times down, an ambulance and a fire engine are now stationed on both banks of the {river}.
fact: The {org} said sensors would be fitted to the {bridge} to measure movement while engineers decide on repairs. || Movement sensors are to be installed on the structure while the {org} draws up a repair plan.
fact: Lorries over {tonnes} tonnes have been banned from the centre of {place} for the duration of the closure. || Heavy goods vehicles above {tonnes} tonnes may no longer drive through {place} while the bridge is shut.
fact: Councillors in {place} warned {years_ago} years ago that the bridge needed more than routine maintenance. || As long as {years_ago} years ago, local councillors raised concerns about the condition of the {bridge}.
quote official: We could not take any risk with public safety, and closing the bridge was the only responsible decision | The cracks were not there at the last inspection, and that is what worries our engineers | Every day we keep the {bridge} open without repairs is a day we cannot justify
quote witness: It already took me half an hour to get to work, and now I do not know how long it will take | Half my customers live on the other side of the river, so this could finish my business | My mother lives ten minutes away on the other bank, and now it is an hour
quote expert: Many bridges built in that era were never designed for the weight of modern lorries | Closing a bridge early is always cheaper than repairing one that has started to fail | Corrosion like this develops slowly, so the question is why it was not caught sooner
iquote witness2: I had to leave home before six this morning just to be sure of getting my children to school | I used to cross in five minutes, and this morning it took me forty
iquote official: We know this is very frustrating for people, and we will reopen the bridge as soon as it is safe | Safety has to come before convenience, even when it hurts

flood | flood | incident
org: {region_name} Water Board | {place} Civil Protection Agency | {region_name} Emergency Service
title: the head of the {org} | a spokes{man} for the {org} | the operations director of the {org}
expert: a hydrologist at the University of {place2} | a climate risk analyst at {firm}
witness: whose ground floor was under a metre of water | a pharmacist in the old town | who was rescued from {his} roof by boat | a farmer whose fields were flooded | who runs a café by the river
district: the old harbour quarter | the riverside district | the low-lying {name_b} estate | the area around the market square | the streets around the railway station
shelter: schools and sports halls | a conference centre | the town's two churches | tents on the football ground | hotels paid for by the council
num: rain_mm 80 260 | evacuated 300 12000 | homes 100 4000 | rise 2 7 | injured 2 25 | hectares 50 3000
amount: 5 120
head: Floods force {evacuated} people from their homes in {place}
head: The {river} bursts its banks, flooding parts of {place}
head: Record rainfall floods streets of {place}
head: {place} residents spend night in {shelter} as waters rise
head: Army called in as the {river} floods {district} of {place}
lead: Heavy rain caused the {river} to burst its banks on {weekday}, flooding {district} of {place} and forcing {evacuated} people from their homes, the {org} said.
lead: More than {evacuated} residents of {place} were evacuated on {weekday} after {rain_mm} millimetres of rain fell in two days and the {river} rose by {rise} metres, the {org} said.
lead: Parts of {place} were under water on {weekday} after the {river} overflowed following {rain_mm} millimetres of rain, the {org} said.
ilead: Rescue boats moved through the streets of {place} on {weekday}, collecting people stranded by the rising water.
ilead: Water reached the windowsills of houses in {district} of {place} on {weekday} as the {river} overflowed.
fact: About {homes} homes were flooded, and electricity was cut off in several streets as a precaution. || The authorities switched off power to parts of the town, where around {homes} houses had water inside. || Water entered roughly {homes} houses, and power was switched off in the worst-hit streets.
fact: Evacuated families were being housed in {shelter}, the {org} said. || Those who left their homes were spending the night in {shelter}. || Families forced to leave were given shelter in {shelter}.
fact: The river was expected to peak on {weekday_next} before slowly falling over the following {days} days. || Forecasters said the water should reach its highest point on {weekday_next} and drop over the next {days} days. || The {river} is forecast to crest on {weekday_next} and then fall slowly over {days} days.
fact: Insurers estimated the early cost of the damage at {amount}. || The insurance industry put its first estimate of the losses at roughly {amount}. || A first estimate from insurers puts the damage at {amount}.
fact: In just two days, {rain_mm} millimetres of rain fell on the {region}, more than twice the average for the whole of {month}. || The weather service said the two-day rainfall total in the {region} was more than double the usual figure for {month}. || The {region} received {rain_mm} millimetres of rain in 48 hours, over double the normal total for {month}.
fact: No deaths were reported, but {injured} people were treated for hypothermia and minor injuries. || Hospitals treated {injured} people, most for cold and small cuts, and nobody died. || Nobody was killed, though {injured} people needed treatment for cold and minor injuries.
fact: Soldiers were deployed to fill sandbags and reinforce the embankment along {street}. || The army sent troops to build sandbag walls along {street} and strengthen the river bank.
fact: Rail services between {place} and {place2} were suspended after water covered the tracks. || Trains to {place2} stopped running when the line out of {place} flooded.
fact: Farmers outside {place} said {hectares} hectares of crops were under water. || About {hectares} hectares of farmland around the town were flooded, farmers said.
fact: The flood barrier of {place}, completed in {year_past}, was overtopped shortly after midnight. || Water spilled over the flood defences, built in {year_past}, not long after midnight.
fact: Residents of {place} were warned not to drink tap water until the treatment plant had been checked. || People were told to avoid drinking tap water while the treatment works near the {river} were inspected.
fact: A school on {street} was turned into a collection point for donated clothes and food. || Donations of food and clothing were being gathered at a school on {street}.
quote official: The water rose faster than any of our models predicted, and we had to move people out in the middle of the night | Our crews knocked on {evacuated} doors in one night, and they did not stop until everyone was out | We opened {shelter} within an hour, and volunteers have been working all night
quote witness: We carried what we could upstairs, but the water came in so fast that we lost almost everything | The furniture, the photographs, the children's toys, it is all ruined | I have lived on {street} all my life, and the water has never come this far
quote expert: Floods that used to happen once in a century are now happening every few years in this part of the country | Building on flood plains around the {river} has made this much worse than it needed to be | The {river} had nowhere to go, because the fields that used to absorb it are now car parks
iquote witness2: The sirens went off around two in the morning, and by three the street was a river | We put the furniture on bricks, but it made no difference
iquote official: We are asking people not to return to their homes until we tell them it is safe | The embankments are holding for now, but the night will be difficult

strike | strike | incident
org: {place} Transport Workers' Union | {region_name} Rail and Bus Union
title: the general secretary of the {org} | a spokes{man} for the {org} | the chief negotiator of the {org}
expert: a professor of labour relations at the University of {place2} | a transport economist at {firm}
witness: who was waiting at the main bus station | a nurse who commutes from {place2} | a student at the technical college | who runs a kiosk at the central station | a care worker on the early shift
operator: {place} City Transport | {region_name} Regional Rail | {name_a} Bus Company | {place} Metro
services: bus and tram | metro | regional train | bus
demand: a pay rise of {pct}% | a {pct}% pay rise and shorter night shifts | the withdrawal of planned cuts to overtime pay | a {pct}% rise to match inflation
num: strikers 400 6000 | passengers 20000 400000 | routes 5 80 | strike_days 2 6 | offer 1 6 | hours 6 30 | wage 1800 3600
amount: 0.2 3
head: Transport strike leaves {place} commuters stranded
head: {strikers} transport workers walk out over pay in {place}
head: {operator} services halted by {strike_days}-day strike
head: {place} commuters walk, cycle and wait as {operator} staff strike
head: Pay dispute halts {services} services across {place}
lead: About {strikers} transport workers in {place} walked off the job on {weekday}, halting most {services} services in a dispute over pay, the {org} said.
lead: Most {services} services in {place} were cancelled on {weekday} as {strikers} drivers and maintenance staff at {operator} began a {strike_days}-day strike, the {org} said.
lead: Public transport in {place} was largely halted on {weekday} as {strikers} workers at {operator} went on strike over pay, the {org} said.
ilead: Commuters in {place} crowded onto the few buses still running on {weekday} as a transport strike took hold.
ilead: Bus stops and stations across {place} stood empty on {weekday}, the first day of a walkout by transport staff.
fact: The union is demanding {demand}, while {operator} has offered {offer}%. || Union leaders want {demand}; the management offer so far stands at {offer}%. || {operator} has offered a {offer}% increase, far short of the union's demand for {demand}.
fact: About {passengers} passengers use the network on a normal weekday. || On a typical working day, the network carries roughly {passengers} people. || The network normally carries about {passengers} people on a weekday.
fact: Only {routes} routes were running, most of them with reduced timetables. || A skeleton service kept {routes} routes going, though with long gaps between vehicles. || Just {routes} routes were operating, with long waits between services.
fact: Talks between the two sides broke down late on {weekday_prev} after {hours} hours of negotiations. || Negotiations collapsed the night before the strike, after {hours} hours around the table. || Negotiations ended without agreement on {weekday_prev} night after {hours} hours.
fact: {operator} said the strike would cost it about {amount} a day in lost fares. || The operator estimates lost ticket revenue at roughly {amount} for each day of the walkout. || Lost fares will cost {operator} about {amount} for every day of the strike, the company estimates.
fact: Schools in {place} said pupils who could not reach class would not be marked absent. || Head teachers in {place} said they would excuse children unable to get to school. || Pupils unable to get to school in {place} will not be recorded as absent, head teachers said.
fact: Taxi firms in {place} said demand had more than doubled, and some raised their fares. || Taxi operators in {place} reported twice the usual number of bookings, with some charging more.
fact: Traffic on the main roads into {place} was {pct}% heavier than usual during the morning rush hour. || Morning traffic on roads into the city was up {pct}% on a normal weekday.
fact: The {org} said a further strike would follow in {month_next} if no agreement was reached. || Union leaders threatened more walkouts in {month_next} unless a deal is struck.
fact: Drivers at {operator} currently earn about {wage} {currency} a month before tax. || A driver's basic monthly pay at {operator} is around {wage} {currency}.
fact: Hospitals in the {region} arranged minibuses to bring night-shift staff to work. || Some hospitals around {place} laid on minibuses so that their staff could get to night shifts.
fact: The mayor of {place} called on both sides to return to talks immediately. || The mayor urged the {org} and {operator} to resume negotiations without delay.
quote official: Our members have not had a real pay rise in years, and they cannot go on like this | Nobody takes the decision to strike lightly, least of all the drivers who live in {place} | We have offered to meet the management at any time, day or night
quote witness: I have been standing here for forty minutes, and I still do not know if a bus will come | My shift starts at six, and there is no way to get there without a bus | I walked for an hour this morning, and I will do it again tonight
quote expert: Both sides know a long strike would hurt the passengers most, so I would expect a deal within days | Transport strikes rarely last long, because public patience runs out within a week | The longer this goes on, the more commuters will switch to their cars for good
iquote witness2: I cycled in today, but I cannot do that every day with two children | I support the drivers, but I cannot lose my job over this
iquote official: The door to negotiations is still open, but the offer on the table is not good enough | We will stay out until the management makes a serious offer

hospital | hospital expansion | news
org: {place} General Hospital | {region_name} Health Trust | {name_a} University Hospital
title: the chief executive of the {org} | the medical director of the {org} | a spokes{man} for the {org}
expert: a health policy researcher at the University of {place2} | an emergency medicine specialist with {firm}
witness: a retired teacher who was among the first visitors | whose {other} was treated at the old unit | a volunteer at the hospital shop | a nurse who has worked at the hospital for {wyears} years
other: husband | mother | daughter | father
unit: emergency department | cancer treatment centre | children's ward | cardiac unit | maternity wing | stroke unit
equipment: two new scanners | a robotic surgery system | a helicopter landing pad | an on-site laboratory | twelve intensive care beds
num: beds 20 220 | staff 40 600 | patients 8000 90000 | months_late 2 18 | floors 2 7 | km 20 90 | theatres 2 8 | parking 80 600
amount: 20 300
head: {place} hospital opens new {unit}
head: New {unit} opens in {place} after {months_late}-month delay
head: First patients arrive at new {place} {unit}
head: {amount} {unit} welcomes first patients in {place}
head: {place} no longer needs to send patients to {place2}, says {org}
lead: The {org} opened a new {unit} on {weekday} with {beds} beds, the largest expansion of hospital care in {place} for decades, the hospital said.
lead: A new {unit} costing {amount} opened its doors to patients at the {org} in {place} on {weekday}, {months_late} months later than planned.
lead: Patients in {place} will no longer have to travel to {place2} for treatment after the {org} opened a new {unit} on {weekday}.
ilead: The first patients were admitted on {weekday} to the new {unit} in {place}, a building that took years to plan.
ilead: Staff at the {org} in {place} spent {weekday} moving equipment into a new {unit}.
fact: The {floors}-storey building cost {amount} and includes {equipment}. || Built over {floors} floors at a cost of {amount}, the unit also houses {equipment}. || The unit, spread over {floors} floors, cost {amount} and is equipped with {equipment}.
fact: The hospital expects to treat about {patients} patients a year in the new unit. || Managers predict that some {patients} people a year will pass through the new department. || About {patients} patients a year are expected to be treated there.
fact: The {org} has recruited {staff} additional doctors, nurses and technicians to run it. || Around {staff} extra staff were hired to work in the building, according to the hospital. || To staff the unit, the hospital has taken on {staff} more doctors, nurses and technicians.
fact: Construction was delayed by {months_late} months after problems with the foundations and a shortage of electricians. || Foundation problems and difficulty hiring electricians pushed the opening back by {months_late} months. || The opening came {months_late} months late because of foundation problems and a lack of electricians.
fact: Patients previously had to travel to {place2}, about {km} kilometres away, for the same treatment. || Until now, people needing this care had to make the {km}-kilometre journey to {place2}. || Until now, patients from {place} had to go to {place2}, {km} kilometres away, for this kind of care.
fact: The old unit, opened in {year_past}, will be converted into outpatient clinics. || Plans for the previous unit, which dates from {year_past}, include turning it into clinics for outpatients. || The unit it replaces, which opened in {year_past}, is to become an outpatient clinic.
fact: The unit has {theatres} operating theatres and a separate entrance for ambulances. || It includes {theatres} operating theatres and its own ambulance entrance off {street}.
fact: Solar panels on the roof are expected to cover about {pct}% of the electricity the {unit} uses. || About {pct}% of the power for the new {unit} should come from panels on its roof.
fact: The project was funded by the regional government and a public appeal in {place} that raised {amount2}. || A public fundraising appeal contributed {amount2}, with the rest paid by the {region} government.
fact: Visiting hours on the new ward at the {org} will run from eight in the morning until nine at night. || Relatives will be able to visit the {unit} between eight in the morning and nine at night.
fact: Car parking has been a concern, and the {org} has added {parking} spaces. || The hospital has created {parking} extra parking spaces on {street}, answering a frequent complaint.
fact: The {unit} will be open around the clock, seven days a week, the {org} said. || The new {unit} in {place} is staffed day and night, every day of the week.
quote official: This is the biggest day for healthcare in {place} in a generation | For the first time, families in {place} will not have to make that long journey for care | The staff helped design every room, and it shows
quote witness: My {other} had to go all the way to {place2} for treatment, so this will change lives here | The old building was falling apart, and the staff deserved better than that | When my {other} was ill, the nearest bed was in {place2}, and the drive was a nightmare
quote expert: New buildings help, but the real test will be whether the hospital can keep enough nurses | A unit of {beds} beds will ease the pressure, but only if the region keeps investing | Regions that invest in local care usually see fewer emergency admissions within a few years
iquote witness2: It feels more like a hotel than a hospital, and the staff were wonderful | My father was one of the first patients, and he could not stop talking about the view
iquote official: We have listened to patients, and the design reflects what they told us | This building is the result of years of campaigning by people in {place}

derailment | derailment | incident
org: {region_name} Railway Company | {region_name} Rail Accident Investigation Office | {place} Police
title: a spokes{man} for the {org} | the head of the {org} | the operations manager of the {org}
expert: a railway safety researcher at the University of {place2} | a former train driver who now advises {firm}
witness: a passenger in the third carriage | who lives beside the line | a student travelling home from {place2} | a farmer whose land runs along the tracks
train: a regional passenger train | an overnight sleeper train | a commuter train | an express train from {place2}
spot: a curve near {place} station | a level crossing outside {place} | the approach to the {river} rail bridge | a set of points just north of {place}
cargo: timber | grain | steel coils | fertiliser | new cars
num: carriages 2 9 | injured 4 40 | passengers 40 400 | speed 40 120 | days 2 10 | incidents 2 4
amount: 3 40
head: Train derails near {place}, injuring {injured}
head: Carriages leave the tracks outside {place}
head: Rail line closed after derailment at {place}
head: {injured} hurt as {train} leaves the rails near {place}
head: Investigators examine track after derailment on {place} line
lead: A derailment at {spot} on {weekday} left {carriages} carriages on their side and {injured} people injured, the {org} said.
lead: Rail traffic through {place} was halted on {weekday} after {train} derailed at {spot}, the {org} said.
lead: Several carriages of {train} came off the tracks at {spot} on {weekday}, injuring {injured} people, the {org} said.
ilead: Emergency crews worked through the night on {weekday} to lift overturned carriages from the line near {place}.
ilead: Passengers described being thrown from their seats when their train came off the rails outside {place} on {weekday}.
fact: The train was travelling at about {speed} kilometres an hour when it left the rails, according to preliminary data. || Early readings from the data recorder suggest a speed of around {speed} km/h at the moment of the derailment. || Preliminary data show the train was going at about {speed} km/h when it derailed.
fact: Of the {injured} people injured, {serious} were in a serious condition in hospital. || Hospital officials said {serious} of the injured remained in serious condition. || Hospitals said {serious} of the {injured} injured were seriously hurt.
fact: The line between {place} and {place2} will stay closed for at least {days} days while investigators examine the track. || Trains between {place} and {place2} are not expected to run again for {days} days or more. || Services between {place} and {place2} are suspended for at least {days} days while the track is examined.
fact: Replacement buses are running between {place} and {place2}, adding about an hour to journeys. || Passengers to {place2} are being carried by bus instead, which makes each trip roughly an hour longer. || Buses have replaced trains between {place} and {place2}, making journeys about an hour longer.
fact: The section of track was renewed in {year_past} at a cost of {amount}. || That stretch of line was rebuilt in {year_past}, a project that cost {amount}. || The track on that stretch was replaced in {year_past} for {amount}.
fact: About {passengers} people were on board when the carriages overturned. || Some {passengers} passengers had been travelling on the train. || There were around {passengers} passengers on the train.
fact: A crane was brought in from {place2} to lift the carriages back onto the rails. || Engineers used a crane sent from {place2} to right the overturned carriages.
fact: The driver was among the injured and has been interviewed by investigators from the {org}. || Investigators have spoken to the driver of the train to {place}, who was also hurt.
fact: Residents of {place} opened their homes to stranded passengers, offering tea and blankets. || People living near the line outside {place} took in passengers who had nowhere to go.
fact: It was the {ordinal} derailment on the line through {place} in {years_span} years. || The stretch near {place} has had {incidents} derailments in the past {years_span} years.
fact: The data recorder of the train has been sent to a laboratory in {place2} for analysis. || Investigators sent the data recorder to {place2} to be analysed.
fact: Freight trains carrying {cargo} are being diverted through {place2}. || Goods trains loaded with {cargo} now take a longer route via {place2}.
quote official: It is far too early to say what caused this, and we will not speculate | Our priority tonight is the people in hospital and their families | We will not reopen the line until we are certain it is safe
quote witness: There was a terrible screeching noise, and then everything in the carriage was upside down | I was reading a book, and the next moment I was lying on the ceiling | A man next to me held the door open so that people could climb out
quote expert: Derailments on curves usually come down to speed, the state of the track, or both | Investigators will look first at the data recorder, the signals and the condition of the rails | Modern carriages are built to stay upright, which probably saved lives today
iquote witness2: People were helping each other climb out through the windows | I heard a bang, and then my coffee was on the ceiling
iquote official: Our thoughts are with everyone who was hurt, and we will cooperate fully with the investigation | The line will stay closed until the investigators have finished

trial | fraud case | news
org: {region_name} Prosecutor's Office | {place} Public Prosecution Service
title: the chief prosecutor of the {org} | a spokes{man} for the {org} | the head of economic crime at the {org}
expert: a professor of criminal law at the University of {place2} | a corporate governance specialist at {firm}
witness: a pensioner who attended every day of the trial | who ran a business that lost a contract to {company} | a local councillor who sat in the public gallery | a former employee of the utility
subject_role: the former mayor of {place} | the founder of {company} | a former finance director of the {place} water utility | the owner of a chain of care homes
court: {region_name} District Court | {place} Criminal Court | {place} Regional Court
crime: fraud | embezzlement | corruption | money laundering | tax fraud
noun: {crime} case
scheme: false invoices for building work that was never done | inflated contracts for school meals | fake consultancy fees | a property deal with a shell company | subsidies for wind farms that were never built
num: years_prison 2 9 | months_trial 3 14 | witnesses 12 80 | counts 3 25 | scheme_years 3 12
amount: 1 40
head: {subject} jailed for {years_prison} years in {place} {crime} case
head: Court convicts {subject} over {amount} {crime}
head: {place} {crime} trial ends with prison sentence
head: {subject_role_title} guilty of {crime} in {place}
head: Prison for {subject} after {months_trial}-month {crime} trial
lead: {subject}, {subject_role}, was sentenced to {years_prison} years in prison on {weekday} for stealing {amount} through {scheme}, the {org} said.
lead: A court in {place} on {weekday} found {subject}, {subject_role}, guilty of {crime} over {scheme} worth {amount}, the {org} said.
lead: Judges at the {court} on {weekday} sentenced {subject}, {subject_role}, to {years_prison} years in prison for {crime} involving {scheme}.
ilead: The {court} was packed on {weekday} as judges delivered their verdict against {subject}.
ilead: {subject} showed no emotion on {weekday} as the judge read out the verdict in {place}.
fact: The trial lasted {months_trial} months and heard evidence from {witnesses} witnesses. || Over {months_trial} months of hearings, the court listened to {witnesses} witnesses. || During the {months_trial}-month trial, {witnesses} witnesses gave evidence.
fact: {subject_last} was convicted on {counts} counts of fraud and forgery and acquitted of one charge of bribery. || Judges found {subject_last} guilty on {counts} counts, while clearing {subject_him} of a bribery charge. || The court convicted {subject_last} on {counts} counts of fraud and forgery but cleared {subject_him} of bribery.
fact: {subject_He} must also repay {amount} and may not hold public office for ten years. || The court ordered the money repaid and banned {subject_last} from public office for a decade. || {subject_last} was also ordered to pay back {amount} and barred from public office for ten years.
fact: Lawyers for {subject_last} said they would appeal. || The defence team of {subject_last} announced an appeal shortly after the hearing. || The lawyers representing {subject_last} said they would challenge the verdict.
fact: The fraud came to light in {year_past} when an auditor noticed invoices for work that had never been carried out. || Investigators first became suspicious in {year_past} after an auditor questioned a series of invoices. || An auditor uncovered the fraud in {year_past} after spotting invoices for work that was never done.
fact: The case was investigated by the {org} for more than three years. || Prosecutors spent over three years building the case against {subject_last}. || Prosecutors at the {org} had been investigating the case for more than three years.
fact: The judge said {subject_last} had shown no remorse during the trial. || In sentencing, the judge noted that {subject_last} had never expressed regret.
fact: Much of the money was spent on a villa near {place2} and a collection of vintage cars, prosecutors said. || Prosecutors said the proceeds paid for a villa near {place2} and several classic cars.
fact: {subject_last} was taken into custody immediately after the verdict. || Police officers led {subject_last} from the courtroom straight after the sentence was read.
fact: The council of {place} has since tightened the rules on how contracts are awarded. || Since the scandal, councillors in {place} have changed the way public contracts are handed out.
fact: Two former business partners gave evidence against {subject_last} in exchange for lighter charges. || Two former partners of {subject_last} testified for the prosecution after reaching plea deals.
fact: The {court} heard that the scheme ran for {scheme_years} years before anyone raised the alarm. || According to evidence heard in court, the fraud continued for {scheme_years} years undetected.
quote official: This verdict shows that nobody is above the law, whatever position they hold | It took years of patient work to follow the money, and today that work paid off | We followed every invoice and every bank transfer, however long it took
quote witness: People here trusted {subject_him}, and the money came out of all our pockets | I paid my taxes every year while this was going on, and I want to know where they went | We were told for years that there was no money for the roads, and now we know why
quote expert: Sentences of this length are unusual for financial crimes and send a strong signal | An appeal is likely, and the higher court may well reduce the sentence | The court sent a message to everyone who manages public money in the {region}
iquote witness2: I came because I wanted to see it with my own eyes | Some of us have waited years for this day
iquote official: We are satisfied that the court recognised the scale of the fraud | The sentence reflects the damage done to public trust

election | election | news
org: {place} Electoral Commission | {place} City Council
title: the returning officer of the {org} | a spokes{man} for the {org}
expert: a political scientist at the University of {place2} | a polling analyst at {firm}
witness: a shop owner in the old town | who voted for the first time | a retired bus driver | a volunteer at a polling station
subject_role: the mayor-elect | the winning candidate
party: the Green Alliance | the Citizens' Party | the Social Democrats | the Liberal Union | the Farmers' League | an independent list
promise: cheaper public transport | a freeze on local taxes | a new swimming pool | more social housing | cleaner streets and more police patrols
profession: teacher | engineer | nurse | shop owner | lawyer | journalist | farmer
num: pct_win 40 68 | turnout 31 74 | votes 3000 90000 | margin 120 6000 | terms 2 4 | seats 8 20 | seats_total 25 41 | subject_age 34 66 | poll_lead 3 12
head: {subject} wins {place} mayoral race
head: {place} elects {subject} as mayor with {pct_win}% of the vote
head: Voters in {place} choose {subject} as new mayor
head: {party_title} candidate {subject} takes {place} town hall
head: {rival} ousted as mayor of {place}
lead: {subject} of {party} was elected mayor of {place} on {weekday} with {pct_win}% of the vote, defeating {rival}, the {org} said.
lead: Voters in {place} chose {subject} as their new mayor on {weekday}, giving {subject_him} {pct_win}% of the vote in a run-off against {rival}.
lead: {rival} lost the race for mayor of {place} on {weekday} to {subject} of {party}, who won {pct_win}% of the vote, the {org} said.
ilead: Supporters of {subject} cheered in a packed hall in {place} late on {weekday} as the results came in.
ilead: {rival} conceded defeat shortly before midnight on {weekday} as the count in {place} drew to a close.
fact: Turnout was {turnout}%, up from the last election, the {org} said. || Some {turnout}% of registered voters took part, according to official figures. || According to the {org}, {turnout}% of voters cast a ballot.
fact: {subject_last} won by {margin} votes out of about {votes} cast. || The winning margin was {margin} votes, with roughly {votes} ballots counted. || About {votes} votes were cast, and {subject_last} finished {margin} ahead.
fact: {subject_He} campaigned on a promise of {promise}. || The central pledge of {subject_his} campaign was {promise}. || {subject_last} had promised voters {promise}.
fact: {rival} had served as mayor for {terms} terms. || The defeated candidate, {rival_last}, had led the council for {terms} terms. || {rival_last} had been mayor for {terms} terms before this election.
fact: The new mayor will take office at the start of {month_next}. || {subject_last} is due to be sworn in at the beginning of {month_next}. || {subject_last} will be sworn in at the start of {month_next}.
fact: A recount requested by {rival_last} in two districts did not change the result. || Partial recounts demanded by the {rival_last} campaign confirmed the outcome. || Recounts in two districts, requested by {rival_last}, confirmed the result.
fact: The party of {subject_last}, {party}, also won {seats} of the {seats_total} seats on the town council. || On the council, {party} took {seats} of {seats_total} seats.
fact: {subject_last}, {subject_age}, is a former {profession}. || Before entering politics, the {subject_age}-year-old worked as a {profession}.
fact: The campaign was dominated by the cost of housing and the closure of the {place} maternity ward. || Housing costs in {place} and the planned closure of the local maternity ward were the main issues in the campaign.
fact: Polls a month before the vote had shown {rival_last} ahead by {poll_lead} points. || A month ago, surveys put {rival_last} {poll_lead} points in front.
fact: Counting was delayed for an hour after a power cut at the main counting centre in {place}. || A brief power failure at the counting hall on {street} held up the results by about an hour.
fact: {subject_last} is the first mayor of {place} from {party}. || No candidate from {party} had ever won the {place} mayoralty before.
quote official: The count was completed without any irregularities | Turnout was higher than many expected, which is good news for local democracy | Every ballot was counted twice, in front of observers from all parties
quote witness: I voted for change, and I hope {subject_last} keeps {subject_his} promises | The queues at the polling station were longer than I have ever seen | My grandmother voted for the first time in twenty years, just to be part of this
quote expert: This result shows how unhappy voters in smaller towns have become with the established parties | Voters punished the old administration for the state of the town's finances | The swing in the outer districts of {place} decided this election
quote subject: Tonight belongs to everyone in {place} who wants a fairer town
iquote witness2: It was a close race, but in the end people wanted someone new | I have never seen so many young people at a polling station
iquote subject: I will be a mayor for all of {place}, including those who did not vote for me | The work starts tomorrow morning, and there is a lot of it

layoffs | job cuts | news
org: {name_a} Group | {name_a} Corporation | {name_a} Company
title: the chief executive of the {org} | a spokes{man} for the {org} | the head of human resources at the {org}
expert: an industry analyst at {firm} | a labour economist at the University of {place2}
witness: who has worked at the plant for {wyears} years | a machine operator on the night shift | whose {other} also works at the plant | a union representative at the site
other: husband | wife | son | daughter | brother
sector: steel | paper | glass | electronics | textile | packaging | furniture | brewing | chemicals | tyre
reason: falling orders from abroad | high energy prices | the loss of its biggest customer | competition from cheaper imports | a shift to automated production lines
num: jobs 80 2400 | workforce 600 9000 | plants 2 9 | months 3 18 | service_years 15 30
amount: 10 400
head: {org} to cut {jobs} jobs in {place}
head: {place} {sector} plant to shed {jobs} workers
head: Hundreds of jobs to go at {place} {sector} plant
head: {jobs} jobs to go as {sector} downturn hits {place}
head: Shock in {place} as {org} announces cuts
lead: The {org} will cut {jobs} jobs at its {sector} plant in {place}, blaming {reason}, the company said on {weekday}.
lead: About {jobs} workers at the {sector} plant run by the {org} in {place} will lose their jobs over the next {months} months, the company said on {weekday}.
lead: The {org} said on {weekday} it would shed {jobs} jobs at its {sector} plant in {place}, citing {reason}.
ilead: Workers leaving the {org} site in {place} on {weekday} spoke of shock and anger after managers announced the cuts.
ilead: News of the job losses spread quickly through {place} on {weekday}, where the {sector} plant has been a major employer for decades.
fact: The plant employs about {workforce} people, making it one of the largest employers in the {region}. || With a workforce of roughly {workforce}, the site is among the biggest employers in the area. || Around {workforce} people work at the plant, one of the biggest employers in the {region}.
fact: The company reported a loss of {amount} last year. || Last year the group lost {amount}, according to its annual accounts. || Last year the company lost {amount}.
fact: The cuts will be made over {months} months, and the company said it hoped most would be voluntary. || Management said the reductions would be spread over {months} months and that it would seek volunteers first. || The job losses will be spread over {months} months, with voluntary departures sought first.
fact: The {org} operates {plants} plants in the country and has not said whether others will be affected. || It is not yet clear whether the other {plants} sites of the group will face cuts. || The group runs {plants} plants nationwide and has not said whether they will also face cuts.
fact: Union representatives were told of the plan at a meeting on {weekday_prev}. || Unions learned of the plan on {weekday_prev}, the day before the announcement, at a meeting with management. || Managers briefed union officials about the plan on {weekday_prev}.
fact: Shares in the company rose {pct}% after the announcement. || Investors welcomed the news, sending the share price up {pct}%. || After the announcement, the share price rose by {pct}%.
fact: The company will move part of its production to a plant in {place2}. || Some of the work done in {place} is to be transferred to the site in {place2}.
fact: The regional government said it would set up a fund of {amount2} to retrain workers. || A retraining fund worth {amount2} was promised by the {region} government.
fact: Suppliers in {place} fear the cuts will also cost jobs at smaller firms that depend on the plant. || Small businesses that supply the {org} say they may have to lay off staff too.
fact: The plant was opened in {year_past} and was once the largest {sector} works in the country. || When it opened in {year_past}, the site was the biggest {sector} plant in the country.
fact: Workers with more than {service_years} years of service will be offered early retirement. || Early retirement is to be offered to staff who have been with the {org} for over {service_years} years.
fact: The union called a meeting of all staff at the {place} plant for {weekday_next} to discuss its response. || Union officials summoned the whole workforce to a meeting on {weekday_next}.
quote official: These are painful decisions, but they are necessary to secure the future of the plant | We will support every employee who is affected, with training and help finding new work | We looked at every alternative before taking this decision
quote witness: I have given this company half my life, and I found out from a notice on the wall | My father worked here, and I thought my son would too | The canteen went silent when they read out the numbers
quote expert: The whole {sector} industry is under pressure, and {place} is unlikely to be the last town to feel it | Companies in the {sector} sector are closing older plants first, and this one was among the oldest | The plant in {place} has struggled since energy prices rose, and investors knew it
quote politician: We will do everything we can to help the families affected
iquote witness2: Half the people on my street work at that plant | My son started here last year, and now he does not know if he has a future
iquote politician: The company owes this town an explanation | We will fight for every single job at that plant

takeover | takeover | news
org: {name_a} Group | {name_a} Holdings | {name_a} Corporation
title: the chief executive of the {org} | a spokes{man} for the {org} | the chair of the {org}
expert: an analyst at {firm} | a professor of finance at the University of {place2}
witness: an engineer at the company | who has worked for {target} for {wyears} years | a supplier based in {place} | a sales manager at the company
sector: software | logistics | food | pharmaceutical | engineering | telecoms | retail | insurance
target: {name_b} Systems | {name_b} Foods | {name_b} Logistics | {name_b} Engineering | {name_b} Networks
num: price 10 90 | premium 15 60 | employees 500 20000 | firm_age 20 120 | countries 3 30 | sales_m 40 900 | stake 12 45
amount: 150 4000
head: {org} agrees to buy {target} for {amount}
head: {target} accepts {amount} takeover offer
head: {place} company {target} to be sold to {org}
head: {org} bids {amount} for {sector} firm {target}
head: Board of {target} backs sale to {org}
lead: The {org} has agreed to buy {target}, a {sector} company based in {place}, for {amount}, the companies said on {weekday}.
lead: {target}, the {sector} company based in {place}, said on {weekday} it had accepted a takeover offer worth {amount} from the {org}.
lead: {target}, a {sector} company from {place}, is to be bought by the {org} for {amount}, the two companies said on {weekday}.
ilead: Shares in {target} jumped on {weekday} after the {place} company confirmed it would be sold.
ilead: The sale of {target}, announced on {weekday}, ends more than {firm_age} years of independence for one of the best-known companies in {place}.
fact: The offer values each share at {price} {currency}, a premium of {premium}% on the closing price of {weekday_prev}. || Shareholders will receive {price} {currency} a share, {premium}% more than the last closing price. || At {price} {currency} a share, the offer is {premium}% above the last closing price.
fact: {target} employs about {employees} people. || The company has a workforce of around {employees}. || About {employees} people work for {target}.
fact: The deal still needs approval from competition authorities and is expected to close by the end of {month_next}. || Regulators must still clear the purchase, which the firms hope to complete by the end of {month_next}. || Competition regulators must approve the deal, which the companies hope to complete by the end of {month_next}.
fact: The buyer said it would keep the headquarters in {place} and had no plans for job cuts. || According to the buyer, the head office will stay in {place} and no redundancies are planned. || The buyer has promised to keep the head office in {place} and said no jobs would be cut.
fact: {target} was founded {firm_age} years ago. || The company dates back {firm_age} years. || {target} has been in business for {firm_age} years.
fact: The offer was recommended by the board of {target}. || Directors of {target} have advised shareholders to accept. || The board of {target} has recommended that shareholders accept the offer.
fact: {target} has subsidiaries in {countries} countries, mostly in Europe and Asia. || The company operates in {countries} countries outside its home market.
fact: It is the largest acquisition by the {org} since it was founded. || The purchase is the biggest in the history of the {org}.
fact: {target} reported sales of {sales_m} million {currency} last year, up {pct}% on the previous year. || Annual revenue at {target} rose {pct}% last year to {sales_m} million {currency}.
fact: The founding family of {target}, which owns {stake}% of the shares, has agreed to sell. || The {target} founding family, holders of a {stake}% stake, backed the sale.
fact: Analysts at {firm} said a rival bid for {target} could not be ruled out. || A counter-offer from another buyer is still possible, according to analysts at {firm}.
fact: The {org} will finance the deal with cash and new borrowing. || The purchase is to be paid for with a mix of cash reserves and debt, the {org} said.
quote official: Bringing our two companies together creates a stronger business for customers and employees | This is a good day for {target}, its customers and its staff | We have admired {target} for many years, and its engineers are the best in the business
quote witness: Everyone is asking what this means for their jobs | Nobody in the office knew anything until the news came out | The founder built this company from a garage in {place}, and now it is going abroad
quote expert: The price looks generous, which suggests the buyer expects big savings | Regulators will look closely at the combined market share before they approve it | A deal of this size will change the balance of the whole {sector} market
iquote witness2: I have been a shareholder for years, and this offer is fair | Nobody on the shop floor was consulted about any of this
iquote official: {target} will keep its name and its identity | Customers will see no change in the service they receive

wildfire | wildfire | incident
org: {region_name} Forestry Service | {region_name} Fire Service | {place} Civil Defence
title: the regional fire chief of the {org} | a spokes{man} for the {org} | the head of the {org}
expert: a forest ecologist at the University of {place2} | a wildfire researcher at {firm}
witness: who lives on a farm outside {place} | a beekeeper whose hives were destroyed | who runs a campsite near the forest | a volunteer firefighter
forest: pine forest | scrubland | farmland and woodland | the {name_b} nature reserve | olive groves and pine woods
wind: strong easterly winds | gusts of up to {gust} kilometres an hour | hot, dry winds from the south
num: hectares 300 12000 | firefighters 80 900 | aircraft 2 14 | villages 2 9 | evacuated 200 6000 | temperature 34 45 | homes 3 80 | injured 2 12 | front_km 3 25 | count_regions 2 6
head: Wildfire forces evacuation of {villages} villages near {place}
head: Fire burns {hectares} hectares of {forest} outside {place}
head: Firefighters battle blaze near {place} as winds rise
head: {evacuated} flee as wildfire spreads across {forest} near {place}
head: Water bombers fight {hectares}-hectare fire outside {place}
lead: A wildfire burned through {hectares} hectares of {forest} near {place} on {weekday}, forcing the evacuation of {villages} villages, the {org} said.
lead: More than {firefighters} firefighters, backed by {aircraft} water-bombing aircraft, fought a wildfire near {place} on {weekday} as {wind} pushed the flames towards houses, the {org} said.
lead: Flames driven by {wind} swept across {hectares} hectares of {forest} near {place} on {weekday}, the {org} said.
ilead: Residents of villages around {place} loaded cars with belongings on {weekday} as smoke filled the sky.
ilead: An orange glow was visible from {place2} on {weekday} night as a fire swept across hills near {place}.
fact: About {evacuated} people were evacuated, and several roads were closed. || The authorities moved roughly {evacuated} people out of the danger zone and shut a number of roads. || Roughly {evacuated} residents were moved out, and a number of roads were closed.
fact: Temperatures reached {temperature} degrees Celsius, and there has been almost no rain for {weeks} weeks. || It has barely rained for {weeks} weeks, and the thermometer climbed to {temperature} degrees. || There has been almost no rain for {weeks} weeks, and temperatures hit {temperature} degrees.
fact: The {org} deployed {firefighters} firefighters and {aircraft} aircraft. || Some {firefighters} firefighters were at work on the blaze, supported by {aircraft} planes and helicopters. || In total, {firefighters} firefighters and {aircraft} aircraft were fighting the fire.
fact: Police have opened an investigation into whether the fire near {place} was started deliberately. || Investigators are examining whether someone set the fire on purpose, the {org} said. || Police in the {region} are investigating whether the blaze was started on purpose.
fact: Medics treated {injured} firefighters for burns and exhaustion. || Among the injured were {injured} members of the fire crews, most suffering from heat exhaustion. || Medical teams treated {injured} firefighters, mostly for exhaustion and minor burns.
fact: At least {homes} houses and farm buildings were destroyed. || The fire destroyed {homes} homes and barns, according to early counts. || At least {homes} homes and barns have been lost.
fact: The fire front near {place} stretched for about {front_km} kilometres at its widest point. || At its widest, the line of flames ran for some {front_km} km.
fact: A motorway between {place} and {place2} was closed because of thick smoke. || Smoke forced the closure of the motorway linking {place} with {place2}.
fact: Crews from {count_regions} neighbouring regions were sent to help the {org}. || Reinforcements arrived in {place} from {count_regions} other regions.
fact: Farmers moved livestock to fields closer to {place} as the flames approached. || Livestock was herded away from the fire towards {place} by local farmers.
fact: The {org} said it was the largest fire in the {region} since {year_past}. || Not since {year_past} has the {region} seen a fire this large.
fact: Volunteers set up a shelter for evacuated families in a sports hall in {place2}. || Evacuated families were offered beds at a sports hall in {place2}, run by volunteers.
quote official: The wind is our biggest enemy, and it is not expected to drop until {weekday_next} | We are fighting this fire on several fronts at once, and the terrain is very difficult | Several villages are still at risk, and we are not letting anyone return tonight
quote witness: We had ten minutes to leave, and I took the dog and the photographs | The flames were coming over the hill faster than a man can run | My grandfather planted those olive trees, and now there is nothing left of them
quote expert: Longer, hotter summers are turning forests like these into tinderboxes | After {weeks} weeks without rain, the undergrowth burns like paper | The fires start earlier every year, and the season now runs well into autumn
iquote witness2: The sky turned red, and ash was falling like snow | We drove through smoke so thick we could not see the road
iquote official: We are asking people to stay away from the area so that our crews can work | The next twenty-four hours will be decisive

quake | earthquake | incident
org: {region_name} Seismological Institute | {place} Emergency Management Office
title: the director of the {org} | a spokes{man} for the {org} | a senior seismologist at the {org}
expert: a geophysicist at the University of {place2} | an earthquake engineer with {firm}
witness: a teacher at the primary school | who was having breakfast when the shaking started | a shopkeeper on the main square | who lives in a flat on the fourth floor
damage: cracked walls and fallen chimneys | the collapse of several old farm buildings | damage to the bell tower of the main church | landslides on two mountain roads
num: mag_whole 4 6 | mag_tenth 0 9 | depth 5 40 | km_epi 3 30 | injured 2 60 | aftershocks 5 60 | buildings 20 900 | homeless 50 2000 | seconds 5 40
head: Magnitude {mag_whole}.{mag_tenth} earthquake shakes {place}
head: Earthquake damages buildings in {place}, injuring {injured}
head: Strong quake hits {region}, felt as far as {place2}
head: Tremor of magnitude {mag_whole}.{mag_tenth} leaves {place} counting damage
head: {buildings} buildings checked after earthquake near {place}
lead: An earthquake of magnitude {mag_whole}.{mag_tenth} struck near {place} on {weekday}, damaging {buildings} buildings and injuring {injured} people, the {org} said.
lead: A strong earthquake shook the {region} on {weekday}, causing {damage} in {place}, the {org} said.
lead: A magnitude {mag_whole}.{mag_tenth} earthquake hit the area around {place} on {weekday}, injuring {injured} people and damaging {buildings} buildings, the {org} said.
ilead: People in {place} ran into the streets on {weekday} as the ground shook for several seconds.
ilead: Schools in {place} were evacuated on {weekday} after a powerful tremor rattled windows across the {region}.
fact: The epicentre was {km_epi} kilometres from {place} at a depth of {depth} kilometres. || Seismologists located the centre of the quake about {km_epi} km from the town, {depth} km below the surface. || The quake was centred {km_epi} kilometres from {place}, {depth} kilometres underground.
fact: More than {aftershocks} aftershocks were recorded in the following hours. || Instruments registered over {aftershocks} smaller tremors afterwards. || Over {aftershocks} aftershocks followed in the hours after the main shock.
fact: Engineers were inspecting {buildings} buildings, including schools and the town hall. || Teams of engineers began checking some {buildings} buildings for structural damage. || Some {buildings} buildings, among them schools and the town hall, are being checked by engineers.
fact: The tremor was felt as far away as {place2}. || People in {place2} also reported feeling the shaking. || Residents of {place2} said they, too, had felt the ground move.
fact: Most of the {injured} injured were hurt by falling objects, and none was in a critical condition. || Falling debris caused most of the injuries in {place}, and no one was in critical condition, hospitals said. || Most of the {injured} people hurt were struck by falling objects; none is in critical condition.
fact: It was the strongest earthquake in the {region} since {year_past}. || Not since {year_past} has the area experienced a tremor this strong. || The {region} has not had a stronger earthquake since {year_past}.
fact: Water and gas supplies were cut to parts of {place} as a precaution. || Gas and water were switched off in several districts of {place} while pipes were checked.
fact: In {place}, the bell tower of the main church lost part of its roof. || Part of the roof of the church bell tower in {place} came down.
fact: Schools in {place} will remain closed until engineers have inspected every building. || Pupils will stay at home until all school buildings in {place} have been checked.
fact: About {homeless} people spent the night in tents set up in the main square of {place}. || Tents in the central square sheltered roughly {homeless} residents overnight.
fact: The shaking lasted about {seconds} seconds, according to the {org}. || Seismographs recorded about {seconds} seconds of strong shaking in the {region}.
fact: A landslide blocked the mountain road to {place2} for several hours. || The road to {place2} was cut off by a landslide until the afternoon.
quote official: We were lucky that it struck during the day, when most people were awake | Our teams are checking every public building before anyone is allowed back in | We have engineers on every street of the old town checking the facades
quote witness: The whole house moved, and the plates fell out of the cupboard | The bookshelves came down, and the dog would not stop barking | My children were asleep, and I carried them both down the stairs in the dark
quote expert: This part of the country sits on an active fault, and quakes of this size are expected every few decades | An earthquake of this size at such a shallow depth is always going to be felt strongly | The aftershocks may continue for weeks, and some of them could be strong
iquote witness2: I thought a lorry had hit the building | The dog started barking a few seconds before the shaking began
iquote official: People should not go back into damaged buildings until engineers have checked them | We are setting up tents for anyone who cannot go home tonight

water | contamination scare | incident
org: {place} Water Company | {region_name} Public Health Authority
title: the managing director of the {org} | a spokes{man} for the {org} | the head of water quality at the {org}
expert: a microbiologist at the University of {place2} | a water safety consultant with {firm}
witness: a mother of three who lives near the reservoir | who runs a café on the high street | a retired chemist | a care home manager in {place}
contaminant: coliform bacteria | high levels of nitrates | traces of a pesticide | diesel fuel | an industrial solvent
cause: a burst sewage pipe near a reservoir | runoff from farmland after heavy rain | a fault at the treatment plant | a leak from a fuel depot
num: households 2000 60000 | days 2 10 | litres 20000 500000 | ill 3 80 | points 3 20 | times 2 4 | limit 2 6
head: {place} residents told to boil water after contamination
head: Tap water unsafe to drink in {place}, authorities say
head: {households} households in {place} without safe drinking water
head: Boil-water notice issued in {place} after {contaminant} found
head: {contaminant_title} in the water supply of {place}
lead: About {households} households in {place} were told on {weekday} not to drink tap water after tests found {contaminant} in the supply, the {org} said.
lead: Residents of {place} were ordered on {weekday} to boil their tap water before drinking it after {contaminant} was detected at a treatment plant, the {org} said.
lead: Tap water in {place} is unsafe to drink after {contaminant} was found in the supply, the {org} said on {weekday}.
ilead: Queues formed outside supermarkets in {place} on {weekday} as people stocked up on bottled water.
ilead: Cafés in {place} stopped serving coffee on {weekday} after the water supply was declared unsafe.
fact: The contamination was probably caused by {cause}, the {org} said. || Officials suspect {cause} was to blame. || Officials believe the source of the contamination was {cause}.
fact: The water company is handing out bottled water at {points} distribution points. || Bottled water is being given out free at {points} sites around the town. || Free bottled water is available at {points} distribution points across {place}.
fact: Doctors have seen {ill} people with stomach complaints but have not confirmed a link to the water. || Local doctors reported {ill} cases of stomach illness, though a connection with the supply is unproven. || Doctors are looking at {ill} cases of stomach illness but have not linked them to the water supply.
fact: The restrictions are expected to last at least {days} days. || It could be {days} days or longer before the water is safe to drink again. || The boil-water notice is expected to stay in place for at least {days} days.
fact: Schools and care homes in {place} were given priority deliveries. || Care homes and schools were first in line for deliveries, the {org} said. || Deliveries went first to schools and care homes across {place}.
fact: The {org} said it had distributed {litres} litres of bottled water by the evening. || By nightfall, about {litres} litres of water had been handed out. || About {litres} litres of bottled water had been handed out by the evening, the {org} said.
fact: Restaurants and cafés in {place} were told to use bottled water for cooking. || Food businesses in {place} were instructed to cook only with bottled water.
fact: The affected treatment plant supplies homes across the {region} as well as {place}. || The plant concerned also provides water to villages across the {region}.
fact: Samples have been sent to a laboratory in {place2}, with results expected on {weekday_next}. || Test results from a laboratory in {place2} are due on {weekday_next}.
fact: The {org} said customers would receive a discount of {pct}% on their next bill. || Customers in {place} are to get {pct}% off their next water bill, the company promised.
fact: It is the {ordinal} boil-water notice in {place} in {years_span} years. || The town has had to boil its water {times} times in the past {years_span} years.
fact: Supermarkets in {place} limited customers to {limit} packs of bottled water each. || Shops on {street} introduced a limit of {limit} packs of water per customer.
quote official: We are testing the water every few hours and will lift the warning as soon as it is safe | As soon as the first test came back, we told people not to drink the water | Our tests showed the problem within hours, and we acted on them straight away
quote witness: Nobody told us anything until a neighbour knocked on the door | I had already made tea for the children before I heard the warning | We have been boiling every kettle in the house since the morning
quote expert: Boiling the water kills bacteria, but it does nothing against chemicals, so people need clear advice | The question now is how long the contamination was in the supply before anyone noticed | Old pipes and heavy rain are a dangerous combination for any water network
iquote witness2: I have three small children, and I am scared to give them anything from the tap | The queue at the supermarket went round the block
iquote official: We apologise to our customers for the disruption | We understand the anger, and we will explain exactly what went wrong

theft | museum theft | incident
org: {place} City Police | {region_name} Police
title: a spokes{man} for the {org} | the detective leading the investigation for the {org} | the head of the {org}
museum: {place} Museum of Fine Arts | {name_a} Museum of History | {place} City Museum
expert: an art crime investigator with {firm} | a historian at the University of {place2}
witness: who walks past the museum every morning | a night porter at a nearby hotel | a guide who has worked at the museum for {wyears} years | who lives opposite the museum
item: a gold crown from the fourteenth century | three paintings by a Flemish master | a collection of ancient coins | a jewelled ceremonial sword | a silver altar cross | two illuminated manuscripts
entry: through a skylight | by forcing a back door | through a ventilation shaft | by smashing a ground-floor window
num: minutes 3 12 | visitors 20000 300000 | suspects 2 4 | times 2 4
amount: 2 90
head: Thieves raid {place} museum in night-time break-in
head: Treasures worth {amount} stolen from {place} museum
head: Police hunt gang after {place} museum theft
head: {item_title} stolen from {museum}
head: Night raid on {museum}: police search for {suspects} thieves
lead: Thieves broke into the {museum} in {place} early on {weekday} and stole {item} worth an estimated {amount}, police said.
lead: Burglars entered the {museum} {entry} on {weekday} night and escaped with {item}, police said.
lead: Police in {place} were searching on {weekday} for thieves who took {item} from the {museum}.
ilead: Police tape surrounded the {museum} in {place} on {weekday} as forensic officers searched the galleries.
ilead: Visitors arriving at the {museum} on {weekday} found its doors closed and a note saying the museum would not open.
fact: The thieves got in {entry} and were inside for less than {minutes} minutes, according to police. || Investigators believe the intruders entered {entry} and needed only {minutes} minutes. || Police said the thieves entered {entry} and spent less than {minutes} minutes inside.
fact: Security cameras recorded {suspects} people in dark clothing, police said. || Footage from security cameras shows {suspects} masked figures, according to the police. || Security cameras filmed {suspects} people dressed in dark clothes.
fact: The museum, which attracts about {visitors} visitors a year, will stay closed until further notice. || Normally visited by some {visitors} people a year, the museum has shut indefinitely. || About {visitors} people visit the museum each year; it is now closed until further notice.
fact: The theft was discovered by a security guard shortly before dawn on {weekday_next}. || A guard on the early shift at the {museum} noticed that the display cases had been emptied. || A security guard at the {museum} discovered the theft just before dawn.
fact: The stolen objects are so well known that they would be almost impossible to sell openly in the {region} or abroad. || Experts say the pieces taken from the {museum} are too famous to be sold on the open market. || Because the objects are so well known, selling them openly in the {region} or abroad would be almost impossible.
fact: Police have asked dealers and auction houses across the country to look out for {item}. || Antique dealers and auction houses have been alerted to the theft of {item}, the police said. || Dealers and auction houses across the country have been asked to watch out for {item}.
fact: The insurers of the {museum} have offered a reward of {amount2} for information. || A reward of {amount2} has been offered for information leading to the return of {item}.
fact: The thieves disabled part of the alarm system of the {museum} before breaking in, police believe. || Investigators think the alarm at the {museum} had been partly switched off before the break-in.
fact: A getaway car was found burnt out on {street} a few hours later. || Police found a burnt-out car on {street}, which they believe the thieves used.
fact: The collection of the {museum} was last valued for insurance in {year_past}. || The most recent insurance valuation of the pieces dates from {year_past}.
fact: The {museum} had planned to lend the objects to a museum in {place2} next spring. || The stolen items were due to go on loan to {place2} next spring.
fact: It was the {ordinal} museum theft in the {region} in {years_span} years. || Museums in the {region} have been targeted {times} times in the past {years_span} years.
quote official: This was a carefully planned operation, and the people who did it knew exactly what they wanted | We have several leads, and we are working closely with colleagues in other countries | We have closed the roads out of {place} and alerted the border police
quote witness: I never imagined something like this could happen in {place} | There were police cars everywhere when I opened my shop this morning | The alarm rang for a few minutes, and then everything was quiet again
quote expert: Objects like these are often stolen to order or held for ransom | These pieces are well documented, which makes them very hard to sell | Thieves who take famous pieces often hope to negotiate a ransom with the insurers
iquote witness2: I heard a car speed off, but I thought nothing of it | There was a van parked outside the museum all evening
iquote official: We are asking anyone who saw anything unusual in the area to contact us | Every border crossing has been given descriptions of the stolen items

final | cup final | news
org: {region_name} Football Association | {team}
title: the coach of {team} | the captain of {team} | the chairman of {team}
expert: a football commentator for {name_b} Radio | a former national team coach
witness: a season ticket holder for {wyears} years | who travelled from {place} with {his} children | a barman near the stadium | a supporter who has not missed a home game in years
team: {place} United | {place} Athletic | {place} Rovers | Sporting {place}
subject_role: the {team} striker | the {team} forward
loser: {place2} City | {place2} Wanderers | Real {place2} | {place2} Town
venue: the {name_a} Arena | {name_b} Park | the National Stadium | the {name_a} Stadium
score: 2-1 | 3-1 | 1-0 | 2-0 | 3-2 | 4-2
num: attendance 12000 68000 | minute 52 89 | years_wait 8 60 | coach_months 4 20 | arrests 2 15 | ticket_hours 2 30 | left 3 25
head: {team} beat {loser} to win the cup
head: {subject} scores the winner as {team} lift the cup
head: {team} end {years_wait}-year wait for a trophy
head: {subject} the hero as {team} win {score}
head: Cup glory for {team} at {venue}
lead: {team} beat {loser} {score} in the cup final at {venue} on {weekday}, winning their first trophy in {years_wait} years.
lead: A goal from {subject} after {minute} minutes gave {team} a {score} victory over {loser} in the cup final on {weekday}.
lead: {team} are cup winners after beating {loser} {score} at {venue} on {weekday}, ending a {years_wait}-year wait for a trophy.
ilead: Thousands of fans filled the streets of {place} on {weekday} night to celebrate the cup win.
ilead: Car horns sounded across {place} late on {weekday} as supporters celebrated the first trophy of the club in years.
fact: The match was watched by {attendance} spectators at {venue}. || A crowd of {attendance} saw the game at {venue}. || There were {attendance} spectators at {venue} for the match.
fact: {subject}, who joined the club from {loser} last year, scored after {minute} minutes. || The decisive goal came from {subject} after {minute} minutes. || After {minute} minutes, {subject}, signed from {loser} last year, scored the winning goal.
fact: It was the first major trophy for the club in {years_wait} years. || The club had waited {years_wait} years for a major title. || The club last won a major trophy {years_wait} years ago.
fact: The win earns {team} a place in continental competition next season. || As cup winners, {team} qualify for European competition next season. || Winning the cup means {team} will play in European competition next season.
fact: {loser} had a goal ruled out for offside in the first half. || In the first half, the referee disallowed a goal by {loser} for offside. || A first-half goal for {loser} was disallowed for offside.
fact: The team will parade the trophy through {place} on {weekday_next}. || A victory parade is planned in {place} for {weekday_next}. || {team} will parade the cup through the streets of {place} on {weekday_next}.
fact: {loser} hit the post twice in the second half. || Twice in the second half, {loser} struck the woodwork.
fact: The coach of {team}, in charge for only {coach_months} months, was carried shoulder-high by the players. || Players lifted their coach, appointed just {coach_months} months ago, onto their shoulders.
fact: Police said the celebrations in {place} passed off largely peacefully, with {arrests} arrests. || There were {arrests} arrests during the celebrations in {place}, police said, but no serious trouble.
fact: Tickets for the final at {venue} sold out within {ticket_hours} hours. || All tickets for the game at {venue} were gone {ticket_hours} hours after going on sale.
fact: The {team} goalkeeper saved a penalty with {left} minutes remaining. || With {left} minutes to go, a penalty by {loser} was saved.
fact: {subject} was named player of the match. || The player-of-the-match award went to {subject}.
quote official: I told the players at half-time that this was the game of their lives | The players gave everything, and the fans carried us through the last ten minutes | This group of players has written itself into the history of the club
quote witness: My father brought me to every match, and he would have loved to see this | I cried when the whistle went, and I am not ashamed to say it | The whole of {place} is out on the streets tonight, young and old
quote subject: I have dreamed of this moment since I was a child | When the ball went in, I could not hear anything but the crowd | I dedicate this goal to my family, who came all the way from {place2}
iquote witness2: I have been coming here since I was six, and I never thought I would see this | I have waited my whole life to see this team win something
iquote expert: Nobody expected them to reach the final, let alone win it | The coach got every decision right in the second half

fossil | fossil discovery | news
org: University of {place} | {place} Natural History Museum
title: a palaeontologist at the {org} who led the study | the director of the {org} | a researcher at the {org}
expert: a palaeontologist at the University of {place2} | a curator at the {name_b} Museum
witness: an amateur fossil collector | a worker who was driving an excavator | a schoolteacher out walking {his} dog | a farmer who owns the land
creature: a dinosaur | a giant crocodile | an early whale | a flying reptile | a sabre-toothed cat | a prehistoric turtle
site: a quarry | a motorway construction site | a cliff face after a storm | a farmer's field | a clay pit
num: million_years 5 180 | length_m 2 14 | bones 40 300 | years_dig 1 6 | researchers 4 30 | skull_kg 3 90
head: Scientists find {million_years}-million-year-old fossil near {place}
head: Rare fossil skeleton unearthed in {place}
head: Fossil find near {place} may be a new species, researchers say
head: Skeleton of {creature} found at {site} near {place}
head: {length_m}-metre prehistoric animal dug up near {place}
lead: Scientists have found the nearly complete skeleton of {creature} that lived {million_years} million years ago at {site} near {place}, the {org} said on {weekday}.
lead: Researchers from the {org} said on {weekday} that fossils dug up at {site} near {place} belong to {creature} that may be a previously unknown species.
lead: A fossil skeleton found at {site} near {place} belongs to {creature} that lived {million_years} million years ago, scientists at the {org} said on {weekday}.
ilead: For {years_dig} years, a small team worked quietly at {site} outside {place}; on {weekday}, they revealed what they had found.
ilead: The bones lay hidden in the rock near {place} for {million_years} million years before a chance discovery.
fact: The animal measured about {length_m} metres from head to tail. || Researchers estimate the creature was some {length_m} metres long. || From head to tail, the animal was about {length_m} metres long.
fact: The team has recovered {bones} bones so far. || So far, {bones} separate bones have been lifted out of the ground. || So far the team has recovered {bones} bones.
fact: The fossil was first spotted by {witness} in {year_past}. || It was {witness} who noticed the first bone back in {year_past}. || {witness} found the first bone in {year_past}.
fact: The findings were published on {weekday} in a scientific journal. || A paper describing the find appeared in a peer-reviewed journal on {weekday}. || The research appeared in a scientific journal on {weekday}.
fact: The skeleton will go on display at the museum in {place} next year. || Plans are in place to show the bones to the public at the museum in {place} next year. || The bones are to be displayed at the museum in {place} next year.
fact: A team of {researchers} researchers from four countries worked on the excavation. || The dig involved {researchers} scientists from several countries. || The excavation brought together {researchers} researchers from four countries.
fact: Tests on the rock around the bones near {place} dated them to about {million_years} million years ago. || Dating of the rock layers at {site} puts the fossil at roughly {million_years} million years old.
fact: The skull alone weighs about {skull_kg} kilograms. || The skull of the animal on its own is around {skull_kg} kg.
fact: Marks on one of the bones found near {place} suggest the animal was attacked by a predator. || One bone bears what look like bite marks from a predator, researchers at the {org} said.
fact: The dig near {place} will resume in {month_next}, when the team hopes to recover the tail. || Excavation at {site} is due to start again in {month_next} in search of the tail.
fact: The landowner has agreed to donate the fossil to the {org}. || The owner of the site near {place} will give the skeleton to the {org}, the researchers said.
fact: Scientists have proposed a name for the species that refers to the {river}. || The proposed scientific name honours the {river}, near where the bones were found.
quote official: Finding a skeleton this complete is extremely rare, maybe once in a career | We have only begun to study the skull, and it is already surprising us | Every bone we lift out of the ground tells us something new
quote witness: I thought it was an old tree root until I saw the teeth | I almost drove the excavator straight over it | We have been walking our dogs past that spot for years without knowing
quote expert: If confirmed, this would change what we know about how these animals spread across the continent | Specimens from this period are scarce, so every new skeleton fills a real gap | The condition of the bones is remarkable for an animal this old
iquote witness2: Children in the village talk about nothing else | The whole village came out to watch when they lifted the skull
iquote official: There are almost certainly more bones still in the ground | We will be digging here for at least another two summers

outage | power cut | incident
org: {region_name} Power Company | {place} Electricity Network
title: the operations director of the {org} | a spokes{man} for the {org} | the chief engineer of the {org}
expert: an energy systems researcher at the University of {place2} | a grid analyst at {firm}
witness: who runs a butcher's shop on the high street | a mother who was cooking dinner when the lights went out | a taxi driver | the owner of a small hotel
cause: a fire at a substation | a fault in an underground cable | storm damage to overhead lines | a failure at the main transformer | a digger cutting through a high-voltage cable
num: customers 5000 200000 | hours 2 30 | traffic_lights 20 300 | generators 3 40 | comp_hours 6 12 | lift_people 3 30 | substations 2 9
head: Power cut leaves {customers} homes in {place} without electricity
head: Blackout hits {place} for {hours} hours
head: {place} plunged into darkness by power failure
head: {cause_title} cuts power to {customers} homes in {place}
head: Lights out in {place} after {substations} substations fail
lead: About {customers} homes and businesses in {place} lost power on {weekday} after {cause}, the {org} said.
lead: A power failure caused by {cause} cut electricity to large parts of {place} for up to {hours} hours on {weekday}, the {org} said.
lead: Large parts of {place} were left without electricity on {weekday} after {cause}, the {org} said.
ilead: Shops in {place} closed early on {weekday} and police directed cars at dark junctions as the power went out.
ilead: Candles and torches sold out in {place} on {weekday} night as much of the town remained without electricity.
fact: Power was restored to most customers after {hours} hours. || Most households had electricity again {hours} hours later. || After {hours} hours, electricity was back for most customers.
fact: About {traffic_lights} sets of traffic lights stopped working, causing long jams. || With roughly {traffic_lights} traffic lights out of action, the roads quickly clogged. || Around {traffic_lights} traffic lights went dark, and long queues formed on the roads.
fact: The hospital in {place} switched to backup generators, and no patients were affected. || The local hospital ran on emergency generators, and patients were not put at risk, the {org} said. || The {place} hospital ran on backup generators, and patients were not affected.
fact: The {org} sent {generators} mobile generators to care homes and other vulnerable sites. || Care homes were supplied with {generators} portable generators by the network operator. || The {org} supplied {generators} mobile generators to care homes and other vulnerable sites.
fact: Customers who lost power for more than {comp_hours} hours will be entitled to compensation. || Compensation will be paid to anyone left without power for longer than {comp_hours} hours. || Customers left without power for over {comp_hours} hours can claim compensation.
fact: Trains on the line to {place2} were halted for part of the evening. || Rail services to {place2} were also suspended for several hours. || Trains to {place2} were stopped for part of the evening.
fact: Mobile phone networks in {place} were disrupted because many masts had no backup power. || Phone signal dropped across {place} as masts without backup batteries went dark.
fact: Engineers from {place2} were called in to repair the damaged equipment. || The {org} brought in engineers from {place2}.
fact: Firefighters in {place} rescued {lift_people} people from lifts stuck between floors. || Firefighters freed {lift_people} people who had been trapped in lifts.
fact: The {org} said the fault affected {substations} substations. || According to the {org}, {substations} substations went offline.
fact: Shops on {street} reported losing a full day of trade. || Traders on {street} said they had lost a day's takings.
fact: Pumping stations in {place} switched to diesel generators to keep water supplies running. || Diesel generators kept the water pumps of {place} going.
quote official: We understand how difficult this has been, and our engineers worked through the night | The fault was in a part of the network that had passed its last check | We restored power to hospitals and care homes first, and then to everyone else
quote witness: All the food in the freezer is ruined, and nobody can tell us who will pay | The lifts stopped, and we had to help an old neighbour down eight floors | The whole street went dark at once, and it was strangely quiet
quote expert: Much of the network was built in the 1970s, and it needs serious investment | Networks are more fragile than people think, and one fault can cascade very quickly | Backup systems are only as good as the last time anyone tested them
iquote witness2: We sat in the dark and played cards with the children | Our freezer was full for the holidays, and now it is all ruined
iquote official: The network is stable now, but we are monitoring it closely | We will look at why the backup supply failed

housing | housing plan | news
org: {place} City Council | {place} Planning Committee
title: the head of planning at the {org} | a spokes{man} for the {org} | the chair of the {org}
expert: an urban planner at the University of {place2} | a housing economist at {firm}
witness: who lives next to the site | a member of a residents' group that opposed the plan | a young teacher who rents a flat in {place} | a builder from {place}
site: a former army barracks | old railway yards | farmland on the edge of town | a disused paper mill | the former {name_b} brewery
developer: {name_a} Homes | {name_a} Developments | {name_b} Builders
num: homes 300 4000 | affordable 20 45 | votes_for 12 25 | votes_against 3 11 | years_build 4 12 | schools 2 4 | site_ha 10 120 | signatures 800 12000 | move_years 2 4
amount: 60 900
head: {place} council backs plan for {homes} homes
head: Thousands of new homes approved for {place}
head: Plan for {homes} homes in {place} wins approval despite protests
head: {developer} wins approval for {homes} homes on {site}
head: {place} votes {votes_for} to {votes_against} for new estate
lead: The {org} approved plans on {weekday} to build {homes} homes on {site} in {place}, the biggest housing project in the history of the town.
lead: Councillors in {place} voted on {weekday} to allow {developer} to build {homes} homes on {site}, despite objections from residents.
lead: Plans for {homes} new homes on {site} in {place} were approved by the {org} on {weekday}.
ilead: Residents who packed the public gallery in {place} on {weekday} booed as councillors voted through a major housing plan.
ilead: After two years of debate, {place} has decided where thousands of new residents will live.
fact: The vote was {votes_for} to {votes_against}. || Councillors backed the plan by {votes_for} votes to {votes_against}. || Councillors voted {votes_for} in favour and {votes_against} against.
fact: The developer has agreed that {affordable}% of the homes will be affordable housing. || Under the deal, {affordable}% of the properties must be offered at below-market prices. || Under the terms agreed with the developer, {affordable}% of the homes will be affordable.
fact: The project also includes {schools} new schools, a health centre and a park. || Plans include a health centre, a park and {schools} schools. || As well as homes, the plan includes {schools} schools, a health centre and a park.
fact: Building work is due to start next year and take about {years_build} years. || Construction should begin next year and last around {years_build} years. || Work should start next year and take about {years_build} years to finish.
fact: Opponents say the roads around {site} cannot cope with more traffic. || Critics argue that roads in {place} are already congested. || Opponents argue that the roads near {street} cannot take more traffic.
fact: The plan was submitted by {developer}, which will invest about {amount}. || {developer} plans to spend roughly {amount} on the scheme. || {developer} expects to invest about {amount} in the project.
fact: The site in {place} covers about {site_ha} hectares. || The development will occupy some {site_ha} hectares of land.
fact: A petition against the plan gathered {signatures} signatures. || Opponents of the plan in {place} collected {signatures} signatures.
fact: A new bus line will connect the estate to the railway station in {place}. || Plans include a bus route linking the new homes with the station in {place}.
fact: Average house prices in {place} have risen by {pct}% in five years. || In the past five years, the average home in {place} has become {pct}% more expensive.
fact: Campaigners in {place} said they would ask the courts to review the decision. || Opponents of the {developer} scheme are considering a legal challenge, their lawyers said.
fact: The first residents could move in within {move_years} years, the {org} said. || The first homes on the site should be ready in {move_years} years.
quote official: {place} needs homes that young families can afford, and this plan delivers them | The plan includes schools and a health centre, so the town grows with its people | This decision was not taken lightly, and we listened to every objection
quote witness: Nobody is against new homes, but they are building them on the only green space we have left | We will lose the fields where our children play, and nobody asked us | The traffic on {street} is already terrible, and this will make it worse
quote expert: Towns across the region face the same choice between growth and congestion | The share of affordable homes is higher than in most projects of this size | Building near the railway station is the only way the town can grow without more cars
iquote witness2: My son is thirty and still lives with us because he cannot afford to rent | Young people leave {place} because they cannot afford to stay
iquote politician: We will continue to fight this decision | The council ignored thousands of residents who signed the petition

cyberattack | cyberattack | incident
org: {place} City Council | {place} Regional Hospital | {place} Water and Gas Utility
title: the chief information officer of the {org} | a spokes{man} for the {org} | the chief executive of the {org}
expert: a cyber security researcher at the University of {place2} | a security consultant with {firm}
witness: who came to pay a bill | a nurse at the hospital | a local business owner | who had an appointment that day
systems: its payment and billing systems | patient records and appointment systems | its email and phone lines | the computers that run its ticket machines
ransom: a ransom in cryptocurrency | a payment of {amount} in bitcoin
num: days 2 12 | computers 200 5000 | records 5000 400000 | deadline_hours 24 96 | staff_it 4 60
amount: 0.5 8
head: Cyberattack knocks out systems in {place}
head: Hackers demand ransom from the {org}
head: {org} hit by ransomware attack
head: {org} systems down after hackers strike
head: Ransomware attack hits public services in {place}
lead: A cyberattack on the {org} shut down {systems} on {weekday}, and the hackers have demanded {ransom}, officials said.
lead: The {org} was hit by a ransomware attack on {weekday} that disabled {systems}, officials said.
lead: Hackers broke into the computer systems of the {org} on {weekday}, disabling {systems}, officials said.
ilead: Staff at the {org} went back to pen and paper on {weekday} after hackers locked their computers.
ilead: Long queues formed at public offices in {place} on {weekday} as staff struggled without their computer systems.
fact: About {computers} computers were affected, and staff shut down the network to stop the attack spreading. || Technicians disconnected the whole network after roughly {computers} machines were infected. || Roughly {computers} computers were hit, and the network was shut down to contain the attack.
fact: Officials at the {org} said they had not paid the ransom and did not intend to. || The {org} said it would not pay the hackers. || The ransom has not been paid and will not be, officials in {place} said.
fact: The personal data of up to {records} people may have been stolen. || Information on as many as {records} people could have been taken. || Personal details of as many as {records} people may have been stolen.
fact: The police and the national cyber security agency are investigating the attack on the {org}. || Police and national cyber security specialists have opened an investigation in {place}. || The {place} police are investigating together with the national cyber security agency.
fact: Full service is not expected to return for at least {days} days. || It may take {days} days or more to restore all systems. || Restoring all services could take {days} days or more.
fact: It was the {ordinal} such attack on a public body in the {region} this year. || Several public bodies in the {region} have been attacked in the same way this year. || This year, the {region} has seen several similar attacks on public bodies.
fact: The attackers left a message on staff screens at the {org} giving a deadline of {deadline_hours} hours. || A note on infected computers set a {deadline_hours}-hour deadline for payment.
fact: Emergency services in {place} were not affected, officials said. || Calls to emergency services in {place} went through as normal.
fact: Residents of {place} were warned to watch out for emails asking for bank details. || The {org} advised people to be wary of messages asking for passwords or bank details.
fact: The {org} has {staff_it} staff in its IT department. || Only {staff_it} people work in the IT department of the {org}.
fact: Backups kept on a separate system were not affected, according to the {org}. || Officials in {place} said backup copies stored elsewhere had survived the attack.
fact: The attack began shortly after midnight on {weekday_prev}, according to the {org}. || Investigators believe the hackers got into the network of the {org} late on {weekday_prev}.
quote official: We took the network offline immediately to protect the data of the people we serve | We have brought in outside experts to find out how the attackers got in | No ransom will be paid, because paying only encourages the next attack
quote witness: I came to pay my bill, and they told me to come back next week | The staff were writing everything down on paper, and the queue went out the door | They had to write my prescription by hand, which I have not seen in years
quote expert: Public bodies are attractive targets because they often run old systems and cannot afford long outages | Attacks like this usually begin with a single email that somebody opened | Criminal groups are now going after smaller public bodies, because they are easier targets
iquote witness2: Nobody could tell me whether my details had been stolen | I waited two hours for an appointment that never came
iquote official: We are working around the clock to restore services | We will tell people directly if their data was affected

ferry | ferry accident | incident
org: {region_name} Coastguard | {place} Maritime Authority
title: a spokes{man} for the {org} | the rescue coordinator of the {org} | the head of the {org}
expert: a maritime safety researcher at the University of {place2} | a former ferry captain who advises {firm}
witness: a passenger travelling with {his} family | a lorry driver on board | who watched the rescue from the harbour wall | a fisherman who helped bring passengers ashore
vessel: the ferry {name_b} | the passenger ferry {name_b} Star | the car ferry {name_a} Spirit
spot: a sandbank outside the harbour of {place} | rocks near {name_b} Point | the harbour wall at {place}
num: passengers 60 700 | crew 8 40 | hours 2 12 | boats 3 15 | cars 20 160 | injured 2 20 | captain_years 5 30 | refit_years 2 9
head: Ferry runs aground off {place} with {passengers} passengers on board
head: Passengers rescued after ferry hits rocks near {place}
head: Coastguard rescues ferry passengers off {place}
head: {passengers} passengers taken off stranded ferry near {place}
head: {vessel_title} runs aground off {place}
lead: A ferry carrying {passengers} passengers and {crew} crew ran aground on {spot} on {weekday}, the {org} said.
lead: Rescuers took {passengers} passengers off {vessel} on {weekday} after it struck {spot} in strong winds, the {org} said.
lead: The coastguard rescued {passengers} passengers from {vessel} on {weekday} after the ferry ran aground on {spot}, the {org} said.
ilead: Passengers wrapped in blankets stepped onto the quay at {place} on {weekday} after hours stranded on a grounded ferry.
ilead: Lifeboats shuttled between the shore and a stricken ferry off {place} for most of {weekday}.
fact: All passengers were brought ashore within {hours} hours, and {injured} were treated for minor injuries. || It took {hours} hours to get everyone off the vessel; {injured} people needed treatment for minor injuries. || It took {hours} hours to bring everyone ashore; {injured} people were treated for minor injuries.
fact: The rescue involved {boats} lifeboats and a helicopter. || A helicopter and {boats} lifeboats were sent to help. || A helicopter and {boats} lifeboats joined the rescue.
fact: The ferry was also carrying {cars} cars and several lorries. || Besides the passengers, there were {cars} cars and a number of lorries on board. || There were also {cars} cars and several lorries on board.
fact: Divers found a hole in the hull of {vessel} below the waterline, but no fuel has leaked. || An inspection by divers revealed damage to the hull of {vessel}, though no fuel spill has been detected. || Divers found damage to the hull below the waterline, but no fuel has escaped into the sea off {place}.
fact: The operator cancelled all sailings between {place} and {place2} until further notice. || Crossings to {place2} have been suspended indefinitely. || All sailings between {place} and {place2} have been cancelled until further notice.
fact: Winds were gusting at up to {gust} kilometres an hour when the ferry hit the rocks. || Gusts reached {gust} km/h at the time of the accident, forecasters said. || At the time of the accident, gusts reached {gust} kilometres an hour.
fact: The ferry was on its way from {place2} to {place} when it lost steering. || The vessel, sailing from {place2}, reported a steering failure shortly before it hit {spot}.
fact: Tugs will try to refloat {vessel} at high tide on {weekday_next}. || An attempt to pull the ferry free with tugs is planned for high tide on {weekday_next}.
fact: Passengers spent the night in hotels in {place} at the expense of the operator. || The operator paid for hotel rooms in {place} for stranded passengers.
fact: The captain has {captain_years} years of experience on the route to {place2}. || The captain of {vessel} has sailed the route for {captain_years} years.
fact: The ferry was built in {year_past} and refitted {refit_years} years ago. || Built in {year_past}, {vessel} had a major refit {refit_years} years ago.
fact: An oil boom has been placed around {vessel} as a precaution. || Crews surrounded the vessel with a floating barrier off {place} in case fuel escapes.
quote official: The crew did an excellent job of keeping everyone calm | Everyone on board is accounted for, and that is what matters tonight | The coastguard had boats alongside within twenty minutes
quote witness: There was a huge jolt, and people fell over in the cafeteria | The children were frightened, but the crew kept talking to them the whole time | My daughter kept asking if the ship was going to sink
quote expert: The entrance to that harbour is notoriously difficult in a strong crosswind | Ferries on that route have had close calls before, and this should prompt a review | Investigators will look at the engines, the weather and the decisions made on the bridge
iquote witness2: We were told to put on life jackets, and then we just waited | The crew handed out blankets and kept everyone calm
iquote official: We will look very carefully at how this happened | An investigation into the grounding has already begun
"""


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of event: its vocabulary, numbers and sentences (see ``_KINDS_TEXT``)."""

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


KINDS = tuple(_parse_kind(block) for block in _KINDS_TEXT.strip().split("\n\n"))


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
    kind = rng.choice(KINDS)
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


def _scene(rng: random.Random, independent: bool = False) -> str:
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
    return rng.choice(INDEPENDENT_SCENES if independent else SCENES).format_map(parts)


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


def independent(event: Event, rng: random.Random, fresh: Fresh) -> Draft:
    """Another reporter's article on the same event: some of its facts in other words, the
    reporter's own scenes and quotes, and now and then the line everyone took down."""
    kind = event.kind
    chosen = rng.sample(range(len(kind.facts)), rng.randint(2, 4))
    plan: list[_Plan] = []
    for i in chosen:
        others = [w for k, w in enumerate(kind.facts[i]) if k != event.wording[i]]
        plan.append(("text", rng.choice(others)))
    extras = [_scene(rng, independent=True) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.5:
        extras.append(rng.choice(INDEPENDENT_CONTEXT))
    for text in extras:
        plan.insert(rng.randrange(len(plan) + 1), ("text", text))
    quotes = list(rng.sample(event.iquotes, rng.randint(1, len(event.iquotes))))
    if rng.random() < 0.7:
        quotes.append(("witness2", _generic_quote("witness", kind.incident, rng)))
    if rng.random() < 0.3:
        quotes.append(rng.choice(event.quotes))
    _add_quotes(plan, quotes, rng)
    if rng.random() < 0.5:
        plan.append(("text", rng.choice(INDEPENDENT_TAIL_INCIDENT if kind.incident else INDEPENDENT_TAIL)))
    other = rng.choice([a for a in AGENCIES if a != event.facts["agency"]])
    credit = other if rng.random() < 0.5 else None
    lead = (_dateline(event, other) if credit else "") + event.fill(rng.choice(kind.ileads))
    lines = [Line(text, next(fresh)) for text in (lead, *_write(plan, event, rng, None))]
    head = rng.choice([h for k, h in enumerate(kind.heads) if k != event.head])
    return Draft(event.fill(head), _paragraphs(lines, rng), credit)


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
