#!/bin/sh
# Regenerates the README screenshots, and the smaller ones of the user guide shipped with the app
# (resources/help/anh/), from the demo report. Run from the repository root:
#   sh docs/screenshots/chup-anh.sh
# Works without a screen (Qt offscreen); user settings are kept out of it (a throwaway config dir).
set -e
OUT=docs/screenshots
TMP=$(mktemp -d)
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$TMP/config" CCHC_DB="$TMP/cchc.sqlite3"
CCHC=.venv/bin/cchc
APP=.venv/bin/cchc-desktop
SIZE=1366x860
HELP=resources/help/anh
HELP_SIZE=1100x700

ID=$($CCHC demo)
# a quý I report of the same unit, so the "Kỳ trước" column of Phụ lục III has figures
Q1=$($CCHC new --unit "Sở Tài chính" --period Q1 --year 2024)
$CCHC set "$Q1" 1.1.1 38 1.1.2 8 1.1.3 7 1.2.1 0 1.2.2 0 1.2.3 0 1.3.1 120 1.3.2 95 1.3.3 0 \
    2.1 1 2.2 0 2.3 0 2.4 0 2.5 0 3.1.1 0 3.1.2 0 3.1.3 6 3.1.3.1 5 3.1.3.2 1 3.1.3.3 0 \
    3.2.1 6 3.2.2 6 3.2.3 0 3.3.1 0 3.3.2 0 3.3.3 100% 3.3.4 100% 3.4.1 100% >/dev/null

$APP --screenshot "$OUT/danh-sach.png" --size "$SIZE"
$APP --screenshot "$HELP/danh-sach.png" --size "$HELP_SIZE"
$APP --open "$ID" --page noi-dung --screenshot "$HELP/noi-dung.png" --size "$HELP_SIZE"
for page in thong-tin-chung noi-dung phu-luc-1 phu-luc-2 phu-luc-3 kiem-tra; do
    $APP --open "$ID" --page "$page" --screenshot "$OUT/$page.png" --size "$SIZE"
done

# the same report with a real mistake: 40 tasks done out of 38 assigned (1.1.2 > 1.1.1)
$CCHC set "$ID" 1.1.2 40 >/dev/null
$APP --open "$ID" --page phu-luc-3 --screenshot "$OUT/phu-luc-3-loi.png" --size "$SIZE"
$APP --open "$ID" --page kiem-tra --screenshot "$OUT/kiem-tra-loi.png" --size "$SIZE"
$APP --open "$ID" --page phu-luc-3 --screenshot "$HELP/phu-luc-3-loi.png" --size "$HELP_SIZE"
$APP --open "$ID" --page kiem-tra --screenshot "$HELP/kiem-tra-loi.png" --size "$HELP_SIZE"
rm -rf "$TMP"
