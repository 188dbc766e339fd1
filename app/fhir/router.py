"""FHIR routes of an episode (`GET /v1/episodes/{id}/fhir`)."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1/episodes", tags=["fhir"])
