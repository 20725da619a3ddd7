"""Cached, single-flight access to the engine for the HTTP layer.

The engine is synchronous and CPU-bound; here it runs in a worker thread. Identical concurrent
requests for an uncached key share one computation. Keys hash the normalised request, the engine
version and the store generation, so any write makes older entries unreachable.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.cache.base import Cache
from api.engine.normalize import normalize_text
from api.engine.results import Verification
from api.engine.service import Verifier, VerifyOptions
from api.schemas import SearchRequest, SearchResponse, VerifyRequest

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class VerificationService:
    """verify / search with the cache in front of the `Verifier`."""

    def __init__(self, verifier: Verifier, cache: Cache, ttl_seconds: int) -> None:
        self.verifier = verifier
        self.cache = cache
        self.ttl_seconds = ttl_seconds
        self._inflight: dict[str, asyncio.Future[bytes]] = {}

    def _key(self, route: str, payload: Mapping[str, object], generation: int) -> str:
        material = json.dumps(
            {
                "route": route,
                "payload": payload,
                "engine": self.verifier.version,
                "store": self.verifier.store.identity(),
                "generation": generation,
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return f"{route}:{hashlib.sha256(material.encode()).hexdigest()}"

    async def _cached(
        self, key: str, use_cache: bool, model: type[M], compute: Callable[[], M]
    ) -> tuple[M, bool]:
        if use_cache:
            hit = await self.cache.get(key)
            if hit is not None:
                return model.model_validate_json(hit), True
            waiting = self._inflight.get(key)
            if waiting is not None:
                return model.model_validate_json(await asyncio.shield(waiting)), False
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        if use_cache:
            self._inflight[key] = future
        try:
            result = await run_in_threadpool(compute)
            raw = result.model_dump_json().encode()
            future.set_result(raw)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it themselves
            raise
        finally:
            if use_cache:
                self._inflight.pop(key, None)
        if use_cache:
            await self.cache.set(key, raw, self.ttl_seconds)
        return result, False

    async def verify(self, req: VerifyRequest, use_cache: bool = True) -> Verification:
        options = VerifyOptions(
            language=req.language, top_k=req.top_k, as_of=req.as_of, kind=req.kind
        )
        payload = {
            "claim": normalize_text(req.claim),
            "language": req.language,
            "top_k": req.top_k,
            "as_of": req.as_of,
            "kind": req.kind,
        }
        generation = await run_in_threadpool(self.verifier.store.generation)
        key = self._key("verify", payload, generation)
        result, cached = await self._cached(
            key,
            use_cache and req.use_cache,
            Verification,
            lambda: self.verifier.verify(req.claim, options),
        )
        return result.model_copy(update={"cached": cached})

    async def search(self, req: SearchRequest, use_cache: bool = True) -> SearchResponse:
        payload = {
            "query": normalize_text(req.query),
            "top_k": req.top_k,
            "language": req.language,
            "kind": req.kind,
        }
        generation = await run_in_threadpool(self.verifier.store.generation)
        key = self._key("search", payload, generation)

        def compute() -> SearchResponse:
            hits, gen = self.verifier.search(
                req.query, top_k=req.top_k, language=req.language, kind=req.kind
            )
            return SearchResponse(
                query=normalize_text(req.query), results=hits, store_generation=gen
            )

        result, cached = await self._cached(
            key, use_cache and req.use_cache, SearchResponse, compute
        )
        return result.model_copy(update={"cached": cached})
