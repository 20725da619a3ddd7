"""The web desk at `/`: static HTML, CSS and JavaScript shipped in the package (`factdesk/desk/`),
no CDN and no build step. The page calls the API of the service that serves it; its interface
text is `desk/strings.js` (English and Korean, chosen in the browser from its languages)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from factdesk.deps import SettingsDep

# The page loads nothing but its own files and talks to nothing but this service.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def mount(app: FastAPI) -> None:
    """Serve the desk at `/` and its assets under `/desk/`."""
    folder = Path(str(resources.files("factdesk").joinpath("desk")))
    page = (folder / "index.html").read_text("utf-8")
    app.mount("/desk", StaticFiles(directory=folder), name="desk")

    @app.get("/", include_in_schema=False)
    async def desk(settings: SettingsDep) -> HTMLResponse:
        # The text box's limits are this deployment's, so the counter matches what the API takes.
        filled = page.replace("{max_claim_chars}", str(settings.max_claim_chars)).replace(
            "{max_article_chars}", str(settings.max_article_chars)
        )
        return HTMLResponse(filled, headers=HEADERS)
