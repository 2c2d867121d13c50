import pytest
@pytest.mark.sphinx("html", testroot="site")
def test_smoke(app, warning):
    app.build()
    print(warning.getvalue())
    print((app.outdir / "index.html").read_text()[:100])
