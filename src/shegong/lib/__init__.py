"""Pure helpers with no models: environment, crypto, workday maths, text."""
