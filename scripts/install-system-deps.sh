#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, once.
# The one list of system packages for the project; idempotent and quiet when
# everything is already there.
#   install-system-deps.sh diagrams   what `make html` needs (diagram rendering)
#   install-system-deps.sh            everything (`make test`: PDF, ePub, browser tests)
set -euo pipefail

DIAGRAMS=(
  # mermaid-cli renders diagrams in the system Chromium; DejaVu is the diagram font
  chromium fonts-dejavu-core
)
BOOKS=(
  # PDF: xelatex, latexmk, xindy and the fonts the LaTeX preamble names
  texlive-xetex texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended latexmk xindy
  # Reading the PDF back in tests (pdftoppm, pdftotext)
  poppler-utils
  # ePub validation
  default-jre-headless epubcheck
  # The symbol index generator (make xnu-index) and its tests
  universal-ctags
)

case "${1:-all}" in
  diagrams) PACKAGES=("${DIAGRAMS[@]}") ;;
  all) PACKAGES=("${DIAGRAMS[@]}" "${BOOKS[@]}") ;;
  *) echo "usage: $0 [diagrams|all]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
