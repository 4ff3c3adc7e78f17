"""The volunteer's pages on a phone (`volunteer`) and the organiser's pages (`manage`)."""
