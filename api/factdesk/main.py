"""The FastAPI application: `create_app(settings)` builds backends once in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from threadpoolctl import threadpool_limits

from factdesk import __version__
from factdesk.access import RequestObserver, RouteTemplates
from factdesk.admission import Admission, AdmissionLimits
from factdesk.bodylimit import BodySizeLimit
from factdesk.cache import create_cache
from factdesk.config import Settings, settings_warnings
from factdesk.deps import State, publish
from factdesk.embed import create_embedder, create_english_embedder
from factdesk.embed.precomputed import shipped_vectors
from factdesk.engine.analysis.morphology import kiwi
from factdesk.engine.service import Verifier
from factdesk.engine.stance.learned import create_judge
from factdesk.errors import install_error_handlers
from factdesk.ingest import import_records, records_from_text
from factdesk.keys import KeyRing
from factdesk.limits import FieldLimits, openapi_with_limits
from factdesk.metrics import Metrics
from factdesk.ratelimit import create_rate_limiter
from factdesk.ratelimit.headers import QuotaHeaders
from factdesk.routes import (
    articles,
    checks,
    claims,
    desk,
    health,
    metrics,
    pages,
    statements,
    verify,
)
from factdesk.security import HEADER
from factdesk.seed import SeedOutcome, SeedStatus, seed_file
from factdesk.store import StatementStore, create_store
from factdesk.verification import VerificationService

log = logging.getLogger("factdesk")

DESCRIPTION = """Self-hosted claim verification for newsrooms.

