"""Word lists and regular expressions the extractor (:mod:`pairings.extract`) reads policy texts with.

Everything here is language knowledge about how policy documents are written, not data about
any one document: connective words, the cue words that name a kind of cooperation, the
suffixes that end the name of an area, and ordinary words that happen to contain a place
name. Admin units come only from the gazetteer (``geo.gazetteer()``); the two pieces of
geography kept here are the four statistical macro-regions (``MACRO_REGIONS``, as province
adcode prefixes, with the eastern one deciding the supporter of 东西部扶贫协作) and the forms of
regions named by geography (``REGION_NAMES``: 长三角, 珠三角, 环渤海, …省藏区).
"""

from __future__ import annotations

import re

# --- connectives between two parties -------------------------------------------------------
#: gaps that join parties inside one group ("辽宁省与江苏省", "奉化区、宁海县与安图县")
JOINS = frozenset({"、", "与", "和", "及", "以及", "同", "跟"})
#: the joins that pair the left side with the right side
PAIR_JOINS = frozenset({"与", "同", "跟"})
#: verbs of directed help: "X帮扶Y、Z和W", "X对口支援Y" (supporter first)
DIRECTED_VERB = re.compile(
    r"^(?:要|将|继续|结对|对口|深入|持续)*(?:对口)?(帮扶|支援|援助|协作帮扶|结对帮扶|扶贫协作|对口协作|结对)$"
)
#: verbs that say help only under a named programme (``（五）对口支援新疆`` … ``湖北省帮助博州``):
#: directed verbs when the sentence, the list's lead, a heading or the title names one
PROGRAMME_VERB = re.compile(r"^(?:要|将|继续|全力|大力|积极)*(帮助|支持|援建|带动)$")
#: a directed verb that continues the previous clause's supporter (``…，对口协作湖北省十堰市``)
CONTINUED_VERB = re.compile(r"^[，,；;](?:并|还|同时|另外)?(?:对口)?(帮扶|支援|协作|对口协作|结对帮扶|扶贫协作)$")

# --- written pair lists: X—Y；Z—W、V / X：Y / table rows "X Y" -------------------------------
#: what stands between the two sides of one item (dash, colon, arrow; a tab or spaces in a table row)
PAIR_LIST_SEP = re.compile(r"^(?:\s*(?:——|—|－|–|―|-|:|：|→)\s*|[ \t\u3000]+)$")
#: what joins the places of one side
PAIR_LIST_SIDE_JOIN = re.compile(r"^(?:、|和|及|以及)$")
#: what may stand between two items of a list
PAIR_LIST_ITEM_SEP = re.compile(r"^\s*[，,；;]\s*$")
#: how the text before the first item may end (``…结对关系如下：``, ``具体为——``, ``…，``)
PAIR_LIST_LEAD_END = re.compile(r"(?:[：:]|——|—|[，,；;])\s*$")

# --- kinds: cue word -> glossary kind, first match wins (most specific first) ---------------
KIND_CUES: tuple[tuple[str, str], ...] = (
    ("东西部扶贫协作", "扶贫协作"),
    ("扶贫协作", "扶贫协作"),
    ("携手奔小康", "扶贫协作"),
    ("东西部协作", "东西部协作"),
    ("生态补偿", "横向生态补偿"),
    ("补偿", "横向生态补偿"),
    ("对口支援", "对口支援"),
    ("帮扶", "对口支援"),
    ("对口合作", "对口合作"),
    ("对口协作", "对口协作"),
)
#: two cities written by one character each before 双核/双城 (成渝“双核”, 成渝双城经济圈)
TWIN_CITIES = re.compile(r"([\u4e00-\u9fff]{2})(?:“双核”|\"双核\"|双核|双城)")
#: a document's own province "joins" an area: 主动对接京津冀…, 融入粤港澳大湾区…
JOIN_VERB = re.compile(r"(?:对接|融入)$")
#: between a province and the area it joins (内蒙古自治区主动对接东部省市)
SUBJECT_JOINS = re.compile(r"(?:要|将|继续|主动|积极|加快|全面|深度|更好)*(?:对接|融入)")
#: what may stand between a supporter and 对口支援 (``北京市要继续对口支援…``)
SUPPORTER_GAP = re.compile(r"(?:要|将|继续|结对|深入|持续|精准|全力|长期|负责)*")
#: in a province's own document, ``加强与长江重庆港、上海港等合作``: the provinces written between a
#: 与 with no subject before it and the 合作 after it are the province's partners (not 参与, 给与)
ISSUER_PARTNERS = re.compile(r"(?<![参给赋])与([^，,。；;：:与]{2,30}?)(?:合作|协作)")
#: the kinds a pairing gets from its parties alone, when no cue names a programme
PARTY_KINDS = frozenset({"省际合作", "城市合作", "区域合作"})
#: kinds in which one party helps the other (the pairing is directed, supporter first)
DIRECTED_KINDS = frozenset({"扶贫协作", "东西部协作", "对口支援"})
#: a sentence must hold one of these for a bare "X与Y" between places to count as a pairing
COOPERATION_CUE = re.compile(r"合作|协作|对口|帮扶|支援|结对|融通|对接|衔接|交流|联动|补偿|携手|共建|互助")

