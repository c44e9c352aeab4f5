"""SVG files beside a plan, cleaned before they are published.

An SVG file is a document, not only a picture: opened on its own from the site's origin it
may run script, load other files or style the page. :func:`clean_svg` keeps the drawing
and nothing else: the shapes, text, gradients, clipping and filters of SVG 1.1, with their
presentation attributes, and references only to other parts of the same file (``#id``).
A DOCTYPE (entities), scripts, styles, event handlers, links, foreign content, animation
and every element or attribute it does not know are left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["SvgError", "clean_svg"]

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"

_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle",
    "ellipse", "line", "polyline", "polygon", "text", "tspan", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "pattern", "marker", "filter",
    "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feFlood", "feComposite",
    "feMerge", "feMergeNode", "feDropShadow",
})
_ATTRIBUTES = frozenset({
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "width", "height", "d", "points", "transform", "viewBox", "preserveAspectRatio",
    "version", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "stroke-miterlimit", "opacity", "font-family", "font-size",
    "font-weight", "font-style", "text-anchor", "dominant-baseline", "alignment-baseline",
    "letter-spacing", "word-spacing", "dx", "dy", "rotate", "textLength", "lengthAdjust",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
    "spreadMethod", "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits",
    "maskContentUnits", "patternUnits", "patternContentUnits", "patternTransform",
    "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits",
    "marker-start", "marker-mid", "marker-end", "visibility", "display", "filter",
    "filterUnits", "primitiveUnits", "stdDeviation", "in", "in2", "result", "mode",
    "values", "type", "operator", "k1", "k2", "k3", "k4", "flood-color", "flood-opacity",
    "color", "vector-effect", "shape-rendering", "text-rendering", "paint-order",
})
_HREF = frozenset({"href", f"{{{XLINK}}}href"})
_LOCAL_URL = re.compile(r"url\(\s*#[A-Za-z0-9_.:-]+\s*\)")
_LOCAL_REF = re.compile(r"#[A-Za-z0-9_.:-]+")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)

ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


class SvgError(ValueError):
    """The file is not an SVG drawing kamgen can clean; ``line`` is 1-based (0: unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def _safe_value(value: str) -> bool:
    if "url(" in value.lower():
        return _LOCAL_URL.fullmatch(value.strip()) is not None
    return "javascript:" not in value.lower().replace(" ", "")


def _clean(element: ET.Element) -> None:
    for name in list(element.attrib):
        value = element.attrib[name]
        if name in _HREF:
            keep = _LOCAL_REF.fullmatch(value.strip()) is not None
        else:
            keep = (name in _ATTRIBUTES or name == f"{{{_XML}}}space") and _safe_value(value)
        if not keep:
            del element.attrib[name]
    for child in list(element):
        tag = child.tag if isinstance(child.tag, str) else ""
        namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if namespace != SVG or local not in _ELEMENTS:
            element.remove(child)
            continue
        _clean(child)


def clean_svg(data: bytes) -> bytes:
    """The drawing of an SVG file without anything active; raises :class:`SvgError` for a
    file that is not a well-formed SVG document or declares a DOCTYPE or entities."""
    declaration = _DECLARATION.search(data)
    if declaration:
        raise SvgError("the SVG declares a DOCTYPE or entities",
                       data[: declaration.start()].count(b"\n") + 1)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        reason = str(exc).split(":")[0]
        raise SvgError(f"the SVG is not well-formed XML ({reason})", line) from None
    if root.tag != f"{{{SVG}}}svg":
        raise SvgError("the file is not an SVG drawing: its root element is not <svg> in the "
                       "SVG namespace", 1)
    _clean(root)
    drawing: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + drawing