Send a claim in English or Korean; FactDesk matches it against stored **sourced statements**
(lexical, fuzzy and semantic matching), judges whether each match supports or refutes it, and
returns a verdict with a confidence and the evidence, each piece citing its source and saying why.
Errors are RFC 9457 `application/problem+json`.
"""


def _operation_id(route: APIRoute) -> str:
    # Stable ids for generated clients: the route function's name.
    return route.name


def seed_store(verifier: Verifier, settings: Settings) -> SeedOutcome:
    """Load the seed statements (`seed_path`, else the packaged ones) into an empty store,
    when `seed_fixtures` asks for them.

    A seed that cannot be found or read is logged and reported, never silently skipped; the
    service still starts, with an empty store.
    """
    if not settings.seed_fixtures:
        return SeedOutcome(SeedStatus.DISABLED)
    with seed_file(settings.seed_path) as path:
        if verifier.store.stats().total > 0:
            return SeedOutcome(SeedStatus.STORE_NOT_EMPTY, path)
        if not path.is_file():
            log.warning("seed statements not found at %s; starting with an empty store", path)
            return SeedOutcome(SeedStatus.MISSING, path)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("seed statements at %s are unreadable (%s); starting empty", path, exc)
            return SeedOutcome(SeedStatus.UNREADABLE, path)
        # Their passage vectors ship beside them: a first start embeds none of them.
        with shipped_vectors(verifier, path):
            outcome = import_records(verifier, records_from_text(text, "ndjson"))
    if outcome.rejected:
        log.error(
            "seed statements: %d lines rejected: %s", len(outcome.rejected), outcome.rejected[:3]
        )
    stored = outcome.created + outcome.updated
    log.info("loaded %d seed statements from %s", stored, path)
    return SeedOutcome(SeedStatus.LOADED, path, stored, len(outcome.rejected))


def open_store(settings: Settings) -> StatementStore:
    """The store the settings name, with their pool size and timeouts."""
    return create_store(
        settings.database_url,
        pool_size=settings.database_pool_size,
        timeout=settings.database_timeout_seconds,
        statement_timeout=settings.database_statement_timeout_seconds,
    )


def open_verifier(settings: Settings) -> Verifier:
    """Store, embedder and judge from settings."""
    embedder = create_embedder(settings.embedder)
    english = create_english_embedder(settings.english_embedder)
    for model in (embedder, english):
        if model is not None:
            model.cap_queries(settings.query_token_cap)
    return Verifier(
        open_store(settings),
        embedder,
        create_judge(settings.stance_judge),
        english=english,
        index=settings.index_config,
    )


def build_verifier(settings: Settings) -> Verifier:
    """Store, embedder and judge from settings; the seed statements when the store is new."""
    verifier = open_verifier(settings)
    seed_store(verifier, settings)
    return verifier


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application. Backends are created in the lifespan, once per process."""
    settings = settings or Settings()
    # Read now, not in the lifespan: a malformed keys file stops the start with its message.
    keys = KeyRing.load(settings.api_keys_file) if settings.api_keys_file else None
    counters = Metrics()  # outlives the lifespan: the request middleware counts into it

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[State]:
        verifier = open_verifier(settings)
        seed = seed_store(verifier, settings)
        if verifier.store.stats().by_language.get("ko"):
            # Korean claims need Kiwi, which takes seconds to load: load it before /readyz
            # says yes, not inside the first Korean request (an English-only desk skips it).
            kiwi()
        cache = create_cache(settings.redis_url, settings.cache_max_entries)
        limiter = create_rate_limiter(settings.rate_limit, settings.redis_url)
        admission = Admission(
            AdmissionLimits(
                slots=settings.engine_slots,
                queue=settings.engine_queue,
                max_wait_seconds=settings.engine_max_wait_seconds,
                per_caller=settings.engine_per_caller or None,
            ),
            metrics=counters,
            limiter=limiter,
        )
        state = State(
            settings=settings,
            metrics=counters,
            keys=keys,
            verifier=verifier,
            store=verifier.store,
            cache=cache,
            service=VerificationService(
                verifier,
                cache,
                settings.cache_ttl_seconds,
                metrics=counters,
                lock_ttl_seconds=settings.cache_lock_ttl_seconds,
                lock_wait_seconds=settings.cache_lock_wait_seconds,
                admission=admission,
            ),
            rate_limiter=limiter,
            admission=admission,
            seed=seed,
        )
        publish(app.state, state)
        _warn_about_access(keys)
        for warning in settings_warnings(settings):
            log.warning("%s", warning)
        # One BLAS thread: a request's matrix-vector products are small, and on busy cores
        # OpenBLAS's threads wait for one another (docs/PERFORMANCE.md §8 item 2).
        threadpool_limits(1, user_api="blas")
        verifier.index.refresh()  # load vectors now, not on the first request
        try:
            yield state
        finally:
            if limiter is not None:
                await limiter.close()
            await cache.close()
            verifier.close()  # its worker threads
            verifier.index.close()  # a changed HNSW graph is saved for the next start
            verifier.store.close()

    app = FastAPI(
        title="FactDesk",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        openapi_tags=[
            {"name": "verify", "description": "Verdicts, claim matching and stance."},
            {"name": "statements", "description": "The store of sourced statements."},
            {
                "name": "claims",
                "description": "Fact-check interchange: ClaimReview JSON-LD and a search "
                "compatible with Google's Fact Check Tools API.",
            },
            {
                "name": "checks",
                "description": "Publishing a check: the embeddable card, its permalink, oEmbed.",
            },
            {"name": "articles", "description": "Checking a whole article."},
            {"name": "health", "description": "Liveness and readiness."},
        ],
    )
    # The document shows the configured field bounds (claim length, batch size, top_k, ...).
    app.openapi = openapi_with_limits(app.openapi, settings)  # type: ignore[method-assign]
    install_error_handlers(app)
    app.include_router(verify.router)
    app.include_router(statements.router)
    app.include_router(claims.router)
    app.include_router(claims.google)
    app.include_router(checks.router)
    app.include_router(pages.router)
    app.include_router(articles.router)
    app.include_router(health.router)
    app.include_router(metrics.router)
    _mount_docs(app)
    desk.mount(app)

    app.add_middleware(FieldLimits, settings=settings)
    app.add_middleware(QuotaHeaders)
    app.add_middleware(
        BodySizeLimit,
        default_limit=settings.max_body_bytes,
        path_limits={"/v1/statements:import": settings.max_import_bytes},
    )
    if settings.cors_origins:
        # Outside the body limit, so that a browser can read a 413 too. No credentials: a key
        # travels in a header, never in a cookie.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=[HEADER, "Content-Type", "Cache-Control", "X-Request-ID"],
            expose_headers=[
                "X-Request-ID",
                "Server-Timing",
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
            ],
            max_age=600,
        )
    # Outermost: request id, access log and request metrics see every answer, 413s included.
    app.add_middleware(RequestObserver, metrics=counters, routes=RouteTemplates(app))
    return app


def _warn_about_access(keys: KeyRing | None) -> None:
    if keys is None:
        log.warning(
            "no API keys configured (FACTDESK_API_KEYS_FILE): anyone who can reach this "
            "service can change its statements"
        )
    elif not len(keys):
        log.warning("the API keys file holds no keys: every write is refused")


# The docs pages stay on this origin: ReDoc's sidebar would otherwise fetch its maker's logo
# from a CDN. Inline script and styles are what Swagger UI's and ReDoc's pages are made of.
_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI and ReDoc from the assets of the installed `fastapi-offline` package."""
    static = Path(str(resources.files(fastapi_offline).joinpath("static")))
    app.mount("/static-docs", StaticFiles(directory=static), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="FactDesk API",
            swagger_js_url="/static-docs/swagger-ui-bundle.js",
            swagger_css_url="/static-docs/swagger-ui.css",
            swagger_favicon_url="/static-docs/favicon.png",
        )
        page.headers["Content-Security-Policy"] = _DOCS_POLICY
        return page

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url="/openapi.json",
            title="FactDesk API",
            redoc_js_url="/static-docs/redoc.standalone.js",
            redoc_favicon_url="/static-docs/favicon.png",
            with_google_fonts=False,
        )
        page.headers["Content-Security-Policy"] = _DOCS_POLICY
        return page