#: provinces of the eastern region (国家统计局 东部地区), the supporting side of 东西部扶贫协作
#: when the text gives no verb: 2-digit adcode prefixes
EASTERN_PROVINCES = frozenset({"11", "12", "13", "31", "32", "33", "35", "37", "44", "46"})  # = MACRO_REGIONS["东部地区"]
#: the four macro-regions (国家统计局 四大区域板块) as 2-digit adcode prefixes of their provinces
MACRO_REGIONS = {
    "东部地区": ("11", "12", "13", "31", "32", "33", "35", "37", "44", "46"),
    "中部地区": ("14", "34", "36", "41", "42", "43"),
    "西部地区": ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
    "东北地区": ("21", "22", "23"),
}
#: the provinces of a macro-region written as such (东部发达省市, 东部省市, 西部省区, 中部省份)
MACRO_PROVINCES = re.compile(r"(东|中|西)部(?:发达|欠发达|沿海)?(?:省市|省区|省份)")
#: two or three macro-regions written together (中西部, 东中西部; not 中西部地区 inside 东中西部地区…);
#: not 中西部老工业城市, 中西部和东北有条件地区
MACRO_PAIR = re.compile(r"((?:东中西|中西))部(?:地区)?(?=地区|[、与,，;；。]|$)")
#: province-level municipalities and SARs, which pair with prefecture-level cities
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000", "810000", "820000"})

# --- places: names the scanner must not take as a place -----------------------------------
#: full or short names that are ordinary words in policy texts (合作市 is "合作", 城区 …)
STOP_NAMES = frozenset({
    "合作", "新区", "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "市中",
    "高新", "开发", "和平", "新城", "新华", "城关", "白云", "长安", "永安", "兴安", "东北",
    "中部", "西部", "东部", "南部", "北部", "阿里", "安康", "大同", "白银", "普洱",
})
#: words that contain a place name but are not places
COMMON_WORDS = ("长治久安", "大同小异", "世界大同", "幸福安康", "中山装")
#: a word ending in a place's first character: the place is not there (推广东部 is not 广东,
#: 长江西岸 not 江西, 黄河北岸 not 河北)
OVERLAP_WORDS = frozenset({"推广", "宽广", "深广", "长江", "黄河", "淮河", "海河", "运河", "珠江", "汉江", "湘江"})
#: 延边州 for 延边朝鲜族自治州, 北川县 for 北川羌族自治县: written char -> how the full name ends
SHORT_SUFFIXES = {"州": "州", "县": "县", "旗": "旗", "盟": "盟"}
#: a place name directly followed by one of these is part of a river name (赤水河, 黑河流域)
RIVER_AFTER = re.compile(r"[江河湖溪]|流域")
#: characters of abbreviation runs that are never a cooperation on their own (港澳台侨)
SAR_ABBREVIATIONS = frozenset("港澳台")
#: what may follow an abbreviation compound for it to count (川渝合作, 川粤川浙扶贫协作, 川滇黔结合部)
ABBR_FOLLOW = re.compile(
    r"^(?:$|[、，,；;。：:）)“”\"]|等|两地|两省|三省|合作|扶贫|协作|结合部|交界|黄河|金三角|地区|城市群|经济区|"
    r"会议|区域|一体化|协同|对口|联合|毗邻|革命老区|牧区|大湾区|省|城际|市\(州\)|市（州）)"
)
#: an abbreviation compound followed by one of these names an area, not a pairing
#: a list that ends in a class of border areas: 粤桂、湘赣、川渝等省际交界地区 (items are zones)
ZONE_LIST_TAIL = re.compile(r"(?:、[^、，,。；;]{2,12})*等(?:省际)?(?:交界|毗邻|结合部)")
ABBR_ZONE_FOLLOW = re.compile(r"^(?:结合部|交界|黄河金三角|金三角|城市群|经济区|地区|大湾区|革命老区|毗邻地区)")
#: the words of ABBR_ZONE_FOLLOW after which the compound is an inter-provincial border area
#: (川滇黔结合部, 川渝毗邻地区, 晋陕豫黄河金三角; "" for a bare compound of three, 川滇黔)
BORDER_FOLLOW = frozenset({"结合部", "交界", "黄河金三角", "金三角", "毗邻地区", "省际交界地区"})
#: a bare compound of three or more province abbreviations (京津冀, 沪苏浙, 川滇黔) names the
#: provinces of a standing cooperation, not a border strip: 区域合作区 (curated 沪苏浙)
COMPOUND_KIND = "区域合作区"
#: what may follow a two-character curated name for it to count (西部地区, 川渝合作, 三州建设)
SHORT_FORM_AFTER = re.compile(
    r"^(?:[、和与及等的两”\"]|地区|城市群|一体化|协同|合作|协作|扶贫|结合部|交界|毗邻|革命|牧区|会议|区域|大湾区|"
    r"之间|联动|都市圈|建设|发展|开发|地方|省份|各省|[一二三四五六七八九十]大板块|板块)"
)
#: region words that are not the name of a city cluster (东北地区…等城市群)
DIRECTION_WORDS = frozenset({"东北", "西北", "西南", "东南", "华北", "华东", "华南", "华中", "中部", "西部", "东部",
                             "中西部", "东中西部"})

