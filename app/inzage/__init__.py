"""Inzage: the client's own copy of the whole record (WGBO art. 7:456), as JSON or PDF."""
