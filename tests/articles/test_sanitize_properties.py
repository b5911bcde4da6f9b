"""Property: whatever nested HTML comes in, the body keeps nothing outside the declared allow-list,
and cleaning what was cleaned changes nothing."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.sanitize import (
    ADDED_ATTRIBUTES,
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DIRECTIONS,
    LANGUAGE_TAG,
    URL_SCHEMES,
    clean_html,
)
from safetext.validators import CONTROL_CHARACTERS

#: Every element of HTML, SVG and MathML an attacker or a paste might send, and some made up.
EVERY_TAG = sorted(
    ALLOWED_TAGS
    | {
        "html", "head", "body", "title", "meta", "link", "base", "style", "script", "noscript", "template",
        "iframe", "frame", "frameset", "object", "embed", "param", "applet", "img", "picture", "source",
        "video", "audio", "track", "canvas", "map", "area", "svg", "math", "mtext", "mglyph", "foreignObject",
        "use", "animate", "set", "form", "input", "button", "select", "option", "textarea", "label",
        "fieldset", "legend", "details", "summary", "dialog", "div", "span", "font", "center", "marquee",
        "h1", "h5", "h6", "pre", "code", "kbd", "samp", "var", "mark", "small", "big", "del", "ins", "dl",
        "dt", "dd", "section", "article", "aside", "nav", "header", "footer", "main", "address", "time",
        "data", "bdi", "bdo", "ruby", "rt", "rp", "wbr", "xmp", "plaintext", "listing", "noembed",
        "noframes", "slot", "portal", "o:p", "w:wordDocument", "x-custom",
    }
)  # fmt: skip

#: Every attribute that could carry behaviour, style, a URL or a label, and the ones we allow.
EVERY_ATTRIBUTE = sorted(
    {attribute for attributes in ALLOWED_ATTRIBUTES.values() for attribute in attributes}
    | {
        "title", "lang", "dir", "rel", "style", "class", "id", "name", "src", "srcset", "srcdoc", "action",
        "formaction", "data", "poster", "background", "xlink:href", "xmlns", "target", "ping", "download",
        "onclick", "onerror", "onload", "onmouseover", "onfocus", "ontoggle", "autofocus", "contenteditable",
        "tabindex", "hidden", "accesskey", "data-x", "aria-label", "role", "http-equiv", "content",
        "width", "height", "align", "color", "face", "size", "value", "type", "open", "is", "slot", "part",
    }
)  # fmt: skip

SCHEMES = [
    "http", "https", "mailto", "javascript", "JaVaScRiPt", "vbscript", "data", "file", "ftp", "tel", "blob",
    "about", "chrome", "ws", "java&#x09;script", "&#106;avascript", " javascript", "jav\nascript",
]  # fmt: skip

#: Text with the characters that break parsers, XML and reading order.
text = st.lists(
    st.sampled_from(list("abc XYZ<>&\"'=/;:#-") + ["\x00", "\x01", "\x0b", "\x7f", "\x85", "\u202e",
                                                    "&#1;", "&lt;", "&amp;", "Ж", "د", "\ufeff"]),
    max_size=12,
).map("".join)  # fmt: skip

urls = st.builds(
    lambda scheme, rest: f"{scheme}:{rest}" if scheme else rest,
    st.sampled_from([*SCHEMES, None]),
    st.sampled_from(["//example.org/a", "alert(1)", "x@y.org", "text/html;base64,PHNjcmlwdD4=", "/relative", "#top"]),
)

values = st.one_of(
    text,
    urls,
    st.sampled_from(["rtl", "LTR", "auto", "sideways", "ru", "uz-Cyrl", "en_GB", "x y", "alert(1)", ""]),
)


def _quote(value, style):
    value = value.replace(style, "") if style else value.replace(" ", "").replace(">", "")
    return f"{style}{value}{style}"


attributes = st.lists(
    st.tuples(st.sampled_from(EVERY_ATTRIBUTE), values, st.sampled_from(['"', "'", ""])),
    max_size=4,
).map(lambda attrs: "".join(f" {name}={_quote(value, quote)}" for name, value, quote in attrs))


def _element(tag, attrs, children, closed):
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


html = st.recursive(
    st.one_of(text, st.just("<!-- a comment <script>x</script> -->"), st.just("<br/>"), st.just("<![CDATA[x]]>")),
    lambda children: st.builds(
        _element, st.sampled_from(EVERY_TAG), attributes, st.lists(children, max_size=4), st.booleans()
    ),
    max_leaves=20,
)


class _Everything(HTMLParser):
    """Records every element, attribute, comment and declaration in the output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.other = [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_comment(self, data):
        self.other.append(("comment", data))

    def handle_decl(self, decl):
        self.other.append(("declaration", decl))

    def handle_pi(self, data):
        self.other.append(("processing instruction", data))

    def unknown_decl(self, data):
        self.other.append(("declaration", data))


def everything_in(output):
    parser = _Everything()
    parser.feed(output)
    parser.close()
    return parser


def assert_only_declared(output):
    found = everything_in(output)
    assert found.other == []
    for tag, attrs in found.elements:
        assert tag in ALLOWED_TAGS, tag
        added = ADDED_ATTRIBUTES.get(tag, {})
        for name, value in attrs:
            if name in added:
                assert value == added[name]
                continue
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), f"{tag} kept {name}"
            if name == "href":
                scheme = urlsplit(value.strip()).scheme
                assert scheme == "" or scheme.lower() in URL_SCHEMES, value
            elif name == "dir":
                assert value in DIRECTIONS
            elif name == "lang":
                assert LANGUAGE_TAG.fullmatch(value)
    assert not CONTROL_CHARACTERS.search(output)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html)
def test_nothing_outside_the_declared_allow_list_survives(body):
    assert_only_declared(clean_html(body))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html)
def test_cleaning_cleaned_html_changes_nothing(body):
    once = clean_html(body)

    assert clean_html(once) == once


def test_the_generator_reaches_every_declared_tag_and_attribute():
    """The property is only as strong as its input: it must be able to produce what the list allows."""
    assert set(EVERY_TAG) >= ALLOWED_TAGS
    assert {a for attrs in ALLOWED_ATTRIBUTES.values() for a in attrs} <= set(EVERY_ATTRIBUTE)
    assert {"title", "lang", "dir", "rel", "style", "onerror"} <= set(EVERY_ATTRIBUTE)
