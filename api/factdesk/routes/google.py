"""What every route shaped like Google's Fact Check Tools API (`/v1alpha1/...`) shares: the
standard query parameters Google's client libraries send with each call.

They are accepted as the discovery document defines them (`key` is the API key, read by
`security.google_read_access`); `alt` must be `json`, the only representation served, and the
rest change nothing here (FactDesk always answers the whole resource, pretty-printed or not).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import Query

PREFIX = "/v1alpha1"
TAG = "fact check tools"


class Alt(StrEnum):
    JSON = "json"


class Xgafv(StrEnum):
    V1 = "1"
    V2 = "2"


def standard_parameters(
    alt: Annotated[Alt, Query(description="Response format; only `json`.")] = Alt.JSON,
    xgafv: Annotated[
        Xgafv | None, Query(alias="$.xgafv", description="Error format version (ignored).")
    ] = None,
    prettyPrint: Annotated[bool, Query(description="Ignored.")] = True,
    fields: Annotated[
        str | None, Query(max_length=2000, description="Ignored: the whole resource is sent.")
    ] = None,
    quotaUser: Annotated[str | None, Query(max_length=200, description="Ignored.")] = None,
    access_token: Annotated[str | None, Query(max_length=4000, description="Ignored.")] = None,
    oauth_token: Annotated[str | None, Query(max_length=4000, description="Ignored.")] = None,
    callback: Annotated[str | None, Query(max_length=200, description="Ignored.")] = None,
    upload_protocol: Annotated[str | None, Query(max_length=50, description="Ignored.")] = None,
    uploadType: Annotated[str | None, Query(max_length=50, description="Ignored.")] = None,
) -> None:
    """Google's standard query parameters, validated and otherwise ignored."""
