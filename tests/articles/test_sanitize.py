"""Body HTML: nothing executable survives, the newsroom's ordinary markup does, and Word pastes come out clean."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.sanitize import ADDED_ATTRIBUTES, ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html

#: Attacks seen in the wild against rich-text fields, by the trick each relies on.
XSS_PAYLOADS = {
    "script tag": "<p>Hello</p><script>alert(1)</script>",
    "script in mixed case": "<ScRiPt>alert(1)</sCrIpT><p>Hello</p>",
    "script split by a nested tag": "<scr<script>ipt>alert(1)</script>",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "event handler on an allowed tag": '<p onmouseover="alert(1)">Hello</p>',
    "event handler in mixed case": '<a href="https://example.org" OnClIcK="alert(1)">link</a>',
    "javascript url": '<a href="javascript:alert(1)">link</a>',
    "javascript url in mixed case": '<a href="JaVaScRiPt:alert(1)">link</a>',
    "javascript url with leading whitespace": '<a href="  javascript:alert(1)">link</a>',
    "javascript url with a tab entity": '<a href="java&#x09;script:alert(1)">link</a>',
    "javascript url with a newline": '<a href="java\nscript:alert(1)">link</a>',
    "javascript url with a decimal entity": '<a href="&#106;avascript:alert(1)">link</a>',
    "javascript url fully entity encoded": (
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">link</a>'
    ),
    "vbscript url": '<a href="vbscript:msgbox(1)">link</a>',
    "data url html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    "data url image": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "svg onload": '<svg onload="alert(1)"><circle r="10"></circle></svg>',
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "math with link": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "style attribute": '<p style="background:url(javascript:alert(1))">Hello</p>',
    "style element": "<style>body { background: url(javascript:alert(1)) }</style><p>Hello</p>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "form and input": '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="https://evil.example/">',
    "link stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "html comment hiding a script": "<!--<script>alert(1)</script>--><p>Hello</p>",
    "template": "<template><script>alert(1)</script></template>",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "attribute breakout": '<a href="https://example.org" title="x" onfocus="alert(1)" autofocus>link</a>',
    "formaction on button": '<button formaction="javascript:alert(1)">Go</button>',
    "target and srcset": '<img srcset="javascript:alert(1) 1x">',
    "details ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_no_payload_leaves_anything_executable(payload):
    cleaned = clean_html(payload)

    for tag, attrs in elements(cleaned):
        assert tag in ALLOWED_TAGS
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | set(ADDED_ATTRIBUTES.get(tag, {}))
        assert set(attrs) <= allowed, f"{tag} kept {set(attrs) - allowed}"
        if "href" in attrs:
            assert urlsplit(attrs["href"].strip()).scheme in {"http", "https", "mailto"}
    lowered = cleaned.lower()
    for marker in ("<script", "javascript:", "vbscript:", "data:", "<svg", "<iframe", "<style", "style=", " on"):
        assert marker not in lowered


@pytest.mark.parametrize(
    "payload",
    [XSS_PAYLOADS["script tag"], XSS_PAYLOADS["style element"], XSS_PAYLOADS["svg with script"]],
)
def test_script_and_style_contents_are_dropped_not_shown_as_text(payload):
    assert "alert" not in clean_html(payload)
    assert "background" not in clean_html(payload)


def test_the_text_around_a_removed_tag_is_kept():
    assert clean_html('<p onmouseover="alert(1)">Hello</p>') == "<p>Hello</p>"
    assert clean_html('<a href="javascript:alert(1)">the report</a>') == (
        '<a rel="noopener noreferrer nofollow">the report</a>'
    )


# --- Ordinary newsroom HTML survives ----------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<h2>What the court decided</h2><p>The judge <strong>adjourned</strong> the case <em>again</em>.</p>",
        '<ul><li>Osh</li><li>Jalal-Abad</li></ul><ol start="3"><li>Third</li><li>Fourth</li></ol>',
        "<blockquote><p>They tell families to wait.</p></blockquote>",
        "<figure><blockquote><p>Quoted words.</p></blockquote><figcaption>A lawyer in Osh</figcaption></figure>",
        '<table><caption>Complaints by region</caption><thead><tr><th scope="col">Region</th>'
        '<th scope="col">Cases</th></tr></thead><tbody><tr><td>Osh</td><td>41</td></tr>'
        '<tr><td colspan="2">Total: 41</td></tr></tbody></table>',
        '<p>The <abbr title="Kazakhstan International Bureau for Human Rights and Rule of Law">KIBHR</abbr> '
        "said so.</p><hr><p>H<sub>2</sub>O and 10<sup>3</sup></p>",
    ],
)
def test_ordinary_newsroom_markup_is_kept_as_written(html):
    assert clean_html(html) == html


@pytest.mark.parametrize(
    "href",
    ["https://freedomhouse.org/report", "http://bureau.kz/", "mailto:desk@news.example.org"],
)
def test_links_with_http_https_and_mailto_are_kept_and_marked_nofollow_without_their_title(href):
    assert clean_html(f'<p>See <a href="{href}" title="Source">this</a>.</p>') == (
        f'<p>See <a href="{href}" rel="noopener noreferrer nofollow">this</a>.</p>'
    )


def test_title_survives_only_as_an_abbreviations_expansion():
    html = '<p title="hover"><abbr title="Committee to Protect Journalists">CPJ</abbr> <em title="x">said</em></p>'

    assert clean_html(html) == '<p><abbr title="Committee to Protect Journalists">CPJ</abbr> <em>said</em></p>'


def test_lang_and_dir_are_kept_on_passages_and_dropped_elsewhere():
    html = (
        '<blockquote lang="ru" dir="LTR"><p>Мы ждём.</p></blockquote>'
        '<p lang="en" dir="sideways"><strong lang="ru" dir="rtl">x</strong> <a href="https://a.org" lang="en">y</a></p>'
    )

    assert clean_html(html) == (
        '<blockquote lang="ru" dir="ltr"><p>Мы ждём.</p></blockquote>'
        '<p lang="en"><strong>x</strong> <a href="https://a.org" rel="noopener noreferrer nofollow">y</a></p>'
    )


def test_control_characters_are_stripped_from_the_body_also_when_written_as_references():
    assert clean_html("<p>Line\x0bbreak\x01 from\x7f Word&#1;&#x1f;\x85</p>") == "<p>Line\nbreak from Word</p>"


def test_unicode_text_is_kept_unchanged():
    html = "<p>«Мы выбираем между крышей и окнами», — сказал он. Құдықтар тартылып қалды. مدارس البنات</p>"

    assert clean_html(html) == html


# --- Pasting from Word ------------------------------------------------------------------------------

WORD_PASTE = """
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri",sans-serif;} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
</head><body lang=EN-GB style='tab-interval:36.0pt'>
<div class=WordSection1>
<p class=MsoNormal><b><span style='font-size:14.0pt;mso-bidi-font-family:Arial'>Border villages wait for water</span></b><o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal style='margin-bottom:6.0pt'><span lang=RU style='mso-ansi-language:RU'>The canal has been dry
since June, <i>farmers say</i>.</span><o:p></o:p></p>
<p class=MsoNormal><font face="Times New Roman" size=3 color="#333333">Officials promised a new schedule.</font></p>
<p class=MsoNormal><![if !supportLists]><span style='mso-list:Ignore'>·</span><![endif]>First point</p>
</div></body></html>
"""  # noqa: E501


def test_word_paste_becomes_clean_paragraphs():
    cleaned = clean_html(WORD_PASTE)

    assert cleaned == (
        "<p><b>Border villages wait for water</b></p>\n"
        "<p>The canal has been dry\nsince June, <i>farmers say</i>.</p>\n"
        "<p>Officials promised a new schedule.</p>\n"
        "<p>First point</p>"
    )


def test_empty_paragraphs_and_the_editors_empty_document_are_stored_as_nothing():
    assert clean_html("<p></p>") == ""
    assert clean_html("<p><br></p>") == ""
    assert clean_html("<p>Text</p><p>&nbsp;</p><p> </p><p>More</p>") == "<p>Text</p><p>More</p>"


def test_nothing_in_gives_nothing_out():
    assert clean_html("") == ""
    assert clean_html(None) == ""
