"""Vietnamese typed with the pre-Unicode fonts (TCVN3 ".VnTime", VNI "VNI-Times") turned into Unicode.

Old reports were typed with these fonts: the file holds Latin-1 letters ("B¸o c¸o", "Baùo caùo")
that only the font draws as Vietnamese. Word keeps the font name on each run, so a run whose font
is ".Vn..." or "VNI-..." is converted; text whose font is unknown is judged by its letters.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum


class LegacyEncoding(Enum):
    TCVN3 = "TCVN3"  # TCVN 5712:1993 VN3, the ".VnTime" family (ABC keyboard)
    VNI = "VNI"  # the "VNI-Times" family (VNI Windows)


# TCVN3: one byte per letter. The lower-case letters; the ".VnTimeH" fonts draw the same codes
# in capitals, and the capital base letters Ă Â Đ Ê Ô Ơ Ư have codes of their own.
_TCVN3_PAIRS = (
    "¸á µà ¶ả ·ã ¹ạ ¨ă ¾ắ »ằ ¼ẳ ½ẵ Æặ ©â Êấ Çầ Èẩ Éẫ Ëậ ®đ "
    "Ðé Ìè Îẻ Ïẽ Ñẹ ªê Õế Òề Óể Ôễ Öệ Ýí ×ì Øỉ Üĩ Þị "
    "ãó ßò áỏ âõ äọ «ô èố åồ æổ çỗ éộ ¬ơ íớ êờ ëở ìỡ îợ "
    "óú ïù ñủ òũ ôụ \u00adư øứ õừ öử ÷ữ ùự ýý úỳ ûỷ üỹ þỵ "
    "¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3_TO_UNICODE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

# VNI: a base letter followed by a mark letter ("a" + "ù" = "á"). Marks per vowel family.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_TONES_PLAIN = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_TONES_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_TONES_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def put(seq: str, base: str, *marks: str) -> None:
        composed = unicodedata.normalize("NFC", base + "".join(marks))
        table[seq] = composed
        table[seq.upper()] = composed.upper()

    for base in "aeouy":
        put(base, base)
        for mark, tone in _TONES_PLAIN.items():
            put(base + mark, base, tone)
    for vni_base, base, hat in (("a", "a", "\u0302"), ("e", "e", "\u0302"), ("o", "o", "\u0302")):
        for mark, tone in _TONES_CIRCUMFLEX.items():
            put(vni_base + mark, base, hat, tone)
    for mark, tone in _TONES_BREVE.items():
        put("a" + mark, "a", "\u0306", tone)
    for vni_base, base in (("ô", "o"), ("ö", "u")):  # ơ and ư: the horn is the base letter
        put(vni_base, base, "\u031b")
        for mark, tone in _TONES_PLAIN.items():
            put(vni_base + mark, base, "\u031b", tone)
    # i and ỵ have single-letter forms of their own; đ is ñ
    for seq, uni in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
        table[seq] = uni
        table[seq.upper()] = uni.upper()
    table["ñ"], table["Ñ"] = "đ", "Đ"
    return {k: v for k, v in table.items() if k != v}


VNI_TO_UNICODE: dict[str, str] = _vni_table()
# Longest sequences first, so "ôù" (ớ) wins over "ô" (ơ).
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    """TCVN3 text as Unicode (NFC). capitals: the run used a ".Vn...H" font, which draws every
    letter as a capital."""
    out = "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in text)
    return out.upper() if capitals else out


def vni_to_unicode(text: str) -> str:
    """VNI text as Unicode (NFC)."""
    return _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


def encoding_of_font(font: str | None) -> LegacyEncoding | None:
    """The legacy encoding a font name implies: ".VnTime", ".VnArialH" -> TCVN3; "VNI-Times" -> VNI."""
    if not font:
        return None
    name = font.strip().casefold()
    if name.startswith(".vn"):
        return LegacyEncoding.TCVN3
    if name.startswith("vni-") or name.startswith("vni "):
        return LegacyEncoding.VNI
    return None


def is_capitals_font(font: str | None) -> bool:
    """A TCVN3 capitals font (".VnTimeH", ".VnArialH"): same codes, drawn upper case."""
    if not font or encoding_of_font(font) is not LegacyEncoding.TCVN3:
        return False
    return font.strip().endswith(("H", "h"))


# Letters that Unicode Vietnamese text is made of beyond Latin-1: if a text has them, it is Unicode.
# (â, ê, ô are Latin-1 and VNI uses them as marks, so they prove nothing.)
_UNICODE_VIETNAMESE = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
# Codes that only TCVN3 uses for letters (Latin-1 symbols no Vietnamese text contains).
_TCVN3_ONLY = re.compile("[¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾]")
# VNI mark letters that no Vietnamese word contains, or "ù" after a vowel ("caùc"): pairs like
# "oà", "uá" are Unicode Vietnamese too ("hoàn", "quá"), so they prove nothing.
_VNI_MARKS = re.compile("[øûïåäëüæñöîØÛÏÅÄËÜÆÑÖÎ]|[aeiouyAEIOUY][ùÙ]")


def guess_encoding(text: str) -> LegacyEncoding | None:
    """Judge text whose font says nothing: TCVN3 or VNI when its letters show it, else None.

    Unicode Vietnamese has letters (ư, ơ, đ, ạ...) that neither legacy text contains, and the
    legacy text has Latin-1 symbols or letter pairs that Vietnamese words never contain.
    """
    if _UNICODE_VIETNAMESE.search(text):
        return None
    words = [w for w in re.split(r"\s+", text) if w]
    if not words:
        return None
    tcvn = sum(1 for w in words if _TCVN3_ONLY.search(w))
    vni = sum(1 for w in words if _VNI_MARKS.search(w))
    # One odd symbol ("©", "§ 3") is not an encoding: ask for several words or a quarter of them.
    threshold = max(2, len(words) // 4) if len(words) > 2 else 1
    if tcvn >= threshold and tcvn >= vni:
        return LegacyEncoding.TCVN3
    if vni >= threshold:
        return LegacyEncoding.VNI
    return None


def to_unicode(text: str, encoding: LegacyEncoding, *, capitals: bool = False) -> str:
    if encoding is LegacyEncoding.TCVN3:
        return tcvn3_to_unicode(text, capitals=capitals)
    return vni_to_unicode(text)
