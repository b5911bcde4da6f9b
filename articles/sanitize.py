"""The one allow-list for article body HTML.

Everything a correspondent or editor sends as body text passes through
``clean_html`` on every save, whatever form or request sent it: no script,
event handler, style, iframe or non-http(s)/mailto link can be stored.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i", "u", "s",
    "sub", "sup", "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "hr", "abbr", "cite", "q",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
    # Word pastes arrive wrapped in <o:p>, <span style>, <font>…: keep the words, drop the wrappers.
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "svg", "math", "noscript"},
)


#: A paragraph with nothing to read in it: Word's spacer lines, the editor's empty document.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|<br>)*</p>\s*")
#: Word's hand-drawn list markers ("·", "1."), wrapped in a conditional block only Word reads.
_WORD_LIST_MARKER = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.DOTALL | re.IGNORECASE)


def clean_html(html):
    """Return ``html`` reduced to the newsroom's allow-list, without empty paragraphs."""
    if not html:
        return ""
    cleaned = _cleaner.clean(_WORD_LIST_MARKER.sub("", html))
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()