# --- named areas ---------------------------------------------------------------------------
#: suffix -> (entity type, kind); longest suffixes first so 生态经济带 wins over 经济带
#: suffix -> (entity type, kind); the longest suffix a name ends with decides (生态经济带 over 经济带,
#: 生态示范区 and 承接产业转移示范区 over 示范区). Every kind is a glossary kind of that entity type
#: (``pairings.glossary.KINDS``, checked by :func:`check_kinds` on import) and is the kind the
#: curators gave the curated areas with that suffix (zones.csv, platforms.csv, basins.csv; a
#: kind that is a status rather than a form — 国家重大区域战略 — cannot come from a suffix).
AREA_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("自由贸易试验区", "platform", "自由贸易试验区"),
    ("国际合作示范区", "platform", "示范区"),
    ("承接产业转移示范区", "zone", "承接产业转移示范区"),  # 皖江城市带承接产业转移示范区
    ("生态示范区", "zone", "生态示范区"),  # 川西北生态示范区
    ("生态经济带", "basin", "流域经济带"),
    ("城市群", "zone", "城市群"),
    ("都市圈", "zone", "都市圈"),
    ("城市带", "zone", "城市群"),  # an urban belt is a city cluster written along a river or coast
    ("经济区", "zone", "经济区"),
    ("经济带", "basin", "流域经济带"),
    ("结合部", "zone", "省际交界地区"),
    ("金三角", "zone", "省际交界地区"),
    ("示范区", "platform", "示范区"),
    ("试验区", "platform", "试验区"),
    ("实验区", "platform", "试验区"),
    ("合作区", "platform", "合作区"),
    ("经济特区", "platform", "合作园区"),  # 境外合作园区 when no Chinese place is in the name
    ("自由区", "platform", "合作园区"),  # (FOREIGN_PARK_SUFFIXES)
    ("工业园区", "platform", "合作园区"),
    ("产业园", "platform", "合作园区"),
    ("合作中心", "platform", "合作区"),
    ("博会", "platform", "博览会"),
    ("中心", "platform", "合作区"),
    ("经济开发区", "platform", "经济开发区"),
    ("城市副中心", "platform", "城市副中心"),
    ("自贸区", "platform", "自由贸易试验区"),
    ("水源涵养区", "basin", "横向生态补偿"),  # 京津冀水源涵养区: a watershed in the compensation pilots
    ("水源区", "zone", "对口支援地区"),
    ("库区", "zone", "对口支援地区"),
    ("革命老区", "zone", "特殊类型地区"),
    ("创新带", "zone", "创新走廊"),  # 成德绵创新带
    ("科创走廊", "zone", "创新走廊"),  # G60科创走廊
    ("创新走廊", "zone", "创新走廊"),  # 广深港澳科技创新走廊
    ("经济走廊", "zone", "区域合作区"),  # 中蒙俄经济走廊, 中巴经济走廊: cross-border corridors
    ("新通道", "zone", "区域合作区"),  # 西部陆海新通道: a corridor several provinces build together
    ("大通道", "zone", "区域合作区"),  # 东北海陆大通道
    ("核心区", "zone", "经济区"),  # 新疆丝绸之路经济带核心区: a province's core area of a strategy
    ("示范基地", "platform", "示范区"),
    ("产业园区", "platform", "合作园区"),  # 中国—马来西亚钦州产业园区
    ("工业园", "platform", "合作园区"),  # 中国—白俄罗斯工业园, 深圳（汕尾）产业转移工业园
    ("生态园", "platform", "合作园区"),  # 中意（宁波）生态园
    ("生态城", "platform", "合作园区"),  # 中新天津生态城
    ("示范城", "platform", "合作园区"),  # 中法（武汉）生态示范城
    ("知识城", "platform", "合作园区"),  # 中新广州知识城
    ("示范项目", "platform", "合作区"),  # 中新（重庆）战略性互联互通示范项目
    ("片区", "platform", "自由贸易试验区"),
    ("创新园", "platform", "合作园区"),  # 中以（常州）创新园  # 武汉片区: a part of a pilot free trade zone (PIANQU_CONTEXT)
    ("合作园区", "platform", "合作园区"),  # 中德、中意、中韩等合作园区
    ("博览会", "platform", "博览会"),
    ("新区", "platform", "国家级新区"),
    ("同城化", "zone", "同城化"),
)
#: a platform with one of these suffixes and no Chinese place in its name is abroad
#: (瓜达尔自由区, 西哈努克港经济特区, 马六甲临海工业园区): kind 境外合作园区
FOREIGN_PARK_SUFFIXES = frozenset({"经济特区", "自由区", "工业园区"})
FOREIGN_PARK_KIND = "境外合作园区"
#: regions named by geography (REGION_NAMES): 泛珠三角区域 and 环渤海地区 are standing cooperation
#: areas (区域合作区, as curated); a bare delta (长三角) is an economic zone unless curated otherwise
REGION_KIND_BY_PREFIX = (("泛", "区域合作区"), ("环", "区域合作区"))
REGION_KIND = "经济区"
#: basin suffixes whose stem is a region, not a river name
NON_RIVER_BASIN_SUFFIXES = frozenset({"水源涵养区"})
#: a platform suffix after a zone name makes the whole a zone of that kind
#: (晋陕豫黄河金三角示范区 is the 黄河金三角 border area, not a park)
ZONE_STEM_PLATFORM_SUFFIXES = frozenset({"示范区", "试验区"})
#: "安徽皖江城市带等承接产业转移示范区": a name followed by 等 and a class word is of that class
CLASS_AFTER = re.compile(r"等(?:国家级|重点|国家)?(" + "|".join(
    sorted({suffix for suffix, _, _ in AREA_SUFFIXES if len(suffix) >= 3}, key=len, reverse=True)) + ")")
