"""Site and API on one origin; dot folders of the site are never served; CORS only for listed origins."""

from __future__ import annotations

import gzip


def test_site_is_served_beside_the_api(make_sqlite_client):
    client = make_sqlite_client(KB_SERVE_SITE="1")
    r = client.get("/")
    assert r.status_code == 200 and "home" in r.text
    assert client.get("/api/v1/articles/getting-started/summary").status_code == 200
    assert client.get("/manifest.json").json()["build_id"] == "build-1"
    # The API's unknown paths still answer in JSON, not with the site's 404 page.
    assert client.get("/api/v1/nope").json()["error"]["code"] == "not_found"


def test_dot_files_are_never_served(make_sqlite_client, site_dir):
    (site_dir / ".env").write_text("SECRET=1")
    client = make_sqlite_client(KB_SERVE_SITE="1")
    for path in ("/.search/CURRENT", "/.search/", "/.env", "/articles/../.search/CURRENT", "/%2esearch/CURRENT"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "index-1" not in r.text and "SECRET" not in r.text


def test_site_files_are_compressed_except_binary_ones(make_sqlite_client, site_dir):
    script = "export function search() { return 1; }\n" * 200
    shard = '{"baseline":[0,12,3,40]}' * 200
    packed = gzip.compress(b"\x00binary data" * 100)
    (site_dir / "static-search" / "terms").mkdir(parents=True)
    (site_dir / "assets").mkdir()
    (site_dir / "assets" / "search.js").write_text(script)
    (site_dir / "static-search" / "terms" / "7.json").write_text(shard)
    (site_dir / "assets" / "archive.bin").write_bytes(packed)
    client = make_sqlite_client(KB_SERVE_SITE="1")
    for path, text in (("/assets/search.js", script), ("/static-search/terms/7.json", shard)):
        r = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert r.headers["content-encoding"] == "gzip" and r.text == text, path
        assert int(r.num_bytes_downloaded) < len(text) / 10
    r = client.get("/assets/archive.bin", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in r.headers and r.content == packed
    plain = client.get("/assets/search.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == script


def test_site_is_off_by_default(sqlite_client):
    assert sqlite_client.get("/").json()["error"]["code"] == "not_found"


def test_cors_allows_only_listed_origins(make_sqlite_client):
    client = make_sqlite_client(KB_ALLOWED_ORIGINS="https://help.example.com")
    ok = client.options("/api/v1/votes", headers={"Origin": "https://help.example.com",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://help.example.com"
    other = client.get("/api/v1/articles/getting-started/summary", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_a_missing_page_gets_the_404_page_of_its_language(make_sqlite_client, site_dir):
    (site_dir / "zh").mkdir()
    (site_dir / "zh" / "404.html").write_text("<html lang=zh><body>页面不存在</body></html>", encoding="utf-8")
    client = make_sqlite_client(KB_SERVE_SITE="1")
    for path, words in (("/zh/missing/", "页面不存在"), ("/zh/categories/none/", "页面不存在"),
                        ("/missing/", "not here"), ("/articles/zh/missing/", "not here"), ("/zh/.hidden", "页面不存在")):
        r = client.get(path)
        assert r.status_code == 404 and words in r.text, path
