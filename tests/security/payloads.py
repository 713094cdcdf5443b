"""A corpus of hostile input, by family, for the tests that send it everywhere a visitor
can type: forms, query parameters, path segments and API fields.

Every XSS payload, if it ever ran, would do one of three visible things the browser tests
watch for: open a dialog (``alert``), set ``window.__pwned``, or request ``/pwned``.
"""

from __future__ import annotations

from html.parser import HTMLParser

MARKER = "pwned"

XSS_SCRIPT = [
    "<script>alert(1)</script>",
    "<script>window.__pwned=1</script>",
    "<SCRIPT SRC=/pwned.js></SCRIPT>",
    "</title><script>fetch('/pwned')</script>",
    "</textarea><script>alert(1)</script>",
    '"><script>window.__pwned=1</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]
XSS_EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="window.__pwned=1">',
    '" onmouseover="alert(1)" x="',
    "' onfocus='window.__pwned=1' autofocus '",
    "<body onload=alert(1)>",
    "<details open ontoggle=fetch('/pwned')>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
]
XSS_SVG = [
    "<svg onload=alert(1)>",
    "<svg><script>window.__pwned=1</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
XSS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:window.__pwned=1",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](  javascript:window.__pwned=1  )",
    '<a href="javascript:alert(1)">click</a>',
    '![x](x" onerror="alert(1))',
    "<iframe src=javascript:alert(1)></iframe>",
]
XSS_ENCODING = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "＜script＞alert(1)＜/script＞",
    "<<script>script>alert(1)<</script>/script>",
]
XSS_POLYGLOTS = [
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(1) )//%0D%0A%0d%0a//</stYle/"
    "</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(1)//>\\x3e",
    "'\"--></style></script><script>window.__pwned=1</script>",
    "\"'><img src=x onerror=alert(1)>{{7*7}}${7*7}",
    "</script><svg/onload=fetch('/pwned')>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "{{constructor.constructor('alert(1)')()}}",
]
XSS = XSS_SCRIPT + XSS_EVENT_HANDLERS + XSS_SVG + XSS_URLS + XSS_ENCODING + XSS_POLYGLOTS

SQL = [
    "'",
    '"',
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "') OR ('1'='1",
    "1' AND '1'='2",
    "1 OR 1=1",
    "admin'--",
    "'; DROP TABLE content_item; --",
    "1; SELECT pg_sleep(0); --",
    "' UNION SELECT NULL, NULL, NULL --",
    "' UNION ALL SELECT username, password FROM auth_user --",
    "1/**/UNION/**/SELECT/**/1",
    "%' AND 1=0 UNION SELECT 1 --",
    "\\'; --",
    "' AND (SELECT COUNT(*) FROM sqlite_master) > 0 --",
    "' || (SELECT version()) || '",
    "1e309",
    "-1",
    "99999999999999999999999999",
    "0x7fffffff",
]

TRAVERSAL = [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd",
    "file:///etc/passwd",
    "../../settings.py%00.html",
    "..%c0%af..%c0%afetc/passwd",
    "%00",
]

TEMPLATES = [
    "{{7*7}}",
    "{{ settings.SECRET_KEY }}",
    "{{ request.user.password }}",
    "{% debug %}",
    "{% load log %}{% get_admin_log 10 as log %}",
    "{% include '/etc/passwd' %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{''.__class__.__mro__[1].__subclasses__()}}",
    "{{ form.errors|safe }}",
    "%(name)s %s {0} {}",
]

HOSTILE_TEXT = [
    "a\x00b",
    "\x00",
    "x" * 10_000,
    "Sfax \u202egnp.exe",
    "\u202d\u202e\u2066\u2067\u2068\u2069\u200f\u200e",
    "مدينة\u200fالمرور",
    "🏙️🌍👩🏽‍💼🇰🇪 emoji",
    "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f",
    "line\r\nInjected-Header: yes",
    "\ufeffbom",
    "Z̷̢̛a̴̡͝l̵g̶o̵",
    "   ",
    "\u00a0\u2003",
]
#: A lone surrogate: cannot be encoded in UTF-8, so only the JSON tests send it (as the
#: escape ``\\ud800``), and only where the transport allows it.
LONE_SURROGATE = "\ud800"

FAMILIES = {
    "xss": XSS,
    "sql": SQL,
    "traversal": TRAVERSAL,
    "template": TEMPLATES,
    "hostile": HOSTILE_TEXT,
}
ALL = [payload for family in FAMILIES.values() for payload in family]


def sample(per_family: int = 3) -> list[str]:
    """A representative few of each family: the first ``per_family``, spread over it."""
    chosen = []
    for family in FAMILIES.values():
        step = max(len(family) // per_family, 1)
        chosen.extend(family[::step][:per_family])
    return chosen


def ids(payloads: list[str]) -> list[str]:
    """Short readable test ids."""
    return [
        repr(payload[:24]) + (f"…{len(payload)}" if len(payload) > 24 else "")
        for payload in payloads
    ]


# -- reading a page back ---------------------------------------------------------------
_TRACES = ("alert(1)", "__pwned", "/pwned", "fetch(")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
_FOREIGN = {"iframe", "object", "embed", "frame", "base", "math"}


def _scheme(value: str) -> str:
    """The scheme of an address as a browser reads it (spaces and controls dropped)."""
    kept = "".join(char for char in value if char > " " and char != "\x7f")
    return kept.split(":", 1)[0].lower() if ":" in kept else ""


class _Inspector(HTMLParser):
    """Collects what in a page could only have come from an injected payload: our
    templates have no event handler attributes, no frames, and no scripts that alert."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag in _FOREIGN:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and _scheme(value) in {"javascript", "vbscript"}:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and value.lower().startswith("data:text/html"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = dict(attrs).get("type") or ""
            self._script = "" if "json" not in kind else None
            if any(trace in (dict(attrs).get("src") or "") for trace in _TRACES):
                self.found.append(f"<script src={dict(attrs)['src']!r}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if any(trace in self._script for trace in _TRACES):
                self.found.append(f"<script>{self._script[:80]}</script>")
            self._script = None


def injected(page: str) -> list[str]:
    """What in ``page`` (HTML text) is markup a payload made: [] for a clean page."""
    inspector = _Inspector()
    inspector.feed(page)
    inspector.close()
    return inspector.found


def assert_inert(response, secret: str | None = None) -> None:
    """A response carries no markup made by a payload, and no secret a template
    injection could have printed."""
    assert response.status_code < 500, response.status_code
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode("utf-8", "replace")
    if secret:
        assert secret not in body
    if content_type.startswith("text/html"):
        assert injected(body) == [], injected(body)