#: a 合作区 named after cities of more than one province (铁岭、四平、通辽协同创新合作区) is a zone
MULTI_PROVINCE_AREA = ("zone", "省际交界地区")
#: the kind of a new area whose name ends in no suffix above
DEFAULT_AREA = ("zone", "经济区")

#: words after which a name starts (the run is cut after the last one of them)
NAME_CUT = re.compile(
    r".*(?:对口支援|对口协作|对口帮扶|对口合作|之后|继(?!续)|由(?![贸区港])|强化|打造|建成|借鉴|学习|等|和|与|及|的|在|是|为|(?<!中)以|对|向|从|将|把|于|"
    r"推动|推进|支持|加快|加强|建设|深化|完善|促进|依托|打造|提升|提高|发挥|参与|融入|对接|积极|大力|"
    r"深入|主动|共同|探索|开展|实施|鼓励|引导|设立|建立|健全|包括|涵盖|围绕|带动|引领|形成|落实|贯彻|"
    r"统筹|加大|优化|扩大|构建|培育|编制|组织|做好|继续|全面|着力|一批|各类|相关|有关|沿线|毗邻|"
    r"新设|共建|联合|携手|落户|批准|获批|设立|布局|申建|争创|创建|规划|贯彻|一体化|参加|参与|举办|办好|召开)"
)
#: names that are a class of areas, not one area (国家级新区, 承接产业转移示范区 …) start like this
GENERIC_START = re.compile(
    r"^(?:国家|国际|跨境|边境|跨省|重点|海洋|承接|产业|综合|全面|自由贸易|自主创新|高新|经济|海关|保税|"
    r"示范|各类|境外|产城融合|新型|特色|生态|创新|现代|区域|城市|省际|农业|开发|合作|一批|沿边|沿海|"
    r"各|该|本|其|同一|这些|相关|有关|大中小|内部|支持|部分|集中连片|世界级|国内|全国)"

)
#: suffixes whose names are proper without a place in them (天府新区, 中国国际进口博览会, 瓜达尔自由区)
SELF_NAMING_SUFFIXES = frozenset({"新区", "博览会", "经济特区", "自由区", "工业园区", "城市群", "都市圈", "水源区", "库区"})
#: abbreviated expo names (西博会, 科博会, 进博会): a one-character stem is enough
SHORT_STEM_SUFFIXES = frozenset({"博会"})
#: "中心" names a platform only in bilateral names (中国—欧洲中心)
CENTRE_NAME = re.compile(r"^中国[-—－][\u4e00-\u9fff]{2,6}$")
#: "北部湾、长江中游、中原、关中平原等城市群": listed items share the class word after 等
SHARED_CLASS = re.compile(r"等(?:重点|国际)?(城市群|都市圈|经济区|经济带|示范区|试验区|合作园区)")
#: class words of a shared-suffix list that SHARED_CLASS lacks (中越、中蒙等跨境经济合作区)
SHARED_CLASS_MORE = re.compile(r"等((?:跨境|边境)经济合作区)")
#: bilateral regional cooperation mechanisms (中俄东北－远东合作): a zone
BILATERAL_REGIONS = re.compile(r"(中[俄蒙哈越老缅朝韩日])([\u4e00-\u9fff]{2,4})[－\-—]([\u4e00-\u9fff]{2,4})合作")
#: 对口支援西藏、新疆和青海等省藏区 / 对口支援三峡库区: the recipients are aid-recipient areas
AID_TARGETS = re.compile(r"对口支援((?:[\u4e00-\u9fff]{2,8}?[、和及])*[\u4e00-\u9fff]{2,8}?)(?=工作|[，,。；;]|等|$)")
#: the number of provinces a 藏区 compound names (四省藏区: 4; 青海等省藏区: the one before 等)
TIBETAN_AREAS_COUNT = re.compile(r"([一二三四五六七八九十])省藏区")
NUMERALS = "一二三四五六七八九十"
#: regions named by their geography: deltas (长三角, 珠三角地区, 泛珠三角区域), rims (环渤海地区),
#: the Tibetan areas of several provinces (四省藏区, 青海等省藏区)
REGION_NAMES = re.compile(
    r"(泛?[长珠闽辽]三角(?:洲)?|环[\u4e00-\u9fff]{1,3}[海湖湾](?=地区|区域|经济圈|、|，|,)"
    r"|(?:[一二三四五六七八九十]|[\u4e00-\u9fff]{2,3}等)省藏区)"
)
#: a quoted term before 等…地区 names an area ("三区三州"等深度贫困地区)
QUOTED_AREA = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8})[”\"]等[\u4e00-\u9fff]{0,8}地区")
#: a verb written straight before a name ("创新广安(深圳)产业园"), cut when a place follows it
LEADING_VERB = re.compile(r"^(?:创新|提升|深化|推动|完善|加快|打造|支持|发展|共建|建好)")
#: stems that name a concept, not an area (丝绸之路经济带 is no river's basin)
NOT_A_NAME = re.compile(r"丝绸之路|一带一路")
#: suffixes that name a place's part of such a concept, which is an area
#: (新疆丝绸之路经济带核心区, 福建21世纪海上丝绸之路核心区)
CONCEPT_PART_SUFFIXES = frozenset({"核心区"})
#: a stem that starts with a macro-region written as a word of its own names an area
#: (西部陆海新通道, 东中西区域合作示范区, 东北海陆大通道); not 西部地区…, 中西部省份…, 东部各省…
MACRO_STEM = re.compile(r"^(东中西|中西部|东部|中部|西部|东北)(?!地区|省|各|等|和|与|及|的|、)[\u4e00-\u9fff]{2,}")
#: a status written before a proper name (国家东中西区域合作示范区): the name after it decides
STATUS_PREFIX = re.compile(r"^国家级?")
#: a list that ends in 等 + a class of expos (西博会、中外知名企业四川行、科博会等重大展会平台):
#: every item is an expo, whatever its own name ends with
EXPO_LIST = re.compile(r"等(?:重大|重要|重点|国际性?|知名|品牌|大型)*(?:展会|会展|展览|博览)(?:平台|活动)?")
#: "中德" "中老" "中日韩" — bilateral park names start with 中 and a country abbreviation
BILATERAL = re.compile(r"^中[德意韩日俄哈老越蒙马印孟新法英美欧泰柬缅巴以白埃沙阿乌吉塔瑞奥荷比]{1,2}")
#: the partner countries of bilateral names: 中X… abbreviations and full names (中国—白俄罗斯工业园,
#: 马来西亚—中国关丹产业园区, 柬埔寨西哈努克港经济特区)
COUNTRY_ABBREVIATIONS = {
    "德": "德国", "意": "意大利", "韩": "韩国", "日": "日本", "俄": "俄罗斯", "哈": "哈萨克斯坦", "老": "老挝",
    "越": "越南", "蒙": "蒙古国", "马": "马来西亚", "印": "印度", "孟": "孟加拉国", "新": "新加坡", "法": "法国",
    "英": "英国", "美": "美国", "欧": "欧盟", "泰": "泰国", "柬": "柬埔寨", "缅": "缅甸", "巴": "巴基斯坦",
    "以": "以色列", "白": "白俄罗斯", "埃": "埃及", "沙": "沙特阿拉伯", "阿": "阿联酋", "乌": "乌兹别克斯坦",
    "吉": "吉尔吉斯斯坦", "塔": "塔吉克斯坦", "瑞": "瑞士", "奥": "奥地利", "荷": "荷兰", "比": "比利时",
}
COUNTRIES = frozenset(COUNTRY_ABBREVIATIONS.values()) | {
    "印度尼西亚", "印尼", "新西兰", "澳大利亚", "加拿大", "西班牙", "葡萄牙", "希腊", "匈牙利", "波兰", "捷克",
    "塞尔维亚", "土耳其", "伊朗", "沙特", "埃塞俄比亚", "肯尼亚", "尼日利亚", "赞比亚", "毛里求斯", "阿尔及利亚",
    "乌干达", "吉布提", "斯里兰卡", "孟加拉", "尼泊尔", "菲律宾", "文莱", "蒙古", "格鲁吉亚", "瑞典", "芬兰", "丹麦",
}
#: a country written at the start of a platform's name: 中国—白俄罗斯, 马来西亚—中国, 中埃·, 柬埔寨…
COUNTRY_PREFIX = re.compile(
    r"^(?:中国[—－\-·]?(?P<full>" + "|".join(sorted(COUNTRIES, key=len, reverse=True)) + r")[—－\-·]?"
    r"|(?P<lead>" + "|".join(sorted(COUNTRIES, key=len, reverse=True)) + r")[—－\-·]?(?:中国[—－\-·]?)?"
    r"|中(?P<abbr>[" + "".join(COUNTRY_ABBREVIATIONS) + r"])(?=[·(（]|[\u4e00-\u9fff])"
    r"|(?P<host>[泰马柬老越缅印巴白埃哈乌])中(?=[\u4e00-\u9fff]))"
)
#: short forms of country names -> the name notes carry (中国·印尼经贸合作区 is in 印度尼西亚)
COUNTRY_CANONICAL = {"印尼": "印度尼西亚", "蒙古": "蒙古国", "孟加拉": "孟加拉国", "沙特": "沙特阿拉伯"}
#: a place name followed by one of these names an organisation (浙江大学, 四川日报, 辽宁队), not the place
ORGANISATION_AFTER = re.compile(
    r"(?:大学(?!生)|学院|医院|集团|银行|日报|卫视|电视台|队(?!伍)|公司|股份|控股|证券|航空|商会|大厦|饭店|宾馆|"
    r"泰山|海港|国安|蓉城|申花|足球|篮球|俱乐部)"
)
#: the country is written out (or as 中X· the way overseas parks are named): without a Chinese place
#: the park is abroad; a bare 中X… (中日韩循环经济示范基地, 中老磨憨-磨丁经济合作区) may lie in China
COUNTRY_WRITTEN_OUT = re.compile(
    r"^(?:中国[—－\-·]?)?(?:" + "|".join(sorted(COUNTRIES, key=len, reverse=True)) + r")|^中[\u4e00-\u9fff]·"
    r"|^[泰马柬老越缅印巴白埃哈乌]中(?!国)"
)
#: the zone kind of a 示范区/试验区 whose scope lists several units (长三角生态绿色一体化发展示范区)
SCOPED_PLATFORM_KIND = "区域合作区"
#: cut words that also stand inside proper names (长三角生态绿色一体化发展示范区, 川渝共建…), and the
#: generic stems that are left after them: the name runs back over the cut
NAME_INTERNAL_CUT = re.compile(r"(?:一体化|共建|联合)$")
GENERIC_STEM = re.compile(r"(?:高质量)?(?:发展|建设|合作|开放|创新|协同发展|融合发展)")
#: a cross-border or border zone lies (partly) in China: never abroad for its partner country alone
CROSS_BORDER = re.compile(r"跨境|边境|跨国")
#: a 片区 is a part of a pilot free trade zone when one is named in the sentence or its context
PIANQU_CONTEXT = re.compile(r"自由贸易|自贸")
#: a park named X(Y)产业转移…园 lies in Y (深圳（汕尾）产业转移工业园: 深圳's park in 汕尾)
TRANSFER_PARK = re.compile(r"产业转移")

