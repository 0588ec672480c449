"""TCVN3 (.VnTime) and VNI (VNI-Times) text to Unicode: the tables, letter by letter, and detection."""

from __future__ import annotations

import unicodedata

import pytest

from cchc_desktop.domain.legacy_fonts import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    LegacyEncoding,
    encoding_of_font,
    guess_encoding,
    is_capitals_font,
    tcvn3_to_unicode,
    to_unicode,
    vni_to_unicode,
)

# The 67 lower-case Vietnamese letters beyond ASCII plus the 7 capital base letters: TCVN3 has
# a code for each of these and nothing else.
LOWER = "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ"


def test_tcvn3_covers_every_vietnamese_letter_once() -> None:
    assert sorted(TCVN3_TO_UNICODE.values()) == sorted(LOWER + "ĂÂĐÊÔƠƯ")
    assert len(set(TCVN3_TO_UNICODE)) == len(TCVN3_TO_UNICODE) == 74
    assert all(0xA1 <= ord(k) <= 0xFE for k in TCVN3_TO_UNICODE)  # the font's upper half


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("B¸o c¸o", "Báo cáo"),
        ("B¶o Th¾ng", "Bảo Thắng"),  # public examples of the encoding
        ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),
        ("c¶i c¸ch hµnh chÝnh", "cải cách hành chính"),
        ("Së Tµi chÝnh", "Sở Tài chính"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("ngµy 15 th¸ng 6 n¨m 2024", "ngày 15 tháng 6 năm 2024"),
        ("1.088 v¨n b¶n, 98,73%", "1.088 văn bản, 98,73%"),
    ],
)
def test_tcvn3_words(legacy: str, unicode: str) -> None:
    assert tcvn3_to_unicode(legacy) == unicode


def test_tcvn3_capitals_font() -> None:
    assert tcvn3_to_unicode("b¸o c¸o", capitals=True) == "BÁO CÁO"
    assert is_capitals_font(".VnTimeH") and is_capitals_font(".VnArialH")
    assert not is_capitals_font(".VnTime") and not is_capitals_font("Times New Roman")


def test_vni_covers_every_vietnamese_letter() -> None:
    produced = set(VNI_TO_UNICODE.values()) | set("íìÍÌ")  # VNI writes í and ì as Latin-1 does
    for ch in LOWER:
        assert ch in produced and ch.upper() in produced, ch
    assert all(unicodedata.is_normalized("NFC", v) for v in produced)


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Baùo caùo", "Báo cáo"),
        ("caûi caùch haønh chính", "cải cách hành chính"),
        ("Sôû Taøi chính", "Sở Tài chính"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("ngaøy 15 thaùng 6 naêm 2024", "ngày 15 tháng 6 năm 2024"),
        ("ngöôøi, quyeát ñònh, khoâng, ñaàu", "người, quyết định, không, đầu"),
        ("UÛY BAN NHAÂN DAÂN", "ỦY BAN NHÂN DÂN"),
        ("tyû leä, kyø", "tỷ lệ, kỳ"),
    ],
)
def test_vni_words(legacy: str, unicode: str) -> None:
    assert vni_to_unicode(legacy) == unicode
    assert to_unicode(legacy, LegacyEncoding.VNI) == unicode


@pytest.mark.parametrize(
    ("font", "encoding"),
    [
        (".VnTime", LegacyEncoding.TCVN3),
        (".VnTimeH", LegacyEncoding.TCVN3),
        (" .vnarial ", LegacyEncoding.TCVN3),
        ("VNI-Times", LegacyEncoding.VNI),
        ("VNI-Helve", LegacyEncoding.VNI),
        ("Times New Roman", None),
        ("", None),
        (None, None),
    ],
)
def test_encoding_of_font(font: str | None, encoding: LegacyEncoding | None) -> None:
    assert encoding_of_font(font) is encoding


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("B¸o c¸o c«ng t¸c c¶i c¸ch hµnh chÝnh", LegacyEncoding.TCVN3),
        ("Baùo caùo coâng taùc caûi caùch haønh chính", LegacyEncoding.VNI),
        ("Báo cáo công tác cải cách hành chính", None),
        ("hoàn thành, quá hạn, khoá học, toàn bộ", None),  # "oà", "uá" are Unicode words too
        ("Copyright © 2024 - ISO 9001:2015", None),  # one odd symbol is not an encoding
        ("Café crème brûlée", None),
        ("", None),
        ("1.088 - 98,73%", None),
    ],
)
def test_guess_encoding(text: str, encoding: LegacyEncoding | None) -> None:
    assert guess_encoding(text) is encoding
