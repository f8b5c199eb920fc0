"""`python -m ${{ values.module }}` serves the app, like the `${{ values.name }}` command."""

from .main import run

if __name__ == "__main__":
    run()
