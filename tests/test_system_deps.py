"""scripts/install-system-deps.sh on a machine without apt (a Mac, say) and on Debian.

Every run gets a temporary PATH of shims, so the machine's own tools are out
of sight: without ``dpkg-query`` and ``apt-get`` the script must install
nothing and either pass (every tool there) or list every missing tool with
its Homebrew command and exit non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from inside_xnu import chromium

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "install-system-deps.sh"
BASH = shutil.which("bash")

HTML_TOOLS = ("python3.11", "chromium", "node", "npm")
BOOK_TOOLS = ("xelatex", "latexmk", "xindy", "dejavu", "pdftoppm", "pdftotext", "epubcheck", "ctags")
# What the message must name for each missing tool, and the command it gives.
EXPECTED = {
    "python3.11": ("Python 3.11", "brew install python@3.11"),
    "chromium": ("Chromium or Chrome", "brew install --cask google-chrome"),
    "node": ("Node.js", "brew install node"),
    "npm": ("npm", "brew install node"),
    "xelatex": ("xelatex", "brew install --cask mactex-no-gui"),
    "latexmk": ("latexmk", "brew install --cask mactex-no-gui"),
    "xindy": ("xindy", "brew install --cask mactex-no-gui"),
    "dejavu": ("DejaVu fonts", "brew install --cask font-dejavu"),
    "pdftoppm": ("pdftoppm", "brew install poppler"),
    "pdftotext": ("pdftotext", "brew install poppler"),
    "epubcheck": ("EPUBCheck", "brew install epubcheck"),
    "ctags": ("Universal Ctags", "brew install universal-ctags"),
}
# Tools the script also finds by absolute path, outside PATH: a Mac with Chrome or
# the DejaVu fonts installed system-wide has them even under a PATH of shims.
OUTSIDE_PATH = {name for name, paths in {"chromium": chromium.APPS,
                                         "dejavu": ("/Library/Fonts/DejaVuSerif.ttf",)}.items()
                if any(os.path.exists(path) for path in paths)}


def lacking(tools) -> list[str]:
    """Of ``tools``, those a PATH of shims without them really lacks here."""
    return [tool for tool in tools if tool not in OUTSIDE_PATH]


def shim(folder: Path, name: str, body: str = "exit 0") -> Path:
    """A stand-in tool; for "dejavu", the font where Homebrew's cask puts it."""
    if name == "dejavu":
        (folder / "Library" / "Fonts").mkdir(parents=True, exist_ok=True)
        name = "Library/Fonts/DejaVuSerif.ttf"
    if name == "ctags" and body == "exit 0":  # the check reads its version line
        body = "echo 'Universal Ctags 5.9.0'"
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def run(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The script with PATH = ``folder`` only (no dpkg-query/apt-get unless shimmed)."""
    return subprocess.run(
        [BASH, str(SCRIPT), *args], capture_output=True, text=True,
        env={"PATH": str(folder), "HOME": str(folder), **env},
    )


@pytest.fixture
def shims(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def missing_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("  - ")]


def test_nothing_installed_lists_every_tool_with_its_brew_command(shims):
    result = run(shims)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = missing_lines(result)
    expected = [EXPECTED[tool] for tool in lacking(EXPECTED)]
    assert len(lines) == len(expected), result.stderr
    for what, command in expected:
        assert any(what in line and line.endswith(command) for line in lines), (what, result.stderr)
    # Below the list, each Homebrew command once.
    commands = [line.strip() for line in result.stderr.splitlines() if line.startswith("    brew ")]
    assert commands == list(dict.fromkeys(command for _, command in expected))
    assert "`make test`" in result.stderr


def test_html_needs_only_python_chromium_and_node(shims):
    result = run(shims, "diagrams")
    assert result.returncode == 1
    lines = missing_lines(result)
    assert len(lines) == len(lacking(HTML_TOOLS))
    assert not any("xelatex" in line or "EPUBCheck" in line for line in lines)
    assert "`make html`" in result.stderr


def test_every_tool_present_passes_silently(shims):
    for name in HTML_TOOLS + BOOK_TOOLS:
        shim(shims, name)
    for mode in ("diagrams", "all"):
        result = run(shims, mode)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), mode


def test_html_passes_without_the_book_tools(shims):
    for name in HTML_TOOLS:
        shim(shims, name)
    assert run(shims, "diagrams").returncode == 0
    result = run(shims)
    assert result.returncode == 1
    assert len(missing_lines(result)) == len(lacking(BOOK_TOOLS))


def test_one_missing_tool_is_the_only_one_listed(shims):
    for name in HTML_TOOLS + BOOK_TOOLS:
        if name != "xindy":
            shim(shims, name)
    result = run(shims)
    assert result.returncode == 1
    assert [line.split()[1] for line in missing_lines(result)] == ["xindy"]
    assert "    brew install --cask mactex-no-gui" in result.stderr.splitlines()


def test_python_must_be_3_11(shims):
    for name in HTML_TOOLS:
        shim(shims, name)
    shim(shims, "python3.11", "exit 1")  # the version test in the script fails
    assert "Python 3.11" in run(shims, "diagrams").stderr
    shim(shims, "python3.12")
    assert run(shims, "diagrams", PYTHON=str(shims / "python3.12")).returncode == 0


def test_epubcheck_must_run(shims):
    """macOS has a /usr/bin/java stub without a Java runtime: present is not enough."""
    for name in HTML_TOOLS + BOOK_TOOLS:
        shim(shims, name)
    shim(shims, "epubcheck", "echo 'Unable to locate a Java Runtime.' >&2; exit 1")
    assert "EPUBCheck" in run(shims).stderr


def test_xnu_chromium_is_honoured(shims):
    for name in HTML_TOOLS:
        shim(shims, name)
    assert "Chromium" in run(shims, "diagrams", XNU_CHROMIUM=str(shims / "nowhere")).stderr
    (shims / "chromium").unlink()
    chrome = shim(shims.parent, "my-chrome")
    assert run(shims, "diagrams", XNU_CHROMIUM=str(chrome)).returncode == 0


@pytest.mark.parametrize("name", chromium.COMMANDS)
def test_script_and_python_find_chromium_by_the_same_names(shims, name, monkeypatch):
    for tool in HTML_TOOLS:
        if tool != "chromium":
            shim(shims, tool)
    shim(shims, name)
    assert run(shims, "diagrams").returncode == 0
    monkeypatch.delenv("XNU_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(shims))
    assert chromium.find_chromium() == str(shims / name)


def test_script_knows_the_same_macos_apps():
    text = SCRIPT.read_text()
    for app in chromium.APPS:
        assert f'"{app}"' in text


def test_python_lookup_honours_xnu_chromium(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("XNU_CHROMIUM", str(tmp_path / "nowhere"))
    assert chromium.find_chromium() is None
    with pytest.raises(RuntimeError, match="XNU_CHROMIUM="):
        chromium.require_chromium()
    monkeypatch.setenv("XNU_CHROMIUM", str(shim(tmp_path, "chrome")))
    assert chromium.find_chromium() == str(tmp_path / "chrome")


def debian_shims(folder: Path, installed: bool) -> Path:
    """dpkg-query reporting every package installed (or none); apt-get logging its calls."""
    log = folder / "apt-get.log"
    status = "install ok installed" if installed else "unknown ok not-installed"
    shim(folder, "dpkg-query", f"printf '%s' '{status}'")
    shim(folder, "apt-get", f'echo "$*" >> {log}')
    shim(folder, "id", "echo 0")
    os.symlink(shutil.which("grep"), folder / "grep")
    return log


def test_debian_with_everything_installed_does_nothing(shims):
    log = debian_shims(shims, installed=True)
    result = run(shims)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not log.exists()


def test_debian_installs_the_missing_packages_with_apt(shims):
    log = debian_shims(shims, installed=False)
    result = run(shims, "diagrams")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "installing system packages: chromium fonts-dejavu-core\n"
    assert log.read_text().splitlines() == [
        "update -qq", "install -y -qq --no-install-recommends chromium fonts-dejavu-core"]


def test_make_html_without_apt_stops_with_the_list_before_installing_anything(shims):
    """`make html` itself: the check runs before the venv and npm ci."""
    for tool in ("make", "env"):
        os.symlink(shutil.which(tool), shims / tool)
    os.symlink(BASH, shims / "bash")
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "html", "PYTHON=python3.11"],
        capture_output=True, text=True, env={"PATH": str(shims), "HOME": str(shims)},
    )
    assert result.returncode != 0
    assert "`make html` needs tools this machine lacks\n" in result.stderr
    assert len(missing_lines(result)) == len(lacking(HTML_TOOLS))
    assert "npm ci" not in result.stdout and "venv" not in result.stdout


def test_devcontainer_is_debian_12_running_the_same_script_with_the_live_port():
    config = json.loads((REPO / ".devcontainer" / "devcontainer.json").read_text())
    assert config["image"].endswith("-bookworm")  # Debian 12, like CI
    assert config["postCreateCommand"] == "scripts/install-system-deps.sh"
    assert "http://127.0.0.1:8000" in (REPO / "Makefile").read_text()  # what `make live` serves
    assert config["forwardPorts"] == [8000]