# --- rivers --------------------------------------------------------------------------------
RIVER = re.compile(r"[\u4e00-\u9fff]{1,3}[江河](?:[－\-—][\u4e00-\u9fff]{1,3}[江河])?")
#: cooperation named after rivers: 澜沧江－湄公河合作, 长江－伏尔加河合作, 图们江地区开发合作
RIVER_COOPERATION = re.compile(
    r"(?P<river>[\u4e00-\u9fff]{1,4}[江河])(?:[－\-—][\u4e00-\u9fff]{1,4}[江河])?(?:地区开发|区域)?合作"
)
#: a list of rivers is a basin list when followed by one of these
RIVER_TAIL = re.compile(r"^(?:等)?(?:重点)?(?:流域|经济带|生态经济带|上下游|干流|水系)")

#: an agreement signed between named parties (甲、乙两省签订…流域…横向生态补偿协议)
AGREEMENT_VERB = re.compile(r"签订|签署|签约|续签|达成")
#: a river written before 流域 in an agreement (汀江—韩江流域, 渌水流域, 黄河流域（豫鲁段）)
AGREEMENT_RIVER = re.compile(r"([\u4e00-\u9fff]{1,4}[江河水溪](?:[—－\-–][\u4e00-\u9fff]{1,4}[江河水溪])?)(?:流域|干流)")
#: verbs and particles a river pattern may catch before the name (签订汀江, 了新安江, 第二轮九洲江)
RIVER_PREFIX = re.compile(r"^(?:签订|签署|续签|了|订|署|轮|第[一二三四五六七八九十]轮|[关于的在与和及《“])+")
#: what may stand between two parties of an agreement (山东省人民政府与河南省人民政府)
AGREEMENT_JOIN = re.compile(r"^(?:人民政府|政府)?(?:、|与|和|及|同)$")
#: the characters a river name written in running text may carry before it (关于新安江流域)
RIVER_LEAD = re.compile(r"^[关于的了在与和及《“签订署]+")

