"""The access check every `/v1` route declares, over the API keys of `keys.py`.

Keys are kept in a file (`FACTDESK_API_KEYS_FILE`), one a line as `name:sha256-hex:role`; the
service sees only digests, so the file leaks no key. `factdesk keys add` writes it. Roles:

    read    verify, batch, search, stance and every GET
    write   everything `read` may, plus creating, replacing, deleting and importing statements

Who needs a key:

    keys file   FACTDESK_REQUIRE_KEYS_FOR_READS   reads       writes
    unset       false (true is refused at start)  open        open: a single local user
    set         false                             open        a `write` key
    set         true                              any key     a `write` key

On the routes shaped like Google's Fact Check Tools API (`/v1alpha1/...`) the key may also come
as the `key` query parameter, as Google's client libraries send it (`developerKey`); the header
wins when both are sent. The access log records paths without their query, so the key is never
written to a log.

A key that is sent is checked whenever keys are configured, on open routes too: a wrong key is a
401, never a silent fall back to anonymous access. Without a keys file the header is ignored.

Every checked request also counts against the rate limit (`FACTDESK_RATE_LIMIT`): the key's own
when a valid key was sent, otherwise the client address's. Failed attempts count as well, which
is what slows down guessing keys.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, APIKeyQuery

from factdesk.admission import current_caller
from factdesk.deps import get_state
from factdesk.errors import Forbidden, TooManyRequests, Unauthorized
from factdesk.keys import ApiKey, Role
from factdesk.ratelimit.headers import QUOTA_STATE_KEY

log = logging.getLogger(__name__)
HEADER = "X-API-Key"
api_key_header = APIKeyHeader(
    name=HEADER,
    scheme_name="APIKeyHeader",
    description=(
        "An API key made with `factdesk keys add`. Writes need a key with the `write` role "
        "whenever the service has keys configured; reads need one only when it is configured "
        "with `FACTDESK_REQUIRE_KEYS_FOR_READS=true`."
    ),
    auto_error=False,
)
PresentedKey = Annotated[str | None, Security(api_key_header)]
QUERY_PARAMETER = "key"
api_key_query = APIKeyQuery(
    name=QUERY_PARAMETER,
    scheme_name="APIKeyQuery",
    description=(
        "The same API keys as the `X-API-Key` header, as the `key` query parameter Google's "
        "client libraries send (`/v1alpha1` routes only)."
    ),
    auto_error=False,
)
QueryKey = Annotated[str | None, Security(api_key_query)]


@dataclass(frozen=True)
class Caller:
    """Who is calling: a configured key, or an anonymous client address."""

    key: ApiKey | None
    address: str

    @property
    def bucket(self) -> str:
        """The rate-limit id: per key when there is one, else per client address."""
        return f"key:{self.key.name}" if self.key else f"ip:{self.address}"


async def _admit(
    request: Request, presented: str | None, need: Role, where: str = f"the {HEADER} header"
) -> Caller:
    state = get_state(request)
    keys = state["keys"]
    client = request.client
    caller = Caller(None, client.host if client else "unknown")
    wrong_key = False
    if keys is not None and presented is not None:
        found = keys.match(presented)
        wrong_key = found is None
        caller = Caller(found, caller.address)
    # Engine admission counts computations per caller (`factdesk.admission`).
    current_caller.set(caller.bucket)

    limiter = state["rate_limiter"]
    if limiter is not None:
        quota = await limiter.hit(caller.bucket)
        if quota is not None:
            setattr(request.state, QUOTA_STATE_KEY, quota)
            if not quota.allowed:
                headers = quota.headers()
                raise TooManyRequests(
                    f"over the rate limit of {limiter.rate}; retry in {headers['Retry-After']} s",
                    headers=headers,
                )

    if keys is None:
        return caller
    if wrong_key:
        raise Unauthorized(f"{where} does not hold a valid key")
    needs_key = need is Role.WRITE or state["settings"].require_keys_for_reads
    if caller.key is None:
        if needs_key:
            raise Unauthorized(f"this route needs an API key in {where}")
        return caller
    if need is Role.WRITE and caller.key.role is not Role.WRITE:
        raise Forbidden(f"key {caller.key.name!r} has the read role; this route needs write")
    return caller


async def read_access(request: Request, key: PresentedKey) -> Caller:
    """Admit a read: rate limit, and a key of any role when reads need keys."""
    return await _admit(request, key, Role.READ)


async def write_access(request: Request, key: PresentedKey) -> Caller:
    """Admit a write: rate limit, and a key with the write role when keys are configured."""
    return await _admit(request, key, Role.WRITE)


_GOOGLE_WHERE = f"the {HEADER} header or the {QUERY_PARAMETER!r} query parameter"


async def google_read_access(request: Request, key: PresentedKey, query_key: QueryKey) -> Caller:
    """`read_access` for the Google-shaped routes: the key from the header or `key=`."""
    return await _admit(request, key if key is not None else query_key, Role.READ, _GOOGLE_WHERE)


async def google_write_access(request: Request, key: PresentedKey, query_key: QueryKey) -> Caller:
    """`write_access` for the Google-shaped routes: the key from the header or `key=`."""
    return await _admit(request, key if key is not None else query_key, Role.WRITE, _GOOGLE_WHERE)
