"""Profiles: the base process plus the gates and form sections of a specialisation."""
