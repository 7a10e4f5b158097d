"""The 政策明白纸: one A4 page for every policy the program carries (and every area of it), through the
printouts registry as the window and the CLI print it, stating each group's amount to pay, each late
price, the periods and the township's 咨询电话 — with no codes and nothing for the collector alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger
from desktop_app.services.policies import PolicyCatalogue, leaflet
from desktop_app.services.policy_updates import set_consult_phone
from tests.printout_support import compact, is_a4, read_pdf
from tests.village import POLICY_DIR, acting

CATALOGUE = PolicyCatalogue([POLICY_DIR])
SHEETS = [
    (policy_id, area)
    for policy_id in CATALOGUE.ids()
    for area in (None, *(a.code for a in CATALOGUE.load(policy_id).policy.areas))
    if area is not None or not CATALOGUE.load(policy_id).policy.area_required
]
PHONE = "0431-8765 4321"


def leaflet_pdf(
    make_ledger: Callable[..., Ledger], tmp_path: Path, policy_id: str, area: str | None, phone: str = PHONE
) -> Path:
    ledger = make_ledger(policy_id, area=area, prefix="MB")
    if phone:
        set_consult_phone(ledger, acting(ledger), phone)
    printout = printouts.document(ledger, acting(ledger), "leaflet")
    return printouts.to_pdf(printout, tmp_path / f"{policy_id}-{area}.pdf")


@pytest.mark.parametrize(("policy_id", "area"), SHEETS, ids=[f"{p}-{a or '全域'}" for p, a in SHEETS])
def test_the_leaflet_of_every_policy_and_area_is_one_a4_page_with_every_price(
    make_ledger: Callable[..., Ledger], tmp_path: Path, policy_id: str, area: str | None
) -> None:
    pdf = read_pdf(leaflet_pdf(make_ledger, tmp_path, policy_id, area))
    assert len(pdf.pages) == 1 and is_a4(pdf.sizes_mm[0])
    sheet = leaflet(CATALOGUE.load(policy_id).policy, area)
    for line in [g.text.partition("：")[2] for g in sheet.groups] + [late.text for late in sheet.late]:
        assert compact(line) in pdf.flat, line
    assert compact(f"咨询电话：{PHONE}") in pdf.flat
    assert policy_id not in pdf.text and "引擎" not in pdf.text
    assert "需要您核对" not in pdf.text  # the collector's questions are in the window, not on the wall


def test_the_leaflet_names_the_period_what_to_bring_and_the_channels_the_notice_names(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    policy_id = next(p for p in CATALOGUE.ids() if CATALOGUE.load(p).policy.channels is not None)
    policy = CATALOGUE.load(policy_id).policy
    pdf = read_pdf(leaflet_pdf(make_ledger, tmp_path, policy_id, None))
    sheet = leaflet(policy)
    assert compact(sheet.periods[0]) in pdf.flat and compact(sheet.benefit_period) in pdf.flat
    for channel in sheet.channels:
        assert compact(channel) in pdf.flat
    for item in sheet.bring:
        assert compact(item) in pdf.flat


def test_without_a_phone_in_the_settings_the_leaflet_leaves_a_line_to_write_it_on(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    pdf = read_pdf(leaflet_pdf(make_ledger, tmp_path, "jl-2022", None, phone=""))
    assert "咨询电话：＿" in pdf.flat


def test_a_longer_notice_is_set_in_smaller_type_and_still_fits_one_page(tmp_path: Path) -> None:
    from dataclasses import replace

    from desktop_app.reports.leaflet import LeafletPage, leaflet_document, point_size_for

    sheet = leaflet(CATALOGUE.load("jl-2022").policy)
    short = LeafletPage(sheet, "测试村", 2022, None, PHONE, datetime(2021, 11, 1))
    longer = replace(short, sheet=replace(sheet, groups=sheet.groups * 3, late=sheet.late * 3))
    assert point_size_for(longer) < point_size_for(short)
    pdf = read_pdf(printouts.to_pdf(leaflet_document(longer), tmp_path / "long.pdf"))
    assert len(pdf.pages) == 1
