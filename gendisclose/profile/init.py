"""``gendisclose profile init DIR``: a complete, commented copy of the default profile to edit.

The file is generated from the defaults themselves (:func:`~.settings.default_settings`), so
it can never disagree with them; ``profiles/default/`` in the repository is this output
(``tests/test_profile.py`` checks that).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .settings import default_settings
from .wording import SECTIONS_BY_KIND

HEAD = """\
# gendisclose 配置（profile）：本局公开文档的措辞、结构和版式。
#
# 用法：gendisclose build 工作簿.xlsx -o 输出 --profile 本目录
#       （或设置环境变量 GENDISCLOSE_PROFILE=本目录，以后每次都用它）
#
# 没写的设置一律用默认值（与本文件现在的内容相同），所以可以只留下要改的几行。
# 写错的键名、类型或占位符，程序会在读任何工作簿之前指出文件和行号。
# 文字中的占位符用花括号：{dept} 部门名称，{year} 预算年度，{number} 部分序号（一、二……），
# {n} 页码或表号，{region} 区县名；要印出花括号本身请写 {{ 或 }}。
#
# 第三部分各节的句子在 budget/sections/01.j2 … 11.j2（jinja2 模板，见 docs/profile.md）。
# 改哪一节就改哪个文件；删掉的文件用默认模板。
"""

COMMENTS: dict[str, str] = {
    "profile": "配置的名称（只用于提示）和文档类型（budget = 部门预算公开）",
    "document": "parts：文档包含哪些部分、按什么顺序（可选：概况、预算报表、情况说明、名词解释）；\n"
                "部分标题中的 {number} 按这里的顺序编号。cover：封面各行；toc_heading：目录标题\n"
                "（空字符串 = 不要目录）；file_stem：输出文件名；running_header：页眉（空 = 不印）",
    "headings": "各部分和第三部分各节的标题；in_toc：哪些节标题进入目录",
    "headings.sections": "第三部分的节标题（键是节号，不要改键，只改右边的文字）",
    "charts": "图的标题",
    "fixed_sentences": "固定句子（无“三公”经费、事业单位无机关运行经费、附件说明、空白时的“无”）",
    "tables": "第二部分报表：label 表上方的小字（{n} 表号），labels 个别表的特殊小字，\n"
              "toc_title 目录条目，department_caption / unit_caption 表头两行，no_data / rounding_note 注",
    "tables.titles": "各表标题（年份自动加在前面）",
    "tables.labels": "个别表的特殊小字（其余用 label）",
    "performance": "绩效目标表的标题和副标题（{region} 区县名，{year} 年度）",
    "glossary": "第四部分 名词解释，每项一行",
    "page": "版式（毫米 mm、磅 pt）。页边距：上、下、左（订口）、右；mirror = true 时双页左右互换。\n"
            "body_size_pt 正文字号（三号 = 16），line_pitch_pt 行距；body_face / heading_face 是 PDF\n"
            "所用的随程序安装的字体：\"serif\"（宋体类）或 \"sans\"（黑体类）；docx_*_font 是 DOCX 中\n"
            "指定的字体名（由 Word / WPS 在本机找）。page_number 页码格式（{n} 页码），\n"
            "page_number_position：\"center\" 居中，\"outside\" 单页居右、双页居左（GB/T 9704）",
    "checks": "检查的阈值：reason_threshold = 增减达上年数的这个比例（0.2 即 20%）而未填变动原因时提示（reason.missing）",
    "rules": "检查级别：检查代码 = \"错误\"、\"警告\" 或 \"关闭\"（代码见 validate --format json 的 code）。\n"
             "文件、单元格格式和内部校验（file.*、cell.*、internal.* 等）不能降级。例如：\n"
             "# \"staffing.over_quota\" = \"关闭\"\n"
             "# \"prior.missing\" = \"错误\"",
}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if sum(len(str(v)) for v in value) < 60:
            return "[" + ", ".join(_value(v) for v in value) + "]"
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"
    raise TypeError(type(value))


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isascii() and key.replace("_", "").isalnum() else _value(key)


def _table(name: str, table: dict[str, Any], out: list[str]) -> None:
    out.append("")
    for line in COMMENTS.get(name, "").splitlines():
        out.append(line if line.startswith("# ") else f"# {line}")
    out.append(f"[{name}]")
    nested = []
    for key, value in table.items():
        if isinstance(value, dict):
            nested.append((key, value))
        else:
            out.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        _table(f"{name}.{key}", value, out)


def default_toml(kind: str = "budget") -> str:
    """The whole default profile.toml, commented."""
    out = [HEAD.rstrip("\n")]
    for name, table in default_settings(kind).items():
        _table(name, table, out)
    out.append("# 可调整级别的检查代码：见 gendisclose rules 或 docs/rules.md（“结构性”一栏为空的）")
    return "\n".join(out) + "\n"


def init_profile(folder: Path, kind: str = "budget", *, force: bool = False) -> list[Path]:
    """Write ``profile.toml`` and the default section templates into ``folder``; the files written.

    Refuses (FileExistsError) to overwrite an existing profile.toml unless ``force``."""
    from ..pipeline import atomic_write
    from ..resources import template_path

    target = folder / "profile.toml"
    if target.exists() and not force:
        raise FileExistsError(str(target))
    files = {target: default_toml(kind).encode("utf-8")}
    for section in SECTIONS_BY_KIND[kind]:
        files[folder / kind / "sections" / f"{section}.j2"] = template_path(kind, "sections", f"{section}.j2").read_bytes()
    for path, data in files.items():
        atomic_write(path, data)
    return list(files)
