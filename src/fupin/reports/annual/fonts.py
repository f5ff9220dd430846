"""The fonts the work report is written with: one CJK font with TrueType outlines, which the
PDF embeds (as a subset) and the charts draw with, and for the English report a Latin serif
if the machine has one.

The CJK font is the file `FUPIN_CJK_FONT` names (a .ttf or .ttc), else the first of the
Debian packages' paths below. It must have TrueType (glyf) outlines: reportlab cannot embed
CFF outlines such as the Noto CJK .ttc. Everything is looked up and registered once."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from fupin.core.errors import InvalidInput

ENV_VARIABLE = "FUPIN_CJK_FONT"
PACKAGE = "fonts-wqy-microhei"

#: where the Debian packages put their CJK fonts, preferred first
CJK_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",  # fonts-arphic-gbsn00lp
    "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",  # fonts-arphic-gkai00mp
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # fonts-arphic-uming
    "/usr/share/fonts/truetype/arphic/ukai.ttc",  # fonts-arphic-ukai
)

#: a Latin serif with a bold face for the English report (Times-like first)
LATIN_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    ),
)

_PROBE = "中国扶贫"  # characters a CJK font must have


@dataclass(frozen=True, slots=True)
class FontFile:
    path: Path
    index: int  # the face in a .ttc collection, 0 in a .ttf
    family: str  # "WenQuanYi Micro Hei": the name Word and matplotlib know it by
    postscript: str  # "WenQuanYiMicroHei": the name a PDF's BaseFont carries


@dataclass(frozen=True, slots=True)
class LatinFonts:
    regular: FontFile
    bold: FontFile


def cjk_font() -> FontFile:
    """The CJK font to write with, or InvalidInput saying what to install."""
    return _cjk_font(os.environ.get(ENV_VARIABLE, ""), CJK_CANDIDATES)


def latin_fonts() -> LatinFonts | None:
    """A Latin serif (regular and bold) for the English report, None if the machine has none."""
    return _latin_fonts(LATIN_CANDIDATES)


@functools.cache
def _cjk_font(chosen: str, candidates: tuple[str, ...]) -> FontFile:
    if chosen:
        # a font named on purpose that does not work is an error, not a reason to fall back
        path = Path(chosen)
        if not path.is_file():
            raise InvalidInput(
                f"{ENV_VARIABLE}={chosen}: no such font file; point it to a TrueType .ttf/.ttc"
                f" or unset it to use the {PACKAGE} package's font"
            )
        font = _cjk_face(path)
        if font is None:
            raise InvalidInput(
                f"{ENV_VARIABLE}={chosen}: not a TrueType-outline font with Chinese characters"
                f" (CFF/OpenType fonts such as Noto CJK cannot be embedded); install {PACKAGE}"
            )
        return font
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file() and (font := _cjk_face(path)) is not None:
            return font
    raise InvalidInput(
        f"no Chinese font to write the report with: install the {PACKAGE} package"
        f" or set {ENV_VARIABLE} to a TrueType .ttf/.ttc file"
    )


@functools.cache
def _latin_fonts(candidates: tuple[tuple[str, str], ...]) -> LatinFonts | None:
    for regular, bold in candidates:
        if Path(regular).is_file() and Path(bold).is_file():
            faces = _face(Path(regular), 0, ""), _face(Path(bold), 0, "")
            if faces[0] is not None and faces[1] is not None:
                return LatinFonts(regular=faces[0], bold=faces[1])
    return None


def _cjk_face(path: Path) -> FontFile | None:
    """The first face of the file with TrueType outlines and Chinese characters."""
    from fontTools.ttLib import TTCollection, TTLibError

    try:
        if _is_collection(path):
            with TTCollection(path, lazy=True) as collection:
                count = len(collection.fonts)
        else:
            count = 1
    except (OSError, TTLibError):
        return None
    for index in range(count):
        if (font := _face(path, index, _PROBE)) is not None:
            return font
    return None


def _face(path: Path, index: int, probe: str) -> FontFile | None:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            if "glyf" not in font:
                return None
            cmap = font.getBestCmap() or {}
            if any(ord(char) not in cmap for char in probe):
                return None
            names = font["name"]
            family = names.getDebugName(1) or path.stem
            postscript = names.getDebugName(6) or family.replace(" ", "")
    except (OSError, TTLibError, KeyError):
        return None
    return FontFile(path=path, index=index, family=family, postscript=postscript)


def _is_collection(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"ttcf"


def pdf_font(font: FontFile) -> str:
    """The font registered with reportlab (embedded as a subset when used); its name."""
    return _pdf_font(font)


@functools.cache
def _pdf_font(font: FontFile) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"{font.postscript}-{font.index}"
    pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.index))
    # the font has no bold or italic face: <b> and <i> in a paragraph keep the same face
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return name


def pdf_latin_fonts(fonts: LatinFonts) -> tuple[str, str]:
    """The Latin regular and bold registered with reportlab as one family."""
    return _pdf_latin_fonts(fonts)


@functools.cache
def _pdf_latin_fonts(fonts: LatinFonts) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics

    regular, bold = _pdf_font(fonts.regular), _pdf_font(fonts.bold)
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
    )
    return regular, bold


def chart_font(font: FontFile) -> str:
    """The font added to matplotlib's font list (once); the family name to draw with."""
    return _chart_font(font)


@functools.cache
def _chart_font(font: FontFile) -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font.path))
    return font.family
