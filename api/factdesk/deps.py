"""Dependencies as `Annotated` aliases. Everything lives on `app.state`, built once in the
lifespan (see `factdesk.main`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from factdesk.config import Settings
from factdesk.engine.service import Verifier
from factdesk.store.base import StatementStore
from factdesk.verification import VerificationService


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_verifier(request: Request) -> Verifier:
    verifier: Verifier = request.app.state.verifier
    return verifier


def get_store(request: Request) -> StatementStore:
    return get_verifier(request).store


def get_service(request: Request) -> VerificationService:
    service: VerificationService = request.app.state.service
    return service


SettingsDep = Annotated[Settings, Depends(get_settings)]
VerifierDep = Annotated[Verifier, Depends(get_verifier)]
StoreDep = Annotated[StatementStore, Depends(get_store)]
ServiceDep = Annotated[VerificationService, Depends(get_service)]
