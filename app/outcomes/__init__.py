"""Outcome data of closed episodes: the practice overview per instrument, and the LDO export."""
