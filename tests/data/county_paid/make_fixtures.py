"""Writes the county-paid fixtures beside this file: one list as WPS saves it, and bad files.

    PYTHONPATH=<a folder holding xlwt> .venv/bin/python tests/data/county_paid/make_fixtures.py

xlwt (for the Excel 97-2003 .xls) is not a dependency of the project; it is needed only to
write ``paid_wps.xls`` again, and the files are committed. tests/test_county_paid.py says
what each holds; its ID numbers are the ones made here.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.idnumber import resident_id

HERE = Path(__file__).resolve().parent
HEAD = resident_id("220102", "1970-03-14", 131)  # 王建国
WIFE = resident_id("220102", "1972-07-02", 142)  # 李秀兰
WEI = resident_id("220102", "1985-01-20", 165)  # 王伟
OUTSIDER = resident_id("341324", "1991-02-03", 201)  # 外村人


def xls() -> None:
    """A tax office's list saved by WPS as .xls: a merged title, a note row, the header in row 3, a total."""
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("缴费明细")
    sheet.write_merge(0, 0, 0, 7, "泗县税务局2022年度城乡居民医保缴费明细（山头镇）")
    sheet.write(1, 0, "导出时间：2021-11-01 08:00:00")
    header = ["序号", "缴费人名称", "缴费人证件号码", "征收品目", "费款所属期起", "缴款方式", "入库日期", "实缴金额"]
    for column, name in enumerate(header):
        sheet.write(2, column, name)
    rows = [
        [1, "王建国", HEAD, "城乡居民基本医疗保险费", "2022-01-01", "支付宝", "2021-10-08", 350.0],
        [2, "李秀兰", WIFE, "城乡居民基本医疗保险费", "2022-01-01", "皖事通", "2021-10-09", 350.0],
        [3, "王伟", WEI, "城乡居民基本养老保险费", "2022-01-01", "银行柜台", "2021-10-09", 200.0],
        [4, "外村人", OUTSIDER, "城乡居民基本医疗保险费", "2022-01-01", "云POS", "2021-10-10", 350.0],
    ]
    for r, row in enumerate(rows, start=3):
        for column, value in enumerate(row):
            sheet.write(r, column, value)
    sheet.write(7, 0, "合计")
    sheet.write(7, 7, 1250.0)
    book.save(str(HERE / "paid_wps.xls"))


def bad_files() -> None:
    (HERE / "no_id_column.csv").write_text("姓名,缴费渠道,缴费日期\n王建国,微信,2021-10-08\n", encoding="utf-8")
    (HERE / "title_only.csv").write_text("山头镇2022年度已缴费名单\n\n制表：税务所\n", encoding="utf-8")
    (HERE / "two_id_columns.csv").write_text(f"姓名,证件号码,证件号码\n王建国,{HEAD},{WIFE}\n", encoding="utf-8")
    (HERE / "not_a_workbook.xlsx").write_bytes("这不是表格文件，是改了扩展名的文字。\n".encode("gbk"))
    (HERE / "list.pdf").write_bytes(b"%PDF-1.4\n")
    (HERE / "unknown_encoding.csv").write_bytes("证件号码\n".encode("utf-8") + bytes([0x81, 0x30, 0xFF, 0xFF, 0x0A]))


if __name__ == "__main__":
    xls()
    bad_files()
