"""A check you can link to and embed: its stable id, its HTML card and its oEmbed answer.

A check's id (`CheckRef.id`) encodes the request itself (the claim and what shapes its answer,
compressed, URL-safe base64), so a permalink works on every worker and after every restart
without a table of ids, and the same request always gets the same id. The card
(`render_card`) is one self-contained HTML page: inline styles (allowed by their hash in the
page's own Content-Security-Policy), no script, the ClaimReview JSON-LD in a
`<script type="application/ld+json">` data block, and an oEmbed discovery link, so a CMS can
embed it in an `<iframe>` or from its URL (`oembed`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import html
import json
import zlib
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlsplit

from pydantic import ValidationError

from factdesk.claimreview import ClaimReview
from factdesk.engine.results import EvidenceRole, Verification
from factdesk.engine.wording import wording
from factdesk.schemas import VerifyRequest
from factdesk.text import normalize_text

CHECKS_PATH: Final = "/v1/checks/"
_ID_PREFIX: Final = "c1"  # the id's format version
_MAX_ID_CHARS: Final = 8000
CARD_WIDTH: Final = 520
CARD_HEIGHT: Final = 420
EVIDENCE_ON_CARD: Final = 3

_STYLE: Final = """
:root{color-scheme:light;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0;color:#1b1f24;background:transparent;word-break:keep-all;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #c9ced6;border-radius:8px;padding:14px 16px;
max-width:640px}
.claim{font-weight:600;margin:0 0 8px}
.verdict{display:inline-block;font-weight:700;padding:2px 10px;border-radius:4px;
border:2px solid currentColor;margin:0 0 8px}
.supported{color:#14622f}.refuted{color:#9b1c1c}.conflicting{color:#7a4a00}
.not_enough_evidence{color:#3d4652;border-style:dashed}
.summary{margin:0 0 10px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#3d4652;margin:8px 0 4px}
ul{margin:0;padding-left:18px}li{margin:0 0 6px}
.meta{font-size:13px;color:#3d4652;margin:10px 0 0}
a{color:#0b4fa8}
""".strip()
STYLE_HASH: Final = "sha256-" + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()


class UnknownCheck(ValueError):
    """An id that is not one of this service's checks."""


@dataclass(frozen=True, slots=True)
class CheckRef:
    """What a check is: the claim and the request fields that shape its verdict or review."""

    claim: str
    language: str | None = None
    claim_date: dt.date | None = None
    claimant: str | None = None
    reply_language: str | None = None
    appearance: tuple[str, ...] = ()

    @classmethod
    def of(cls, req: VerifyRequest) -> CheckRef:
        return cls(
            claim=normalize_text(req.claim),
            language=req.language,
            claim_date=req.claim_date,
            claimant=req.claimant,
            reply_language=req.reply_language,
            appearance=tuple(str(u) for u in req.appearance or ()),
        )

    @property
    def id(self) -> str:
        """The stable, URL-safe id: the same check always has the same one."""
        fields = {
            "c": self.claim,
            "l": self.language,
            "d": self.claim_date.isoformat() if self.claim_date else None,
            "a": self.claimant,
            "r": self.reply_language,
            "p": list(self.appearance) or None,
        }
        raw = json.dumps(
            {k: v for k, v in fields.items() if v is not None},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")
        return _ID_PREFIX + packed

    @classmethod
    def decode(cls, check_id: str) -> CheckRef:
        """The check an id names; `UnknownCheck` when it names none."""
        if not check_id.startswith(_ID_PREFIX) or len(check_id) > _MAX_ID_CHARS:
            raise UnknownCheck("not a check id of this service")
        packed = check_id[len(_ID_PREFIX) :]
        try:
            raw = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
            data = json.loads(raw)
            req = VerifyRequest(
                claim=data["c"],
                language=data.get("l"),
                claim_date=data.get("d"),
                claimant=data.get("a"),
                reply_language=data.get("r"),
                appearance=data.get("p"),
            )
        except (binascii.Error, zlib.error, ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, ValidationError):
                raise UnknownCheck("the check id holds an invalid request") from exc
            raise UnknownCheck("not a check id of this service") from exc
        return cls.of(req)

    def request(self) -> VerifyRequest:
        """The verify request this check answers."""
        return VerifyRequest(
            claim=self.claim,
            language=self.language,
            claim_date=self.claim_date,
            claimant=self.claimant,
            reply_language=self.reply_language,
            appearance=list(self.appearance) or None,
        )


def permalink(base_url: str, check: CheckRef) -> str:
    """The check's shareable address on this service."""
    return f"{base_url.rstrip('/')}{CHECKS_PATH}{check.id}"


def embed_url(base_url: str, check: CheckRef) -> str:
    """The card's address for an `<iframe>`."""
    return f"{permalink(base_url, check)}?format=html"


def oembed_url(base_url: str, check: CheckRef) -> str:
    return (
        f"{base_url.rstrip('/')}/v1/oembed?url={quote(permalink(base_url, check), safe='')}"
        "&format=json"
    )


def check_of_url(url: str, base_url: str) -> CheckRef:
    """The check a permalink (or its card's address) of this service names."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        raise UnknownCheck("not a page of this service")
    path = parts.path
    prefix = base.path.rstrip("/") + CHECKS_PATH
    if not path.startswith(prefix):
        raise UnknownCheck("not the address of a check")
    return CheckRef.decode(path[len(prefix) :])


def _jsonld_block(review: ClaimReview) -> str:
    # `</script>` inside a string would end the block: escape every `<`, `>` and `&`.
    text = json.dumps(review.jsonld(), ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def render_card(
    result: Verification,
    review: ClaimReview,
    *,
    link: str,
    oembed: str,
    org_name: str,
) -> str:
    """The verdict as a small HTML page: the claim, the verdict (a word and a border style,
    never colour alone), the summary, the deciding sources or the closest statements labelled
    as not evidence, who checked it and when, and the permalink."""
    words = wording(result.reply_language)
    e = html.escape
    items = []
    for item in result.evidence[:EVIDENCE_ON_CARD]:
        src = item.statement.source
        name = words.cite(item)
        cited = (
            f'<a href="{e(str(src.url))}" target="_blank" rel="noopener noreferrer">{e(name)}</a>'
        )
        label = cited if src.url else e(name)
        stance = words.stance_name(item.stance)
        items.append(f"<li>{e(stance)} · {label}: “{e(item.statement.text)}”</li>")
    heading = words.label("closest" if result.evidence_role is EvidenceRole.CLOSEST else "evidence")
    evidence = f"<h2>{e(heading)}</h2><ul>{''.join(items)}</ul>" if items else ""
    verdict = result.verdict.value
    title = f"{words.verdict_name(result.verdict)}: {result.claim}"
    claim = (
        f'<p class="claim"><span>{e(words.label("claim"))}:</span> '
        f'<q lang="{e(result.language)}">{e(result.claim)}</q></p>'
    )
    date = review.datePublished
    meta = (
        f'<p class="meta">{e(words.label("checked_by", org=org_name))} · '
        f'<time datetime="{e(date)}">{e(date)}</time> · '
        f'<a href="{e(link)}" target="_blank" rel="noopener">{e(words.label("permalink"))}</a></p>'
    )
    return f"""<!doctype html>
<html lang="{e(result.reply_language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<link rel="canonical" href="{e(link)}">
<link rel="alternate" type="application/json+oembed" href="{e(oembed)}" title="{e(title)}">
<style>{_STYLE}</style>
{_jsonld_block(review)}
</head>
<body>
<article class="card" lang="{e(result.reply_language)}">
{claim}
<p class="verdict {e(verdict)}">{e(words.verdict_name(result.verdict))}</p>
<p class="summary">{e(result.summary)}</p>
{evidence}
{meta}
</article>
</body>
</html>
"""


def card_policy(frame_ancestors: str) -> str:
    """The card's Content-Security-Policy: nothing loads or runs but its own inline style, and
    the pages allowed to frame it are `frame_ancestors` (`FACTDESK_EMBED_FRAME_ANCESTORS`)."""
    return (
        f"default-src 'none'; style-src '{STYLE_HASH}'; img-src 'self' data:; base-uri 'none'; "
        f"form-action 'none'; frame-ancestors {frame_ancestors}"
    )


def oembed(
    result: Verification,
    check: CheckRef,
    *,
    base_url: str,
    provider: str,
    maxwidth: int | None = None,
    maxheight: int | None = None,
) -> dict[str, Any]:
    """The oEmbed 1.0 answer for a check: a `rich` embed whose `html` is an `<iframe>` of the
    card, within the consumer's `maxwidth` / `maxheight`."""
    width = min(CARD_WIDTH, maxwidth) if maxwidth else CARD_WIDTH
    height = min(CARD_HEIGHT, maxheight) if maxheight else CARD_HEIGHT
    words = wording(result.reply_language)
    title = f"{words.verdict_name(result.verdict)}: {result.claim}"
    frame = (
        f'<iframe src="{html.escape(embed_url(base_url, check))}" width="{width}" '
        f'height="{height}" title="{html.escape(title)}" loading="lazy" '
        'style="border:0;max-width:100%" sandbox="allow-popups '
        'allow-popups-to-escape-sandbox"></iframe>'
    )
    return {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": provider,
        "provider_url": base_url,
        "cache_age": 3600,
        "width": width,
        "height": height,
        "html": frame,
    }
