#!/usr/bin/env bash
# Installs the Debian packages the full build and the tests need, once.
# The one list of system packages for the project; idempotent and quiet when
# everything is already there.
set -euo pipefail

PACKAGES=(
  # PDF: xelatex, latexmk, xindy and the fonts Sphinx's LaTeX uses
  texlive-xetex texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended fonts-noto-mono fonts-dejavu-core
  latexmk xindy
  # Reading the PDF back in tests (pdftoppm, pdftotext)
  poppler-utils
  # Diagrams (mermaid-cli) and browser tests
  chromium
  # ePub validation
  default-jre-headless epubcheck
)

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
