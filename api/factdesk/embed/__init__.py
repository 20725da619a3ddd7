"""Text embedders behind one small interface (`Embedder`), chosen by name in `create_embedder`."""

from factdesk.embed.base import Embedder
from factdesk.embed.combined import SEPARATOR, Combined

EMBEDDERS = ("e5-small", "use-m3", "minilm-l6")


def create_embedder(name: str) -> Embedder:
    """Build the embedder registered under `name` (only names whose weights ship in a package):
    `e5-small` (multilingual, the main one), `use-m3` (multilingual, trained on translation
    pairs), `minilm-l6` (English only), or several joined by `+` (`e5-small+use-m3`: their
    vectors side by side, see `factdesk.embed.combined`)."""
    if SEPARATOR in name:
        return Combined([create_embedder(part.strip()) for part in name.split(SEPARATOR)])
    if name == "e5-small":
        from factdesk.embed.e5 import E5Embedder

        return E5Embedder()
    if name == "use-m3":
        from factdesk.embed.use import USEEmbedder

        return USEEmbedder()
    if name == "minilm-l6":
        from factdesk.embed.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    raise ValueError(
        f"unknown embedder {name!r}; available: {', '.join(EMBEDDERS)}, or several joined by +"
    )


def create_english_embedder(name: str) -> Embedder | None:
    """The optional English-only embedder: None for `none` (or an empty name)."""
    if name.strip().lower() in ("", "none"):
        return None
    return create_embedder(name)


__all__ = ["EMBEDDERS", "Combined", "Embedder", "create_embedder", "create_english_embedder"]
