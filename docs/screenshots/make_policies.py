"""Screenshots of benefit years and policies: 新年度, the policy view, 安装新政策, the township's
policy editor, and the 政策明白纸 (a PDF rendered to PNG).

    .venv/bin/python docs/screenshots/make_policies.py [OUT_DIR]

Writes new-year.png, policy-view.png, policy-install.png, policy-editor.png and
policy-editor-samples.png at 1366×768, the same with -large (字号 特大), and
leaflet.png / leaflet-area.png (the 明白纸 of two bundled policies) into OUT_DIR (default:
this folder). The village (吉林 jl-2022, 新立村 in 长春) and the township are made here with the
services in a temporary folder; the township's copy for 2023 is written, signed and exported
there too, so 安装新政策 shows a real file and what it changes. Runs offscreen; the
明白纸 needs poppler's pdftoppm.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

from camera import WORK, Camera, out_dir

os.environ["XDG_DATA_HOME"] = str(WORK / "xdg")  # the policies installed and the keys trusted stay in here
os.environ.pop("ZHENGJIAO_POLICIES", None)

from desktop_app.domain.idnumber import resident_id  # noqa: E402
from desktop_app.services import printouts  # noqa: E402
from desktop_app.services.ledger import Ledger  # noqa: E402
from desktop_app.services.policy_updates import install_policy, set_consult_phone  # noqa: E402
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person  # noqa: E402
from desktop_app.services.setup import Setup, initialise  # noqa: E402
from desktop_app.services.township_desk import initialise_township  # noqa: E402
from desktop_app.ui.policy_editor import PolicyEditor  # noqa: E402
from desktop_app.ui.policy_install import InstallPolicyDialog  # noqa: E402
from desktop_app.ui.policy_view import PolicyViewDialog  # noqa: E402
from desktop_app.ui.widgets import apply_font_size  # noqa: E402
from desktop_app.ui.year_dialog import NewYearDialog  # noqa: E402

NOW = datetime(2022, 11, 1, 9, 30)
PASSWORD = "secret1"
KEY_PASSWORD = "xiangzhen-2022"


def township(folder: Path) -> tuple[Ledger, PolicyEditor]:
    """The township's editor with jl-2022 copied for 2023: the standard and the 低保 help changed, two samples."""
    ledger = Ledger.open(folder / "township.sqlite", create=True, clock=lambda: NOW)
    clerk = initialise_township(ledger, "示例镇", "周文书", PASSWORD)
    editor = PolicyEditor(ledger, clerk, None, folder / "work")
    editor.presenter.copy("jl-2022", "jl-2023", 2023)
    form = editor.form()
    assert form is not None
    from dataclasses import replace

    from desktop_app.services.policy_sample_rows import SampleRow

    subsidies = tuple(replace(s, value="150") if s.value == "130" else s for s in form.subsidies)
    samples = (
        SampleRow("1", "张国强", "1978-04-04", paid_on="2022-11-01", expected_due="380"),
        SampleRow("1", "李桂兰", "1980-02-02", paid_on="2022-11-01", expected_due="380"),
        SampleRow("2", "王建国", "1960-03-14", "低保对象", paid_on="2022-11-01", expected_due="230"),
        SampleRow("3", "王小明", "2012-09-01", student=True, paid_on="2022-11-01", expected_due="220"),
    )
    editor.show_form(replace(form, standard="380", subsidies=subsidies, samples=samples), None)
    editor.presenter.form = editor.form()
    editor.try_samples()
    return ledger, editor


def village(folder: Path) -> Ledger:
    ledger = Ledger.open(folder / "village.sqlite", create=True, clock=lambda: NOW)
    op = initialise(
        ledger, Setup("jl-2022", "新立村", "李会计", "XL", area="changchun", village_groups=("一组", "二组")), PASSWORD
    )
    h = add_household(ledger, op, "0001", "新立村一组3号", "一组")
    head = add_person(ledger, op, h, PersonInput("王建国", resident_id("220102", "1970-03-14", 131), relation="户主"))
    add_identity(ledger, op, head, "subsistence_allowance", "民政", "低保名册")
    set_consult_phone(ledger, op, "0431-8888 6666")
    return ledger


def main() -> None:
    out = out_dir()
    camera = Camera(out)
    desk, editor = township(WORK / "township")
    editor.save()
    signed = editor.presenter.make_key(KEY_PASSWORD, WORK / "keys")
    assert signed is not None and editor.presenter.sign(signed, KEY_PASSWORD)
    stick = WORK / "stick"
    editor.presenter.export(stick, signed)
    ledger = village(WORK / "village")
    from desktop_app.services.operators import acting_as, find_operator

    acting = acting_as(ledger, find_operator(ledger, "李会计"))
    for suffix, size in (("", "中"), ("-large", "特大")):
        apply_font_size(size, remember=False)
        editor.tabs.setCurrentIndex(0)
        camera.shot(editor, f"policy-editor{suffix}.png", (1366, 768))
        editor.tabs.setCurrentIndex(4)
        camera.shot(editor, f"policy-editor-samples{suffix}.png", (1366, 768))
        editor.hide()
        view = PolicyViewDialog(ledger, acting)
        camera.shot(view, f"policy-view{suffix}.png")
        view.close()
        install = InstallPolicyDialog(ledger, acting)
        install.choose(stick / "乡镇政策" / "jl-2023.toml")
        camera.shot(install, f"policy-install{suffix}.png")
        install.close()
    install_policy(ledger, acting, stick / "乡镇政策" / "jl-2023.toml")
    for suffix, size in (("", "中"), ("-large", "特大")):
        apply_font_size(size, remember=False)
        dialog = NewYearDialog(ledger, acting)
        camera.shot(dialog, f"new-year{suffix}.png")
        dialog.close()
    apply_font_size("中", remember=False)
    for policy_id, area, name in (
        ("ah-sixian-shantou-2022", None, "leaflet.png"),
        ("jl-2022", "changchun", "leaflet-area.png"),
    ):
        paper = WORK / f"{policy_id}.sqlite"
        with Ledger.open(paper, create=True, clock=lambda: NOW) as other:
            op = initialise(other, Setup(policy_id, "示例村", "赵会计", "SL", area=area), PASSWORD)
            set_consult_phone(other, op, "0557-6012345")
            pdf = printouts.to_pdf(printouts.document(other, op, "leaflet"), WORK / f"{name}.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(out / name[:-4])], check=True)
        print(out / name)
    desk.close()
    ledger.close()


if __name__ == "__main__":
    main()
