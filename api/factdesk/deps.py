"""The lifespan's typed `State` and the dependencies that read it, as `Annotated` aliases.

`factdesk.main` builds the backends once in the lifespan and yields a `State`; the server copies
it into every request's scope, where `get_state` reads it."""

from __future__ import annotations

from typing import Annotated, TypedDict, cast

from fastapi import Depends, Header, Request
from starlette.datastructures import State as AppState

from factdesk.admission import Admission
from factdesk.cache.base import Cache
from factdesk.config import Settings
from factdesk.engine.service import Verifier
from factdesk.engine.wording import accepted_languages
from factdesk.keys import KeyRing
from factdesk.metrics import Metrics
from factdesk.ratelimit import RateLimiter
from factdesk.seed import SeedOutcome
from factdesk.store.base import StatementStore
from factdesk.verification import VerificationService


class State(TypedDict):
    """What the lifespan builds, once per process."""

    settings: Settings
    metrics: Metrics
    keys: KeyRing | None
    verifier: Verifier
    store: StatementStore
    cache: Cache
    service: VerificationService
    rate_limiter: RateLimiter | None
    admission: Admission
    seed: SeedOutcome


def publish(app_state: AppState, state: State) -> None:
    """Also put `state` on the app, for callers that enter the lifespan in-process without an
    ASGI server (the tests, over httpx's `ASGITransport`): no server then copies it into the
    requests' scopes."""
    for name, value in state.items():
        setattr(app_state, name, value)


def get_state(request: Request) -> State:
    """The lifespan's state for this request."""
    scoped = request.scope.get("state")
    if scoped is not None and "service" in scoped:
        return cast(State, scoped)
    app_state = request.app.state
    return cast(State, {name: getattr(app_state, name) for name in State.__required_keys__})


StateDep = Annotated[State, Depends(get_state)]


def get_settings(state: StateDep) -> Settings:
    return state["settings"]


def get_verifier(state: StateDep) -> Verifier:
    return state["verifier"]


def get_store(state: StateDep) -> StatementStore:
    return state["store"]


def get_service(state: StateDep) -> VerificationService:
    return state["service"]


def get_cache(state: StateDep) -> Cache:
    return state["cache"]


def use_cache(
    cache_control: Annotated[
        str | None, Header(description="`no-cache` bypasses the verdict cache.")
    ] = None,
) -> bool:
    """False when the request's `Cache-Control` header asks for `no-cache`."""
    return not (cache_control and "no-cache" in cache_control.lower())


def reader_languages(
    accept_language: Annotated[
        str | None,
        Header(
            description="The reader's languages: the reply's sentences are written in the first "
            "one FactDesk writes in (en, ko) when the claim's own language is not one of them "
            "and the request names no `reply_language`."
        ),
    ] = None,
) -> tuple[str, ...]:
    """The `Accept-Language` languages FactDesk writes in, most wanted first."""
    return accepted_languages(accept_language)


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReaderLanguagesDep = Annotated[tuple[str, ...], Depends(reader_languages)]
VerifierDep = Annotated[Verifier, Depends(get_verifier)]
StoreDep = Annotated[StatementStore, Depends(get_store)]
ServiceDep = Annotated[VerificationService, Depends(get_service)]
CacheDep = Annotated[Cache, Depends(get_cache)]
UseCacheDep = Annotated[bool, Depends(use_cache)]
