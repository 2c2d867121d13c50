#!/usr/bin/env bash
# What the build and the tests need from the system, listed once.
# On Debian/Ubuntu (dpkg-query and apt-get on PATH) it installs the missing
# packages; idempotent and quiet when everything is already there.
# Anywhere else (macOS, other Linux) it installs nothing: it checks every tool
# and, if any is missing, prints one list of them with the Homebrew command
# that installs each on macOS, and exits 1.
#   install-system-deps.sh diagrams   what `make html` needs (diagram rendering)
#   install-system-deps.sh            everything (`make test`: PDF, ePub, browser tests)
set -euo pipefail

# --- Debian packages -------------------------------------------------------
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

# --- Tools checked elsewhere: "what|check|Homebrew command" ------------------
# The check is a command that must be on PATH, or one of the special checks
# in have() below. Debian's list above installs all of them there, except
# Python and Node.js, which Debian 12 images and CI already have.
TOOLS_HTML=(
  "Python 3.11 (python3.11, or PYTHON=)|python|brew install python@3.11"
  "Chromium or Chrome (or XNU_CHROMIUM=)|chromium|brew install --cask google-chrome"
  "Node.js|node|brew install node"
  "npm|npm|brew install node"
)
TOOLS_BOOKS=(
  "xelatex (PDF)|xelatex|brew install --cask mactex-no-gui"
  "latexmk (PDF)|latexmk|brew install --cask mactex-no-gui"
  "xindy (PDF index)|xindy|brew install --cask mactex-no-gui"
  "DejaVu fonts (PDF, diagrams)|dejavu|brew install --cask font-dejavu"
  "pdftoppm (PDF tests)|pdftoppm|brew install poppler"
  "pdftotext (PDF tests)|pdftotext|brew install poppler"
  "EPUBCheck and Java (ePub tests)|epubcheck|brew install epubcheck"
  "Universal Ctags (symbol index tests)|ctags|brew install universal-ctags"
)

# Where a Chromium may be: the same order as extensions/inside_xnu/chromium.py.
CHROMIUM_COMMANDS=(chromium chromium-browser google-chrome google-chrome-stable)
CHROMIUM_APPS=(
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
  "/Applications/Chromium.app/Contents/MacOS/Chromium"
)

usage() { echo "usage: $0 [diagrams|all]" >&2; exit 2; }

is_debian() { command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; }

find_chromium() {  # prints the executable, or fails
  local candidate
  if [ -n "${XNU_CHROMIUM:-}" ]; then
    [ -f "$XNU_CHROMIUM" ] && [ -x "$XNU_CHROMIUM" ] && echo "$XNU_CHROMIUM"
    return
  fi
  for candidate in "${CHROMIUM_COMMANDS[@]}"; do
    command -v "$candidate" && return
  done
  for candidate in "${CHROMIUM_APPS[@]}"; do
    [ -f "$candidate" ] && [ -x "$candidate" ] && echo "$candidate" && return
  done
  return 1
}

have() {  # is this tool usable? (bash built-ins only: PATH may hold nothing else)
  case "$1" in
    # The interpreter make creates .venv with (the Makefile passes PYTHON).
    python) "${PYTHON:-python3.11}" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
              >/dev/null 2>&1 ;;
    chromium) find_chromium >/dev/null ;;
    # Homebrew's font casks install into ~/Library/Fonts; fc-list covers other systems.
    dejavu) [ -f "$HOME/Library/Fonts/DejaVuSerif.ttf" ] || [ -f /Library/Fonts/DejaVuSerif.ttf ] ||
              { command -v fc-list >/dev/null && [ -n "$(fc-list 'DejaVu Serif' 2>/dev/null)" ]; } ;;
    # Runs it: macOS has a /usr/bin/java stub that is present without a Java runtime.
    epubcheck) epubcheck --version >/dev/null 2>&1 ;;
    # macOS ships a BSD ctags at /usr/bin/ctags: only Universal Ctags reads XNU.
    ctags) [[ "$(ctags --version 2>/dev/null)" == *"Universal Ctags"* ]] ;;
    *) command -v "$1" >/dev/null ;;
  esac
}

install_debian_packages() {  # packages...
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_tools() {  # target-name "what|check|command"...
  # Strings, not arrays: macOS's bash 3.2 treats an empty array as unset under set -u.
  local target=$1 entry what check command missing="" commands=""
  shift
  for entry in "$@"; do
    IFS="|" read -r what check command <<<"$entry"
    have "$check" && continue
    missing+="$(printf '  - %-38s %s' "$what" "$command")"$'\n'
    case "$commands" in
      *"    $command"$'\n'*) ;;
      *) commands+="    $command"$'\n' ;;
    esac
  done
  [ -z "$missing" ] && return 0

  {
    echo "\`make $target\` needs tools this machine lacks"
    echo "(there is no dpkg-query/apt-get here, so nothing was installed):"
    printf '%s' "$missing"
    echo "On macOS, install them with Homebrew (https://brew.sh):"
    printf '%s' "$commands"
    echo "then run \`make $target\` again. On other systems use their package manager,"
    echo "or open the repository in its dev container (.devcontainer/devcontainer.json)."
  } >&2
  return 1
}

case "${1:-all}" in
  diagrams) PACKAGES=("${DIAGRAMS[@]}"); TARGET=html; TOOLS=("${TOOLS_HTML[@]}") ;;
  all) PACKAGES=("${DIAGRAMS[@]}" "${BOOKS[@]}"); TARGET=test; TOOLS=("${TOOLS_HTML[@]}" "${TOOLS_BOOKS[@]}") ;;
  *) usage ;;
esac

if is_debian; then
  install_debian_packages "${PACKAGES[@]}"
else
  check_tools "$TARGET" "${TOOLS[@]}"
fi
