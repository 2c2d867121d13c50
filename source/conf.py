"""Sphinx configuration for Inside XNU."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "extensions"))

project = "Inside XNU"
author = "The Inside XNU authors"
copyright = "2026, The Inside XNU authors"
language = "en"
version = "2026.11"
release = "2026.11"

# One pinned XNU release for every source link on the site (macOS 15.5 era).
xnu_tag = "xnu-11417.121.6"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "inside_xnu",
]

# The one public address of the site: canonical links, sitemap, Open Graph and
# the 404 page all derive from it.
html_baseurl = "https://inside-xnu.readthedocs.io/en/latest/"

root_doc = "index"
exclude_patterns = ["_glossary", "_data", "_build", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
html_static_path = ["_static"]

# The source cross-reference: inline code naming an XNU symbol links to its
# entry on the Kernel symbols page. The index is generated from the source at
# xnu_tag (make xnu-index); names outside XNU are listed in userspace-apis.txt.
inside_xnu_symbols = "_data/xnu-symbols.json"
inside_xnu_userspace = "_data/userspace-apis.txt"

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

nitpicky = True

# -- Inside XNU: subsystems, in landing-page/book order ---------------------
inside_xnu_subsystems = [
    {
        "key": "mach",
        "keywords": ["Mach IPC", "XNU"],
        "title": "Mach",
        "description": (
            "The microkernel half of XNU: tasks and threads, ports and messages, "
            "the scheduler that decides which thread runs, and the exception "
            "machinery that everything else reports faults through."
        ),
    },
    {
        "key": "bsd",
        "keywords": ["Unix", "POSIX"],
        "title": "BSD",
        "description": (
            "The Unix half: processes, credentials, system calls, file "
            "descriptors, signals, sockets and the virtual file system layer "
            "that turns Mach's primitives into the POSIX interface programs expect."
        ),
    },
    {
        "key": "vm",
        "keywords": ["VM", "memory"],
        "title": "Virtual memory",
        "description": (
            "How XNU maps, shares, compresses and reclaims memory: the VM map and "
            "VM objects, the machine-dependent pmap layer, the compressor, and "
            "memorystatus, which kills processes when memory runs out."
        ),
    },
    {
        "key": "fs",
        "keywords": ["APFS", "file system"],
        "title": "File systems",
        "description": (
            "APFS and the kernel interfaces around it: containers and volumes, "
            "copy-on-write metadata, clones, snapshots and the sealed system volume."
        ),
    },
    {
        "key": "drivers",
        "keywords": ["IOKit", "DriverKit", "driver"],
        "title": "Drivers",
        "description": (
            "IOKit, the object-oriented driver framework inside the kernel, and "
            "DriverKit, which moves the same object model into user-space processes."
        ),
    },
    {
        "key": "security",
        "keywords": ["code signing", "sandbox"],
        "title": "Security",
        "description": (
            "Code signing and its enforcement, entitlements, the MAC framework and "
            "the sandbox, System Integrity Protection, privacy consent (TCC) and the "
            "Secure Enclave: the layers that decide what code may do."
        ),
    },
    {
        "key": "hardware",
        "keywords": ["Apple silicon", "arm64", "M1"],
        "title": "Apple silicon",
        "description": (
            "What XNU does differently on Apple's own chips: pointer authentication, "
            "16 KB pages, performance and efficiency cores, permission-indirection "
            "registers, matrix coprocessors and the kernel's part in Rosetta 2."
        ),
    },
    {
        "key": "debug",
        "keywords": ["panic", "debugging", "tracing"],
        "title": "Debugging",
        "description": (
            "What XNU records when something goes wrong or runs slowly: panics "
            "and the panic log, stackshots, kernel core dumps, kdebug tracing and "
            "guard exceptions, and the boot-args that turn the debugger on."
        ),
    },
    {
        "key": "net",
        "keywords": ["networking", "TCP/IP", "sockets"],
        "title": "Networking",
        "description": (
            "The network stack: sockets and their buffers, mbufs, network "
            "interfaces and the data-link layer, TCP/IP, content filters and "
            "NECP policy, and Skywalk, the newer channel-based packet path."
        ),
    },
]
inside_xnu_articles = "articles/*"

# -- HTML --------------------------------------------------------------------
html_theme = "furo"
html_title = "Inside XNU"
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Result summaries make the search page fetch every result page before showing
# it (the first article alone is 180 KB); titles plus the glossary box are
# enough, and results appear at once.
html_show_search_summary = False

# Open Graph: articles describe themselves with their front-matter blurb.
ogp_site_url = html_baseurl
ogp_site_name = "Inside XNU"
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = True
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
notfound_urls_prefix = "/en/latest/"
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1><p>This page does not exist (any more). Try searching "
        "for what you were looking for:</p>"
        '<form class="xnu-search" action="/en/latest/search.html" method="get" role="search">'
        '<label for="nf-q" class="xnu-search-label">Search</label>'
        '<div class="xnu-search-row"><input id="nf-q" type="search" name="q">'
        "<button type=\"submit\">Search</button></div></form>"
    ),
}

# -- LaTeX / PDF ---------------------------------------------------------------
latex_engine = "xelatex"
latex_documents = [
    ("index", "inside-xnu.tex", "Inside XNU", "The Inside XNU authors", "manual"),
]
latex_show_urls = "no"
latex_show_pagerefs = False
# xindy sorts the index with proper Unicode support under xelatex.
latex_use_xindy = True
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "fontpkg": r"""
\setmainfont{DejaVu Serif}
\setsansfont{DejaVu Sans}
\setmonofont{DejaVu Sans Mono}[Scale=0.9]
""",
    "sphinxsetup": "verbatimwrapslines=true, verbatimforcewraps=true",
    # Kernel identifiers are long: let them break after underscores, and set
    # tables a size smaller so columns of constants fit the text width.
    "preamble": r"""
