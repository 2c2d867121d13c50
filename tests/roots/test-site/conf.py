project = "Test site"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.mermaid", "inside_xnu"]
exclude_patterns = ["_build"]
nitpicky = True
html_theme = "basic"
inside_xnu_subsystems = [
    {"key": "mach", "title": "Mach", "description": "Tasks, ports and messages.",
     "keywords": ["Mach IPC"]},
    {"key": "bsd", "title": "BSD", "description": "Processes and signals."},
]
myst_enable_extensions = ["colon_fence"]
inside_xnu_optimize_assets = False  # tested on the real site (test_site_optimize.py)
