"""Portuguese language data: the stop words that tell Portuguese text from English."""
