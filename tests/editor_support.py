"""The township's edit used by the editor's tests: 吉林 2022 copied for 2023 with a new standard (380)
and a new 低保 help (150 instead of 130), and two sample households with the amounts that implies.

No policy for 2023 is bundled; this is what a township would write from its own 2023 notice.
"""

from __future__ import annotations

from dataclasses import replace

from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.policy_editing import copy_policy
from desktop_app.services.policy_form import PolicyForm
from desktop_app.services.policy_sample_rows import SampleRow
from tests.village import POLICY_DIR

SOURCE, NEW_ID, YEAR = "jl-2022", "jl-2023", 2023
STANDARD, SUBSISTENCE_HELP = "380", "150"
PAID_ON = "2022-11-01"  # inside 2023's collection period (2022-10-01 .. 2022-12-31)
SAMPLES = (
    SampleRow("1", "张国强", "1978-04-04", paid_on=PAID_ON, expected_due="380"),
    SampleRow("1", "李桂兰", "1980-02-02", paid_on=PAID_ON, expected_due="380"),
    SampleRow("2", "王建国", "1960-03-14", "低保对象", paid_on=PAID_ON, expected_due="230"),
)


def bundled_catalogue() -> PolicyCatalogue:
    return PolicyCatalogue([POLICY_DIR])


def fixed_row(form: PolicyForm) -> int:
    """The 低保 (fixed) subsidy's row."""
    return next(i for i, s in enumerate(form.subsidies) if s.kind == "定额")


def edited(form: PolicyForm | None = None) -> PolicyForm:
    """The copy with the new standard, the new 低保 help and the two sample households."""
    form = form or copy_policy(bundled_catalogue(), SOURCE, NEW_ID, YEAR)
    subsidies = list(form.subsidies)
    row = fixed_row(form)
    subsidies[row] = replace(subsidies[row], value=SUBSISTENCE_HELP)
    return replace(form, standard=STANDARD, subsidies=tuple(subsidies), samples=SAMPLES)
