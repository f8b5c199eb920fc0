"""${{ values.name }}: an HTTP service on FastAPI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("${{ values.name }}")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0.0.0"
