"""Exports of the practice's data in the formats the field uses (the LDO outcome data)."""