# --- what ordinary news is not -------------------------------------------------------------
#: a sentence must hold one of these for a river basin, a macro-region or a curated basin name
#: to count (a weather report names 淮河流域, tourism news 东北三省: no policy is stated)
POLICY_CUE = re.compile(
    r"合作|协作|对口|帮扶|支援|结对|补偿|保护|治理|发展|经济带|开发|开放|生态|规划|战略|一体化|协同|协调|"
    r"联防|共治|共建|建设|示范|管理|修复|防治|振兴|布局|格局|政策|支持|推动|推进|加快|统筹|区域|试点|机制|"
    r"加强|对接|深化|促进|提升|完善|融入|衔接|交流|联动|试验区|新区|功能区|一带一路|发展"
)
#: stems that name no area: "我市新区", "本县新区", "城东新区", "东部新区"
NOT_A_STEM = re.compile(r"^(?:(?:我|本|该|全|各)(?:省|市|县|区|州|镇|乡|旗)|城[东南西北]|[东南西北]城|[东南西北中]部|老城|新城|主城)$")
#: common surnames: an abbreviation pair right after one, at a name's start and before 、，等 or
#: a speech verb, is a person (王沪宁、…出席), not two provinces
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
PERSON_FOLLOW = re.compile(r"(?:[、，,。；;）)”]|等|同志|出席|指出|强调|表示|说|主持|讲话|会见|$)")

