#!/bin/sh
# deps.sh — install the Debian packages taizhang needs to build and test, if any are missing.
# Build: compiler, pkg-config, ncursesw, SQLite, libxlsxwriter, Pango + Cairo (PDF printing)
# with the Noto CJK fonts they embed; bzip2 + unicode-data for the pinyin table. Test: cmocka,
# tmux, sqlite3 CLI, python3-openpyxl (reads exported .xlsx back), poppler-utils (reads printed
# PDF back), cups + cups-pdf (a real print queue); bench: time (peak memory of a run).
set -eu
PACKAGES="gcc make pkg-config libncurses-dev libsqlite3-dev libxlsxwriter-dev zlib1g-dev
libpango1.0-dev libcairo2-dev fonts-noto-cjk bzip2 unicode-data libcrypt-dev libcmocka-dev
tmux sqlite3 python3 python3-openpyxl locales poppler-utils cups cups-client printer-driver-cups-pdf time"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "Installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
