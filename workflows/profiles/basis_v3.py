"""The general process, third edition: the base every profile's newest version builds on.

It is the process of `algemeen.py` (003 ch.2) with the rules a rule-by-rule reading of the
seeds found missing: a referral to an arts from any step, the meldcode at any step, who agrees
on the client's behalf, the hoofddoel's level, interim evaluation on the plan's own moments,
the people involved at evaluatie and afsluiting, and corrections of a passed step.
Each profile's newest version (algemeen@3, bekken@2, psychosomatisch@2) extends this one.
"""

from workflows.definition import Definition
from workflows.write_rules import WRITE_RULES_V3
from workflows.profiles.algemeen import ALGEMEEN_V1

BASIS_V3 = Definition(
    profile="basis",
    version=3,
    registratie="oefentherapeut",
    description="Het methodisch handelen van de oefentherapeut (003 hoofdstuk 2), derde editie.",
    steps=ALGEMEEN_V1.steps,
    triggers=ALGEMEEN_V1.triggers,
    write_rules=WRITE_RULES_V3,
)