# --- member lists ----------------------------------------------------------------------------
#: a sentence that opens with a scope (规划范围包括…, 本规划范围涵盖…)
LEADING_SCOPE = re.compile(r"^(?:本?规划|其)?(?:范围|区域范围|空间范围)(?:包括|包含|涵盖|覆盖|为)")
MEMBER_INTRO = re.compile(r"(?:范围)?(?:包括|包含|涵盖|覆盖|囊括)")
#: what separates the units of a member list written after a context unit (商州、洛南、丹凤)
MEMBER_SEPARATOR = re.compile(r"[、，,]|以及|及|和(?![县田龙平林])")
#: counts in a member list: 5个市, 8个县（市、区）, 等27个区（县）
MEMBER_COUNT = re.compile(r"等?(?:\d+|[一二三四五六七八九十两]+)个(?:地级)?(?:县级)?[县市区旗州盟地]*(?:区|市)?(?:[（(][^）)]*[）)])?")
#: a member of which only a part belongs (开县、云阳的部分地区)
PARTIAL_MEMBER = re.compile(r"的?部分(?:地区|区域|乡镇)?")
#: 庆阳市区: a city's districts
CITY_DISTRICTS = re.compile(r"^区(?![域县级划])")
#: special parts of a scope that are no admin unit -> the unit (parent>name) that holds them
SPECIAL_PARTS = {
    "杨凌农业高新技术产业示范区": "咸阳市>杨陵区", "杨凌示范区": "咸阳市>杨陵区", "杨凌": "咸阳市>杨陵区",
    "平潭综合实验区": "福州市>平潭县",
}
#: units renamed since older texts were written (撤县设市/区, 撤地设市): old name -> today's name
RENAMED_UNITS = {
    "开县": "重庆市>开州区", "梁平县": "重庆市>梁平区", "武隆县": "重庆市>武隆区", "潼南县": "重庆市>潼南区",
    "铜梁县": "重庆市>铜梁区", "璧山县": "重庆市>璧山区", "荣昌县": "重庆市>荣昌区", "大足县": "重庆市>大足区",
    "綦江县": "重庆市>綦江区", "安县": "绵阳市>安州区", "华亭县": "平凉市>华亭市", "同仁县": "黄南藏族自治州>同仁市",
    "哈密地区": "哈密市", "吐鲁番地区": "吐鲁番市", "日喀则地区": "日喀则市", "昌都地区": "昌都市",
    "林芝地区": "林芝市", "山南地区": "山南市", "那曲地区": "那曲市", "铜仁地区": "铜仁市", "毕节地区": "毕节市",
    "海东地区": "海东市", "襄樊市": "襄阳市", "思茅市": "普洱市",
}
EXCLUDE = re.compile(r"[(（]除([^)）]+)[)）]|除([\u4e00-\u9fff、]+?[县区市旗])(?:外|以外)")

