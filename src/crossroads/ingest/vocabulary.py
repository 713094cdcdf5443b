"""The words the extractor reads partner pages by, in English and French.

Everything language-specific lives here, so that reading another language means adding
words, not rules. Patterns are compiled case-insensitively unless they say otherwise.
"""

from __future__ import annotations

import re

#: Labels of fields, as partner sites print them ("Starts: Feb 27, 2019"), by field.
LABELS: dict[str, tuple[str, ...]] = {
    "start": (
        "starts",
        "start",
        "start date",
        "begins",
        "from",
        "date",
        "dates",
        "when",
        "event date",
        "début",
        "date de début",
        "du",
        "quand",
    ),
    "end": ("ends", "end", "end date", "until", "to", "fin", "date de fin", "jusqu'au", "au"),
    "time": ("time", "times", "hours", "heure", "heures", "horaire", "horaires"),
    "location": (
        "location",
        "venue",
        "where",
        "place",
        "event location",
        "lieu",
        "localisation",
        "où",
        "adresse",
    ),
    "by": (
        "by",
        "organiser",
        "organisers",
        "organizer",
        "organizers",
        "organised by",
        "organized by",
        "hosted by",
        "host",
        "hosts",
        "par",
        "organisé par",
        "organisée par",
        "organisateur",
        "organisateurs",
        "organisatrice",
    ),
    "partners": (
        "partners",
        "partner",
        "in partnership with",
        "with the support of",
        "funded by",
        "partenaires",
        "partenaire",
        "en partenariat avec",
        "avec le soutien de",
    ),
    "published": (
        "published",
        "posted",
        "posted on",
        "published on",
        "date published",
        "publié",
        "publié le",
        "date de publication",
    ),
    "tags": ("tags", "topics", "mots-clés", "étiquettes", "thèmes"),
    "type": ("type", "event type", "news type", "type d'événement", "catégorie"),
}

#: Lines that are a site's furniture, not content ("Share", "Related Items").
CHROME = frozenset(
    {
        "share",
        "share this",
        "follow us",
        "follow us on",
        "or combine different search criteria",
        "combine different search criteria",
        "search",
        "print",
        "read more",
        "more events",
        "more news",
        "related items",
        "related events",
        "related news",
        "related content",
        "event info",
        "event information",
        "event date",
        "event location",
        "news info",
        "news type",
        "back to top",
        "skip to main content",
        "skip to content",
        "main menu",
        "menu",
        "home",
        "partager",
        "aller au contenu",
        "aller au contenu principal",
        "suivez-nous",
        "suivez-nous sur",
        "imprimer",
        "lire la suite",
        "plus d'événements",
        "articles liés",
        "contenus liés",
        "informations",
        "rechercher",
    }
)

#: Chrome that tells the kind of page it sits on.
KIND_CHROME = {
    "event": frozenset({"event info", "event information", "event date", "event location"}),
    "news": frozenset({"news info", "news type", "more news", "related news"}),
}

#: Nouns that make a page about a gathering: "This workshop brings together…".
EVENT_NOUNS = (
    r"event|workshop|meeting|conference|webinar|seminar|forum|summit|session|side[- ]event|"
    r"training|peer[- ]learning|round ?table|panel|consultation|hub meeting|dialogue|"
    r"événement|evenement|atelier|réunion|conférence|webinaire|séminaire|sommet|"
    r"formation|table ronde|rencontre|consultation"
)
#: A page announcing a gathering names it near the start ("host a peer-learning event",
#: "This workshop brings together") or announces it with a label.
EVENT_ANNOUNCEMENT = re.compile(
    rf"\b(?:this|the|a|an|ce|cet|cette|un|une|l')\s*(?:[\w-]+\s+){{0,3}}?(?:{EVENT_NOUNS})\b"
    r"(?!\s+(?:of|de|du)\b)",
    re.IGNORECASE,
)
#: A title that starts by naming a gathering: "Workshop: …", "Journée d'échanges à Sfax".
EVENT_TITLE = re.compile(
    rf"^\W*(?:(?:regional|national|international|annual|online|régional|régionale|"
    rf"annuel|annuelle)\s+)?(?:{EVENT_NOUNS}|journée d'(?:échanges?|étude))\b(?!\s+(?:of|de|du)\b)",
    re.IGNORECASE,
)
#: The opening words of a title naming an event's type: "[SIDE EVENT] …".
TITLE_TYPE = re.compile(r"^\s*[\[(]([^\])]{2,40})[\])]\s*")

#: Words for taking part online, and for both ways at once.
VIRTUAL = re.compile(
    r"\b(?:virtual(?:ly)?|online|on-line|webinar|zoom|teams|remote(?:ly)?|en ligne|"
    r"virtuel(?:le)?|à distance|webinaire|visioconférence)\b",
    re.IGNORECASE,
)
HYBRID = re.compile(
    r"\b(?:hybrid|hybride)\b|\bwith virtual connections?\b|\bin person and online\b|"
    r"\bet en ligne\b|\bavec (?:des )?connexions? (?:virtuelles?|à distance)\b",
    re.IGNORECASE,
)
#: "Location: Virtual" — a place that is only online.
ONLY_VIRTUAL = re.compile(
    r"^\s*(?:virtual|online|on-line|webinar|zoom|en ligne|virtuel(?:le)?|à distance|"
    r"visioconférence)(?:\s+(?:event|only|meeting|événement|uniquement))?\s*\.?\s*$",
    re.IGNORECASE,
)

