from fastapi.testclient import TestClient

from ${{ values.module }} import __version__
from ${{ values.module }}.main import app

client = TestClient(app)


def test_health_reports_ok() -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "service": "${{ values.name }}",
        "version": __version__,
    }


def test_openapi_describes_health() -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert "/health" in response.json()["paths"]


def test_unknown_path_is_404() -> None:
    assert client.get("/no-such-page").status_code == 404
