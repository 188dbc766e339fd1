"""FHIR R4 views of the engine's data: an episode as a Bundle, an instrument as an SDC
Questionnaire, a QuestionnaireResponse read as a measurement.

The resources are built and validated with `fhir.resources` (its R4B models: for every resource
used here R4B's structure is R4's, so what validates is valid R4 JSON)."""
