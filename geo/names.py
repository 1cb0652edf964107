"""Name rules for Chinese administrative units (used at build time; pure functions, no data files).

`short_name(name, level)` strips the administrative suffix (省, 市, 自治州 …) and the
ethnic designations of autonomous units; it returns None when the stripped form would
be unsafe to use as a written name (one character, a generic word such as 城区/新区, or
a common word such as 合作). `name_en(short, full)` gives the romanised name.
"""
from __future__ import annotations

import re

# The 55 recognised minority nationalities as they appear in unit names (longest first when matching),
# plus 各 (各族 "all nationalities", as in 龙胜各族自治县).
ETHNIC = sorted("""蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水
东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯
鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各""".split(), key=len, reverse=True)

# Provincial units: short name, one-character abbreviation, English name (GB/T 2260 order).
PROVINCES = {
    "110000": ("北京", "京", "Beijing"), "120000": ("天津", "津", "Tianjin"),
    "130000": ("河北", "冀", "Hebei"), "140000": ("山西", "晋", "Shanxi"),
    "150000": ("内蒙古", "蒙", "Inner Mongolia"), "210000": ("辽宁", "辽", "Liaoning"),
    "220000": ("吉林", "吉", "Jilin"), "230000": ("黑龙江", "黑", "Heilongjiang"),
    "310000": ("上海", "沪", "Shanghai"), "320000": ("江苏", "苏", "Jiangsu"),
    "330000": ("浙江", "浙", "Zhejiang"), "340000": ("安徽", "皖", "Anhui"),
    "350000": ("福建", "闽", "Fujian"), "360000": ("江西", "赣", "Jiangxi"),
    "370000": ("山东", "鲁", "Shandong"), "410000": ("河南", "豫", "Henan"),
    "420000": ("湖北", "鄂", "Hubei"), "430000": ("湖南", "湘", "Hunan"),
    "440000": ("广东", "粤", "Guangdong"), "450000": ("广西", "桂", "Guangxi"),
    "460000": ("海南", "琼", "Hainan"), "500000": ("重庆", "渝", "Chongqing"),
    "510000": ("四川", "川", "Sichuan"), "520000": ("贵州", "黔", "Guizhou"),
    "530000": ("云南", "滇", "Yunnan"), "540000": ("西藏", "藏", "Xizang"),
    "610000": ("陕西", "陕", "Shaanxi"), "620000": ("甘肃", "甘", "Gansu"),
    "630000": ("青海", "青", "Qinghai"), "640000": ("宁夏", "宁", "Ningxia"),
    "650000": ("新疆", "新", "Xinjiang"), "710000": ("台湾", "台", "Taiwan"),
    "810000": ("香港", "港", "Hong Kong"), "820000": ("澳门", "澳", "Macao"),
}

# Stripped forms that are generic words, not names (城区 -> 城 is caught by the length rule).
GENERIC = {
    "新区", "城区", "郊区", "矿区", "市区", "市中", "城中", "城东", "城西", "城南", "城北", "东区", "西区",
    "南区", "北区", "中区", "新城", "老城", "开发", "高新", "经开", "林区", "东北", "西北", "东南", "西南",
    "华北", "华东", "华南", "华中", "中部", "西部", "东部", "北部", "南部", "河东", "河西", "河南", "河北",
    "江南", "江北", "山东", "山西", "城关", "市辖", "直辖", "合作", "和平", "团结", "胜利", "前进", "红旗",
    "友谊", "民主", "解放", "开放", "发展", "平安", "安定", "太平", "长安", "永安", "新华", "中心", "东方",
    "南岸", "北关", "海港", "港口", "新兴", "振兴", "兴业", "建设", "光明", "先锋", "和谐", "富裕", "金融",
    # ordinary words of policy prose that are county names but fall below the jieba frequency rule
    "富民", "安居", "同心", "民权", "新民", "无为", "爱民", "回民", "灯塔", "平房", "小店", "二道", "丰满",
    "清流", "天元", "天心", "海盐", "天涯", "石棉", "黑水", "温泉", "向阳", "高明", "白云",
    # ordinary words that jieba tags as place names (ns), so the frequency rule lets them through:
    # 新建 "newly built", 南海/东海 the seas, 长寿 "longevity", 三江 "three rivers" (三江源, 三江平原)
    "新建", "南海", "东海", "长寿", "三江",
}

