"""Our stylesheets are written in logical properties, so a page or a story marked ``dir="rtl"`` mirrors.

No ``margin-left``, ``padding-right``, ``left:``/``right:``, ``border-left``, ``text-align: right``,
``float: left``, lopsided four-value shorthands (``margin: 0 1rem 0 0``, ``border-radius: 3px 0 0 3px``)
or shadows thrown sideways: their logical forms (``margin-inline-start``, ``inset-inline-end``,
``text-align: end``, ``float: inline-start``, ``border-start-start-radius``) follow the reading direction.
A declaration that must stay physical (a marker placed on a photo's own x/y) says so with a comment
beginning ``physical`` on the same line, e.g. ``margin: -11px 0 0 -11px; /* physical */``.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_OURS = {".venv", "node_modules", "staticfiles", "media", "test-artifacts", ".git"}

PHYSICAL_NAME = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")
PHYSICAL_WORD = re.compile(r"\b(?:left|right)\b")
FOUR_SIDED = {
    "margin", "padding", "inset", "scroll-margin", "scroll-padding", "border-width", "border-style", "border-color",
}  # fmt: skip
SHADOWS = {"box-shadow", "text-shadow"}
LENGTH = re.compile(r"^-?(?:\d+\.?\d*|\.\d+)[a-z%]*$")


def our_stylesheets():
    """Every ``.css`` file in the project's own static folders (not Django's admin, not npm's)."""
    found = [*ROOT.glob("static/**/*.css"), *ROOT.glob("*/static/**/*.css")]
    return sorted(p for p in found if not NOT_OURS & set(p.relative_to(ROOT).parts))


def _without_comments(css):
    """The text with every comment blanked out, line breaks kept (so line numbers still point right)."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), css, flags=re.S)


def _split(value, separator=None):
    """Split a value on spaces (or on ``separator``) outside parentheses: ``calc(1px + 2px) 0`` is two parts."""
    parts, depth, current = [], 0, ""
    for char in value:
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and (char == separator or (separator is None and char.isspace())):
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _lopsided_radius(value):
    for part in _split(value, "/"):
        corners = _split(part)
        if len(corners) == 1:
            continue
        if len(corners) == 2:
            corners = [corners[0], corners[1], corners[0], corners[1]]
        elif len(corners) == 3:
            corners = [corners[0], corners[1], corners[2], corners[1]]
        top_left, top_right, bottom_right, bottom_left = corners[:4]
        if top_left != top_right or bottom_left != bottom_right:
            return True
    return False


def _sideways_shadow(value):
    for shadow in _split(value, ","):
        lengths = [token for token in _split(shadow) if LENGTH.match(token)]
        if lengths and float(re.match(r"-?[\d.]+", lengths[0]).group()) != 0:
            return True
    return False


def is_physical(name, value):
    """Whether a declaration depends on left and right rather than on the reading direction."""
    name = name.strip().lower()
    value = re.sub(r"url\([^)]*\)|\"[^\"]*\"|'[^']*'", "", value.strip().lower())
    if name.startswith("--"):
        return False
    if PHYSICAL_NAME.search(name) or PHYSICAL_WORD.search(value):
        return True
    if name in FOUR_SIDED:
        sides = _split(value.replace("!important", ""))
        return len(sides) == 4 and sides[1] != sides[3]
    if name == "border-radius":
        return _lopsided_radius(value.replace("!important", ""))
    if name in SHADOWS:
        return _sideways_shadow(value)
    return False


def physical_declarations(css):
    """``(line number, declaration)`` for each physical declaration not marked ``/* physical */`` on its line."""
    allowed = {n for n, line in enumerate(css.splitlines(), 1) if re.search(r"/\*\s*physical", line, re.I)}
    text = _without_comments(css)
    found = []
    for block in re.finditer(r"\{([^{}]*)\}", text):
        offset = block.start(1)
        for declaration in block.group(1).split(";"):
            start = offset + len(declaration) - len(declaration.lstrip())
            offset += len(declaration) + 1
            if ":" not in declaration:
                continue
            name, value = declaration.split(":", 1)
            line = text.count("\n", 0, start) + 1
            if is_physical(name, value) and line not in allowed:
                found.append((line, " ".join(declaration.split())))
    return found


def test_our_stylesheets_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in our_stylesheets()}
    assert {"static/css/site.css", "static/css/print.css", "static/admin-newsroom/desk.css"} <= names
    assert not any(name.startswith(("node_modules/", ".venv/")) for name in names)


@pytest.mark.parametrize("path", our_stylesheets(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_stylesheet_uses_logical_properties(path):
    assert physical_declarations(path.read_text()) == []


@pytest.mark.parametrize(
    "declaration",
    [
        "margin-left: 1rem",
        "padding-right: 0",
        "border-left: 4px solid red",
        "border-left-width: .5rem",
        "border-top-right-radius: 3px",
        "left: 0",
        "right: .5rem",
        "text-align: left",
        "text-align: right",
        "float: right",
        "clear: left",
        "background: linear-gradient(to right, #fff, #000)",
        "margin: 0 .5rem 0 0",
        "padding: .15rem .25rem .15rem .6rem !important",
        "inset: 0 auto 0 0",
        "border-radius: 3px 0 0 3px",
        "border-radius: 0 3px",
        "box-shadow: 2px 2px 4px #000",
    ],
)
def test_physical_declarations_are_caught(declaration):
    assert physical_declarations(f".x {{ {declaration}; }}") == [(1, declaration)]


@pytest.mark.parametrize(
    "declaration",
    [
        "margin-inline-start: 1rem",
        "padding-inline: .6rem .25rem",
        "border-inline-start: 4px solid red",
        "inset-inline-end: 0",
        "text-align: start",
        "text-align: center",
        "float: inline-end",
        "margin: 0 auto",
        "margin: 1px 2px 3px 2px",
        "padding: 0 1rem 2rem",
        "border-radius: 50%",
        "border-start-start-radius: 3px",
        "box-shadow: 0 4px 12px rgba(0, 0, 0, .15)",
        "box-shadow: 0 0 0 5px var(--ink)",
        "transform: scaleX(-1)",
        "background: url(arrow-left.svg)",
        "--left-over: 1",
        "top: 0",
    ],
)
def test_logical_declarations_pass(declaration):
    assert physical_declarations(f".x {{ {declaration}; }}") == []


def test_a_declaration_marked_physical_on_its_line_is_allowed_and_others_are_not():
    css = (
        "/* The marker sits on the photo's own x/y. */\n"
        ".marker { margin: -11px 0 0 -11px; /* physical */ }\n"
        "@media (min-width: 40rem) {\n"
        "  .a { color: red;\n"
        "    margin-right: 1rem; }\n"
        "}\n"
    )
    assert physical_declarations(css) == [(5, "margin-right: 1rem")]
