"""Text embedders behind one small interface (`Embedder`), chosen by name in `create_embedder`."""

from factdesk.embed.base import Embedder, create_embedder, create_english_embedder

__all__ = ["Embedder", "create_embedder", "create_english_embedder"]
