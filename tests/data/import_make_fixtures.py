"""Writes the import_* fixtures beside this file, as offices hand such sheets out.

    PYTHONPATH=<a folder holding xlwt> .venv/bin/python tests/data/import_make_fixtures.py

xlwt (for the Excel 97-2003 .xls) is not a dependency of the project; it is needed
only to write ``import_roster.xls`` again, and the file is committed. Every other
fixture needs openpyxl alone. The tests state what each file holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from desktop_app.domain.idnumber import resident_id as demo_id

HERE = Path(__file__).resolve().parent
HEAD_ID = demo_id("220102", "1970-03-14", 131)  # 王建国
WIFE_ID = demo_id("220102", "1972-07-02", 142)  # 李秀兰
SON_ID = demo_id("220102", "2010-09-01", 153)  # 王小明
WEI_ID = demo_id("220102", "1985-01-20", 165)  # 王伟
ZHAO_ID = demo_id("220102", "1990-05-06", 176)  # 赵红梅
X_ID = next(demo_id("220102", "1960-02-02", s) for s in range(100, 999)
            if demo_id("220102", "1960-02-02", s).endswith("X"))  # 钱多多, ends in X
TITLE = "新立村2022年度城乡居民基本医疗保险参保花名册"
HEADER = ["序号", "户号", "姓名", "公民身份号码", "与户主关系", "民族", "村民小组", "联系电话", "是否在校学生",
          "出生日期", "性别"]


def spaced(number: str) -> str:
    return f"{number[:6]} {number[6:14]} {number[14:]}"


def full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)


# The messy roster: a title over two rows, 户号 and 村民小组 merged down each household,
# a blank row, a total row and a signature line. Every person row is good.
MESSY = [
    [1, "0001", "王建国", HEAD_ID, "户主", "汉族", "一组", "13800000001", "否", None, None],
    [2, None, "李秀兰", WIFE_ID, "配偶", "蒙古", None, "13800000002", "否", None, None],
    [3, None, "王小明", SON_ID.lower(), "长子", "汉族", None, None, "是", None, None],
    [4, None, "王宝宝", None, "孙女", "汉族", None, None, None, dt.datetime(2021, 10, 1), "女"],
    [None] * 11,
    [5, "0002", "王  伟", spaced(WEI_ID), "户主", "回族", "二组", "13900000003", "N", None, "男"],
    [6, None, "赵红梅", full_width(ZHAO_ID), "妻", "汉", None, "１３９０００００００４", "0", "1990/5/6", None],
    [7, "0003", "钱多多", X_ID.lower(), "户主", "汉族", "三组", None, None, None, None],
]


def messy_xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "花名册"
    ws.append([TITLE])
    ws.merge_cells("A1:K1")
    ws.append(["填报单位：新立村村民委员会", None, None, None, None, None, None, None, "填报日期：2021年9月1日"])
    ws.append(HEADER)
    for row in MESSY:
        ws.append(row)
    ws.merge_cells("B4:B7")
    ws.merge_cells("G4:G7")
    ws.merge_cells("B9:B10")
    ws.merge_cells("G9:G10")
    ws.append(["合计", None, "共7人"])
    ws.merge_cells("A12:B12")
    ws.append([])
    ws.append(["制表人：李会计", None, None, None, "审核人："])
    for cell in ws["D"]:
        cell.number_format = "@"
    wb.save(HERE / "import_roster_messy.xlsx")


BASE = [  # 户号, 姓名, 证件号码, 与户主关系, 民族, 村民小组, 联系电话, 是否在校学生
    ["0001", "王建国", HEAD_ID, "户主", "汉族", "一组", "13800000001", "否"],
    ["0001", "李秀兰", WIFE_ID, "配偶", "蒙古族", "一组", "13800000002", "否"],
    ["0001", "王小明", SON_ID, "子", "汉族", "一组", "", "是"],
    ["0002", "王伟", WEI_ID, "户主", "回族", "二组", "13900000003", "否"],
    ["0002", "赵红梅", ZHAO_ID, "妻", "汉族", "二组", "13900000004", "否"],
]
BASE_HEADER = ["户号", "姓名", "身份证号码", "与户主关系", "民族", "村民小组", "联系电话", "是否在校学生"]


def csv_files() -> None:
    lines = [",".join(BASE_HEADER)] + [",".join(r) for r in BASE]
    text = "\r\n".join([TITLE + ",,,,,,,"] + lines) + "\r\n"
    (HERE / "import_roster_gbk.csv").write_bytes(text.encode("gbk"))
    (HERE / "import_roster_utf8.csv").write_bytes(text.encode("utf-8"))
    (HERE / "import_roster_utf8_bom.csv").write_bytes(text.encode("utf-8-sig"))
    dup = ["户号,姓名,身份证号码,联系电话,身份证号码", f"0001,王建国,{HEAD_ID},13800000001,{WIFE_ID}"]
    (HERE / "import_roster_duplicate_header.csv").write_text("\n".join(dup) + "\n", encoding="utf-8")


GOOD_A = demo_id("220102", "1975-04-04", 211)
GOOD_B = demo_id("220102", "1976-06-06", 222)
BAD_CHECK = GOOD_A[:-1] + ("0" if GOOD_A[-1] != "0" else "1")
BAD = [  # row 2 is the header; the comment is what is wrong
    ["0101", "张大山", GOOD_A, "户主", "汉族", "一组", "是"],  # 3 good
    ["0101", "刘桂芝", float(GOOD_B), "配偶", "汉族", "一组", "否"],  # 4 ID stored as a number
    ["0101", "张一", "3.41324198111111E+17", "子", "汉族", "一组", "否"],  # 5 ID as scientific text
    ["0101", "张二", BAD_CHECK, "子", "汉族", "一组", "否"],  # 6 wrong check digit
    ["0101", "张三", "220102750404211", "子", "汉族", "一组", "否"],  # 7 old 15-digit number
    ["0102", "张大山", GOOD_A, "户主", "汉族", "二组", "否"],  # 8 same ID as row 3
    ["0102", None, GOOD_B, "户主", "汉族", "二组", "否"],  # 9 no name
    ["0103", "李四", demo_id("220102", "1980-01-01", 233), "户主", "火星族", "三组", "否"],  # 10 ethnicity
    ["0103", "李五", demo_id("220102", "1981-01-01", 244), "邻居", "汉族", "三组", "否"],  # 11 relation
    ["0103", "李六", demo_id("220102", "2005-01-01", 255), "子", "汉族", "三组", "可能"],  # 12 student
    [None, "李七", demo_id("220102", "1982-01-01", 266), "户主", "汉族", "三组", "否"],  # 13 no 户号
    ["0104", "李八", None, "户主", "汉族", "四组", "否"],  # 14 no ID, no birth date
    ["0104", "周九", demo_id("220102", "1983-03-03", 277), "配偶", "汉族", "四组", "否"],  # 15 good
]
BAD_HEADER = ["户号", "姓名", "身份证号", "与户主关系", "民族", "组别", "在校学生"]


def bad_xlsx() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["花名册（有错的行）"])
    ws.append(BAD_HEADER)
    for row in BAD:
        ws.append(row)
    wb.save(HERE / "import_roster_bad.xlsx")


def identity_files() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "低保"
    ws.append(["新立村2021年农村低保对象名单"])
    ws.append(["序号", "姓名", "身份证号码", "认定日期", "截止日期"])
    ws.append([1, "王建国", HEAD_ID, dt.datetime(2021, 1, 1), "2021-12-31"])
    ws.append([2, "王小明", SON_ID, 44197, None])  # 44197 is Excel's serial for 2021-01-01
    ws.append(["合计", "2人"])
    wb.save(HERE / "import_identities_dibao.xlsx")
    stranger = demo_id("220102", "1950-05-05", 288)
    rows = ["姓名,身份证号码,认定日期,截止日期",
            f"王建国,{HEAD_ID},2021-01-01,2021-12-31",  # 2 good
            f"张三,{stranger},2021-01-01,",  # 3 not in the roster
            f"李秀芝,{WIFE_ID},2021-01-01,",  # 4 the roster says 李秀兰
            f"王伟,{WEI_ID[:-1]}{'1' if WEI_ID[-1] == '0' else '0'},2021-01-01,",  # 5 wrong check digit
            f"王伟,{WEI_ID},2021-06-01,2021-01-01",  # 6 ends before it starts
            f"王建国,{HEAD_ID},2021-01-01,2021-12-31"]  # 7 again
    (HERE / "import_identities_bad.csv").write_bytes(("\n".join(rows) + "\n").encode("gbk"))


def xls() -> None:
    import xlwt  # type: ignore[import-not-found]

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    sheet.write_merge(0, 0, 0, 8, TITLE)
    for c, name in enumerate(["户号", "姓名", "身份证号码", "与户主关系", "民族", "村民小组", "联系电话",
                              "是否在校学生", "出生日期"]):
        sheet.write(1, c, name)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    rows = [
        ["0001", "王建国", HEAD_ID, "户主", "汉族", "一组", "13800000001", "否", None],
        [None, "李秀兰", WIFE_ID, "配偶", "蒙古族", None, "13800000002", "否", None],
        [None, "王小明", SON_ID, "子", "汉族", None, "", "是", dt.date(2010, 9, 1)],
        ["0002", "王伟", WEI_ID, "户主", "回族", "二组", 13900000003, "否", None],
        [None, "赵红梅", ZHAO_ID, "妻", "汉族", None, 13900000004, "否", 32999],  # 32999 = 1990-05-06
    ]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    for top, bottom in ((2, 4), (5, 6)):
        sheet.merge(top, bottom, 0, 0)  # 户号 and 村民小组 merged down each household
        sheet.merge(top, bottom, 5, 5)
    sheet.write(7, 0, "合计")
    sheet.write(7, 1, "5人")
    book.save(str(HERE / "import_roster.xls"))


if __name__ == "__main__":
    messy_xlsx()
    csv_files()
    bad_xlsx()
    identity_files()
    xls()
