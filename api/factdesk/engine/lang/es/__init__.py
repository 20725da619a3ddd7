"""Spanish language data: the stop words that tell Spanish text from English."""
