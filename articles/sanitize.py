"""The one allow-list for article body HTML: what is declared here is all that is ever stored.

Everything a correspondent or editor sends as body text passes through ``clean_html`` on every
save, whatever form or request sent it: no script, event handler, style, iframe or
non-http(s)/mailto link can be stored, and no tag, attribute or value outside the lists below.

Decided explicitly (nh3's defaults would add ``title`` and ``lang`` to every tag):

* ``title`` only on ``abbr``, where it is the acronym's expansion; nowhere else (a tooltip
  readers on phones and screen readers mostly never get, and a place to hide text);
* ``lang`` and ``dir`` only on the blocks where a passage in another language sits
  (``LANGUAGE_TAGS``: a Russian quote in an English story), with ``lang`` a language tag
  and ``dir`` one of ``ltr``/``rtl``/``auto``;
* ``rel`` on links is never taken from input: the cleaner sets it (``ADDED_ATTRIBUTES``);
* ``img`` only inside the body's figures, with ``src`` one of our own renditions (a path under
  the media storage's ``renditions/`` with a random name, nothing else: no other site, no data
  URL, no original upload), ``data-file`` the library image's id, ``width``/``height`` numbers
  and ``alt``. An ``img`` left without a source is removed, and so is a figure left without a
  picture. Whether the author may use that image is the article form's check
  (``articles.figures``), which knows who is saving.

Invisible control characters (see ``safetext``) are stripped rather than refused here,
because Word pastes carry them (a vertical tab for a manual line break, kept as whitespace).
"""

import re

import nh3
from django.core.files.storage import storages

from safetext.validators import strip_control_characters

ALLOWED_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i", "u", "s",
    "sub", "sup", "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "hr", "abbr", "cite", "q", "img",
})  # fmt: skip

#: Blocks that may say their language and direction differ from the article's.
LANGUAGE_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "q", "cite", "figcaption", "td", "th"})

ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "img": {"src", "alt", "width", "height", "data-file"},
}
for _tag in LANGUAGE_TAGS:
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | {"lang", "dir"}

#: Attributes the cleaner writes itself, whatever the input said.
ADDED_ATTRIBUTES = {"a": {"rel": "noopener noreferrer nofollow"}}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

DIRECTIONS = frozenset({"ltr", "rtl", "auto"})

#: A BCP 47 language tag in its common shapes: "ru", "uz-Cyrl", "fa-AF", "prs".
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

#: Elements whose content goes with them: Word's and attackers' scripts, styles and embeds.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "svg", "math", "noscript"}
)


#: The file part of a rendition's address: ``2026/11/<32 hex>.jpg`` (as ``images.uploads`` names them).
_RENDITION_FILE = r"\d{4}/\d{2}/[0-9a-f]{32}(?:_[A-Za-z0-9]{7})?\.(?:jpg|webp)"


def rendition_url_pattern():
    """A regex matching the address of one of our renditions, and nothing else (read from the storage each time)."""
    prefix = storages["default"].url("renditions/x")[:-1]
    return re.compile(re.escape(prefix) + _RENDITION_FILE)


def _filter_value(tag, attribute, value):
    """Keep ``dir`` and ``lang`` only with values that mean something, ``img`` sources only when they are
    our renditions, sizes and ids only as numbers; other attributes as given."""
    if tag == "img":
        value = value.strip()
        if attribute == "src":
            return value if rendition_url_pattern().fullmatch(value) else None
        if attribute in {"width", "height", "data-file"}:
            return value if value.isascii() and value.isdigit() and len(value) < 10 else None
        return value
    if attribute == "dir":
        value = value.strip().lower()
        return value if value in DIRECTIONS else None
    if attribute == "lang":
        value = value.strip()
        return value if LANGUAGE_TAG.fullmatch(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # "*": nothing on every tag; without it nh3 keeps its own default of title and lang everywhere.
    attributes={"*": set(), **ALLOWED_ATTRIBUTES},
    attribute_filter=_filter_value,
    url_schemes=set(URL_SCHEMES),
    link_rel=ADDED_ATTRIBUTES["a"]["rel"],
    strip_comments=True,
    # Word pastes arrive wrapped in <o:p>, <span style>, <font>…: keep the words, drop the wrappers.
    clean_content_tags=set(DROPPED_WITH_CONTENT),
)


#: A paragraph with nothing to read in it: Word's spacer lines, the editor's empty document.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|<br>)*</p>\s*")
#: Word's hand-drawn list markers ("·", "1."), wrapped in a conditional block only Word reads.
_WORD_LIST_MARKER = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.DOTALL | re.IGNORECASE)


#: Word writes a manual line break as a vertical tab (keep the gap between the words) and can
#: start a paste with a byte-order mark (which the parser would drop only at the very start).
_WORD_CHARACTERS = {0x0B: "\n", 0xFEFF: None}


def clean_html(html):
    """Return ``html`` reduced to the newsroom's allow-list, without control characters or empty paragraphs."""
    if not html:
        return ""
    html = html.translate(_WORD_CHARACTERS)
    # Misnested markup (a heading inside a heading) parses into a different tree the second
    # time, so clean until a pass changes nothing: what is stored is stable under re-cleaning.
    for _ in range(_MAX_PASSES):
        cleaned = _one_pass(html)
        if cleaned == html:
            break
        html = cleaned
    return cleaned


#: Passes after which cleaning gives up converging (each pass can only remove or re-nest markup).
_MAX_PASSES = 4


#: One ``<img …>`` tag as nh3 writes it (attribute values in double quotes, which may hold ``>``).
IMG_TAG = re.compile(r'<img\b(?:[^>"]|"[^"]*")*>')
#: One figure and what is inside it (nh3 closes every figure it keeps).
FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)


def _without_broken_pictures(html):
    """Drop images whose source was refused, and a figure whose only pictures those were (a figure
    holding a pull quote and no picture at all stays)."""

    def has_source(tag):
        return ' src="' in tag

    def figure(match):
        pictures = IMG_TAG.findall(match.group(1))
        if pictures and not any(has_source(tag) for tag in pictures):
            return ""
        return match.group(0)

    html = FIGURE.sub(figure, html)
    return IMG_TAG.sub(lambda m: m.group(0) if has_source(m.group(0)) else "", html)


def _one_pass(html):
    # After cleaning as well as before: a character reference (&#1;) only becomes a character in the parser.
    cleaned = strip_control_characters(_cleaner.clean(_WORD_LIST_MARKER.sub("", strip_control_characters(html))))
    return _EMPTY_PARAGRAPH.sub("", _without_broken_pictures(cleaned)).strip()