# --- sentence pieces -----------------------------------------------------------------------
QUOTE_MAX = 90  # characters; a longer sentence is trimmed to the comma-delimited part around the hit
CLAUSE_PUNCT = re.compile(r"[，,；;：:]")


def check_kinds() -> None:
    """Raise ValueError when a kind written in this module is not a glossary kind of its entity
    type (``pairings.glossary.kinds_for``) — the schema's enum of ``kind`` is the same list."""
    from pairings.glossary import BASIN, PAIRING, PLATFORM, ZONE, kinds_for

    wanted = [(etype, kind, f"AREA_SUFFIXES {suffix}") for suffix, etype, kind in AREA_SUFFIXES]
    wanted += [(PAIRING, kind, f"KIND_CUES {cue}") for cue, kind in KIND_CUES]
    wanted += [(PAIRING, kind, "DIRECTED_KINDS") for kind in DIRECTED_KINDS]
    wanted += [(PLATFORM, FOREIGN_PARK_KIND, "FOREIGN_PARK_KIND"), (ZONE, REGION_KIND, "REGION_KIND"),
               (DEFAULT_AREA[0], DEFAULT_AREA[1], "DEFAULT_AREA")]
    wanted += [(ZONE, kind, "REGION_KIND_BY_PREFIX") for _, kind in REGION_KIND_BY_PREFIX]
    wanted += [(MULTI_PROVINCE_AREA[0], MULTI_PROVINCE_AREA[1], "MULTI_PROVINCE_AREA"),
               (ZONE, COMPOUND_KIND, "COMPOUND_KIND"), (ZONE, "省际交界地区", "BORDER_FOLLOW")]
    bad = [f"{where}: {kind!r} is not a {etype} kind" for etype, kind, where in wanted
           if etype not in (PAIRING, ZONE, BASIN, PLATFORM) or kind not in kinds_for(etype)]
    if bad:
        raise ValueError("pairings.patterns: " + "; ".join(bad))


check_kinds()
