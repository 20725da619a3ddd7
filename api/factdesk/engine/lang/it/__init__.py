"""Italian language data: the stop words that tell Italian text from English."""
