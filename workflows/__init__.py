"""The methodisch handelen as data plus pure functions: no FastAPI, no database."""
