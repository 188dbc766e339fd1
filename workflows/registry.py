"""Which definitions exist. An episode keeps the definition version it started on."""

from workflows.definition import Definition
from workflows.profiles.algemeen import ALGEMEEN_V1, ALGEMEEN_V2
from workflows.profiles.algemeen_v3 import ALGEMEEN_V3
from workflows.profiles.bekken import BEKKEN_V1
from workflows.profiles.bekken_v2 import BEKKEN_V2
from workflows.profiles.psychosomatisch import PSYCHOSOMATISCH_V1
from workflows.profiles.psychosomatisch_v2 import PSYCHOSOMATISCH_V2

_DEFINITIONS: dict[str, dict[int, Definition]] = {
    "algemeen": {1: ALGEMEEN_V1, 2: ALGEMEEN_V2, 3: ALGEMEEN_V3},
    "bekken": {1: BEKKEN_V1, 2: BEKKEN_V2},
    "psychosomatisch": {1: PSYCHOSOMATISCH_V1, 2: PSYCHOSOMATISCH_V2},
}


class UnknownProfile(LookupError):
    def __init__(self, profile: str) -> None:
        super().__init__(f"unknown profile {profile!r}")
        self.profile = profile


def profiles() -> list[str]:
    return sorted(_DEFINITIONS)


def current(profile: str) -> Definition:
    """The newest definition of `profile`: the one new episodes start on."""
    versions = _DEFINITIONS.get(profile)
    if not versions:
        raise UnknownProfile(profile)
    return versions[max(versions)]


def get(profile: str, version: int) -> Definition:
    try:
        return _DEFINITIONS[profile][version]
    except KeyError:
        raise UnknownProfile(f"{profile}@{version}") from None
