"""The words that mark a title, a capacity or a kind of cooperation, in Russian and English.

Each list is ordered: when two patterns start at the same place the longer match wins, so
`head of the ... department` is a department head and `deputy minister` a deputy head.
"""

import re

_I = re.IGNORECASE

ROLE_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "ru": [
        ("advisor", re.compile(r"\bсоветник\w*", _I)),
        ("deputy_head", re.compile(r"\b(?:перв\w+ )?(?:заместител\w*|замминистр\w*)", _I)),
        ("representative", re.compile(r"\bпредставител\w*", _I)),
        (
            "department_head",
            re.compile(
                r"\b(?:начальник\w*|руководител\w*|заведующ\w*|директор\w*)\s+"
                r"(?:\w+\s+){0,2}?(?:отдел|департамент|сектор)\w*",
                _I,
            ),
        ),
        (
            "head",
            re.compile(
                r"\b(?:(?:генеральн|исполнительн)\w+ )?(?:гендиректор\w*|генеральн\w+ секретар\w*|"
                r"директор\w*|председател\w*|"
                r"руководител\w*|министр\w*|президент\w*|ректор\w*|глав[аеуы]\b|главой)",
                _I,
            ),
        ),
        ("staff", re.compile(r"\b(?:сотрудни\w*|специалист\w*|эксперт\w*|помощник\w*)", _I)),
    ],
    "en": [
        ("advisor", re.compile(r"\b(?:advis[eo]r|counsell?or)\b", _I)),
        ("deputy_head", re.compile(r"\b(?:first )?(?:deputy|vice)[- ][\w-]+", _I)),
        ("representative", re.compile(r"\brepresentative\b", _I)),
        (
            "department_head",
            re.compile(
                r"\b(?:head|director|chief) of (?:the )?(?:[\w'’&-]+ ){0,7}?department\b"
                r"|\bdepartment head\b",
                _I,
            ),
        ),
        (
            "head",
            re.compile(
                r"\b(?:director[- ]general|secretary[- ]general|general director"
                r"|executive director|managing director"
                r"|director|chair(?:man|woman|person)?|head|president|minister|chief executive"
                r"|CEO|commissioner|rector)\b",
                _I,
            ),
        ),
        ("staff", re.compile(r"\b(?:employee|officer|specialist|expert)\b", _I)),
    ],
}

# A title word that names a ministry's head: the body is the ministry, not the minister.
MINISTER = {"ru": re.compile(r"^министр\w*$", _I), "en": re.compile(r"^minister$", _I)}
MINISTRY = {"ru": "Министерство", "en": "Ministry of"}

# Where a clause ends before a name: a title belongs to the name in its own clause.
CLAUSE_BREAK = {
    "ru": re.compile(
        r"[;:!?]|[.,](?=\s)|\s[—–-]\s|\bв том числе\b|\bа также\b"
        r"|\bприняли участие\b|\bучаствовали\b|\bвыступил[аи]?\b|\bотметил[аи]?\b",
        _I,
    ),
    "en": re.compile(
        r"[;:!?]|[.,](?=\s)|\s[—–-]\s|\bincluding\b|\bas well as\b|\bby\b|\bwith\b"
        r"|\bwhile\b|\bsaid\b|\bsays\b|\bnoted\b|\bwhen\b",
        _I,
    ),
}

CAPACITIES = {
    "ru": [
        ("moderator", re.compile(r"модератор\w*|модерировал\w*|модерации", _I)),
        (
            "opening_speech",
            re.compile(
                r"вступительн\w+ слов\w*|открыл[аи]? (?:форум|фестиваль|панель|сесси)\w*"
                r"|с приветственн\w+ слов\w*",
                _I,
            ),
        ),
    ],
    "en": [
        ("moderator", re.compile(r"moderat(?:ed|or|ing)", _I)),
        (
            "opening_speech",
            re.compile(
                r"opening (?:speech|remarks|address)|opened the"
                r"|welcom(?:e|ing) (?:speech|address|remarks)",
                _I,
            ),
        ),
    ],
}