\usepackage{etoolbox}
\AtBeginDocument{\let\xnuunderscore\_\renewcommand{\_}{\xnuunderscore\allowbreak}}
\AtBeginEnvironment{tabulary}{\small}
\AtBeginEnvironment{longtable}{\small}
\AtBeginEnvironment{tabular}{\small}
\setlength{\tymin}{5.5em}
% C++ names in the symbol index (IOService::start) may break after "::".
\ExplSyntaxOn
\cs_new_protected:Npn \xnubreakcolons #1
  {
    \tl_set:Nn \l_tmpa_tl {#1}
    \regex_replace_all:nnN { :: } { \0 \c{allowbreak} } \l_tmpa_tl
    \tl_use:N \l_tmpa_tl
  }
\ExplSyntaxOff
\protected\def\sphinxstyleindexentry#1{\texttt{\xnubreakcolons{#1}}}
""",
    "printindex": r"\footnotesize\raggedright\printindex",
}

# -- ePub ------------------------------------------------------------------------
epub_title = "Inside XNU"
epub_author = "The Inside XNU authors"
epub_publisher = "The Inside XNU authors"
epub_language = "en"
version = "2026.11"
release = "2026.11"
# One identifier for the OPF and the NCX (EPUBCheck compares them); no colons.
epub_uid = "inside-xnu-2026"
epub_identifier = epub_uid
epub_scheme = "URL"
epub_show_urls = "no"
# Cover image only: with a generated cover page Sphinx 9 lists that page twice
# in the spine, which EPUBCheck rejects (RSC-005).
epub_cover = ("_static/cover.jpg", "")
epub_description = "A field guide to the macOS kernel, XNU: Mach, BSD, memory, files, drivers, security."
epub_copyright = copyright
# .buildinfo.bak appears when the configuration changed since the last build.
epub_exclude_files = ["search.html", ".buildinfo.bak"]
