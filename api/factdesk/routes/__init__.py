"""HTTP routes: thin layers that parse, call the engine or the store, and shape the reply."""
