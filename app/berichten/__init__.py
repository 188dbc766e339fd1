"""Berichten: the letters to the verwijzer or huisarts, built from what the episode holds."""