# pypinyin reads some place-name characters wrongly; whole-word corrections (checked by hand).
PINYIN_FIX = {"长治": "Changzhi", "蔚县": "Yuxian", "六安": "Lu'an", "番禺": "Panyu", "乐亭": "Laoting",
              "单县": "Shanxian", "莘县": "Shenxian", "洪洞": "Hongtong", "铅山": "Yanshan", "黄陂": "Huangpi",
              "长子": "Zhangzi", "乐清": "Yueqing", "六合": "Luhe", "大埔": "Dabu", "会稽": "Kuaiji", "枞阳": "Zongyang", "歙县": "Shexian", "阿城": "Acheng",
              "曲阜": "Qufu", "重庆": "Chongqing", "厦门": "Xiamen", "朝阳": "Chaoyang", "蚌埠": "Bengbu",
              "大足": "Dazu", "会理": "Huili", "泌阳": "Biyang", "亳州": "Bozhou", "兴化": "Xinghua",
              "长沙": "Changsha", "长春": "Changchun", "都江堰": "Dujiangyan", "涡阳": "Guoyang",
              "筠连": "Junlian", "浚县": "Xunxian", "岷县": "Minxian", "盱眙": "Xuyi", "睢县": "Suixian",
              "荥经": "Yingjing", "繁峙": "Fanshi", "珲春": "Hunchun", "宕昌": "Tanchang"}

# Readings of characters in place names where pypinyin's general-language choice is wrong.
CHAR_FIX = {"都": "du", "长": "chang", "乐": "le", "勒": "le", "什": "shi", "埔": "pu", "尾": "wei", "蚌": "beng",
            "佛": "fo", "伽": "jia", "泊": "bo", "漯": "luo", "覃": "qin", "卡": "ka", "会": "hui", "行": "xing"}

_SUFFIXES = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "自治县", "地区", "林区", "盟", "市", "县"),
    "county": ("自治县", "自治旗", "新区", "特区", "林区", "区", "县", "市", "旗"),
}


def strip_name(name: str, level: str) -> str:
    """Full name -> the name without administrative suffix and ethnic designations.

    延边朝鲜族自治州 -> 延边; 巴音郭楞蒙古自治州 -> 巴音郭楞; 浦东新区 -> 浦东; 沛县 -> 沛.
    May return a one-character or generic form; `short_name` decides whether it is usable.
    """
    for suffix in _SUFFIXES[level]:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return name
    if suffix.startswith("自治") or stem.endswith("族"):
        changed = True
        while changed:
            changed = False
            for eth in ETHNIC:
                for form in (eth + "族", eth):
                    if stem.endswith(form) and len(stem) - len(form) >= 2:
                        stem = stem[: -len(form)]
                        changed = True
                        break
                if changed:
                    break
    if stem.endswith("族") and stem[:-1] in ETHNIC:  # 东乡族自治县 -> 东乡, 鄂温克族自治旗 -> 鄂温克
        stem = stem[:-1]
    return stem


def short_name(name: str, level: str, common_words: frozenset[str] = frozenset()) -> str | None:
    """Full name -> the usable short written form, or None if there is none.

    None when the stripped form has one character, equals the full name, is a generic
    word (GENERIC) or, below province level, is in `common_words` (ordinary vocabulary
    supplied by the build, e.g. 合作, 和平).
    """
    stem = strip_name(name, level)
    if name.endswith(("矿区", "直辖")) or stem == name or len(stem) < 2:
        return None
    if level != "province" and stem in GENERIC or level == "county" and stem in common_words:
        return None
    if re.fullmatch(r"[东西南北中城郊新老上下前后左右内外]+", stem):
        return None
    return stem


def romanise(text: str) -> str:
    """Chinese text -> Hanyu Pinyin written as a place name: 西安 -> Xi'an, 延边 -> Yanbian."""
    if text in PINYIN_FIX:
        return PINYIN_FIX[text]
    from pypinyin import lazy_pinyin  # build-time only

    sylls = lazy_pinyin(text, v_to_u=True)
    if len(sylls) == len(text):
        sylls = [CHAR_FIX.get(ch, s) for ch, s in zip(text, sylls)]
    out = sylls[0] if sylls else ""
    for s in sylls[1:]:
        out += ("'" if s[:1] in "aoe" else "") + s
    return out[:1].upper() + out[1:]
