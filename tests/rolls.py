"""Rolls as offices really write them, for tests/test_rolls_real_world.py: the people of 新立村 and the
files in tests/data/rolls/ (written by ``write_all``; tests/data/rolls/make_rolls.py runs it).

- ``roster_household_roll.xlsx``: the village's 花名册 with a two-row header (家庭成员 merged over
  姓名 … 民族, 联系电话 merged over two columns), a title, 户号 and 村民小组 merged down each
  household, 与户主关系 written 子女 / 儿女 / 孙子女 / 之子 / 长孙 / 外孙子女 / 干女儿, 民族 written
  01 / 汉 / 汉族人, a 15-digit old ID number, full-width digits, trailing spaces, a blank row
  inside, a phone written 无, a total row and a signature line.
- ``minzheng_households.xlsx``: a 民政 household list (户主姓名, 户主身份证号码, 成员姓名,
  成员身份证号码, 与户主关系, 保障类别, 纳入时间); the 户主 columns merged down each household,
  the 保障类别 merged down one household and written on another's first row only.
- ``yibao_assistance.csv`` (GBK) and ``yibao_assistance.xls`` (Excel 97-2003, as WPS saves it):
  a 医保 list whose 医疗救助身份 mixes 特困, 低保 and 监测, with 纳入资助时间 and 身份取消时间.
- ``roster_bom_mess.csv`` (UTF-8 with BOM): ID numbers as 3.41E+17 and with a wrong check digit,
  notes in the header (身份证号码（必填）), blank rows, trailing spaces.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop_app.domain.idnumber import resident_id

ROLLS = Path(__file__).resolve().parent / "data" / "rolls"


def _id(born: str, serial: int) -> str:
    return resident_id("220102", born, serial)


# name, ID number, 与户主关系 as the roll writes it, the relation the register keeps
WANG = [
    ("王建国", _id("1970-03-14", 131), "户主", "户主"),
    ("李秀兰", _id("1972-07-02", 142), "配偶", "配偶"),
    ("王小明", _id("2010-09-01", 153), "子女", "子女"),
    ("王小红", _id("2012-05-05", 164), "儿女", "子女"),
    ("王宝宝", _id("2020-10-01", 175), "孙子女", "孙子女"),
]
ZHANG = [
    ("张大山", _id("1948-06-06", 211), "户主", "户主"),
    ("刘桂芝", _id("1950-02-02", 222), "妻", "妻"),
    ("张一", _id("1975-04-04", 233), "之子", "子"),
    ("张二", _id("2000-01-01", 244), "长孙", "长孙"),
    ("周小燕", _id("2008-08-08", 255), "外孙子女", "外孙子女"),
]
ZHAO = [("赵四", _id("1960-12-12", 311), "本人", "本人"), ("钱五", _id("1990-03-03", 322), "干女儿", "干女儿")]
PEOPLE = WANG + ZHANG + ZHAO
OLD_ID = ZHANG[0][1][:6] + ZHANG[0][1][8:17]  # 张大山's first-generation 15-digit number
NUMBER = {name: number for name, number, _, _ in PEOPLE}


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def roster_household_roll(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(["新立村2022年度城乡居民基本医疗保险参保花名册"])
    sheet.merge_cells("A1:J1")
    sheet.append(["填报单位：新立村村民委员会", None, None, None, None, None, None, "填报日期：2021年9月1日"])
    sheet.append(["序号", "户号 ", "家庭成员", None, None, None, "村民小组", "联系电话", None, "是否在校学生"])
    sheet.append([None, None, "姓名", "公民身份号码", "与户主关系 ", "民族", None, None, None, None])
    for area in ("A3:A4", "B3:B4", "C3:F3", "G3:G4", "H3:I4", "J3:J4"):
        sheet.merge_cells(area)
    rows: list[list[Any]] = []
    for i, (name, number, relation, _) in enumerate(WANG):
        rows.append(
            [
                i + 1,
                "0001" if i == 0 else None,
                name,
                number,
                relation,
                ("汉族", "01", "汉", "汉族人", "汉族")[i],
                "一组" if i == 0 else None,
                "13800000001 " if i == 0 else None,
                None,
                "是" if relation == "子女" else "否",
            ]
        )
    rows.append([None] * 10)  # a blank row inside the table
    for i, (name, number, relation, _) in enumerate(ZHANG):
        written: Any = number
        if i == 0:
            written = OLD_ID
        elif i == 1:
            written = full_width(number)
        elif i == 2:
            written = number + "  "
        rows.append(
            [
                6 + i,
                "０００２" if i == 0 else None,
                name,
                written,
                relation,
                "汉族",
                "二组" if i == 0 else None,
                "无" if i == 1 else None,
                None,
                "否",
            ]
        )
    for i, (name, number, relation, _) in enumerate(ZHAO):
        rows.append(
            [
                11 + i,
                "0003" if i == 0 else None,
                name,
                number,
                relation,
                "回族",
                "二组" if i == 0 else None,
                "139 0000 0003" if i == 0 else None,
                None,
                None,
            ]
        )
    for row in rows:
        sheet.append(row)
    first = 5
    for top, size in ((first, 5), (first + 6, 5), (first + 11, 2)):
        sheet.merge_cells(f"B{top}:B{top + size - 1}")
        sheet.merge_cells(f"G{top}:G{top + size - 1}")
    sheet.append(["合计", None, f"共{len(PEOPLE)}人"])
    sheet.append([])
    sheet.append(["制表人：李会计", None, None, "审核人：", None, None, "村委会（盖章）"])
    for cell in sheet["D"]:
        cell.number_format = "@"
    book.save(path)
    return path


def minzheng_households(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "保障家庭成员"
    sheet.append(["新立村城乡最低生活保障及特困供养对象花名册（2021年12月）"])
    sheet.merge_cells("A1:I1")
    sheet.append(
        [
            "序号",
            "户主姓名",
            "户主身份证号码",
            "成员姓名",
            "成员身份证号码",
            "与户主关系",
            "保障类别",
            "保障人数",
            "纳入时间",
        ]
    )
    rows: list[list[Any]] = []
    head = WANG[0]
    for i, (name, number, relation, _) in enumerate(WANG[:3]):
        rows.append(
            [
                len(rows) + 1,
                head[0] if i == 0 else None,
                head[1] if i == 0 else None,
                name,
                number,
                "本人" if i == 0 else relation,
                "农村低保" if i == 0 else None,
                3 if i == 0 else None,
                dt.datetime(2021, 1, 1),
            ]
        )
    head = ZHANG[0]
    for i, (name, number, relation, _) in enumerate(ZHANG[:2]):
        rows.append(
            [
                len(rows) + 1,
                head[0],
                head[1],
                name,
                number,
                "本人" if i == 0 else relation,
                "低保户" if i == 0 else None,
                2,
                "2021/3/1",
            ]
        )
    rows.append([len(rows) + 1, ZHAO[0][0], ZHAO[0][1], ZHAO[0][0], ZHAO[0][1], "本人", "分散供养特困", 1, "20210601"])
    for row in rows:
        sheet.append(row)
    for area in ("B3:B5", "C3:C5", "G3:G5", "H3:H5"):  # 王建国's household merged down
        sheet.merge_cells(area)
    sheet.append(["合计", None, None, None, None, None, None, 6])
    for column in ("C", "E"):
        for cell in sheet[column]:
            cell.number_format = "@"
    book.save(path)
    return path


YIBAO_HEADER = ["序号", "姓名", "身份证号码", "医疗救助身份", "纳入资助时间", "身份取消时间", "备注"]
YIBAO = [  # name, identity as the 医保 list writes it, 纳入资助时间, 身份取消时间
    ("赵四", "特困", "2021-06-01", ""),
    ("张大山", "低保", "2021-03-01", "2021-10-15"),  # no longer 低保 after 15 October
    ("刘桂芝", "低保", "2021-03-01", ""),
    ("钱五", "监测", "2021-09-01", ""),
    ("王建国", "农村低保", "2021-01-01", ""),
]


def yibao_csv(path: Path) -> Path:
    lines = ["某县医疗保障局 2022年度医疗救助对象参保资助名单,,,,,,", ",".join(YIBAO_HEADER)]
    for i, (name, label, start, end) in enumerate(YIBAO):
        lines.append(",".join([str(i + 1), name, NUMBER[name], label, start, end, ""]))
    lines.append("合计,5人,,,,,")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def yibao_xls(path: Path) -> Path:
    """The same list as Excel 97-2003 (BIFF8), the format WPS saves .xls in; needs xlwt."""
    import xlwt  # type: ignore[import-not-found,unused-ignore]

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("医疗救助")
    sheet.write_merge(0, 0, 0, 6, "某县医疗保障局 2022年度医疗救助对象参保资助名单")
    for c, name in enumerate(YIBAO_HEADER):
        sheet.write(1, c, name)
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, (name, label, start, end) in enumerate(YIBAO, start=2):
        sheet.write(r, 0, r - 1)
        sheet.write(r, 1, name)
        number = NUMBER[name]
        if name == "张大山":
            sheet.write(r, 2, int(OLD_ID))  # a 15-digit old number typed into a number cell
        else:
            sheet.write(r, 2, number)
        sheet.write(r, 3, label)
        sheet.write(r, 4, dt.date.fromisoformat(start), day)
        if end:
            sheet.write(r, 5, dt.date.fromisoformat(end), day)
    sheet.write(len(YIBAO) + 2, 0, "合计")
    book.save(str(path))
    return path


def roster_bom_mess(path: Path) -> Path:
    rows = [
        "户号,姓名 ,身份证号码（必填）,与户主关系,民族,联系电话 ",
        f"0101,孙大 ,{_id('1966-06-16', 411)} ,户主 ,汉族 ,13700000001",  # 2 good
        "0101,孙二,3.41324E+17,子女,汉族,",  # 3 scientific notation
        ",,,,,",  # 4 blank
        f"0101,孙三,{_id('1999-09-09', 433)[:17]}{'0' if _id('1999-09-09', 433)[17] != '0' else '1'},孙子女,汉族,",  # 5
        f"0102,孙四,{full_width(_id('1970-07-07', 444))},户主,02,",  # 6 good: full-width digits, 蒙古族 by code
    ]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    return path


def write_all(folder: Path = ROLLS, *, xls: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    roster_household_roll(folder / "roster_household_roll.xlsx")
    minzheng_households(folder / "minzheng_households.xlsx")
    yibao_csv(folder / "yibao_assistance.csv")
    roster_bom_mess(folder / "roster_bom_mess.csv")
    if xls:
        yibao_xls(folder / "yibao_assistance.xls")