# Verbs that make the people named in a clause speakers at the event.
SPEAKING = {
    "ru": re.compile(
        r"отметил|заявил|подчеркнул|рассказал|выступил|сообщил|приняли участие"
        r"|участие приняли|спикер",
        _I,
    ),
    "en": re.compile(
        r"\b(?:said|noted|stated|emphasi[sz]ed|stressed|spoke|speakers?|participants?|panellists?|panelists?|addressed|highlighted|underlined)\b",
        _I,
    ),
}

COOPERATION = {
    "ru": [
        ("memorandum", re.compile(r"меморандум\w*", _I)),
        ("co_development", re.compile(r"соглашени\w+ о совместном развитии", _I)),
        (
            "co_distribution",
            re.compile(r"соглашени\w+ о совместном прокате|совместн\w+ дистрибуци\w*", _I),
        ),
        ("treaty", re.compile(r"(?:межправительственн\w+ )?соглашени\w+|договор\w*", _I)),
        ("joint_programme", re.compile(r"совместн\w+ программ\w*", _I)),
    ],
    "en": [
        ("memorandum", re.compile(r"memorand(?:um|a)|\bMoU\b", re.I)),
        ("co_development", re.compile(r"co-?development (?:agreement|treaty)", _I)),
        ("co_distribution", re.compile(r"co-?distribution (?:agreement|treaty)", _I)),
        ("treaty", re.compile(r"(?:co-?production |intergovernmental )?(?:agreement|treaty)", _I)),
        ("joint_programme", re.compile(r"joint (?:programme|program)", _I)),
    ],
}
SIGNED = {
    "ru": re.compile(r"подписал\w*|подписан\w*|подписани\w*|заключил\w*", _I),
    "en": re.compile(r"\bsign(?:ed|ing|s)?\b|\bconclude[ds]?\b", _I),
}
INTENT = {
    "ru": re.compile(
        r"намерен\w*|планиру\w+ (?:подписать|сотрудничать|заключить)|договорились", _I
    ),
    "en": re.compile(r"\b(?:intend|intends|intention|plan to sign|agreed to|will sign)\b", _I),
}
DISCUSSED = {
    "ru": re.compile(r"сотрудничеств\w* между|укреплени\w+ сотрудничеств\w*", _I),
    "en": re.compile(r"cooperation (?:between|among)|strengthening (?:of )?cooperation", _I),
}

EVENT_KINDS = {
    "ru": [
        ("panel", re.compile(r"панельн\w+ дискусси\w*|панел\w*|круглы\w+ стол\w*", _I)),
        ("festival", re.compile(r"фестивал\w*", _I)),
        ("conference", re.compile(r"конференци\w*|форум\w*|саммит\w*", _I)),
        ("market", re.compile(r"рын\w*|маркет\w*", _I)),
        ("ceremony", re.compile(r"церемони\w*", _I)),
        ("meeting", re.compile(r"встреч\w*|заседани\w*", _I)),
    ],
    "en": [
        ("panel", re.compile(r"panel(?: discussion)?|round ?table", _I)),
        ("festival", re.compile(r"festival", _I)),
        ("conference", re.compile(r"conference|forum|summit", _I)),
        ("market", re.compile(r"market", _I)),
        ("ceremony", re.compile(r"ceremony", _I)),
        ("meeting", re.compile(r"meeting", _I)),
    ],
}

