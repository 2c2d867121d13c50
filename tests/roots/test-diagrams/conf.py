project = "Diagrams"
extensions = ["myst_parser", "sphinxcontrib.mermaid", "inside_xnu"]
nitpicky = True
html_theme = "basic"
inside_xnu_subsystems = [{"key": "mach", "title": "Mach", "description": "Ports."}]
inside_xnu_articles = "none"
inside_xnu_optimize_assets = False
