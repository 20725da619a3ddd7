"""Cached, single-flight access to the engine for the HTTP layer.

The engine is synchronous and CPU-bound; here it runs in a worker thread. Identical concurrent
requests for an uncached key share one computation: within a process through an in-flight future,
across processes sharing a cache through the cache's compute lock (one process computes, the
others poll the cache for at most `lock_wait_seconds`, then compute themselves). Keys hash the
normalised request, the engine version and the store generation, so any write makes older entries
unreachable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from factdesk.admission import Admission
from factdesk.cache.base import Cache
from factdesk.engine.results import StanceOutcome, Verification
from factdesk.engine.service import Verifier, VerifyOptions
from factdesk.errors import InvalidClaim
from factdesk.metrics import Metrics
from factdesk.problems import FieldError, field_errors
from factdesk.schemas import (
    BatchItem,
    BatchVerifyRequest,
    BatchVerifyResponse,
    ResponseFormat,
    SearchRequest,
    SearchResponse,
    VerifyRequest,
)
from factdesk.text import normalize_text
from factdesk.timing import ServerTiming

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
BATCH_PATH = "/v1/verify/batch"
# How long the day a verdict was first reached is remembered (in the cache, beside replies).
FIRST_REACHED_TTL_SECONDS = 10 * 366 * 86_400


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def batch_claim(raw: str | Mapping[str, object]) -> VerifyRequest:
    """One claim of a batch as a verify request; raises `InvalidClaim` naming what is wrong."""
    try:
        req = VerifyRequest.model_validate({"claim": raw} if isinstance(raw, str) else raw)
    except ValidationError as exc:
        raise InvalidClaim(field_errors(list(exc.errors()))) from exc
    # These shape a single reply; a batch's items have no reply of their own.
    single_only = {
        "format": req.format is not ResponseFormat.JSON,
        "appearance": req.appearance is not None,
    }
    errors = [
        FieldError(pointer=f"#/{name}", message="allowed on /v1/verify, not in a batch")
        for name, present in single_only.items()
        if present
    ]
    if errors:
        raise InvalidClaim(errors)
    return req


class VerificationService:
    """verify / search with the cache in front of the `Verifier`."""

    def __init__(
        self,
        verifier: Verifier,
        cache: Cache,
        ttl_seconds: int,
        *,
        metrics: Metrics | None = None,
        lock_ttl_seconds: float = 10.0,
        lock_wait_seconds: float = 5.0,
        admission: Admission | None = None,
    ) -> None:
        self.verifier = verifier
        self.cache = cache
        self.ttl_seconds = ttl_seconds
        self.metrics = metrics or Metrics()
        self.lock_ttl_ms = max(1, int(lock_ttl_seconds * 1000))
        self.lock_wait_seconds = lock_wait_seconds
        # Today's date (UTC); tests set another clock.
        self.today: Callable[[], dt.date] = _utc_today
        # Without one (tests, tools), computations are not limited.
        self.admission = admission
        # key -> (reply, whether it came from the cache), for requests joining a computation
        self._inflight: dict[str, asyncio.Future[tuple[bytes, bool]]] = {}

    def _key(self, route: str, payload: Mapping[str, object], scope: tuple[int, str]) -> str:
        generation, history = scope
        material = json.dumps(
            {
                "route": route,
                "payload": payload,
                "engine": self.verifier.version,
                "store": history,
                "generation": generation,
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return f"{route}:{hashlib.sha256(material.encode()).hexdigest()}"

    async def _cached(
        self,
        route: str,
        key: str,
        use_cache: bool,
        model: type[M],
        compute: Callable[[], M],
        timing: ServerTiming,
    ) -> tuple[M, bool]:
        """The reply and whether it came from the cache."""
        if not use_cache:
            timing.served(False)
            return await self._compute(route, compute, timing), False
        hit = await self.cache.get(key)
        self.metrics.cache_lookups.labels(route, "hit" if hit is not None else "miss").inc()
        if hit is not None:
            timing.served(True)
            return model.model_validate_json(hit), True
        waiting = self._inflight.get(key)
        if waiting is not None:
            raw, from_cache = await asyncio.shield(waiting)
            timing.served(from_cache)
            return model.model_validate_json(raw), from_cache
        future: asyncio.Future[tuple[bytes, bool]] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            result, raw, from_cache = await self._fill(route, key, model, compute, timing)
            future.set_result((raw, from_cache))
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        finally:
            self._inflight.pop(key, None)
        timing.served(from_cache)
        return result, from_cache

    async def _fill(
        self,
        route: str,
        key: str,
        model: type[M],
        compute: Callable[[], M],
        timing: ServerTiming,
    ) -> tuple[M, bytes, bool]:
        """A missing reply: computed under the cache's lock, or read from the cache once the
        process holding the lock has stored it."""
        deadline = time.monotonic() + self.lock_wait_seconds
        delay = 0.01
        waited = False
        while True:
            lease = await self.cache.try_lock(key, self.lock_ttl_ms)
            if lease is not None:
                try:
                    if lease.shared:
                        # The holder we waited for, or one that finished between our lookup and
                        # the lock, may have stored it already.
                        hit = await self.cache.get(key)
                        if hit is not None:
                            if waited:
                                self.metrics.lock_waits.labels(route, "filled").inc()
                            return model.model_validate_json(hit), hit, True
                    if waited:
                        outcome = "took_over" if lease.shared else "cache_down"
                        self.metrics.lock_waits.labels(route, outcome).inc()
                    return await self._compute_and_store(route, key, compute, timing)
                finally:
                    await self.cache.unlock(key, lease)
            if time.monotonic() >= deadline:
                log.warning("gave up waiting for another worker to compute %s", route)
                self.metrics.lock_waits.labels(route, "timeout").inc()
                return await self._compute_and_store(route, key, compute, timing)
            waited = True
            await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, 0.1)
            hit = await self.cache.get(key)
            if hit is not None:
                self.metrics.lock_waits.labels(route, "filled").inc()
                return model.model_validate_json(hit), hit, True

    async def _compute_and_store(
        self, route: str, key: str, compute: Callable[[], M], timing: ServerTiming
    ) -> tuple[M, bytes, bool]:
        result = await self._compute(route, compute, timing)
        raw = result.model_dump_json().encode()
        await self.cache.set(key, raw, self.ttl_seconds)
        return result, raw, False

    async def _compute(self, route: str, compute: Callable[[], M], timing: ServerTiming) -> M:
        if self.admission is not None:
            async with self.admission.slot(route):
                started = time.perf_counter()
                result = await run_in_threadpool(compute)
        else:
            started = time.perf_counter()
            result = await run_in_threadpool(compute)
        self.metrics.computations.labels(route).inc()
        stages = getattr(result, "timings_ms", None)
        if not stages:
            stages = {route: (time.perf_counter() - started) * 1000}
        timing.add_stages(stages)
        return result

    @staticmethod
    def verify_payload(req: VerifyRequest, accepted: tuple[str, ...] = ()) -> dict[str, object]:
        """Everything in a verify request that can change its answer: the cache key's input.
        Of `Accept-Language` only the language it would choose counts, and only when the
        request names none (so browsers' many headers share a few entries)."""
        return {
            "claim": normalize_text(req.claim),
            "language": req.language,
            "top_k": req.top_k,
            "as_of": req.as_of,
            "kind": req.kind,
            "claim_date": req.claim_date,
            "reply_language": req.reply_language,
            "accepted": None if req.reply_language or not accepted else accepted[0],
        }

    async def _cache_scope(self) -> tuple[int, str]:
        """The store's cache scope; inline for an embedded store (the read is quicker than a
        thread-pool hop, docs/PERFORMANCE.md §8 item 9), in a thread for a store across the
        network."""
        store = self.verifier.store
        if store.reads_locally:
            return store.cache_scope()
        return await run_in_threadpool(store.cache_scope)

    def _verify_key(
        self, req: VerifyRequest, scope: tuple[int, str], accepted: tuple[str, ...] = ()
    ) -> str:
        return self._key("verify", self.verify_payload(req, accepted), scope)

    async def first_reached(self, req: VerifyRequest, result: Verification) -> dt.date:
        """The day this verdict on this claim was first reached for the store's current state:
        a ClaimReview's `datePublished`, which must not move from one day to the next while
        nothing changed. Remembered in the cache (the reply language does not count; a write to
        the store starts a new date). With the in-process cache it lasts as long as the process
        and its entry; Redis keeps it across restarts and workers."""
        payload = {
            k: v
            for k, v in self.verify_payload(req).items()
            if k not in ("reply_language", "accepted")
        }
        payload["verdict"] = result.verdict.value
        key = self._key("first-reached", payload, await self._cache_scope())
        hit = await self.cache.get(key)
        if hit is not None:
            try:
                return dt.date.fromisoformat(hit.decode())
            except ValueError:
                pass  # not ours: write it anew
        today = self.today()
        await self.cache.set(key, today.isoformat().encode(), FIRST_REACHED_TTL_SECONDS)
        return today

    @staticmethod
    def _search_payload(req: SearchRequest) -> dict[str, object]:
        return {
            "query": normalize_text(req.query),
            "top_k": req.top_k,
            "language": req.language,
            "kind": req.kind,
        }

    async def cached_json(
        self,
        req: VerifyRequest | SearchRequest,
        use_cache: bool,
        timing: ServerTiming,
        accepted: tuple[str, ...] = (),
    ) -> bytes | None:
        """The cached reply to a verify or search request as JSON marked `cached`, or None
        when it is not cached (then `verify` / `search` answer it). A hit skips parsing the
        stored reply into models and serialising them again (docs/PERFORMANCE.md §8 item 9);
        what is sent is what `verify` / `search` would send."""
        if not (use_cache and req.use_cache):
            return None
        scope = await self._cache_scope()
        if isinstance(req, VerifyRequest):
            route, key = "verify", self._verify_key(req, scope, accepted)
        else:
            route, key = "search", self._key("search", self._search_payload(req), scope)
        hit = await self.cache.get(key)
        if hit is None:
            return None  # counted as a miss by the full path
        try:
            reply = orjson.loads(hit)
        except orjson.JSONDecodeError:
            return None  # not ours: the full path fails on it as before
        self.metrics.cache_lookups.labels(route, "hit").inc()
        if route == "verify":
            self.metrics.verdicts.labels(reply["verdict"]).inc()
        reply["cached"] = True
        timing.served(True)
        return orjson.dumps(reply)

    async def verify(
        self,
        req: VerifyRequest,
        use_cache: bool = True,
        timing: ServerTiming | None = None,
        accepted: tuple[str, ...] = (),
    ) -> Verification:
        """The verdict on one claim; `timing` collects where the time went, `accepted` are
        the caller's `Accept-Language` choices (`engine.wording.accepted_languages`)."""
        options = VerifyOptions(
            language=req.language,
            top_k=req.top_k,
            as_of=req.as_of,
            kind=req.kind,
            reference_date=req.claim_date,
            reply_language=req.reply_language,
            accepted_languages=accepted[:1],
        )
        key = self._verify_key(req, await self._cache_scope(), accepted)
        result, cached = await self._cached(
            "verify",
            key,
            use_cache and req.use_cache,
            Verification,
            lambda: self.verifier.verify(req.claim, options),
            timing or ServerTiming(),
        )
        self.metrics.verdicts.labels(result.verdict.value).inc()
        return result.model_copy(update={"cached": cached})

    async def search(
        self, req: SearchRequest, use_cache: bool = True, timing: ServerTiming | None = None
    ) -> SearchResponse:
        """Stored statements matching a query; `timing` collects where the time went."""
        key = self._key("search", self._search_payload(req), await self._cache_scope())

        def compute() -> SearchResponse:
            hits, gen = self.verifier.search(
                req.query, top_k=req.top_k, language=req.language, kind=req.kind
            )
            return SearchResponse(
                query=normalize_text(req.query), results=hits, store_generation=gen
            )

        result, cached = await self._cached(
            "search",
            key,
            use_cache and req.use_cache,
            SearchResponse,
            compute,
            timing or ServerTiming(),
        )
        return result.model_copy(update={"cached": cached})

    async def verify_reply(
        self,
        req: VerifyRequest,
        use_cache: bool,
        timing: ServerTiming,
        accepted: tuple[str, ...] = (),
    ) -> Verification | bytes:
        """As `verify`, except that a cached JSON reply comes back as its bytes (`cached_json`).
        A ClaimReview request always gets the model: its reply is rendered from it."""
        if req.format is not ResponseFormat.CLAIMREVIEW:
            raw = await self.cached_json(req, use_cache, timing, accepted)
            if raw is not None:
                return raw
        return await self.verify(req, use_cache=use_cache, timing=timing, accepted=accepted)

    async def search_reply(
        self, req: SearchRequest, use_cache: bool, timing: ServerTiming
    ) -> SearchResponse | bytes:
        """As `search`, except that a cached reply comes back as its JSON bytes (`cached_json`)."""
        raw = await self.cached_json(req, use_cache, timing)
        if raw is not None:
            return raw
        return await self.search(req, use_cache=use_cache, timing=timing)

    async def verify_batch(
        self,
        req: BatchVerifyRequest,
        use_cache: bool,
        timing: ServerTiming,
        accepted: tuple[str, ...] = (),
    ) -> BatchVerifyResponse:
        """Each claim validated and verified in turn; an invalid one gets its own problem and
        does not fail the others."""
        await self.charge("verify_batch", len(req.claims))
        results: list[BatchItem] = []
        for index, raw in enumerate(req.claims):
            try:
                claim = batch_claim(raw)
            except InvalidClaim as exc:
                problem = exc.problem(f"{BATCH_PATH}#/claims/{index}")
                results.append(BatchItem(index=index, error=problem))
                continue
            result = await self.verify(claim, use_cache=use_cache, timing=timing, accepted=accepted)
            results.append(BatchItem(index=index, result=result))
        return BatchVerifyResponse(results=results)

    async def charge(self, route: str, computations: int) -> None:
        """A request about to make `computations` engine computations: the ones beyond the
        first count against the caller's rate limit too (`Admission.charge`)."""
        if self.admission is not None:
            await self.admission.charge(route, computations - 1)

    async def stance(self, claim: str, evidence: str) -> StanceOutcome:
        """The stance of `evidence` towards `claim`, computed in an engine slot."""
        if self.admission is None:
            return await run_in_threadpool(self.verifier.stance, claim, evidence)
        return await self.admission.run("stance", lambda: self.verifier.stance(claim, evidence))
