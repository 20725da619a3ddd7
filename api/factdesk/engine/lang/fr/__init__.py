"""French language data: the stop words that tell French text from English."""
