"""Text embedders behind one small interface (`Embedder`), chosen by name in `create_embedder`."""

from factdesk.embed.base import Embedder

EMBEDDERS = ("e5-small", "minilm-l6")


def create_embedder(name: str) -> Embedder:
    """Build the embedder registered under `name` (only names whose weights ship in a package):
    `e5-small` (multilingual, the main one) or `minilm-l6` (English only)."""
    if name == "e5-small":
        from factdesk.embed.e5 import E5Embedder

        return E5Embedder()
    if name == "minilm-l6":
        from factdesk.embed.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    raise ValueError(f"unknown embedder {name!r}; available: {', '.join(EMBEDDERS)}")


def create_english_embedder(name: str) -> Embedder | None:
    """The optional English-only embedder: None for `none` (or an empty name)."""
    if name.strip().lower() in ("", "none"):
        return None
    return create_embedder(name)


__all__ = ["EMBEDDERS", "Embedder", "create_embedder", "create_english_embedder"]