#: Verbs by which a page says who organises ("IGAD and Cities Alliance … host …").
ORGANISING_VERBS = re.compile(
    r"\b(?:host|hosts|hosted|co-host|co-hosts|organi[sz]e|organi[sz]es|co-organi[sz]es?|"
    r"convene|convenes|invite|invites|hold|holds|launch|launches|present|presents|"
    r"accueille|accueillent|organise|organisent|co-organisent|convient|invitent|"
    r"lancent|tiennent|présentent)\b",
    re.IGNORECASE,
)
#: "hosted by X", "organisé par X".
ORGANISED_BY = re.compile(
    r"\b(?:organi[sz]ed|hosted|convened|co-organi[sz]ed|co-hosted|organisée?s?|accueillie?s?|"
    r"co-organisée?s?)\s+(?:jointly\s+|conjointement\s+)?(?:by|par)\b",
    re.IGNORECASE,
)
#: What introduces partners ("in partnership with", "en partenariat avec").
PARTNERSHIP = re.compile(
    r"\b(?:in partnership with|in collaboration with|with the support of|supported by|"
    r"funded by|with funding from|en partenariat avec|en collaboration avec|"
    r"avec le soutien d[eu]|avec l'appui d[eu]|financée? par)\b\s*:?",
    re.IGNORECASE,
)

#: How a page says what larger event it belongs to.
PART_OF = re.compile(
    r"\b(?:(?:is|are|was|were|will be)\s+(?:an?\s+)?(?:official\s+)?(?:part|side[- ]event)\s+of|"
    r"(?:held|organi[sz]ed|taking place|takes place|will take place)\s+"
    r"(?:during|at|as part of|on the (?:margins|sidelines) of|in the framework of)|"
    r"on the (?:margins|sidelines) of|as part of|"
    r"(?:fait|font) partie d[eu]s?|dans le cadre d[eu]s?|en marge d[eu]s?|"
    r"(?:organisée?|tenue?) (?:lors|au cours) d[eu]s?)\s+(?:the\s+|la\s+|le\s+|l')?",
    re.IGNORECASE,
)

#: Words in an organisation's name (to accept one the directory does not know yet:
#: "Full Name (ACRONYM)").
ORGANISATION_WORDS = re.compile(
    r"\b(?:organi[sz]ation|agency|cent(?:er|re)|council|authority|union|fund|bank|ministry|"
    r"institute|university|association|federation|commission|committee|foundation|"
    r"secretariat|government|municipality|alliance|coalition|society|"
    r"agence|conseil|autorité|fonds|banque|ministère|institut|université|fédération|"
    r"comité|fondation|secrétariat|gouvernement|municipalité|commune)\b",
    re.IGNORECASE,
)

#: Ordinals before a name make it an edition of an event ("the 13th Global Forum").
ORDINAL = re.compile(
    r"^(?:\d+(?:st|nd|rd|th|e|er|ère|ème)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|premier|première|deuxième|troisième)$",
    re.IGNORECASE,
)

#: Nouns of documents, and the role each gives a document.
DOCUMENT_NOUNS: dict[str, str] = {
    "flyer": "flyer",
    "leaflet": "flyer",
    "brochure": "flyer",
    "dépliant": "flyer",
    "affiche": "flyer",
    "poster": "flyer",
    "agenda": "agenda",
    "programme": "agenda",
    "ordre du jour": "agenda",
    "concept note": "concept_note",
    "note conceptuelle": "concept_note",
    "report": "report",
    "rapport": "report",
    "policy brief": "report",
    "note d'orientation": "report",
    "guidance note": "report",
    "study": "report",
    "étude": "report",
    "presentation": "presentation",
    "présentation": "presentation",
    "slides": "presentation",
    "minutes": "report",
    "compte rendu": "report",
    "summary": "report",
    "synthèse": "report",
}
DOCUMENT_NOUN = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, DOCUMENT_NOUNS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
#: "a policy brief entitled X", "un rapport intitulé X".
ENTITLED = re.compile(
    rf"\b(?:{DOCUMENT_NOUN.pattern[2:-2]})\s+(?:entitled|titled|called|intitulée?)\s*:?\s*",
    re.IGNORECASE,
)
#: "Download the concept note", "Télécharger le programme": a document offered.
DOWNLOAD = re.compile(
    r"^(?:download|télécharger|téléchargez)\s*:?\s+(?:the\s+|our\s+|le\s+|la\s+|les\s+|l')?",
    re.IGNORECASE,
)
#: A file's format after its name: "(PDF)", "[PDF, 2 MB]", "(docx, 350 KB)".
FILE_FORMAT = re.compile(
    r"\s*[\[(]\s*(?:pdf|docx?|pptx?|odt|xlsx?)\b[^\])]*[\])]\s*$", re.IGNORECASE
)
#: Announced, not available: "Agenda (Coming Soon)".
NOT_YET = re.compile(
    r"\b(?:coming soon|to be announced|tba|tbc|forthcoming|à venir|bientôt disponible)\b",
    re.IGNORECASE,
)
#: A language named beside a document: "Flyer [EN]", "Rapport (FR)", "Report – English".
DOCUMENT_LANGUAGE = re.compile(
    r"\s*[\[(]\s*(en|fr|ar|es|pt|de|it|english|french|arabic|anglais|français|arabe)\s*[\])]"
    r"\s*$",
    re.IGNORECASE,
)
LANGUAGE_NAMES = {
    "english": "en",
    "anglais": "en",
    "french": "fr",
    "français": "fr",
    "arabic": "ar",
    "arabe": "ar",
}

