"""HTTP routes: thin layers that parse the request, call one service, and shape the reply."""
