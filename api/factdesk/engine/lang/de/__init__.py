"""German language data: the stop words that tell German text from English."""
