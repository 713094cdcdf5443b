import pytest

from crossroads.content.markup import render_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("A body in **Markdown**.", "<p>A body in <strong>Markdown</strong>.</p>\n"),
        ("## Aims\n\n- one\n- two", "<h2>Aims</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
        (
            "[Agenda](https://example.org/agenda)",
            '<p><a href="https://example.org/agenda" rel="nofollow noopener">Agenda</a></p>\n',
        ),
        (
            "[Write](mailto:secretariat@example.org)",
            '<p><a href="mailto:secretariat@example.org" rel="nofollow noopener">Write</a></p>\n',
        ),
        (
            "<https://example.org>",
            '<p><a href="https://example.org" rel="nofollow noopener">https://example.org</a>'
            "</p>\n",
        ),
        # Raw HTML is shown as text, never passed through.
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("Hi <b onclick='x()'>you</b>", "<p>Hi &lt;b onclick='x()'&gt;you&lt;/b&gt;</p>\n"),
        (
            "<a href='javascript:alert(1)'>x</a>",
            "<p>&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;</p>\n",
        ),
        # Links to other schemes are not made into links.
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        (
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>\n",
        ),
        # Tags outside the allowed set are dropped, their text kept.
        ("# Title", "Title\n"),
        ("![a map](https://example.org/map.png)", "<p></p>\n"),
        ("", ""),
    ],
)
def test_render_markdown(text, html):
    assert render_markdown(text) == html


def test_no_dangerous_link_survives_a_reference_link():
    html = render_markdown("[x][evil]\n\n[evil]: javascript:alert(1)")

    assert "href" not in html


def test_the_result_is_marked_safe_for_templates():
    assert hasattr(render_markdown("text"), "__html__")
