"""The HTTP API: the FastAPI app, and `run`, the command that serves it."""

import os

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

from . import __version__

SERVICE = "${{ values.name }}"

app = FastAPI(
    title=SERVICE,
    version=__version__,
)


class Health(BaseModel):
    """The body of `GET /health`."""

    status: str
    service: str
    version: str


@app.get("/health")
def health() -> Health:
    """Answers while the service is up: for load balancers and orchestrators."""
    return Health(status="ok", service=SERVICE, version=__version__)


def run() -> None:
    """Serves the app on HOST:PORT (default 0.0.0.0:8000)."""
    uvicorn.run(
        app,
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8000")),
    )