# Adjectives of a country, which country lists of aliases do not hold.
DEMONYMS = {
    "turkish": "TR",
    "georgian": "GE",
    "azerbaijani": "AZ",
    "uzbek": "UZ",
    "pakistani": "PK",
    "italian": "IT",
    "french": "FR",
    "kazakh": "KZ",
    "kyrgyz": "KG",
    "russian": "RU",
    "iranian": "IR",
    "tajik": "TJ",
    "turkmen": "TM",
    "german": "DE",
    "spanish": "ES",
    "british": "GB",
    "hungarian": "HU",
    "polish": "PL",
    "greek": "GR",
    "serbian": "RS",
    "moroccan": "MA",
    "egyptian": "EG",
    "indonesian": "ID",
    "malaysian": "MY",
    "saudi": "SA",
    "chinese": "CN",
    "korean": "KR",
    "japanese": "JP",
    "indian": "IN",
    "armenian": "AM",
    "ukrainian": "UA",
    "belarusian": "BY",
    "mongolian": "MN",
    "canadian": "CA",
    "турецк": "TR",
    "грузинск": "GE",
    "азербайджанск": "AZ",
    "узбекск": "UZ",
    "узбекистанск": "UZ",
    "пакистанск": "PK",
    "итальянск": "IT",
    "французск": "FR",
    "казахстанск": "KZ",
    "казахск": "KZ",
    "кыргызск": "KG",
    "киргизск": "KG",
    "российск": "RU",
    "иранск": "IR",
    "таджикск": "TJ",
    "туркменск": "TM",
    "немецк": "DE",
    "германск": "DE",
    "китайск": "CN",
    "индийск": "IN",
    "корейск": "KR",
    "японск": "JP",
    "венгерск": "HU",
    "польск": "PL",
    "греческ": "GR",
    "сербск": "RS",
    "армянск": "AM",
    "белорусск": "BY",
    "монгольск": "MN",
    "египетск": "EG",
    "марокканск": "MA",
}

ORG_KINDS = [
    ("ministry", re.compile(r"министерств|ministry", _I)),
    ("department", re.compile(r"департамент|отдел|department", _I)),
    ("media_directorate", re.compile(r"медиа|media", _I)),
    ("film_fund", re.compile(r"фонд|fund", _I)),
    ("film_commission", re.compile(r"комисси|commission", _I)),
    ("film_archive", re.compile(r"архив|archive", _I)),
    ("film_school", re.compile(r"академи|институт|школ|academy|institute|school|university", _I)),
]

# Capitalised words that never start or continue a person's name in English.
NOT_NAME_WORDS = frozenset(
    """the a an in on at of for to by during according he she it this that these they his her
    its their we our after before while when as with from and or but also there here
    director directorate general deputy vice minister ministry advisor adviser representative
    chairman chairwoman chair head president chief executive officer department agency centre
    center council committee commission fund board cinema cinematography film films national
    state culture cultural republic festival forum conference panel programme program week
    market ceremony award awards media publications electronic development business small
    medium creative industries digital international convention institute academy office
    union association organisation organization federation bureau service services mr mrs ms
    dr prof january february march april may june july august september october november
    december secretary secretary-general monday tuesday wednesday thursday friday saturday
    sunday trend reports news
    memorandum agreement treaty understanding cooperation co-production moderator speaker
    opening speech heads delegation delegations government embassy ambassador""".split()  # noqa: SIM905
)

# "the former head", "прежний глава": a post the report says is no longer held.
FORMER = {
    "ru": re.compile(r"\b(?:прежн\w+|бывш\w+|экс-)", _I),
    "en": re.compile(r"\b(?:former|ex-|outgoing|previous|late)\b", _I),
}
# Where a body's name ends inside a clause: a verb, a date, a person's occupation.
PHRASE_END = {
    "ru": re.compile(
        r"\s(?:назначен\w*|стал\w*|избран\w*|писател\w*|режисс[её]р\w*|продюсер\w*|"
        r"акт[её]р\w*|рассказал\w*|заявил\w*|отметил\w*|сообщил\w*|подписал\w*)\b",
        _I,
    ),
    "en": re.compile(
        r"\s(?:on|in|at|who|which|from|after|since|this|last|earlier|later|has|have|had|was|"
        r"were|is|will|said|says|told|spoke|signed)\b|\s(?:and|to|for)\s+(?=[a-z])"
    ),
}

# A body's generic last word, left out when the name alone finds it ("Kazakhfilm Association").
GENERIC_LAST = re.compile(r"^(?:association|company|studio|studios|corporation|group)$", _I)