#: The global frameworks (codes as in SCHEMA.md), by the ways pages name them. Acronyms
#: are matched with their case: "ODD" is the French SDGs, "odd" is a word.
FRAMEWORK_PATTERNS: dict[str, tuple[str, ...]] = {
    "GCM": (
        r"global compact for safe,? orderly and regular migration",
        r"global compacts? (?:on|for|of) (?:safe,? orderly and regular )?migration",
        r"global compacts? (?:on|for|of) (?:refugees?|migration) and (?:for |on )?"
        r"(?:refugees?|migration)",
        r"two global compacts",
        r"global compacts(?! on refugees)",
        r"pacte mondial (?:pour|sur) (?:des|les) migrations",
        r"pactes mondiaux",
        r"(?-i:GCM)",
    ),
    "GCR": (
        r"global compacts? (?:on|for|of) refugees?",
        r"global compacts? (?:on|for|of) (?:refugees?|migration) and (?:for |on )?"
        r"(?:refugees?|migration)",
        r"two global compacts",
        r"global compacts(?! on migration)",
        r"pacte mondial sur les réfugiés",
        r"pactes mondiaux",
        r"(?-i:GCR)",
    ),
    "CRRF": (
        r"comprehensive refugee response framework",
        r"cadre d'action global pour les réfugiés",
        r"(?-i:CRRF)",
    ),
    "RC1951": (
        r"convention (?:relating|related) to the status of refugees",
        r"1951 (?:refugee )?convention",
        r"convention of 1951",
        r"convention relative au statut des réfugiés",
        r"convention de (?:genève de )?1951",
    ),
    "MMD": (
        r"marrake(?:ch|sh) mayoral declaration",
        r"déclaration (?:des maires )?de marrakech",
        r"(?-i:MMD)",
    ),
    "ALMC": (
        r"charter of local and subnational governments of africa on migration",
        r"african local (?:migration )?charter(?: on migration)?",
        r"charte (?:africaine )?des (?:gouvernements|collectivités) locaux"
        r"(?: et (?:infranationaux|territoriales))? d'afrique sur la migration",
        r"charte africaine (?:locale )?(?:sur|des) (?:la )?migrations?",
    ),
    "SDG": (
        r"sustainable development goals?",
        r"(?-i:SDGs?)",
        r"2030 agenda",
        r"agenda 2030",
        r"objectifs de développement durable",
        r"(?-i:ODD)",
    ),
    "NUA": (
        r"new urban agenda",
        r"nouvel agenda urbain",
        r"nouveau programme pour les villes",
        r"(?-i:NUA)",
    ),
}

#: Words a span of a name may not start with when it follows them: "the", "le"…
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "of",
        "the",
        "for",
        "on",
        "in",
        "at",
        "to",
        "by",
        "with",
        "s",
        "d",
        "l",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "et",
        "pour",
        "sur",
        "en",
        "au",
        "aux",
        "l'",
        "d'",
    ]
)

#: Words frequent in English and French text, used to tell the language of a page.
LANGUAGE_HINTS = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "are",
            "for",
            "with",
            "this",
            "that",
            "on",
            "by",
            "will",
            "from",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "et",
            "du",
            "pour",
            "dans",
            "est",
            "sont",
            "avec",
            "ce",
            "cette",
            "une",
            "sur",
            "par",
        ]
    ),
}

#: Titles of offices, glued in some pages ("ViceMayor of Sfax").
OFFICE_PREFIXES = re.compile(r"\b(Vice|Deputy|Lord|Lady|Assistant|Acting)(?=[A-Z][a-z])")

#: Words after which a capitalised name is a place: "in Djibouti", "Mayor of Kumasi".
PLACE_CUES = frozenset(
    {"in", "of", "at", "from", "to", "near", "à", "de", "en", "depuis", "vers"}
    | {"city of", "town of", "mayor of", "mayors of", "municipality of", "ville de"}
)
#: Words after which a place is where something happens: "held in Kisumu", "à Sousse".
VENUE_CUES = frozenset(["in", "at", "à", "en"])
